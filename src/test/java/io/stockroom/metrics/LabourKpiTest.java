package io.stockroom.metrics;

import static io.stockroom.testdata.RetailFixture.aLabourDay;
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
 * Sales per labour hour and labour % of sales over a range in which one day's sales feed failed while its labour
 * arrived: that day's hours have no sales to set against them, so they are left out, never counted as a $0 day.
 */
class LabourKpiTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private MetricsService metrics;

    @BeforeEach
    void seed() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        RetailFixture fx = new RetailFixture(warehouse);
        ModelRunner runner = new ModelRunner(warehouse);
        // S1 works 10 hours (cost 100.00) on each of three days; the middle day's sales never loaded
        fx.add(
                aStore("S1").inArea("North"),
                aSale().atStore("S1")
                        .storeLevel()
                        .on(D.minusDays(2))
                        .value(1000.00)
                        .transactions(40),
                aSale().atStore("S1").storeLevel().on(D).value(500.00).transactions(20),
                aLabourDay().atStore("S1").on(D.minusDays(2)).hours(10).cost(100.00),
                aLabourDay().atStore("S1").on(D.minusDays(1)).hours(10).cost(100.00),
                aLabourDay().atStore("S1").on(D).hours(10).cost(100.00));
        runner.rebuildAll();
        metrics = TestMetrics.over(warehouse, new Marts(warehouse, runner));
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void aDayWithLabourButNoSalesLoadedIsLeftOutOfTheLabourRatiosAndSaidSo() {
        KpiReport report = metrics.kpi(new DashboardFilter("custom", D.minusDays(2), D, "S1", null, null, null, null));

        // 1,500.00 of sales over the 20 hours of the two days that have sales (not 30 hours): 75.00 an hour; labour
        // 200.00 of 1,500.00 = 13.33 %
        KpiReport.Kpi perHour = report.kpis().salesPerLabourHour();
        assertThat(perHour.value()).isEqualByComparingTo("75.00");
        assertThat(report.kpis().labourPctOfSales().value()).isEqualByComparingTo("13.33");
        assertThat(perHour.note()).contains("1 store-day").contains("no sales loaded");
        assertThat(report.kpis().labourPctOfSales().note()).contains("1 store-day");
    }

    @Test
    void theHoursAndCostWorkedAreTheLabourFeedsOwnFigures() {
        // the Stores page's "Hours worked" and "Labour cost": summed from the labour feed, every day with labour (the
        // day without sales too), never worked back from the rounded ratios
        KpiReport.Kpis k = metrics.kpi(new DashboardFilter("custom", D.minusDays(2), D, "S1", null, null, null, null))
                .kpis();
        assertThat(k.labourHours().value()).isEqualByComparingTo("30");
        assertThat(k.labourCost().value()).isEqualByComparingTo("300.00");
        assertThat(metrics.kpi(new DashboardFilter("custom", D, D, "S1", null, "Food", null, null))
                        .kpis()
                        .labourCost()
                        .note())
                .startsWith("Not available with a department");
    }
}
