package io.stockroom.web;

import io.stockroom.demo.ChainGenerator;
import io.stockroom.demo.ChainSpec;
import io.stockroom.demo.GeneratedChain;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.List;

/**
 * The browser tests' chain: the demo generator writes a small chain (3 stores in 2 areas, 60 SKUs, 3
 * suppliers, 35 days up to yesterday, with its planted problems) into the drop folder, and the real
 * pipeline loads it day by day — ingest, checks, quarantine — and builds the models and replenishment once, on the
 * last day, as the demo's catch-up does, so every page shows real numbers. Loaded once per application (the Spring
 * context is shared by every web test class). The catch-up costs a third of the CPU of 35 full daily runs (82 against
 * 219 CPU-s for {@code ReorderAccessTest}, which pays for it).
 */
class TestChain {

    static final ChainSpec SPEC = new ChainSpec(
            ChainSpec.DEFAULT_SEED, 3, 2, 60, 3, 35, LocalDate.now().minusDays(1));

    private final ChainGenerator generator;
    private final PipelineService pipeline;
    private final Warehouse warehouse;
    private volatile GeneratedChain chain;

    TestChain(ChainGenerator generator, PipelineService pipeline, Warehouse warehouse) {
        this.generator = generator;
        this.pipeline = pipeline;
        this.warehouse = warehouse;
    }

    synchronized GeneratedChain ensureLoaded() {
        if (chain == null) {
            GeneratedChain generated =
                    generator.generate(SPEC, warehouse.dataDir().resolve("drop"));
            pipeline.backfill(
                    generated.firstDate(),
                    generated.lastDate(),
                    io.stockroom.pipeline.Trigger.BACKFILL,
                    true,
                    run -> {});
            chain = generated;
        }
        return chain;
    }

    /** The chain's stores, by id. */
    List<String> stores() {
        return ids("SELECT store_id FROM stores ORDER BY store_id");
    }

    /** The first {@code n} SKUs of the product master. */
    List<String> skus(int n) {
        return ids("SELECT sku FROM products WHERE NOT is_placeholder ORDER BY sku LIMIT " + n);
    }

    /** The latest business date with sales in the warehouse. */
    LocalDate latestSalesDate() {
        return warehouse.withConnection(c -> {
            try (var s = c.createStatement();
                    var r = s.executeQuery("SELECT MAX(business_date) FROM sales")) {
                r.next();
                return r.getDate(1).toLocalDate();
            }
        });
    }

    private List<String> ids(String sql) {
        return warehouse.withConnection(c -> {
            try (var s = c.createStatement();
                    var r = s.executeQuery(sql)) {
                List<String> out = new java.util.ArrayList<>();
                while (r.next()) {
                    out.add(r.getString(1));
                }
                return out;
            }
        });
    }
}
