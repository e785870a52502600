package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.SmallChain;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.TrinoSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start of a Trino deployment (docs/pipeline.md, "Crash recovery"; docs/scale.md) settles Trino's marts as it does
 * the warehouse's: a mart a new version adds to those Trino runs, one whose model file the version changed, and the loads
 * a failed refresh on Trino left out are built on Trino at the next start, not left for the next daily run; with Trino
 * down the start goes on and says so. The marts Trino fills in the warehouse keep their declared BRIN index, summarized.
 */
@BesideTheOtherClasses
class TrinoStartTest {

    @TempDir
    Path dir;

    @Test
    void aMartOnTrinoThatANewVersionAddsIsBuiltAtTheNextStartAndTrinoDownAtThatStartIsSaid() throws Exception {
        TestTrino.assumeAvailable();
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Deployment d = deployment(pg, settings);
            List<String> channels = SmallChain.content(pg.warehouse, "mart_sales_store_channel_daily");
            assertThat(channels).isNotEmpty();
            // what the version before the channel roll-up leaves: no table and no state for it on Trino (the
            // dashboards' channel split reads it; created empty by the first read, it showed no channels until the
            // next run)
            pg.warehouse.inTransaction(c -> {
                Sql.on(c).sql("DROP TABLE mart_sales_store_channel_daily").update();
                return Sql.on(c)
                        .sql("DELETE FROM model_state WHERE model LIKE '%mart_sales_store_channel_daily'")
                        .update();
            });
            d.models.ensureTables();

            // Trino down at that start: the start goes on, and says what waits for Trino
            LakeModels down = new LakeModels(
                    pg.warehouse, new Lake(pg.warehouse, TestTrino.unreachable(d.trino), settings.schema()));
            CrashRecovery withTrinoDown =
                    new CrashRecovery(new RunStore(pg.warehouse), pg.ingest, d.models, null, pg.warehouse, down);
            withTrinoDown.recover();
            assertThat(String.join("\n", withTrinoDown.notices()))
                    .as("the operator is told the mart waits for Trino")
                    .contains("mart_sales_store_channel_daily")
                    .contains("Trino");
            assertThat(pg.count("SELECT COUNT(*) FROM mart_sales_store_channel_daily"))
                    .isZero();

            // Trino back at the next start: built there, from the lake and the warehouse, as a run builds it
            CrashRecovery start =
                    new CrashRecovery(new RunStore(pg.warehouse), pg.ingest, d.models, null, pg.warehouse, d.onTrino);
            start.recover();
            assertThat(SmallChain.content(pg.warehouse, "mart_sales_store_channel_daily"))
                    .as("the channel roll-up after the start, as the run before the upgrade built it")
                    .isEqualTo(channels);
            assertThat(String.join("\n", start.notices())).contains("mart_sales_store_channel_daily");

            CrashRecovery again =
                    new CrashRecovery(new RunStore(pg.warehouse), pg.ingest, d.models, null, pg.warehouse, d.onTrino);
            again.recover();
            assertThat(again.notices())
                    .as("built once: the next start has nothing to settle")
                    .isEmpty();
        }
    }

    @Test
    void aChangedModelAndLoadsAFailedRefreshOnTrinoLeftOutAreSettledOnTrinoAtTheNextStart() throws Exception {
        TestTrino.assumeAvailable();
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Deployment d = deployment(pg, settings);
            Map<String, List<String>> before = contents(pg, d.onTrino);

            // a late correction of a store-day's sales, loaded and published to the lake; the warehouse refreshed its
            // marts, the refresh on Trino failed (Trino restarted under it)
            LocalDate corrected = SmallChain.END.minusDays(4);
            Path file = dir.resolve("sales.csv");
            Files.writeString(
                    file,
                    "store_id,sku,date,units_sold,total_sales,discount,transactions\nS1,K1," + corrected
                            + ",31,34.72,0,31\n",
                    StandardCharsets.UTF_8);
            FeedResult loaded = pg.ingest.ingest(file, IngestRequest.of("sales.csv", "sales", null, "cli"));
            assertThat(loaded.status()).isEqualTo(FeedStatus.TRANSFORMED);
            d.lake.replaceSlices("sales", corrected, corrected);
            d.models.refresh(Set.of(corrected), Set.copyOf(d.onTrino.modelNames()));
            // the model file of the category roll-up changed with the new version: Trino built it from the old one
            pg.warehouse.inTransaction(c -> {
                Sql.on(c)
                        .sql("UPDATE model_state SET definition_hash = 'the previous version' "
                                + "WHERE model = 'trino:mart_sales_category_daily'")
                        .update();
                return Sql.on(c)
                        .sql("DELETE FROM mart_sales_category_daily WHERE business_date < ?")
                        .param(Sql.date(corrected))
                        .update();
            });
            // a version that declared the roll-up's index after the table was built
            pg.warehouse.inTransaction(c -> Sql.on(c)
                    .sql("DROP INDEX mart_sales_store_daily_business_date_brin")
                    .update());

            CrashRecovery start =
                    new CrashRecovery(new RunStore(pg.warehouse), pg.ingest, d.models, null, pg.warehouse, d.onTrino);
            start.recover();

            Map<String, List<String>> settled = contents(pg, d.onTrino);
            assertThat(settled.get("mart_sales_store_daily"))
                    .as("the store roll-up shows the correction after the start")
                    .isNotEqualTo(before.get("mart_sales_store_daily"));
            assertThat(String.join("\n", start.notices())).contains("mart_sales_category_daily");
            assertThat(pg.count("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()"
                            + " AND indexname = 'mart_sales_store_daily_business_date_brin'"))
                    .as("the index the new version declares")
                    .isOne();

            // a day of a mart is read through its BRIN index only where a summary covers the day's pages; PostgreSQL
            // summarizes a table's first range as rows arrive and the rest only when VACUUM or Stockroom asks. The
            // small chain's roll-up fits in one range of the 128 pages a real mart's ranges have: ranges of one page
            // stand for them here, and autovacuum (which summarizes them too, when it gets to the table) is held off
            pg.warehouse.inTransaction(c -> {
                Sql.on(c)
                        .sql("ALTER TABLE mart_sales_store_daily SET (autovacuum_enabled = false)")
                        .update();
                Sql.on(c)
                        .sql("DROP INDEX mart_sales_store_daily_business_date_brin")
                        .update();
                return Sql.on(c)
                        .sql("CREATE INDEX mart_sales_store_daily_business_date_brin ON mart_sales_store_daily "
                                + "USING brin (business_date) WITH (pages_per_range = 1)")
                        .update();
            });
            d.onTrino.rebuildAll();
            assertThat(unsummarizedRanges(pg, "mart_sales_store_daily_business_date_brin"))
                    .as("the pages Trino's rows went to are in the index's summary, not left to autovacuum")
                    .isZero();
            assertThat(contents(pg, d.onTrino))
                    .as("after the start, Trino's marts equal a full rebuild on Trino")
                    .isEqualTo(settled);
        }
    }

    private record Deployment(ModelRunner models, Lake lake, LakeModels onTrino, TrinoSettings trino) {}

    /** The small chain's history published once to the lake, Trino's marts built there and the others here. */
    private Deployment deployment(TestWarehouse pg, StockroomProperties.Warehouse settings) throws IOException {
        Files.createDirectories(dir.resolve("files"));
        SmallChain.load(pg, dir.resolve("files"));
        TrinoSettings trino = TestTrino.settings("lake_" + settings.schema());
        Lake lake = new Lake(pg.warehouse, trino, settings.schema());
        lake.prepare();
        LocalDate first = SmallChain.END.minusDays(SmallChain.DAYS - 1);
        for (String table : List.of("sales", "labour", "inventory")) {
            lake.replaceSlices(table, first, SmallChain.END);
        }
        LakeModels onTrino = new LakeModels(pg.warehouse, lake);
        ModelRunner models = new ModelRunner(pg.warehouse);
        models.rebuildAll(onTrino);
        return new Deployment(models, lake, onTrino, trino);
    }

    /**
     * The page ranges of a BRIN index that no summary covers (summarizing them as it counts): a query for a day reads
     * every such range.
     */
    private static long unsummarizedRanges(TestWarehouse pg, String index) {
        return pg.count("SELECT brin_summarize_new_values(CAST('" + index + "' AS regclass))");
    }

    private static Map<String, List<String>> contents(TestWarehouse pg, LakeModels onTrino) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : LakeModels.ON_TRINO) {
            out.put(table, SmallChain.content(pg.warehouse, onTrino, table));
        }
        return out;
    }
}
