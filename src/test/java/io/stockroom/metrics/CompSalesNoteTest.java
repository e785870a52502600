package io.stockroom.metrics;

import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.model.ModelRunner;
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
 * Comp sales under a channel filter the comp stores do not sell in: not available, and the card says why, rather than
 * a bare dash.
 */
class CompSalesNoteTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private MetricsService metrics;

    @BeforeEach
    void seed() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        ModelRunner runner = new ModelRunner(warehouse);
        // S1 (open since 2020) sells in its shop; S9, opened a month ago, only online
        List<RetailFixture.Row> rows = new ArrayList<>(List.of(
                aStore("S1").inArea("North").openedOn(LocalDate.of(2020, 1, 1)),
                aStore("S9").inArea("North").openedOn(D.minusDays(30))));
        for (int i = 0; i < 14; i++) {
            rows.add(aSale().atStore("S1").storeLevel().on(D.minusDays(i)).value(100.00));
            rows.add(aSale().atStore("S9")
                    .storeLevel()
                    .channel("online")
                    .on(D.minusDays(i))
                    .value(10.00));
        }
        new RetailFixture(warehouse).add(rows.toArray(RetailFixture.Row[]::new));
        runner.rebuildAll();
        metrics = TestMetrics.over(warehouse, new Marts(warehouse, runner));
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void compSalesWithoutAnySaleOfTheCompStoresInTheSelectionSaysWhy() {
        KpiReport report = metrics.kpi(new DashboardFilter(
                "last_7_days", null, null, null, null, null, null, null, "online", "previous_period"));

        assertThat(report.kpis().netSales().value()).isEqualByComparingTo("70.00");
        assertThat(report.comp().stores()).isEqualTo(1);
        assertThat(report.kpis().compSales().value()).isNull();
        assertThat(report.kpis().compSales().note()).startsWith("Not available").contains("no sales in this selection");
    }
}
