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

    /** Runs both datasets found under {@code realDir}; prints the table. */
    public static List<Result> run(Path realDir, Path workDir, PrintStream out) {
        Path m5 = realDir.resolve("m5_subset");
        Path rossmann = realDir.resolve("rossmann");
        if (!Files.isDirectory(m5) && !Files.isDirectory(rossmann)) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND,
                    "Neither " + m5 + " nor " + rossmann
                            + " exists. Point --real-dir at the folder with the public data (../shared/data/real).");
        }
        List<Result> results = new ArrayList<>();
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
            results.add(evaluate("M5 (10 item-store series)", RealData.readLong(longCsv), 28));
        }
        if (Files.isDirectory(rossmann)) {
            results.add(evaluate("Rossmann (100 stores)", RealData.rossmann(rossmann), 42));
        }
        print(results, out);
        return results;
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
        out.println();
        out.println("Mean RMSSE on the holdout (lower is better)");
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
