package io.stockroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.model.ModelRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retailer whose shop sells gift wrapping under its own code (GWRAP) tells Stockroom that the code is not
 * merchandise the way it sends any master data: a non_merchandise_codes file, loaded with {@code stockroom ingest} or
 * the Data feeds upload (docs/metrics.md). There is no SQL client on the embedded warehouse to INSERT it.
 */
class RetailerNonMerchandiseCodesTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

    @TempDir
    Path dataDir;

    private TestWarehouse w;

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aCodeSentInANonMerchandiseFileLeavesNetSalesOnceTheMartsRefresh() throws Exception {
        w = new TestWarehouse(dataDir);
        TestWarehouse.ok(w.load(dataDir, "orders.csv", """
                order_id,ordered_at,customer_id,sku,quantity,unit_price
                W1,2026-03-02 10:00:00,C1,MUG,2,8.00
                W1,2026-03-02 10:00:00,C1,GWRAP,1,1.50
                W1,2026-03-02 10:00:00,C1,POST,1,3.95
                """));
        ModelRunner runner = new ModelRunner(w.warehouse);
        runner.rebuildAll();
        MetricsService metrics = TestMetrics.over(w.warehouse, new Marts(w.warehouse, runner));
        DashboardFilter day = new DashboardFilter("custom", DAY, DAY, null, null, null, null, null);
        // the shipped list knows POST, not the shop's GWRAP: 2 x 8.00 + 1.50
        assertThat(metrics.kpi(day).kpis().netSales().value()).isEqualByComparingTo("17.50");

        FeedResult codes = TestWarehouse.ok(w.load(dataDir, "non_merchandise_codes.csv", """
                code,kind,description
                GWRAP,fee,Gift wrapping
                """));
        assertThat(codes.recordsLoaded()).isEqualTo(1);
        // a kind the marts do not know is refused, naming the kinds there are
        FeedResult unknownKind = w.load(dataDir, "non_merchandise_codes.csv", """
                code,kind,description
                XMAS,discount,Christmas promotion
                """);
        assertThat(unknownKind.summary().issues())
                .anyMatch(i -> i.code().equals("UNKNOWN_NON_MERCHANDISE_KIND")
                        && i.message().contains("postage, fee, adjustment, voucher, test"));
        // the refresh after a load: the code list is a dimension of the sales marts, a change recomputes them
        runner.refresh(Set.of());

        assertThat(metrics.kpi(day).kpis().netSales().value()).isEqualByComparingTo("16.00");
        assertThat(metrics.kpi(day).kpis().units().value()).isEqualByComparingTo("2");
        assertThat(
                        w.string(
                                "SELECT kind || ' ' || CAST(value AS VARCHAR) FROM mart_non_merchandise_daily WHERE code = 'GWRAP'"))
                .isEqualTo("fee 1.50");
        // the shipped codes stay: a master file adds and updates codes, it does not replace the list
        assertThat(w.count("SELECT COUNT(*) FROM non_merchandise_codes WHERE code IN ('POST', 'GWRAP')"))
                .isEqualTo(2);
        assertThat(w.count("SELECT COUNT(*) FROM non_merchandise_codes WHERE code = 'XMAS'"))
                .isZero();
    }
}
