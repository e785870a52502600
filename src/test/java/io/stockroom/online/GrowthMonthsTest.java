package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.model.ModelRunner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web shop whose history starts on 20 January and runs to 10 April, 100.00 a day. The growth chart's first and last
 * months are part-months: each says how many of its days it holds, and the trailing 3-month average does not take
 * January's 12 days for a whole month; the cohort heatmap's April says it is the month so far.
 */
class GrowthMonthsTest {

    @TempDir
    Path dir;

    @Test
    void partMonthsSayHowManyDaysTheyHoldAndAreNotAveragedAsWholeMonths() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            StringBuilder csv = new StringBuilder("order_id,ordered_at,customer_id,sku,quantity,unit_price\n");
            for (LocalDate d = LocalDate.of(2026, 1, 20); !d.isAfter(LocalDate.of(2026, 4, 10)); d = d.plusDays(1)) {
                csv.append("O").append(d).append(',').append(d).append(" 10:00:00,C1,A,1,100.00\n");
            }
            TestWarehouse.ok(w.load(dir, "orders.csv", csv.toString()));
            ModelRunner models = new ModelRunner(w.warehouse);
            models.rebuildAll();
            OnlineAnalytics online = new OnlineAnalytics(
                    w.warehouse,
                    models,
                    new OnlineProperties(new BigDecimal("10000000"), List.of()),
                    new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults()));

            OnlineReports.Growth growth = online.growth(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 10));

            assertThat(growth.monthly())
                    .extracting(m -> m.month() + " "
                            + m.revenue().stripTrailingZeros().toPlainString() + " " + m.days() + "/" + m.periodDays())
                    .containsExactly(
                            "2026-01-01 1200 12/31",
                            "2026-02-01 2800 28/28",
                            "2026-03-01 3100 31/31",
                            "2026-04-01 1000 10/30");
            // January holds 12 days: two whole months before April are not three (it used to say 2,366.67)
            assertThat(growth.trailing3MonthAvgRevenue()).isNull();
            assertThat(online.growth(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 5, 1))
                            .trailing3MonthAvgRevenue())
                    .as("to 1 May: February, March and April are whole months, April with 10 of its 30 days loaded")
                    .isNull();

            // the cohort heatmap's April is the month so far: 10 of its 30 days, not a month of customers lost
            assertThat(online.cohorts().cohorts())
                    .singleElement()
                    .satisfies(c -> assertThat(c.months())
                            .extracting(m -> m.monthsSince() + " " + m.days() + "/" + m.periodDays())
                            .containsExactly("0 31/31", "1 28/28", "2 31/31", "3 10/30"));
        }
    }
}
