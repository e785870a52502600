package io.stockroom.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.metrics.ChannelSplit;
import io.stockroom.metrics.KpiReport;
import io.stockroom.metrics.MetricsService;
import io.stockroom.metrics.TopProducts;
import io.stockroom.metrics.Trend;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
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

    @GetMapping("/kpi")
    Completed<KpiReport> kpi(@ParameterObject DashboardParameters filters) {
        KpiReport report = metrics.kpi(filters.filter());
        return new Completed<>(
                report,
                arrivals.marks(
                        report.range().from(),
                        report.range().to(),
                        SALES_DATASETS,
                        filters.store(),
                        filters.area(),
                        metrics.dataEnd()));
    }

    @GetMapping("/trend")
    Completed<Trend> trend(
            @RequestParam(name = "group_by", required = false) String groupBy,
            @ParameterObject DashboardParameters filters) {
        Trend trend = metrics.trend(filters.filter(), groupBy);
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
                filters.store(),
                filters.area(),
                metrics.dataEnd());
        return new Completed<>(MissingDays.withoutSalesOn(trend, marks), marks);
    }

    @GetMapping("/top-products")
    TopProducts topProducts(
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "order_by", required = false) String orderBy,
            @ParameterObject DashboardParameters filters) {
        return metrics.topProducts(filters.filter(), limit, orderBy);
    }

    @GetMapping("/channels")
    Completed<ChannelSplit> channels(@ParameterObject DashboardParameters filters) {
        ChannelSplit split = metrics.channels(filters.filter());
        return new Completed<>(
                split,
                arrivals.marks(
                        split.range().from(),
                        split.range().to(),
                        List.of("sales", "orders"),
                        filters.store(),
                        filters.area(),
                        metrics.dataEnd()));
    }

    /**
     * A dashboard answer with its completeness: which days of the range lack an expected feed (docs/pipeline.md), and
     * which of its last days, not checked by a run yet, lack what is due (today's store files while its web orders are
     * in).
     */
    record Completed<T>(@JsonUnwrapped T report, ExpectedArrivals.Marks completeness) {}
}
