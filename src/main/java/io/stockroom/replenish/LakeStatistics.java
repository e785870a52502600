package io.stockroom.replenish;

import static java.util.Objects.requireNonNull;

import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The replenishment statistics on Trino (docs/scale.md): the rolling demand statistics as of a business date and the
 * observed supplier lead times, from the same SQL files as on the warehouse's own engine. The statements that read the
 * facts (sales, inventory, receipts) run on Trino over the lake, joined there with the warehouse's keys and master
 * data; their rows land in the warehouse tables replenishment reads, in one warehouse transaction. A replenishment run
 * of that date then finds the generation built and its facts unchanged, and reuses it.
 *
 * <p>Always a full build: the incremental path (D from D-1) saves work on one machine, while Trino's cost is per
 * statement, not per row. The store and SKU numbers are committed first, since Trino sees only committed rows.
 */
@org.springframework.stereotype.Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("stockroom.trino.url")
public final class LakeStatistics {

    private final Warehouse warehouse;
    private final DemandStatistics demand;
    private final ObservedLeadTimeProperties observedLeadTime;
    private final Statements onLake;

    @org.springframework.beans.factory.annotation.Autowired
    public LakeStatistics(
            Warehouse warehouse,
            Lake lake,
            ReplenishmentProperties settings,
            ObservedLeadTimeProperties observedLeadTime) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        requireNonNull(lake, "lake is null");
        this.onLake = (c, sql, p) -> lake.readsLake(sql) ? lake.runOnTrino(c, sql, p) : NamedSql.update(c, sql, p);
        requireNonNull(settings, "settings is null");
        // the whole window in one batch: each batch's partial sums (a row per pair) would cross from Trino into the
        // warehouse through the connector, and Trino's memory for the join is the cluster's, not the warehouse's
        this.demand = new DemandStatistics(settings.withRebuildBatchDays(settings.longWindowDays()), onLake);
        this.observedLeadTime = requireNonNull(observedLeadTime, "observedLeadTime is null");
    }

    /** Builds the demand statistics as of {@code d} and the observed lead times as of {@code d} on Trino. */
    public synchronized void build(LocalDate d) {
        requireNonNull(d, "d is null");
        warehouse.inTransaction(c -> {
            demand.numberKeys(c, d);
            return null;
        });
        warehouse.inTransaction(c -> {
            demand.update(c, d, true, RunClock.OFF);
            Map<String, Object> p = Map.of(
                    "d",
                    d,
                    "lt_min",
                    observedLeadTime.minReceipts(),
                    "lt_window",
                    observedLeadTime.windowDays(),
                    "lt_trim",
                    observedLeadTime.outlierMinReceipts());
            for (String script : List.of("observed_lead.sql", "lead_times.sql")) {
                NamedSql.run(c, script, p, RunClock.OFF, Map.of(), onLake);
            }
            return null;
        });
    }
}
