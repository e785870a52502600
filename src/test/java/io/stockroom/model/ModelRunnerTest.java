package io.stockroom.model;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomException;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner itself: order, incremental refresh equal to a full rebuild, tests, atomicity. */
@BesideTheOtherClasses
class ModelRunnerTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private RetailFixture fx;
    private ModelRunner runner;

    @BeforeEach
    void open() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        fx = new RetailFixture(warehouse);
        runner = new ModelRunner(warehouse);
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void runsEveryModelAfterTheModelsItReads() {
        List<String> order = runner.modelNames();
        assertThat(order.indexOf("mart_sales_daily")).isLessThan(order.indexOf("mart_sales_store_daily"));
        assertThat(order.indexOf("mart_sales_store_daily")).isLessThan(order.indexOf("mart_sales_area_daily"));
        assertThat(order.indexOf("mart_sales_store_daily")).isLessThan(order.indexOf("mart_labour_daily"));
        assertThat(order.indexOf("mart_inventory_position")).isLessThan(order.indexOf("mart_inventory_alerts"));
        assertThat(order.indexOf("mart_store_days")).isLessThan(order.indexOf("mart_missing_store_days"));
        assertThat(order.indexOf("mart_missing_store_days")).isLessThan(order.indexOf("mart_dataset_freshness"));
    }

    @Test
    void aCycleIsReportedWithTheModelsInIt() {
        Model a = ModelParser.parse("a.sql", "-- model: a\n-- depends_on: b\n-- incremental_by: full\nSELECT 1 AS x");
        Model b = ModelParser.parse("b.sql", "-- model: b\n-- depends_on: c\n-- incremental_by: full\nSELECT 1 AS x");
        Model c = ModelParser.parse(
                "c.sql", "-- model: c\n-- depends_on: a, sales\n-- incremental_by: full\nSELECT 1 AS x");
        assertThatThrownBy(() -> ModelCatalog.of(List.of(a, b, c)))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("cycle: a -> b -> c -> a");
    }

    @Test
    void aBadHeaderNamesTheFileAndTheProblem() {
        assertThatThrownBy(() -> ModelParser.parse(
                        "x.sql", "-- model: x\n-- incremental_by: business_date\n-- depend_on: y\nSELECT 1"))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("x.sql")
                .hasMessageContaining("unknown header key 'depend_on'");
        assertThatThrownBy(
                        () -> ModelParser.parse(
                                "x.sql",
                                "-- model: x\n-- incremental_by: business_date\n-- tests: uniq(a)\nSELECT 1 WHERE :from_date < :to_date"))
                .hasMessageContaining("unknown kind 'uniq'");
    }

    @Test
    void refreshingChangedDatesGivesExactlyTheTablesOfAFullRebuild() {
        seedChain();
        runner.rebuildAll();

        // a corrected sales file for an older day, a late inventory snapshot and a labour fix
        LocalDate older = START.plusDays(20);
        fx.execute("DELETE FROM sales WHERE business_date = ? AND store_id = 'S1'", older);
        fx.execute("""
                INSERT INTO sales SELECT 'S1', 'P' || CAST(p AS VARCHAR), CAST(? AS DATE), 'store', 7, 70.00, 1.00, 5, FALSE, NULL
                FROM generate_series(1, 14) t(p)""", older);
        fx.execute(
                "UPDATE inventory SET on_hand = 0 WHERE business_date = ? AND store_id = 'S2' AND sku IN ('P1', 'P2')",
                older.plusDays(3));
        fx.execute("UPDATE labour SET hours = hours + 5 WHERE business_date = ?", older);
        ModelRunResult refresh = runner.refresh(Set.of(older, older.plusDays(3)));
        Map<String, String> incremental = checksums();

        runner.rebuildAll();
        assertThat(checksums()).isEqualTo(incremental);
        assertThat(timing(refresh, "mart_sales_daily").scope()).isEqualTo(older + ", " + older.plusDays(3));
        assertThat(timing(refresh, "mart_sales_store_daily").scope())
                .isEqualTo(older + ", " + older.plusDays(3) + ", " + older.plusDays(7) + ", "
                        + older.plusDays(10)); // +364: no data yet
        assertThat(timing(refresh, "mart_inventory_position_base").scope())
                .isEqualTo(older + ".." + older.plusDays(30));
    }

    @Test
    void aRebuildInSlicesOfDatesGivesTheTablesOfOneStatement() {
        // a month of positions at 100 stores rebuilt in one statement ran out of memory (docs/scale.md): with
        // model-slice-rows a model recomputing several dates writes them a few at a time, to the same rows
        seedChain();
        runner.rebuildAll();
        Map<String, String> whole = checksums();

        // the positions' largest input, inventory, holds 60 snapshots a day (3 stores x 20 SKUs): 150 rows are 2 dates
        ModelRunner sliced = new ModelRunner(warehouse, ModelCatalog.load(ModelCatalog.DEFAULT_LOCATION), 150);
        ModelRunResult rebuild = sliced.rebuildAll();
        assertThat(checksums()).isEqualTo(whole);
        assertThat(timing(rebuild, "mart_inventory_position_base").statements()).isEqualTo(30);
        assertThat(timing(rebuild, "mart_inventory_position_base").scopeAndSlices())
                .isEqualTo("all (30 slices)");

        // a late correction moves 31 dates of positions: sliced too, to the rows a rebuild in one statement gives
        LocalDate older = START.plusDays(20);
        fx.execute("UPDATE sales SET units_sold = units_sold + 4 WHERE business_date = ? AND sku = 'P3'", older);
        fx.execute(
                "UPDATE inventory SET on_hand = 0 WHERE business_date = ? AND sku IN ('P1', 'P2')", older.plusDays(3));
        ModelRunResult refresh = sliced.refresh(Set.of(older, older.plusDays(3)));
        assertThat(timing(refresh, "mart_inventory_position_base").scope())
                .isEqualTo(older + ".." + older.plusDays(30));
        assertThat(timing(refresh, "mart_inventory_position_base").statements()).isEqualTo(16);
        Map<String, String> incremental = checksums();
        runner.rebuildAll();
        assertThat(checksums()).isEqualTo(incremental);
    }

    @Test
    void theDatesOfLoadsARefreshThatFailedLeftOutAreRefreshedByTheNextOne() {
        // a run's models step that failed after its loads committed (a model out of memory, Trino down) left its dates
        // out of the marts; a server keeps running, so no restart's recovery makes them up: the next refresh does
        Model units = ModelParser.parse("m_units.sql", """
                -- model: m_units
                -- depends_on: sales
                -- incremental_by: business_date
                SELECT business_date, SUM(units_sold) AS units FROM sales
                WHERE business_date BETWEEN :from_date AND :to_date GROUP BY business_date""");
        Model fragile = ModelParser.parse("m_fragile.sql", """
                -- model: m_fragile
                -- depends_on: m_units
                -- incremental_by: business_date
                SELECT business_date, CAST(CASE WHEN units = 999 THEN 'not a number' ELSE '1' END AS INTEGER) AS ok
                FROM m_units WHERE business_date BETWEEN :from_date AND :to_date""");
        ModelRunner two = new ModelRunner(warehouse, ModelCatalog.of(List.of(units, fragile)));
        fx.add(aStore("S1"), aProduct("P1"));
        fx.add(aSale().atStore("S1").forSku("P1").on(START).units(3));
        two.rebuildAll();

        LocalDate failed = START.plusDays(1);
        fx.add(
                aSale().atStore("S1").forSku("P1").on(failed).units(999),
                RetailFixture.aFeed("F-failed")
                        .on(failed)
                        .covering(failed, failed)
                        .updatedAt(java.time.Instant.now()));
        assertThatThrownBy(() -> two.refresh(Set.of(failed))).hasMessageContaining("m_fragile");
        assertThat(fx.value("SELECT COUNT(*) FROM m_units WHERE business_date = ?", failed))
                .isEqualTo("0");

        // what failed is fixed (here the data; for a memory limit, the setting); the next day loads and refreshes
        fx.execute("UPDATE sales SET units_sold = 7 WHERE business_date = ?", failed);
        LocalDate next = START.plusDays(2);
        fx.add(
                aSale().atStore("S1").forSku("P1").on(next).units(2),
                RetailFixture.aFeed("F-next").on(next).covering(next, next).updatedAt(java.time.Instant.now()));
        ModelRunResult refresh = two.refresh(Set.of(next));
        assertThat(timing(refresh, "m_units").scope()).isEqualTo(failed + ".." + next);
        assertThat(fx.value("SELECT CAST(units AS INTEGER) FROM m_units WHERE business_date = ?", failed))
                .isEqualTo("7");

        // and once in the marts, a load is not refreshed again
        assertThat(timing(two.refresh(Set.of()), "m_units").scope()).isEqualTo("none");
    }

    @Test
    void aFeedOnSeveralDatesLeavesOutOnlyItsOwnDatesNotTheDaysBetween() {
        // a shipments file with rows on two dates a week apart: every day between was counted as left out by a failed
        // refresh, so every normal run warned of one and refreshed the week
        runner.rebuildAll();
        LocalDate first = START.plusDays(3);
        LocalDate last = START.plusDays(9);
        fx.add(RetailFixture.aFeed("F-span").on(first).covering(first, last).updatedAt(java.time.Instant.now()));
        fx.execute(
                "INSERT INTO feed_days (feed_id, business_date, records_loaded, records_quarantined) VALUES"
                        + " ('F-span', ?, 1, 0)",
                first);
        fx.execute(
                "INSERT INTO feed_days (feed_id, business_date, records_loaded, records_quarantined) VALUES"
                        + " ('F-span', ?, 1, 0)",
                last);
        assertThat(runner.loadedSinceLastRefresh(Set.of())).contains(new java.util.TreeSet<>(Set.of(first, last)));
    }

    @Test
    void reloadingTheLatestDayEmptyRemovesItsRowsEverywhere() {
        seedChain();
        runner.rebuildAll();
        LocalDate last = START.plusDays(59);
        for (String table : List.of("sales", "inventory", "labour")) {
            fx.execute("DELETE FROM " + table + " WHERE business_date = ?", last);
        }
        runner.refresh(Set.of(last));
        Map<String, String> incremental = checksums();
        assertThat(fx.value("SELECT COUNT(*) FROM mart_inventory_position WHERE business_date = ?", last))
                .isEqualTo("0");
        runner.rebuildAll();
        assertThat(checksums()).isEqualTo(incremental);
    }

    @Test
    void aOneDayRefreshGivesTheRowsOfAFullRebuild() {
        // the daily case: a model may compute one date another way than many (positions: a sum instead of a window)
        seedChain();
        runner.rebuildAll();
        LocalDate last = START.plusDays(59);
        fx.execute(
                "UPDATE sales SET units_sold = units_sold + 3, total_sales = total_sales + 9 WHERE business_date = ? AND sku IN ('P1', 'P4')",
                last);
        fx.execute("UPDATE inventory SET on_hand = on_hand + 50 WHERE business_date = ? AND sku IN ('P2', 'P4')", last);
        fx.execute("UPDATE inventory SET on_hand = 0 WHERE business_date = ? AND sku = 'P5'", last);

        ModelRunResult refresh = runner.refresh(Set.of(last));
        Map<String, String> incremental = checksums();

        assertThat(timing(refresh, "mart_inventory_position_base").scope()).isEqualTo(last.toString());
        runner.rebuildAll();
        assertThat(checksums()).isEqualTo(incremental);
    }

    @Test
    void aFirstLoadOfOneDayIsBuiltAsThatDay() {
        fx.add(
                aStore("S1"),
                aProduct("A"),
                aProduct("B"),
                aSale().atStore("S1").forSku("A").on(START).units(2).value(10));
        fx.execute(
                "INSERT INTO inventory VALUES ('S1', 'A', ?, 4, 0, 0, NULL), ('S1', 'B', ?, 0, 0, 0, NULL)",
                START,
                START);
        ModelRunResult first = runner.refresh(Set.of(START)); // new tables: built completely, as the one date there is
        String positions = fx.checksum("mart_inventory_position_base");
        assertThat(timing(first, "mart_inventory_position_base").scope()).isEqualTo("all");
        assertThat(fx.rows(
                        "SELECT sku, units_28d, velocity_class, alert_type FROM mart_inventory_position ORDER BY sku"))
                .containsExactly(
                        List.of("A", "2.000", "fast", "null"), List.of("B", "0.000", "stagnant", "OUT_OF_STOCK"));

        // a sale on a later day without a snapshot changes no position, but makes the rebuild take the many-dates path
        fx.add(aSale().atStore("S1").forSku("B").on(START.plusDays(1)).units(1).value(5));
        runner.rebuildAll();
        assertThat(fx.checksum("mart_inventory_position_base")).isEqualTo(positions);
    }

    @Test
    void aMasterDataChangeRebuildsTheModelsThatReadIt() {
        seedChain();
        runner.rebuildAll();
        fx.execute(
                "UPDATE products SET unit_cost = unit_cost * 2, updated_at = now(), feed_id = 'F-master-2' WHERE sku = 'P3'");
        fx.execute("UPDATE stores SET area = 'West' WHERE store_id = 'S3'");

        ModelRunResult refresh = runner.refresh(Set.of());
        Map<String, String> incremental = checksums();

        assertThat(timing(refresh, "mart_sales_daily").scope()).isEqualTo("all");
        assertThat(timing(refresh, "mart_store_days").scope()).isEqualTo("none");
        runner.rebuildAll();
        assertThat(checksums()).isEqualTo(incremental);
    }

    @Test
    void reloadingMasterDataWithTheSameValuesRebuildsNothing() {
        seedChain();
        runner.rebuildAll();
        fx.execute("UPDATE products SET updated_at = now(), feed_id = 'F-master-again'");
        ModelRunResult refresh = runner.refresh(Set.of());
        assertThat(timing(refresh, "mart_sales_daily").scope()).isEqualTo("none");
        assertThat(timing(refresh, "mart_sales_daily").rowsWritten()).isZero();
    }

    @Test
    void everyShippedModelTestPassesOnConsistentData() {
        seedChain();
        runner.rebuildAll();
        List<ModelTestResult> results = runner.test();
        assertThat(results).hasSizeGreaterThan(30);
        assertThat(results)
                .allSatisfy(r -> assertThat(r.passed())
                        .as(r.model() + " " + r.test() + ": " + r.detail())
                        .isTrue());
    }

    @Test
    void testsAfterARefreshCheckTheDatesItWrote() {
        seedChain();
        runner.rebuildAll();
        LocalDate last = START.plusDays(59);
        // a row of an older date goes bad behind the runner's back; the next daily refresh does not rewrite it
        fx.execute(
                "UPDATE mart_sales_daily SET net_sales = NULL WHERE business_date = ? AND store_id = 'S1' AND sku = 'P1'",
                START);
        fx.execute("UPDATE sales SET total_sales = total_sales + 1 WHERE business_date = ?", last);
        ModelRunResult refresh = runner.refresh(Set.of(last));

        assertThat(runner.test(refresh))
                .allSatisfy(r -> assertThat(r.passed())
                        .as(r.model() + " " + r.test() + ": " + r.detail())
                        .isTrue());
        assertThat(runner.test())
                .filteredOn(r -> !r.passed())
                .extracting(ModelTestResult::model, ModelTestResult::test)
                .contains(org.assertj.core.groups.Tuple.tuple(
                        "mart_sales_daily", "not_null(business_date, channel, source, net_sales)"));

        // a bad row on the refreshed date is caught, and so is a reconciliation gap there
        fx.execute(
                "UPDATE mart_sales_daily SET net_sales = NULL WHERE business_date = ? AND store_id = 'S1' AND sku = 'P3'",
                last);
        assertThat(runner.test(refresh))
                .filteredOn(r -> !r.passed())
                .extracting(ModelTestResult::model, ModelTestResult::test)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                "mart_sales_daily", "not_null(business_date, channel, source, net_sales)"),
                        org.assertj.core.groups.Tuple.tuple(
                                "mart_sales_daily",
                                "reconcile(sum(net_sales) where source = 'pos' = sales: sum(total_sales))"));
    }

    @Test
    void aFailingModelTestIsReportedWithModelTestAndFailingRows() {
        seedChain();
        // two sales rows for a store that master data does not know
        fx.add(
                aSale().atStore("S9").forSku("P1").on(START).units(1).value(2),
                aSale().atStore("S9").forSku("P2").on(START).units(1).value(2));
        runner.refresh(Set.of(START));

        List<ModelTestResult> failed =
                runner.test().stream().filter(r -> !r.passed()).toList();
        assertThat(failed)
                .extracting(ModelTestResult::model, ModelTestResult::test, ModelTestResult::failingRows)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                "mart_sales_daily", "relationships(store_id -> stores.store_id)", 2L),
                        org.assertj.core.groups.Tuple.tuple(
                                "mart_sales_store_daily", "relationships(store_id -> stores.store_id)", 1L));
        assertThat(failed.get(0).detail()).contains("not in stores.store_id");
    }

    @Test
    void aReconciliationFailureSaysBothTotals() {
        seedChain();
        runner.rebuildAll();
        fx.execute(
                "UPDATE mart_sales_daily SET net_sales = net_sales + 1 WHERE store_id = 'S1' AND sku = 'P1' AND business_date = ?",
                START);
        ModelTestResult r = runner.test().stream()
                .filter(t -> t.model().equals("mart_sales_daily")
                        && t.test().equals("reconcile(sum(net_sales) where source = 'pos' = sales: sum(total_sales))"))
                .findFirst()
                .orElseThrow();
        assertThat(r.failingRows()).isEqualTo(1);
        assertThat(r.detail()).contains("the model says").contains("sales says");
    }

    @Test
    void aFailingModelLeavesEveryTableAsItWas() {
        fx.add(
                aStore("S1"),
                aProduct("A"),
                aSale().atStore("S1").forSku("A").on(START).units(1).value(5));
        Model good = ModelParser.parse("m_good.sql", """
                -- model: m_good
                -- depends_on: sales
                -- incremental_by: business_date
                SELECT business_date, SUM(total_sales) AS net FROM sales WHERE business_date BETWEEN :from_date AND :to_date GROUP BY 1""");
        Model bad = ModelParser.parse("m_bad.sql", """
                -- model: m_bad
                -- depends_on: m_good
                -- incremental_by: full
                SELECT CAST(net AS INTEGER) / (SELECT COUNT(*) - 1 FROM m_good) AS boom, CAST('x' AS INTEGER) AS y FROM m_good""");
        ModelRunner first = new ModelRunner(warehouse, ModelCatalog.of(List.of(good)));
        first.rebuildAll();
        fx.add(aSale().atStore("S1").forSku("A").on(START.plusDays(1)).units(1).value(7));

        ModelRunner broken = new ModelRunner(warehouse, ModelCatalog.of(List.of(good, bad)));
        assertThatThrownBy(() -> broken.refresh(Set.of(START.plusDays(1))))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("Model m_bad failed");
        assertThat(fx.value("SELECT COUNT(*) FROM m_good")).isEqualTo("1");
    }

    @Test
    void aChangedModelFileRebuildsItsTableAndEverythingDownstream() {
        fx.add(
                aStore("S1"),
                aProduct("A"),
                aSale().atStore("S1").forSku("A").on(START).units(1).value(5));
        String v1 = """
                -- model: m_day
                -- depends_on: sales
                -- incremental_by: business_date
                SELECT business_date, SUM(total_sales) AS net FROM sales WHERE business_date BETWEEN :from_date AND :to_date GROUP BY 1""";
        Model down = ModelParser.parse("m_down.sql", """
                -- model: m_down
                -- depends_on: m_day
                -- incremental_by: business_date
                SELECT business_date, net * 2 AS twice FROM m_day WHERE business_date BETWEEN :from_date AND :to_date""");
        new ModelRunner(warehouse, ModelCatalog.of(List.of(ModelParser.parse("m_day.sql", v1), down))).rebuildAll();
        Model v2 = ModelParser.parse(
                "m_day.sql", v1.replace("SUM(total_sales) AS net", "SUM(total_sales) AS net, COUNT(*) AS lines"));

        ModelRunResult r = new ModelRunner(warehouse, ModelCatalog.of(List.of(v2, down))).refresh(Set.of());
        assertThat(r.models()).extracting(ModelTiming::scope).containsExactly("all", "all");
        assertThat(fx.rows("SELECT net, lines FROM m_day")).containsExactly(List.of("5.00", "1"));
    }

    @Test
    void aTableBuiltForTheFirstTimeWithManyRowsIsReadableDownstreamInTheSameRefresh() {
        // DuckDB does not find filtered rows bulk-inserted into a table created in the same transaction;
        // the runner creates tables in a transaction of their own first.
        fx.execute("""
                CREATE TABLE big_source AS
                SELECT CAST(? AS DATE) + CAST(i % 100 AS INTEGER) AS business_date, 'S' || CAST(i % 7 AS VARCHAR) AS store_id, i AS x
                FROM generate_series(0, 299999) t(i)""", START);
        Model big = ModelParser.parse("m_big.sql", """
                -- model: m_big
                -- depends_on: big_source
                -- incremental_by: business_date
                SELECT business_date, store_id, x FROM big_source WHERE business_date BETWEEN :from_date AND :to_date ORDER BY store_id""");
        Model down = ModelParser.parse("m_down.sql", """
                -- model: m_down
                -- depends_on: m_big
                -- incremental_by: full
                SELECT COUNT(*) AS n FROM m_big WHERE store_id = 'S1'""");
        new ModelRunner(warehouse, ModelCatalog.of(List.of(big, down))).rebuildAll();
        assertThat(fx.value("SELECT n FROM m_down"))
                .isEqualTo(fx.value("SELECT COUNT(*) FROM big_source WHERE store_id = 'S1'"));
    }

    // ------------------------------------------------------------------ helpers

    private static ModelTiming timing(ModelRunResult result, String model) {
        return result.models().stream()
                .filter(m -> m.name().equals(model))
                .findFirst()
                .orElseThrow();
    }

    private Map<String, String> checksums() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String model : runner.modelNames()) {
            out.put(model, fx.checksum(model));
        }
        return out;
    }

    /** Three stores, twenty SKUs, sixty days of sales, inventory and labour, with returns and a store-level store. */
    private void seedChain() {
        fx.add(
                aStore("S1").inArea("North"),
                aStore("S2").inArea("North"),
                aStore("S3").inArea("South"),
                aStore("S4").inArea("South"));
        fx.execute("""
                INSERT INTO products (sku, name, department, category, unit_cost, unit_price, do_not_reorder, struck)
                SELECT 'P' || CAST(p AS VARCHAR), 'Product ' || CAST(p AS VARCHAR), CASE WHEN p <= 10 THEN 'Food' ELSE 'Home' END,
                       'Cat' || CAST(p % 4 AS VARCHAR), CAST(1 + p % 5 AS DECIMAL(14,4)), CAST(3 + p % 7 AS DECIMAL(14,4)), p = 19, p = 20
                FROM generate_series(1, 20) t(p)""");
        fx.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days) VALUES ('V1', 'Vendor', 5)");
        fx.execute(
                "INSERT INTO supplier_products (sku, supplier_id, case_pack) SELECT 'P' || CAST(p AS VARCHAR), 'V1', 6 FROM generate_series(1, 10) t(p)");
        fx.execute("""
                INSERT INTO sales
                SELECT 'S' || CAST(s AS VARCHAR), 'P' || CAST(p AS VARCHAR), CAST(? AS DATE) + CAST(d AS INTEGER), 'store',
                       CASE WHEN (s * 7 + p * 3 + d) % 23 = 0 THEN -1 ELSE (s * 31 + p * 17 + d * 7) % (p % 6 + 2) END,
                       CASE WHEN (s * 7 + p * 3 + d) % 23 = 0 THEN -4.50 ELSE ((s * 31 + p * 17 + d * 7) % (p % 6 + 2)) * (3 + p % 7) END,
                       CAST(p % 3 AS DECIMAL(14,2)), 1 + (s + p + d) % 9, (s * 7 + p * 3 + d) % 23 = 0, NULL
                FROM generate_series(1, 3) a(s), generate_series(1, 18) b(p), generate_series(0, 59) c(d)
                WHERE (s + p * 5 + d * 3) % 7 <> 0""", START);
        fx.execute("""
                INSERT INTO sales
                SELECT 'S4', NULL, CAST(? AS DATE) + CAST(d AS INTEGER), 'store', NULL, 1000 + d * 10, NULL, 40 + d % 5, FALSE, NULL
                FROM generate_series(0, 59) c(d) WHERE d % 9 <> 4""", START);
        fx.execute("""
                INSERT INTO inventory
                SELECT 'S' || CAST(s AS VARCHAR), 'P' || CAST(p AS VARCHAR), CAST(? AS DATE) + CAST(d AS INTEGER),
                       (s * 13 + p * 29 + d * 11) % 40 - 3, (p + d) % 12, 0, NULL
                FROM generate_series(1, 3) a(s), generate_series(1, 20) b(p), generate_series(0, 59) c(d)""", START);
        fx.execute("""
                INSERT INTO labour
                SELECT 'S' || CAST(s AS VARCHAR), CAST(? AS DATE) + CAST(d AS INTEGER), 40 + (s * d) % 17, 600 + (s * d) % 170, NULL
                FROM generate_series(1, 4) a(s), generate_series(0, 59) c(d)""", START);
        fx.add(
                RetailFixture.aFeed("F-sales").on(START.plusDays(59)).quarantined(3),
                RetailFixture.aFeed("F-bad").on(START.plusDays(10)).failed().quarantined(40),
                RetailFixture.aQuarantinedRow()
                        .feed("F-sales")
                        .line(5)
                        .reason("NOT_A_NUMBER", "units_sold", "abc is not a number")
                        .reason("UNKNOWN_SKU", "sku", "ZZ is not a product"));
    }
}
