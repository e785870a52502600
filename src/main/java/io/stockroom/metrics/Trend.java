package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A time series over the requested range, one point per day, ISO week (starting Monday), month, fiscal week (starting
 * Sunday) or fiscal month of the retail calendar.
 */
public record Trend(String groupBy, List<Point> points) {

    /**
     * @param period                   the first day of the day, week or month
     * @param label                    the period's name: the ISO date, or "FY2023 W05" / "FY2023 P01 Feb" for fiscal
     *                                 periods
     * @param days                     the days of the requested range in this period: fewer than {@code periodDays}
     *                                 where the range cuts the week or month short, so its sums cover only those days
     * @param periodDays               the days of the whole period (1, 7, 28 to 31, or 28 / 35 for a fiscal month)
     * @param daysWithSales            of {@code days}, those with any sales loaded for the filter's stores
     * @param daysNotExpected          of {@code days}, those without sales on which no sales feed was due (no trading:
     *                                 the expected-feeds calendar, its rules)
     * @param storeDaysMissing         store-days of those days without their sales (a store's feed missing or failed,
     *                                 or not come yet on a day of web orders)
     * @param complete                 every one of {@code days} has sales or had none due, and no store-day is
     *                                 missing: a point that is not sums less than its days and is no like-for-like
     *                                 figure
     * @param transactions             baskets, where the POS counts them at store-day grain (null where only item
     *                                 counts exist)
     * @param previousNetSales         net sales of the comparison period, aligned day by day (null when it has no sales)
     * @param previousDaysWithSales    of the comparison's {@code days} aligned days, those with sales: fewer where the
     *                                 comparison reaches before the history or a feed failed
     * @param previousDaysNotExpected  of the comparison's aligned days, those without sales and none due
     * @param previousStoreDaysMissing store-days of the comparison's days without their sales
     * @param previousComplete         the comparison's days are whole, as {@code complete}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Point(
            LocalDate period,
            String label,
            int days,
            int periodDays,
            int daysWithSales,
            int daysNotExpected,
            int storeDaysMissing,
            boolean complete,
            BigDecimal netSales,
            BigDecimal units,
            BigDecimal transactions,
            BigDecimal grossMargin,
            BigDecimal previousNetSales,
            int previousDaysWithSales,
            int previousDaysNotExpected,
            int previousStoreDaysMissing,
            boolean previousComplete) {

        /** This point with its own figures not available (its sales never arrived), the comparison kept. */
        public Point withoutSales() {
            return new Point(
                    period,
                    label,
                    days,
                    periodDays,
                    daysWithSales,
                    daysNotExpected,
                    storeDaysMissing,
                    false,
                    null,
                    null,
                    null,
                    null,
                    previousNetSales,
                    previousDaysWithSales,
                    previousDaysNotExpected,
                    previousStoreDaysMissing,
                    previousComplete);
        }
    }
}
