package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.UncategorizedSQLException;

/**
 * A read the warehouse runs out of memory answering is a 503 that says what the user can try and what the
 * administrator can change, not "the server could not answer"; the engine's text stays in the log.
 */
class OutOfMemoryAnswerTest {

    @TempDir
    Path dir;

    @Test
    void aReadThatRanOutOfMemoryIsA503SayingWhatToTry() throws SQLException {
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
        ApiExceptionHandler handler =
                new ApiExceptionHandler(new StockroomProperties(dir.resolve("data"), null, null, null, null));

        // as a service's read through Spring JDBC meets it, and as Stockroom's own error wrapping it
        for (ProblemDetail answer : java.util.List.of(
                handler.unexpected(new UncategorizedSQLException("trends", "SELECT ...", oom)),
                handler.stockroom(new StockroomException(ErrorCode.WAREHOUSE_ERROR, "read failed", oom)))) {
            assertThat(answer.getStatus()).isEqualTo(503);
            assertThat(answer.getProperties()).containsEntry("code", "OUT_OF_MEMORY");
            assertThat(answer.getDetail())
                    .startsWith("The warehouse ran out of memory answering this request.")
                    .contains("Try a shorter date range or fewer stores", "stockroom.warehouse.memory-limit")
                    .doesNotContain("Exception", "SELECT", "GiB");
        }
    }
}
