package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.forecast.ForecastProperties;
import java.nio.file.Path;
import java.time.LocalDate;
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
                chain.warehouse, ReplenishmentProperties.defaults(), ForecastProperties.defaults(false));
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
}
