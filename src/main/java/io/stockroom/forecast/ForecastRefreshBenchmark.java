package io.stockroom.forecast;

import io.stockroom.StockroomProperties;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code stockroom bench forecast-refresh}: the stored-state refresh through a real warehouse (embedded DuckDB).
 * Generates {@code stores × skus} pairs with {@code historyDays + days + 1} days of sales and snapshots, then runs
 * {@link ForecastService#refresh} on day 1 (no state: every pair is chosen and started from its history) and on the
 * {@code days} days after it (each pair folds in one day; about a seventh are re-chosen, each on its day of the week),
 * and extrapolates the per-pair cost of each step to 10M pairs. The day after is refreshed once more as before the
 * state was stored (every pair reads its window and starts its state again, the choice kept unless due), to compare.
 */
public final class ForecastRefreshBenchmark {

    static final LocalDate DAY_ONE = LocalDate.of(2026, 3, 5);

    private ForecastRefreshBenchmark() {}

    /** One refresh: what it did, its wall time per step and the process CPU it took. */
    public record Day(ForecastService.Refresh refresh, double cpuSeconds) {}

    public static List<Day> run(
            int stores, int skus, int days, Path workDir, ForecastProperties settings, PrintStream out) {
        deleteRecursively(workDir);
        ForecastProperties on = new ForecastProperties(
                true,
                settings.historyDays(),
                settings.horizonDays(),
                settings.backtestFolds(),
                settings.backtestHorizonDays(),
                settings.chooseInDailyRun());
        List<Day> result = new ArrayList<>();
        List<Day> choices =
                new ArrayList<>(); // the weekly choice as its own step after each day (choose-in-daily-run false)
        try (Warehouse w = new Warehouse(workDir, new StockroomProperties.Warehouse("duckdb", "4GB", 0))) {
            long g0 = System.nanoTime();
            LocalDate first = DAY_ONE.minusDays(on.historyDays() - 1L);
            int generated = on.historyDays() + days + 1;
            w.inTransaction(c -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("stores", stores);
                p.put("skus", skus);
                p.put("days", generated);
                p.put("first", Sql.date(first));
                for (String statement : DailyHistory.sql("bench_chain.sql").split(";\n")) {
                    if (!statement.isBlank()) {
                        Sql.named(c).update(statement, p);
                    }
                }
                return null;
            });
            long pairs = (long) stores * skus;
            out.printf(
                    Locale.ROOT,
                    "Forecast refresh through the warehouse (DuckDB): %,d stores x %,d SKUs = %,d pairs, %d days of sales"
                            + " and snapshots generated in %.0f s; %d cores%n",
                    stores,
                    skus,
                    pairs,
                    generated,
                    (System.nanoTime() - g0) / 1e9,
                    Runtime.getRuntime().availableProcessors());
            ForecastService service = new ForecastService(on);
            for (int k = 0; k <= days; k++) {
                LocalDate d = DAY_ONE.plusDays(k);
                long cpu0 = processCpuNanos();
                ForecastService.Refresh r = w.inTransaction(c -> service.refresh(c, d));
                result.add(new Day(r, (processCpuNanos() - cpu0) / 1e9));
                out.printf(
                        Locale.ROOT,
                        "  %s  %,8d pairs: %,7d chosen, %,7d from history, %,7d folded in, %,7d states written,"
                                + " %,7d rows a flat rate  %7.1f s wall %7.1f s CPU  %s%n"
                                + "      CPU ms per step: %s%n",
                        d,
                        r.pairs(),
                        r.chosen(),
                        r.rebuilt(),
                        r.updated(),
                        r.statesWritten(),
                        r.flatRows(),
                        r.millis() / 1e3,
                        result.getLast().cpuSeconds(),
                        r.steps(),
                        r.cpuMillis());
                if (!on.chooseInDailyRun()) {
                    long cpu1 = processCpuNanos();
                    ForecastService.Refresh ch = w.inTransaction(c -> service.choose(c, d));
                    choices.add(new Day(ch, (processCpuNanos() - cpu1) / 1e9));
                    out.printf(
                            Locale.ROOT,
                            "      then the choice as its own step: %,7d chosen, %,7d states written  %7.1f s wall"
                                    + " %7.1f s CPU  CPU ms per step: %s%n",
                            ch.chosen(),
                            ch.statesWritten(),
                            ch.millis() / 1e3,
                            choices.getLast().cpuSeconds(),
                            ch.cpuMillis());
                }
            }
            // the next day as the refresh did before the state was stored: every pair reads its window again
            LocalDate next = DAY_ONE.plusDays(days + 1L);
            long cpu0 = processCpuNanos();
            ForecastService.Refresh r = w.inTransaction(c -> service.refresh(c, next, true));
            out.printf(
                    Locale.ROOT,
                    "  %s  %,8d pairs from their history (the refresh before the state was stored; %,d chosen)"
                            + "  %7.1f s wall %7.1f s CPU  %s%n      CPU ms per step: %s%n",
                    next,
                    r.pairs(),
                    r.chosen(),
                    r.millis() / 1e3,
                    (processCpuNanos() - cpu0) / 1e9,
                    r.steps(),
                    r.cpuMillis());
        }
        deleteRecursively(workDir);
        extrapolate(result, out);
        if (choices.size() > 1) {
            List<Day> daily = choices.subList(1, choices.size());
            double cpu = daily.stream().mapToDouble(Day::cpuSeconds).average().orElseThrow();
            double chosen =
                    daily.stream().mapToInt(d -> d.refresh().chosen()).average().orElseThrow();
            out.printf(
                    Locale.ROOT,
                    "  the choice as its own step after a daily day: %.1f s CPU for %,.0f pairs chosen (%.0f us each);"
                            + " at 10,000,000 pairs (a seventh a day) %,.0f CPU-s a day; after day 1 (every pair):"
                            + " %.1f s CPU%n",
                    cpu,
                    chosen,
                    cpu * 1e6 / chosen,
                    cpu / chosen * 10_000_000 / 7,
                    choices.getFirst().cpuSeconds());
        }
        return result;
    }

    /** Steps whose cost grows with the pairs chosen that day; the others grow with all pairs. */
    private static boolean choiceStep(String step) {
        return step.startsWith("read history") || step.equals("choose") || step.startsWith("start states");
    }

    private static void extrapolate(List<Day> days, PrintStream out) {
        long target = 10_000_000L;
        ForecastService.Refresh first = days.getFirst().refresh();
        out.printf(
                Locale.ROOT,
                "At %,d pairs (linear in the pairs, this machine's wall time):%n  day 1 (every pair chosen): %,.0f s"
                        + " (%.0f us per pair)%n",
                target,
                first.millis() / 1e3 * target / first.pairs(),
                first.millis() * 1e3 / first.pairs());
        List<Day> daily = days.subList(1, days.size());
        if (daily.isEmpty()) {
            return;
        }
        double perPair = 0;
        double perChosen = 0;
        int chosen = 0;
        for (Day d : daily) {
            ForecastService.Refresh r = d.refresh();
            for (Map.Entry<String, Long> e : r.steps().entrySet()) {
                if (choiceStep(e.getKey())) {
                    perChosen += e.getValue();
                } else {
                    perPair += e.getValue() / (double) r.pairs();
                }
            }
            chosen += r.chosen();
        }
        perPair = perPair / daily.size() * 1e3; // microseconds per pair and day
        perChosen = chosen == 0 ? 0 : perChosen * 1e3 / chosen;
        double wall =
                daily.stream().mapToLong(d -> d.refresh().millis()).average().orElseThrow() / 1e3;
        double cpu = daily.stream().mapToDouble(Day::cpuSeconds).average().orElseThrow();
        double pairs =
                daily.stream().mapToInt(d -> d.refresh().pairs()).average().orElseThrow();
        out.printf(
                Locale.ROOT,
                "  a daily day here: %.1f s wall, %.1f s CPU for %,.0f pairs (%.0f re-chosen on average)%n",
                wall,
                cpu,
                pairs,
                (double) chosen / daily.size());
        Map<String, Double> cpuPerStep = new LinkedHashMap<>();
        for (Day d : daily) {
            d.refresh().cpuMillis().forEach((k, v) -> cpuPerStep.merge(k, v / 1e3 / daily.size(), Double::sum));
        }
        out.printf(Locale.ROOT, "  a daily day's process CPU per step (s, mean):");
        cpuPerStep.forEach((k, v) -> out.printf(Locale.ROOT, " %s %.2f;", k, v));
        out.println();
        out.printf(
                Locale.ROOT,
                "  per pair and day: read state, new day, fold in, write  %.1f us;  per re-chosen pair: history, choice,"
                        + " start %.0f us%n",
                perPair,
                perChosen);
        out.printf(
                Locale.ROOT,
                "  a daily day at %,d pairs: %,.0f s for all pairs + %,.0f s for the ~%,d re-chosen = %,.0f s%n",
                target,
                perPair * target / 1e6,
                perChosen * (target / 7) / 1e6,
                target / 7,
                (perPair * target + perChosen * (target / 7)) / 1e6);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the scratch folder " + dir, e);
        }
    }
}
