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
 * @param leadTimeSources replayed pairs by where their lead time came from ({@code receipts}: observed; {@code
 *                        receipts_outliers}: observed with stray receipts left out; {@code
 *                        supplier_product}, {@code supplier}, {@code default}: configured)
 * @param promotedPairs replayed pairs with a day in the promotion calendar (the forecast policy reads them)
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
        Map<String, Integer> leadTimeSources,
        int promotedPairs,
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
     * @param overstockCauses the overstock days by cause, as shares of all pair-days (they add up to {@code
     *                        overstockDays}); null for the actual history, whose orders are not known
     * @param settledDays share of pair-days after the pair's first order from the policy arrived (null: actual history)
     * @param neitherShareSettled the neither share over those days only: the policy's own shelf, not the stock it took
     *                            over (null when there are none)
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
            Double packBoundDays,
            OverstockCauses overstockCauses,
            Double settledDays,
            Double neitherShareSettled) {}

    /**
     * Why the policy's overstock days were over the limit, each day counted once, in this order (shares of all pair-days).
     *
     * @param packBound one case or the MOQ alone is more than the limit (the supplier's term)
     * @param inherited no order of the policy has arrived yet: the stock it took over
     * @param minimum the last order went up to a display or rule minimum (above the weeks-of-supply cap)
     * @param aboveCap the last order's order-up-to level S was above the policy's own weeks-of-supply cap (the lead-time
     *                 floor d·L + SS lifted it)
     * @param aboveCapLeadTime of the {@code aboveCap} days, those on which the demand over the lead time alone reached
     *                         the cap (a lead time of W weeks or more: no level that covers it stays under the cap)
     * @param moq S was within the cap, but the MOQ (above the need) took the position past it
     * @param rounding S was within the cap, but rounding up to whole units or a case took the position past it
     * @param demandBelowEstimate the last order kept within the cap the policy saw: demand came in below the policy's
     *                            estimate (the trailing mean or the forecast), so the limit fell under the stock
     */
    public record OverstockCauses(
            double packBound,
            double inherited,
            double minimum,
            double aboveCap,
            double aboveCapLeadTime,
            double moq,
            double rounding,
            double demandBelowEstimate) {}
}
