package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.forecast.ForecastProperties;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulation read from a real warehouse: the hand-computed chain of {@link SimulatorTest} (10 a day, lead time 2,
 * orders every day, case 1, 25 on hand the day before the run) loaded as sales, snapshots and master data.
 */
class SimulationServiceTest {

    static final LocalDate FROM = LocalDate.of(2026, 3, 2);
    static final LocalDate TO = FROM.plusDays(6);

    @TempDir
    Path dir;

    Chain chain;

    @BeforeEach
    void open() {
        chain = new Chain(dir);
        chain.store("S1")
                .store("S2")
                .supplier("SUP1", 2, "MON,TUE,WED,THU,FRI,SAT,SUN", null)
                .product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 1, null, 2.5, null)
                .product("DNR", "Dairy", 5)
                .supplies("SUP1", "DNR", 1, null, 2.5, null)
                .productFlag("DNR", "do_not_reorder", true)
                .product("LOOSE", "Dairy", 5);
        for (String store : new String[] {"S1", "S2"}) {
            for (String sku : new String[] {"P1", "DNR", "LOOSE"}) {
                chain.history(store, sku, FROM.minusDays(1), Chain.constant(10, 112), 5, 25);
                for (LocalDate d = FROM; !d.isAfter(TO); d = d.plusDays(1)) {
                    chain.sale(store, sku, d, 10, 50).snapshot(store, sku, d, 50, 0, 0);
                }
            }
        }
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private SimulationService service() {
        return new SimulationService(
                chain.warehouse,
                ReplenishmentProperties.defaults(),
                ForecastProperties.defaults(false),
                ObservedLeadTimeProperties.defaults());
    }

    @Test
    void replaysTheWarehouseHistoryWithEachPolicyAndTheActualOne() {
        SimulationReport r = service().simulate(FROM, TO, null, Optional.of("S1"), 0);
        assertThat(r.from()).isEqualTo(FROM);
        assertThat(r.to()).isEqualTo(TO);
        assertThat(r.pairs()).isEqualTo(1);
        assertThat(r.excluded()).containsEntry("do not reorder", 1).containsEntry("no supplier", 1);
        assertThat(r.policies())
                .extracting(SimulationReport.PolicyResult::policy)
                .containsExactly("TRAILING_AVERAGE", "FORECAST", "ACTUAL");
        for (SimulationReport.PolicyResult p : r.policies().subList(0, 2)) {
            SimulationReport.Outcome a = p.byClass().get("A");
            assertThat(a.pairs()).isEqualTo(1);
            assertThat(a.fillRate()).isEqualTo(1.0);
            assertThat(a.averageInventoryValue()).isCloseTo(25.0, within(1e-9)); // ends 15, 5, 10 × 5 at cost 2.5
            assertThat(a.orderLines()).isEqualTo(7);
        }
        SimulationReport.Outcome actual = r.policies().get(2).byClass().get("all");
        assertThat(actual.averageInventoryValue()).isCloseTo(125.0, within(1e-9)); // 50 on hand every day
        assertThat(actual.lostSalesValue()).isZero();

        SimulationReport both = service().simulate(FROM, TO, null, Optional.empty(), 0);
        assertThat(both.pairs()).isEqualTo(2);
        assertThat(both.policies().getFirst().byClass().get("all").orderLines()).isEqualTo(14);
    }

    @Test
    void readsTheMasterDataAsOfTheTakeOverAndLeavesOutItemsStruckDuringTheRun() {
        // GONE: in force at the take-over, struck from the fourth day (two versions in products_history)
        chain.product("GONE", "Dairy", 5)
                .supplies("SUP1", "GONE", 1, null, 2.5, null)
                .history("S1", "GONE", FROM.minusDays(1), Chain.constant(10, 112), 5, 25);
        for (LocalDate d = FROM; !d.isAfter(TO); d = d.plusDays(1)) {
            chain.sale("S1", "GONE", d, 10, 50).snapshot("S1", "GONE", d, 50, 0, 0);
        }
        chain.exec(
                "INSERT INTO products_history (sku, name, category, department, unit_cost, unit_price, do_not_reorder, struck, is_placeholder,"
                        + " valid_from, valid_to) VALUES ('GONE', 'Gone', 'Dairy', 'Grocery', 2.5, 5, FALSE, FALSE, FALSE, DATE '1900-01-01', ?),"
                        + " ('GONE', 'Gone', 'Dairy', 'Grocery', 2.5, 5, FALSE, TRUE, FALSE, ?, NULL)",
                FROM.plusDays(3),
                FROM.plusDays(3));
        SimulationReport r = service().simulate(FROM, TO, null, Optional.of("S1"), 0);
        assertThat(r.pairs()).isEqualTo(1);
        assertThat(r.excluded()).containsEntry("struck or do not reorder during the run", 1);
        // ended before it was struck: replayed
        SimulationReport early = service().simulate(FROM, FROM.plusDays(2), null, Optional.of("S1"), 0);
        assertThat(early.pairs()).isEqualTo(2);
    }

