package io.stockroom.pipeline;

import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.model.ModelTestResult;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Refreshes the marts for the dates a run changed (or rebuilds them all), then tests what it wrote. With Trino
 * configured (docs/scale.md) the models {@link LakeModels} runs are computed there first, from the lake the run has
 * just published to, and the warehouse's own engine refreshes the others.
 */
@Component
class ModelsStep implements PipelineStep {

    private final ModelRunner models;
    private final Optional<LakeModels> onTrino;

    ModelsStep(ModelRunner models) {
        this(models, Optional.empty());
    }

    @org.springframework.beans.factory.annotation.Autowired
    ModelsStep(ModelRunner models, Optional<LakeModels> onTrino) {
        this.models = models;
        this.onTrino = onTrino;
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
        LakeModels trino = onTrino.orElse(null);
        ModelRunResult result =
                context.fullRebuild() ? models.rebuildAll(trino) : models.refresh(context.datesTouched(), trino);
        String where = trino == null
                ? ""
                : " ("
                        + result.models().stream()
                                .filter(t -> trino.modelNames().contains(t.name()))
                                .count()
                        + " on Trino)";
        List<ModelTestResult> failed = models.test(result, onTrino.orElse(null)).stream()
                .filter(t -> !t.passed())
                .toList();
        String detail = String.format(
                "%d models%s, %,d rows written%s",
                result.models().size(),
                where,
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
