package io.stockroom.bench;

import static java.util.Objects.requireNonNull;

import io.stockroom.StockroomProperties;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.model.ModelTiming;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.TrinoSettings;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Issue 11's scale benchmark: the bench chain at growing sizes, one day's sales and inventory loaded and the daily
 * marts that run on Trino refreshed for it, on the embedded DuckDB and (when given) on a Trino deployment — the
 * PostgreSQL warehouse, the day published to the Iceberg lake, the same 12 models refreshed by Trino. Prints wall time
 * and rows/s per stage for each engine and size. Rows/s of a stage is the day's fact rows (sales + inventory) over the
 * stage's wall time, so the stages and engines compare on one scale.
 */
public final class ScaleBenchmark {

    /**
     * @param stores store counts to measure, in order
     * @param days days of history; the timed run is the last day's, earlier days are loaded and built untimed
     * @param postgres a fresh PostgreSQL warehouse schema per size (the Trino deployment's warehouse), or null
     * @param trino Trino settings for that deployment (lake schema given per size by the supplier), or null: DuckDB only
     * @param duckDb false: Trino only (a size whose DuckDB numbers are already known, to spare the machine)
     */
    public record Options(
            List<Integer> stores,
            int skus,
            int days,
            Path workDir,
            Supplier<StockroomProperties.Warehouse> postgres,
            java.util.function.Function<String, TrinoSettings> trino,
            boolean duckDb) {
        public Options {
            stores = List.copyOf(stores);
            requireNonNull(workDir, "workDir is null");
            if (days < 1) {
                throw new io.stockroom.StockroomException(
                        io.stockroom.ErrorCode.BAD_PARAMETER, "--days must be 1 or more; got " + days + ".");
            }
            if ((postgres == null) != (trino == null)) {
                throw new IllegalArgumentException("Trino needs its PostgreSQL warehouse, and the other way round");
            }
            if (!duckDb && trino == null) {
                throw new IllegalArgumentException("Without DuckDB the benchmark needs Trino");
            }
        }

        public Options(
                List<Integer> stores,
                int skus,
                int days,
                Path workDir,
                Supplier<StockroomProperties.Warehouse> postgres,
                java.util.function.Function<String, TrinoSettings> trino) {
            this(stores, skus, days, workDir, postgres, trino, true);
        }
    }