    @Test
    void aWhatIfChangesThePolicyReplayed() {
        SimulationReport r = service()
                .simulate(
                        FROM,
                        TO,
                        new SimulationSettings.WhatIf(0.99, null, null, 3.0, null, null, null, 7),
                        Optional.of("S1"),
                        0);
        assertThat(r.settings().aServiceLevel()).isEqualTo(0.99);
        assertThat(r.settings().aMaxWeeksOfSupply()).isEqualTo(3.0);
        assertThat(r.policies().getFirst().byClass().get("A").orderLines()).isEqualTo(1); // an order every 7 days
    }

    @Test
    void theDefaultWarmUpStartsThePoliciesFourWeeksEarlier() {
        // 28 days before FROM the shelf held 500 (the history's snapshots): far over 2 weeks of 10 a day, so the policy
        // orders
        // nothing until it has sold down below s = 30 — 470 units later, i.e. never within the warm-up and the week
        // measured
        SimulationReport r = service().simulate(FROM, TO, null, Optional.of("S1"));
        assertThat(r.warmUpDays()).isEqualTo(28);
        SimulationReport.Outcome a = r.policies().getFirst().byClass().get("A");
        assertThat(a.orderLines()).isZero();
        assertThat(a.averageInventoryValue())
                .isCloseTo((500 - 28 * 10 - 40) * 2.5, within(1e-9)); // ends 210 .. 150, mean 180
        assertThat(a.overstockDays()).isEqualTo(1.0); // 150–210 units is over 2 weeks × 7 × 10 = 140 every day
    }

