package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.TestEngine;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay reproduces what its date had, after a catch-up that computed replenishment on its last day only (as the demo
 * does): it makes no purchase orders for a date that had none, keeps the ids of the lines it recomputes, and leaves the
 * datasets' freshness at when their data arrived.
 */
@BesideTheOtherClasses
class ReplayOfAPastDateTest {

    static final LocalDate FIRST = LocalDate.of(2025, 3, 10); // D20 has 11 days of history: its pairs reorder
    static final LocalDate D20 = LocalDate.of(2025, 3, 20);
    static final LocalDate D24 = LocalDate.of(2025, 3, 24);

    @TempDir
    Path dir;

    /** The catch-up FIRST..D24, run once for the class on DuckDB: each test starts from a copy of this data directory. */
    @TempDir
    static Path caughtUp;

    TestWarehouse w;
    ReplenishmentService replenishment;
    PipelineService pipeline;

    @BeforeAll
    static void catchUpOnce() throws IOException {
        if (TestEngine.postgres()) {
            return; // the warehouse is a schema of its own, not a file in the data directory: each test catches up
        }
        try (TestWarehouse first = new TestWarehouse(caughtUp)) {
            ReplenishmentService replenishment =
                    new ReplenishmentService(first.warehouse, ReplenishmentProperties.defaults());
            catchUp(first, pipeline(first, replenishment));
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        if (!TestEngine.postgres()) {
            TestWarehouse.copyDataDir(caughtUp, dir);
        }
        w = new TestWarehouse(dir);
        replenishment = new ReplenishmentService(w.warehouse, ReplenishmentProperties.defaults());
        pipeline = pipeline(w, replenishment);
        if (TestEngine.postgres()) {
            catchUp(w, pipeline);
        }
    }

    private static PipelineService pipeline(TestWarehouse w, ReplenishmentService replenishment) {
        return new PipelineService(
                w.ingest,
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(new ModelsStep(new ModelRunner(w.warehouse)), new ReplenishmentStep(replenishment)),
                w.properties);
    }

    /** Two stores' sales and inventory of FIRST..D24 in the drop folder, backfilled as the demo's catch-up does. */
    private static void catchUp(TestWarehouse w, PipelineService pipeline) throws IOException {
        drop(w, FIRST, "stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
        drop(
                w,
                FIRST,
                "products.csv",
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.50,1\nB,Banana,Fruit,0.20,0.4\n");
        drop(w, FIRST, "suppliers.csv", "supplier_id,name,lead_time_days\nV1,Farm,2\n");
        drop(w, FIRST, "supplier_products.csv", "sku,supplier_id,case_pack\nA,V1,1\nB,V1,1\n");
        for (LocalDate d = FIRST; !d.isAfter(D24); d = d.plusDays(1)) {
            drop(
                    w,
                    d,
                    "sales.csv",
                    "store_id,sku,date,units_sold,total_sales\nS1,A," + d + ",4,4\nS1,B," + d + ",6,2.4\nS2,A," + d
                            + ",2,2\n");
            drop(
                    w,
                    d,
                    "inventory.csv",
                    "store_id,sku,date,on_hand,on_order\nS1,A," + d + ",3,0\nS1,B," + d + ",5,0\nS2,A," + d + ",1,0\n");
        }
        // the demo's catch-up: replenishment deferred on every day but the last
        pipeline.backfill(
                FIRST, D24, Trigger.BACKFILL, true, r -> assertThat(r.status()).isEqualTo("succeeded"));
        assertThat(lines(w, D24)).as("the last day has its orders").isNotEmpty();
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aReplayOfADateThatHadNoReplenishmentMakesNoPurchaseOrdersForIt() {
        assertThat(lines(D20)).isEmpty();

        RunResult replay = pipeline.replay(D20);

        assertThat(replay.status()).as(replay.error()).isEqualTo("succeeded");
        assertThat(lines(D20))
                .as("no recommendation lines for a past date that had none")
                .isEmpty();
        assertThat(w.count("SELECT COUNT(*) FROM purchase_orders WHERE business_date = DATE '2025-03-20'"))
                .as("no proposed purchase order a buyer could approve and send as if new")
                .isZero();
        assertThat(replay.stages())
                .filteredOn(s -> s.name().equals("replenishment"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.status()).isEqualTo("skipped");
                    assertThat(s.detail())
                            .contains("2025-03-20 had no replenishment")
                            .contains("stockroom replenish --date 2025-03-20");
                });
    }

    /**
     * A plain run of an earlier date after a later date's orders (a late file, {@code stockroom run --date D}) gives the
     * date no orders it never had: they would come from stock counts D24's replaced, and wait beside D24's orders.
     */
    @Test
    void aRunOfAnEarlierDateThatHadNoReplenishmentMakesNoPurchaseOrdersBesideTheLaterDatesOrders() {
        List<String> later = lines(D24);

        RunResult run = pipeline.run(D20, Trigger.CLI);

        assertThat(run.status()).as(run.error()).isEqualTo("succeeded");
        assertThat(lines(D20))
                .as("no recommendation lines for a past date that had none")
                .isEmpty();
        assertThat(w.count("SELECT COUNT(*) FROM purchase_orders WHERE business_date = DATE '2025-03-20'"))
                .as("no proposed purchase order beside 2025-03-24's")
                .isZero();
        assertThat(lines(D24)).as("the later date's lines are untouched").isEqualTo(later);
        assertThat(run.stages())
                .filteredOn(s -> s.name().equals("replenishment"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.status()).isEqualTo("skipped");
                    assertThat(s.detail())
                            .contains("2025-03-20 had no replenishment and 2025-03-24, a later date, has it")
                            .contains("stockroom replenish --date 2025-03-20");
                });

        // on purpose it still can; and a date that had the stage is re-run as before (a correction)
        replenishment.run(D20, Optional.empty());
        List<String> made = lines(D20);
        assertThat(made).isNotEmpty();
        RunResult again = pipeline.run(D20, Trigger.CLI);
        assertThat(again.status()).as(again.error()).isEqualTo("succeeded");
        assertThat(lines(D20))
                .as("a re-run of a date that had it replaces its open lines")
                .isEqualTo(made);
    }

    @Test
    void aReplayOfADateThatHadReplenishmentGivesItsLinesAgainUnderTheSameIds() {
        List<String> before = lines(D24);
        // the stage for another date since: its lines take the ids above D24's
        replenishment.run(D24.minusDays(1), Optional.empty());

        RunResult replay = pipeline.replay(D24);

        assertThat(replay.status()).as(replay.error()).isEqualTo("succeeded");
        assertThat(lines(D24))
                .as("the same lines, each under the id a link or bookmark to it holds")
                .isEqualTo(before);
        replenishment.run(D24, Optional.empty());
        assertThat(lines(D24)).as("a re-run of the stage keeps them too").isEqualTo(before);
    }

    /**
     * A date whose replenishment was run for one store only ({@code stockroom replenish --date D --store S1}) had it for
     * that store: its replay gives S1 its lines again, under the same ids, and makes none for S2, which never had any.
     */
    @Test
    void aReplayOfADateThatHadReplenishmentForOneStoreGivesThatStoreItsLinesAgain() {
        replenishment.run(D20, Optional.of("S1"));
        List<String> before = lines(D20);
        assertThat(before).isNotEmpty().allMatch(l -> l.contains("|S1|"));

        RunResult replay = pipeline.replay(D20);

        assertThat(replay.status()).as(replay.error()).isEqualTo("succeeded");
        assertThat(lines(D20))
                .as("S1's lines again under their ids; none for S2, which the date never had")
                .isEqualTo(before);
        assertThat(w.count("SELECT COUNT(*) FROM purchase_orders WHERE business_date = DATE '2025-03-20'"
                        + " AND store_id <> 'S1'"))
                .isZero();
        assertThat(replay.stages())
                .filteredOn(s -> s.name().equals("replenishment"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.status()).isEqualTo("succeeded");
                    assertThat(s.detail()).contains("for store S1 only");
                });
    }

    @Test
    void aReplayLeavesEachDatasetsFreshnessAtWhenItsDataArrived() {
        String freshness =
                "SELECT last_good_feed_id || ' ' || CAST(last_good_at AS VARCHAR) FROM mart_dataset_freshness"
                        + " WHERE dataset = 'sales'";
        String before = w.string(freshness);
        assertThat(before)
                .startsWith(w.string("SELECT feed_id FROM feeds WHERE dataset = 'sales'"
                        + " AND business_date = DATE '2025-03-24'"));

        assertThat(pipeline.replay(D24).status()).isEqualTo("succeeded");

        assertThat(w.string(freshness))
                .as("the replay re-read a file received before: the data is as fresh as when it arrived")
                .isEqualTo(before);
    }

    /** Each line with its id, so that a changed id shows. */
    private List<String> lines(LocalDate d) {
        return lines(w, d);
    }

    private static List<String> lines(TestWarehouse w, LocalDate d) {
        return rows(
                w,
                "SELECT CAST(id AS VARCHAR) || '|' || store_id || '|' || sku || '|' || supplier_id || '|' || po_id"
                        + " || '|' || CAST(recommended_qty AS VARCHAR) || '|' || status FROM replenishment_lines"
                        + " WHERE business_date = DATE '" + d + "' ORDER BY store_id, sku");
    }

    private List<String> rows(String sql) {
        return rows(w, sql);
    }

    private static List<String> rows(TestWarehouse w, String sql) {
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

    private static void drop(TestWarehouse w, LocalDate date, String name, String content) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(date.toString());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), content);
    }
}
