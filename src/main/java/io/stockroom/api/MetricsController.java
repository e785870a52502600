package io.stockroom.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.metrics.ChannelSplit;
import io.stockroom.metrics.DashboardFilter;
import io.stockroom.metrics.KpiReport;
import io.stockroom.metrics.MetricsService;
import io.stockroom.metrics.TopProducts;
import io.stockroom.metrics.Trend;
import java.time.LocalDate;
import java.util.List;
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
    private final ExpectedArrivals arrivals;

    MetricsController(MetricsService metrics, ExpectedArrivals arrivals) {
        this.metrics = metrics;
        this.arrivals = arrivals;
    }

    /** The datasets behind the sales KPIs and trend: a day without them is marked, not shown as a drop. */
    private static final List<String> SALES_DATASETS = List.of("sales", "labour");
    /** {@code product} and {@code sku} name the same filter (a product is known by its SKU); both given must agree. */
    private static String sku(String sku, String product) {
        if (sku != null && product != null && !sku.strip().equals(product.strip())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'product' ('" + product + "') differs from 'sku' ('" + sku
                            + "'); both name the product's SKU: give one.");
        }
        return sku != null ? sku : product;
    }

    @GetMapping("/kpi")
    Completed<KpiReport> kpi(
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String area,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) String product,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String compare) {
        KpiReport report = metrics.kpi(new DashboardFilter(
                range, from, to, store, area, department, category, sku(sku, product), channel, compare));
        return new Completed<>(
                report, arrivals.marks(report.range().from(), report.range().to(), SALES_DATASETS, store, area));
    }

    @GetMapping("/trend")
    Completed<Trend> trend(
            @RequestParam(name = "group_by", required = false) String groupBy,
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String area,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) String product,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String compare) {
        Trend trend = metrics.trend(
                new DashboardFilter(
                        range, from, to, store, area, department, category, sku(sku, product), channel, compare),
                groupBy);
        if (trend.points().isEmpty()) {
            return new Completed<>(trend, new ExpectedArrivals.Marks(true, List.of()));
        }
        int lastPeriodDays = switch (trend.groupBy()) {
            case "month" -> 30;
            case "fiscal_month" -> 34; // a 5-week period
            case "week", "fiscal_week" -> 6;
            default -> 0;
        };
        ExpectedArrivals.Marks marks = arrivals.marks(
                trend.points().get(0).period(),
                trend.points().get(trend.points().size() - 1).period().plusDays(lastPeriodDays),
                List.of("sales"),
                store,
                area);
        return new Completed<>(MissingDays.withoutSalesOn(trend, marks), marks);
    }

    @GetMapping("/top-products")
    TopProducts topProducts(
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "order_by", required = false) String orderBy,
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String area,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) String product,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String compare) {
        return metrics.topProducts(
                new DashboardFilter(
                        range, from, to, store, area, department, category, sku(sku, product), channel, compare),
                limit,
                orderBy);
    }

    @GetMapping("/channels")
    ChannelSplit channels(
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String area,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) String product,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String compare) {
        return metrics.channels(new DashboardFilter(
                range, from, to, store, area, department, category, sku(sku, product), channel, compare));
    }

    /** A dashboard answer with its completeness: which days of the range lack an expected feed (docs/pipeline.md). */
    record Completed<T>(@JsonUnwrapped T report, ExpectedArrivals.Marks completeness) {}
}
