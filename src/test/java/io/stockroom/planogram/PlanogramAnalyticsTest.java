package io.stockroom.planogram;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aSnapshot;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.model.ModelRunner;
import io.stockroom.planogram.PlanogramViews.Completeness;
import io.stockroom.planogram.PlanogramViews.CompletenessReport;
import io.stockroom.planogram.PlanogramViews.SpaceReport;
import io.stockroom.planogram.PlanogramViews.SpaceRow;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completeness and space productivity over a handful of rows worked out by hand (docs/planogram.md). */
class PlanogramAnalyticsTest {

    /** A Monday. */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private RetailFixture fx;
    private PlanogramService planogram;

    @BeforeEach
    void chain() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        fx = new RetailFixture(warehouse);
        ModelRunner runner = new ModelRunner(warehouse);
        planogram = new PlanogramService(
                warehouse, runner, new PlanogramProperties(D.plusDays(10), 1.0, 14), java.time.ZoneOffset.UTC);
        fx.add(
                aStore("S1").inArea("North"),
                aStore("S2").inArea("North"),
                aStore("S3").inArea("South"),
                aProduct("A").in("Food", "Snacks").cost(1.00),
                aProduct("B").in("Food", "Drinks").cost(2.00),
                aProduct("C").in("Home", "Candles").noCost(),
                aProduct("D").in("Food", "Snacks").cost(1.00));
        // what the stores carry on D: S1 four SKUs, S2 two, S3 sent no stock file this week
        for (String sku : new String[] {"A", "B", "C", "D"}) {
            fx.add(aSnapshot().atStore("S1").forSku(sku).on(D).onHand(5));
        }
        fx.add(
                aSnapshot().atStore("S2").forSku("A").on(D).onHand(5),
                aSnapshot().atStore("S2").forSku("B").on(D).onHand(5));
        fx.execute("""
                INSERT INTO fixtures (store_id, fixture_id, fixture_type, display_zone, section, shelf_count, width_cm) VALUES
                ('S1', 'G01', 'gondola', 'main_aisle', 'Snacks', 4, 120), ('S1', 'E01', 'end_cap', 'entrance', 'Promo', 3, 90),
                ('S2', 'G01', 'gondola', 'main_aisle', 'Snacks', 4, 120)""");
        fx.execute("""
                INSERT INTO placements (store_id, fixture_id, sku, valid_from, valid_to, shelf, position, facings, capacity, presentation_min) VALUES
                ('S1', 'G01', 'A', DATE '2026-03-01', NULL, 1, 1, 2, 20, 4),
                ('S1', 'G01', 'B', DATE '2026-03-01', NULL, 2, 1, 1, 10, NULL),
                ('S1', 'E01', 'C', DATE '2026-03-01', NULL, NULL, NULL, NULL, NULL, NULL),
                ('S1', 'G01', 'D', DATE '2026-02-01', DATE '2026-03-04', 3, 1, 2, 12, NULL),
                ('S2', 'G01', 'A', DATE '2026-03-01', NULL, 1, 1, 3, 30, NULL)""");
        fx.add(
                aSale().atStore("S1").forSku("A").on(D.minusDays(1)).units(2).value(10.00),
                aSale().atStore("S1").forSku("A").on(D).units(4).value(20.00),
                aSale().atStore("S1").forSku("B").on(D).units(1).value(8.00),
                aSale().atStore("S1").forSku("C").on(D).units(1).value(6.00),
                aSale().atStore("S1").forSku("D").on(D).units(1).value(5.00),
                aSale().atStore("S2").forSku("A").on(D).units(3).value(15.00));
        runner.rebuildAll();
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void aStoresFloorWithoutADateIsTodayOnTheRetailersClockNotTheServers() {
        // a zone whose date differs from this JVM's at this moment (Kiritimati is UTC+14, Pago Pago UTC-11: one of the
        // two always does): a merchandiser in that chain opening the floor sees their today, not the server's
        java.time.ZoneId stores = java.time.ZoneId.of("Pacific/Kiritimati");
        if (LocalDate.now(stores).equals(LocalDate.now())) {
            stores = java.time.ZoneId.of("Pacific/Pago_Pago");
        }
        PlanogramService there = new PlanogramService(
                warehouse, new ModelRunner(warehouse), new PlanogramProperties(D.plusDays(10), 1.0, 14), stores);
        LocalDate before = LocalDate.now(stores);

        LocalDate asOf = there.floor("S1", null).asOf();

        assertThat(asOf).isIn(before, LocalDate.now(stores)).isNotEqualTo(LocalDate.now());
        assertThat(there.completeness(null).asOf()).isEqualTo(asOf);
    }

