package io.stockroom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.TestEngine;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that needs more memory for all its dates at once than the warehouse has (DuckDB's memory_limit): it is
 * written in slices of dates, and when even those do not fit the message names the settings to change, not the model.
 */
class ModelMemoryTest {

    private static final LocalDate START = LocalDate.of(2026, 3, 1);

    /**
     * One row a date, holding a text of 11 MB built from that date's sales rows: one date fits in 100 MB of
     * memory, 24 dates at once (an aggregate holding every date's text) do not.
     */
    private static final Model LARGE_TEXT = ModelParser.parse("mart_large_text.sql", """
            -- model: mart_large_text
            -- depends_on: sales
            -- incremental_by: business_date
            SELECT business_date, LENGTH(STRING_AGG(REPEAT(sku, 10), ',')) AS text_length
            FROM sales, generate_series(1, 100000) t(copy)
            WHERE business_date BETWEEN :from_date AND :to_date
            GROUP BY business_date""");

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private RetailFixture fx;

    @BeforeEach
    void open() {
        assumeFalse(TestEngine.postgres(), "DuckDB's memory_limit; a PostgreSQL server's memory is its own");
        warehouse = new Warehouse(dataDir, new StockroomProperties.Warehouse("duckdb", "100MB", 1));
        fx = new RetailFixture(warehouse);
        fx.add(RetailFixture.aStore("S1"), RetailFixture.aProduct("SKU-0000001"));
        for (int d = 0; d < 24; d++) {
            fx.add(RetailFixture.aSale().atStore("S1").forSku("SKU-0000001").on(START.plusDays(d)));
        }
    }

    @AfterEach
    void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void aRebuildTooLargeForMemoryInOneStatementGoesThroughInSlices() {
        ModelCatalog catalog = ModelCatalog.of(List.of(LARGE_TEXT));
        // one slice: every date's text at once
        assertThatThrownBy(() -> new ModelRunner(warehouse, catalog, 1_000).rebuildAll())
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("Model mart_large_text ran out of memory computing every date")
                .hasMessageContaining(
                        "Raise stockroom.warehouse.memory-limit (STOCKROOM_WAREHOUSE_MEMORY_LIMIT, now 100MB)")
                .hasMessageContaining(
                        "stockroom.warehouse.model-slice-rows (STOCKROOM_WAREHOUSE_MODEL_SLICE_ROWS, now 1,000)")
                .hasMessageContaining("nothing was changed")
                .hasMessageNotContaining("Fix models/");

        // a sales row a date: a slice of one row is one date at a time
        ModelRunResult sliced = new ModelRunner(warehouse, catalog, 1).rebuildAll();
        assertThat(sliced.models().getFirst().statements()).isEqualTo(24);
        assertThat(fx.value("SELECT COUNT(*) FROM mart_large_text")).isEqualTo("24");
        assertThat(fx.value("SELECT MIN(text_length) FROM mart_large_text")).isEqualTo("11099999");
    }
}
