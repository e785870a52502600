package io.stockroom.forecast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One series' forecasting state for its chosen method, so a daily refresh does not re-read and re-fit the history:
 * {@link #update} takes one new day in constant time, {@link #forecast} reads the forecast from the state.
 *
 * <p>Built once from the history when the method is chosen (weekly); Holt-Winters takes the parameters its backtest
 * fitted (or, started without a choice, fits its grid) and keeps them for the week. The state gives the same forecast as {@link Method#forecast} over the whole history for
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
    /**
     * Holt-Winters runs the parameters and start its backtest fitted ({@link Forecaster.Choice#fitted}) over the whole
     * history: the state continues the fit the choice scored, with no second fit (that was a third of the cost of a
     * choice). {@code history} must begin on the day the choice's series began.
     */
    public static SeriesState start(Forecaster.Choice choice, double[] history) {
        return choice.fitted() == null
                ? start(choice.method(), history)
                : start(choice.method(), choice.fitted(), history);
    }

    /** The state with Holt-Winters' grid fitted to the whole history (a state started without a choice's fit). */
    static SeriesState start(Method method, double[] history) {
        Smoothing.HwParams hw = method == Method.HOLT_WINTERS || method == Method.HOLT_WINTERS_DAMPED
                ? Smoothing.holtWintersParams(history, Method.SEASON, method == Method.HOLT_WINTERS_DAMPED)
                : null;
        return start(method, hw, history);
    }

    private static SeriesState start(Method method, Smoothing.HwParams hw, double[] history) {
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

    /** Version of {@link #toArray}'s layout; a stored state of another version is rebuilt from the history. */
    static final int FORMAT = 1;

    private static final int BASE = 6 + Method.MA_WINDOW + Method.SEASON + 4;
    private static final int WITH_HOLT_WINTERS = BASE + 4 + 2 + Method.SEASON;

    /**
     * The state as a compact array for the warehouse (45 doubles; 58 with Holt-Winters): format, method, days seen,
     * the moving average's ring buffer, the last value per weekday, Croston/SBA/TSB's z, p, q, π, and for Holt-Winters
     * α, β, γ, φ, level, trend and the seasonal indices. {@link #fromArray} gives back a state that forecasts and
     * updates identically.
     */
    public double[] toArray() {
        double[] a = new double[hw == null ? BASE : WITH_HOLT_WINTERS];
        a[0] = FORMAT;
        a[1] = method.ordinal();
        a[2] = t;
        a[3] = windowCount;
        a[4] = windowNext;
        a[5] = windowSum;
        System.arraycopy(window, 0, a, 6, Method.MA_WINDOW);
        int i = 6 + Method.MA_WINDOW;
        System.arraycopy(lastOfWeekday, 0, a, i, Method.SEASON);
        i += Method.SEASON;
        a[i++] = z;
        a[i++] = p;
        a[i++] = q;
        a[i++] = pi;
        if (hw != null) {
            a[i++] = hw.alpha();
            a[i++] = hw.beta();
            a[i++] = hw.gamma();
            a[i++] = hw.phi();
            a[i++] = level;
            a[i++] = trend;
            System.arraycopy(season, 0, a, i, Method.SEASON);
        }
        return a;
    }

    /**
     * The state {@link #toArray} wrote.
     *
     * @throws IllegalArgumentException when the array is of another format version or shape (the caller rebuilds
     *     the state from the history)
     */
    public static SeriesState fromArray(double[] a) {
        if (a.length < 2 || a[0] != FORMAT || a[1] < 0 || a[1] >= Method.values().length || a[1] != Math.rint(a[1])) {
            throw new IllegalArgumentException("not a forecast state of format " + FORMAT);
        }
        Method method = Method.values()[(int) a[1]];
        boolean holtWinters = method == Method.HOLT_WINTERS || method == Method.HOLT_WINTERS_DAMPED;
        if (a.length != BASE && !(holtWinters && a.length == WITH_HOLT_WINTERS)) {
            throw new IllegalArgumentException("a forecast state of " + method + " has " + a.length + " values, not "
                    + BASE + (holtWinters ? " or " + WITH_HOLT_WINTERS : ""));
        }
        int i = BASE;
        Smoothing.HwParams hw = a.length == WITH_HOLT_WINTERS
                ? new Smoothing.HwParams(
                        a[i],
                        a[i + 1],
                        a[i + 2],
                        a[i + 3],
                        a[i + 4],
                        a[i + 5],
                        Arrays.copyOfRange(a, i + 6, i + 6 + Method.SEASON))
                : null;
        SeriesState s = new SeriesState(method, hw); // level, trend and season: the stored ones (read as the start)
        s.t = (int) a[2];
        s.windowCount = (int) a[3];
        s.windowNext = (int) a[4];
        s.windowSum = a[5];
        System.arraycopy(a, 6, s.window, 0, Method.MA_WINDOW);
        i = 6 + Method.MA_WINDOW;
        System.arraycopy(a, i, s.lastOfWeekday, 0, Method.SEASON);
        i += Method.SEASON;
        s.z = a[i++];
        s.p = a[i++];
        s.q = (int) a[i++];
        s.pi = a[i];
        return s;
    }

    /**
     * {@link #toArray} packed for the warehouse's {@code forecast_states.state}: 8 bytes a double, little-endian (the
     * order of the machines it runs on, so packing is a copy).
     */
    public byte[] toBytes() {
        double[] a = toArray();
        ByteBuffer b = ByteBuffer.allocate(a.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(a);
        return b.array();
    }

    /**
     * The state {@link #toBytes} wrote.
     *
     * @throws IllegalArgumentException as {@link #fromArray}, and when the bytes are not whole doubles
     */
    public static SeriesState fromBytes(byte[] packed) {
        return fromBytes(packed, 0);
    }

    /** The state {@link #toBytes} wrote from {@code offset} on in {@code packed} (after what the caller put before). */
    static SeriesState fromBytes(byte[] packed, int offset) {
        int length = packed.length - offset;
        if (offset < 0 || length < 0 || length % Double.BYTES != 0) {
            throw new IllegalArgumentException("a packed forecast state of " + length + " bytes");
        }
        double[] a = new double[length / Double.BYTES];
        ByteBuffer.wrap(packed, offset, length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asDoubleBuffer()
                .get(a);
        return fromArray(a);
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
