package io.stockroom.metrics;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aSnapshot;
import static io.stockroom.testdata.RetailFixture.aStore;
import static io.stockroom.testdata.RetailFixture.aSupplier;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.metrics.InventoryViews.Alert;
import io.stockroom.metrics.InventoryViews.AlertPage;
import io.stockroom.model.ModelRunner;
import io.stockroom.security.AuditTrail;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Inventory page's cause cards add up the money at risk of the alerts listed under them, cent for cent: two
 * out-of-stock products each sell 10 units in 28 days (0.3571 a day) at 1.00 with a 5-day lead time, so each has
 * 1.7855 at risk, listed as 1.79; their card says 3.58, the sum of what the list shows, not 3.57.
 */
class AlertTotalsTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private InventoryService inventory;

    @BeforeEach
    void chain() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        ModelRunner runner = new ModelRunner(warehouse);
        List<RetailFixture.Row> rows = new ArrayList<>(List.of(
                aStore("S1").inArea("North"),
                aProduct("X").in("Home", "Candles").cost(0.40).price(1.00),
                aProduct("Y").in("Home", "Candles").cost(0.40).price(1.00),
                aSupplier("SUP1").leadTime(5).supplies("X", "Y")));
        for (int i = 0; i < 10; i++) {
            rows.add(aSale().atStore("S1")
                    .forSku("X")
                    .on(D.minusDays(i))
                    .units(1)
                    .value(1.00));
            rows.add(aSale().atStore("S1")
                    .forSku("Y")
                    .on(D.minusDays(i))
                    .units(1)
                    .value(1.00));
        }
        rows.add(aSnapshot().atStore("S1").forSku("X").on(D).onHand(0).onOrder(0));
        rows.add(aSnapshot().atStore("S1").forSku("Y").on(D).onHand(0).onOrder(0));
        new RetailFixture(warehouse).add(rows.toArray(RetailFixture.Row[]::new));
        runner.rebuildAll();
        inventory =
                new InventoryService(new Marts(warehouse, runner), new AuditTrail(warehouse), java.time.ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void aCausesMoneyAtRiskIsTheSumOfItsListedAlerts() {
        AlertPage page = inventory.alerts(D, "S1", null, null, null, null, null, null);

        assertThat(page.items())
                .extracting(Alert::moneyAtRisk)
                .allSatisfy(m -> assertThat(m).isEqualByComparingTo("1.79"));
        BigDecimal listed = page.items().stream().map(Alert::moneyAtRisk).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(page.byCause()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo("no_order_placed");
            assertThat(c.moneyAtRisk()).isEqualByComparingTo(listed).isEqualByComparingTo("3.58");
        });
    }
}
