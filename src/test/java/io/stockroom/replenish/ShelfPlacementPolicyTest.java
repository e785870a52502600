package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static io.stockroom.replenish.Chain.constant;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.replenish.ReplenishmentProperties.Shelf;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placements feed the policy (issue 15, docs/replenishment.md "Shelf floor and cap"), worked by hand on the base case of
 * {@link ReplenishmentPolicyTest}: d = 10, σ = 2, L = 3, R = 4, class A, SS = 10.87, S = s = 80.87, on hand 20, case 12,
 * which orders 72 without placements.
 */
class ShelfPlacementPolicyTest {

    static final LocalDate D = ReplenishmentPolicyTest.D; // Thursday 2026-03-05

    @TempDir
    Path dir;

    Chain chain;

    @BeforeEach
    void open() {
        chain = new Chain(dir);
        chain.store("S1").supplier("SUP1", 3, "MON", null);
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, null)
                .history("S1", "P1", D, alternating(8, 12, 28), 5, 20);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private void place(
            String fixture,
            int shelf,
            int position,
            Integer facings,
            Integer capacity,
            Integer presentationMin,
            LocalDate from,
            LocalDate to) {
        chain.exec(
                "INSERT INTO placements (store_id, fixture_id, sku, valid_from, valid_to, section, shelf, position, facings, capacity, presentation_min) "
                        + "VALUES ('S1', ?, 'P1', ?, ?, 'Dairy', ?, ?, ?, ?, ?)",
                fixture,
                java.sql.Date.valueOf(from),
                to == null ? null : java.sql.Date.valueOf(to),
                shelf,
                position,
                facings,
                capacity,
                presentationMin);
    }

    private LineValues run(Shelf shelf) {
        new ReplenishmentService(
                        chain.warehouse, ReplenishmentProperties.defaults().withShelf(shelf))
                .run(D, Optional.empty());
        return chain.line(D, "S1", "P1");
    }

