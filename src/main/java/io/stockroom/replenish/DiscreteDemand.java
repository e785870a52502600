package io.stockroom.replenish;

import java.util.ArrayList;
import java.util.List;

/**
 * Demand over the cover period of a slow mover as a count distribution (issue 14): Poisson when its variance is at
 * most its mean, else negative binomial with the same mean and variance. The policy reads the service-level quantile
 * from a small table built from here (λ rounded up to 0.1, variance/mean ratio to a bucket), and PolicyCheck recomputes
 * it from here, so both agree to the unit.
 */
final class DiscreteDemand {

    /** Slow mover: an established item selling less than this many units a day (on its in-stock days). */
    static final double SLOW_RATE = 1.0;
    /** Largest mean over the cover period the table covers; above it the normal approximation is used. */
    static final double MAX_MEAN = 60.0;
    /** Variance/mean buckets; a ratio above the last one uses the normal approximation. */
    static final double[] RATIOS = {1.0, 1.5, 2.0, 3.0, 5.0};

    private DiscreteDemand() {}

    /** λ rounded up to a tenth (the conservative side). */
    static double meanBucket(double mean) {
        return Math.ceil(mean * 10 - 1e-9) / 10;
    }

    /** The smallest bucket at or above the ratio, or NaN when it is above the last. */
    static double ratioBucket(double ratio) {
        for (double r : RATIOS) {
            if (ratio <= r + 1e-9) {
                return r;
            }
        }
        return Double.NaN;
    }

    /** Smallest k with P(X ≤ k) ≥ serviceLevel, X with mean {@code mean} and variance mean × ratio. */
    static int quantile(double mean, double ratio, double serviceLevel) {
        if (mean <= 0) {
            return 0;
        }
        Counts x = new Counts(mean, ratio);
        while (x.cdf < serviceLevel && x.k < 10_000) {
            x.next();
        }
        return x.k;
    }

    /** Expected shortages below this are 0 for the fill-rate table: its last level per mean and ratio. */
    static final double LOSS_FLOOR = 1e-9;

    /**
     * E[(X − S)+] for S = 0, 1, … up to the first S whose expected shortage is at most {@link #LOSS_FLOOR} (the fill-rate
     * target, issue 14). L(0) = mean, L(S + 1) = L(S) − P(X > S).
     */
    static double[] losses(double mean, double ratio) {
        List<Double> out = new ArrayList<>();
        double loss = Math.max(mean, 0);
        out.add(loss);
        if (mean > 0) {
            Counts x = new Counts(mean, ratio);
            while (loss > LOSS_FLOOR && x.k < 10_000) {
                loss = Math.max(0, loss - (1 - x.cdf));
                out.add(loss);
                x.next();
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Smallest level S with E[(X − S)+] ≤ target (a target below {@link #LOSS_FLOOR} takes the first level at or below
     * the floor), as policy.sql reads it from the table of {@link #losses}.
     */
    static int fillLevel(double mean, double ratio, double target) {
        if (mean <= 0) {
            return 0;
        }
        // the walk of losses(), stopped at the first level at or under the target (the simulator asks on every order
        // day)
        double loss = mean;
        Counts x = new Counts(mean, ratio);
        while (!(loss <= target) && loss > LOSS_FLOOR && x.k < 10_000) {
            loss = Math.max(0, loss - (1 - x.cdf));
            x.next();
        }
        return x.k;
    }

    /** The pmf and cdf of the count distribution at k = 0, 1, …: Poisson (ratio ≤ 1) or negative binomial. */
    private static final class Counts {
        private final boolean poisson;
        private final double mean;
        private final double p;
        private final double r;
        int k;
        double pmf;
        double cdf;

        Counts(double mean, double ratio) {
            this.poisson = ratio <= 1.0;
            this.mean = mean;
            this.p = poisson ? 0 : 1 / ratio;
            this.r = poisson ? 0 : mean / (ratio - 1);
            this.pmf = poisson ? Math.exp(-mean) : Math.pow(p, r);
            this.cdf = pmf;
        }

        void next() {
            pmf *= poisson ? mean / (k + 1) : (k + r) / (k + 1) * (1 - p);
            cdf += pmf;
            k++;
        }
    }
}