    @Test
    void completenessCountsRangedSkusWithAPlacementAndPlacementsWithZoneShelfAndFacings() {
        CompletenessReport r = planogram.completeness(D);
        Completeness s1 = store(r, "S1");
        // S1 carries A, B, C, D; A, B and C are placed (D's placement ended on the 4th); C has no shelf or facings yet
        assertThat(s1.ranged()).isEqualTo(4);
        assertThat(s1.placed()).isEqualTo(3);
        assertThat(s1.placedShare()).isEqualTo(0.75);
        assertThat(s1.placements()).isEqualTo(3);
        assertThat(s1.withZone()).isEqualTo(3);
        assertThat(s1.withShelf()).isEqualTo(2);
        assertThat(s1.withFacings()).isEqualTo(2);
        assertThat(s1.complete()).isEqualTo(2);
        assertThat(s1.completeShare()).isEqualTo(0.6667);
        // 1 SKU to place in 10 days
        assertThat(s1.target().status()).isEqualTo("in_progress");
        assertThat(s1.target().missing()).isEqualTo(1);
        assertThat(s1.target().daysLeft()).isEqualTo(10);
        assertThat(s1.target().neededPerDay()).isEqualTo(0.1);

        Completeness s2 = store(r, "S2");
        assertThat(s2.placedShare()).isEqualTo(0.5);
        assertThat(s2.completeShare()).isEqualTo(1.0);

        // S3 sent no inventory: what it carries is not known, so neither is its share, nor the chain's
        Completeness s3 = store(r, "S3");
        assertThat(s3.ranged()).isNull();
        assertThat(s3.placedShare()).isNull();
        assertThat(s3.target().status()).isEqualTo("not_available");
        assertThat(r.chain().ranged()).isNull();
        assertThat(r.chain().placedShare()).isNull();
        assertThat(r.chain().placements()).isEqualTo(4);
        Completeness north = r.areas().stream()
                .filter(a -> "North".equals(a.name()))
                .findFirst()
                .orElseThrow();
        assertThat(north.ranged()).isEqualTo(6);
        assertThat(north.placedShare()).isEqualTo(0.6667);
        assertThat(north.completeShare()).isEqualTo(0.75);
    }

    @Test
    void spaceProductivityPerZoneSplitsSalesByPlacementAndKeepsUnplacedSalesVisible() {
        SpaceReport r = planogram.space(D.minusDays(1), D, null, "zone");
        assertThat(r.rows()).extracting(SpaceRow::group).containsExactly("main_aisle", "entrance", "(not placed)");
        SpaceRow main = r.rows().get(0);
        // S1 A (6 units, 30.00, margin 24.00), S1 B (1, 8.00, 6.00), S2 A (3, 15.00, 12.00)
        assertThat(main.units()).isEqualByComparingTo("10");
        assertThat(main.netSales()).isEqualByComparingTo("53.00");
        assertThat(main.margin()).isEqualByComparingTo("42.00");
        assertThat(main.marginPct()).isEqualTo(79.2);
        // facing-days 2x2 + 1x2 + 3x2 = 12 over 2 days: 6 facings on average
        assertThat(main.avgFacings()).isEqualTo(6.0);
        assertThat(main.salesPerFacing()).isEqualTo(8.83);
        // capacity 20 + 10 + 30 = 60 units at 10 units / 2 days = 12 days of supply
        assertThat(main.capacity()).isEqualTo(60);
        assertThat(main.daysOfSupply()).isEqualTo(12.0);
        assertThat(main.placements()).isEqualTo(3);

        SpaceRow entrance = r.rows().get(1);
        assertThat(entrance.netSales()).isEqualByComparingTo("6.00");
        assertThat(entrance.margin()).as("C has no cost: margin not available").isNull();
        assertThat(entrance.avgFacings()).as("C's facings are not recorded").isNull();
        assertThat(entrance.daysOfSupply()).isNull();

        SpaceRow unplaced = r.rows().get(2);
        assertThat(unplaced.netSales()).isEqualByComparingTo("5.00");
        assertThat(unplaced.placements()).isZero();

        BigDecimal all = r.rows().stream().map(SpaceRow::netSales).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(all).as("every sale is in one group").isEqualByComparingTo("64.00");

        SpaceReport shelves = planogram.space(D.minusDays(1), D, "S1", "shelf");
        assertThat(shelves.rows())
                .extracting(SpaceRow::group)
                .containsExactly("shelf 1", "shelf 2", "(no shelf)", "(not placed)");
        assertThat(shelves.rows().get(0).unitsPerFacing()).isEqualTo(3.0);
    }

