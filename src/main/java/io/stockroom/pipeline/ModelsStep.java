package io.stockroom.pipeline;

import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.model.ModelTestResult;
import io.stockroom.model.ModelTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
        ModelRunResult result;
        String where = "";
        if (onTrino.isPresent()) {
            LakeModels trino = onTrino.get();
            ModelRunResult lake = context.fullRebuild() ? trino.rebuildAll() : trino.refresh(context.datesTouched());
            Set<String> elsewhere = Set.copyOf(trino.modelNames());
            ModelRunResult rest = context.fullRebuild()
                    ? models.rebuildAll(elsewhere)
                    : models.refresh(context.datesTouched(), elsewhere);
            List<ModelTiming> all = new ArrayList<>(lake.models());
            all.addAll(rest.models());
            result = new ModelRunResult(all, lake.totalMillis() + rest.totalMillis());
            where = " (" + lake.models().size() + " on Trino)";
        } else {
            result = context.fullRebuild() ? models.rebuildAll() : models.refresh(context.datesTouched());
        }
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
