package io.stockroom.online;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockroom.arrivals.ExpectedArrivals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the online analytics answer (docs/ecommerce.md). Money in the data's currency, percentages 0..100. */
public final class OnlineReports {

    private OnlineReports() {}

    public record Period(LocalDate from, LocalDate to) {}

    /**
     * A number that may not be computable: then value is null and {@code unavailable} says why ("not available: no
     * web_sessions feed for this period"). Never a 0 standing in for missing data.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Metric(BigDecimal value, String unavailable) {
        static Metric of(BigDecimal value, String whyNot) {
            return value == null ? new Metric(null, "not available: " + whyNot) : new Metric(value, null);
        }
    }

    /** median, p90 and p95 of a duration; all null when nothing was measured. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Spread(BigDecimal median, BigDecimal p90, BigDecimal p95, long measured) {}

    // ------------------------------------------------------------------ customers
    public record Customers(
            Period period,
            CustomerTotals totals,
            List<CustomerDay> daily,
            List<SegmentRow> rfmSegments,
            List<SegmentRow> retailerSegments,
            List<TopCustomer> topCustomers,
            ExpectedArrivals.Marks completeness) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CustomerTotals(
            long uniqueCustomers,
            long newCustomers,
            long returningCustomers,
            long orders,
            long guestOrders,
            BigDecimal revenue,
            Metric repeatRatePct,
            Metric avgLifetimeValue,
            long customersAllTime) {}

    public record CustomerDay(
            LocalDate date,
            long orders,
            long newCustomers,
            long returningCustomers,
            long guestOrders,
            BigDecimal revenue) {}

    public record SegmentRow(String segment, long customers, BigDecimal revenue) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TopCustomer(
            String customerId,
            String segment,
            String rfmSegment,
            long orders,
            BigDecimal revenue,
            LocalDate lastOrderDate) {}

    public record Cohorts(List<Cohort> cohorts) {}

    public record Cohort(LocalDate cohortMonth, long cohortSize, List<CohortMonth> months) {}

    /**
     * A cohort's month; {@code days} of {@code periodDays} are the days it holds: fewer for the month of the latest order
     * (the month so far), so its retention is not read as customers lost.
     */
    public record CohortMonth(
            int monthsSince, long activeCustomers, BigDecimal retentionPct, int days, int periodDays) {}

    // ------------------------------------------------------------------ fulfilment
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Fulfilment(
            Period period,
            LocalDate asOf,
            long shipments,
            long due,
            long onTime,
            Metric onTimePct,
            long slaBreaches,
            Spread daysToShip,
            Spread daysToDeliver,
            List<CarrierRow> byCarrier,
            List<CountRow> issuesByType,
            List<Problem> openProblems,
            ExpectedArrivals.Marks completeness) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CarrierRow(String carrier, long shipments, long late, long issues, BigDecimal onTimePct) {}

    public record CountRow(String key, long count) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Problem(
            String orderId,
            String shipmentId,
            String carrier,
            String status,
            String problem,
            LocalDate promisedDate,
            long daysOverdue) {}

    // ------------------------------------------------------------------ customer service
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Service(
            Period period,
            long conversations,
            long open,
            long withSlaVerdict,
            long slaBreaches,
            Metric slaBreachPct,
            Spread firstResponseMinutes,
            Spread resolutionMinutes,
            List<CountRow> sentiment,
            List<CountRow> openEscalationsByPriority,
            long escalated,
            Health last7Days,
            List<AgentRow> agents,
            ExpectedArrivals.Marks completeness) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Health(
            Period period,
            long conversations,
            long slaBreaches,
            Metric slaBreachPct,
            BigDecimal medianFirstResponseMinutes,
            long negative,
            long escalated) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AgentRow(
            String agent,
            long conversations,
            BigDecimal medianResolutionMinutes,
            BigDecimal p90ResolutionMinutes,
            long slaBreaches) {}

