package io.stockroom.forecast;

import java.util.Arrays;

/**
 * One series' promotion uplift by weekday position: a planned promotion on day t of the series is forecast at the
 * baseline × {@code on(t)}, the factor of position t mod 7 (a series' days are consecutive, so a position is a fixed
 * weekday). Learned by {@link Uplifts#learn}.
 */
public final class Uplift {

    /** No uplift: a promotion day is forecast at the baseline (no promotion data). */
    public static final Uplift NONE = constant(1);

    private final double[] byPosition;

    private Uplift(double[] byPosition) {
        this.byPosition = byPosition;
    }

    /** The same factor on every weekday. */
    public static Uplift constant(double factor) {
        double[] f = new double[Method.SEASON];
        Arrays.fill(f, factor);
        return new Uplift(f);
    }

    /** A factor per weekday position 0..6 (day mod 7 of the series' index). */
    public static Uplift byPosition(double[] factors) {
        if (factors.length != Method.SEASON) {
            throw new IllegalArgumentException("need one factor per weekday position, got " + factors.length);
        }
        return new Uplift(factors.clone());
    }

    /** The factor for a promotion on day {@code t} of the series. */
    public double on(int t) {
        return byPosition[Math.floorMod(t, Method.SEASON)];
    }

    @Override
    public String toString() {
        return "Uplift" + Arrays.toString(byPosition);
    }
}
