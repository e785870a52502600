package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.ModelRunner;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web shop sells 100.00 a day; on Tuesday 20 January its orders file fails. The Online figures over that day are
 * marked incomplete (which day, which feed), and the week over week is "not available" rather than a 14 % drop that
 * is really a failed file.
 */
class OnlineCompletenessTest {

    static final LocalDate FIRST = LocalDate.of(2026, 1, 5);
    static final LocalDate FAILED = LocalDate.of(2026, 1, 20);
    static final LocalDate LAST = LocalDate.of(2026, 1, 25);

    @TempDir
    Path dir;

    @Test
    void aFailedOrdersFeedIsMarkedOnThePulseTheCustomersAndGrowthAndTheWeekOverWeekIsNotAvailable() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            ExpectedArrivals arrivals = new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
            for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
                String file = d.equals(FAILED)
                        // the export lost its sku column: the feed fails and loads nothing
                        ? "order_id,ordered_at,customer_id,quantity,unit_price\nO" + d + "," + d
                                + " 10:00:00,C1,1,100.00\n"
                        : "order_id,ordered_at,customer_id,sku,quantity,unit_price\nO" + d + "," + d + " 10:00:00,C"
                                + d.getDayOfMonth() + ",A,1,100.00\n";
                Path f = Files.writeString(dir.resolve("orders_" + d + ".csv"), file);
                FeedResult r =
                        w.ingest.ingest(f, IngestRequest.of(f.getFileName().toString(), "orders", d, "cli"));
                assertThat(r.status()).isEqualTo(d.equals(FAILED) ? FeedStatus.FAILED : FeedStatus.TRANSFORMED);
                arrivals.check(d, "run-" + d);
            }
            ModelRunner models = new ModelRunner(w.warehouse);
            models.rebuildAll();
            OnlineAnalytics online = new OnlineAnalytics(
                    w.warehouse, models, new OnlineProperties(new BigDecimal("10000000"), List.of()), arrivals);

            OnlineReports.Pulse pulse = online.pulse(FIRST, LAST);
            // 20 days of 100.00; the 7 days to the 25th hold 600.00 against 700.00 before: not a 14.3 % drop
            assertThat(pulse.revenue()).isEqualByComparingTo("2000.00");
            assertThat(pulse.completeness().complete()).isFalse();
            assertThat(pulse.completeness().incompleteDays()).singleElement().satisfies(d -> {
                assertThat(d.date()).isEqualTo(FAILED);
                assertThat(d.missing()).containsExactly("orders failed");
            });
            assertThat(pulse.wowGrowthPct().value()).isNull();
            assertThat(pulse.wowGrowthPct().unavailable())
                    .isEqualTo(
                            "not available: orders failed on 2026-01-20: a week with a missing feed is not comparable");

            assertThat(online.customers(FIRST, LAST).completeness().incompleteDays())
                    .extracting(ExpectedArrivals.IncompleteDay::date)
                    .containsExactly(FAILED);
            // the daily series has no point on the 20th: the marks say it is unknown, not a day without orders
            OnlineReports.MetricSeries series = online.metrics("revenue", FIRST, LAST, "daily", null, null);
            assertThat(series.data()).hasSize(20);
            assertThat(series.completeness().incompleteDays())
                    .extracting(ExpectedArrivals.IncompleteDay::date)
                    .containsExactly(FAILED);
            OnlineReports.Growth growth = online.growth(FIRST, LAST);
            assertThat(growth.completeness().incompleteDays())
                    .extracting(ExpectedArrivals.IncompleteDay::date)
                    .containsExactly(FAILED);
            assertThat(growth.wowGrowthPct().value()).isNull();
            assertThat(growth.wowGrowthPct().unavailable()).contains("orders failed on 2026-01-20");

            // a period without the failed day is complete and keeps its week over week: 700.00 against 700.00
            OnlineReports.Pulse before = online.pulse(FIRST, FAILED.minusDays(1));
            assertThat(before.completeness().complete()).isTrue();
            assertThat(before.wowGrowthPct().value()).isEqualByComparingTo("0.0");
        }
    }
}
