package io.stockroom.forecast;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code stockroom bench forecast}: backtests every method and the per-series choice on real data nobody here wrote
 * (the M5 subset and 100 Rossmann stores in {@code data/real}) and prints the mean RMSSE of each on a holdout the
 * choice never saw.
 */
public final class ForecastBenchmark {

    /** Backtest origins per choice, one week apart (the weekly re-choice). */
    static final int FOLDS = 8;

    /** Rolling holdouts: M5's last year in 13 holdouts of 28 days. */
    static final int M5_HOLDOUTS = 13;

    /** Rolling holdouts: Rossmann's last 336 days in 8 holdouts of 42 days. */
    static final int ROSSMANN_HOLDOUTS = 8;

    private ForecastBenchmark() {}

    /** Mean holdout RMSSE per method and of the per-series choice, over the series that could be scored. */
    public record Result(
            String dataset,
            int series,
            int horizon,
            Map<Method, Double> perMethod,
            double choice,
            Map<Method, Integer> chosen) {

        public Method bestSingle() {
            return perMethod.entrySet().stream()
                    .min(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
        }
    }

    /** Both protocols' results: the last holdout alone, and the rolling holdouts over the last year. */
    public record Results(List<Result> lastHoldout, List<Result> rolling) {}

    /** Runs both datasets found under {@code realDir}; prints the tables. */
    public static Results run(Path realDir, Path workDir, PrintStream out) {
        Path m5 = realDir.resolve("m5_subset");
        Path rossmann = realDir.resolve("rossmann");
        if (!Files.isDirectory(m5) && !Files.isDirectory(rossmann)) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND,
                    "Neither " + m5 + " nor " + rossmann
                            + " exists. Point --real-dir at the folder with the public data (../shared/data/real).");
        }
        List<Result> results = new ArrayList<>();
        List<Result> rolling = new ArrayList<>();
        if (Files.isDirectory(m5)) {
            try {
                Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new StockroomException(
                        ErrorCode.FILE_UNREADABLE, "Cannot create " + workDir + ": " + e.getMessage(), e);
            }
            Path longCsv = workDir.resolve("m5_sales_long.csv");
            long rows = RealData.convertM5(m5, longCsv);
            out.printf(Locale.ROOT, "M5: converted the wide file to %,d daily rows in %s%n", rows, longCsv);
            List<Series> series = RealData.readLong(longCsv);
            results.add(evaluate("M5 (10 item-store series)", series, 28));
            rolling.add(rolling("M5 (10 series x 13)", series, 28, M5_HOLDOUTS));
        }
        if (Files.isDirectory(rossmann)) {
            List<Series> series = RealData.rossmann(rossmann);
            results.add(evaluate("Rossmann (100 stores)", series, 42));
            rolling.add(rolling("Rossmann (100 x 8)", series, 42, ROSSMANN_HOLDOUTS));
        }
        out.println();
        out.println("Mean RMSSE on the last holdout (lower is better)");
        print(results, out);
        out.println();
        out.println(
                "Mean RMSSE over rolling holdouts: the last year in holdouts of the horizon, each with its own choice"
                        + " and uplifts made before it (lower is better)");
        print(rolling, out);
        return new Results(results, rolling);
    }

    /**
     * The same evaluation at {@code holdouts} origins one horizon apart, going back from the end: each series is cut
     * after its k-th holdout from the end, so nothing after that holdout exists for the choice, the uplifts or the
     * methods. Means over every (series, holdout) scored.
     */
    static Result rolling(String name, List<Series> series, int horizon, int holdouts) {
        Map<Method, double[]> sums = new EnumMap<>(Method.class);
        Map<Method, Integer> chosen = new EnumMap<>(Method.class);
        double choiceSum = 0;
        int scored = 0;
        for (int k = 0; k < holdouts; k++) {
            int cut = k * horizon;
            List<Series> upTo = series.stream()
                    .filter(s -> s.units().length - cut > horizon)
                    .map(s -> new Series(
                            s.id(),
                            s.category(),
                            java.util.Arrays.copyOf(s.units(), s.units().length - cut),
                            s.promo(),
                            s.closed()))
                    .toList();
            Result r = evaluate(name, upTo, horizon);
            if (r.series() == 0) {
                continue;
            }
            int n = r.series();
            r.perMethod().forEach((m, v) -> sums.computeIfAbsent(m, x -> new double[1])[0] += v * n);
            choiceSum += r.choice() * n;
            r.chosen().forEach((m, c) -> chosen.merge(m, c, Integer::sum));
            scored += n;
        }
        Map<Method, Double> means = new EnumMap<>(Method.class);
        int total = scored;
        sums.forEach((m, v) -> means.put(m, v[0] / total));
        return new Result(name, scored, horizon, means, total == 0 ? Double.NaN : choiceSum / total, chosen);
    }

    /**
     * Each series' last {@code horizon} days are the holdout. Every method forecasts them from the history before;
     * the choice is made by {@link Forecaster#choose} on that history alone; uplifts are learned before the holdout.
     */
    static Result evaluate(String name, List<Series> series, int horizon) {
        Forecaster forecaster = new Forecaster(List.of(Method.values()), FOLDS, 7);
        Map<Method, double[]> sums = new EnumMap<>(Method.class);
        Map<Method, Integer> chosen = new EnumMap<>(Method.class);
        int minOrigin = series.stream().mapToInt(s -> s.units().length).min().orElse(0) - horizon;
        Uplifts uplifts = Uplifts.learn(series, minOrigin);
        List<Series> scorable = new ArrayList<>();
        List<Map<Method, Double>> holdout = new ArrayList<>();
        for (Series s : series) {
            int origin = s.units().length - horizon;
            Uplift up = uplifts.of(s);
            Map<Method, Double> errors = new EnumMap<>(Method.class);
            for (Method m : Method.values()) {
                errors.put(m, Forecaster.error(m, s, origin, horizon, up));
            }
            if (errors.values().stream().noneMatch(e -> Double.isNaN(e))) {
                scorable.add(s); // a series that cannot be scored (no observed holdout day) is left out of every column
                holdout.add(errors);
            }
        }
        int[] origins =
                scorable.stream().mapToInt(s -> s.units().length - horizon).toArray();
        List<Forecaster.Choice> choices = forecaster.chooseAll(scorable, origins, horizon, uplifts);
        double choiceSum = 0;
        for (int i = 0; i < scorable.size(); i++) {
            Forecaster.Choice c = choices.get(i);
            chosen.merge(c.method(), 1, Integer::sum);
            holdout.get(i).forEach((m, e) -> sums.computeIfAbsent(m, k -> new double[1])[0] += e);
            // the choice's forecast as the refresh makes it (Holt-Winters with the parameters its backtest fitted)
            Series s = scorable.get(i);
            choiceSum += Forecaster.error(c, s, origins[i], horizon, uplifts.of(s));
        }
        int scored = scorable.size();
        Map<Method, Double> means = new EnumMap<>(Method.class);
        int n = scored;
        sums.forEach((m, v) -> means.put(m, v[0] / n));
        return new Result(name, scored, horizon, means, n == 0 ? Double.NaN : choiceSum / n, chosen);
    }

    static void print(List<Result> results, PrintStream out) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-26s", "method"));
        for (Result r : results) {
            head.append(String.format(Locale.ROOT, " %28s", r.dataset() + " h=" + r.horizon()));
        }
        out.println(head);
        for (Method m : Method.values()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-26s", m.label()));
            for (Result r : results) {
                Double v = r.perMethod().get(m);
                row.append(String.format(
                        Locale.ROOT, " %28s", v == null ? "not available" : String.format(Locale.ROOT, "%.3f", v)));
            }
            out.println(row);
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-26s", "per-series choice"));
        for (Result r : results) {
            row.append(String.format(Locale.ROOT, " %28s", String.format(Locale.ROOT, "%.3f", r.choice())));
        }
        out.println(row);
        for (Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "%s: %d series scored; best single method %s %.3f; per-series choice %.3f (%s); chosen: %s%n",
                    r.dataset(),
                    r.series(),
                    r.bestSingle().label(),
                    r.perMethod().get(r.bestSingle()),
                    r.choice(),
                    r.choice() < r.perMethod().get(r.bestSingle()) ? "beats it" : "does NOT beat it",
                    r.chosen());
        }
    }
}
