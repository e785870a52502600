package io.stockroom.replenish;

import java.time.LocalDate;

/**
 * The documented policy (docs/replenishment.md, steps 2–9) in Java, for the simulator: from a pair's demand on its
 * in-stock days (and, for the forecast policy, the forecast over the coming days), the quantity to order on an order
 * day. The daily stage computes the same set-based in SQL; {@code SimPolicyTest} checks this against the worked examples.
 */
final class SimPolicy {

    private SimPolicy() {}

    /** Demand rate d and σ over the in-stock days of the window (rounded to 4 decimals as the stage does), and their count. */
    record Demand(double rate, double sigma, int days) {
        /**
         * The rate over the in-stock days of the {@code window} days up to {@code lastDay}; with fewer than
         * {@code minDays} of them, over the {@code longWindow} days' when those hold enough (an item long out of stock,
         * not new: step 2 of docs/replenishment.md, LONG_OUT_OF_STOCK).
         */
        static Demand of(double[] sales, boolean[] inStock, int lastDay, int window, int minDays, int longWindow) {
            Demand d = of(sales, inStock, lastDay, window);
            if (d.days() >= minDays || longWindow <= window) {
                return d;
            }
            Demand longer = of(sales, inStock, lastDay, longWindow);
            return longer.days() >= minDays ? longer : d;
        }

        static Demand of(double[] sales, boolean[] inStock, int lastDay, int window) {
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (int t = Math.max(0, lastDay - window + 1); t <= lastDay; t++) {
                if (inStock[t] && !Double.isNaN(sales[t])) {
                    sum += sales[t];
                    sq += sales[t] * sales[t];
                    n++;
                }
            }
            if (n == 0) {
                return new Demand(0, 0, 0);
            }
            double mean = sum / n;
            return new Demand(round4(mean), round4(Math.sqrt(Math.max(0, sq / n - mean * mean))), n);
        }
    }

    /**
     * What the policy decided on an order day, with the levels it decided from (for the simulator's account of why a
     * shelf ends over its limit).
     *
     * @param quantity units ordered (0 = none)
     * @param upTo the order-up-to level S
     * @param cap the weeks-of-supply cap d × 7 × W
     * @param minimum the display or rule minimum (0 when none)
     * @param minimumSet the minimum raised S (it was above S1)
     * @param moqRaised the MOQ raised the quantity above the need
     * @param overLead the demand over the lead time (d × L or the forecast's)
     * @param after the position after the order, IP + quantity
     */
    record Decision(
            int quantity,
            double upTo,
            double cap,
            double minimum,
            boolean minimumSet,
            boolean moqRaised,
            double overLead,
            double after) {}

    /**
     * Units to order on {@code day} (0 = no order).
     *
     * @param forecastCumulative cumulative forecast over the next days (index h = days 1..h+1), or null for d × days
     * @param reviewDays R, days to the next order day
     * @param position IP = on hand + on order
     */
    static int order(
            SimPair p,
            SimulationSettings s,
            LocalDate day,
            Demand demand,
            double[] forecastCumulative,
            int reviewDays,
            double position) {
        return decide(p, s, day, demand, forecastCumulative, reviewDays, position)
                .quantity();
    }

    /** As {@link #order}, with the levels the quantity came from. */
    static Decision decide(
            SimPair p,
            SimulationSettings s,
            LocalDate day,
            Demand demand,
            double[] forecastCumulative,
            int reviewDays,
            double position) {
        int lead = p.leadDays();
        int cover = lead + reviewDays;
        if (p.ltoEnd() != null) {
            long toEnd = p.ltoEnd().toEpochDay() - day.toEpochDay();
            if (toEnd < lead) {
                return new Decision(0, 0, 0, p.minimum(), false, false, 0, position); // LTO_ENDS_BEFORE_ARRIVAL
            }
            cover = (int) Math.min(cover, toEnd);
        }
        boolean newItem = demand.days() < s.minHistoryDays();
        double d = demand.rate();
        double sigma = demand.sigma();
        char cls = p.abcClass();
        boolean fillRate = s.serviceMeasure(cls) == ServiceMeasure.FILL_RATE;
        double ssCalc;
        double mean = d * cover;
        Double leadSpread = p.leadSpread();
        if (leadSpread == null
                && !newItem
                && d > 0
                && d < DiscreteDemand.SLOW_RATE
                && mean <= DiscreteDemand.MAX_MEAN
                && !Double.isNaN(DiscreteDemand.ratioBucket(sigma * sigma / d))) {
            double meanB = DiscreteDemand.meanBucket(mean);
            double ratioB = DiscreteDemand.ratioBucket(sigma * sigma / d);
            int q = fillRate
                    ? DiscreteDemand.fillLevel(meanB, ratioB, (1 - s.serviceLevel(cls)) * d * reviewDays)
                    : DiscreteDemand.quantile(meanB, ratioB, s.serviceLevel(cls));
            ssCalc = Math.max(q - mean, 0);
        } else if (fillRate) { // issue 14: max(0, k·σ_P) with σ_P·G(k) ≤ (1 − β)·d·R, k from the policy's table
            double sigmaP = FillRate.sigmaP(sigma, d, cover, leadSpread);
            double k = sigmaP > 0
                    ? FillRate.k(FillRate.bucket(FillRate.g(s.serviceLevel(cls), d, reviewDays, sigmaP)))
                    : 0;
            ssCalc = k > 0 ? round2(k * sigmaP) : 0;
        } else if (leadSpread == null) {
            ssCalc = round2(s.z(cls) * sigma * Math.sqrt(cover));
        } else { // an observed lead-time spread σL: z·√(P·σ² + d²·σL²), as policy.sql
            ssCalc = round2(s.z(cls) * FillRate.sigmaP(sigma, d, cover, leadSpread));
        }
        double ss = Math.max(p.ruleSafetyStock() == null ? 0 : p.ruleSafetyStock(), ssCalc);
        boolean forecast = forecastCumulative != null && !newItem && cover >= 1 && cover <= forecastCumulative.length;
        double overCover = forecast ? forecastCumulative[cover - 1] : d * cover;
        double overLead = forecast ? (lead == 0 ? 0 : forecastCumulative[lead - 1]) : d * lead;
        double s0 = overCover + ss;
        double cap = d * 7 * p.weeksOfSupply(s);
        double s1 = Math.min(s0, Math.max(cap, overLead + ss));
        double minimum = p.minimum();
        double s2 = Math.max(s1, minimum);
        double upTo = p.ruleMax() == null ? s2 : Math.min(s2, p.ruleMax());
        double reorderPoint = Math.min(Math.max(s0, minimum), upTo);
        boolean minimumSet = minimum > s1;
        if (!(position < reorderPoint - 1e-9)) {
            return new Decision(0, upTo, cap, minimum, minimumSet, false, overLead, position);
        }
        long need = (long) Math.ceil(upTo - position - 1e-9);
        long afterMoq = Math.max(need, p.moq());
        long qty = (afterMoq + p.casePack() - 1) / p.casePack() * p.casePack();
        if (p.ruleMax() != null && position + qty > p.ruleMax() + 1e-9) {
            long room = (long) Math.floor((p.ruleMax() - position) / p.casePack()) * p.casePack();
            qty = room >= Math.max(p.moq(), 1) ? room : 0;
        }
        int quantity = (int) Math.max(0, qty);
        return new Decision(quantity, upTo, cap, minimum, minimumSet, p.moq() > need, overLead, position + quantity);
    }

    static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
