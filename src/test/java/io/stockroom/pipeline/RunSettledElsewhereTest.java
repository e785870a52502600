package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.pipeline.PipelineStep.StepOutcome;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that another process marked interrupted while it was still under way (that process took this one for stopped:
 * the session showing it alive was lost to a database restart or a network cut) goes on to its end, and its record
 * says what happened instead of the run failing on the stage the other process wrote.
 */
class RunSettledElsewhereTest {

    static final LocalDate D1 = LocalDate.of(2025, 3, 1);

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void setUp() {
        w = new TestWarehouse(dir.resolve("data"));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void aRunSettledByAnotherProcessWhileUnderWayRecordsThatAndWhatToDoInsteadOfFailingOnADuplicateStage() {
        PipelineStep settledMeanwhile = TestSteps.step("models", 1, context -> {
            // another process's start, which no longer sees this run's process alive, settles the run
            w.warehouse.withConnection(c -> c.createStatement()
                    .executeUpdate("UPDATE runs SET process_key = 42 WHERE run_id = '" + context.runId() + "'"));
            assertThat(new RunStore(w.warehouse).failInterrupted())
                    .singleElement()
                    .satisfies(r -> assertThat(r.runId()).isEqualTo(context.runId()));
            return StepOutcome.ok(5, "5 rows");
        });
        PipelineStep after = TestSteps.step("replenishment", 2, context -> {
            return StepOutcome.ok(3, "3 lines");
        });

        RunResult run = new PipelineService(
                        w.ingest,
                        w.contracts,
                        w.warehouse,
                        new RunStore(w.warehouse),
                        List.of(settledMeanwhile, after),
                        w.properties)
                .run(D1, Trigger.CLI);

        String recorded = "run_id = '" + run.runId() + "'";
        assertThat(w.string("SELECT status FROM runs WHERE " + recorded))
                .as("not a complete run any more: the other process may have failed its feeds")
                .isIn("warning", PipelineService.INCOMPLETE)
                .isEqualTo(run.status());
        assertThat(w.string("SELECT error FROM runs WHERE " + recorded))
                .isEqualTo(run.error())
                .contains("Another Stockroom process marked this run interrupted")
                .contains("Run " + D1 + " again");
        assertThat(w.strings(
                        "SELECT name || ' ' || status FROM run_stages WHERE " + recorded + " ORDER BY stage_order"))
                .as("the other process's recovery stage, then what this run did after it")
                .containsSubsequence("recovery failed", "models succeeded", "replenishment succeeded")
                .last()
                .isEqualTo("settled_elsewhere warning");
    }
}
