package io.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.contract.ContractRegistry;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.FeedStore;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Promotion;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

/** A real warehouse in a temp folder with the ingest services wired by hand (no Spring), for fast tests. */
public final class TestWarehouse implements AutoCloseable {

    public final StockroomProperties properties;
    public final Warehouse warehouse;
    public final ContractRegistry contracts;
    public final FeedStore feeds;
    public final IngestService ingest;

    /** On the engine the tests run on: embedded DuckDB, or PostgreSQL with -Dstockroom.test.engine=postgres ({@link TestEngine}). */
    public TestWarehouse(Path dataDir) {
        this(dataDir, TestEngine.newWarehouse());
    }

    /** The same wiring over another engine (e.g. {@link TestPostgres#newWarehouse()}). */
    public TestWarehouse(Path dataDir, StockroomProperties.Warehouse engine) {
        this.properties = new StockroomProperties(
                dataDir, null, null, engine, new StockroomProperties.Quality(0.05, "2000-01-01", 1, "DMY"));
        this.warehouse = new Warehouse(properties);
        this.contracts = new ContractRegistry(properties);
        this.feeds = new FeedStore(warehouse);
        this.ingest = new IngestService(
                warehouse,
                contracts,
                new Validator(contracts, properties),
                new Quarantine(),
                new Promotion(contracts),
                feeds,
                properties);
    }

    /** The same warehouse, ingesting with another error threshold. */
    public IngestService ingestWithThreshold(double threshold) {
        StockroomProperties p = new StockroomProperties(
                properties.dataDir(),
                null,
                null,
                properties.warehouse(),
                new StockroomProperties.Quality(threshold, "2000-01-01", 1, "DMY"));
        return new IngestService(
                warehouse,
                contracts,
                new Validator(contracts, p),
                new Quarantine(),
                new Promotion(contracts),
                feeds,
                p);
    }

    /** The same warehouse, ingesting with other quality settings. */
    public IngestService ingestWith(StockroomProperties.Quality quality) {
        StockroomProperties p =
                new StockroomProperties(properties.dataDir(), null, null, properties.warehouse(), quality);
        return new IngestService(
                warehouse,
                contracts,
                new Validator(contracts, p),
                new Quarantine(),
                new Promotion(contracts),
                feeds,
                p);
    }

    /**
     * Writes {@code content} to {@code dir/name} and ingests it as {@code stockroom ingest} would (the dataset from the
     * file name), with the default error threshold.
     */
    public FeedResult load(Path dir, String name, String content) throws IOException {
        return load(dir, name, content, properties.quality().errorThreshold());
    }

    /** As {@link #load(Path, String, String)}, with another error threshold. */
    public FeedResult load(Path dir, String name, String content, double threshold) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        IngestService service =
                threshold == properties.quality().errorThreshold() ? ingest : ingestWithThreshold(threshold);
        return service.ingest(f, IngestRequest.of(name, null, null, "cli"));
    }

    /** {@code r}, after asserting that it loaded (its summary says why not). */
    public static FeedResult ok(FeedResult r) {
        assertThat(r.status()).as(String.valueOf(r.summary())).isEqualTo(FeedStatus.TRANSFORMED);
        return r;
    }

    public long count(String sql) {
        return warehouse.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    public String string(String sql) {
        return warehouse.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                return r.next() ? r.getString(1) : null;
            }
        });
    }

    /** The first column of every row, in the query's order. */
    public java.util.List<String> strings(String sql) {
        return warehouse.withConnection(c -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * Copies a closed warehouse's data directory {@code from} (its DuckDB file, drop folder, raw lake) into {@code to}, file
     * times kept: a fixture built once per class, a copy per test. The data directory holds paths relative to itself
     * only, so the copy is a warehouse of its own.
     */
    public static void copyDataDir(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Override
    public void close() {
        warehouse.close();
    }
}
