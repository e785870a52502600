package io.stockroom.forecast;

import java.util.Arrays;

/**
 * One series' forecasting state for its chosen method, so a daily refresh does not re-read and re-fit the history:
 * {@link #update} takes one new day in constant time, {@link #forecast} reads the forecast from the state.
 *
 * <p>Built once from the history when the method is chosen (weekly); Holt-Winters fits its grid then and keeps the
 * parameters for the week. The state gives the same forecast as {@link Method#forecast} over the whole history for
 * the moving average, seasonal naive, Croston and SBA; Holt-Winters equals a re-run with the week's parameters (a full
 * refit may pick other parameters); TSB keeps the start probability of the day it was built (its weight decays as
 * 0.95 per day). The 28-day moving average is always kept, as the fallback of a method that cannot forecast yet.
 */
public final class SeriesState {

    private final Method method;
    // the moving average's last 28 observed days (ring buffer) and their sum
    private final double[] window = new double[Method.MA_WINDOW];
    private int windowCount;
    private int windowNext;
    private double windowSum;
    // seasonal naive: the last observed value per weekday position; t = days seen so far
    private final double[] lastOfWeekday = new double[Method.SEASON];
    private int t;
    // Holt-Winters
    private final Smoothing.HwParams hw;
    private double level;
    private double trend;
    private double[] season;
    // Croston / SBA: z, p, periods since the last demand; TSB: probability and size
    private double z = Double.NaN;
    private double p = Double.NaN;
    private int q;
    private double pi = Double.NaN;

    private SeriesState(Method method, Smoothing.HwParams hw) {
        this.method = method;
        this.hw = hw;
        Arrays.fill(lastOfWeekday, Double.NaN);
        if (hw != null) {
            level = hw.level0();
            trend = hw.trend0();
            season = hw.season0().clone();
        }
    }

    /** The state of {@code choice}'s method after the whole {@code history} (oldest first; NaN = not observed). */
    public static SeriesState start(Forecaster.Choice choice, double[] history) {
        return start(choice.method(), history);
    }

    static SeriesState start(Method method, double[] history) {
        Smoothing.HwParams hw = method == Method.HOLT_WINTERS || method == Method.HOLT_WINTERS_DAMPED
                ? Smoothing.holtWintersParams(history, Method.SEASON, method == Method.HOLT_WINTERS_DAMPED)
                : null;
        SeriesState s = new SeriesState(method, hw);
        if (method == Method.TSB) { // TSB starts from the share of observed days with demand (Teunter et al.)
            int observed = 0;
            int withDemand = 0;
            for (double v : history) {
                if (!Double.isNaN(v)) {
                    observed++;
                    withDemand += v > 0 ? 1 : 0;
                }
            }
            s.pi = withDemand == 0 ? Double.NaN : (double) withDemand / observed;
        }
        for (double v : history) {
            s.update(v);
        }
        return s;
    }

    public Method method() {
        return method;
    }

    /** Takes the next day's units (NaN: a day left out — not observed, out of stock, promotion, closed). */
    public void update(double y) {
        int pos = t % Method.SEASON;
        t++;
        if (hw != null) {
            double oneStep = level + hw.phi() * trend + season[pos];
            double obs = Double.isNaN(y) ? oneStep : y;
            double newLevel = hw.alpha() * (obs - season[pos]) + (1 - hw.alpha()) * (level + hw.phi() * trend);
            double newTrend = hw.beta() * (newLevel - level) + (1 - hw.beta()) * hw.phi() * trend;
            season[pos] = hw.gamma() * (obs - level - hw.phi() * trend) + (1 - hw.gamma()) * season[pos];
            level = newLevel;
            trend = newTrend;
        }
        if (Double.isNaN(y)) {
            return;
        }
        if (windowCount == Method.MA_WINDOW) {
            windowSum -= window[windowNext];
        } else {
            windowCount++;
        }
        window[windowNext] = y;
        windowSum += y;
        windowNext = (windowNext + 1) % Method.MA_WINDOW;
        lastOfWeekday[pos] = y;
        switch (method) {
            case CROSTON, SBA -> {
                q++;
                if (y > 0) {
                    if (Double.isNaN(z)) {
                        z = y;
                        p = q;
                    } else {
                        z += Method.INTERMITTENT_ALPHA * (y - z);
                        p += Method.INTERMITTENT_ALPHA * (q - p);
                    }
                    q = 0;
                }
            }
            case TSB -> {
                if (Double.isNaN(pi) && y > 0) {
                    pi = 0; // built before any demand: the probability starts at 0 and learns from here on
                }
                if (!Double.isNaN(pi)) {
                    pi += Method.TSB_BETA * ((y > 0 ? 1 : 0) - pi);
                }
                if (y > 0) {
                    z = Double.isNaN(z) ? y : z + Method.INTERMITTENT_ALPHA * (y - z);
                }
            }
            case MOVING_AVERAGE, SEASONAL_NAIVE, HOLT_WINTERS, HOLT_WINTERS_DAMPED -> {}
        }
    }

    /** Daily forecasts for the next {@code horizon} days, never negative; the moving average where the method cannot yet. */
    public double[] forecast(int horizon) {
        double[] f = switch (method) {
            case MOVING_AVERAGE -> null;
            case SEASONAL_NAIVE -> {
                double[] out = new double[horizon];
                for (int h = 0; h < horizon; h++) {
                    out[h] = lastOfWeekday[(t + h) % Method.SEASON];
                }
                yield Arrays.stream(out).anyMatch(Double::isNaN) ? null : out;
            }
            case HOLT_WINTERS, HOLT_WINTERS_DAMPED ->
                hw == null
                        ? null
                        : new Smoothing.HwFit(level, trend, season, t % Method.SEASON, hw.phi(), 0).forecast(horizon);
            case CROSTON, SBA ->
                Double.isNaN(z)
                        ? null
                        : flat((method == Method.SBA ? 1 - Method.INTERMITTENT_ALPHA / 2 : 1) * z / p, horizon);
            case TSB -> Double.isNaN(z) || Double.isNaN(pi) ? null : flat(pi * z, horizon);
        };
        if (f == null) {
            f = flat(windowCount == 0 ? 0 : windowSum / windowCount, horizon);
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = Double.isNaN(f[i]) ? 0 : Math.max(0, f[i]);
        }
        return f;
    }

    private static double[] flat(double v, int horizon) {
        double[] f = new double[horizon];
        Arrays.fill(f, v);
        return f;
    }
}
