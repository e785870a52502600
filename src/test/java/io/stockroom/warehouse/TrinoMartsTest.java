package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
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
 * The sales roll-ups and labour run on a real Trino (facts from the Iceberg lake, master data from PostgreSQL) from the same model
 * files, and give the embedded engine's numbers table by table; a refresh of a corrected day equals a full rebuild.
 */
class TrinoMartsTest {

    @TempDir
    Path dir;

    @Test
    void theSalesAndLabourMartsOnTrinoEqualDuckDbsAndAnIncrementalRefreshEqualsAFullRebuild() throws Exception {
        TestTrino.assumeAvailable();
        Map<String, String> reference = new LinkedHashMap<>();
        Map<String, List<String>> referenceRows = new LinkedHashMap<>();
        try (TestWarehouse duck =
                new TestWarehouse(dir.resolve("duck"), new StockroomProperties.Warehouse("duckdb", "1GB", 2))) {
            Files.createDirectories(dir.resolve("duck-files"));
            SmallChain.load(duck, dir.resolve("duck-files"));
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
            ModelRunResult built = trino.rebuildAll();
            assertThat(built.rowsWritten()).isPositive();
            built.models()
                    .forEach(t -> System.out.printf(
                            "trino rebuild %-28s %6d rows %7d ms%n", t.name(), t.rowsWritten(), t.millis()));

            Map<String, String> onTrino = new LinkedHashMap<>();
            for (String table : LakeModels.ON_TRINO) {
                List<String> rows = SmallChain.content(pg.warehouse, table);
                assertThat(rows).as(table + " on Trino and on DuckDB").isEqualTo(referenceRows.get(table));
                onTrino.put(table, checksum(rows));
            }
            assertThat(onTrino).as("checksum per table").isEqualTo(reference);

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
                incremental.put(table, SmallChain.content(pg.warehouse, table));
            }
            assertThat(incremental.get("mart_sales_store_daily"))
                    .as("the correction shows")
                    .isNotEqualTo(referenceRows.get("mart_sales_store_daily"));

            trino.rebuildAll();
            for (String table : LakeModels.ON_TRINO) {
                assertThat(incremental.get(table))
                        .as(table + ": incremental refresh == full rebuild on Trino")
                        .isEqualTo(SmallChain.content(pg.warehouse, table));
            }
        }
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
