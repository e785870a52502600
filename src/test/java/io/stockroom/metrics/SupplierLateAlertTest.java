package io.stockroom.metrics;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aSnapshot;
import static io.stockroom.testdata.RetailFixture.aStore;
import static io.stockroom.testdata.RetailFixture.aSupplier;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.metrics.InventoryViews.Alert;
import io.stockroom.metrics.InventoryViews.AlertPage;
import io.stockroom.metrics.InventoryViews.CauseSummary;
import io.stockroom.model.ModelRunner;
import io.stockroom.security.AuditTrail;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supplier_late alert cause (issue 12), worked by hand. Store S1, supplier SUP1 with a 5-day lead time for A, B and C;
 * every day of the 28 up to D, A sells 4 units (price 5.00), B 2 (8.00), C 1 (3.00). Snapshots on D − 5 and D:
 * <ul>
 *   <li>A: 40 on order on D − 5 and still 40 on order on D, 6 on hand: the order should have arrived (a lead time has
 *       passed) → <b>supplier_late</b>; cover 6 / 4 = 1.5 days of the 5: 4 × 5.00 × (5 − 1.5) = <b>70.00</b> at risk</li>
 *   <li>B: nothing on order on D − 5, 24 on order on D (ordered since), 4 on hand → on_order; cover 2 days:
 *       2 × 8.00 × 3 = 48.00</li>
 *   <li>C: out of stock, nothing on order → no_order_placed; cover 0: 1 × 3.00 × 5 = 15.00</li>
 * </ul>
 */
class SupplierLateAlertTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private InventoryService inventory;

    @BeforeEach
    void chain() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        RetailFixture fx = new RetailFixture(warehouse);
        ModelRunner runner = new ModelRunner(warehouse);
        fx.add(
                aStore("S1").inArea("North"),
                aProduct("A").named("Crisps").in("Food", "Snacks").cost(2.00).price(5.00),
                aProduct("B").named("Cola").in("Food", "Drinks").cost(3.00).price(8.00),
                aProduct("C").named("Candle").in("Home", "Candles").cost(1.00).price(3.00),
                aSupplier("SUP1").leadTime(5).supplies("A", "B", "C"));
        List<RetailFixture.Row> rows = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            rows.add(aSale().atStore("S1")
                    .forSku("A")
                    .on(D.minusDays(i))
                    .units(4)
                    .value(20.00));
            rows.add(aSale().atStore("S1")
                    .forSku("B")
                    .on(D.minusDays(i))
                    .units(2)
                    .value(16.00));
            rows.add(aSale().atStore("S1")
                    .forSku("C")
                    .on(D.minusDays(i))
                    .units(1)
                    .value(3.00));
        }
        rows.add(aSnapshot()
                .atStore("S1")
                .forSku("A")
                .on(D.minusDays(5))
                .onHand(30)
                .onOrder(40));
        rows.add(aSnapshot().atStore("S1").forSku("A").on(D).onHand(6).onOrder(40));
        rows.add(aSnapshot()
                .atStore("S1")
                .forSku("B")
                .on(D.minusDays(5))
                .onHand(14)
                .onOrder(0));
        rows.add(aSnapshot().atStore("S1").forSku("B").on(D).onHand(4).onOrder(24));
        rows.add(aSnapshot()
                .atStore("S1")
                .forSku("C")
                .on(D.minusDays(5))
                .onHand(5)
                .onOrder(0));
        rows.add(aSnapshot().atStore("S1").forSku("C").on(D).onHand(0).onOrder(0));
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        runner.rebuildAll();
        inventory =
                new InventoryService(new Marts(warehouse, runner), new AuditTrail(warehouse), java.time.ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void aLateSuppliersOrderGroupsItsAlertUnderSupplierLateWithTheMoneyAtRisk() {
        AlertPage page = inventory.alerts(D, "S1", null, null, null, null, null, null);
        assertThat(page.byCause())
                .extracting(CauseSummary::cause)
                .containsExactly("supplier_late", "on_order", "no_order_placed");
        CauseSummary late = page.byCause().get(0);
        assertThat(late.alerts()).isEqualTo(1);
        assertThat(late.moneyAtRisk()).isEqualByComparingTo("70.00");
        assertThat(page.byCause().get(1).moneyAtRisk()).isEqualByComparingTo("48.00");
        assertThat(page.byCause().get(2).moneyAtRisk()).isEqualByComparingTo("15.00");

        // the late supplier's item is the first to act on: the most money at risk
        Alert first = page.items().get(0);
        assertThat(first.sku()).isEqualTo("A");
        assertThat(first.alertType()).isEqualTo("LOW_STOCK");
        assertThat(first.daysOfCover()).isEqualByComparingTo("1.5");
        assertThat(first.moneyAtRisk()).isEqualByComparingTo("70.00");
        assertThat(first.cause()).isEqualTo("supplier_late");

        AlertPage onlyLate = inventory.alerts(D, "S1", null, null, null, null, "supplier_late", null, null);
        assertThat(onlyLate.total()).isEqualTo(1);
        assertThat(onlyLate.items()).extracting(Alert::sku).containsExactly("A");
    }

    @Test
    void anOrderPlacedWithinTheLeadTimeIsOnItsWayNotLate() {
        // the same order, placed only 3 days ago: not yet due, so A's alert is on_order
        warehouse.withConnection(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate(
                        "UPDATE inventory SET on_order = 0 WHERE sku = 'A' AND business_date = DATE '2026-03-04'");
            }
            return null;
        });
        new ModelRunner(warehouse).rebuildAll();
        AlertPage page = inventory.alerts(D, "S1", null, null, null, null, "supplier_late", null, null);
        assertThat(page.total()).isZero();
        assertThat(inventory.alerts(D, "S1", null, null, null, null, null, null).byCause())
                .filteredOn(c -> c.cause().equals("on_order"))
                .singleElement()
                .satisfies(c -> assertThat(c.moneyAtRisk()).isEqualByComparingTo("118.00")); // 70.00 + 48.00
    }
}
