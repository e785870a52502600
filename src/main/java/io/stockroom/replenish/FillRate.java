package io.stockroom.replenish;

/**
 * Safety stock for a fill-rate target β (issue 14; Silver, Pyke &amp; Thomas, Axsäter): the expected units short per
 * replenishment cycle are at most (1 − β) × the expected demand per cycle Q = d · R. With normal demand over the
 * protection period P (σ_P) that is the smallest k with σ_P · G(k) ≤ (1 − β) · Q, G the standard normal loss function
 * G(k) = φ(k) − k(1 − Φ(k)); SS = max(0, k · σ_P). The policy reads k from a table built here, keyed by the bucket
 * ⌊100 · ln g⌋ of g = (1 − β) · Q / σ_P: the bucket's lower edge e^(b/100) ≤ g, so k is taken for a target at most
 * 1 % tighter than asked (never looser), and rounded up to 3 decimals. PolicyCheck and the simulator use the same.
 */
final class FillRate {

    /** Buckets below this (g under e^-30 ≈ 9.4e-14, k ≈ 7.09) take its k: a target no real setting asks for. */
    static final int MIN_BUCKET = -3000;
    /** Buckets above this (g over e^1.39 ≈ 4.01, k ≈ −4.01) take its k: safety stock 0 either way. */
    static final int MAX_BUCKET = 139;

    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private FillRate() {}

    /** The standard normal density φ(x). */
    static double density(double x) {
        return Math.exp(-x * x / 2) / SQRT_2PI;
    }

    /**
     * 1 − Φ(x), the upper tail of the standard normal, to double precision (Hart's 1968 algorithm as given by West,
     * "Better approximations to cumulative normal functions", 2005): no cancellation in the tail, where G needs it.
     */
    static double upperTail(double x) {
        double a = Math.abs(x);
        double tail;
        if (a > 37) {
            tail = 0;
        } else {
            double e = Math.exp(-a * a / 2);
            if (a < 7.07106781186547) {
                double n = 3.52624965998911e-02 * a + 0.700383064443688;
                n = n * a + 6.37396220353165;
                n = n * a + 33.912866078383;
                n = n * a + 112.079291497871;
                n = n * a + 221.213596169931;
                n = n * a + 220.206867912376;
                double d = 8.83883476483184e-02 * a + 1.75566716318264;
                d = d * a + 16.064177579207;
                d = d * a + 86.7807322029461;
                d = d * a + 296.564248779674;
                d = d * a + 637.333633378831;
                d = d * a + 793.826512519948;
                d = d * a + 440.413735824752;
                tail = e * n / d;
            } else {
                double b = a + 0.65;
                b = a + 4 / b;
                b = a + 3 / b;
                b = a + 2 / b;
                b = a + 1 / b;
                tail = e / b / SQRT_2PI;
            }
        }
        return x >= 0 ? tail : 1 - tail;
    }

    /** The standard normal loss function G(k) = E[(Z − k)+] = φ(k) − k(1 − Φ(k)); decreasing, G(0) = 0.3989. */
    static double loss(double k) {
        return density(k) - k * upperTail(k);
    }

    /** The k with G(k) = g, by bisection (G is strictly decreasing); the upper end, so G(k) ≤ g. */
    static double inverseLoss(double g) {
        if (!(g > 0)) {
            throw new IllegalArgumentException("the loss G(k) is positive, got " + g);
        }
        double lo = -g - 1; // G(k) > −k, so G(−g − 1) > g + 1
        double hi = 40; // G(40) underflows to 0
        for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
            double mid = (lo + hi) / 2;
            if (loss(mid) > g) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The table's bucket of g = (1 − β) · Q / σ_P, clamped to the table; g ≤ 0 (no demand) takes the tightest. */
    static int bucket(double g) {
        if (!(g > 0)) {
            return MIN_BUCKET;
        }
        double b = Math.floor(100 * Math.log(g));
        return (int) Math.max(MIN_BUCKET, Math.min(MAX_BUCKET, b));
    }

    /** k of a bucket (clamped to the table): G⁻¹ at the bucket's lower edge e^(b/100), rounded up to 3 decimals. */
    static double k(int bucket) {
        return Table.K[Math.max(MIN_BUCKET, Math.min(MAX_BUCKET, bucket)) - MIN_BUCKET];
    }

    /** The k of every bucket, computed once. */
    private static final class Table {
        static final double[] K = new double[MAX_BUCKET - MIN_BUCKET + 1];

        static {
            for (int b = MIN_BUCKET; b <= MAX_BUCKET; b++) {
                double k = inverseLoss(Math.exp(b / 100.0));
                K[b - MIN_BUCKET] = Math.ceil(k * 1000 - 1e-9) / 1000;
            }
        }
    }

    /**
     * σ_P, the spread of the demand over the cover period P: σ·√P, or √(P·σ² + d²·σL²) with an observed lead-time
     * spread σL (null: none), as policy.sql computes it (in this order, in doubles).
     */
    static double sigmaP(double sigma, double rate, int coverDays, Double leadTimeSd) {
        return leadTimeSd == null
                ? sigma * Math.sqrt(coverDays)
                : Math.sqrt(coverDays * sigma * sigma + rate * rate * leadTimeSd * leadTimeSd);
    }

    /** g = (1 − β) · d · R / σ_P, as policy.sql computes it (in this order, in doubles). */
    static double g(double fillRate, double rate, int reviewDays, double sigmaP) {
        return (1 - fillRate) * rate * reviewDays / sigmaP;
    }
}
