package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import io.stockroom.warehouse.Sql;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replenishment statement that writes many rows leaves PostgreSQL's planner knowing them for the statements after it
 * in the same transaction: today's generation of the demand statistics replaces the one of two days ago, and the
 * planner, still knowing only that one, estimated {@code as_of = today} at one row.
 */
class NamedSqlStatisticsTest {

    private static final LocalDate BEFORE = LocalDate.of(2026, 3, 1);
    private static final LocalDate TODAY = BEFORE.plusDays(2);

    @TempDir
    Path dir;

    private TestWarehouse w;

    @BeforeEach
    void open() {
        w = new TestWarehouse(dir, TestPostgres.newWarehouse());
        w.warehouse.withConnection(c -> {
            Sql.on(c).sql("CREATE TABLE generation (as_of DATE, pair INTEGER)").update();
            Sql.on(c)
                    .sql("INSERT INTO generation SELECT ?, p FROM generate_series(1, 30000) p")
                    .param(Sql.date(BEFORE))
                    .update();
            Sql.on(c).sql("ANALYZE generation").update();
            return null;
        });
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aLargeInsertOrTableIsAnalysedForTheStatementsAfterIt() {
        w.warehouse.inTransaction(c -> {
            NamedSql.update(c, "DELETE FROM generation WHERE as_of = :d", Map.of("d", BEFORE));
            NamedSql.update(
                    c,
                    "-- today's generation\nINSERT INTO generation SELECT :d, p FROM generate_series(1, 30000) p",
                    Map.of("d", TODAY));
            assertThat(TestPostgres.estimatedRows(c, "generation WHERE as_of = DATE '" + TODAY + "'"))
                    .isGreaterThan(15_000);

            NamedSql.update(
                    c, "CREATE TEMP TABLE repl_today AS SELECT * FROM generation WHERE as_of = :d", Map.of("d", TODAY));
            assertThat(TestPostgres.estimatedRows(c, "repl_today WHERE pair > 0"))
                    .isGreaterThan(15_000);
            return null;
        });
    }
}