    @Test
    void aPlacementsPresentationMinimumRaisesTheOrderUpToLevelAndTheLineNamesThePlacement() {
        place("G01", 2, 3, 4, 120, 100, D.minusDays(10), null);
        LineValues v = run(new Shelf(1, null));
        // S2 = max(80.87, 100) = 100 = S = s; need 100 − 20 = 80 → 84 (case 12)
        assertThat(v.shelfFloor()).isEqualTo(100);
        assertThat(v.presentationMin()).isEqualTo(100);
        assertThat(v.orderUpTo()).isEqualByComparingTo("100");
        assertThat(v.finalQty()).isEqualTo(84);
        assertThat(Explanation.texts(v))
                .contains(
                        "placed on 2026-03-05: S1 G01 (section Dairy, shelf 2, position 3): presentation minimum 100, capacity 120 → presentation minimum 100, "
                                + "capacity 120 (no cap configured)",
                        "raised to the presentation minimum 100 of the placements S1 G01 (section Dairy, shelf 2, position 3): presentation minimum 100, "
                                + "capacity 120: 80.87 → 100",
                        "IP 20 < s 100 → need S − IP = 100 − 20 = 80",
                        "rounded 80 → 84 (case 12)");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void withoutAMinimumTheFloorIsFacingsTimesUnitsPerFacingSummedOverTheStoresPlacements() {
        place("G01", 2, 3, 3, 90, null, D.minusDays(10), null); // 3 facings × 20 = 60
        place("E01", 1, 1, 1, 40, 40, D.minusDays(10), null); // an end cap asking for 40
        LineValues v = run(new Shelf(20, null));
        // floor 60 + 40 = 100: S = 100, need 80 → 84
        assertThat(v.shelfFloor()).isEqualTo(100);
        assertThat(v.finalQty()).isEqualTo(84);
        assertThat(v.shelfPlacements())
                .isEqualTo("S1 E01 (section Dairy, shelf 1, position 1): presentation minimum 40, capacity 40; "
                        + "S1 G01 (section Dairy, shelf 2, position 3): 3 facings × 20 = 60, capacity 90");
        assertThat(PolicyCheck.problems(v)).isEmpty();

        // one unit per facing (the default): floor 3 + 40 = 43 < 80.87 changes nothing: 72 as without placements
        v = run(new Shelf(1, null));
        assertThat(v.shelfFloor()).isEqualTo(43);
        assertThat(v.finalQty()).isEqualTo(72);
        assertThat(Explanation.texts(v)).noneMatch(t -> t.startsWith("raised to"));
    }

    @Test
    void theShelfMinimumTriggersAnOrderOfAnItemThatSoldNothing() {
        chain.product("P2", "Dairy", 5)
                .supplies("SUP1", "P2", 12, null, 2.5, null)
                .history("S1", "P2", D, constant(0, 28), 5, 2);
        chain.exec(
                "INSERT INTO placements (store_id, fixture_id, sku, valid_from, section, shelf, position, facings, capacity) "
                        + "VALUES ('S1', 'G02', 'P2', DATE '2026-02-01', 'Dairy', 1, 4, 6, 24)");
        new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
        LineValues v = chain.line(D, "S1", "P2");
        // d = 0: S0 = 0; floor 6 facings × 1 = 6: S = s = 6; IP 2 < 6 → need 4 → 12 (case 12)
        assertThat(v.reorderPoint()).isEqualByComparingTo("6");
        assertThat(v.finalQty()).isEqualTo(12);
        assertThat(Explanation.texts(v))
                .contains(
                        "raised to the presentation minimum 6 of the placements S1 G02 (section Dairy, shelf 1, position 4): "
                                + "6 facings × 1 = 6, capacity 24: 0 → 6",
                        "IP 2 < s 6 → need S − IP = 6 − 2 = 4");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void shelfCapacityPlusTheBackRoomAllowanceCapsTheLevelAndTheRoundedOrder() {
        place("G01", 2, 3, 4, 40, 8, D.minusDays(10), null);
        // back room half a shelf: cap = 40 + 20 = 60. S = min(80.87, 60) = 60; need 40 → 48; 20 + 48 > 60 → 3 cases =
        // 36
        LineValues v = run(new Shelf(1, new BigDecimal("0.5")));
        assertThat(v.shelfCapacity()).isEqualTo(40);
        assertThat(v.shelfMax()).isEqualByComparingTo("60");
        assertThat(v.orderUpTo()).isEqualByComparingTo("60");
        assertThat(v.finalQty()).isEqualTo(36);
        String placement = "S1 G01 (section Dairy, shelf 2, position 3): presentation minimum 8, capacity 40";
        assertThat(Explanation.texts(v))
                .contains(
                        "capped at the shelf capacity 40 + back room 20 = 60 (placements " + placement
                                + "): 80.87 → 60",
                        "rounded 40 → 48 (case 12)",
                        "capped by the shelf capacity 40 + back room 20 = 60 (placements " + placement
                                + "): IP 20 + 48 > 60 → 36 (whole cases of 12)");
        assertThat(PolicyCheck.problems(v)).isEmpty();

        // the shelf alone (share 0): S = 40, need 20 → 24; 20 + 24 > 40 → 1 case = 12
        v = run(new Shelf(1, BigDecimal.ZERO));
        assertThat(v.finalQty()).isEqualTo(12);
        assertThat(PolicyCheck.problems(v)).isEmpty();

        // a lower rule max wins, and is the one named
        chain.rule("S1", "P1", null, null, 50.0, null);
        v = run(new Shelf(1, new BigDecimal("0.5")));
        assertThat(v.orderUpTo()).isEqualByComparingTo("50");
        assertThat(Explanation.texts(v)).contains("capped at the rule max 50: 80.87 → 50");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void aTopUpToTheMinimumOrderValueNeverTakesTheShelfPastItsCapacity() {
        // the order (72 × 2.50 = 180.00) is below the supplier's minimum of 500.00; the shelf holds 100 and IP 20 + 72
        // = 92 leaves no room for another case of 12, so nothing is topped up and the order keeps its flag
        chain.exec("UPDATE suppliers SET min_order_value = 500 WHERE supplier_id = 'SUP1'");
        place("G01", 2, 3, 4, 100, 8, D.minusDays(10), null);
        new ReplenishmentService(
                        chain.warehouse,
                        ReplenishmentProperties.defaults().withTopUp(true).withShelf(new Shelf(1, BigDecimal.ZERO)))
                .run(D, Optional.empty());
        LineValues v = chain.line(D, "S1", "P1");
        assertThat(v.shelfMax()).isEqualByComparingTo("100");
        assertThat(v.topUp()).isZero();
        assertThat(v.finalQty()).isEqualTo(72);
        assertThat(PolicyCheck.problems(v)).isEmpty();
        assertThat(new PurchaseOrders(chain.warehouse)
                        .get("PO-20260305-SUP1-S1")
                        .order()
                        .flags())
                .containsExactly("BELOW_MIN_ORDER_VALUE");
    }

    @Test
    void aPlacementWithoutCapacityDoesNotCap() {
        place("G01", 2, 3, 4, null, null, D.minusDays(10), null);
        LineValues v = run(new Shelf(1, BigDecimal.ZERO));
        assertThat(v.shelfMax()).isNull();
        assertThat(v.finalQty()).isEqualTo(72);
        assertThat(Explanation.texts(v)).anyMatch(t -> t.endsWith("capacity not recorded (no cap)"));
    }

    @Test
    void placementsCountAsOfTheBusinessDateWithValidToInclusive() {
        place("G01", 2, 3, 4, 120, 100, D.minusDays(10), D); // its last day is D: still on the shelf
        assertThat(run(new Shelf(1, null)).finalQty()).isEqualTo(84);

        chain.exec(
                "UPDATE placements SET valid_to = ? WHERE fixture_id = 'G01'",
                java.sql.Date.valueOf(D.minusDays(1))); // gone the day before
        LineValues v = run(new Shelf(1, null));
        assertThat(v.shelfFloor()).isNull();
        assertThat(v.finalQty()).isEqualTo(72);

        chain.exec(
                "UPDATE placements SET valid_from = ?, valid_to = NULL WHERE fixture_id = 'G01'",
                java.sql.Date.valueOf(D.plusDays(1))); // not yet
        assertThat(run(new Shelf(1, null)).finalQty()).isEqualTo(72);
    }
}
