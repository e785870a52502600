package io.stockroom.replenish;

import java.time.LocalDate;

/**
 * One store × SKU as the simulator replays it: its terms (as the policy reads them, docs/replenishment.md) and its
 * daily history from the first day of the run. {@code sold[t]} is the units sold on day t (returns are not demand;
 * NaN = the store reported no sales that day, so it is not known); {@code onHand[t]} and {@code onOrder[t]} are the
 * day's end-of-day snapshot (NaN = none). {@code leadDays} is the lead time the daily run would use (the observed mean
 * of the receipts, rounded, else the configured one), {@code leadSpread} its observed standard deviation σL in days
 * (null: none); {@code promotions[t]} (t from the same first day, past the history into the forecast horizon) marks
 * the pair's days in the promotion calendar (null: none).
 */
record SimPair(
        String store,
        String sku,
        String category,
        char abcClass,
        double price,
        double cost,
        int casePack,
        int moq,
        int leadDays,
        String orderDays,
        Integer presentationMin,
        Double ruleSafetyStock,
        Double ruleMin,
        Double ruleMax,
        Double ruleWeeks,
        LocalDate ltoEnd,
        double[] sold,
        double[] onHand,
        double[] onOrder,
        Double leadSpread,
        boolean[] promotions) {

    SimPair {
        if (sold.length != onHand.length || sold.length != onOrder.length) {
            throw new IllegalArgumentException("sold, onHand and onOrder must cover the same days");
        }
        if (casePack < 1 || leadDays < 0) {
            throw new IllegalArgumentException("case pack must be at least 1 and lead time at least 0");
        }
        if (promotions != null && promotions.length < sold.length) {
            throw new IllegalArgumentException("promotions must cover the days of the history");
        }
    }

    /** Whether day {@code t} is in the pair's promotion calendar (false past what it covers). */
    boolean promotionOn(int t) {
        return promotions != null && t >= 0 && t < promotions.length && promotions[t];
    }

    /** The floor a buyer set (display or rule minimum): stock up to it is never an overstock. */
    double minimum() {
        double m = 0;
        if (presentationMin != null) {
            m = presentationMin;
        }
        if (ruleMin != null) {
            m = Math.max(m, ruleMin);
        }
        return m;
    }

    double weeksOfSupply(SimulationSettings s) {
        return ruleWeeks != null ? ruleWeeks : s.maxWeeksOfSupply(abcClass);
    }
}
