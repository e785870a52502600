package io.stockroom.metrics;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.model.ModelRunner;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gross margin when some sold products have no unit cost: the margin in money covers only the costed sales, so the
 * card says what share of net sales it covers instead of reading as the whole margin.
 */
class GrossMarginCoverageTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private MetricsService metrics;

    @BeforeEach
    void seed() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        ModelRunner runner = new ModelRunner(warehouse);
        new RetailFixture(warehouse)
                .add(
                        aStore("S1").inArea("North"),
                        aProduct("A").in("Food", "Snacks").cost(1.00),
                        aProduct("B").in("Food", "Drinks").noCost(),
                        aSale().atStore("S1").forSku("A").on(D).units(10).value(50.00),
                        aSale().atStore("S1").forSku("B").on(D).units(10).value(150.00));
        runner.rebuildAll();
        metrics = TestMetrics.over(warehouse, new Marts(warehouse, runner));
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void aMarginOverPartOfTheSalesSaysWhichShareItCovers() {
        KpiReport.Kpis k = metrics.kpi(new DashboardFilter("custom", D, D, null, null, null, null, null))
                .kpis();

        // A: 50.00 - 10 x 1.00 = 40.00 of margin; B (150.00) has no cost, so the margin covers 50 of 200 = 25 %
        assertThat(k.grossMargin().value()).isEqualByComparingTo("40.00");
        assertThat(k.grossMargin().coveragePct()).isEqualByComparingTo("25.00");
        assertThat(k.grossMargin().note()).contains("no unit cost");
        assertThat(k.grossMarginPct().value()).isEqualByComparingTo("80.00");
        assertThat(k.grossMarginPct().coveragePct()).isEqualByComparingTo("25.00");
        // fully costed sales carry no coverage
        assertThat(metrics.kpi(new DashboardFilter("custom", D, D, null, null, null, "Snacks", null))
                        .kpis()
                        .grossMargin()
                        .coveragePct())
                .isNull();
    }
}
