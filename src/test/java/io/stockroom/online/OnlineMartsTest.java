package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.model.ModelTestResult;
import io.stockroom.testdata.RetailFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e-commerce marts over the hand-worked shop of src/test/resources/online, loaded through the real ingest: every
 * expected figure below is worked out from those files (the comments show how).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineMartsTest {

    @TempDir
    static Path dataDir;

    private TestWarehouse w;
    private RetailFixture fx;
    private Map<String, FeedResult> feeds;
    private ModelRunResult built;
    private ModelRunner runner;

    @BeforeAll
    void load() {
        w = new TestWarehouse(dataDir);
        feeds = OnlineFixture.load(w.ingest, dataDir.resolve("in"));
        runner = new ModelRunner(w.warehouse);
        built = runner.rebuildAll();
        fx = new RetailFixture(w.warehouse);
    }

    @AfterAll
    void close() {
        w.close();
    }

    @Test
    void everyModelTestPasses() {
        List<ModelTestResult> failing =
                runner.test(built).stream().filter(t -> t.failingRows() > 0).toList();
        assertThat(failing).isEmpty();
    }

    @Test
    void customersComeFromTheFileAndFromTheOrdersWithRevenueAndRfm() {
        // C1: O1 10 + O4 20 + O6 5 + O8 10 = 45 over 4 orders; C2: O2 5 - CO2 5 = 0 over 1 order (the cancellation is
        // not
        // an order); C3 is in no customers file: derived from its orders O5 20 + O7 40. As of 2026-03-02: recency C1 0,
        // C2 56, C3 19 days. R = NTILE(5) by last order (3 customers who ordered: 1, 2, 3), F by orders, M = NTILE(5)
        // by
        // revenue.
        assertThat(fx.rows("""
                SELECT customer_id, source, registered_on, first_order_date, last_order_date, cohort_month, orders, revenue,
                       avg_order_value, segment, country, recency_days, r_score, f_score, m_score, rfm_segment
                FROM mart_customers ORDER BY customer_id"""))
                .containsExactly(
                        List.of(
                                "C1",
                                "file",
                                "2025-12-15",
                                "2026-01-05",
                                "2026-03-02",
                                "2026-01-01",
                                "4",
                                "45.00",
                                "11.25",
                                "VIP",
                                "United Kingdom",
                                "0",
                                "3",
                                "4",
                                "2",
                                "Loyal"),
                        List.of(
                                "C2",
                                "file",
                                "2026-01-05",
                                "2026-01-05",
                                "2026-01-05",
                                "2026-01-01",
                                "1",
                                "0.00",
                                "0.00",
                                "Retail",
                                "France",
                                "56",
                                "1",
                                "1",
                                "1",
                                "Lost"),
                        List.of(
                                "C3",
                                "orders",
                                "2026-01-06",
                                "2026-01-06",
                                "2026-02-11",
                                "2026-01-01",
                                "2",
                                "60.00",
                                "30.00",
                                "null",
                                "Germany",
                                "19",
                                "2",
                                "2",
                                "3",
                                "Lost"),
                        // C4 is registered but has not ordered: no cohort, no RFM
                        List.of(
                                "C4",
                                "file",
                                "2026-01-20",
                                "null",
                                "null",
                                "null",
                                "0",
                                "0.00",
                                "null",
                                "Retail",
                                "Spain",
                                "null",
                                "null",
                                "null",
                                "null",
                                "null"));
    }

    @Test
    void newAndReturningCustomersPerDay() {
        // 01-05: O1 C1 (new), O2 C2 (new), O3 guest; revenue 10 + 5 + 20. 01-06: O4 C1 (returning), O5 C3 (new), CO2 is
        // a
        // cancellation (no order, -5 revenue). Then one returning order a day.
        assertThat(fx.rows("""
                SELECT business_date, orders, customers, new_customers, returning_customers, guest_orders, revenue
                FROM mart_customer_daily ORDER BY business_date"""))
                .containsExactly(
                        List.of("2026-01-05", "3", "2", "2", "0", "1", "35.00"),
                        List.of("2026-01-06", "2", "2", "1", "1", "0", "35.00"),
                        List.of("2026-02-10", "1", "1", "0", "1", "0", "5.00"),
                        List.of("2026-02-11", "1", "1", "0", "1", "0", "40.00"),
                        List.of("2026-03-02", "1", "1", "0", "1", "0", "10.00"));
    }

    @Test
    void monthlyCohortRetention() {
        // the January cohort is C1, C2, C3; in February C1 and C3 order again, in March C1
        assertThat(fx.rows(
                        "SELECT cohort_month, months_since, cohort_size, active_customers, retention_pct FROM mart_customer_cohorts "
                                + "ORDER BY months_since"))
                .containsExactly(
                        List.of("2026-01-01", "0", "3", "3", "100.00"),
                        List.of("2026-01-01", "1", "3", "2", "66.67"),
                        List.of("2026-01-01", "2", "3", "1", "33.33"));
    }

    @Test
    void shipmentsKeepTheirLatestStateAndKnowWhatIsLate() {
        // as of 2026-03-02 (the last order). SH1 was shipped on day 1 and delivered 01-07 on day 2 (one row, updated);
        // SH2 delivered 01-10 after its 01-08 promise; SH4 lost (an issue, no longer open); SH5 not due until 03-05;
        // SH6 shipped, never delivered,
        // promised 02-13. Days from the order: SH1 ships in 5 h (0.21), delivers in 2 d; SH2 ships in 23 h, delivers in
        // 5 d 1 h.
        assertThat(fx.rows("""
                SELECT shipment_id, status, days_to_ship, days_to_deliver, on_time, has_issue, problem, is_open_problem
                FROM mart_shipments ORDER BY shipment_id"""))
                .containsExactly(
                        List.of("SH1", "delivered", "0.21", "2.00", "true", "false", "null", "false"),
                        List.of("SH2", "delivered", "0.96", "5.04", "false", "false", "null", "false"),
                        List.of("SH4", "lost", "0.29", "null", "false", "true", "lost_in_transit", "false"),
                        List.of("SH5", "pending", "null", "null", "null", "false", "null", "false"),
                        List.of("SH6", "shipped", "1.00", "null", "false", "false", "late", "true"));
        assertThat(w.count("SELECT COUNT(*) FROM shipments WHERE shipment_id = 'SH1'"))
                .as("the update replaced the row")
                .isEqualTo(1);
    }

    @Test
    void supportConversationsAgainstTheirFirstResponseSla() {
        // default SLA 120 min; CV3 says 15. CV1 answered in 30 (met), CV2 in 180 (breached), CV3 in 20 (breached), CV4
        // opened at
        // the latest timestamp of the feed, unanswered: no verdict yet.
        assertThat(fx.rows("""
                SELECT conversation_id, sla_minutes, first_response_minutes, resolution_minutes, sla_breached, is_open, escalated
                FROM mart_support_conversations ORDER BY conversation_id"""))
                .containsExactly(
                        List.of("CV1", "120", "30.0", "180.0", "false", "false", "false"),
                        List.of("CV2", "120", "180.0", "1440.0", "true", "false", "true"),
                        List.of("CV3", "15", "20.0", "null", "true", "true", "true"),
                        List.of("CV4", "120", "null", "null", "null", "true", "false"));
    }

    @Test
    void growthBaseLeavesDaysWithoutAFeedEmpty() {
        assertThat(fx.rows("""
                SELECT business_date, online_revenue, orders, new_customers, sessions, visitors, marketing_spend
                FROM mart_online_daily ORDER BY business_date LIMIT 2"""))
                .containsExactly(
                        List.of("2026-01-05", "35.00", "3", "2", "150", "125", "50.00"),
                        List.of("2026-01-06", "35.00", "2", "1", "null", "null", "null"));
    }

    @Test
    void receiptsGiveOnTimeFillAndLeadTimes() {
        // PO2 names no supplier: SKU1's supplier in supplier_products is SUP1
        assertThat(fx.rows("""
                SELECT po_id, sku, supplier_id, on_time, lead_time_days, promised_lead_time_days, quantity_ordered, quantity_received
                FROM mart_supplier_receipts ORDER BY po_id, sku"""))
                .containsExactly(
                        List.of("PO1", "SKU1", "SUP1", "true", "3", "3", "10.000", "10.000"),
                        List.of("PO1", "SKU2", "SUP1", "false", "5", "3", "10.000", "6.000"),
                        List.of("PO2", "SKU1", "SUP1", "true", "3", "3", "12.000", "12.000"));
    }

    @Test
    void observedLeadTimesPerSupplierAndSku() {
        // SUP1 x SKU1: PO1 3 days, PO2 3 days -> mean 3, sd 0; SUP1 x SKU2: one receipt of 5 days, no spread measured
        assertThat(
                        fx.rows(
                                "SELECT supplier_id, sku, mean_days, sd_days, receipts FROM mart_receipt_lead_times ORDER BY sku"))
                .containsExactly(
                        List.of("SUP1", "SKU1", "3.0", "0.0", "2"), List.of("SUP1", "SKU2", "5.0", "null", "1"));
    }

    @Test
    void aCostsFeedWarnsAboutProductsWithoutAnyCost() {
        // SKU1 has a unit_cost, SKU2 a row in costs, SKU3 neither
        assertThat(feeds.get("costs").summary().issues()).anySatisfy(i -> {
            assertThat(i.code()).isEqualTo("PRODUCTS_WITHOUT_COST");
            assertThat(i.type()).isEqualTo("warn");
            assertThat(i.rows()).isEqualTo(1);
            assertThat(i.message()).contains("SKU3").doesNotContain("SKU2");
        });
    }
}
