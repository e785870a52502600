package io.stockroom.pipeline;

import io.stockroom.replenish.LakeStatistics;
import io.stockroom.replenish.ReplenishmentRun;
import io.stockroom.replenish.ReplenishmentService;
import java.time.LocalDate;
import java.util.List;
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
            List<String> stores = replenishment.storesRunFor(date);
            if (stores.isEmpty()) {
                return StepOutcome.skipped(date + " had no replenishment (its runs deferred it, as a catch-up does,"
                        + " or never computed it), so its replay makes no recommendations or purchase orders for it"
                        + " either; to compute them for that date on purpose: stockroom replenish --date " + date);
            }
            // it had it for some stores (stockroom replenish --store): those stores have it again, the others not
            onTrino.ifPresent(statistics -> statistics.build(date));
            List<ReplenishmentRun> runs = stores.stream()
                    .map(store -> replenishment.run(date, Optional.of(store)))
                    .toList();
            String those = (stores.size() == 1 ? "store " : "stores ") + String.join(", ", stores);
            return outcome(
                    runs,
                    " (for " + those + " only: " + date + " had replenishment for "
                            + (stores.size() == 1 ? "that store" : "those stores") + " alone)");
        }
        onTrino.ifPresent(statistics -> statistics.build(context.businessDate()));
        return outcome(List.of(replenishment.run(context.businessDate(), Optional.empty())), "");
    }

    private StepOutcome outcome(List<ReplenishmentRun> runs, String scope) {
        long lines = runs.stream().mapToLong(ReplenishmentRun::lines).sum();
        String done = String.format(
                "%,d store-SKU pairs, %,d order lines in %,d purchase orders, %,d exceptions"
                        + (onTrino.isPresent() ? " (statistics on Trino)" : "") + scope,
                runs.stream().mapToLong(ReplenishmentRun::pairsEvaluated).sum(),
                lines,
                runs.stream().mapToLong(ReplenishmentRun::purchaseOrders).sum(),
                runs.stream().mapToLong(ReplenishmentRun::exceptions).sum());
        String choiceFailed = runs.stream()
                .map(ReplenishmentRun::choiceFailed)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (choiceFailed != null) {
            // the lines are committed and stand: a warning on the run, not a failure (docs/forecast.md)
            return new StepOutcome(
                    lines,
                    true,
                    done + ". The weekly forecast choice after the lines failed: " + choiceFailed
                            + ". The lines stand (made with the stored choices); the pairs due for their choice stay due"
                            + " and the next run chooses them");
        }
        return StepOutcome.ok(lines, done);
    }
}
