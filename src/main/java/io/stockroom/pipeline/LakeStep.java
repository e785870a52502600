package io.stockroom.pipeline;

import static java.util.Objects.requireNonNull;

import io.stockroom.warehouse.Lake;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With Trino configured (docs/scale.md), publishes the fact tables' dates a run changed to the Iceberg lake before the
 * models run there: per table one commit that replaces the dates from the first to the last one touched (a replay:
 * every date) with the warehouse's rows, recorded in lake_commits with the feeds they came from.
 */
@Component
@ConditionalOnProperty("stockroom.trino.url")
class LakeStep implements PipelineStep {

    /** The fact tables the models and statistics on Trino read from the lake. */
    static final List<String> FACTS = List.of("sales", "orders", "labour", "inventory", "receipts");

    private static final LocalDate ALL_FROM = LocalDate.of(1900, 1, 1);
    private static final LocalDate ALL_TO = LocalDate.of(2999, 12, 31);

    private final Lake lake;

    LakeStep(Lake lake) {
        this.lake = requireNonNull(lake, "lake is null");
    }

    @Override
    public String name() {
        return "lake";
    }

    @Override
    public int order() {
        return 5; // before the models (10), which read the lake
    }

    @Override
    public StepOutcome execute(RunContext context) {
        if (!context.fullRebuild() && context.datesTouched().isEmpty()) {
            return StepOutcome.ok(0, "no fact dates changed: nothing to publish");
        }
        LocalDate from = context.fullRebuild() ? ALL_FROM : Collections.min(context.datesTouched());
        LocalDate to = context.fullRebuild() ? ALL_TO : Collections.max(context.datesTouched());
        long rows = 0;
        for (String table : FACTS) {
            rows += lake.replaceSlices(table, from, to).stream()
                    .mapToLong(Lake.LakeCommit::rows)
                    .sum();
        }
        return StepOutcome.ok(
                rows,
                String.format(
                        "%,d rows of %s published to the lake (%s)",
                        rows,
                        String.join(", ", FACTS),
                        context.fullRebuild() ? "every date" : from.equals(to) ? from : from + ".." + to));
    }
}
