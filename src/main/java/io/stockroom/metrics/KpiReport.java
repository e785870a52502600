package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockroom.metrics.DashboardFilter.Period;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Headline KPIs for a period next to the period they are compared with, whether that comparison is complete, and the
 * like-for-like (comp) store set. See docs/metrics.md for every definition.
 */
public record KpiReport(
        Period range,
        Period comparison,
        PeriodCheck rangeCheck,
        PeriodCheck comparisonCheck,
        CompRule comp,
        String currency,
        Kpis kpis) {

    /** Money in the configured currency; percentages 0..100. */
    public record Kpis(
            Kpi netSales,
            Kpi units,
            Kpi transactions,
            Kpi aov,
            Kpi grossMargin,
            Kpi grossMarginPct,
            Kpi salesPerLabourHour,
            Kpi labourPctOfSales,
            Kpi returns,
            Kpi compSales,
            Kpi labourHours,
            Kpi labourCost) {}

    /**
     * One KPI; any part is null when it cannot be computed honestly (no data, no costs, no labour, a zero denominator,
     * transactions reported per item only), and then {@code note} says why.
     *
     * @param changePct   relative change in % (money and counts); null for percent metrics
     * @param changePp    change in percentage points (percent metrics only): 37.9 vs 38.4 is -0.5
     * @param unit        money, count or percent
     * @param comparable  false when either period's data is incomplete (range_check or comparison_check): the change is
     *                    shown, never as a plain gain or loss
     * @param coveragePct the share of net sales the figure covers, when it covers only part (transactions, AOV)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Kpi(
            BigDecimal value,
            BigDecimal previous,
            BigDecimal changePct,
            BigDecimal changePp,
            String unit,
            String formatted,
            String previousFormatted,
            boolean comparable,
            BigDecimal coveragePct,
            String note) {}

    /**
     * Whether a period (the range, or the one it is compared with) has data for every day and every store-day the
     * filters cover.
     *
     * @param days             calendar days in the period
     * @param daysWithSales    of those, days with any sales loaded
     * @param daysNotExpected  of those, days without sales on which no sales feed was due (a shop that does not trade
     *                         that weekday, a day a rule of the expected-feeds calendar takes off): not missing
     * @param storeDaysMissing store-days in it whose sales were due and are missing (mart_missing_store_days), and
     *                         those of a day with web orders whose stores' files have not come yet
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PeriodCheck(
            boolean complete,
            long days,
            long daysWithSales,
            long daysNotExpected,
            long storeDaysMissing,
            String note) {}

    /**
     * The comp (like-for-like) rule and the stores it admitted: open at least {@code minOpenMonths} months before the
     * period (opened on or before {@code openedBy}; the first day with sales when opened_on is unknown) and trading in
     * both periods.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CompRule(int minOpenMonths, LocalDate openedBy, int stores) {}
}
