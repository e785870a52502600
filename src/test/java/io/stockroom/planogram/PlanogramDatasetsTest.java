package io.stockroom.planogram;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planogram datasets through the real ingest: contract checks, quarantine with reasons, versions closed not overwritten. */
class PlanogramDatasetsTest {

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void masterData() throws IOException {
        w = new TestWarehouse(dir.resolve("data"));
        TestWarehouse.ok(w.load(dir, "stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n"));
        TestWarehouse.ok(w.load(
                dir,
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\nB,Banana,Fresh,Fruit,0.20,0.40\n"
                        + "C,Cheddar,Dairy,Cheese,2.00,3.50\n"));
        TestWarehouse.ok(w.load(
                dir,
                "fixtures.csv",
                "store,fixture,type,zone,section,shelves,width\nS1,G01,gondola,main_aisle,Fruit,4,120\nS1,E01,end_cap,entrance,Promo,3,90\n"
                        + "S2,G01,gondola,main_aisle,Fruit,5,120\n"));
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void fixturesLoadAndBadOnesAreQuarantinedWithTheirReason() throws IOException {
        assertThat(w.count("SELECT COUNT(*) FROM fixtures")).isEqualTo(3);
        assertThat(
                        w.string(
                                "SELECT display_zone || '/' || fixture_type || '/' || shelf_count FROM fixtures WHERE store_id = 'S1' AND fixture_id = 'E01'"))
                .isEqualTo("entrance/end_cap/3");
        FeedResult r = w.load(
                dir,
                "fixtures_more.csv",
                "store_id,fixture_id,fixture_type,shelf_count\nS2,T01,table,1\nS9,G01,gondola,4\nS2,X01,shelfie,2\n"
                        + "S2,G02,gondola,0\n",
                0.9);
        assertThat(r.recordsLoaded()).isEqualTo(1);
        assertThat(reasons(r)).contains("UNKNOWN_STORE_ID", "UNKNOWN_FIXTURE_TYPE", "SHELF_COUNT_OUT_OF_RANGE");
    }

    @Test
    void everyPlacementRuleQuarantinesTheRowThatBreaksItAndLoadsTheRest() throws IOException {
        FeedResult r = w.load(dir, "placements.csv", """
                store_id,fixture_id,sku,valid_from,shelf,position,facings,capacity,presentation_min
                S1,G01,A,2026-01-05,1,1,3,24,6
                S1,G01,B,2026-01-05,1,2,2,16,
                S1,G01,C,2026-01-05,2,1,0,10,2
                S1,G01,C,2026-01-06,2,2,4,3,2
                S1,G09,C,2026-01-05,1,1,2,10,2
                S1,G01,Z,2026-01-05,3,1,2,10,2
                S1,E01,A,2026-01-05,4,1,2,10,2
                S1,E01,B,2026-01-05,1,1,2,10,2
                S1,E01,C,2026-01-05,1,1,2,10,2
                S2,G01,C,2026-01-05,,,,,
                """, 0.9);
        assertThat(r.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead()).isEqualTo(10);
        assertThat(r.recordsLoaded() + r.recordsQuarantined()).isEqualTo(10);
        assertThat(quarantinedCodes(r))
                .containsExactlyInAnyOrder(
                        "FACINGS_BELOW_ONE",
                        "CAPACITY_BELOW_FACINGS",
                        "UNKNOWN_FIXTURE",
                        "UNKNOWN_SKU",
                        "SHELF_BEYOND_FIXTURE",
                        "POSITION_TAKEN",
                        "POSITION_TAKEN");
        // loaded: A and B on S1/G01, and S2's C with its position not recorded yet (completeness counts it as such)
        assertThat(w.count("SELECT COUNT(*) FROM placements")).isEqualTo(3);
        assertThat(w.string(
                        "SELECT facings || '/' || capacity || '/' || presentation_min FROM placements WHERE sku = 'A'"))
                .isEqualTo("3/24/6");
        assertThat(w.count(
                        "SELECT COUNT(*) FROM placements WHERE store_id = 'S2' AND shelf IS NULL AND facings IS NULL"))
                .isEqualTo(1);
    }

    @Test
    void aPresentationMinimumAboveTheShelfCapacityIsRefusedNotOrderedFor() throws IOException {
        // a minimum of 48 on a shelf that holds 12 (cases typed for units, or the columns swapped) would raise every
        // reorder to 48 units for a 12-unit shelf; it is quarantined with what to correct
        FeedResult r = w.load(dir, "placements.csv", """
                store_id,fixture_id,sku,valid_from,shelf,position,facings,capacity,presentation_min
                S1,G01,A,2026-01-05,1,1,3,12,48
                S1,G01,B,2026-01-05,1,2,2,16,16
                S1,G01,C,2026-01-05,1,3,2,,6
                """, 0.9);
        assertThat(quarantinedCodes(r)).containsExactly("PRESENTATION_MIN_ABOVE_CAPACITY");
        assertThat(r.recordsLoaded()).isEqualTo(2);
        assertThat(w.count("SELECT COUNT(*) FROM placements WHERE sku = 'A'")).isZero();
    }

    @Test
    void aSkuOnTwoShelvesOfOneFixtureIsRefusedWholeNotHalfLoaded() throws IOException {
        // a planogram export lists A on shelf 1 (3 facings, 24 units) and shelf 4 (2 facings, 16 units) of G01: one
        // placement per store x fixture x SKU cannot hold both, and keeping the first would understate its facings,
        // capacity and presentation minimum; both rows are refused with what to do, an exact repeat stays a duplicate
        FeedResult r = w.load(dir, "placements.csv", """
                store_id,fixture_id,sku,valid_from,shelf,position,facings,capacity,presentation_min
                S1,G01,A,2026-01-05,1,1,3,24,6
                S1,G01,A,2026-01-05,4,7,2,16,
                S1,G01,B,2026-01-05,1,2,2,16,
                S1,G01,B,2026-01-05,1,2,2,16,
                S1,E01,C,2026-01-05,1,1,2,10,2
                """, 0.9);
        assertThat(quarantinedCodes(r))
                .containsExactlyInAnyOrder(
                        "SKU_ON_FIXTURE_TWICE", "SKU_ON_FIXTURE_TWICE", "DUPLICATE_KEY", "DUPLICATE_KEY");
        assertThat(w.strings("SELECT sku FROM placements ORDER BY sku")).containsExactly("B", "C");
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND reasons LIKE "
                        + "'%SKU_ON_FIXTURE_TWICE%' LIMIT 1"))
                .contains("one row per store, fixture and SKU");
    }

    @Test
    void zeroFacingsIsRefusedWithHowToTakeTheSkuOffTheFixture() throws IOException {
        // planogram tools export a SKU taken off the shelf as 0 facings; here that is an end date, and the message says
        // so
        FeedResult r = w.load(dir, "placements.csv", """
                store_id,fixture_id,sku,valid_from,shelf,position,facings,capacity,presentation_min
                S1,G01,A,2026-01-05,1,1,0,0,
                S1,G01,B,2026-01-05,1,2,2,16,
                """, 0.9);
        assertThat(quarantinedCodes(r)).containsExactly("FACINGS_BELOW_ONE");
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("valid_to");
    }

    @Test
    void aLaterVersionClosesTheEarlierOneTheDayBeforeItStartsAndNeverOverwritesIt() throws IOException {
        TestWarehouse.ok(w.load(
                dir,
                "placements_v1.csv",
                "store_id,fixture_id,sku,valid_from,shelf,position,facings,capacity\nS1,G01,A,2026-01-05,1,1,3,24\n"
                        + "S1,G01,B,2026-01-05,1,2,2,16\n"));
        TestWarehouse.ok(w.load(
                dir,
                "placements_v2.csv",
                "store_id,fixture_id,sku,valid_from,shelf,position,facings,capacity\nS1,G01,A,2026-02-01,1,1,5,40\n"));
        assertThat(w.count("SELECT COUNT(*) FROM placements WHERE sku = 'A'")).isEqualTo(2);
        assertThat(
                        w.string(
                                "SELECT CAST(valid_to AS VARCHAR) || ' ' || facings FROM placements WHERE sku = 'A' AND valid_from = DATE '2026-01-05'"))
                .isEqualTo("2026-01-31 3");
        assertThat(
                        w.string(
                                "SELECT COALESCE(CAST(valid_to AS VARCHAR), 'open') || ' ' || facings FROM placements WHERE sku = 'A' AND valid_from = DATE '2026-02-01'"))
                .isEqualTo("open 5");
        assertThat(w.string("SELECT COALESCE(CAST(valid_to AS VARCHAR), 'open') FROM placements WHERE sku = 'B'"))
                .isEqualTo("open");

        // B leaves position 2 at the end of February; C takes it from March: the same file may end one and start the
        // other
        TestWarehouse.ok(w.load(
                dir,
                "placements_v3.csv",
                "store_id,fixture_id,sku,valid_from,valid_to,shelf,position,facings,capacity\n"
                        + "S1,G01,B,2026-01-05,2026-02-28,1,2,2,16\nS1,G01,C,2026-03-01,,1,2,2,12\n"));
        assertThat(w.string("SELECT CAST(valid_to AS VARCHAR) FROM placements WHERE sku = 'B'"))
                .isEqualTo("2026-02-28");
        // while B is still there, C cannot take its place
        FeedResult taken = w.load(
                dir,
                "placements_v4.csv",
                "store_id,fixture_id,sku,valid_from,shelf,position,facings,capacity\nS1,G01,C,2026-02-15,1,2,2,12\n"
                        + "S1,G01,A,2026-03-01,1,1,5,40\n",
                0.9);
        assertThat(quarantinedCodes(taken)).containsExactly("POSITION_TAKEN");
    }

    @Test
    void displaysNeedAnEndAfterTheStartAndNoOverlapForOneSkuInOneStore() throws IOException {
        FeedResult r = w.load(dir, "displays.csv", """
                store_id,sku,display_type,display_zone,start_date,end_date
                S1,A,end_cap,entrance,2026-01-10,2026-01-23
                S1,B,floor_stack,main_aisle,2026-01-10,2026-01-05
                S2,C,end_cap,entrance,2026-01-01,2026-01-14
                S2,C,promo_bay,main_aisle,2026-01-10,2026-01-20
                S2,A,gondola,entrance,2026-01-01,2026-01-14
                """, 0.9);
        assertThat(r.recordsLoaded()).isEqualTo(1);
        assertThat(quarantinedCodes(r))
                .containsExactlyInAnyOrder(
                        "END_BEFORE_START", "DISPLAY_OVERLAP", "DISPLAY_OVERLAP", "UNKNOWN_DISPLAY_TYPE");
    }

    /** The reasons' codes of the feed's quarantined rows, by line (read in Java: the test runs on either engine). */
    private List<String> quarantinedCodes(FeedResult r) {
        List<String> codes = new java.util.ArrayList<>();
        for (String reasons :
                w.strings("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' ORDER BY source_line")) {
            for (tools.jackson.databind.JsonNode reason : JSON.readTree(reasons)) {
                codes.add(reason.get("code").asString());
            }
        }
        return codes;
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private String reasons(FeedResult r) {
        return String.join(" ", quarantinedCodes(r));
    }
}
