package io.stockroom.replenish;

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
        double pmf;
        double cdf;
        int k = 0;
        if (ratio <= 1.0) {
            pmf = Math.exp(-mean);
            cdf = pmf;
            while (cdf < serviceLevel && k < 10_000) {
                pmf *= mean / (k + 1);
                cdf += pmf;
                k++;
            }
        } else {
            double p = 1 / ratio;
            double r = mean / (ratio - 1);
            pmf = Math.pow(p, r);
            cdf = pmf;
            while (cdf < serviceLevel && k < 10_000) {
                pmf *= (k + r) / (k + 1) * (1 - p);
                cdf += pmf;
                k++;
            }
        }
        return k;
    }
}