    @Test
    void datesOutsideTheHistorySayWhatToChoose() {
        assertThatThrownBy(() -> service().simulate(FROM, TO.plusDays(1), null, Optional.empty()))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("after the latest inventory snapshot " + TO)
                .hasMessageContaining("Choose --to " + TO + " or earlier")
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.BAD_PARAMETER));
        assertThatThrownBy(() -> service().simulate(LocalDate.of(2025, 9, 29), TO, null, Optional.empty()))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("No inventory snapshot on 2025-08-31");
        assertThatThrownBy(() -> service().simulate(TO, FROM, null, Optional.empty()))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("is before --from");
        assertThatThrownBy(() -> service().simulate(FROM, TO, null, Optional.of("S9")))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("for store 'S9'");
        assertThatThrownBy(() -> service()
                        .simulate(
                                FROM,
                                TO,
                                new SimulationSettings.WhatIf(1.2, null, null, null, null, null, null, null),
                                Optional.empty()))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("a-service-level must be a share between 0.5 and 1");
    }

    @Test
    void leadTimesObservedOverTheReceiptsReplaceTheConfiguredOne() {
        // SUP1 is configured with 2 days, but its five receipts of P1 before the take-over took 4, 6, 4, 6 and 5 days:
        // L = 5, σL = 1 (as the daily run of that day has them), so s = S = 10 × 6 + z·√(6·0 + 10²·1²) = 60 + 20.54.
        // From 25: day 0 ends at 15 and orders 66, arriving on day 5; day 1 ends at 5 and orders 10 (day 6); day 2
        // sells 5 of 10 and orders 5; days 3 and 4 sell nothing (position 81 ≥ 80.54); day 5 receives 66 and ends at
        // 56, ordering 10, day 6 receives 10 and ends at 56, ordering 10. Sold 45 of 70; 5 order lines.
        int[] days = {4, 6, 4, 6, 5};
        for (int i = 0; i < days.length; i++) {
            LocalDate received = FROM.minusDays(10L * (i + 1));
            chain.exec(
                    "INSERT INTO receipts (po_id, sku, store_id, supplier_id, ordered_date, received_date, business_date,"
                            + " quantity_received) VALUES (?, 'P1', 'S1', 'SUP1', ?, ?, ?, 10)",
                    "PO" + i,
                    received.minusDays(days[i]),
                    received,
                    received);
        }
        SimulationReport r = service().simulate(FROM, TO, null, Optional.of("S1"), 0);
        assertThat(r.leadTimeSources()).isEqualTo(Map.of("receipts", 1));
        for (SimulationReport.PolicyResult p : r.policies().subList(0, 2)) {
            SimulationReport.Outcome a = p.byClass().get("A");
            assertThat(a.soldUnits()).as(p.policy()).isEqualTo(45.0);
            assertThat(a.lostSalesValue()).as(p.policy()).isEqualTo(125.0);
            assertThat(a.stockOutDays()).as(p.policy()).isCloseTo(3 / 7.0, within(1e-12));
            assertThat(a.orderLines()).as(p.policy()).isEqualTo(5);
            assertThat(a.averageInventoryValue()).as(p.policy()).isCloseTo((15 + 5 + 56 + 56) * 2.5 / 7, within(1e-9));
        }
    }

    @Test
    void aReplayWhoseObservedLeadTimesLeftOutStrayReceiptsSaysSo() {
        // eight receipts of 4-6 days and one of 90 (Q1 = 4, Q3 = 6, fences -2..12): the 90-day one is left out of the
        // lead time the replay uses, as the daily run leaves it out, and the summary counts the pair apart
        int[] days = {4, 6, 4, 6, 5, 5, 4, 6, 90};
        for (int i = 0; i < days.length; i++) {
            LocalDate received = FROM.minusDays(10L * (i + 1));
            chain.exec(
                    "INSERT INTO receipts (po_id, sku, store_id, supplier_id, ordered_date, received_date, business_date,"
                            + " quantity_received) VALUES (?, 'P1', 'S1', 'SUP1', ?, ?, ?, 10)",
                    "PO" + i,
                    received.minusDays(days[i]),
                    received,
                    received);
        }
        SimulationReport r = service().simulate(FROM, TO, null, Optional.of("S1"), 0);
        assertThat(r.leadTimeSources()).isEqualTo(Map.of("receipts_outliers", 1));
    }

    @Test
    void theForecastPolicyKnowsThePromotionCalendar() {
        // SimulatorTest.theForecastPolicyOrdersForAPlannedPromotion from the warehouse: P1 sold 30 a day in a promotion
        // in every store six weeks before the run (days FROM − 42 .. FROM − 36) and sells 30 a day in one planned for
        // S1 on the run's days 2 and 3; the forecast policy forecasts them at 25.625 and loses nothing, the 28-day
        // policy loses 30 units.
        for (LocalDate d = FROM.minusDays(42); !d.isAfter(FROM.minusDays(36)); d = d.plusDays(1)) {
            chain.sale("S1", "P1", d, 20, 100);
        }
        chain.sale("S1", "P1", FROM.plusDays(2), 20, 100).sale("S1", "P1", FROM.plusDays(3), 20, 100);
        chain.exec(
                "INSERT INTO promotions (sku, store_id, start_date, end_date, kind) VALUES ('P1', '*', ?, ?, 'promotion'),"
                        + " ('P1', 'S1', ?, ?, 'promotion')",
                FROM.minusDays(42),
                FROM.minusDays(36),
                FROM.plusDays(2),
                FROM.plusDays(3));
        SimulationReport r = service().simulate(FROM, FROM.plusDays(3), null, Optional.of("S1"), 0);
        assertThat(r.promotedPairs()).isEqualTo(1);
        assertThat(r.leadTimeSources()).isEqualTo(Map.of("supplier", 1)); // no receipts: SUP1's configured 2 days
        SimulationReport.Outcome forecast = r.policies().get(1).byClass().get("A");
        assertThat(r.policies().get(1).policy()).isEqualTo("FORECAST");
        assertThat(forecast.demandUnits()).isEqualTo(80.0);
        assertThat(forecast.fillRate()).isEqualTo(1.0);
        assertThat(forecast.averageInventoryValue()).isCloseTo((15 + 5 + 22 + 2) * 2.5 / 4, within(1e-9));
        SimulationReport.Outcome trailing = r.policies().getFirst().byClass().get("A");
        assertThat(trailing.lostSalesValue()).isEqualTo(150.0);
    }
}
