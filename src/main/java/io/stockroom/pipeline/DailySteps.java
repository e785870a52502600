package io.stockroom.pipeline;

import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.replenish.LakeStatistics;
import io.stockroom.replenish.ReplenishmentService;
import io.stockroom.warehouse.Lake;
import java.util.List;
import java.util.Optional;

/** The steps a daily run takes after the quality gate, for a pipeline wired by hand (benchmarks, tools) rather than by Spring. */
public final class DailySteps {

    private DailySteps() {}

    /** Refresh the marts and test them, then compute replenishment: what the application runs. */
    public static List<PipelineStep> of(ModelRunner models, ReplenishmentService replenishment) {
        return List.of(new ModelsStep(models), new ReplenishmentStep(replenishment));
    }

    /**
     * As {@link #of(ModelRunner, ReplenishmentService)} with Trino (docs/scale.md): the run's fact dates published to
     * the lake first, the models {@code onTrino} runs and the replenishment statistics computed there.
     */
    public static List<PipelineStep> withTrino(
            ModelRunner models,
            ReplenishmentService replenishment,
            Lake lake,
            LakeModels onTrino,
            LakeStatistics statistics) {
        return List.of(
                new LakeStep(lake),
                new ModelsStep(models, Optional.of(onTrino)),
                new ReplenishmentStep(replenishment, Optional.of(statistics)));
    }
}
