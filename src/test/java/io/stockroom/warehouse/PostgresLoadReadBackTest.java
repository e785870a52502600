package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a load reads its own rows back by load number through an index, not by scanning the fact table's
 * history: a year of daily loads would otherwise be read several times for every new file.
 */
class PostgresLoadReadBackTest {

    @TempDir
    Path dir;

    private TestWarehouse w;

    @BeforeEach
    void open() {
        w = new TestWarehouse(dir, TestPostgres.newWarehouse());
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void oneLoadOfAFactTableIsFoundByItsLoadNumberWithoutReadingTheOthers() {
        String plan = w.warehouse.withConnection(c -> {
            // 60 daily loads of 2,000 rows, as the ingest appends them
            Sql.on(c).sql("""
                            INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved, load_seq)
                            SELECT 'S' || (r % 20), 'P' || r, CAST(? AS DATE) + d, 1, 0, 0, d
                            FROM generate_series(1, 60) d, generate_series(1, 2000) r
                            ORDER BY d""").param(Sql.date(LocalDate.of(2026, 1, 1))).update();
            Sql.on(c).sql("ANALYZE inventory").update();
            return String.join(
                    "\n",
                    Sql.on(c)
                            .sql("EXPLAIN SELECT * FROM " + Promotion.rowsOfLoad(w.contracts.get("inventory"), 61)
                                    + " l")
                            .query(String.class)
                            .list());
        });
        assertThat(plan).contains("inventory_load_seq").doesNotContain("Seq Scan on inventory");
    }
}
