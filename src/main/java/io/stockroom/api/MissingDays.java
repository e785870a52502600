package io.stockroom.api;

import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.metrics.Trend;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;

/** A daily trend point whose sales never arrived is "not available" (null), not a drop to zero. */
final class MissingDays {

    private MissingDays() {}

    static Trend withoutSalesOn(Trend trend, ExpectedArrivals.Marks marks) {
        if (!trend.groupBy().equals("day") || marks.complete()) {
            return trend;
        }
        Set<LocalDate> absent = marks.incompleteDays().stream()
                .filter(d -> d.absent().contains("sales"))
                .map(ExpectedArrivals.IncompleteDay::date)
                .collect(Collectors.toSet());
        return new Trend(
                trend.groupBy(),
                trend.points().stream()
                        .map(p -> absent.contains(p.period()) ? p.withoutSales() : p)
                        .toList());
    }
}
