package io.stockroom.bench;

import io.stockroom.StockroomProperties;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.demo.ChainGenerator;
import io.stockroom.demo.ChainSpec;
import io.stockroom.ingest.FeedStore;
import io.stockroom.ingest.IngestService;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.pipeline.DailySteps;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunResult;
import io.stockroom.pipeline.RunStore;
import io.stockroom.pipeline.Trigger;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.Validator;
import io.stockroom.replenish.ReplenishmentProperties;
import io.stockroom.replenish.ReplenishmentService;
import io.stockroom.warehouse.Promotion;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Issue #16's benchmark: what a master-data change costs the daily run. The demo chain (100 stores x 5,000 SKUs by
 * default) re-issues its full products file, with the strikes, two thirds into its history (day 25 of 38). The history
 * before it is caught up; then the day before, the products day and the day after each run as a daily run does. The
 * reference is what a master change cost before master data had history: every mart rebuilt over the whole history.
 */
public final class MasterChangeBenchmark {

    /** @param days the chain's length; the products file comes on day index {@code days * 2 / 3} */
    public record Options(int stores, int skus, int days, Path workDir) {}

    private MasterChangeBenchmark() {}

    public static void run(Options o, PrintWriter out) {
        deleteTree(o.workDir());
        Path data = o.workDir().resolve("data");
        StockroomProperties props = new StockroomProperties(
                data,
                o.workDir().resolve("no-contract-overrides"),
                null,
                new StockroomProperties.Warehouse("duckdb", "8GB", 0),
                new StockroomProperties.Quality(0.05, "2000-01-01", 3650, "DMY"));
        ChainSpec spec = new ChainSpec(
                ChainSpec.DEFAULT_SEED,
                o.stores(),
                Math.min(7, Math.max(1, o.stores() / 30)),
                o.skus(),
                8,
                o.days(),
                LocalDate.now().minusDays(1));
        int changeDay = o.days() * 2 / 3;
        LocalDate productsDay = spec.firstDate().plusDays(changeDay);
        out.printf(
                "Generating %,d stores x %,d SKUs, %d days; the products file comes on day %d (%s) ...%n",
                o.stores(), o.skus(), o.days(), changeDay, productsDay);
        out.flush();
        long g = System.currentTimeMillis();
        new ChainGenerator().generate(spec, props.resolvedDropDir());
        out.printf("  generated in %.1f s%n", (System.currentTimeMillis() - g) / 1000.0);
        try (Warehouse warehouse = new Warehouse(props)) {
            ContractRegistry contracts = new ContractRegistry(props);
            IngestService ingest = new IngestService(
                    warehouse,
                    contracts,
                    new Validator(contracts, props),
                    new Quarantine(),
                    new Promotion(contracts),
                    new FeedStore(warehouse),
                    props);
            ModelRunner models = new ModelRunner(warehouse);
            PipelineService pipeline = new PipelineService(
                    ingest,
                    contracts,
                    warehouse,
                    new RunStore(warehouse),
                    DailySteps.of(models, new ReplenishmentService(warehouse, ReplenishmentProperties.defaults())),
                    props);
            out.printf(
                    "Catching up %s..%s (ingest every day, marts and replenishment once) ...%n",
                    spec.firstDate(), productsDay.minusDays(2));
            out.flush();
            long c = System.currentTimeMillis();
            pipeline.backfill(spec.firstDate(), productsDay.minusDays(2), Trigger.BACKFILL, true, r -> {});
            out.printf("  caught up in %.1f s%n%n", (System.currentTimeMillis() - c) / 1000.0);
            out.printf(
                    "%-34s %10s %10s %14s  %s%n",
                    "daily run", "total ms", "models ms", "replenish ms", "what the marts recomputed");
            for (LocalDate d = productsDay.minusDays(1); !d.isAfter(productsDay.plusDays(1)); d = d.plusDays(1)) {
                RunResult r = pipeline.run(d, Trigger.CLI);
                String label = d + (d.equals(productsDay) ? " (products file)" : " (normal day)");
                out.printf(
                        "%-34s %,10d %,10d %,14d  mart_sales_daily: %s, mart_inventory_position_base: %s%n",
                        label,
                        r.millis(),
                        stage(r, "models"),
                        stage(r, "replenishment"),
                        scope(warehouse, "mart_sales_daily"),
                        scope(warehouse, "mart_inventory_position_base"));
                out.flush();
            }
            long t = System.nanoTime();
            ModelRunResult rebuilt = models.rebuildAll();
            out.printf(
                    "%n%-34s %10s %,10d  (what a products file cost the models before master data had history)%n",
                    "reference: every mart rebuilt", "", (System.nanoTime() - t) / 1_000_000);
            out.printf("%s rows rebuilt%n", String.format("%,d", rebuilt.rowsWritten()));
        }
        deleteTree(o.workDir());
    }

    private static long stage(RunResult r, String name) {
        return r.stages().stream()
                .filter(s -> s.name().equals(name))
                .mapToLong(RunStore.Stage::durationMs)
                .sum();
    }

    private static String scope(Warehouse w, String model) {
        return w.withConnection(c -> Sql.on(c)
                .sql("SELECT last_scope FROM model_state WHERE model = ?")
                .param(Sql.text(model))
                .query((ResultSet r) -> Optional.ofNullable(r.next() ? r.getString(1) : "?"))
                .orElse(null));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
