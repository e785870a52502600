package io.stockroom.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.ingest.IngestService;
import io.stockroom.model.ModelRunner;
import io.stockroom.online.OnlineFixture;
import io.stockroom.security.Actor;
import io.stockroom.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The online analytics API over the hand-worked shop of src/test/resources/online (loaded through the real ingest and
 * models). Every expected number is worked out from those files in the comment above it.
 */
@WithItsOwnApplication
@SpringBootTest
class OnlineApiTest {

    static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("stockroom-online-api");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
    }

    @Autowired
    org.springframework.web.context.WebApplicationContext context;

    @Autowired
    IngestService ingest;

    @Autowired
    ModelRunner models;

    MockMvc mvc;
    private static boolean loaded;

    static RequestPostProcessor as(String name, Role role, Set<String> stores) {
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(name)
                .authorities(Actor.authorities(Set.of(role), stores, Set.of()));
    }

    @BeforeEach
    void load() {
        mvc = org.springframework.test.web.servlet.setup.MockMvcBuilders.webAppContextSetup(context)
                .apply(org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity())
                .defaultRequest(get("/").with(as("exec", Role.EXECUTIVE, Set.of())))
                .build();
        synchronized (OnlineApiTest.class) {
            if (!loaded) {
                OnlineFixture.load(ingest, DATA_DIR.resolve("in"));
                models.rebuildAll();
                loaded = true;
            }
        }
    }

    @Test
    void customersNewReturningRepeatRateLifetimeValueAndSegments() throws Exception {
        // 8 orders (O1..O8; CO2 is a cancellation), O3 a guest; revenue 35 + 35 + 5 + 40 + 10. C1, C2, C3 all first
        // order in
        // January. Repeat: C1 (4 orders) and C3 (2) of 3 = 66.67 %. Lifetime value (45 + 0 + 60) / 3 = 35.
        mvc.perform(get("/api/v1/online/customers").param("from", "2026-01-01").param("to", "2026-03-02"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totals.unique_customers").value(3))
                .andExpect(jsonPath("$.totals.new_customers").value(3))
                .andExpect(jsonPath("$.totals.returning_customers").value(0))
                .andExpect(jsonPath("$.totals.orders").value(8))
                .andExpect(jsonPath("$.totals.guest_orders").value(1))
                .andExpect(jsonPath("$.totals.revenue").value(125.00))
                .andExpect(jsonPath("$.totals.repeat_rate_pct.value").value(66.67))
                .andExpect(jsonPath("$.totals.avg_lifetime_value.value").value(35.00))
                .andExpect(jsonPath("$.daily.length()").value(5))
                .andExpect(jsonPath("$.daily[1].new_customers").value(1))
                .andExpect(jsonPath("$.daily[1].returning_customers").value(1))
                .andExpect(jsonPath("$.rfm_segments[0].segment").value("Lost"))
                .andExpect(jsonPath("$.rfm_segments[0].customers").value(2))
                .andExpect(jsonPath("$.rfm_segments[0].revenue").value(60.00))
                .andExpect(jsonPath("$.rfm_segments[1].segment").value("Loyal"))
                .andExpect(jsonPath("$.retailer_segments[0].segment").value("VIP"))
                .andExpect(jsonPath("$.retailer_segments[0].revenue").value(45.00))
                .andExpect(jsonPath("$.top_customers[0].customer_id").value("C3"))
                .andExpect(jsonPath("$.top_customers[0].segment").value(nullValue()))
                .andExpect(jsonPath("$.top_customers[1].customer_id").value("C1"));
        // February: C1 and C3 order again; nobody is new
        mvc.perform(get("/api/v1/online/customers").param("from", "2026-02-01").param("to", "2026-02-28"))
                .andExpect(jsonPath("$.totals.unique_customers").value(2))
                .andExpect(jsonPath("$.totals.new_customers").value(0))
                .andExpect(jsonPath("$.totals.returning_customers").value(2))
                .andExpect(jsonPath("$.totals.revenue").value(45.00));
    }

    @Test
    void aPastPeriodsRepeatRateAndLifetimeValueAreAsOfItsEndNotChangedByLaterOrders() throws Exception {
        // By 01-31: C1 has O1 and O4 (10 + 20), C2 has O2 cancelled by CO2 (5 - 5), C3 has O5 (20). Repeat: C1 of 3 =
        // 33.33 %; lifetime value (30 + 0 + 20) / 3 = 16.67. O6, O7 and O8 (February, March) do not count for January.
        mvc.perform(get("/api/v1/online/customers").param("from", "2026-01-01").param("to", "2026-01-31"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totals.customers_all_time").value(3))
                .andExpect(jsonPath("$.totals.repeat_rate_pct.value").value(33.33))
                .andExpect(jsonPath("$.totals.avg_lifetime_value.value").value(16.67));
        // A period before any order has neither figure, with the reason
        mvc.perform(get("/api/v1/online/customers").param("from", "2025-12-01").param("to", "2025-12-31"))
                .andExpect(jsonPath("$.totals.repeat_rate_pct.value").value(nullValue()))
                .andExpect(jsonPath("$.totals.repeat_rate_pct.unavailable").value(containsString("2025-12-31")));
    }

    @Test
    void cohortRetention() throws Exception {
        mvc.perform(get("/api/v1/online/cohorts"))
                .andExpect(jsonPath("$.cohorts.length()").value(1))
                .andExpect(jsonPath("$.cohorts[0].cohort_month").value("2026-01-01"))
                .andExpect(jsonPath("$.cohorts[0].cohort_size").value(3))
                .andExpect(jsonPath("$.cohorts[0].months[1].retention_pct").value(66.67))
                .andExpect(jsonPath("$.cohorts[0].months[2].active_customers").value(1));
    }

    @Test
    void fulfilmentOnTimeDaysToShipCarriersAndOpenProblems() throws Exception {
        // due: SH1 (on time), SH2 (late), SH4 (lost), SH6 (never delivered); SH5 is not due. 1 of 4 = 25 %.
        // days to ship 0.21, 0.29, 0.96, 1.00: median 0.625, p90 0.96 + 0.7 x 0.04. To deliver 2.00 and 5.04.
        mvc.perform(get("/api/v1/online/fulfilment").param("from", "2026-01-01").param("to", "2026-03-31"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.as_of").value("2026-03-02"))
                .andExpect(jsonPath("$.shipments").value(5))
                .andExpect(jsonPath("$.due").value(4))
                .andExpect(jsonPath("$.on_time").value(1))
                .andExpect(jsonPath("$.on_time_pct.value").value(25.00))
                .andExpect(jsonPath("$.sla_breaches").value(3))
                .andExpect(jsonPath("$.days_to_ship.median").value(0.63))
                .andExpect(jsonPath("$.days_to_ship.p90").value(0.99))
                .andExpect(jsonPath("$.days_to_ship.measured").value(4))
                .andExpect(jsonPath("$.days_to_deliver.median").value(3.52))
                .andExpect(jsonPath("$.by_carrier[0].carrier").value("DPD"))
                .andExpect(jsonPath("$.by_carrier[0].late").value(2))
                .andExpect(jsonPath("$.by_carrier[0].issues").value(1))
                .andExpect(jsonPath("$.by_carrier[2].carrier").value("Royal Mail"))
                .andExpect(jsonPath("$.by_carrier[2].on_time_pct").value(100.00))
                .andExpect(jsonPath("$.issues_by_type[0].key").value("late"))
                .andExpect(jsonPath("$.issues_by_type[1].key").value("lost_in_transit"))
                // SH4 is lost: an issue, but nothing is under way any more; SH6 is still travelling 17 days after its
                // promise
                .andExpect(jsonPath("$.open_problems.length()").value(1))
                .andExpect(jsonPath("$.open_problems[0].shipment_id").value("SH6"))
                .andExpect(jsonPath("$.open_problems[0].days_overdue").value(17))
                .andExpect(jsonPath("$.open_problems[0].problem").value("late"));
    }

    @Test
    void customerServiceSlaResponseAndResolutionTimes() throws Exception {
        // first responses 20, 30, 180 min: median 30, p90 30 + 0.8 x 150, p95 30 + 0.9 x 150; breaches CV2 (180 > 120)
        // and
        // CV3 (20 > its own 15) of the 3 with a verdict. Resolutions 180 and 1440.
        mvc.perform(get("/api/v1/online/service").param("from", "2026-01-01").param("to", "2026-03-02"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.conversations").value(4))
                .andExpect(jsonPath("$.open").value(2))
                .andExpect(jsonPath("$.with_sla_verdict").value(3))
                .andExpect(jsonPath("$.sla_breaches").value(2))
                .andExpect(jsonPath("$.sla_breach_pct.value").value(66.67))
                .andExpect(jsonPath("$.first_response_minutes.median").value(30.00))
                .andExpect(jsonPath("$.first_response_minutes.p90").value(150.00))
                .andExpect(jsonPath("$.first_response_minutes.p95").value(165.00))
                .andExpect(jsonPath("$.resolution_minutes.median").value(810.00))
                .andExpect(jsonPath("$.resolution_minutes.p95").value(1377.00))
                .andExpect(jsonPath("$.open_escalations_by_priority.length()").value(1))
                .andExpect(jsonPath("$.open_escalations_by_priority[0].key").value("urgent"))
                .andExpect(jsonPath("$.sentiment.length()").value(4))
                .andExpect(jsonPath("$.last7_days.conversations").value(1))
                .andExpect(jsonPath("$.last7_days.sla_breach_pct.value").value(nullValue()))
                .andExpect(jsonPath("$.last7_days.sla_breach_pct.unavailable").value(containsString("not available")));
    }

    @Test
    void growthWithAndWithoutTheSessionAndSpendFeeds() throws Exception {
        // January: 70 online; sessions only on 01-05 (150) when 3 orders were placed: 2 %; spend 50 that day, 2 new
        // customers: CAC 25. The 12 months to 03-02 hold 125 of the 10M target.
        mvc.perform(get("/api/v1/online/growth").param("from", "2026-01-01").param("to", "2026-03-02"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.monthly.length()").value(3))
                .andExpect(jsonPath("$.monthly[0].revenue").value(70.00))
                .andExpect(jsonPath("$.monthly[0].conversion_rate_pct").value(2.00))
                .andExpect(jsonPath("$.monthly[0].customer_acquisition_cost").value(25.00))
                .andExpect(jsonPath("$.monthly[1].sessions").value(nullValue()))
                .andExpect(jsonPath("$.monthly[1].customer_acquisition_cost").value(nullValue()))
                .andExpect(jsonPath("$.conversion_rate_pct.value").value(2.00))
                .andExpect(jsonPath("$.customer_acquisition_cost.value").value(25.00))
                .andExpect(jsonPath("$.trailing12_month_revenue").value(125.00))
                .andExpect(jsonPath("$.months_covered").value(3))
                .andExpect(jsonPath("$.milestones[0].reached").value(false))
                .andExpect(jsonPath("$.wow_growth_pct.value").value(nullValue()))
                .andExpect(jsonPath("$.wow_growth_pct.unavailable").value(containsString("not available")));
        // February has neither feed: both say so instead of a 0
        mvc.perform(get("/api/v1/online/growth").param("from", "2026-02-01").param("to", "2026-02-28"))
                .andExpect(jsonPath("$.conversion_rate_pct.value").value(nullValue()))
                .andExpect(jsonPath("$.conversion_rate_pct.unavailable").value(containsString("no web_sessions feed")))
                .andExpect(jsonPath("$.customer_acquisition_cost.value").value(nullValue()))
                .andExpect(jsonPath("$.customer_acquisition_cost.unavailable")
                        .value(containsString("no marketing_spend feed")));
    }

    @Test
    void salesPulseAndSupplierPerformance() throws Exception {
        // 125 over 8 orders = 15.625; SKU2 sells 20 + 20 + 40, SKU1 10 + 5 + 20 - 5 + 5 + 10
        mvc.perform(get("/api/v1/online/pulse").param("from", "2026-01-01").param("to", "2026-03-02"))
                .andExpect(jsonPath("$.revenue").value(125.00))
                .andExpect(jsonPath("$.orders").value(8))
                .andExpect(jsonPath("$.average_order_value.value").value(15.63))
                .andExpect(jsonPath("$.fulfilment_on_time_pct.value").value(25.00))
                .andExpect(jsonPath("$.top_skus[0].sku").value("SKU2"))
                .andExpect(jsonPath("$.top_skus[0].revenue").value(80.00))
                .andExpect(jsonPath("$.top_skus[1].units").value(9));
        // PO1 SKU1 on time 10/10, PO1 SKU2 late 6/10, PO2 on time 12/12: 2 of 3 on time, 28 of 32 received, lead 11/3
        // days
        mvc.perform(get("/api/v1/online/suppliers").param("from", "2026-01-01").param("to", "2026-01-31"))
                .andExpect(jsonPath("$.suppliers[0].supplier_id").value("SUP1"))
                .andExpect(jsonPath("$.suppliers[0].name").value("Supplier One"))
                .andExpect(jsonPath("$.suppliers[0].receipt_lines").value(3))
                .andExpect(jsonPath("$.suppliers[0].on_time_pct").value(66.67))
                .andExpect(jsonPath("$.suppliers[0].fill_rate_pct").value(87.50))
                .andExpect(jsonPath("$.suppliers[0].avg_lead_time_days").value(3.7))
                .andExpect(
                        jsonPath("$.suppliers[0].avg_promised_lead_time_days").value(3.0));
    }

    @Test
    void gdprCoversTheCustomerMasterAndClearsItsPersonalFieldsInTheWarehouseAndTheRawFile() throws Exception {
        RequestPostProcessor admin = as("admin", Role.ADMIN, Set.of());
        mvc.perform(get("/api/v1/privacy/customers/C4").with(admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.records.customers[0].email").value("c4@example.com"))
                .andExpect(jsonPath("$.personal_fields")
                        .value(org.hamcrest.Matchers.hasItems("customers.email", "customers.name", "customers.phone")))
                .andExpect(jsonPath("$.raw_files.length()").value(1));
        mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                        "/api/v1/privacy/customers/C4/erase")
                                .with(admin)
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.records.customers").value(1))
                .andExpect(jsonPath("$.raw_files_rewritten.length()").value(1));
        io.stockroom.warehouse.Warehouse warehouse = context.getBean(io.stockroom.warehouse.Warehouse.class);
        String path = warehouse.withConnection(c -> {
            try (var st = c.createStatement();
                    var r = st.executeQuery("SELECT lake_path FROM raw_manifest WHERE dataset = 'customers'")) {
                r.next();
                return r.getString(1);
            }
        });
        String raw = Files.readString(DATA_DIR.resolve(path));
        org.assertj.core.api.Assertions.assertThat(raw)
                .doesNotContain("c4@example.com")
                .doesNotContain("Dee Four")
                .doesNotContain("C4,")
                .contains("c1@example.com")
                .contains("erased-");
        long left = warehouse.withConnection(c -> {
            try (var st = c.createStatement();
                    var r = st.executeQuery(
                            "SELECT COUNT(*) FROM customers WHERE customer_id = 'C4' OR email = "
                                    + "'c4@example.com' OR (customer_id LIKE 'erased-%' AND (email IS NOT NULL OR name IS NOT NULL))")) {
                r.next();
                return r.getLong(1);
            }
        });
        org.assertj.core.api.Assertions.assertThat(left).isZero();
    }

    @Test
    void theSeedsMetricsQueryByHourWeekAndWithAFilter() throws Exception {
        // 2026-01-05: O1 at 10:xx (10.00), O2 at 11:xx (5.00), O3 at 12:xx (20.00); no order in other hours of that day
        mvc.perform(get("/api/v1/analytics/metrics")
                        .param("metric", "revenue")
                        .param("granularity", "hourly")
                        .param("from", "2026-01-05")
                        .param("to", "2026-01-05"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data.length()").value(3))
                .andExpect(jsonPath("$.data[0].period").value("2026-01-05T10:00"))
                .andExpect(jsonPath("$.data[0].value").value(10.00))
                .andExpect(jsonPath("$.data[2].value").value(20.00))
                .andExpect(jsonPath("$.metadata.granularity").value("hourly"))
                .andExpect(jsonPath("$.metadata.cache_hit").value(false))
                .andExpect(jsonPath("$.metadata.query_time_ms").isNumber());
        // the week of Monday 2026-01-05: orders O1..O5 (CO2 is a cancellation); February 9's week: O6, O7
        mvc.perform(get("/api/v1/online/metrics")
                        .param("metric", "orders")
                        .param("granularity", "weekly")
                        .param("from", "2026-01-01")
                        .param("to", "2026-03-02"))
                .andExpect(jsonPath("$.data[0].period").value("2026-01-05"))
                .andExpect(jsonPath("$.data[0].value").value(5))
                .andExpect(jsonPath("$.data[1].period").value("2026-02-09"))
                .andExpect(jsonPath("$.data[1].value").value(2));
        // Germany is C3 only: O5 20.00 in January, O7 40.00 in February
        mvc.perform(get("/api/v1/analytics/metrics")
                        .param("metric", "revenue")
                        .param("granularity", "monthly")
                        .param("country", "Germany")
                        .param("from", "2026-01-01")
                        .param("to", "2026-03-02"))
                .andExpect(jsonPath("$.data.length()").value(2))
                .andExpect(jsonPath("$.data[1].value").value(40.00))
                .andExpect(jsonPath("$.metadata.filters.country").value("Germany"));
        mvc.perform(get("/api/v1/analytics/metrics").param("metric", "margin"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("revenue, orders, average_order_value")));
    }

    @Test
    void aStoreScopedUserIsToldTheFiguresAreChainWideAndABadPeriodIsA400() throws Exception {
        mvc.perform(get("/api/v1/online/customers").with(as("gina", Role.STORE_GM, Set.of("S1"))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(containsString("chain-wide")));
        mvc.perform(get("/api/v1/online/fulfilment").param("from", "2026-03-01").param("to", "2026-01-01"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("swap them")));
    }
}
