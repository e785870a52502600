package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.model.ModelRunner;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Promotion;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An order timestamp written with a UTC offset or Z is an instant: it is stored as the retailer's wall-clock time
 * (stockroom.metrics.time-zone), so its business day and hour are the shop's. A timestamp without an offset is already
 * the shop's time and is kept as written.
 */
class OrderTimeZoneTest {

    @TempDir
    Path dir;

    @Test
    void aTimestampWithAnOffsetIsStoredInTheRetailersZone() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            // '+01:00' needs the general parsers; Z, -05:00 and no offset read as ISO
            TestWarehouse.ok(load(w, "America/New_York", "orders.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    O1,2026-01-06T03:10:00Z,C1,A,1,10.00
                    O2,2026-01-06T03:10:00+01:00,C2,A,1,20.00
                    O3,2026-01-06 03:10:00,C3,A,1,30.00
                    O4,2026-01-06T12:00:00-05:00,C4,A,1,40.00
                    """));

            // 03:10 UTC is 22:10 the evening before in New York (UTC-5 in January), 02:10 UTC is 21:10
            assertThat(rows(w))
                    .containsExactly(
                            "O1 2026-01-05T22:10 2026-01-05",
                            "O2 2026-01-05T21:10 2026-01-05",
                            "O3 2026-01-06T03:10 2026-01-06",
                            "O4 2026-01-06T12:00 2026-01-06");

            ModelRunner models = new ModelRunner(w.warehouse);
            models.rebuildAll();
            OnlineAnalytics online = new OnlineAnalytics(
                    w.warehouse,
                    models,
                    new OnlineProperties(new BigDecimal("10000000"), List.of()),
                    new io.stockroom.arrivals.ExpectedArrivals(
                            w.warehouse, w.contracts, io.stockroom.arrivals.ArrivalsProperties.defaults()));
            assertThat(online.metrics(
                                    "revenue", LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 6), "hourly", null, null)
                            .data())
                    .extracting(p ->
                            p.period() + " " + p.value().stripTrailingZeros().toPlainString())
                    .containsExactly(
                            "2026-01-05T21:00 20", "2026-01-05T22:00 10", "2026-01-06T03:00 30", "2026-01-06T12:00 40");
            assertThat(w.string("SELECT CAST(SUM(online_revenue) AS VARCHAR) FROM mart_online_daily"
                            + " WHERE business_date = DATE '2026-01-05'"))
                    .startsWith("30");
        }
    }

    @Test
    void onlyIsoValuesStillReadInTheZoneAndUtcLeavesZAsWritten() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            // every value plain ISO (the cheap cast): New York is UTC-4 after 8 March 2026
            TestWarehouse.ok(load(w, "America/New_York", "orders.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    P1,2026-03-10T01:30:00Z,C1,A,1,10.00
                    P2,2026-03-10 01:30:00,C2,A,1,20.00
                    """));
            assertThat(rows(w)).containsExactly("P1 2026-03-09T21:30 2026-03-09", "P2 2026-03-10T01:30 2026-03-10");
            // a file without offsets still takes the fast path, its times as written
            FeedResult local = TestWarehouse.ok(load(w, "America/New_York", "orders_local.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    R1,2026-03-11 09:00:00,C1,A,1,10.00
                    R2,2026-03-11T23:45:00,C2,A,1,20.00
                    """));
            assertThat(local.summary().stageMillis())
                    .as(String.valueOf(local.summary().issues()))
                    .containsKey("read");
            assertThat(rows(w)).contains("R1 2026-03-11T09:00 2026-03-11", "R2 2026-03-11T23:45 2026-03-11");
        }
        try (TestWarehouse w = new TestWarehouse(dir.resolve("utc"))) {
            Files.createDirectories(dir.resolve("utc"));
            // a chain that leaves the zone unset (UTC): Z changes nothing, +01:00 is an hour earlier in UTC
            TestWarehouse.ok(w.load(dir.resolve("utc"), "orders.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    Q1,2026-01-06T03:10:00Z,C1,A,1,10.00
                    Q2,2026-01-06T00:30:00+01:00,C2,A,1,20.00
                    Q3,2026-01-06 03:10:00,C3,A,1,30.00
                    """));
            assertThat(rows(w))
                    .containsExactly(
                            "Q1 2026-01-06T03:10 2026-01-06",
                            "Q2 2026-01-05T23:30 2026-01-05",
                            "Q3 2026-01-06T03:10 2026-01-06");
        }
    }

    private FeedResult load(TestWarehouse w, String zone, String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        IngestService ingest = new IngestService(
                w.warehouse,
                w.contracts,
                new Validator(w.contracts, w.properties, ZoneId.of(zone)),
                new Quarantine(),
                new Promotion(w.contracts),
                w.feeds,
                w.properties);
        return ingest.ingest(f, IngestRequest.of(name, null, null, "cli"));
    }

    private static List<String> rows(TestWarehouse w) {
        return w.warehouse.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(
                            "SELECT order_id, ordered_at, business_date FROM orders ORDER BY order_id")) {
                while (r.next()) {
                    out.add(r.getString(1) + " " + r.getTimestamp(2).toLocalDateTime() + " "
                            + r.getDate(3).toLocalDate());
                }
            }
            return out;
        });
    }
}
