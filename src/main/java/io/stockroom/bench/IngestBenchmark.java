package io.stockroom.bench;

import io.stockroom.StockroomProperties;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStore;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Promotion;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 2's benchmark: ingest → validate → load of a 2M-row sales file and a 10M-row inventory file
 * (500 stores × 20,000 SKUs, one day), beside DuckDB's own read_csv insert of the same files in the same run.
 * Runs in its own scratch warehouse; never touches the real one.
 */
public final class IngestBenchmark {

    private final Path workDir;
    private final BenchScale scale;
    private final PrintWriter out;
    private final boolean daily;

    /**
     * @param daily issue 3's variant: after the ingest, refresh every mart for the day; the reference also
     *     joins sales by store and SKU with inventory
     */
    public IngestBenchmark(Path workDir, BenchScale scale, PrintWriter out, boolean daily) {
        this.workDir = workDir;
        this.scale = scale;
        this.out = out;
        this.daily = daily;
    }

    /**
     * Wall-clock milliseconds of the reference and of Stockroom, per file, and the process's CPU milliseconds over the
     * same spans (empty where the engine runs in another process): on a shared machine the wall time follows the
     * load, the CPU time much less.
     */
    public record Result(
            Map<String, Long> referenceMillis,
            Map<String, Long> stockroomMillis,
            Map<String, Map<String, Long>> stages,
            Map<String, Long> rows,
            Map<String, Long> referenceCpuMillis,
            Map<String, Long> stockroomCpuMillis) {
        public long referenceTotal() {
            return referenceMillis.values().stream().mapToLong(Long::longValue).sum();
        }

        public long stockroomTotal() {
            return stockroomMillis.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** CPU milliseconds this process has used so far, on all its threads (the embedded engine's included). */
    static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }

    /** Issue 10's variant: the same files measured on this PostgreSQL too (a scratch schema, dropped afterwards); null: DuckDB only. */
    private StockroomProperties.Warehouse postgres;

    /** The PostgreSQL server's CPU milliseconds so far, all its processes; null where the server is not at hand. */
    private java.util.function.LongSupplier postgresCpuMillis;

    public IngestBenchmark onPostgresToo(StockroomProperties.Warehouse settings) {
        this.postgres = settings;
        return this;
    }

    /**
     * As {@link #onPostgresToo(StockroomProperties.Warehouse)}, on a server whose CPU time this process can read (one
     * on this machine): the CPU table then counts this process's CPU plus the server's, for the reference and for
     * Stockroom alike.
     */
    public IngestBenchmark onPostgresToo(
            StockroomProperties.Warehouse settings, java.util.function.LongSupplier serverCpuMillis) {
        this.postgres = settings;
        this.postgresCpuMillis = serverCpuMillis;
        return this;
    }

    /** The PostgreSQL scratch schema is left behind (see {@link #keepingPostgresSchema()}). */
    private boolean keepPostgresSchema;

    /** Only the PostgreSQL run is measured (see {@link #onPostgresOnly()}). */
    private boolean postgresOnly;

    /**
     * Leaves the PostgreSQL scratch schema (its facts, marts and statistics as the run left them) for measuring one
     * model's statement on the same data afterwards; its name is printed, and it is the caller's to drop.
     */
    public IngestBenchmark keepingPostgresSchema() {
        this.keepPostgresSchema = true;
        return this;
    }

    /**
     * Measures the PostgreSQL run only: the files are still generated, but DuckDB's reference and Stockroom's DuckDB
     * run are skipped (two minutes at 500 × 20,000 that single-model work on PostgreSQL does not need).
     */
    public IngestBenchmark onPostgresOnly() {
        this.postgresOnly = true;
        return this;
    }

    /**
     * The DuckDB result (the PostgreSQL one, when asked for, is printed after it); with {@link #onPostgresOnly()}, the
     * PostgreSQL one.
     */
    public Result run() {
        deleteTree(workDir);
        Path files = workDir.resolve("files");
        Path data = workDir.resolve("data");
        try {
            Files.createDirectories(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StockroomProperties.Quality quality = new StockroomProperties.Quality(0.05, "2000-01-01", 3650, "DMY");
        StockroomProperties props = new StockroomProperties(
                data,
                workDir.resolve("no-contract-overrides"),
                null,
                new StockroomProperties.Warehouse("duckdb", "8GB", 0),
                quality);
        try {
            BenchChain.Files chain;
            Result result;
            try (Warehouse warehouse = new Warehouse(props)) {
                out.printf("Generating %,d stores × %,d SKUs for %s ...%n", scale.stores(), scale.skus(), scale.day());
                out.flush();
                long g = System.currentTimeMillis();
                chain = BenchChain.write(warehouse, files, scale);
                out.printf(
                        "  written in %.1f s: sales %s, inventory %s%n",
                        (System.currentTimeMillis() - g) / 1000.0, size(chain.sales()), size(chain.inventory()));
                if (postgresOnly && postgres != null) {
                    result = null;
                } else {
                    result = measureDuckDb(warehouse, props, chain);
                }
            }
            if (postgres != null) {
                StockroomProperties pgProps = new StockroomProperties(
                        workDir.resolve("data-postgres"),
                        workDir.resolve("no-contract-overrides"),
                        null,
                        postgres,
                        quality);
                try (Warehouse warehouse = new Warehouse(pgProps)) {
                    try {
                        Map<String, Long> reference = new LinkedHashMap<>();
                        Map<String, Long> referenceCpu = new LinkedHashMap<>();
                        java.util.function.LongSupplier clock = postgresCpuMillis == null
                                ? null
                                : () -> processCpuMillis() + postgresCpuMillis.getAsLong();
                        long cpu = clock == null ? 0 : clock.getAsLong();
                        reference.put(
                                "sales",
                                postgresReferenceLoad(
                                        warehouse,
                                        chain.sales(),
                                        "ref_sales",
                                        "store_id TEXT, sku TEXT, date DATE, units_sold INTEGER, total_sales DECIMAL(18,2), transactions INTEGER"));
                        if (clock != null) {
                            referenceCpu.put("sales", -cpu + (cpu = clock.getAsLong()));
                        }
                        reference.put(
                                "inventory",
                                postgresReferenceLoad(
                                        warehouse,
                                        chain.inventory(),
                                        "ref_inventory",
                                        "store_id TEXT, sku TEXT, date DATE, on_hand INTEGER, on_order INTEGER"));
                        if (clock != null) {
                            referenceCpu.put("inventory", -cpu + (cpu = clock.getAsLong()));
                        }
                        if (daily) {
                            reference.put("marts", postgresReferenceJoin(warehouse));
                            if (clock != null) {
                                referenceCpu.put("marts", -cpu + clock.getAsLong());
                            }
                        }
                        dropReference(warehouse);
                        Result pg = measure(
                                warehouse,
                                pgProps,
                                chain,
                                reference,
                                referenceCpu,
                                clock == null ? IngestBenchmark::processCpuMillis : clock);
                        out.println();
                        out.println("PostgreSQL (" + postgres.url() + ", scratch schema " + postgres.schema()
                                + ") — reference: plain COPY ... FROM STDIN of " + "the same files into typed tables"
                                + (daily ? " + the same KPI join" : ""));
                        print(pg, daily ? "≤ 1.50" : "—");
                        if (result == null) {
                            result = pg;
                        }
                    } finally {
                        if (keepPostgresSchema) {
                            out.println("PostgreSQL scratch schema " + postgres.schema() + " kept (drop it when done)");
                        } else {
                            warehouse.withConnection(c -> {
                                try (Statement s = c.createStatement()) {
                                    s.execute("DROP SCHEMA IF EXISTS " + postgres.schema() + " CASCADE");
                                }
                                return null;
                            });
                        }
                    }
                }
            }
            return result;
        } finally {
            deleteTree(files);
        }
    }

    /** DuckDB's reference (read_csv, and the KPI join for the daily run) and Stockroom's run on DuckDB, printed. */
    private Result measureDuckDb(Warehouse warehouse, StockroomProperties props, BenchChain.Files chain) {
        Map<String, Long> reference = new LinkedHashMap<>();
        Map<String, Long> referenceCpu = new LinkedHashMap<>();
        long cpu = processCpuMillis();
        reference.put("sales", referenceLoad(warehouse, chain.sales(), "ref_sales", daily));
        referenceCpu.put("sales", -cpu + (cpu = processCpuMillis()));
        reference.put("inventory", referenceLoad(warehouse, chain.inventory(), "ref_inventory", daily));
        referenceCpu.put("inventory", -cpu + (cpu = processCpuMillis()));
        if (daily) {
            reference.put("marts", referenceJoin(warehouse));
            referenceCpu.put("marts", -cpu + processCpuMillis());
        }
        Result result = measure(warehouse, props, chain, reference, referenceCpu, IngestBenchmark::processCpuMillis);
        out.println();
        out.println("DuckDB (embedded file) — reference: DuckDB read_csv of the same files"
                + (daily ? " + the KPI join" : ""));
        print(result, daily ? "≤ 1.45" : "≤ 2.00");
        return result;
    }

    /**
     * @param referenceCpu the reference's CPU per file; empty: the engine is another process whose CPU is not at hand,
     *     and CPU is not shown
     * @param cpuClock CPU milliseconds so far, on the same clock as {@code referenceCpu}
     */
    private Result measure(
            Warehouse warehouse,
            StockroomProperties props,
            BenchChain.Files chain,
            Map<String, Long> reference,
            Map<String, Long> referenceCpu,
            java.util.function.LongSupplier cpuClock) {
        IngestService ingest = ingestService(warehouse, props);
        ingest.ingest(chain.stores(), IngestRequest.of("stores.csv", "stores", scale.day(), "bench"));
        ingest.ingest(chain.products(), IngestRequest.of("products.csv", "products", scale.day(), "bench"));

        Map<String, Long> mine = new LinkedHashMap<>();
        Map<String, Map<String, Long>> stages = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (Map.Entry<String, Path> f :
                Map.of("sales", chain.sales(), "inventory", chain.inventory()).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                        .toList()) {
            long t = System.currentTimeMillis();
            long c0 = cpuClock.getAsLong();
            FeedResult r = ingest.ingest(
                    f.getValue(),
                    IngestRequest.of(f.getValue().getFileName().toString(), f.getKey(), scale.day(), "bench"));
            mine.put(f.getKey(), System.currentTimeMillis() - t);
            cpu.put(f.getKey(), cpuClock.getAsLong() - c0);
            stages.put(f.getKey(), r.summary().stageMillis());
            rows.put(f.getKey(), r.recordsLoaded());
            if (r.recordsLoaded() != r.recordsRead()) {
                out.printf(
                        "  WARNING: %s loaded %,d of %,d rows (%s)%n",
                        f.getKey(),
                        r.recordsLoaded(),
                        r.recordsRead(),
                        r.summary().error());
            }
        }
        if (daily) {
            io.stockroom.model.ModelRunner models = new io.stockroom.model.ModelRunner(warehouse);
            long t = System.currentTimeMillis();
            long c0 = cpuClock.getAsLong();
            io.stockroom.model.ModelRunResult m = models.refresh(java.util.Set.of(scale.day()));
            mine.put("marts", System.currentTimeMillis() - t);
            cpu.put("marts", cpuClock.getAsLong() - c0);
            Map<String, Long> perModel = new LinkedHashMap<>();
            m.models().forEach(x -> perModel.put(x.name(), x.millis()));
            stages.put("marts", perModel);
            rows.put("marts", m.rowsWritten());
        }
        return new Result(reference, mine, stages, rows, referenceCpu, referenceCpu.isEmpty() ? Map.of() : cpu);
    }

    /** The ingest pipeline over a scratch warehouse, wired as the application wires it. */
    static IngestService ingestService(Warehouse warehouse, StockroomProperties props) {
        ContractRegistry contracts = new ContractRegistry(props);
        return new IngestService(
                warehouse,
                contracts,
                new Validator(contracts, props),
                new Quarantine(),
                new Promotion(contracts),
                new FeedStore(warehouse),
                props);
    }

    /** PostgreSQL's plain bulk load of a file into a typed table, committed, the way a DBA would load it by hand. */
    private static long postgresReferenceLoad(Warehouse w, Path file, String table, String columns) {
        return w.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (" + columns + ")");
            }
            long t = System.currentTimeMillis();
            w.dialect().copyCsv(c, table, file);
            return System.currentTimeMillis() - t;
        });
    }

    private static long postgresReferenceJoin(Warehouse w) {
        return w.withConnection(c -> {
            long t = System.currentTimeMillis();
            try (Statement s = c.createStatement()) {
                s.execute(
                        "CREATE TABLE ref_position AS SELECT i.store_id, i.sku, i.on_hand, COALESCE(SUM(s.units_sold), 0) AS units, "
                                + "COALESCE(SUM(s.total_sales), 0) AS sales FROM ref_inventory i LEFT JOIN ref_sales s ON s.store_id = i.store_id AND s.sku = i.sku "
                                + "GROUP BY i.store_id, i.sku, i.on_hand");
            }
            return System.currentTimeMillis() - t;
        });
    }

    private static void dropReference(Warehouse w) {
        w.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS ref_position");
                s.execute("DROP TABLE IF EXISTS ref_sales");
                s.execute("DROP TABLE IF EXISTS ref_inventory");
            }
            return null;
        });
    }

    private static long referenceLoad(Warehouse w, Path file, String table, boolean keep) {
        return w.withConnection(c -> {
            long t = System.currentTimeMillis();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE " + table + " AS SELECT * FROM read_csv('" + file + "')");
            }
            long ms = System.currentTimeMillis() - t;
            if (!keep) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE " + table);
                }
            }
            return ms;
        });
    }

    /** The daily reference's model: sales by store and SKU joined with inventory, written to a table. */
    private static long referenceJoin(Warehouse w) {
        return w.withConnection(c -> {
            long t = System.currentTimeMillis();
            try (Statement s = c.createStatement()) {
                s.execute(
                        "CREATE OR REPLACE TABLE ref_position AS SELECT i.store_id, i.sku, i.on_hand, COALESCE(SUM(s.units_sold), 0) AS units, "
                                + "COALESCE(SUM(s.total_sales), 0) AS sales FROM ref_inventory i LEFT JOIN ref_sales s ON s.store_id = i.store_id AND s.sku = i.sku "
                                + "GROUP BY ALL");
            }
            long ms = System.currentTimeMillis() - t;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE ref_position");
                s.execute("DROP TABLE ref_sales");
                s.execute("DROP TABLE ref_inventory");
            }
            return ms;
        });
    }

    private void print(Result r, String target) {
        out.println();
        out.printf("%-10s %12s %14s %12s %14s %8s%n", "file", "rows", "ref ms", "ref rows/s", "Stockroom ms", "× ref");
        for (String f : r.stockroomMillis().keySet()) {
            long rows = r.rows().getOrDefault(f, 0L);
            long ref = r.referenceMillis().get(f);
            long mine = r.stockroomMillis().get(f);
            out.printf(
                    "%-10s %,12d %,14d %,12d %,14d %8.2f%n",
                    f, rows, ref, rows * 1000 / Math.max(1, ref), mine, (double) mine / Math.max(1, ref));
        }
        out.printf(
                "%-10s %12s %,14d %12s %,14d %8.2f   (target %s)%n",
                "total",
                "",
                r.referenceTotal(),
                "",
                r.stockroomTotal(),
                (double) r.stockroomTotal() / Math.max(1, r.referenceTotal()),
                target);
        if (!r.stockroomCpuMillis().isEmpty()) {
            out.println();
            out.printf("%-10s %14s %14s %8s%n", "CPU", "ref CPU ms", "Stockroom CPU", "× ref");
            long refTotal = 0;
            long mineTotal = 0;
            for (String f : r.stockroomCpuMillis().keySet()) {
                long ref = r.referenceCpuMillis().getOrDefault(f, 0L);
                long mine = r.stockroomCpuMillis().get(f);
                refTotal += ref;
                mineTotal += mine;
                out.printf("%-10s %,14d %,14d %8.2f%n", f, ref, mine, (double) mine / Math.max(1, ref));
            }
            out.printf(
                    "%-10s %,14d %,14d %8.2f%n",
                    "total", refTotal, mineTotal, (double) mineTotal / Math.max(1, refTotal));
        }
        out.println();
        java.util.List<String> header = new java.util.ArrayList<>();
        r.stages().forEach((f, s) -> {
            if (f.equals("marts")) {
                out.println();
                out.println("marts ms   "
                        + s.entrySet().stream()
                                .map(e -> e.getKey().replace("mart_", "") + " " + e.getValue())
                                .toList());
                return;
            }
            if (!header.equals(java.util.List.copyOf(s.keySet()))) {
                // a file that took the general path has other stages (stage instead of read)
                header.clear();
                header.addAll(s.keySet());
                out.printf("%-10s", "stage ms");
                header.forEach(k -> out.printf(" %10s", k));
                out.println();
            }
            out.printf("%-10s", f);
            long rows = r.rows().get(f);
            s.values().forEach(v -> out.printf(" %,10d", v));
            out.printf(
                    "   (%,d rows/s overall)%n",
                    rows * 1000 / Math.max(1, r.stockroomMillis().get(f)));
        });
        out.flush();
    }

    private static String size(Path p) {
        try {
            return String.format("%,d MB", Files.size(p) / 1_000_000);
        } catch (IOException e) {
            return "?";
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
