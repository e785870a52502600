package io.stockroom.forecast;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Promotion uplifts learned from the history: per series (store × SKU) and weekday position, shrunk toward the
 * series' own uplift, which is shrunk toward its category's.
 *
 * <p>Each promotion day t of a series' history (open, observed) is compared with its baseline b(t): the mean of the
 * non-promotion, open, observed days of the same weekday within four weeks either side (before the origin). Then
 * <ul>
 *   <li>category c, its n promotion days: u(c) = (n·r + K) / (n + K), r = Σ units / Σ b over them (1 with none);
 *   <li>series s, its n promotion days: u(s) = (n·r + K·u(c)) / (n + K), r = Σ units / Σ b over them;
 *   <li>series s, weekday position w, its n promotion days on w: u(s,w) = (n·r + K·u(s)) / (n + K).
 * </ul>
 * That is K = {@link #PSEUDO_DAYS} pseudo promotion days at the days' mean baseline carrying the level above's
 * uplift, so a series' own ratio gets half the weight once it has K promotion days (on that weekday, for the weekday
 * figure). A weekday whose promotion days all have a zero baseline takes the pseudo-days at the series' mean baseline.
 * Rossmann stores have 43–66 promotion days per promoted weekday, a retail store × SKU a few per weekday in its
 * window: without the shrinkage one promotion day would set that SKU's uplift. A series with no promotion day (or only
 * zero baselines) gets its category's uplift; a series not learned at all its category's, then 1. K was fixed before
 * measuring (docs/forecast.md).
 */
public final class Uplifts {

    /** Pseudo promotion days of the prior (one week's worth), fixed before measuring, not tuned on a holdout. */
    static final double PSEUDO_DAYS = 7;

    /** Weeks either side of a promotion day whose non-promotion same-weekday days make its baseline. */
    private static final int BASELINE_WEEKS = 4;

    /** No promotion data: every uplift is 1. */
    public static final Uplifts NONE = new Uplifts(Map.of(), Map.of());

    private final Map<String, Double> byCategory;
    private final Map<String, Uplift> bySeries;

    private Uplifts(Map<String, Double> byCategory, Map<String, Uplift> bySeries) {
        this.byCategory = byCategory;
        this.bySeries = bySeries;
    }

    /** Learns the uplifts from each series' days before {@code origin}; series are told apart by {@link Series#id}. */
    public static Uplifts learn(List<Series> series, int origin) {
        Map<String, double[]> categories = new HashMap<>();
        Map<String, double[][]> perSeries = new HashMap<>(); // [position][units, baseline, days]
        for (Series s : series) {
            double[] cat = categories.computeIfAbsent(s.category(), c -> new double[3]); // units, baseline, days
            double[][] cells = null;
            int end = Math.min(origin, s.units().length);
            for (int t = 0; t < end; t++) {
                if (!s.promo()[t] || s.closed()[t] || Double.isNaN(s.units()[t])) {
                    continue;
                }
                double base = sameWeekdayBaseline(s, t, end);
                if (Double.isNaN(base)) {
                    continue;
                }
                if (cells == null) {
                    cells = perSeries.computeIfAbsent(s.id(), k -> new double[Method.SEASON][3]);
                }
                cat[0] += s.units()[t];
                cat[1] += base;
                cat[2]++;
                double[] cell = cells[t % Method.SEASON];
                cell[0] += s.units()[t];
                cell[1] += base;
                cell[2]++;
            }
        }
        Map<String, Double> byCategory = new HashMap<>();
        // a category's own days shrunk toward no uplift at all: one promoted SKU whose one promotion day sold nothing
        // would otherwise teach its category an uplift of 0, and every promotion of it would be forecast at 0
        categories.forEach((c, acc) ->
                byCategory.put(c, acc[1] > 0 ? shrink(acc[0], acc[1], acc[2], 1.0, acc[1] / acc[2]) : 1.0));
        Map<String, Uplift> bySeries = new HashMap<>();
        for (Series s : series) {
            double[][] cells = perSeries.get(s.id());
            if (cells != null && !bySeries.containsKey(s.id())) {
                bySeries.put(s.id(), shrunk(cells, byCategory.get(s.category())));
            }
        }
        return new Uplifts(byCategory, bySeries);
    }

    private static Uplift shrunk(double[][] cells, double category) {
        double units = 0;
        double base = 0;
        double days = 0;
        for (double[] cell : cells) {
            units += cell[0];
            base += cell[1];
            days += cell[2];
        }
        if (base <= 0) {
            return Uplift.constant(category); // every baseline 0: the series says nothing about a ratio
        }
        double own = shrink(units, base, days, category, base / days);
        double[] f = new double[Method.SEASON];
        for (int w = 0; w < Method.SEASON; w++) {
            double[] c = cells[w];
            f[w] = shrink(c[0], c[1], c[2], own, c[1] > 0 ? c[1] / c[2] : base / days);
        }
        return Uplift.byPosition(f);
    }

    /**
     * (units + K·prior·b) / (baseline + K·b): the promotion days' ratio with K pseudo-days of baseline b at the
     * {@code prior} uplift; with b their mean baseline, n/(n+K) × their ratio + K/(n+K) × the prior.
     */
    private static double shrink(double units, double baseline, double days, double prior, double b) {
        return (units + PSEUDO_DAYS * prior * b) / (baseline + PSEUDO_DAYS * b);
    }

    private static double sameWeekdayBaseline(Series s, int t, int end) {
        double sum = 0;
        int n = 0;
        for (int k = -BASELINE_WEEKS; k <= BASELINE_WEEKS; k++) {
            int d = t + k * Method.SEASON;
            if (k == 0 || d < 0 || d >= end || s.promo()[d] || s.closed()[d] || Double.isNaN(s.units()[d])) {
                continue;
            }
            sum += s.units()[d];
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The category's uplift (1 for a category without promotion days or not learned). */
    public double category(String category) {
        return byCategory.getOrDefault(category, 1.0);
    }

    /** The series' uplift by weekday position; a series not learned gets its category's on every weekday. */
    public Uplift of(Series s) {
        return of(s.id(), s.category());
    }

    /** As {@link #of(Series)}, for the series of that id and category. */
    Uplift of(String id, String category) {
        Uplift u = bySeries.get(id);
        return u != null ? u : Uplift.constant(category(category));
    }
}
