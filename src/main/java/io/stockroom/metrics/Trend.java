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
     * @param period           the first day of the day, week or month
     * @param label            the period's name: the ISO date, or "FY2023 W05" / "FY2023 P01 Feb" for fiscal periods
     * @param days             the days of the requested range in this period: fewer than {@code periodDays} where the
     *                         range cuts the week or month short, so its sums cover only those days
     * @param periodDays       the days of the whole period (1, 7, 28 to 31, or 28 / 35 for a fiscal month)
     * @param transactions     baskets, where the POS counts them at store-day grain (null where only item counts exist)
     * @param previousNetSales net sales of the comparison period, aligned day by day (null when it has no sales)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Point(
            LocalDate period,
            String label,
            int days,
            int periodDays,
            BigDecimal netSales,
            BigDecimal units,
            BigDecimal transactions,
            BigDecimal grossMargin,
            BigDecimal previousNetSales) {}
}
