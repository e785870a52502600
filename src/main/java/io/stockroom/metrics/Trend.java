package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A time series over the requested range, one point per day, ISO week (starting Monday) or month. */
public record Trend(String groupBy, List<Point> points) {

    /**
     * @param period           the first day of the day, week or month
     * @param previousNetSales net sales of the comparison period, aligned day by day (null when it has no sales)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Point(LocalDate period, BigDecimal netSales, BigDecimal units, BigDecimal transactions, BigDecimal grossMargin,
            BigDecimal previousNetSales) {}
}
