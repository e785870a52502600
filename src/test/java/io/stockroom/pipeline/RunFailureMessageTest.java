package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;

/** What a failed run says, for failures that are not Stockroom's own: an engine out of memory names what to raise. */
class RunFailureMessageTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 10);

    @Test
    void aStepThatRanOutOfMemoryNamesTheSettingAndTheDateToRunAgain() throws SQLException {
        // a real DuckDB out-of-memory, as a step's statement through Spring JDBC meets it
        SQLException oom;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '50MB'");
            s.execute("SET threads = 1");
            oom = catchThrowableOfType(
                    SQLException.class,
                    () -> s.executeQuery("SELECT g % 20 AS k, LENGTH(STRING_AGG(REPEAT('x', 100), ',')) FROM "
                            + "generate_series(1, 4000000) t(g) GROUP BY k"));
        }
        assertThat((Throwable) oom).as("DuckDB out of memory").isNotNull();
        String message = PipelineService.failure(
                new UncategorizedSQLException("replenishment", "SELECT ...", oom),
                "replenishment",
                D,
                "Raise stockroom.warehouse.memory-limit (STOCKROOM_WAREHOUSE_MEMORY_LIMIT, now 50MB)");
        assertThat(message)
                .isEqualTo("The warehouse ran out of memory in the run's replenishment step. Raise "
                        + "stockroom.warehouse.memory-limit (STOCKROOM_WAREHOUSE_MEMORY_LIMIT, now 50MB), then run "
                        + "2026-03-10 again: what the run loaded before it is kept.");
    }

    @Test
    void stockroomsOwnMessageAndAnyOtherFailureAreSaidAsTheyCame() {
        assertThat(PipelineService.failure(
                        new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Model m failed: fix it."), "models", D, "x"))
                .isEqualTo("Model m failed: fix it.");
        assertThat(PipelineService.failure(new IllegalStateException("broken"), "forecast", D, "x"))
                .isEqualTo("java.lang.IllegalStateException: broken");
    }
}