    // ------------------------------------------------------------------ growth
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Growth(
            Period period,
            List<GrowthMonth> monthly,
            BigDecimal trailing3MonthAvgRevenue,
            Metric wowGrowthPct,
            Metric yoyGrowthPct,
            BigDecimal trailing12MonthRevenue,
            int monthsCovered,
            BigDecimal target,
            Metric progressPct,
            List<Milestone> milestones,
            Metric conversionRatePct,
            Metric customerAcquisitionCost,
            ExpectedArrivals.Marks completeness) {}

    /**
     * A month's revenue; {@code days} are its days inside the period and the loaded history (first to last day with web
     * orders or store sales), {@code periodDays} the month's length, so the current month (or the first of the
     * history) is not read as a drop.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GrowthMonth(
            LocalDate month,
            BigDecimal onlineRevenue,
            BigDecimal storeSales,
            BigDecimal revenue,
            long orders,
            long newCustomers,
            Long sessions,
            BigDecimal conversionRatePct,
            BigDecimal marketingSpend,
            BigDecimal customerAcquisitionCost,
            int days,
            int periodDays) {}

    public record Milestone(BigDecimal amount, boolean reached) {}

    // ------------------------------------------------------------------ sales pulse and suppliers
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Pulse(
            Period period,
            BigDecimal revenue,
            long orders,
            Metric averageOrderValue,
            Metric fulfilmentOnTimePct,
            Metric wowGrowthPct,
            List<TopSku> topSkus,
            ExpectedArrivals.Marks completeness) {}

    public record TopSku(String sku, String name, BigDecimal units, BigDecimal revenue) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SupplierRow(
            String supplierId,
            String name,
            long receiptLines,
            BigDecimal onTimePct,
            BigDecimal fillRatePct,
            BigDecimal avgLeadTimeDays,
            BigDecimal avgPromisedLeadTimeDays) {}

    public record Suppliers(Period period, List<SupplierRow> suppliers) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Anomaly(
            LocalDate date, String metric, BigDecimal value, BigDecimal median, BigDecimal robustZ, String direction) {}

    public record Anomalies(Period period, List<Anomaly> anomalies) {}

    // ------------------------------------------------------------------ seasonality and trends (issue 13)
    /** A category's net sales over the last 30 / 90 days and the change against the window before (null with the reason when not available). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CategoryTrend(
            String category,
            BigDecimal sales30d,
            BigDecimal salesPrevious30d,
            Metric trend30dPct,
            BigDecimal sales90d,
            BigDecimal salesPrevious90d,
            Metric trend90dPct) {}

    /** A weekday (1 = Monday) or month (1 = January): its mean day's sales, the days measured and the index (1 = an average day). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SeasonalIndex(int period, String label, BigDecimal meanSales, int days, BigDecimal index) {}

    /** The indexes of one kind, or why they are not available (too short a history, and how long is needed). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SeasonalIndexes(List<SeasonalIndex> indexes, String unavailable) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Seasonality(
            LocalDate asOf,
            int historyDays,
            List<CategoryTrend> categories,
            SeasonalIndexes weekday,
            SeasonalIndexes monthly) {}

    // ------------------------------------------------------------------ the e-commerce seed's metrics query
    /** One bucket of a metric: its start (an hour, day, Monday of the week or first of the month) and the value. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MetricPoint(String period, BigDecimal value) {}

    /** cache_hit is always false: every answer is computed from the warehouse (there is no result cache). */
    public record MetricsMetadata(
            String metric,
            String granularity,
            Period period,
            java.util.Map<String, String> filters,
            long queryTimeMs,
            boolean cacheHit) {}

    /** completeness: the days of the range whose orders feed was missing or failed (a bucket absent there is unknown, not 0). */
    public record MetricSeries(List<MetricPoint> data, MetricsMetadata metadata, ExpectedArrivals.Marks completeness) {}
}
