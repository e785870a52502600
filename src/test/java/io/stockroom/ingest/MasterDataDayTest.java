package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestWarehouse;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Promotion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master-data file without a date applies from the day it arrives on the retailer's clock. It took the server JVM's
 * date: a products file a New York chain sent at 20:00 on a UTC server was dated the next day, so that evening's own
 * run (and a replay of the day) read the products as they were before it.
 */
class MasterDataDayTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithoutADateIsDatedTheDayItArrivesWhereTheStoresAre() throws Exception {
        // a zone whose date differs from this JVM's at this moment (Kiritimati is UTC+14, Pago Pago UTC-11: one of the
        // two always does)
        ZoneId stores = ZoneId.of("Pacific/Kiritimati");
        if (LocalDate.now(stores).equals(LocalDate.now())) {
            stores = ZoneId.of("Pacific/Pago_Pago");
        }
        try (TestWarehouse w = new TestWarehouse(dir.resolve("data"))) {
            StockroomProperties there = new StockroomProperties(
                    w.properties.dataDir(),
                    null,
                    null,
                    w.properties.warehouse(),
                    w.properties.quality(),
                    stores.getId(),
                    Duration.ofMillis(500));
            IngestService ingest = new IngestService(
                    w.warehouse,
                    w.contracts,
                    new Validator(w.contracts, there),
                    new Quarantine(),
                    new Promotion(w.contracts),
                    w.feeds,
                    there);
            Path file = Files.writeString(
                    dir.resolve("products.csv"),
                    "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n");
            LocalDate before = LocalDate.now(stores);

            FeedResult r = TestWarehouse.ok(ingest.ingest(file, IngestRequest.of("products.csv", null, null, "cli")));

            assertThat(r.businessDate())
                    .as("today in %s, not the server's today", stores)
                    .isIn(before, LocalDate.now(stores))
                    .isNotEqualTo(LocalDate.now());
            assertThat(w.strings(
                            "SELECT CAST(business_date AS VARCHAR) FROM feeds WHERE feed_id = '" + r.feedId() + "'"))
                    .containsExactly(r.businessDate().toString());
        }
    }
}
