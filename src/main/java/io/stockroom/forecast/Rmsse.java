package io.stockroom.forecast;

/**
 * Root mean squared scaled error (Hyndman & Koehler 2006; the M5 competition's measure):
 * RMSSE = √( mean over the horizon of (y − ŷ)² / mean over the training days of (yt − yt−1)² ).
 * The scale is the in-sample one-step naive error, counted from the first day with demand (as M5 does, so a
 * series' leading zeros before launch don't shrink it). NaN days (not observed) are skipped on both sides.
 * 1.0 means as good as the naive forecast's in-sample error; lower is better. NaN when it cannot be computed
 * (no observed day in the horizon, or a training history with no change at all).
 */
public final class Rmsse {

    private Rmsse() {}

    public static double of(double[] training, double[] actual, double[] forecast) {
        return of(scale(training), actual, forecast);
    }

    /** The same with the training days' {@link #scale} given (a backtest scores every method against one fold). */
    static double of(double scale, double[] actual, double[] forecast) {
        double sum = 0;
        int n = 0;
        for (int h = 0; h < actual.length; h++) {
            if (!Double.isNaN(actual[h])) {
                double e = actual[h] - forecast[h];
                sum += e * e;
                n++;
            }
        }
        if (n == 0 || !(scale > 0)) {
            return Double.NaN;
        }
        return Math.sqrt(sum / n / scale);
    }

    static double scale(double[] y) {
        int start = 0;
        while (start < y.length && !(y[start] > 0)) {
            start++;
        }
        double sum = 0;
        int n = 0;
        double prev = Double.NaN;
        for (int t = start; t < y.length; t++) {
            if (Double.isNaN(y[t])) {
                continue;
            }
            if (!Double.isNaN(prev)) {
                sum += (y[t] - prev) * (y[t] - prev);
                n++;
            }
            prev = y[t];
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
