package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a model whose {@code SELECT} the planner runs in parallel and that yields few rows is computed by
 * parallel workers ({@code CREATE TABLE AS}), which an {@code INSERT ... SELECT} never uses; a large output is
 * inserted directly. The rows written are the same either way.
 */
class PostgresParallelWriteTest {

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
    void aSmallOutputOfAParallelSelectIsComputedByWorkersAndWrittenOnce() {
        List<Long> writerPids = w.warehouse.inTransaction(c -> {
            Sql.on(c)
                    .sql("CREATE TABLE src AS SELECT r AS n, r % 7 AS k FROM generate_series(1, 20000) r")
                    .update();
            Sql.on(c).sql("ANALYZE src").update();
            Sql.on(c)
                    .sql("CREATE TABLE sums (k INTEGER, total BIGINT, pid INTEGER)")
                    .update();
            // the pid of the process that computes each group: a parallel worker's differs from the session's
            Sql.on(c).sql("""
                            CREATE FUNCTION sr_test_pid() RETURNS INTEGER
                                LANGUAGE sql VOLATILE PARALLEL SAFE AS 'SELECT pg_backend_pid()'""").update();
            Sql.on(c).sql("SET LOCAL parallel_setup_cost = 0").update();
            Sql.on(c).sql("SET LOCAL parallel_tuple_cost = 0").update();
            Sql.on(c).sql("SET LOCAL min_parallel_table_scan_size = 0").update();
            Sql.on(c).sql("SET LOCAL parallel_leader_participation = off").update();
            long rows = Dialect.of(c)
                    .insertSelect(
                            c,
                            "sums",
                            "SELECT k, SUM(n), MAX(p) FROM (SELECT k, n, sr_test_pid() AS p FROM src WHERE n > ?) s"
                                    + " GROUP BY k",
                            List.of(0));
            assertThat(rows).isEqualTo(7);
            assertThat(Sql.on(c)
                            .sql("SELECT SUM(total) FROM sums")
                            .query(Long.class)
                            .single())
                    .isEqualTo(20000L * 20001 / 2);
            return Sql.on(c)
                    .sql("SELECT DISTINCT CAST(pid AS BIGINT) - pg_backend_pid() FROM sums")
                    .query(Long.class)
                    .list();
        });
        assertThat(writerPids)
                .as("pids of the workers that computed the groups, less the session's")
                .doesNotContain(0L);
    }

    @Test
    void theExpectedRowsOfAPlanAreThoseOfItsTopNode() {
        String plan = """
                [{"Plan": {"Node Type": "Gather", "Plan Rows": 2000000, "Plans": [{"Plan Rows": 12}]}}]""";
        assertThat(PostgresDialect.planRows(plan)).isEqualTo(2_000_000L);
        assertThat(PostgresDialect.planRows("[{\"Plan\": {\"Plan Rows\": 1.5e+07}}]"))
                .isEqualTo(15_000_000L);
    }
}
