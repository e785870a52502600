package io.stockroom.cli;

import io.stockroom.bench.BenchScale;
import io.stockroom.bench.IngestBenchmark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks at the issues' scales, each beside a DuckDB reference measured in the same run. Uses its own scratch warehouse.")
class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final io.stockroom.forecast.ForecastProperties forecast;

    BenchCommand(io.stockroom.forecast.ForecastProperties forecast) {
        this.forecast = forecast;
    }

    @Parameters(
            paramLabel = "<what>",
            defaultValue = "ingest",
            description =
                    "ingest (issue 2: 2M sales + 10M inventory rows), daily (issue 3: the same plus every mart), replenishment (issue 4: 10M store-SKU pairs with history), master-change (issue 16: a products file on day 25 of a 100-store x 5,000-SKU chain vs a normal day; defaults --stores 100 --skus 5000 --days 38) forecast (issue 14: RMSSE on the real M5 and Rossmann data) or forecast-speed (issue 14: CPU per series of the weekly choice and the daily update; --stores x --skus synthetic series, default 10 x 2000) or forecast-refresh (issue 14: the stored-state forecast refresh through the warehouse, day 1 and --days daily days; default 100 x 2000, 7 days) or scale (issue 11: the daily marts at growing --stores on DuckDB and, with --trino-url and --url, on Trino)")
    String what;

    @Option(
            names = "--stores",
            split = ",",
            description = "default 500 (master-change: 100); scale: a list of sizes, default 500,2000,5000")
    java.util.List<Integer> storesOption;

    @Option(names = "--skus", description = "default 20000 (master-change: 5000)")
    Integer skusOption;

    @Option(
            names = "--work-dir",
            defaultValue = "./stockroom-bench",
            description = "Scratch folder (deleted and recreated).")
    Path workDir;

    @Option(
            names = "--days",
            description =
                    "replenishment: days of history in the warehouse (default 28); master-change: the chain's days (default 38); forecast-refresh: daily refreshes after day 1 (default 7).")
    Integer daysOption;

    @Option(
            names = "--growth",
            split = ",",
            description = "replenishment: more history lengths to time, to show how it grows "
                    + "(e.g. 7,14,28,56; each is generated, so use a smaller --stores at the full 56 days).")
    java.util.List<Integer> growth = java.util.List.of();

    @Option(
            names = "--chain-dir",
            description = "replenishment: keep the generated chain here and reuse it next time (only missing days are "
                    + "generated); default: a temporary folder, deleted afterwards.")
    Path chainDir;

    @Option(
            names = "--daily-only",
            description =
                    "replenishment: with --chain-dir, re-time only the daily (incremental) run on the kept chain.")
    boolean dailyOnly;

    @Option(
            names = "--engine",
            defaultValue = "duckdb",
            description = "ingest, daily: duckdb (default), or postgres to measure the same files on "
                    + "PostgreSQL too, beside a plain COPY reference there (needs --url).")
    String engine;

    @Option(
            names = "--url",
            description =
                    "with --engine postgres: jdbc:postgresql://HOST:PORT/DB; a scratch schema is created there and dropped afterwards.")
    String url;

    @Option(
            names = "--user",
            defaultValue = "${env:STOCKROOM_WAREHOUSE_USER:-postgres}",
            description = "with --url (env STOCKROOM_WAREHOUSE_USER)")
    String user;

    @Option(
            names = "--password",
            defaultValue = "${env:STOCKROOM_WAREHOUSE_PASSWORD:-}",
            description = "with --url (env STOCKROOM_WAREHOUSE_PASSWORD)")
    String password;

    @Option(
            names = "--trino-url",
            description =
                    "scale: jdbc:trino://HOST:PORT of a Trino whose iceberg and postgresql catalogs point at the "
                            + "--url database (docs/scale.md); a scratch schema and lake namespace per size, dropped afterwards.")
    String trinoUrl;

    @Option(names = "--trino-user", defaultValue = "stockroom", description = "scale: the Trino user")
    String trinoUser;

    @Option(
            names = "--real-dir",
            defaultValue = "../shared/data/real",
            description = "forecast: folder with the public m5_subset/ and rossmann/ data.")
    Path realDir;

    @Override
    public Integer call() {
        boolean masterChange = what.equals("master-change");
        int stores = storesOption != null ? storesOption.getFirst() : masterChange ? 100 : 500;
        int skus = skusOption != null ? skusOption : masterChange ? 5000 : 20000;
        int days = daysOption != null ? daysOption : masterChange ? 38 : what.equals("scale") ? 1 : 28;
        BenchScale scale = new BenchScale(stores, skus, 0.2, LocalDate.now().minusDays(1));
        switch (what) {
            case "ingest", "daily" ->
                new IngestBenchmark(
                                workDir.toAbsolutePath(),
                                scale,
                                spec.commandLine().getOut(),
                                what.equals("daily"))
                        .onPostgresToo(postgres())
                        .run();
            case "replenishment" ->
                io.stockroom.replenish.ReplenishmentBenchmark.run(
                        new io.stockroom.replenish.ReplenishmentBenchmark.Options(
                                stores, skus, days, growth, chainDir, "4GB", dailyOnly, 0),
                        System.out);
            case "master-change" ->
                io.stockroom.bench.MasterChangeBenchmark.run(
                        new io.stockroom.bench.MasterChangeBenchmark.Options(
                                stores, skus, days, workDir.toAbsolutePath()),
                        spec.commandLine().getOut());
            case "forecast" ->
                io.stockroom.forecast.ForecastBenchmark.run(
                        realDir.toAbsolutePath(), workDir.toAbsolutePath(), System.out);
            case "forecast-speed" ->
                io.stockroom.forecast.ForecastSpeedBenchmark.run(
                        (storesOption != null ? storesOption.getFirst() : 10)
                                * (skusOption != null ? skusOption : 2000),
                        112,
                        forecast,
                        System.out);
            case "forecast-refresh" ->
                io.stockroom.forecast.ForecastRefreshBenchmark.run(
                        storesOption != null ? storesOption.getFirst() : 100,
                        skusOption != null ? skusOption : 2000,
                        daysOption != null ? daysOption : 7,
                        workDir.toAbsolutePath(),
                        forecast,
                        System.out);
            case "scale" ->
                io.stockroom.bench.ScaleBenchmark.run(
                        scaleOptions(days), spec.commandLine().getOut());
            default ->
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "Unknown benchmark '" + what
                                + "'; use: ingest, daily, replenishment, master-change, forecast, forecast-speed, forecast-refresh, scale");
        }
        return 0;
    }

    private io.stockroom.bench.ScaleBenchmark.Options scaleOptions(int days) {
        java.util.List<Integer> sizes = storesOption != null ? storesOption : java.util.List.of(500, 2000, 5000);
        int skus = skusOption != null ? skusOption : 20000;
        if (trinoUrl == null) {
            return new io.stockroom.bench.ScaleBenchmark.Options(
                    sizes, skus, days, workDir.toAbsolutePath(), null, null);
        }
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--trino-url needs --url jdbc:postgresql://HOST:PORT/DB, the database Trino's postgresql and "
                            + "iceberg catalogs point at (docs/scale.md). Without a cluster, ./mvnw -Ptrino test "
                            + "-Dtest=TrinoScaleBenchmark -Dstockroom.bench=true runs it on a single-node Trino.");
        }
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return new io.stockroom.bench.ScaleBenchmark.Options(
                sizes,
                skus,
                days,
                workDir.toAbsolutePath(),
                () -> io.stockroom.StockroomProperties.Warehouse.postgres(
                        url,
                        user,
                        password,
                        "stockroom_scale_" + ProcessHandle.current().pid() + "_" + n.incrementAndGet()),
                lakeSchema -> new io.stockroom.warehouse.TrinoSettings(
                        trinoUrl, trinoUser, null, "iceberg", "postgresql", lakeSchema, "iceberg_catalog", null));
    }

    private io.stockroom.StockroomProperties.Warehouse postgres() {
        switch (engine.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "duckdb" -> {
                return null;
            }
            case "postgres", "postgresql" -> {
                if (url == null || !url.startsWith("jdbc:postgresql:")) {
                    throw new picocli.CommandLine.ParameterException(
                            spec.commandLine(),
                            "--engine postgres needs --url jdbc:postgresql://HOST:PORT/DB "
                                    + "(a scratch schema is created there and dropped afterwards). Without a server, ./mvnw test -Dtest=PostgresDailyBenchmark "
                                    + "-Dstockroom.bench=true runs it on an embedded PostgreSQL 17 (docs/bench.md).");
                }
                return io.stockroom.StockroomProperties.Warehouse.postgres(
                        url,
                        user,
                        password,
                        "stockroom_bench_" + ProcessHandle.current().pid());
            }
            default ->
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "Unknown --engine '" + engine + "'; use duckdb or postgres.");
        }
    }
}
