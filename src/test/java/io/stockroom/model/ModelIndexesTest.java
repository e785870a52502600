package io.stockroom.model;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.StockroomException;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import io.stockroom.testdata.RetailFixture;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's {@code indexes:} line: on PostgreSQL the runner builds them with the table, and on the next run for a
 * table built before they were declared (an upgrade) without rebuilding its rows; DuckDB builds none.
 */
class ModelIndexesTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    private static final String DAY_UNITS = """
            -- model: m_day_units
            -- depends_on: sales
            -- incremental_by: business_date
            %sSELECT business_date, store_id, SUM(units_sold) AS units FROM sales
            WHERE business_date BETWEEN :from_date AND :to_date GROUP BY business_date, store_id""";

    private static final String INDEXED = "-- indexes: brin(business_date), btree(store_id, business_date)\n";

    @TempDir
    Path dir;

    @Test
    void everyShippedMartsDeclaredIndexIsOnItsPostgresTableAfterARun() {
        try (TestWarehouse w = new TestWarehouse(dir, TestPostgres.newWarehouse())) {
            new ModelRunner(w.warehouse).rebuildAll();
            RetailFixture fx = new RetailFixture(w.warehouse);
            List<Model> indexed = ModelCatalog.load(ModelCatalog.DEFAULT_LOCATION).ordered().stream()
                    .filter(m -> !m.indexes().isEmpty())
                    .toList();
            assertThat(indexed)
                    .extracting(Model::name)
                    .contains("mart_sales_daily", "mart_sales_store_channel_daily", "mart_inventory_position_base");
            for (Model m : indexed) {
                for (ModelIndex index : m.indexes()) {
                    assertThat(indexDefinitions(fx, m.name()))
                            .as(m.name())
                            .contains(index.name(m.name()) + " USING "
                                    + index.kind().name().toLowerCase(java.util.Locale.ROOT) + " ("
                                    + String.join(", ", index.columns()) + ")");
                }
            }
        }
    }

    @Test
    void aTableBuiltBeforeItsIndexesWereDeclaredGetsThemOnTheNextRunWithItsRowsKept() {
        try (TestWarehouse w = new TestWarehouse(dir, TestPostgres.newWarehouse())) {
            RetailFixture fx = new RetailFixture(w.warehouse);
            fx.add(aStore("S1"), aStore("S2"), aProduct("P1"));
            fx.add(aSale().atStore("S1").forSku("P1").on(START).units(3));
            fx.add(aSale().atStore("S2").forSku("P1").on(START.plusDays(1)).units(4));
            Model before = ModelParser.parse("m_day_units.sql", DAY_UNITS.formatted(""));
            new ModelRunner(w.warehouse, ModelCatalog.of(List.of(before))).rebuildAll();
            assertThat(indexDefinitions(fx, "m_day_units")).isEmpty();

            Model upgraded = ModelParser.parse("m_day_units.sql", DAY_UNITS.formatted(INDEXED));
            ModelRunResult run = new ModelRunner(w.warehouse, ModelCatalog.of(List.of(upgraded))).refresh(Set.of());

            assertThat(indexDefinitions(fx, "m_day_units"))
                    .contains("m_day_units_business_date_brin USING brin (business_date)")
                    .contains("m_day_units_store_id_business_date_btree USING btree (store_id, business_date)");
            // the index line is not the definition: the rows stay, nothing is recomputed
            assertThat(upgraded.definitionHash()).isEqualTo(before.definitionHash());
            assertThat(run.models().get(0).scope()).isEqualTo("none");
            assertThat(fx.value("SELECT CAST(SUM(units) AS INTEGER) FROM m_day_units"))
                    .isEqualTo("7");
        }
    }

    @Test
    void aBrinIndexCoversTheRowsARunWroteWithoutWaitingForAVacuum() {
        try (TestWarehouse w = new TestWarehouse(dir, TestPostgres.newWarehouse())) {
            RetailFixture fx = new RetailFixture(w.warehouse);
            fx.add(aStore("S1"), aProduct("P1"));
            fx.add(aSale().atStore("S1").forSku("P1").on(START).units(3));
            // 50,000 rows a day: several of the index's page ranges (128 pages each)
            Model wide = ModelParser.parse("m_wide.sql", """
                    -- model: m_wide
                    -- depends_on: sales
                    -- incremental_by: business_date
                    -- indexes: brin(business_date)
                    SELECT s.business_date, s.store_id, g.n FROM sales s CROSS JOIN generate_series(1, 50000) g(n)
                    WHERE s.business_date BETWEEN :from_date AND :to_date""");
            ModelRunner runner = new ModelRunner(w.warehouse, ModelCatalog.of(List.of(wide)));
            runner.rebuildAll();
            // a page range no summary covers is read by every query that uses the index: none is left
            assertThat(fx.value("SELECT brin_summarize_new_values('m_wide_business_date_brin')"))
                    .isEqualTo("0");

            fx.add(aSale().atStore("S1").forSku("P1").on(START.plusDays(1)).units(4));
            runner.refresh(Set.of(START.plusDays(1)));
            assertThat(fx.value("SELECT brin_summarize_new_values('m_wide_business_date_brin')"))
                    .isEqualTo("0");
        }
    }

    @Test
    void duckDbBuildsNoIndexAndAnswersTheSame() {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            RetailFixture fx = new RetailFixture(w.warehouse);
            fx.add(aStore("S1"), aProduct("P1"));
            fx.add(aSale().atStore("S1").forSku("P1").on(START).units(3));
            Model indexed = ModelParser.parse("m_day_units.sql", DAY_UNITS.formatted(INDEXED));
            ModelRunner runner = new ModelRunner(w.warehouse, ModelCatalog.of(List.of(indexed)));
            runner.rebuildAll();
            runner.refresh(Set.of(START));

            assertThat(fx.value("SELECT COUNT(*) FROM duckdb_indexes() WHERE table_name = 'm_day_units'"))
                    .isEqualTo("0");
            assertThat(fx.value("SELECT CAST(SUM(units) AS INTEGER) FROM m_day_units"))
                    .isEqualTo("3");
        }
    }

    @Test
    void anIndexThatIsNotBrinOrBtreeIsRefusedWithTheFormsThatWork() {
        assertThatThrownBy(
                        () -> ModelParser.parse("m_day_units.sql", DAY_UNITS.formatted("-- indexes: hash(store_id)\n")))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("m_day_units.sql")
                .hasMessageContaining("index 'hash(store_id)' must be brin(<column>, ...) or btree(<column>, ...)");
    }

    /** The table's indexes in the warehouse's schema, one a line: its name and how it is built. */
    private static String indexDefinitions(RetailFixture fx, String table) {
        return fx.value("""
                SELECT COALESCE(string_agg(indexname || ' ' || regexp_replace(indexdef, '^.* USING ', 'USING '), CHR(10)
                                           ORDER BY indexname), '')
                FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?""", table);
    }
}
