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
        if (!replenishment.ranFor(date)) {
            // A replay reproduces what the date had. A run of an earlier date after a later date's orders (a late file,
            // a re-run) must not make that date orders it never had either: they would come from stock counts the
            // later date's have replaced. Either way such orders would wait as 'proposed' for a buyer to approve and
            // send to a supplier as if new.
            Optional<LocalDate> later =
                    context.trigger() == Trigger.REPLAY ? Optional.empty() : replenishment.ranAfter(date);
            if (context.trigger() == Trigger.REPLAY || later.isPresent()) {
                return onlyWhatTheDateHad(date, later);
            }
        }
        onTrino.ifPresent(statistics -> statistics.build(date));
        return outcome(List.of(replenishment.run(date, Optional.empty())), "");
    }

    private StepOutcome onlyWhatTheDateHad(LocalDate date, Optional<LocalDate> later) {
        List<String> stores = replenishment.storesRunFor(date);
        String how = "; to compute them for that date on purpose: stockroom replenish --date " + date;
        if (stores.isEmpty()) {
            return StepOutcome.skipped(later.map(l -> date + " had no replenishment and " + l
                            + ", a later date, has it: orders made now for " + date
                            + " would come from stock counts since replaced and could be sent beside " + l
                            + "'s, so this run makes none" + how)
                    .orElse(date + " had no replenishment (its runs deferred it, as a catch-up does,"
                            + " or never computed it), so its replay makes no recommendations or purchase orders"
                            + " for it either" + how));
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
