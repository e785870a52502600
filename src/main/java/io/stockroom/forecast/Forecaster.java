package io.stockroom.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forecasts with promotions handled explicitly, and the per-series choice of method by rolling-origin backtest.
 *
 * <p>Promotion days are left out of the baseline fit (they are NaN to the methods); a forecast day that is a
 * planned promotion gets the baseline × the series' uplift for that weekday ({@link Uplifts}: learned per series and
 * weekday, shrunk toward the series' and then the category's uplift).
 */
public final class Forecaster {

    private final List<Method> candidates;
    private final int folds;
    private final int foldStep;

    /**
     * @param candidates the methods a series may be given
     * @param folds      backtest origins per choice
     * @param foldStep   days between origins (7: the choice is re-made weekly, each origin one week older)
     */
    public Forecaster(List<Method> candidates, int folds, int foldStep) {
        if (candidates.isEmpty() || folds < 1 || foldStep < 1) {
            throw new IllegalArgumentException("need at least one method, one fold and a step of at least one day");
        }
        this.candidates = List.copyOf(candidates);
        this.folds = folds;
        this.foldStep = foldStep;
    }

    /**
     * The method chosen for a series, its mean backtest RMSSE (NaN: not available), the folds that counted and, for
     * Holt-Winters, the parameters and start the backtest fitted and scored ({@code fitted}, else null): the state is
     * started with them ({@link SeriesState#start(Choice, double[])}) instead of fitting again.
     */
    public record Choice(Method method, double rmsse, int folds, Smoothing.HwParams fitted) {

        public Choice(Method method, double rmsse, int folds) {
            this(method, rmsse, folds, null);
        }
    }

    /**
     * Each candidate's mean backtest RMSSE, the Holt-Winters parameters the backtest fitted (null: none) and whether
     * the series' demand is {@link #intermittent} (the undamped Holt-Winters not run).
     */
    record Backtest(
            Map<Method, Double> errors,
            Smoothing.HwParams holtWinters,
            Smoothing.HwParams damped,
            boolean intermittent) {

        Smoothing.HwParams fitted(Method m) {
            return switch (m) {
                case HOLT_WINTERS -> holtWinters;
                case HOLT_WINTERS_DAMPED -> damped;
                case MOVING_AVERAGE, SEASONAL_NAIVE, CROSTON, SBA, TSB -> null;
            };
        }
    }

    /** Daily forecasts for days origin .. origin+horizon−1 from the history before {@code origin}. */
    public static double[] forecast(Method method, Series s, int origin, int horizon, Uplift uplift) {
        return adjusted(method.forecast(baseline(s, origin), horizon), s, origin, uplift);
    }

    /**
     * The forecast of a choice as the refresh makes it: Holt-Winters with the parameters and start its backtest
     * fitted ({@link Choice#fitted}, run over the whole history before {@code origin}), any other method as
     * {@link #forecast(Method, Series, int, int, Uplift)}.
     */
    public static double[] forecast(Choice choice, Series s, int origin, int horizon, Uplift uplift) {
        if (choice.fitted() == null) {
            return forecast(choice.method(), s, origin, horizon, uplift);
        }
        double[] f = nonNegative(choice.fitted().run(baseline(s, origin)).forecast(horizon));
        return adjusted(f, s, origin, uplift);
    }

    /** RMSSE of a choice's {@link #forecast(Choice, Series, int, int, Uplift)} over the next {@code horizon} days. */
    public static double error(Choice choice, Series s, int origin, int horizon, Uplift uplift) {
        return error(forecast(choice, s, origin, horizon, uplift), s, origin, horizon);
    }

    private static double[] nonNegative(double[] f) {
        for (int h = 0; h < f.length; h++) {
            f[h] = Double.isNaN(f[h]) ? 0 : Math.max(0, f[h]);
        }
        return f;
    }

    private static double[] adjusted(double[] f, Series s, int origin, Uplift uplift) {
        int horizon = f.length;
        for (int h = 0; h < horizon; h++) {
            if (s.closedOn(origin + h)) {
                f[h] = 0;
            } else if (s.promoOn(origin + h)) {
                f[h] *= uplift.on(origin + h);
            }
        }
        return f;
    }

