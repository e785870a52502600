package io.stockroom.pipeline;

import io.stockroom.replenish.ReplenishmentRun;
import io.stockroom.replenish.ReplenishmentService;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Computes the day's reorder recommendations, purchase orders and exception report after the marts. */
@Component
class ReplenishmentStep implements PipelineStep {

    private final ReplenishmentService replenishment;

    ReplenishmentStep(ReplenishmentService replenishment) {
        this.replenishment = replenishment;
    }

    @Override
    public String name() {
        return "replenishment";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public StepOutcome execute(RunContext context) {
        ReplenishmentRun r = replenishment.run(context.businessDate(), Optional.empty());
        return StepOutcome.ok(
                r.lines(),
                String.format(
                        "%,d store-SKU pairs, %,d order lines in %,d purchase orders, %,d exceptions",
                        r.pairsEvaluated(), r.lines(), r.purchaseOrders(), r.exceptions()));
    }
}
