package io.stockroom.pipeline;

import io.stockroom.replenish.LakeStatistics;
import io.stockroom.replenish.ReplenishmentRun;
import io.stockroom.replenish.ReplenishmentService;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Computes the day's reorder recommendations, purchase orders and exception report after the marts. With Trino
 * configured the demand statistics and observed lead times are built there first, from the lake ({@link
 * LakeStatistics}); the run then reuses them.
 */
@Component
class ReplenishmentStep implements PipelineStep {

    private final ReplenishmentService replenishment;
    private final Optional<LakeStatistics> onTrino;

    ReplenishmentStep(ReplenishmentService replenishment) {
        this(replenishment, Optional.empty());
    }

    @org.springframework.beans.factory.annotation.Autowired
    ReplenishmentStep(ReplenishmentService replenishment, Optional<LakeStatistics> onTrino) {
        this.onTrino = onTrino;
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
        LocalDate date = context.businessDate();
        if (context.trigger() == Trigger.REPLAY && !replenishment.ranFor(date)) {
            // a replay reproduces what the date had: orders dated in the past that it never had would wait as
            // 'proposed' for a buyer to approve and send to a supplier as if new
            return StepOutcome.skipped(date + " had no replenishment (its runs deferred it, as a catch-up does, or"
                    + " never computed it), so its replay makes no recommendations or purchase orders for it either;"
                    + " to compute them for that date on purpose: stockroom replenish --date " + date);
        }
        onTrino.ifPresent(statistics -> statistics.build(context.businessDate()));
        ReplenishmentRun r = replenishment.run(context.businessDate(), Optional.empty());
        String done = String.format(
                "%,d store-SKU pairs, %,d order lines in %,d purchase orders, %,d exceptions"
                        + (onTrino.isPresent() ? " (statistics on Trino)" : ""),
                r.pairsEvaluated(),
                r.lines(),
                r.purchaseOrders(),
                r.exceptions());
        if (r.choiceFailed() != null) {
            // the lines are committed and stand: a warning on the run, not a failure (docs/forecast.md)
            return new StepOutcome(
                    r.lines(),
                    true,
                    done + ". The weekly forecast choice after the lines failed: " + r.choiceFailed()
                            + ". The lines stand (made with the stored choices); the pairs due for their choice stay due"
                            + " and the next run chooses them");
        }
        return StepOutcome.ok(r.lines(), done);
    }
}
