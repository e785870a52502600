package io.stockroom.pipeline;

import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.model.ModelTestResult;
import java.util.List;
import org.springframework.stereotype.Component;

/** Refreshes the marts for the dates a run changed (or rebuilds them all), then tests what it wrote. */
@Component
class ModelsStep implements PipelineStep {

    private final ModelRunner models;

    ModelsStep(ModelRunner models) {
        this.models = models;
    }

    @Override
    public String name() {
        return "models";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public StepOutcome execute(RunContext context) {
        ModelRunResult result = context.fullRebuild() ? models.rebuildAll() : models.refresh(context.datesTouched());
        List<ModelTestResult> failed =
                models.test(result).stream().filter(t -> !t.passed()).toList();
        String detail = String.format(
                "%d models, %,d rows written%s",
                result.models().size(),
                result.rowsWritten(),
                failed.isEmpty()
                        ? ", all model tests pass"
                        : "; failing tests: "
                                + failed.stream()
                                        .map(t -> t.model() + "." + t.test() + " (" + t.failingRows() + " rows)")
                                        .toList());
        return new StepOutcome(result.rowsWritten(), !failed.isEmpty(), detail);
    }
}
