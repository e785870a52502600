package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.metrics.ChannelSplit;
import io.stockroom.metrics.DashboardFilter;
import io.stockroom.metrics.KpiReport;
import io.stockroom.metrics.MetricsService;
import io.stockroom.metrics.TopProducts;
import io.stockroom.metrics.Trend;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Sales KPIs, trends and top products for the dashboards; all take the common dashboard filters. */
@RestController
@RequestMapping("/api/v1/metrics")
class MetricsController {

    private final MetricsService metrics;

    MetricsController(MetricsService metrics) {
        this.metrics = metrics;
    }

    /** {@code product} and {@code sku} name the same filter (a product is known by its SKU); both given must agree. */
    private static String sku(String sku, String product) {
        if (sku != null && product != null && !sku.strip().equals(product.strip())) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "Parameter 'product' ('" + product + "') differs from 'sku' ('" + sku
                    + "'); both name the product's SKU: give one.");
        }
        return sku != null ? sku : product;
    }

    @GetMapping("/kpi")
    KpiReport kpi(@RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store, @RequestParam(required = false) String area,
            @RequestParam(required = false) String department, @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku, @RequestParam(required = false) String product,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String compare) {
        return metrics.kpi(new DashboardFilter(range, from, to, store, area, department, category, sku(sku, product), channel, compare));
    }

    @GetMapping("/trend")
    Trend trend(@RequestParam(name = "group_by", required = false) String groupBy,
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store, @RequestParam(required = false) String area,
            @RequestParam(required = false) String department, @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku, @RequestParam(required = false) String product,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String compare) {
        return metrics.trend(new DashboardFilter(range, from, to, store, area, department, category, sku(sku, product), channel, compare), groupBy);
    }

    @GetMapping("/top-products")
    TopProducts topProducts(@RequestParam(required = false) Integer limit,
            @RequestParam(name = "order_by", required = false) String orderBy,
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store, @RequestParam(required = false) String area,
            @RequestParam(required = false) String department, @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku, @RequestParam(required = false) String product,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String compare) {
        return metrics.topProducts(new DashboardFilter(range, from, to, store, area, department, category, sku(sku, product), channel, compare), limit, orderBy);
    }

    @GetMapping("/channels")
    ChannelSplit channels(@RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store, @RequestParam(required = false) String area,
            @RequestParam(required = false) String department, @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku, @RequestParam(required = false) String product,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String compare) {
        return metrics.channels(new DashboardFilter(range, from, to, store, area, department, category, sku(sku, product), channel, compare));
    }
}
