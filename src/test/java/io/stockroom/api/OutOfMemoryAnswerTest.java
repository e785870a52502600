package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import java.nio.file.Path;
import java.sql.SQLException;
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
    void aReadThatRanOutOfMemoryIsA503SayingWhatToTry() {
        SQLException oom = io.stockroom.TestEngine.duckDbOutOfMemory();
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