    /** One engine at one size: wall time per stage (load, publish, marts) and per model. */
    public record Measurement(
            String engine,
            int stores,
            int skus,
            long factRows,
            Map<String, Long> stageMillis,
            List<ModelTiming> models,
            String failure) {
        /* failure: the stage that failed and why, or null when every stage ran */
        public Measurement {
            stageMillis = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stageMillis));
            models = List.copyOf(models);
        }

        public long rowsPerSecond(String stage) {
            return factRows * 1000 / Math.max(1, stageMillis.get(stage));
        }

        public boolean ran(String stage) {
            return stageMillis.containsKey(stage);
        }

        public long totalMillis() {
            return stageMillis.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final StockroomProperties.Quality QUALITY =
            new StockroomProperties.Quality(0.05, "2000-01-01", 3650, "DMY");

    private ScaleBenchmark() {}

    public static List<Measurement> run(Options o, PrintWriter out) {
        List<Measurement> all = new ArrayList<>();
        LocalDate last = LocalDate.now().minusDays(1);
        for (int stores : o.stores()) {
            Path files = o.workDir().resolve("files-" + stores);
            IngestBenchmark.deleteTree(o.workDir());
            try {
                Files.createDirectories(files);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<BenchChain.Files> chain = new ArrayList<>();
            long g = System.currentTimeMillis();
            try (Warehouse scratch = new Warehouse(props(o.workDir().resolve("gen"), duckdb()))) {
                for (int d = o.days() - 1; d >= 0; d--) {
                    Path dayDir = Files.createDirectories(files.resolve("d" + d));
                    chain.add(BenchChain.write(
                            scratch, dayDir, new BenchScale(stores, o.skus(), 0.2, last.minusDays(d))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.printf(
                    "%n== %,d stores × %,d SKUs, %d day(s) up to %s: generated in %.1f s%n",
                    stores, o.skus(), o.days(), last, (System.currentTimeMillis() - g) / 1000.0);
            out.flush();
            if (o.duckDb()) {
                Measurement duck = onDuckDb(o, stores, chain, last, out);
                print(duck, out);
                all.add(duck);
            }
            if (o.postgres() != null) {
                Measurement trino = onTrino(o, stores, chain, last, out);
                print(trino, out);
                all.add(trino);
            }
            IngestBenchmark.deleteTree(files);
        }
        summary(all, out);
        return all;
    }

    private static Measurement onDuckDb(
            Options o, int stores, List<BenchChain.Files> chain, LocalDate last, PrintWriter out) {
        StockroomProperties props = props(o.workDir().resolve("duck"), duckdb());
        try (Warehouse w = new Warehouse(props)) {
            IngestService ingest = IngestBenchmark.ingestService(w, props);
            ModelRunner models = new ModelRunner(w);
            Set<String> elsewhere = new HashSet<>(models.modelNames());
            elsewhere.removeAll(LakeModels.ON_TRINO);
            models.ensureTables(); // the views the 12 read (cost_periods), as LakeModels does on Trino
            long t0 = System.currentTimeMillis();
            history(ingest, chain);
            if (chain.size() > 1) {
                long loaded = System.currentTimeMillis();
                rebuilt("duckdb", stores, chain.size() - 1, loaded - t0, models.rebuildAll(elsewhere), out);
            }
            Stages stages = new Stages("duckdb", stores, out);
            load(ingest, chain.getLast(), last, stages);
            stages.start("marts");
            ModelRunResult m = models.refresh(Set.of(last), elsewhere);
            stages.done();
            return stages.measurement(o.skus(), m.models(), null);
        }
    }

    private static Measurement onTrino(
            Options o, int stores, List<BenchChain.Files> chain, LocalDate last, PrintWriter out) {
        StockroomProperties.Warehouse pg = o.postgres().get();
        StockroomProperties props = props(o.workDir().resolve("pg"), pg);
        try (Warehouse w = new Warehouse(props)) {
            Lake lake = new Lake(w, o.trino().apply("lake_" + pg.schema()), pg.schema());
            try {
                lake.prepare();
                IngestService ingest = IngestBenchmark.ingestService(w, props);
                LakeModels models = new LakeModels(w, lake);
                long t0 = System.currentTimeMillis();
                history(ingest, chain);
                if (chain.size() > 1) {
                    lake.replaceSlices("sales", last.minusDays(chain.size() - 1), last.minusDays(1));
                    lake.replaceSlices("inventory", last.minusDays(chain.size() - 1), last.minusDays(1));
                    long published = System.currentTimeMillis();
                    rebuilt("trino", stores, chain.size() - 1, published - t0, models.rebuildAll(), out);
                }
                Stages stages = new Stages("trino", stores, out);
                try {
                    load(ingest, chain.getLast(), last, stages);
                    stages.start("publish");
                    lake.replaceSlice("sales", last);
                    lake.replaceSlice("inventory", last);
                    stages.done();
                    stages.start("marts");
                    ModelRunResult m = models.refresh(Set.of(last));
                    stages.done();
                    return stages.measurement(o.skus(), m.models(), null);
                } catch (RuntimeException e) {
                    // a size too big for this deployment: keep what was measured, go on to the next size
                    return stages.measurement(o.skus(), List.of(), stages.failed(e));
                }
            } finally {
                dropLake(lake);
                w.withConnection(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("DROP SCHEMA IF EXISTS " + pg.schema() + " CASCADE");
                    }
                    return null;
                });
            }
        }
    }

    /**
     * The history's build, untimed in the stages but printed: how long loading (and on Trino publishing) its days
     * took, the full rebuild of the marts over them, and the models it wrote in several slices of dates
     * (stockroom.warehouse.model-slice-rows): a month at 100 stores in one statement ran out of memory.
     */
    private static void rebuilt(
            String engine, int stores, int days, long loadMillis, ModelRunResult rebuild, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "  %s %,d stores: history of %d days loaded in %,d ms, marts rebuilt in %,d ms%s%n",
                engine,
                stores,
                days,
                loadMillis,
                rebuild.totalMillis(),
                rebuild.models().stream()
                        .filter(t -> t.millis() >= 1_000 || t.statements() > 1)
                        .map(t -> t.name().replace("mart_", "") + " " + t.millis() + " ms"
                                + (t.statements() > 1 ? " in " + t.statements() + " slices" : ""))
                        .collect(java.util.stream.Collectors.joining(", ", " [", "]"))
                        .replace(" []", ""));
        out.flush();
    }

    /** Master data and every day but the last, untimed. */
    private static void history(IngestService ingest, List<BenchChain.Files> chain) {
        LocalDate first = LocalDate.parse(
                chain.getFirst().sales().getFileName().toString().substring(6, 16));
        BenchChain.Files f0 = chain.getFirst();
        ingest.ingest(f0.stores(), IngestRequest.of("stores.csv", "stores", first, "bench"));
        ingest.ingest(f0.products(), IngestRequest.of("products.csv", "products", first, "bench"));
        for (BenchChain.Files f : chain.subList(0, chain.size() - 1)) {
            LocalDate day = LocalDate.parse(f.sales().getFileName().toString().substring(6, 16));
            ingest.ingest(f.sales(), IngestRequest.of(f.sales().getFileName().toString(), "sales", day, "bench"));
            ingest.ingest(
                    f.inventory(), IngestRequest.of(f.inventory().getFileName().toString(), "inventory", day, "bench"));
        }
    }

    /** The timed day's files, loaded: their fact rows are the rows of every stage's rows/s. */
    private static void load(IngestService ingest, BenchChain.Files f, LocalDate day, Stages stages) {
        stages.start("load");
        long rows = 0;
        for (Map.Entry<String, Path> e :
                List.of(Map.entry("sales", f.sales()), Map.entry("inventory", f.inventory()))) {
            FeedResult r = ingest.ingest(
                    e.getValue(), IngestRequest.of(e.getValue().getFileName().toString(), e.getKey(), day, "bench"));
            if (r.recordsLoaded() != r.recordsRead()) {
                throw new IllegalStateException(e.getKey() + " loaded " + r.recordsLoaded() + " of " + r.recordsRead()
                        + " rows: " + r.summary().error());
            }
            rows += r.recordsLoaded();
        }
        stages.rows(rows);
        stages.done();
    }

    /**
     * One engine's stages at one size, each printed as it finishes (with the machine's load average, since the bench
     * shares its cores), so a run that fails or is stopped midway still shows what it measured.
     */
    private static final class Stages {
        private final String engine;
        private final int stores;
        private final PrintWriter out;
        private final Map<String, Long> millis = new LinkedHashMap<>();
        private long rows;
        private String current;
        private long started;

        Stages(String engine, int stores, PrintWriter out) {
            this.engine = engine;
            this.stores = stores;
            this.out = out;
        }

        void rows(long factRows) {
            this.rows = factRows;
        }

        void start(String stage) {
            current = stage;
            started = System.currentTimeMillis();
            out.printf(
                    Locale.ROOT,
                    "  %s %,d stores: %s started at %s (load average %.1f)%n",
                    engine,
                    stores,
                    stage,
                    java.time.LocalTime.now().withNano(0),
                    loadAverage());
            out.flush();
        }

        void done() {
            long ms = System.currentTimeMillis() - started;
            millis.put(current, ms);
            out.printf(
                    Locale.ROOT,
                    "  %s %,d stores: %s %,d ms (%,d rows/s) at %s (load average %.1f)%n",
                    engine,
                    stores,
                    current,
                    ms,
                    rows * 1000 / Math.max(1, ms),
                    java.time.LocalTime.now().withNano(0),
                    loadAverage());
            out.flush();
            current = null;
        }

        String failed(RuntimeException e) {
            String stage = current == null ? "after the stages" : current;
            long ms = System.currentTimeMillis() - started;
            String failure =
                    stage + " failed after " + String.format(Locale.ROOT, "%,d", ms) + " ms: " + e.getMessage();
            out.printf(Locale.ROOT, "  %s %,d stores: %s%n", engine, stores, failure);
            out.flush();
            return failure;
        }

        Measurement measurement(int skus, List<ModelTiming> models, String failure) {
            return new Measurement(engine, stores, skus, rows, millis, models, failure);
        }

        private static double loadAverage() {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage();
        }
    }

    private static void dropLake(Lake lake) {
        try {
            lake.onTrino(c -> {
                List<String> tables = new java.util.ArrayList<>(List.of("sales", "inventory"));
                tables.addAll(LakeModels.IN_LAKE);
                for (String t : tables) {
                    try (Statement s = c.createStatement()) {
                        s.execute("DROP TABLE IF EXISTS " + lake.lakeTable(t));
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            // scratch tables of a benchmark: say so, do not hide the measurement
            System.err.println("Could not drop the benchmark's lake tables: " + e.getMessage());
        }
    }

    private static void print(Measurement m, PrintWriter out) {
        out.printf("%-7s %,12d fact rows", m.engine(), m.factRows());
        m.stageMillis()
                .forEach((stage, ms) -> out.printf("   %s %,d ms (%,d rows/s)", stage, ms, m.rowsPerSecond(stage)));
        out.println();
        if (m.failure() != null) {
            out.println("        FAILED: " + m.failure());
        }
        out.println("        marts ms "
                + m.models().stream()
                        .map(x -> x.name().replace("mart_", "") + " " + x.millis())
                        .toList());
        out.flush();
    }

    private static void summary(List<Measurement> all, PrintWriter out) {
        out.println();
        out.printf(
                "%-7s %7s %7s %12s %10s %12s %10s %12s %10s %12s %10s%n",
                "engine",
                "stores",
                "skus",
                "fact rows",
                "load ms",
                "load rows/s",
                "publish ms",
                "publ rows/s",
                "marts ms",
                "marts rows/s",
                "total ms");
        for (Measurement m : all) {
            out.printf(
                    "%-7s %,7d %,7d %,12d %10s %12s %10s %12s %10s %12s %10s%n",
                    m.engine(),
                    m.stores(),
                    m.skus(),
                    m.factRows(),
                    cell(m, "load", false),
                    cell(m, "load", true),
                    cell(m, "publish", false),
                    cell(m, "publish", true),
                    cell(m, "marts", false),
                    cell(m, "marts", true),
                    m.failure() == null ? String.format(Locale.ROOT, "%,d", m.totalMillis()) : "failed");
        }
        out.flush();
    }

    /** A stage's ms or rows/s; "—" for a stage the engine does not have or did not reach. */
    private static String cell(Measurement m, String stage, boolean rate) {
        if (!m.ran(stage)) {
            return "—";
        }
        return String.format(
                Locale.ROOT,
                "%,d",
                rate ? m.rowsPerSecond(stage) : m.stageMillis().get(stage));
    }

    private static StockroomProperties.Warehouse duckdb() {
        return new StockroomProperties.Warehouse("duckdb", "4GB", 0);
    }

    private static StockroomProperties props(Path data, StockroomProperties.Warehouse warehouse) {
        return new StockroomProperties(data, data.resolve("no-contract-overrides"), null, warehouse, QUALITY);
    }
}
