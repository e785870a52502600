package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.ModelRunner;
import io.stockroom.testdata.RetailFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spike in daily web revenue is flagged by its robust z-score against the 28 days before; ordinary days are not. */
class AnomaliesTest {

    @TempDir
    Path dir;

    @Test
    void aRevenueSpikeIsFlaggedAndOrdinaryDaysAreNot() throws IOException {
        // one order a day: 100.00 on odd days, 110.00 on even days of January 1..20, then 500.00 on the 21st
        StringBuilder csv = new StringBuilder("order_id,ordered_at,customer_id,sku,quantity,unit_price\n");
        for (int d = 1; d <= 21; d++) {
            String price = d == 21 ? "500.00" : d % 2 == 1 ? "100.00" : "110.00";
            csv.append("O")
                    .append(d)
                    .append(",2026-01-")
                    .append(d < 10 ? "0" : "")
                    .append(d)
                    .append(" 12:00:00,C")
                    .append(d)
                    .append(",SKU1,1,")
                    .append(price)
                    .append('\n');
        }
        Path f = dir.resolve("orders.csv");
        Files.writeString(f, csv);
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            FeedResult r = w.ingest.ingest(f, IngestRequest.of("orders.csv", "orders", null, "cli"));
            assertThat(r.status()).as(String.valueOf(r.summary())).isEqualTo(FeedStatus.TRANSFORMED);
            ModelRunner models = new ModelRunner(w.warehouse);
            models.rebuildAll();
            // the 21st: the 20 days before are ten 100s and ten 110s -> median 105, MAD 5, z = 0.6745 x 395 / 5 =
            // 53.29.
            // The 14th: only 13 earlier days (seven 100s, six 110s: median 100, MAD 0), no verdict.
            // The 15th: 14 days before (seven of each), z = 0.6745 x -5 / 5 = -0.67. Orders are 1 every day: MAD 0, no
            // verdict.
            assertThat(new RetailFixture(w.warehouse).rows("""
                    SELECT business_date, metric, value, median_value, mad, history_days, robust_z, is_anomaly FROM mart_online_anomalies
                    WHERE business_date IN (DATE '2026-01-14', DATE '2026-01-15', DATE '2026-01-21') AND metric IN ('online_revenue', 'orders')
                    ORDER BY business_date, metric"""))
                    .containsExactly(
                            List.of("2026-01-14", "online_revenue", "110.00", "100.00", "0.00", "13", "null", "false"),
                            List.of("2026-01-14", "orders", "1.00", "1.00", "0.00", "13", "null", "false"),
                            List.of("2026-01-15", "online_revenue", "100.00", "105.00", "5.00", "14", "-0.67", "false"),
                            List.of("2026-01-15", "orders", "1.00", "1.00", "0.00", "14", "null", "false"),
                            List.of("2026-01-21", "online_revenue", "500.00", "105.00", "5.00", "20", "53.29", "true"),
                            List.of("2026-01-21", "orders", "1.00", "1.00", "0.00", "20", "null", "false"));
            OnlineAnalytics online = new OnlineAnalytics(
                    w.warehouse,
                    models,
                    new OnlineProperties(new BigDecimal("10000000"), List.of()),
                    new io.stockroom.arrivals.ExpectedArrivals(
                            w.warehouse, w.contracts, io.stockroom.arrivals.ArrivalsProperties.defaults()));
            // one order a day, so the average order value is the revenue: it moves with it
            assertThat(online.anomalies(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31))
                            .anomalies())
                    .hasSize(2)
                    .allSatisfy(a -> {
                        assertThat(a.date()).isEqualTo(LocalDate.of(2026, 1, 21));
                        assertThat(a.metric()).isIn("online_revenue", "average_order_value");
                        assertThat(a.direction()).isEqualTo("above");
                    });
        }
    }
}
