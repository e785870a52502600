package io.stockroom.replenish;

import java.time.LocalDate;

/**
 * One store × SKU as the simulator replays it: its terms (as the policy reads them, docs/replenishment.md) and its
 * daily history from the first day of the run. {@code sold[t]} is the units sold on day t (returns are not demand;
 * NaN = the store reported no sales that day, so it is not known); {@code onHand[t]} and {@code onOrder[t]} are the
 * day's end-of-day snapshot (NaN = none).
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
        double[] onOrder) {

    SimPair {
        if (sold.length != onHand.length || sold.length != onOrder.length) {
            throw new IllegalArgumentException("sold, onHand and onOrder must cover the same days");
        }
        if (casePack < 1 || leadDays < 0) {
            throw new IllegalArgumentException("case pack must be at least 1 and lead time at least 0");
        }
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
