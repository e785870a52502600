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
 * A gift voucher sold is money held for a later sale, not merchandise sold: the UCI Online Retail file (CC BY 4.0,
 * Daqing Chen 2015, UCI Machine Learning Repository) sells its vouchers as codes gift_0001_10 .. gift_0001_50 inside
 * ordinary invoices (invoice 539492, lines unmodified).
 */
class GiftVoucherLinesTest {

    private static final LocalDate DAY = LocalDate.of(2010, 12, 20);

    @TempDir
    Path dataDir;

    private TestWarehouse w;

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aVoucherSoldIsNamedOnTheFeedAndLeftOutOfNetSales() throws Exception {
        w = new TestWarehouse(dataDir);
        FeedResult feed = TestWarehouse.ok(w.load(dataDir, "online_retail_539492.csv", """
                InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                539492,10135,COLOURING PENCILS BROWN TUBE,1,2010-12-20 10:14:00,2.51,,United Kingdom
                539492,15034,PAPER POCKET TRAVELING FAN ,2,2010-12-20 10:14:00,0.85,,United Kingdom
                539492,gift_0001_40,Dotcomgiftshop Gift Voucher £40.00,1,2010-12-20 10:14:00,34.04,,United Kingdom
                """));
        assertThat(feed.summary().issues()).anyMatch(i -> i.code().equals("NON_MERCHANDISE_LINE") && i.rows() == 1);
        ModelRunner runner = new ModelRunner(w.warehouse);
        runner.rebuildAll();
        MetricsService metrics = TestMetrics.over(w.warehouse, new Marts(w.warehouse, runner));

        KpiReport.Kpis k = metrics.kpi(new DashboardFilter("custom", DAY, DAY, null, null, null, null, null))
                .kpis();

        // 2.51 + 2 x 0.85, without the voucher's 34.04
        assertThat(k.netSales().value()).isEqualByComparingTo("4.21");
        assertThat(k.units().value()).isEqualByComparingTo("3");
        assertThat(w.string(
                        "SELECT CAST(SUM(value) AS VARCHAR) FROM mart_non_merchandise_daily WHERE kind = 'voucher'"))
                .isEqualTo("34.04");
    }
}
