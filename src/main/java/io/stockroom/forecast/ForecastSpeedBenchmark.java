package io.stockroom.forecast;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * {@code stockroom bench forecast-speed}: what the forecast refresh costs per store × SKU, in CPU time, so the cost
 * at 10M pairs (500 × 20,000) can be extrapolated from a scale the machine holds. Synthetic daily histories (seeded;
 * half steady sellers with a weekly pattern, half slow movers, a few days not observed) go through the three steps
 * of the refresh: the <b>weekly choice</b> (backtest of every method), the <b>daily forecast</b> with the stored
 * choice, and the <b>daily update</b> of each method's state with one new day ({@link SeriesState}). Reading the
 * history from and writing the forecasts to the warehouse is not in these numbers.
 */
public final class ForecastSpeedBenchmark {

    private ForecastSpeedBenchmark() {}

    /** CPU microseconds per series of each step, and the wall time of the weekly choice over all series. */
    public record Result(
            int series,
            int historyDays,
            double chooseMicros,
            double forecastMicros,
            double updateMicros,
            double chooseWallSeconds,
            int cores) {

        /** CPU seconds of one refresh at {@code pairs}: the weekly one (choice + forecast) and a daily one. */
        double weeklyCpuSeconds(long pairs) {
            return pairs * (chooseMicros + forecastMicros) / 1e6;
        }

        double dailyCpuSeconds(long pairs) {
            return pairs * (updateMicros + forecastMicros) / 1e6;
        }
    }

    public static Result run(int series, int historyDays, ForecastProperties settings, PrintStream out) {
        List<Series> all = synthetic(series, historyDays, 42);
        Forecaster forecaster = new Forecaster(List.of(Method.values()), settings.backtestFolds(), 7);
        int[] origins = new int[series];
        Arrays.fill(origins, historyDays);
        // warm the JIT on a slice first, so the numbers are the steady state a daily run sees
        forecaster.chooseAll(
                all.subList(0, Math.min(series, 500)), origins, settings.backtestHorizonDays(), Uplifts.NONE);

        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        List<Forecaster.Choice> choices =
                forecaster.chooseAll(all, origins, settings.backtestHorizonDays(), Uplifts.NONE);
        double chooseWall = (System.nanoTime() - wall0) / 1e9;
        double choose = (processCpuNanos() - cpu0) / 1e3 / series;

        long cpu1 = processCpuNanos();
        List<SeriesState> states = IntStream.range(0, series)
                .parallel()
                .mapToObj(i -> SeriesState.start(choices.get(i), all.get(i).units()))
                .toList();
        double start = (processCpuNanos() - cpu1) / 1e3 / series;

        long cpu2 = processCpuNanos();
        double[] sink = new double[series];
        IntStream.range(0, series).parallel().forEach(i -> {
            double[] f = states.get(i).forecast(settings.horizonDays());
            sink[i] = f[f.length - 1];
        });
        double forecast = (processCpuNanos() - cpu2) / 1e3 / series;

        SplittableRandom rnd = new SplittableRandom(7);
        double[] newDay = new double[series];
        for (int i = 0; i < series; i++) {
            newDay[i] = rnd.nextInt(4);
        }
        long cpu3 = processCpuNanos();
        IntStream.range(0, series).parallel().forEach(i -> states.get(i).update(newDay[i]));
        double update = (processCpuNanos() - cpu3) / 1e3 / series;

        int cores = Runtime.getRuntime().availableProcessors();
        Result r = new Result(series, historyDays, choose, forecast, update, chooseWall, cores);
        long target = 10_000_000L;
        out.printf(
                Locale.ROOT,
                "Forecast refresh, %,d synthetic series of %d days (half slow movers), %d folds of %d days, %d cores%n",
                series,
                historyDays,
                settings.backtestFolds(),
                settings.backtestHorizonDays(),
                cores);
        out.printf(
                Locale.ROOT,
                "  weekly choice (backtest of %d methods)  %8.1f us CPU per series (%.1f s wall for all)%n",
                Method.values().length,
                choose,
                chooseWall);
        out.printf(Locale.ROOT, "  state from the history (once)          %8.1f us CPU per series%n", start);
        out.printf(Locale.ROOT, "  daily update with one new day          %8.2f us CPU per series%n", update);
        out.printf(
                Locale.ROOT,
                "  forecast of %d days from the state      %8.2f us CPU per series%n",
                settings.horizonDays(),
                forecast);
        out.printf(
                Locale.ROOT,
                "At %,d pairs: weekly choice %,.0f CPU-s (%,.0f s on %d cores); daily update + forecast %,.1f CPU-s (%,.1f s on %d cores)%n",
                target,
                r.weeklyCpuSeconds(target),
                r.weeklyCpuSeconds(target) / cores,
                cores,
                r.dailyCpuSeconds(target),
                r.dailyCpuSeconds(target) / cores,
                cores);
        if (sink.length > 0 && Double.isNaN(sink[0])) {
            out.println("(a forecast was not a number)");
        }
        return r;
    }

    /** Seeded histories: even series sell every day with a weekly pattern, odd ones are slow movers; 2 % not observed. */
    static List<Series> synthetic(int n, int days, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] weekday = {0.8, 0.9, 0.9, 1.0, 1.2, 1.5, 0.7};
        List<Series> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double rate = i % 2 == 0 ? 2 + rnd.nextDouble() * 20 : 0.05 + rnd.nextDouble() * 0.5;
            double[] y = new double[days];
            for (int t = 0; t < days; t++) {
                y[t] = rnd.nextDouble() < 0.02 ? Double.NaN : poisson(rnd, rate * weekday[t % 7]);
            }
            out.add(Series.plain("p" + i, "c" + i % 20, y));
        }
        return out;
    }

    private static int poisson(SplittableRandom rnd, double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double p = rnd.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= rnd.nextDouble();
            k++;
        }
        return k;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
