package io.stockroom.demo;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunResult;
import io.stockroom.pipeline.RunStore;
import io.stockroom.pipeline.Trigger;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The main job: generate a demo chain into the drop folder (once per data directory) and run the pipeline for
 * every day that has no completed run yet. A second demo on the same data directory reuses what is there.
 */
@Service
public class DemoService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChainGenerator generator;
    private final PipelineService pipeline;
    private final RunStore runs;
    private final Warehouse warehouse;
    private final StockroomProperties properties;

    public DemoService(
            ChainGenerator generator,
            PipelineService pipeline,
            RunStore runs,
            Warehouse warehouse,
            StockroomProperties properties) {
        this.generator = generator;
        this.pipeline = pipeline;
        this.runs = runs;
        this.warehouse = warehouse;
        this.properties = properties;
    }

    /** What the demo did and the state of the warehouse after it. */
    public record DemoResult(
            ChainSpec spec,
            boolean generated,
            boolean reused,
            List<RunResult> newRuns,
            long daysRun,
            long rowsLoaded,
            long rowsQuarantined,
            long failedFeeds,
            double pipelineSeconds) {}

    public DemoResult run(ChainSpec requested, Consumer<String> progress) {
        Path marker = properties.resolvedDataDir().resolve("demo.json");
        ChainSpec spec = requested;
        boolean reused = false;
        if (Files.exists(marker)) {
            ChainSpec previous = read(marker);
            if (!sameChain(previous, requested)) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "The data directory " + properties.resolvedDataDir() + " already holds a demo chain made "
                                + "with other settings (" + describe(previous)
                                + "). Use another --data-dir, or delete that folder to start over.");
            }
            spec = previous;
            reused = true;
        }
        boolean generated = false;
        if (!reused) {
            progress.accept(String.format(
                    "Generating a demo chain: %d stores, %,d SKUs, %d suppliers, %d days to %s (seed %d) ...",
                    spec.stores(), spec.skus(), spec.suppliers(), spec.days(), spec.endDate(), spec.seed()));
            generator.generate(spec, properties.resolvedDropDir());
            write(marker, spec);
            generated = true;
        } else {
            progress.accept(
                    "Reusing the demo chain already in " + properties.resolvedDataDir() + " (" + describe(spec) + ").");
        }
        Set<LocalDate> done = new HashSet<>(runs.completedDates());
        List<LocalDate> todo = new ArrayList<>();
        for (LocalDate d = spec.firstDate(); !d.isAfter(spec.endDate()); d = d.plusDays(1)) {
            if (!done.contains(d)) {
                todo.add(d);
            }
        }
        long started = System.currentTimeMillis();
        List<RunResult> results = new ArrayList<>();
        if (!todo.isEmpty()) {
            // Catch-up: every day is ingested and gated; the marts and replenishment run once, on the last day.
            int total = todo.size();
            pipeline.backfill(todo.get(0), todo.get(total - 1), Trigger.DEMO, true, r -> {
                results.add(r);
                progress.accept(String.format(
                        "[%3d/%d] %s %-10s %,8d rows loaded %,5d quarantined%s",
                        results.size(),
                        total,
                        r.businessDate(),
                        r.status(),
                        r.rowsLoaded(),
                        r.rowsQuarantined(),
                        r.failedFeeds() > 0 ? "  (" + r.failedFeeds() + " feed failed)" : ""));
            });
        }
        double seconds = (System.currentTimeMillis() - started) / 1000.0;
        final ChainSpec used = spec;
        final boolean fresh = generated;
        return warehouse.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r =
                            s.executeQuery("SELECT (SELECT COUNT(DISTINCT business_date) FROM runs WHERE status IN "
                                    + "('succeeded', 'warning', 'incomplete')), COALESCE(SUM(records_loaded), 0), COALESCE(SUM(records_quarantined), 0), COUNT(*) FILTER (WHERE status = 'failed') "
                                    + "FROM feeds")) {
                r.next();
                return new DemoResult(
                        used,
                        fresh,
                        results.isEmpty() && !fresh,
                        results,
                        r.getLong(1),
                        r.getLong(2),
                        r.getLong(3),
                        r.getLong(4),
                        seconds);
            }
        });
    }

    private static boolean sameChain(ChainSpec a, ChainSpec b) {
        return a.seed() == b.seed()
                && a.stores() == b.stores()
                && a.areas() == b.areas()
                && a.skus() == b.skus()
                && a.suppliers() == b.suppliers()
                && a.days() == b.days();
    }

    private static String describe(ChainSpec s) {
        return String.format(
                "seed %d, %d stores, %d SKUs, %d suppliers, %d days to %s",
                s.seed(), s.stores(), s.skus(), s.suppliers(), s.days(), s.endDate());
    }

    private static ChainSpec read(Path marker) {
        try {
            JsonNode n = JSON.readTree(Files.readString(marker));
            return new ChainSpec(
                    n.get("seed").asLong(),
                    n.get("stores").asInt(),
                    n.get("areas").asInt(),
                    n.get("skus").asInt(),
                    n.get("suppliers").asInt(),
                    n.get("days").asInt(),
                    LocalDate.parse(n.get("end_date").asString()));
        } catch (IOException | RuntimeException e) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    marker + " is unreadable (" + e.getMessage() + "); delete it to generate the demo again.",
                    e);
        }
    }

    private static void write(Path marker, ChainSpec s) {
        try {
            Files.writeString(
                    marker,
                    String.format(
                            "{\"seed\":%d,\"stores\":%d,\"areas\":%d,\"skus\":%d,\"suppliers\":%d,\"days\":%d,\"end_date\":\"%s\"}%n",
                            s.seed(), s.stores(), s.areas(), s.skus(), s.suppliers(), s.days(), s.endDate()));
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.CONFIG_INVALID, "Cannot write " + marker + ": " + e.getMessage(), e);
        }
    }
}
