package io.stockroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.model.ModelRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed flags a non-merchandise code whatever its case, so the dashboards leave it out whatever its case too: the
 * UCI Online Retail file (CC BY 4.0, Daqing Chen 2015, UCI Machine Learning Repository) writes its manual adjustment
 * 'M' once as 'm' (invoice 539736, lines unmodified).
 */
class NonMerchandiseCodeCaseTest {

    private static final LocalDate DAY = LocalDate.of(2010, 12, 21);

    @TempDir
    Path dataDir;

    private TestWarehouse w;

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aLowercaseManualLineIsNotSales() throws Exception {
        w = new TestWarehouse(dataDir);
        FeedResult feed = TestWarehouse.ok(w.load(dataDir, "online_retail_539736.csv", """
                InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                539736,21035,SET/2 RED RETROSPOT TEA TOWELS ,1,2010-12-21 15:18:00,5.91,,United Kingdom
                539736,21041,RED RETROSPOT OVEN GLOVE DOUBLE,2,2010-12-21 15:18:00,5.91,,United Kingdom
                539736,21116,OWL DOORSTOP,1,2010-12-21 15:18:00,8.47,,United Kingdom
                539736,m,Manual,1,2010-12-21 15:18:00,2.55,,United Kingdom
                """));
        assertThat(feed.summary().issues()).anyMatch(i -> i.code().equals("NON_MERCHANDISE_LINE") && i.rows() == 1);
        ModelRunner runner = new ModelRunner(w.warehouse);
        runner.rebuildAll();
        MetricsService metrics = TestMetrics.over(w.warehouse, new Marts(w.warehouse, runner));

        KpiReport.Kpis k = metrics.kpi(new DashboardFilter("custom", DAY, DAY, null, null, null, null, null))
                .kpis();

        // 5.91 + 2 x 5.91 + 8.47, without the manual line's 2.55
        assertThat(k.netSales().value()).isEqualByComparingTo("26.20");
        assertThat(k.units().value()).isEqualByComparingTo("4");
        assertThat(w.count("SELECT SUM(lines) FROM mart_non_merchandise_daily WHERE kind = 'adjustment'"))
                .isEqualTo(1);
    }
}
