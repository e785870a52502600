package io.stockroom.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.metrics.ChannelSplit;
import io.stockroom.metrics.KpiReport;
import io.stockroom.metrics.MartsWaitingForTrino;
import io.stockroom.metrics.MetricsService;
import io.stockroom.metrics.TopProducts;
import io.stockroom.metrics.Trend;
import java.time.LocalDate;
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
    private final MartsWaitingForTrino onTrino;

    MetricsController(MetricsService metrics, ExpectedArrivals arrivals, MartsWaitingForTrino onTrino) {
        this.metrics = metrics;
        this.arrivals = arrivals;
        this.onTrino = onTrino;
    }

    /**
     * The marts the sales KPIs and trend read (by store, category or line, with labour and the store-days beside them):
     * on a Trino deployment a day one of them waits for Trino's next refresh on is marked.
     */
    private static final List<String> SALES_MARTS = List.of(
            "mart_sales_store_daily",
            "mart_sales_category_daily",
            "mart_sales_store_channel_daily",
            "mart_sales_daily",
            "mart_labour_daily",
            "mart_store_days");

    private static final List<String> TREND_MARTS = List.of(
            "mart_sales_store_daily",
            "mart_sales_category_daily",
            "mart_sales_store_channel_daily",
            "mart_sales_daily");

    private static final List<String> PRODUCT_MARTS = List.of("mart_sales_sku_daily", "mart_sales_daily");

    private static final List<String> CHANNEL_MARTS = List.of("mart_sales_store_channel_daily", "mart_sales_daily");

    /** The datasets behind the sales KPIs and trend: a day without them is marked, not shown as a drop. */
    private static final List<String> SALES_DATASETS = List.of("sales", "labour");

    @GetMapping("/kpi")
    Completed<KpiReport> kpi(@ParameterObject DashboardParameters filters) {
        KpiReport report = metrics.kpi(filters.filter());
        LocalDate from = report.range().from();
        LocalDate to = report.range().to();
        return new Completed<>(
                report,
                onTrino.marked(
                        arrivals.marks(from, to, SALES_DATASETS, filters.store(), filters.area(), metrics.dataEnd()),
                        from,
                        to,
                        SALES_MARTS));
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
        LocalDate from = trend.points().get(0).period();
        LocalDate to = trend.points().get(trend.points().size() - 1).period().plusDays(lastPeriodDays);
        ExpectedArrivals.Marks marks = onTrino.marked(
                arrivals.marks(from, to, List.of("sales"), filters.store(), filters.area(), metrics.dataEnd()),
                from,
                to,
                TREND_MARTS);
        return new Completed<>(MissingDays.withoutSalesOn(trend, marks), marks);
    }

    @GetMapping("/top-products")
    Completed<TopProducts> topProducts(
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "order_by", required = false) String orderBy,
            @ParameterObject DashboardParameters filters) {
        TopProducts top = metrics.topProducts(filters.filter(), limit, orderBy);
        // only the days the SKU marts wait for Trino on: the KPIs beside the ranking mark the range's missing feeds
        return new Completed<>(
                top, onTrino.marks(top.range().from(), top.range().to(), PRODUCT_MARTS));
    }

    @GetMapping("/channels")
    Completed<ChannelSplit> channels(@ParameterObject DashboardParameters filters) {
        ChannelSplit split = metrics.channels(filters.filter());
        LocalDate from = split.range().from();
        LocalDate to = split.range().to();
        return new Completed<>(
                split,
                onTrino.marked(
                        arrivals.marks(
                                from,
                                to,
                                List.of("sales", "orders"),
                                filters.store(),
                                filters.area(),
                                metrics.dataEnd()),
                        from,
                        to,
                        CHANNEL_MARTS));
    }

    /**
     * A dashboard answer with its completeness: which days of the range lack an expected feed (docs/pipeline.md), and
     * which of its last days, not checked by a run yet, lack what is due (today's store files while its web orders are
     * in).
     */
    record Completed<T>(@JsonUnwrapped T report, ExpectedArrivals.Marks completeness) {}
}
