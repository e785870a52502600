package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.replenish.LakeStatistics;
import io.stockroom.replenish.ObservedLeadTimeProperties;
import io.stockroom.replenish.ReplenishmentProperties;
import io.stockroom.replenish.ReplenishmentService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sales roll-ups, labour, inventory position and alerts and the quality score run on a real Trino (facts from the
 * Iceberg lake, master data and feeds from PostgreSQL) from the same model files, and give the embedded engine's numbers
 * table by table; a refresh of a corrected day, and the daily one-date refresh, equal a full rebuild.
 */
@BesideTheOtherClasses
class TrinoMartsTest {

    @TempDir
    Path dir;

    @Test
    void theMartsOnTrinoEqualDuckDbsAndAnIncrementalRefreshEqualsAFullRebuild() throws Exception {
        TestTrino.assumeAvailable();
        Map<String, String> reference = new LinkedHashMap<>();
        Map<String, List<String>> referenceRows = new LinkedHashMap<>();
        try (TestWarehouse duck =
                new TestWarehouse(dir.resolve("duck"), new StockroomProperties.Warehouse("duckdb", "1GB", 2))) {
            Files.createDirectories(dir.resolve("duck-files"));
            SmallChain.load(duck, dir.resolve("duck-files"));
            sendWithAQuarantinedRow(duck, dir.resolve("duck-files"));
            new ModelRunner(duck.warehouse).rebuildAll();
            for (String table : LakeModels.ON_TRINO) {
                referenceRows.put(table, SmallChain.content(duck.warehouse, table));
                reference.put(table, checksum(referenceRows.get(table)));
            }
        }

        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Files.createDirectories(dir.resolve("pg-files"));
            SmallChain.load(pg, dir.resolve("pg-files"));
            sendWithAQuarantinedRow(pg, dir.resolve("pg-files"));
            Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
            lake.prepare();
            LocalDate first = SmallChain.END.minusDays(SmallChain.DAYS - 1);
            assertThat(lake.replaceSlices("sales", first, SmallChain.END))
                    .as("one commit per date of the backfill")
                    .hasSize(SmallChain.DAYS)
                    .extracting(Lake.LakeCommit::snapshotId)
                    .containsOnly(lake.snapshots("sales").getLast());
            // the warehouse's own engine built no marts (ingest runs no models): every number compared below comes from
            // Trino
            new ModelRunner(pg.warehouse).ensureTables();
            for (String table : LakeModels.ON_TRINO) {
                assertThat(pg.count("SELECT COUNT(*) FROM " + table))
                        .as(table + " before Trino")
                        .isZero();
            }
            LakeModels trino = new LakeModels(pg.warehouse, lake);
            assertThat(lake.replaceSlices("labour", first, SmallChain.END)).hasSize(SmallChain.DAYS);
            assertThat(lake.replaceSlices("inventory", SmallChain.END, SmallChain.END))
                    .hasSize(1);
            ModelRunResult built = trino.rebuildAll();
            assertThat(built.rowsWritten()).isPositive();
            built.models()
                    .forEach(t -> System.out.printf(
                            "trino rebuild %-28s %6d rows %7d ms%n", t.name(), t.rowsWritten(), t.millis()));

            Map<String, String> onTrino = new LinkedHashMap<>();
            for (String table : LakeModels.ON_TRINO) {
                List<String> rows = SmallChain.content(pg.warehouse, trino, table);
                assertThat(rows).as(table + " on Trino and on DuckDB").isEqualTo(referenceRows.get(table));
                onTrino.put(table, checksum(rows));
            }
            assertThat(onTrino).as("checksum per table").isEqualTo(reference);
            // the per store x SKU mart stays in the lake: nothing of it is copied into the warehouse
            for (String table : LakeModels.IN_LAKE) {
                assertThat(lake.tables()).as("the lake holds " + table).contains(table);
                assertThat(pg.count("SELECT COUNT(*) FROM " + table))
                        .as(table + " in the warehouse")
                        .isZero();
            }
            assertThat(referenceRows.get("mart_inventory_alerts"))
                    .as("alerts to compare")
                    .isNotEmpty();
            assertThat(referenceRows.get("mart_quality_daily"))
                    .as("a day whose score is not 1")
                    .anySatisfy(row ->
                            assertThat(row).contains("records_quarantined=1 ").doesNotContain("score=1 "));

            // a store's day corrected: the lake's slice replaced, the marts refreshed for the dates it touches
            LocalDate corrected = SmallChain.END.minusDays(7);
            Path fix = dir.resolve("pg-files").resolve("sales_fix.csv");
            Files.writeString(
                    fix,
                    "store_id,sku,date,units_sold,total_sales,discount,transactions\nS2,K1," + corrected
                            + ",40,66.80,0,9\n" + "S2,K2," + corrected + ",1,1.25,0,1\n",
                    StandardCharsets.UTF_8);
            assertThat(pg.ingest
                            .ingest(
                                    fix,
                                    IngestRequest.of("sales_fix.csv", null, null, "cli")
                                            .with(true, false))
                            .status())
                    .isEqualTo(FeedStatus.TRANSFORMED);
            lake.replaceSlice("sales", corrected);
            ModelRunResult refreshed = trino.refresh(Set.of(corrected));
            refreshed
                    .models()
                    .forEach(t -> System.out.printf(
                            "trino refresh %-28s %-24s %6d rows %7d ms%n",
                            t.name(), t.scope(), t.rowsWritten(), t.millis()));
            assertThat(refreshed.models()).anySatisfy(t -> assertThat(t.scope()).contains(SmallChain.END.toString()));
            Map<String, List<String>> incremental = new LinkedHashMap<>();
            for (String table : LakeModels.ON_TRINO) {
                incremental.put(table, SmallChain.content(pg.warehouse, trino, table));
            }
            assertThat(incremental.get("mart_sales_store_daily"))
                    .as("the correction shows")
                    .isNotEqualTo(referenceRows.get("mart_sales_store_daily"));

            // the daily case: one date, which the inventory base computes by its one-date branch, in one lake commit
            Map<String, Integer> snapshots = new LinkedHashMap<>();
            LakeModels.IN_LAKE.forEach(t -> snapshots.put(t, lake.snapshots(t).size()));
            trino.refresh(Set.of(SmallChain.END));
            for (String table : LakeModels.IN_LAKE) {
                assertThat(lake.snapshots(table))
                        .as(table + ": one Iceberg commit for the refreshed slice")
                        .hasSize(snapshots.get(table) + 1);
            }
            for (String table : LakeModels.ON_TRINO) {
                assertThat(SmallChain.content(pg.warehouse, trino, table))
                        .as(table + ": a one-date refresh recomputes the same rows")
                        .isEqualTo(incremental.get(table));
            }

            // master data changed as of a past date (K1 moved from Fresh to Tins ten days ago): the next daily
            // one-date refresh also recomputes the dates the change touches, as the warehouse's refresh does
            LocalDate moved = SmallChain.END.minusDays(10);
            Path products = dir.resolve("pg-files").resolve("products_moved.csv");
            Files.writeString(
                    products,
                    "sku,name,department,category,unit_cost,unit_price\nK1,Item 1,Grocery,Tins,0.47,1.12\n",
                    StandardCharsets.UTF_8);
            assertThat(pg.ingest
                            .ingest(products, IngestRequest.of("products.csv", "products", moved, "cli"))
                            .status())
                    .isEqualTo(FeedStatus.TRANSFORMED);
            List<String> categoriesBefore = SmallChain.content(pg.warehouse, trino, "mart_sales_category_daily");
            ModelRunResult daily = trino.refresh(Set.of(SmallChain.END));
            assertThat(daily.models())
                    .filteredOn(t -> t.name().equals("mart_sales_daily"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.scope()).contains(moved.toString()));
            assertThat(SmallChain.content(pg.warehouse, trino, "mart_sales_category_daily"))
                    .as("the category roll-up of the days since the move")
                    .isNotEqualTo(categoriesBefore);
            for (String table : LakeModels.ON_TRINO) {
                incremental.put(table, SmallChain.content(pg.warehouse, trino, table));
            }

            trino.rebuildAll();
            for (String table : LakeModels.ON_TRINO) {
                assertThat(incremental.get(table))
                        .as(table + ": incremental refresh == full rebuild on Trino")
                        .isEqualTo(SmallChain.content(pg.warehouse, trino, table));
            }

            // a deployment with a smaller stockroom.warehouse.model-slice-rows rebuilds in slices of dates, each one
            // statement (a MERGE into the lake for its marts), to the same rows: about 36 sales lines a day, so 1,000
            // rows are 27 of the 35 days
            try (Warehouse sliced = new Warehouse(dir.resolve("pg-sliced"), settings.withModelSliceRows(1_000))) {
                LakeModels inSlices = new LakeModels(
                        sliced, new Lake(sliced, TestTrino.settings("lake_" + settings.schema()), settings.schema()));
                ModelRunResult rebuilt = inSlices.rebuildAll();
                assertThat(rebuilt.models())
                        .filteredOn(t -> t.name().equals("mart_inventory_position_base"))
                        .singleElement()
                        .satisfies(t -> assertThat(t.statements()).isEqualTo(2));
                for (String table : LakeModels.ON_TRINO) {
                    assertThat(SmallChain.content(sliced, inSlices, table))
                            .as(table + ": rebuilt in slices == in one statement")
                            .isEqualTo(incremental.get(table));
                }
            }
        }
    }

    @Test
    void theReplenishmentStatisticsOnTrinoEqualDuckDbs() throws Exception {
        TestTrino.assumeAvailable();
        Map<String, List<String>> reference = new LinkedHashMap<>();
        try (TestWarehouse duck =
                new TestWarehouse(dir.resolve("duck"), new StockroomProperties.Warehouse("duckdb", "1GB", 2))) {
            Files.createDirectories(dir.resolve("duck-files"));
            SmallChain.load(duck, dir.resolve("duck-files"));
            sendReceipts(duck, dir.resolve("duck-files"));
            new ModelRunner(duck.warehouse).rebuildAll();
            new ReplenishmentService(duck.warehouse, ReplenishmentProperties.defaults())
                    .run(SmallChain.END, java.util.Optional.empty());
            for (String table : STATISTICS.keySet()) {
                reference.put(table, SmallChain.content(duck.warehouse, STATISTICS.get(table)));
            }
            reference.put("replenishment_lines", SmallChain.content(duck.warehouse, "replenishment_lines"));
        }
        assertThat(reference.get("demand statistics")).hasSize(SmallChain.STORES * SmallChain.SKUS);
        assertThat(reference.get("observed lead times"))
                .as("per supplier and SKU, and pooled per supplier")
                .anySatisfy(row -> assertThat(row).contains("basis=supplier_sku"))
                .anySatisfy(row -> assertThat(row).contains("basis=supplier "));

        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Files.createDirectories(dir.resolve("pg-files"));
            SmallChain.load(pg, dir.resolve("pg-files"));
            sendReceipts(pg, dir.resolve("pg-files"));
            Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
            LocalDate first = SmallChain.END.minusDays(SmallChain.DAYS - 1);
            lake.replaceSlices("sales", first, SmallChain.END);
            lake.replaceSlices("inventory", SmallChain.END, SmallChain.END);
            lake.replaceSlices("receipts", first, SmallChain.END);
            new LakeStatistics(
                            pg.warehouse,
                            lake,
                            ReplenishmentProperties.defaults(),
                            ObservedLeadTimeProperties.defaults())
                    .build(SmallChain.END);
            for (String table : STATISTICS.keySet()) {
                assertThat(SmallChain.content(pg.warehouse, STATISTICS.get(table)))
                        .as(table + " on Trino and on DuckDB")
                        .isEqualTo(reference.get(table));
            }

            // the day's replenishment on the warehouse finds the statistics Trino built, with their facts unchanged
            String built =
                    "SELECT built || ' ' || CAST(computed_at AS VARCHAR) FROM demand_stats_state WHERE as_of = DATE '"
                            + SmallChain.END + "'";
            String builtOnTrino = pg.string(built);
            new ModelRunner(pg.warehouse).rebuildAll();
            new ReplenishmentService(pg.warehouse, ReplenishmentProperties.defaults())
                    .run(SmallChain.END, java.util.Optional.empty());
            assertThat(pg.string(built))
                    .as("the generation Trino built, reused")
                    .isEqualTo(builtOnTrino);
            assertThat(SmallChain.content(pg.warehouse, "replenishment_lines"))
                    .as("the recommendations from it equal DuckDB's")
                    .isNotEmpty()
                    .isEqualTo(reference.get("replenishment_lines"));
        }
    }

    /** The statistics compared, by store and SKU code (the numbers are the engines' own). */
    private static final Map<String, String> STATISTICS = Map.of(
            "demand statistics",
            "(SELECT ks.store_id, kk.sku, g.n_days, g.counted_days, g.sum_units, g.sum_units_sq, g.last_units,"
                    + " g.last_counted, g.revenue, g.snapshot_date, g.on_hand, g.on_order, g.reserved, g.missing_days, g.missing_bits,"
                    + " g.long_days, g.long_units, g.long_units_sq, g.long_bits"
                    + " FROM demand_daily_stats g JOIN replenishment_store_keys ks ON ks.store_no = g.store_no"
                    + " JOIN replenishment_sku_keys kk ON kk.sku_no = g.sku_no WHERE g.as_of = DATE '" + SmallChain.END
                    + "') q",
            "observed lead times",
            "(SELECT supplier_id, sku, mean_days, sd_days, receipts, basis, as_of FROM supplier_lead_times"
                    + " WHERE source = 'receipts') q");

    /** Goods-in lines with order dates: five for one SKU of V2 (its own figures), seven over V1's SKUs (pooled). */
    private static void sendReceipts(TestWarehouse w, Path dir) throws Exception {
        StringBuilder csv = new StringBuilder(
                "po_id,sku,store_id,supplier_id,ordered_date,promised_date,received_date,quantity_ordered,quantity_received\n");
        int[] v2Days = {4, 5, 7, 5, 6};
        for (int i = 0; i < v2Days.length; i++) {
            LocalDate received = SmallChain.END.minusDays(2 + 4L * i);
            csv.append("PO2-%d,K1,S%d,V2,%s,%s,%s,12,12%n"
                    .formatted(i, i % 3 + 1, received.minusDays(v2Days[i]), received.minusDays(5), received));
        }
        int[] v1Days = {2, 3, 2, 1, 4, 2, 3};
        for (int i = 0; i < v1Days.length; i++) {
            LocalDate received = SmallChain.END.minusDays(1 + 3L * i);
            csv.append("PO1-%d,K%d,S%d,V1,%s,%s,%s,6,5%n"
                    .formatted(
                            i,
                            i % 2 == 0 ? 2 : 4,
                            i % 3 + 1,
                            received.minusDays(v1Days[i]),
                            received.minusDays(2),
                            received));
        }
        Path f = dir.resolve("receipts.csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        var result = w.ingest.ingest(f, IngestRequest.of("receipts.csv", null, null, "cli"));
        assertThat(result.status()).isEqualTo(FeedStatus.TRANSFORMED);
    }

    /**
     * A day's sales sent again with other numbers, and a row whose SKU is unknown (quarantined, under the 5% that fails a
     * file), so that day's quality score is a quotient.
     */
    private static void sendWithAQuarantinedRow(TestWarehouse w, Path dir) throws Exception {
        Path f = dir.resolve("sales_extra.csv");
        LocalDate d = SmallChain.END.minusDays(3);
        StringBuilder csv = new StringBuilder("store_id,sku,date,units_sold,total_sales,discount,transactions\n");
        for (int s = 1; s <= SmallChain.STORES; s++) {
            for (int k = 1; k <= SmallChain.SKUS; k++) {
                int units = (s + k) % 5 + 1;
                csv.append("S%d,K%d,%s,%d,%s,0,1%n"
                        .formatted(s, k, d, units, java.math.BigDecimal.valueOf(units * 37L, 2)));
            }
        }
        csv.append("S1,K99,").append(d).append(",1,1.00,0,1\n");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        var result = w.ingest.ingest(f, IngestRequest.of("sales_extra.csv", null, null, "cli"));
        assertThat(result.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(result.summary().metrics().recordsQuarantined()).isEqualTo(1);
    }

    private static String checksum(List<String> rows) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String row : rows) {
            sha.update(row.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return rows.size() + " rows, sha256 "
                + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }
}
