package io.stockroom.replenish;

import io.stockroom.StockroomProperties;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The replenishment benchmark: generates a chain in DuckDB with SQL (range(), no files), then times the daily stage.
 * For each history length (default 7, 14, 28, 56 days, up to --days when larger) it times the first run (a full
 * rebuild of the demand statistics from history) and the daily run after it (incremental), with time per step.
 * {@code stockroom bench replenishment --stores 500 --skus 20000 --days 28} calls {@link #run(Options, PrintStream)}.
 */
public final class ReplenishmentBenchmark {

    static final LocalDate END = LocalDate.of(2026, 3, 31);

    /**
     * What to generate; {@code dataDir} null = a temporary directory, deleted afterwards. {@code outOfStockPct} % of the
     * pairs are out of stock 40 days of every 91 (a chronic stock-out, each pair at its own phase): at any date about a
     * third of them have too few in-stock days in the demand window (LONG_OUT_OF_STOCK); 0 = none, as before.
     */
    public record Options(
            int stores,
            int skus,
            int days,
            List<Integer> growth,
            Path dataDir,
            String memoryLimit,
            boolean dailyOnly,
            int outOfStockPct) {
        public static Options of(int stores, int skus, int days) {
            return new Options(stores, skus, days, List.of(7, 14, 28, 56), null, "4GB", false, 0);
        }
    }

    /** One history length: the full rebuild, the incremental daily run and its steps. */
    public record Point(
            int historyDays,
            long generateMillis,
            long fullRunMillis,
            long dailyRunMillis,
            Map<String, String> dailySteps,
            ReplenishmentRun daily) {}

    public record Report(Options options, List<Point> points) {}

    private ReplenishmentBenchmark() {}

    public static void main(String[] args) {
        int stores = 500;
        int skus = 20_000;
        int days = 28;
        List<Integer> growth = List.of(7, 14, 28, 56);
        Path dir = null;
        String memory = "4GB";
        boolean dailyOnly = false;
        int outOfStockPct = 0;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--daily-only")) {
                dailyOnly = true;
                i--;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--stores" -> stores = Integer.parseInt(args[i + 1]);
                case "--skus" -> skus = Integer.parseInt(args[i + 1]);
                case "--days" -> days = Integer.parseInt(args[i + 1]);
                case "--growth" ->
                    growth = args[i + 1].isBlank() || args[i + 1].equals("none")
                            ? List.of()
                            : Stream.of(args[i + 1].split(","))
                                    .map(String::strip)
                                    .map(Integer::parseInt)
                                    .toList();
                case "--data-dir" -> dir = Path.of(args[i + 1]);
                case "--memory-limit" -> memory = args[i + 1];
                case "--out-of-stock-pct" -> outOfStockPct = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + "; use --stores N --skus N --days N [--growth 7,14,28,56|none] [--data-dir DIR] [--memory-limit 4GB] [--daily-only] [--out-of-stock-pct 0]");
            }
        }
        run(new Options(stores, skus, days, growth, dir, memory, dailyOnly, outOfStockPct), System.out);
    }

    public static Report run(Options o, PrintStream out) {
        boolean temporary = o.dataDir() == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("stockroom-bench-replenishment") : o.dataDir();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary data directory: " + e.getMessage(), e);
        }
        TreeSet<Integer> points = new TreeSet<>();
        o.growth().stream().filter(h -> h >= 2).forEach(points::add);
        points.add(o.days());
        out.printf(
                Locale.ROOT,
                "replenishment benchmark: %,d stores x %,d SKUs = %,d store-SKU pairs; history %s days; data dir %s%n",
                o.stores(),
                o.skus(),
                (long) o.stores() * o.skus(),
                points,
                dir);
        List<Point> results = new ArrayList<>();
        try (Warehouse w = new Warehouse(dir, new StockroomProperties.Warehouse("duckdb", o.memoryLimit(), 0))) {
            ReplenishmentService service = new ReplenishmentService(w, ReplenishmentProperties.defaults());
            long t = System.nanoTime();
            // a kept data directory from an earlier run of the same size is reused: only missing days are generated
            boolean reuse =
                    count(w, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'bench_stores'") > 0;
            int generated = -1; // days before END already generated (END itself is day 0)
            if (reuse) {
                LocalDate first = w.withConnection(c -> NamedSql.query(
                                c,
                                "SELECT MIN(business_date) FROM inventory",
                                Map.of(),
                                rs -> rs.getDate(1).toLocalDate())
                        .get(0));
                generated = (int) (END.toEpochDay() - first.toEpochDay());
                out.printf(Locale.ROOT, "reusing the chain in %s (history from %s)%n", dir, first);
            } else {
                w.inTransaction(c ->
                        NamedSql.run(c, "bench_master.sql", Map.of("stores", o.stores(), "skus", o.skus(), "d", END)));
                out.printf(Locale.ROOT, "master data: %,d ms%n", ms(t));
            }
            for (int history : points) {
                t = System.nanoTime();
                for (int back = generated + 1; back <= history; back++) {
                    LocalDate day = END.minusDays(back);
                    w.inTransaction(c -> NamedSql.run(
                            c,
                            "bench_day.sql",
                            Map.of(
                                    "day",
                                    day,
                                    "day_no",
                                    day.toEpochDay(),
                                    "seed",
                                    day.toEpochDay() * 2,
                                    "stores",
                                    o.stores(),
                                    "skus",
                                    o.skus(),
                                    "out_of_stock_pct",
                                    o.outOfStockPct())));
                }
                generated = Math.max(generated, history);
                long gen = ms(t);
                long salesRows = count(w, "SELECT COUNT(*) FROM sales");
                long inventoryRows = count(w, "SELECT COUNT(*) FROM inventory");
                out.printf(
                        Locale.ROOT,
                        "%nhistory %d days (+1 day to drop): generated in %,d ms; warehouse has %,d sales rows, %,d inventory rows%n",
                        history,
                        gen,
                        salesRows,
                        inventoryRows);
                long cpu = cpuMillis();
                t = System.nanoTime();
                Map<String, String> fullSteps = new LinkedHashMap<>();
                long full = -1;
                if (o.dailyOnly()) {
                    // keep generation D-1 of an earlier run; forget D so that the daily run builds it incrementally
                    // again (its
                    // rows stay, as D-2's would on a real day, for the run to clear), and remove D's result, so that
                    // the run is
                    // D's first, as on a real day (a re-run also deletes the lines it replaces)
                    w.inTransaction(c -> {
                        for (String table : List.of(
                                "demand_stats_sources",
                                "demand_stats_state",
                                "replenishment_lines",
                                "replenishment_exceptions",
                                "purchase_orders",
                                "replenishment_runs")) {
                            NamedSql.update(
                                    c,
                                    "DELETE FROM " + table
                                            + (table.startsWith("demand")
                                                    ? " WHERE as_of = :d"
                                                    : " WHERE business_date = :d"),
                                    Map.of("d", END));
                        }
                        return null;
                    });
                    w.withConnection(c -> {
                        try (Statement s = c.createStatement()) {
                            return s.execute("CHECKPOINT");
                        }
                    });
                    out.printf(
                            Locale.ROOT,
                            "  daily only: generation %s kept; generation %s forgotten and its result removed%n",
                            END.minusDays(1),
                            END);
                } else {
                    service.run(END.minusDays(1), Optional.empty(), clock(fullSteps), true);
                    full = ms(t);
                    out.printf(
                            Locale.ROOT,
                            "  first run %s (full rebuild of the demand statistics): %,d ms wall, %,d ms CPU (load average %.1f)%n",
                            END.minusDays(1),
                            full,
                            cpuMillis() - cpu,
                            load());
                    print(fullSteps, out);
                }
                cpu = cpuMillis();
                t = System.nanoTime();
                Map<String, String> steps = new LinkedHashMap<>();
                ReplenishmentRun daily = service.run(END, Optional.empty(), clock(steps), false);
                long dailyMs = ms(t);
                out.printf(
                        Locale.ROOT,
                        "  daily run %s (incremental): %,d ms wall, %,d ms CPU (load average %.1f) — %,d pairs, %,d lines, "
                                + "%,d purchase orders, %,d exceptions%n",
                        END,
                        dailyMs,
                        cpuMillis() - cpu,
                        load(),
                        daily.pairsEvaluated(),
                        daily.lines(),
                        daily.purchaseOrders(),
                        daily.exceptions());
                print(steps, out);
                results.add(new Point(history, gen, full, dailyMs, steps, daily));
            }
            out.printf(Locale.ROOT, "%nhistory days | first run (full rebuild) ms | daily run (incremental) ms%n");
            for (Point p : results) {
                out.printf(
                        Locale.ROOT, "%12d | %,26d | %,27d%n", p.historyDays(), p.fullRunMillis(), p.dailyRunMillis());
            }
        } finally {
            if (temporary) {
                delete(dir);
            }
        }
        return new Report(o, results);
    }

    /** Prints the steps, each with its statements (those under 5 ms of wall time are left out). */
    private static void print(Map<String, String> steps, PrintStream out) {
        steps.forEach((step, time) -> {
            if (!step.startsWith("  ")
                    || Integer.parseInt(time.strip().split(" ")[0].replace(",", "")) >= 5) {
                out.printf(Locale.ROOT, "      %-64s %s%n", step, time);
            }
        });
    }

    /** Records "wall ms, CPU ms" per step, each followed by its statements (indented). */
    private static RunClock clock(Map<String, String> sink) {
        Map<String, String> statements = new LinkedHashMap<>();
        return new RunClock((name, statement, wall, cpu) -> {
            String value = String.format(Locale.ROOT, "%,9d ms wall %,9d ms CPU", wall, cpu);
            if (statement) {
                String key = "  " + name;
                for (int n = 2; statements.containsKey(key); n++) {
                    key = "  " + name + " (" + n + ")";
                }
                statements.put(key, value);
            } else {
                sink.put(name, value);
                sink.putAll(statements);
                statements.clear();
            }
        });
    }

    /** CPU time of this process (all threads, DuckDB's included): on a busy shared machine wall time alone misleads. */
    private static long cpuMillis() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000
                : -1;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long count(Warehouse w, String sql) {
        return w.withConnection(c -> NamedSql.count(c, sql, Map.of()));
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