    /**
     * Mean backtest RMSSE of every candidate over the origins {@code origin − horizon − k·step} (k = 0 .. folds−1),
     * each forecasting {@code horizon} days that all lie before {@code origin}: the choice never sees the days it
     * will forecast. A method with no scorable fold is absent from the map.
     */
    public Map<Method, Double> backtest(Series s, int origin, int horizon, Uplift uplift) {
        return run(s, origin, horizon, uplift).errors();
    }

    /**
     * The mean interval between demands above which a series' demand is intermittent: 1.32 days, the cut-off of
     * Syntetos, Boylan &amp; Croston (2005), "On the categorization of demand patterns" (J. Oper. Res. Soc. 56).
     */
    static final double INTERMITTENT_INTERVAL = 1.32;

    /**
     * Whether the observed days of {@code history} have a mean interval between demands (observed days / days with
     * demand) above {@link #INTERMITTENT_INTERVAL}, or no demand at all. Such a series is not given the undamped
     * Holt-Winters: a trend fitted to mostly-zero days is noise, which the damped one shrinks. Its backtest skips it
     * (each Holt-Winters fit is ~30 % of a choice's CPU). Skipping the damped one too made the M5 choice worse (0.799
     * → 0.808), so it stays (docs/forecast.md, "Speed of the refresh").
     */
    static boolean intermittent(double[] history) {
        int observed = 0;
        int withDemand = 0;
        for (double v : history) {
            if (!Double.isNaN(v)) {
                observed++;
                withDemand += v > 0 ? 1 : 0;
            }
        }
        return withDemand == 0 || observed > INTERMITTENT_INTERVAL * withDemand;
    }

    private Backtest run(Series s, int origin, int horizon, Uplift uplift) {
        Map<Method, Double> out = new java.util.EnumMap<>(Method.class);
        boolean intermittent = intermittent(baseline(s, origin));
        Smoothing.HwParams[] fitted = new Smoothing.HwParams[2];
        int usable = 0;
        while (usable < folds && origin - horizon - usable * foldStep >= 2 * Method.SEASON) {
            usable++;
        }
        int oldest = origin - horizon - (usable - 1) * foldStep;
        // what every method's error on a fold shares, computed once per fold: the history before the fold's origin,
        // the days it forecasts and the in-sample scale of RMSSE (the methods do not change the history they read)
        double[][] history = new double[usable][];
        double[][] actual = new double[usable][];
        double[] scale = new double[usable];
        for (int k = 0; k < usable; k++) {
            int o = origin - horizon - k * foldStep;
            history[k] = baseline(s, o);
            actual[k] = actual(s, o, horizon);
            scale[k] = Rmsse.scale(java.util.Arrays.copyOf(s.units(), o));
        }
        for (Method m : candidates) {
            // Holt-Winters: the parameters are fitted once, on the history before the oldest fold, and run over each
            // fold's longer history: no fold sees its own days, and the choice costs one fit, not one per fold. The
            // fit is a local search of the grid from its middle (Smoothing.Grid.search), not the whole grid: the
            // grid was ~85 % of the choice's CPU
            boolean holtWinters = m == Method.HOLT_WINTERS || m == Method.HOLT_WINTERS_DAMPED;
            if (m == Method.HOLT_WINTERS && intermittent) {
                continue;
            }
            Smoothing.HwParams params = usable > 0 && holtWinters
                    ? Smoothing.holtWintersSearched(
                            history[usable - 1], Method.SEASON, m == Method.HOLT_WINTERS_DAMPED, null)
                    : null;
            if (holtWinters) {
                fitted[m == Method.HOLT_WINTERS ? 0 : 1] = params;
            }
            double sum = 0;
            int n = 0;
            for (int k = 0; k < usable; k++) {
                int o = origin - horizon - k * foldStep;
                double[] f = params != null
                        ? nonNegative(params.run(history[k]).forecast(horizon))
                        : m.forecast(history[k], horizon);
                double e = Rmsse.of(scale[k], actual[k], adjusted(f, s, o, uplift));
                if (!Double.isNaN(e)) {
                    sum += e;
                    n++;
                }
            }
            if (n > 0) {
                out.put(m, sum / n);
            }
        }
        return new Backtest(out, fitted[0], fitted[1], intermittent);
    }

