package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.demo.ChainGenerator;
import io.stockroom.demo.ChainSpec;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shipment's promised date (its business date) lies ahead by nature: the orders of the last days are promised after
 * today. The demo's last days' shipment files used to fail on DATE_IN_FUTURE (the rule, not the generator, was wrong),
 * which marked shipments failed for those dates and raised SLA alerts. The contract now allows a promise up to
 * {@code future_days: 90} ahead; a date further out is still refused as a likely day/month mix-up.
 */
class ShipmentPromisesTest {

    @TempDir
    Path dir;

    @Test
    void theDemosLastDayOfShipmentsLoadsThoughItsPromisesLieAfterToday() throws IOException {
        LocalDate yesterday = LocalDate.now().minusDays(1); // the demo's default end date
        new ChainGenerator().generate(new ChainSpec(7, 1, 1, 40, 2, 8, yesterday), dir.resolve("drop"));
        Path file = dir.resolve("drop").resolve(yesterday.toString()).resolve("shipments.csv");
        assertThat(Files.readAllLines(file).stream().skip(1).map(l -> LocalDate.parse(l.split(",")[2])))
                .as("the file has promises after today")
                .anyMatch(d -> d.isAfter(LocalDate.now().plusDays(1)));
        try (TestWarehouse w = new TestWarehouse(dir.resolve("data"))) {
            FeedResult r = w.ingest.ingest(file, IngestRequest.of("shipments.csv", "shipments", yesterday, "drop"));
            assertThat(r.status()).as(r.summary().toString()).isEqualTo(FeedStatus.TRANSFORMED);
            assertThat(r.recordsQuarantined()).isZero();
        }
    }

    @Test
    void aPromiseMoreThanNinetyDaysAheadIsStillRefused() throws IOException {
        LocalDate today = LocalDate.now();
        try (TestWarehouse w = new TestWarehouse(dir.resolve("data"))) {
            Path f = dir.resolve("shipments.csv");
            Files.writeString(
                    f,
                    "order_id,promised_date,status\nW1," + today.plusDays(90) + ",pending\nW2," + today.plusDays(91)
                            + ",pending\n");
            FeedResult r = w.ingest.ingest(f, IngestRequest.of("shipments.csv", "shipments", today, "drop"));
            assertThat(r.summary().issues()).anySatisfy(i -> {
                assertThat(i.code()).isEqualTo("DATE_IN_FUTURE");
                assertThat(i.rows()).isEqualTo(1);
                assertThat(i.message())
                        .contains("promised_date is more than 90 days after today (the contract's future_days)");
            });
        }
    }
}
