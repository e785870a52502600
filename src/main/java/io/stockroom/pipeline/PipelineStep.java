package io.stockroom.pipeline;

/**
 * A stage that runs after the day's files are loaded (models, replenishment, ...). Steps are Spring beans,
 * run in ascending {@link #order()}; a step that throws fails the run and the later steps are skipped.
 */
public interface PipelineStep {

    String name();

    int order();

    StepOutcome execute(RunContext context);

    /**
     * What a step did: rows it wrote, a warning if it found problems, and a one-line detail; or that it had nothing to
     * do for this run ({@code skipped}, the detail saying why).
     */
    record StepOutcome(long rows, boolean warning, String detail, boolean skipped) {
        public StepOutcome(long rows, boolean warning, String detail) {
            this(rows, warning, detail, false);
        }

        public static StepOutcome ok(long rows, String detail) {
            return new StepOutcome(rows, false, detail);
        }

        public static StepOutcome skipped(String why) {
            return new StepOutcome(0, false, why, true);
        }
    }
}
