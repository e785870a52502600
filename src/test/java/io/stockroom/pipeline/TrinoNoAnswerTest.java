package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.ErrorCode;
import io.stockroom.SilentTrino;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Trino coordinator that accepts connections and never answers (docs/scale.md, "If Trino does not answer"): the
 * start and a refresh on Trino give up after {@code stockroom.trino.answer-timeout} and say so, naming the coordinator,
 * the bound and the setting, and the start goes on as with Trino down. Before, the driver waited 30 s for each answer
 * and asked again for 2 minutes, on each call, and the message named neither the coordinator nor a setting. No Trino
 * is needed: a socket that takes the connections and holds them stands for the coordinator.
 */
class TrinoNoAnswerTest {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** Far more than the bound (a call gives up after about one answer timeout), half the driver's own 2 minutes. */
    private static final long WAIT_AT_MOST_SECONDS = 60;

    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @TempDir
    Path dir;

    @Test
    void aStartWithTrinoNotAnsweringGoesOnAfterTheAnswerTimeoutAndSaysWhatWaits() throws Exception {
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings);
                SilentTrino silent = new SilentTrino()) {
            ModelRunner models = trinoBuiltItsMartsAndThenMissedAnUpload(pg);
            Lake lake = new Lake(
                    pg.warehouse, silent.settings("lake_" + settings.schema(), ANSWER_TIMEOUT), settings.schema());
            CrashRecovery start = new CrashRecovery(
                    new RunStore(pg.warehouse),
                    pg.ingest,
                    models,
                    null,
                    pg.warehouse,
                    new LakeModels(pg.warehouse, lake));

            CompletableFuture<CrashRecovery.Report> started = CompletableFuture.supplyAsync(start::recover);
            CrashRecovery.Report report = within(started, "the start");

            assertThat(silent.connections())
                    .as("the start asked the silent Trino")
                    .isPositive();
            assertThat(report.trinoFailed()).isNotNull();
            assertThat(String.join("\n", start.notices()))
                    .as(
                            "the operator is told which coordinator did not answer, within what, the setting, and what waits")
                    .contains(silent.url())
                    .contains("no answer within 2 s")
                    .contains("stockroom.trino.answer-timeout")
                    .contains("STOCKROOM_TRINO_ANSWER_TIMEOUT")
                    .contains("mart_sales_category_daily")
                    .contains("the loads of 1 date(s) in the marts on Trino")
                    .contains("wait for Trino");
            assertThat(pg.count("SELECT COUNT(*) FROM mart_quality_daily WHERE business_date = DATE '" + DAY + "'"))
                    .as("the warehouse refreshed the marts that do not read the lake's marts for the upload, as with"
                            + " Trino down")
                    .isPositive();
        }
    }

    @Test
    void aRefreshOnTrinoNotAnsweringFailsAfterTheAnswerTimeoutNamingTheCoordinator() throws Exception {
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings);
                SilentTrino silent = new SilentTrino()) {
            trinoBuiltItsMartsAndThenMissedAnUpload(pg);
            Lake lake = new Lake(
                    pg.warehouse, silent.settings("lake_" + settings.schema(), ANSWER_TIMEOUT), settings.schema());
            // what a run's models step, an upload and 'stockroom lake models --dates' ask
            CompletableFuture<Object> refresh =
                    CompletableFuture.supplyAsync(() -> new LakeModels(pg.warehouse, lake).refresh(Set.of(DAY)));
            Throwable failed = null;
            try {
                within(refresh, "the refresh on Trino");
            } catch (ExecutionException e) {
                failed = e.getCause();
            }
            assertThat(failed).isInstanceOf(StockroomException.class);
            assertThat(((StockroomException) failed).code()).isEqualTo(ErrorCode.LAKE_UNAVAILABLE);
            assertThat(failed.getCause())
                    .as("the operator's words (the log): the coordinator, the bound, the setting")
                    .hasMessageContaining(silent.url())
                    .hasMessageContaining("no answer within 2 s")
                    .hasMessageContaining("stockroom.trino.answer-timeout");
        }
    }

    /**
     * A Trino deployment whose Trino had built its marts (their state rows under {@code trino:}, as the warehouse's),
     * then a new version changed the category roll-up's model file and a sales upload loaded while Trino was down.
     */
    private ModelRunner trinoBuiltItsMartsAndThenMissedAnUpload(TestWarehouse pg) throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        TestWarehouse.ok(pg.load(files, "stores.csv", "store_id,name,area\nS1,Leeds,North\n"));
        TestWarehouse.ok(pg.load(
                files,
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nK1,Tea,Grocery,Drinks,0.50,1.00\n"));
        TestWarehouse.ok(pg.load(
                files,
                "sales.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,K1," + DAY.minusDays(1) + ",3,3.00\n"));
        ModelRunner models = new ModelRunner(pg.warehouse);
        models.rebuildAll();
        pg.warehouse.inTransaction(c -> {
            Sql.on(c)
                    .sql("INSERT INTO model_state (model, definition_hash, last_scope, rows_written, refreshed_at) "
                            + "SELECT 'trino:' || model, definition_hash, last_scope, rows_written, refreshed_at "
                            + "FROM model_state WHERE model IN ("
                            + String.join(
                                    ", ",
                                    LakeModels.ON_TRINO.stream()
                                            .map(m -> "'" + m + "'")
                                            .toList()) + ")")
                    .update();
            return Sql.on(c)
                    .sql("UPDATE model_state SET definition_hash = 'the previous version' "
                            + "WHERE model = 'trino:mart_sales_category_daily'")
                    .update();
        });
        TestWarehouse.ok(pg.load(
                files, "sales_late.csv", "store_id,sku,date,units_sold,total_sales\nS1,K1," + DAY + ",4,4.00\n"));
        return models;
    }

    /** The answer of {@code call}, polled for at most {@link #WAIT_AT_MOST_SECONDS}; still waiting then fails the test. */
    private static <T> T within(CompletableFuture<T> call, String what)
            throws ExecutionException, InterruptedException {
        try {
            return call.get(WAIT_AT_MOST_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    what + " was still waiting for the silent Trino after " + WAIT_AT_MOST_SECONDS + " s", e);
        }
    }
}