    @Test
    void spaceProductivityOverARangeWiderThanTheSalesMeasuresOnlyTheDaysWithSales() {
        // the sales run D - 1 .. D; a buyer asks for the three weeks before and the week after: the days without any
        // sales data are unknown, so they neither thin the daily units (days of supply) nor add facing-days
        SpaceReport wide = planogram.space(D.minusDays(20), D.plusDays(7), null, "zone");
        assertThat(wide.from()).isEqualTo(D.minusDays(1));
        assertThat(wide.to()).isEqualTo(D);
        SpaceRow main = wide.rows().get(0);
        assertThat(main.group()).isEqualTo("main_aisle");
        // as over D - 1 .. D: 60 units of capacity at 10 units / 2 days = 12 days, 6 facings on average
        assertThat(main.daysOfSupply()).isEqualTo(12.0);
        assertThat(main.avgFacings()).isEqualTo(6.0);
        assertThat(wide.rows())
                .isEqualTo(planogram.space(D.minusDays(1), D, null, "zone").rows());
        // a range without any sales keeps the range asked for: space only, nothing sold
        SpaceReport later = planogram.space(D.plusDays(30), D.plusDays(40), null, "zone");
        assertThat(later.from()).isEqualTo(D.plusDays(30));
        assertThat(later.rows()).allSatisfy(row -> assertThat(row.units()).isNull());
    }

    @Test
    void salesPerFacingDividesByTheExactAverageFacingsNotTheRoundedOne() {
        fx.add(aSale().atStore("S1").forSku("B").on(D.minusDays(2)).units(1).value(8.00));
        fx.execute(
                "INSERT INTO placements (store_id, fixture_id, sku, valid_from, valid_to, shelf, position, facings, capacity) "
                        + "VALUES ('S1', 'E01', 'A', DATE '2026-03-09', NULL, 1, 1, 1, 6)");
        new ModelRunner(warehouse).rebuildAll();
        SpaceRow endCap = planogram.space(D.minusDays(2), D, "S1", "fixture").rows().stream()
                .filter(row -> row.group().equals("S1 E01"))
                .findFirst()
                .orElseThrow();
        // E01 holds C (facings not recorded) and, from D, A with 1 facing: 1 facing-day over 3 days = 1/3 facing on
        // average (shown 0.33); it sold C 6.00 (1 unit) + half of A's D 20.00 (2 units) = 16.00 (3 units):
        // 16.00 / (1/3) = 48.00 per facing and 9 units per facing (not 16.00 / 0.33 = 48.48 and 9.09)
        assertThat(endCap.avgFacings()).isEqualTo(0.33);
        assertThat(endCap.netSales()).isEqualByComparingTo("16.00");
        assertThat(endCap.salesPerFacing()).isEqualTo(48.0);
        assertThat(endCap.unitsPerFacing()).isEqualTo(9.0);
    }

