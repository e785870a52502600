package io.stockroom.forecast;

import java.util.Arrays;

/**
 * The forecast methods. Each turns a daily history (oldest first; NaN = a day left out of the fit) into daily
 * forecasts for the next {@code horizon} days. Weekly seasonality (m = 7) where a method has it.
 */
public enum Method {
    /** Mean of the last 28 observed days. */
    MOVING_AVERAGE("moving average 28 d"),
    /** Each day repeats the same weekday of the last week. */
    SEASONAL_NAIVE("seasonal naive (weekly)"),
    /** Additive Holt-Winters, weekly season, parameters by least squares on a grid. */
    HOLT_WINTERS("Holt-Winters additive"),
    /** The same with a damped trend. */
    HOLT_WINTERS_DAMPED("Holt-Winters damped"),
    /** Croston, α = 0.1. */
    CROSTON("Croston"),
    /** Syntetos-Boylan approximation: Croston × (1 − α/2). */
    SBA("SBA"),
    /** Teunter-Syntetos-Babai, α = 0.1, β = 0.05. */
    TSB("TSB");

    static final int SEASON = 7;
    static final int MA_WINDOW = 28;
    static final double INTERMITTENT_ALPHA = 0.1;
    static final double TSB_BETA = 0.05;

    private final String label;

    Method(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Daily forecasts for the next {@code horizon} days, never negative. A method that cannot forecast this history
     * (too short for two weeks, no demand at all) falls back to the moving average, and to 0 for a history with no
     * observed day: {@link #canForecast} says which.
     */
    public double[] forecast(double[] history, int horizon) {
        double[] f = raw(history, horizon);
        if (f == null) {
            double ma = Smoothing.movingAverage(history, MA_WINDOW);
            f = new double[horizon];
            Arrays.fill(f, Double.isNaN(ma) ? 0 : ma);
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = Double.isNaN(f[i]) ? 0 : Math.max(0, f[i]);
        }
        return f;
    }

    /** Whether the method has enough history of its own kind (else {@link #forecast} falls back to the average). */
    public boolean canForecast(double[] history) {
        return raw(history, 1) != null;
    }

    private double[] raw(double[] y, int horizon) {
        return switch (this) {
            case MOVING_AVERAGE -> flat(Smoothing.movingAverage(y, MA_WINDOW), horizon);
            case SEASONAL_NAIVE -> {
                double[] f = Smoothing.seasonalNaive(y, SEASON, horizon);
                yield Arrays.stream(f).anyMatch(Double::isNaN) ? null : f;
            }
            case HOLT_WINTERS, HOLT_WINTERS_DAMPED -> {
                Smoothing.HwFit fit = Smoothing.holtWintersFitted(y, SEASON, this == HOLT_WINTERS_DAMPED);
                yield fit == null ? null : fit.forecast(horizon);
            }
            case CROSTON, SBA -> {
                Smoothing.Intermittent s = Smoothing.croston(y, INTERMITTENT_ALPHA);
                double factor = this == SBA ? 1 - INTERMITTENT_ALPHA / 2 : 1;
                yield s == null ? null : flat(factor * s.size() / s.interval(), horizon);
            }
            case TSB -> {
                Smoothing.Tsb s = Smoothing.tsb(y, INTERMITTENT_ALPHA, TSB_BETA);
                yield s == null ? null : flat(s.forecast(), horizon);
            }
        };
    }

    private static double[] flat(double v, int horizon) {
        if (Double.isNaN(v)) {
            return null;
        }
        double[] f = new double[horizon];
        Arrays.fill(f, v);
        return f;
    }
}
