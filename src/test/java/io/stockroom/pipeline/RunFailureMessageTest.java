package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.sql.SQLException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;

/** What a failed run says, for failures that are not Stockroom's own: an engine out of memory names what to raise. */
class RunFailureMessageTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 10);

    @Test
    void aStepThatRanOutOfMemoryNamesTheSettingAndTheDateToRunAgain() {
        SQLException oom = io.stockroom.TestEngine.duckDbOutOfMemory();
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