    @Test
    void spaceProductivityIsAMartRecomputedOnlyFromTheDateAPlacementChanged() {
        // the mart holds the split: S1 A on D is on G01 alone (4 units); S1 D on D is not placed: the store-day's
        // one '(not placed)' row (sku and fixture NULL) holds its 5.00, and no SKU row is kept for it
        assertThat(fx.rows(
                        "SELECT fixture_id, CAST(units AS DECIMAL(10,2)) FROM mart_space_daily WHERE store_id = 'S1' AND sku = 'A' AND business_date = ?",
                        java.sql.Date.valueOf(D)))
                .containsExactly(java.util.List.of("G01", "4.00"));
        assertThat(fx.rows(
                        "SELECT sku, CAST(net_sales AS DECIMAL(10,2)) FROM mart_space_daily WHERE store_id = 'S1' AND fixture_id IS NULL AND business_date = ?",
                        java.sql.Date.valueOf(D)))
                .containsExactly(java.util.List.of("null", "5.00"));
        assertThat(fx.value("SELECT COUNT(*) FROM mart_space_daily WHERE sku = 'D'"))
                .isEqualTo("0");

        // a merchandiser adds A to the end cap from D (what PlacementEditor writes): only D is recomputed, A's D sales
        // split 2 / 2
        fx.execute(
                "INSERT INTO placements (store_id, fixture_id, sku, valid_from, valid_to, shelf, position, facings, capacity) "
                        + "VALUES ('S1', 'E01', 'A', DATE '2026-03-09', NULL, 1, 1, 1, 6)");
        fx.execute("INSERT INTO master_changes (change_id, source, effective_from, keys_changed, feed_id, changed_at) "
                + "SELECT nextval('master_change_ids'), 'placements', DATE '2026-03-09', 1, 'edit', CURRENT_TIMESTAMP");
        var refreshed = new ModelRunner(warehouse).refresh(java.util.Set.of());
        assertThat(refreshed.models())
                .filteredOn(t -> t.name().equals("mart_space_daily"))
                .singleElement()
                .satisfies(t -> assertThat(t.scope()).isEqualTo(D.toString()));
        SpaceReport fixtures = planogram.space(D.minusDays(1), D, "S1", "fixture");
        // G01: A 2 (D-1) + 2 (half of D's 4) units, 10.00 + 10.00; B 1 unit 8.00. E01: C 6.00 + half of A's D 10.00
        assertThat(fixtures.rows()).extracting(SpaceRow::group).containsExactly("S1 G01", "S1 E01", "(not placed)");
        assertThat(fixtures.rows().get(0).netSales()).isEqualByComparingTo("28.00");
        assertThat(fixtures.rows().get(0).units()).isEqualByComparingTo("5");
        assertThat(fixtures.rows().get(1).netSales()).isEqualByComparingTo("16.00");
        assertThat(fixtures.rows().get(2).netSales()).isEqualByComparingTo("5.00");

        // the incremental result is what a rebuild from scratch gives
        String incremental = fx.checksum("mart_space_daily");
        new ModelRunner(warehouse).rebuildAll();
        assertThat(fx.checksum("mart_space_daily")).isEqualTo(incremental);
    }

    @Test
    void placementsShowDaysOfSupplyFromCapacityAndTheLast28DaysOfSales() {
        var placements = planogram.placements("S1", "G01", D).placements();
        assertThat(placements).extracting(Placement::sku).containsExactly("A", "B");
        // the store's sales start on D - 1: its 28 days hold 2 days of data, the 26 before them are unknown, not
        // days without sales. A: capacity 20 / (6 units / 2 days) = 6.7 days (not 20 / (6 / 28) = 93.3)
        assertThat(placements.get(0).daysOfSupply()).isEqualTo(6.7);
        assertThat(placements.get(0).displayZone()).isEqualTo("main_aisle");
    }

    @Test
    void aSkuOnTwoFixturesSharesItsSalesBetweenThemInEachPlacementsDaysOfSupply() {
        // A also goes on the end cap from D: its sales are shared by two placements (as space productivity splits
        // them), so each shelf empties at half the SKU's rate; neither lasts only capacity / the whole rate
        fx.execute(
                "INSERT INTO placements (store_id, fixture_id, sku, valid_from, valid_to, shelf, position, facings, capacity) "
                        + "VALUES ('S1', 'E01', 'A', DATE '2026-03-09', NULL, 1, 1, 1, 6)");
        var placements = planogram.placements("S1", null, D).placements();
        // A: 6 units over the store's 2 days of sales, half on each placement: G01 20 / (3 / 2) = 13.3 days,
        // E01 6 / (3 / 2) = 4
        assertThat(placements)
                .filteredOn(p -> p.sku().equals("A"))
                .extracting(Placement::fixtureId, Placement::daysOfSupply)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("E01", 4.0),
                        org.assertj.core.groups.Tuple.tuple("G01", 13.3));
        // B is on one placement: its whole rate, 10 / (1 / 2) = 20 days
        assertThat(planogram.placements("S1", "G01", D).placements())
                .filteredOn(p -> p.sku().equals("B"))
                .singleElement()
                .extracting(Placement::daysOfSupply)
                .isEqualTo(20.0);
    }

    private static Completeness store(CompletenessReport r, String id) {
        return r.stores().stream()
                .filter(s -> id.equals(s.storeId()))
                .findFirst()
                .orElseThrow();
    }
}
