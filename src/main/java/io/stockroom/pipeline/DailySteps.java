package io.stockroom.pipeline;

import io.stockroom.model.ModelRunner;
import io.stockroom.replenish.ReplenishmentService;
import java.util.List;

/** The steps a daily run takes after the quality gate, for a pipeline wired by hand (benchmarks, tools) rather than by Spring. */
public final class DailySteps {

    private DailySteps() {}

    /** Refresh the marts and test them, then compute replenishment: what the application runs. */
    public static List<PipelineStep> of(ModelRunner models, ReplenishmentService replenishment) {
        return List.of(new ModelsStep(models), new ReplenishmentStep(replenishment));
    }
}
