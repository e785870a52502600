package io.stockroom.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.ModelRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusual days become alerts, one per day and cause. January 2026: odd days two orders (50 + 50 = 100), even days three
 * (40 + 35 + 35 = 110), every customer new. Planted: the 25th ten orders of 50 (revenue 500: median 105, MAD 5, z = 53;
 * orders and new customers 10: median 2.5, MAD 0.5, z = 10.1) and the 28th one order of 20 (revenue: the 27 days before
 * are 13 x 100, 13 x 110 and the 500 → median 110, MAD 10, z = 0.6745 x (20 - 110) / 10 = -6.07; orders 1 stays within
 * -3.5). Exactly two alerts: a spike on the 25th naming its three metrics and a drop on the 28th; every other day none.
 */
class AnomalyWatchTest {

    @TempDir
    Path dir;

    @Test
    void aPlantedSpikeAndDropRaiseOneAlertEachAndOrdinaryDaysNone() throws IOException {
        StringBuilder csv = new StringBuilder("order_id,ordered_at,customer_id,sku,quantity,unit_price\n");
        int id = 0;
        for (int d = 1; d <= 31; d++) {
            List<String> prices = d == 25
                    ? java.util.Collections.nCopies(10, "50.00")
                    : d == 28
                            ? List.of("20.00")
                            : d % 2 == 1 ? List.of("50.00", "50.00") : List.of("40.00", "35.00", "35.00");
            for (String price : prices) {
                id++;
                csv.append("O")
                        .append(id)
                        .append(",2026-01-")
                        .append(String.format("%02d", d))
                        .append(" 12:00:00,C")
                        .append(id)
                        .append(",SKU1,1,")
                        .append(price)
                        .append('\n');
            }
        }
        Path f = dir.resolve("orders.csv");
        Files.writeString(f, csv);
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            FeedResult r = w.ingest.ingest(f, IngestRequest.of("orders.csv", "orders", null, "cli"));
            assertThat(r.status()).as(String.valueOf(r.summary())).isEqualTo(FeedStatus.TRANSFORMED);
            new ModelRunner(w.warehouse).rebuildAll();
            Clock feb1 = Clock.fixed(Instant.parse("2026-02-01T08:00:00Z"), ZoneOffset.UTC);

            AnomalyWatch watch = new AnomalyWatch(w.warehouse, List.of(new AlertChannel.Log()), feb1, 60);
            List<AnomalyWatch.Sent> sent = new ArrayList<>();
            for (LocalDate d = LocalDate.of(2026, 1, 1); !d.isAfter(LocalDate.of(2026, 1, 31)); d = d.plusDays(1)) {
                sent.addAll(watch.check(d));
            }
            assertThat(sent)
                    .extracting(AnomalyWatch.Sent::businessDate, AnomalyWatch.Sent::cause, AnomalyWatch.Sent::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 1, 25), "web_sales_spike", "sent"),
                            org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 1, 28), "web_sales_drop", "sent"));
            assertThat(sent.get(0).message())
                    .startsWith("[Stockroom] unusually high sales on 2026-01-25\n")
                    .contains("web revenue 500.00 (usual 105.00, robust z 53.29)")
                    .contains("web orders 10.00 (usual 2.50, robust z 10.12)")
                    .contains("new customers 10.00");
            assertThat(sent.get(1).message())
                    .contains("web revenue 20.00 (usual 110.00, robust z -6.07)")
                    .doesNotContain("web orders");
            assertThat(w.count("SELECT COUNT(*) FROM alerts WHERE kind = 'anomaly' AND status = 'sent'"))
                    .isEqualTo(2);

            // sent once: the next run of the date sends nothing again
            assertThat(watch.check(LocalDate.of(2026, 1, 25))).isEmpty();
            // a backfill of history is not news: outside the SLA lookback (3 days) nothing is sent
            assertThat(new AnomalyWatch(w.warehouse, List.of(new AlertChannel.Log()), feb1, 3)
                            .check(LocalDate.of(2026, 1, 28)))
                    .isEmpty();
        }
    }
}
