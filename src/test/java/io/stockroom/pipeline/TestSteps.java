package io.stockroom.pipeline;

import io.stockroom.pipeline.PipelineStep.StepOutcome;
import java.util.function.Function;

/** Pipeline steps for tests: a name, an order and what the step does, without an anonymous class each. */
final class TestSteps {

    private TestSteps() {}

    static PipelineStep step(String name, int order, Function<RunContext, StepOutcome> body) {
        return new PipelineStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public StepOutcome execute(RunContext context) {
                return body.apply(context);
            }
        };
    }
}
