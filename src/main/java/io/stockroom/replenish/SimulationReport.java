package io.stockroom.replenish;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What {@code stockroom simulate} found: per policy (the trailing-average policy, the forecast policy, the retailer's
 * actual history) and per ABC class plus overall, the outcome over the replayed days. A value that cannot be computed
 * honestly is null ("not available"), never 0.
 *
 * @param warmUpDays days the policies ran before {@code from}, not measured
 * @param pairs store × SKU pairs replayed (ranged, orderable, with a snapshot on every day of the run)
 * @param excluded pairs left out, by reason
 * @param demandDays pair-days of demand replayed
 * @param imputedDays of those, days whose demand is not known from the sales (the day ended out of stock, so sales were
 *                    capped, or the store reported no sales): their demand is the larger of the units sold and the mean
 *                    of the in-stock days of the 28 before
 */
public record SimulationReport(
        LocalDate from,
        LocalDate to,
        int warmUpDays,
        SimulationSettings settings,
        int pairs,
        Map<String, Integer> excluded,
        long demandDays,
        long imputedDays,
        List<PolicyResult> policies,
        long millis) {

    /** One policy's outcome per class ("A", "B", "C") and overall ("all"). */
    public record PolicyResult(String policy, String label, Map<String, Outcome> byClass) {}

    /**
     * @param fillRate units sold / units demanded (null when nothing was demanded)
     * @param stockOutDays share of pair-days that ended with nothing on hand
     * @param lostSalesValue units demanded but not sold × retail price
     * @param averageInventoryValue mean over the days of the end-of-day stock × unit cost
     * @param turns cost of goods sold / average inventory value, per year (× 365 / days)
     * @param orderLines order lines placed (actual history: days on which on order rose, inferred from the snapshots)
     * @param neitherShare share of pair-days neither out of stock nor over the maximum weeks of supply (the class's W ×
     *                     7 × the mean daily demand of the 28 days up to the day, never below a display or rule minimum)
     * @param overstockDays share of pair-days over the maximum weeks of supply
     * @param packBoundDays of those, the share of pair-days on which one case (or the MOQ) alone is more than the limit:
     *                      a supplier term no recommendation can avoid (a smaller pack would)
     */
    public record Outcome(
            int pairs,
            double demandUnits,
            double soldUnits,
            Double fillRate,
            Double stockOutDays,
            double lostSalesValue,
            double averageInventoryValue,
            Double turns,
            Long orderLines,
            Double neitherShare,
            Double overstockDays,
            Double packBoundDays) {}
}