    /**
     * The series' own best method by backtest, unless it is not clearly better than {@code fallback} (the method
     * with the least median backtest error over the series of the run): it must beat the fallback's error on this series by
     * {@link #MARGIN}. A short backtest on one series is noisy; without the margin a method that won a few folds by
     * chance replaces one that is reliably good. Error NaN = not available (no scorable fold).
     */
    public Choice choose(Series s, int origin, int horizon, Uplift uplift, Method fallback) {
        return pick(run(s, origin, horizon, uplift), fallback);
    }

    /** Share by which a series' own best method must beat the run's best method to be chosen over it. */
    static final double MARGIN = 0.10;

    private Choice pick(Backtest backtest, Method fallback) {
        Map<Method, Double> errors = backtest.errors();
        if (errors.isEmpty()) {
            return new Choice(fallback, Double.NaN, 0);
        }
        Method own = null;
        for (Method m : candidates) {
            Double e = errors.get(m);
            if (e != null && (own == null || e < errors.get(own))) {
                own = m;
            }
        }
        Double fallbackError = errors.get(fallback);
        Method chosen = fallbackError == null || errors.get(own) < fallbackError * (1 - MARGIN) ? own : fallback;
        return new Choice(chosen, errors.get(chosen), folds, backtest.fitted(chosen));
    }

    /**
     * Chooses for every series: first the run's fallback, then each series' own choice against it ({@link #choose}).
     * The fallback is the method with the least median backtest error over the series of the run (the median, so a
     * few series with a closure or a launch in their folds don't decide for all), taken separately for the
     * {@link #intermittent} series and the others: the intermittent ones are not given the undamped Holt-Winters, so
     * a median over all series would compare it on the regular series with the other methods on both.
     */
    public List<Choice> chooseAll(List<Series> series, int[] origins, int horizon, Uplifts uplifts) {
        List<Backtest> backtests = java.util.stream.IntStream.range(0, series.size())
                .parallel()
                .mapToObj(i -> run(series.get(i), origins[i], horizon, uplifts.of(series.get(i))))
                .toList();
        Method regular =
                fallback(backtests.stream().filter(b -> !b.intermittent()).toList());
        Method intermittent =
                fallback(backtests.stream().filter(Backtest::intermittent).toList());
        List<Choice> out = new ArrayList<>(series.size());
        for (Backtest b : backtests) {
            out.add(pick(b, b.intermittent() ? intermittent : regular));
        }
        return out;
    }

    /** The candidate with the least median backtest error over {@code backtests} (the first candidate if none). */
    private Method fallback(List<Backtest> backtests) {
        Map<Method, List<Double>> all = new java.util.EnumMap<>(Method.class);
        for (Backtest b : backtests) {
            b.errors()
                    .forEach((m, v) ->
                            all.computeIfAbsent(m, k -> new ArrayList<>()).add(v));
        }
        Method fallback = candidates.getFirst();
        double best = Double.NaN;
        for (Method m : candidates) {
            List<Double> v = all.get(m);
            if (v == null) {
                continue;
            }
            double median = v.stream()
                    .sorted()
                    .skip((v.size() - 1) / 2)
                    .limit(2 - v.size() % 2)
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
            if (Double.isNaN(best) || median < best) {
                best = median;
                fallback = m;
            }
        }
        return fallback;
    }

    /** RMSSE of the method's forecast from {@code origin} over the next {@code horizon} days of the series. */
    public static double error(Method m, Series s, int origin, int horizon, Uplift uplift) {
        return error(forecast(m, s, origin, horizon, uplift), s, origin, horizon);
    }

    private static double error(double[] f, Series s, int origin, int horizon) {
        return Rmsse.of(java.util.Arrays.copyOf(s.units(), origin), actual(s, origin, horizon), f);
    }

    /** The series' units on days origin .. origin+horizon−1 (NaN beyond its history). */
    private static double[] actual(Series s, int origin, int horizon) {
        double[] actual = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            actual[h] = origin + h < s.units().length ? s.units()[origin + h] : Double.NaN;
        }
        return actual;
    }

    /** The history before {@code origin} with promotion and closed days left out (NaN). */
    static double[] baseline(Series s, int origin) {
        double[] y = new double[origin];
        for (int t = 0; t < origin; t++) {
            y[t] = s.promo()[t] || s.closed()[t] ? Double.NaN : s.units()[t];
        }
        return y;
    }
}
