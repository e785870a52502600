package io.stockroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.planogram.DisplayLift;
import io.stockroom.planogram.PlacementEditor;
import io.stockroom.planogram.PlanogramProperties;
import io.stockroom.planogram.PlanogramService;
import io.stockroom.security.Actor;
import io.stockroom.security.Role;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.SmallChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * On a Trino deployment the line-level sales mart stays in the lake (docs/scale.md, "Large marts in the lake"): the
 * dashboards' reads of it (a SKU or channel filter, the channel split, a store's top products, the inventory metrics'
 * sales, the planogram's days with sales, placements' daily units and the display lift) go through Trino, and the
 * space mart is computed there (after a placement edit too); every answer equals DuckDB's deployment's, for the whole
 * chain and for a store manager who sees one store only.
 */
@BesideTheOtherClasses
class TrinoSalesReadTest {

    private static final LocalDate END = SmallChain.END;

    @TempDir
    Path dir;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theSalesPagesReadTheLakeMartThroughTrinoAndAnswerAsDuckDb() throws Exception {
        TestTrino.assumeAvailable();
        List<String> onDuckDb;
        try (TestWarehouse duck =
                new TestWarehouse(dir.resolve("duck"), new StockroomProperties.Warehouse("duckdb", "1GB", 2))) {
            Files.createDirectories(dir.resolve("duck-files"));
            load(duck, dir.resolve("duck-files"));
            ModelRunner runner = new ModelRunner(duck.warehouse);
            runner.rebuildAll();
            onDuckDb = answers(duck, runner, new Marts(duck.warehouse, runner), null);
            onDuckDb.add(afterAPlacementEdit(duck, runner, null));
        }
        assertThat(onDuckDb)
                .as("answers with numbers to compare")
                .anySatisfy(a -> assertThat(a).contains("online"))
                .anySatisfy(a -> assertThat(a).startsWith("chain placements S1").containsPattern("daysOfSupply=\\d"))
                .anySatisfy(a -> assertThat(a).startsWith("chain space").contains("main_aisle"))
                .anySatisfy(a -> assertThat(a).startsWith("chain lift").contains("sku=K2"))
                .anySatisfy(a -> assertThat(a).startsWith("mart_space_daily").contains("fixture_id=E01"));

        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Files.createDirectories(dir.resolve("pg-files"));
            load(pg, dir.resolve("pg-files"));
            Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
            lake.prepare();
            LocalDate first = END.minusDays(SmallChain.DAYS - 1);
            for (String table : List.of("sales", "orders", "labour", "inventory")) {
                lake.replaceSlices(table, first, END);
            }
            LakeModels trino = new LakeModels(pg.warehouse, lake);
            // the lake has no sales-lines mart yet (a Trino deployment upgraded to this version): the first daily
            // refresh builds every date of it, not the day's only
            assertThat(lake.holds("mart_sales_daily")).isFalse();
            trino.refresh(Set.of(END));
            ModelRunner runner = new ModelRunner(pg.warehouse);
            runner.rebuildAll(Set.copyOf(trino.modelNames()));
            assertThat(pg.count("SELECT COUNT(*) FROM mart_sales_daily"))
                    .as("the sales lines are not copied into the warehouse")
                    .isZero();
            assertThat(pg.count("SELECT COUNT(*) FROM mart_space_daily"))
                    .as("the space mart, computed on Trino, lands in the warehouse")
                    .isPositive();
            List<String> onTrino = answers(pg, runner, new Marts(pg.warehouse, runner, trino), trino);
            onTrino.add(afterAPlacementEdit(pg, runner, trino));
            for (int i = 0; i < Math.min(onTrino.size(), onDuckDb.size()); i++) {
                assertThat(onTrino.get(i)).as("answer " + i).isEqualTo(onDuckDb.get(i));
            }
            assertThat(onTrino).isEqualTo(onDuckDb);
        }
    }

    /** The small chain, an online order on two days, and a planogram of S1 and S2 with a display of K2 at S1. */
    private static void load(TestWarehouse w, Path files) throws Exception {
        SmallChain.load(w, files);
        TestWarehouse.ok(
                w.load(files, "orders.csv", """
                order_id,ordered_at,customer_id,sku,quantity,unit_price
                O1,%s 10:00:00,C1,K1,2,1.12
                O1,%s 10:00:00,C1,K3,1,1.38
                O2,%s 18:30:00,C2,K1,-1,1.12
                """.formatted(END.minusDays(3), END.minusDays(3), END.minusDays(1))));
        w.warehouse.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO fixtures (store_id, fixture_id, fixture_type, display_zone, section, shelf_count, width_cm) VALUES
                        ('S1', 'G01', 'gondola', 'main_aisle', 'Grocery', 4, 120), ('S1', 'E01', 'end_cap', 'entrance', 'Promo', 3, 90),
                        ('S2', 'G01', 'gondola', 'main_aisle', 'Grocery', 4, 120)""");
                s.execute("""
                        INSERT INTO placements (store_id, fixture_id, sku, valid_from, valid_to, shelf, position, facings, capacity, presentation_min) VALUES
                        ('S1', 'G01', 'K1', DATE '2026-03-01', NULL, 1, 1, 2, 20, 4),
                        ('S1', 'G01', 'K2', DATE '2026-03-01', NULL, 2, 1, 1, 10, NULL),
                        ('S1', 'E01', 'K2', DATE '2026-03-20', NULL, 1, 1, 3, 30, NULL),
                        ('S1', 'G01', 'K4', DATE '2026-02-01', DATE '2026-03-15', 3, 1, 2, 12, NULL),
                        ('S2', 'G01', 'K1', DATE '2026-03-01', NULL, 1, 1, 3, 30, NULL),
                        ('S2', 'G01', 'K7', DATE '2026-03-10', NULL, 2, 2, 2, 16, NULL)""");
                s.execute("""
                        INSERT INTO displays (store_id, sku, start_date, end_date, display_type, display_zone) VALUES
                        ('S1', 'K2', DATE '2026-03-20', DATE '2026-03-29', 'end_cap', 'entrance')""");
            }
            return null;
        });
    }

    /**
     * The space mart after a placement edit on the Planogram page (K7 taken off S2's gondola five days ago): the edit
     * refreshes it from that date, on Trino on a Trino deployment (the warehouse's copy of the sales lines is empty).
     */
    private static String afterAPlacementEdit(TestWarehouse w, ModelRunner runner, LakeModels trino) {
        PlanogramService planogram = new PlanogramService(w.warehouse, runner, PlanogramProperties.DEFAULTS, trino);
        new PlacementEditor(w.warehouse, w.ingest, w.contracts, planogram).end("S2", "G01", "K7", END.minusDays(5));
        if (trino != null) {
            assertThat(w.count("SELECT COUNT(*) FROM mart_sales_daily"))
                    .as("the edit's refresh computed no sales lines on the warehouse")
                    .isZero();
        }
        return "space after an edit " + SmallChain.content(w.warehouse, "mart_space_daily");
    }

    /** What the sales reads answer the whole chain, then a store manager of S2 (who must see S2 only). */
    private static List<String> answers(TestWarehouse w, ModelRunner runner, Marts marts, LakeModels trino) {
        MetricsService metrics = TestMetrics.over(w.warehouse, marts);
        InventoryMetrics inventory = new InventoryMetrics(marts, metrics);
        PlanogramProperties settings = new PlanogramProperties(END.plusDays(10), 1.0, 7);
        PlanogramService planogram = new PlanogramService(w.warehouse, runner, settings, trino);
        DisplayLift lift = new DisplayLift(w.warehouse, runner, planogram, settings);
        List<String> out = new ArrayList<>();
        // the space mart (placed SKUs split over their placements), which Trino computes from the lake's sales lines
        out.add("mart_space_daily " + SmallChain.content(w.warehouse, "mart_space_daily"));
        out.addAll(answersAs(metrics, inventory, planogram, lift, "chain", "S1"));
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "gm", null, Actor.authorities(Set.of(Role.STORE_GM), Set.of("S2"), Set.of())));
        out.addAll(answersAs(metrics, inventory, planogram, lift, "S2 only", "S2"));
        SecurityContextHolder.clearContext();
        return out;
    }

    private static List<String> answersAs(
            MetricsService metrics,
            InventoryMetrics inventory,
            PlanogramService planogram,
            DisplayLift lift,
            String who,
            String store) {
        DashboardFilter month = new DashboardFilter("last_30_days", null, null, null, null, null, null, null);
        DashboardFilter k1 = new DashboardFilter("last_30_days", null, null, null, null, null, null, "K1", null, null);
        DashboardFilter online =
                new DashboardFilter("last_7_days", null, null, null, null, null, null, null, "online", "last_week");
        DashboardFilter tins = new DashboardFilter(
                "custom", END.minusDays(13), END, null, null, "Grocery", "Tins", null, "store", "previous_period");
        DashboardFilter ofStore = new DashboardFilter("last_7_days", null, null, store, null, null, null, null);
        List<String> out = new ArrayList<>();
        out.add(who + " kpi K1 " + metrics.kpi(k1));
        out.add(who + " kpi online " + metrics.kpi(online));
        out.add(who + " kpi tins in store " + metrics.kpi(tins));
        out.add(who + " trend K1 " + metrics.trend(k1, "week"));
        out.add(who + " trend online " + metrics.trend(online, null));
        out.add(who + " channels " + metrics.channels(month));
        out.add(who + " top of " + store + " " + metrics.topProducts(ofStore, 5, null));
        out.add(who + " top online " + metrics.topProducts(online, 5, "units"));
        out.add(who + " inventory metrics " + inventory.report(month));
        out.add(who + " inventory metrics K1 " + inventory.report(k1));
        out.add(who + " planogram date " + planogram.defaultDate());
        out.add(who + " placements " + store + " " + planogram.placements(store, null, END));
        out.add(who + " space " + planogram.space(null, null, null, "zone"));
        out.add(who + " space by fixture " + planogram.space(END.minusDays(6), END, store, "fixture"));
        out.add(who + " lift " + lift.report(END.minusDays(20), END, null));
        return out;
    }
}
