package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.TestWarehouse;
import io.stockroom.model.ModelRunner;
import io.stockroom.replenish.ReplenishmentProperties;
import io.stockroom.replenish.ReplenishmentService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Master data is kept as of each business date (issue #16, #14): a strike loaded on 03-27 does not rewrite the purchase
 * orders of 03-24 on a re-run or a replay, and a master change recomputes the marts from its date on, not their history.
 */
@BesideTheOtherClasses
class MasterHistoryTest {

    static final LocalDate FIRST = LocalDate.of(2025, 3, 17);
    static final LocalDate D24 = LocalDate.of(2025, 3, 24);
    static final LocalDate D27 = LocalDate.of(2025, 3, 27);

    @TempDir
    Path dir;

    TestWarehouse w;
    ModelRunner models;
    ReplenishmentService replenishment;
    PipelineService pipeline;

    @BeforeEach
    void setUp() throws IOException {
        w = new TestWarehouse(dir);
        models = new ModelRunner(w.warehouse);
        replenishment = new ReplenishmentService(w.warehouse, ReplenishmentProperties.defaults());
        pipeline = new PipelineService(
                w.ingest,
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(new ModelsStep(models), new ReplenishmentStep(replenishment)),
                w.properties);
        drop(FIRST, "stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        drop(
                FIRST,
                "products.csv",
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.50,1\nB,Banana,Fruit,0.20,0.4\n");
        drop(FIRST, "suppliers.csv", "supplier_id,name,lead_time_days\nV1,Farm,2\n");
        drop(FIRST, "supplier_products.csv", "sku,supplier_id,case_pack\nA,V1,1\nB,V1,1\n");
        for (LocalDate d = FIRST; !d.isAfter(D27.plusDays(1)); d = d.plusDays(1)) {
            drop(
                    d,
                    "sales.csv",
                    "store_id,sku,date,units_sold,total_sales\nS1,A," + d + ",4,4\nS1,B," + d + ",6,2.4\n");
            drop(d, "inventory.csv", "store_id,sku,date,on_hand,on_order\nS1,A," + d + ",3,0\nS1,B," + d + ",5,0\n");
        }
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aStrikeLoadedOnThe27thDoesNotRewriteThePurchaseOrdersOfThe24th() throws IOException {
        pipeline.backfill(
                FIRST,
                D24.minusDays(1),
                Trigger.BACKFILL,
                true,
                r -> assertThat(r.status()).isEqualTo("succeeded"));
        assertThat(pipeline.run(D24, Trigger.CLI).status()).isEqualTo("succeeded");
        List<String> linesOf24 = lines(D24);
        assertThat(linesOf24)
                .as("A is ordered on the 24th")
                .anyMatch(l -> l.startsWith("S1|A|V1|"))
                .noneMatch(l -> l.startsWith("S1|A|V1|0|"));

        drop(D27, "products_strike.csv", "sku,name,category,unit_cost,unit_price,struck\nA,Apple,Fruit,0.90,1,true\n");
        assertThat(pipeline.run(D27, Trigger.CLI).status()).isEqualTo("succeeded");
        assertThat(lines(D27))
                .as("the strike holds from the 27th: A is not ordered")
                .anyMatch(l -> l.startsWith("S1|A|V1|0|"));

        replenishment.run(D24, Optional.empty());
        assertThat(lines(D24)).as("a re-run of the 24th").isEqualTo(linesOf24);
        assertThat(pipeline.replay(D24).status()).isEqualTo("succeeded");
        assertThat(lines(D24)).as("a replay of the 24th").isEqualTo(linesOf24);
        assertThat(
                        w.string(
                                "SELECT CAST(cogs AS VARCHAR) FROM mart_sales_daily WHERE sku = 'A' AND business_date = DATE '2025-03-24'"))
                .as("the 24th keeps its cost")
                .isEqualTo("2.00");
        assertThat(
                        w.string(
                                "SELECT CAST(cogs AS VARCHAR) FROM mart_sales_daily WHERE sku = 'A' AND business_date = DATE '2025-03-27'"))
                .as("the 27th is repriced")
                .isEqualTo("3.60");
    }

    @Test
    void aChangedRowClosesItsVersionAnUnchangedOrOmittedRowKeepsIt() throws IOException {
        pipeline.run(FIRST, Trigger.CLI);
        drop(
                D24,
                "products.csv",
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.60,1\nB,Banana,Fruit,0.20,0.4\n");
        drop(D27, "products_a.csv", "sku,unit_cost\nA,0.70\n");
        pipeline.run(D24, Trigger.CLI);
        pipeline.run(D27, Trigger.CLI);

        assertThat(versions("A"))
                .containsExactly(
                        "1900-01-01..2025-03-24 0.5000 Fruit",
                        "2025-03-24..2025-03-27 0.6000 Fruit",
                        "2025-03-27..open 0.7000 Fruit");
        assertThat(versions("B")).as("unchanged rows make no version").containsExactly("1900-01-01..open 0.2000 Fruit");

        // a late file for the 20th splits the version in force then; today's state stays the 27th's
        w.ingest.ingest(
                file(
                        "products_late.csv",
                        "sku,name,category,unit_cost,unit_price\nA,Apple,Citrus,0.50,1\nB,Banana,Exotic,0.20,0.4\n"),
                new io.stockroom.ingest.IngestRequest(
                        "products_late.csv",
                        "products",
                        LocalDate.of(2025, 3, 20),
                        "cli",
                        null,
                        null,
                        java.util.Map.of(),
                        null));
        assertThat(versions("B"))
                .containsExactly("1900-01-01..2025-03-20 0.2000 Fruit", "2025-03-20..open 0.2000 Exotic");
        assertThat(versions("A"))
                .containsExactly(
                        "1900-01-01..2025-03-20 0.5000 Fruit",
                        "2025-03-20..2025-03-24 0.5000 Citrus",
                        "2025-03-24..2025-03-27 0.6000 Fruit",
                        "2025-03-27..open 0.7000 Fruit");
        assertThat(w.string("SELECT unit_cost || ' ' || category FROM products WHERE sku = 'A'"))
                .isEqualTo("0.7000 Fruit");
        assertThat(w.count("SELECT COUNT(*) FROM products"))
                .as("a file that omits a row does not delete it")
                .isEqualTo(2);
    }

    @Test
    void aMasterChangeRecomputesTheMartsFromItsDateOnOnly() throws IOException {
        pipeline.backfill(
                FIRST,
                D27.minusDays(1),
                Trigger.BACKFILL,
                true,
                r -> assertThat(r.status()).isEqualTo("succeeded"));
        drop(
                D27,
                "products.csv",
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.90,1\nB,Banana,Fruit,0.20,0.4\n");
        pipeline.run(D27, Trigger.CLI);
        assertThat(lastScope("mart_sales_daily")).isEqualTo("2025-03-27");
        assertThat(lastScope("mart_inventory_position_base")).isEqualTo("2025-03-27");
        assertThat(lastScope("mart_sales_store_daily")).isEqualTo("2025-03-27");

        // a correction of the 24th's cost, loaded on the 28th, recomputes the 24th onwards (and the 28th's new facts)
        w.ingest.ingest(
                file("products_fix.csv", "sku,unit_cost\nA,0.55\n"),
                new io.stockroom.ingest.IngestRequest(
                        "products_fix.csv", "products", D24, "cli", null, null, java.util.Map.of(), null));
        pipeline.run(D27.plusDays(1), Trigger.CLI);
        assertThat(lastScope("mart_sales_daily")).isEqualTo("2025-03-24..2025-03-28");
        assertThat(
                        w.string(
                                "SELECT CAST(cogs AS VARCHAR) FROM mart_sales_daily WHERE sku = 'A' AND business_date = DATE '2025-03-23'"))
                .isEqualTo("2.00");
        assertThat(
                        w.string(
                                "SELECT CAST(cogs AS VARCHAR) FROM mart_sales_daily WHERE sku = 'A' AND business_date = DATE '2025-03-25'"))
                .isEqualTo("2.20");
        assertThat(
                        w.string(
                                "SELECT CAST(cogs AS VARCHAR) FROM mart_sales_daily WHERE sku = 'A' AND business_date = DATE '2025-03-27'"))
                .isEqualTo("3.60");

        String incremental = martChecksums();
        models.rebuildAll();
        assertThat(martChecksums()).as("incremental equals a full rebuild").isEqualTo(incremental);
    }

    private String lastScope(String model) {
        return w.string("SELECT last_scope FROM model_state WHERE model = '" + model + "'");
    }

    private List<String> versions(String sku) {
        return rows(
                "SELECT CAST(valid_from AS VARCHAR) || '..' || COALESCE(CAST(valid_to AS VARCHAR), 'open') || ' ' || CAST(unit_cost AS VARCHAR) || ' ' || category "
                        + "FROM products_history WHERE sku = '" + sku + "' ORDER BY valid_from");
    }

    private List<String> lines(LocalDate d) {
        return rows(
                "SELECT store_id || '|' || sku || '|' || supplier_id || '|' || CAST(recommended_qty AS VARCHAR) || '|' || abc_class "
                        + "FROM replenishment_lines WHERE business_date = DATE '" + d + "' ORDER BY store_id, sku");
    }

    private List<String> rows(String sql) {
        return w.warehouse.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    private String martChecksums() {
        StringBuilder out = new StringBuilder();
        for (String table : models.modelNames()) {
            out.append(table)
                    .append('=')
                    .append(w.string(
                            "SELECT md5(COALESCE(string_agg(x, '|' ORDER BY x), '')) FROM (SELECT CAST(t AS VARCHAR) AS x FROM "
                                    + table + " t) s"))
                    .append('\n');
        }
        return out.toString();
    }

    /** A file sent outside the drop folder (CLI or upload), with its own business date. */
    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve("sent").resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    private void drop(LocalDate date, String name, String content) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(date.toString());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), content);
    }
}
