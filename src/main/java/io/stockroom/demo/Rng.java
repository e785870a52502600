package io.stockroom.demo;

import java.util.List;

/**
 * SplitMix64: a tiny generator whose sequence is fixed by its algorithm (not by a JDK version), so the same
 * seed writes byte-identical files everywhere. StrictMath for the same reason.
 */
final class Rng {

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** An independent stream for one purpose (master data, demand, orders ...), so changing one leaves the others alone. */
    static Rng derive(long seed, String purpose) {
        long h = mix(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h ^ purpose.charAt(i));
        }
        return new Rng(h);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) ((nextLong() >>> 1) % bound);
    }

    /** Uniform in [lo, hi]. */
    int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    double between(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    <T> T pick(List<T> values) {
        return values.get(nextInt(values.size()));
    }

    double gaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** exp(N(mu, sigma)). */
    double logNormal(double mu, double sigma) {
        return StrictMath.exp(mu + sigma * gaussian());
    }

    /** A Poisson count by inversion for small means, a rounded normal for large ones. */
    int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean >= 40) {
            return (int) Math.max(0, Math.round(mean + StrictMath.sqrt(mean) * gaussian()));
        }
        double u = nextDouble();
        double p = StrictMath.exp(-mean);
        double f = p;
        int k = 0;
        while (u > f && k < 200) {
            k++;
            p *= mean / k;
            f += p;
        }
        return k;
    }
}
