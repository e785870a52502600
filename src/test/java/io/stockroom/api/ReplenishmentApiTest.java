package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.replenish.Chain;
import io.stockroom.replenish.ReplenishmentService;
import io.stockroom.security.Actor;
import io.stockroom.security.Role;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The replenishment and purchase-order endpoints over MockMvc, against a real warehouse in a temp dir. */
@WithItsOwnApplication
@SpringBootTest
@AutoConfigureMockMvc
class ReplenishmentApiTest {

    static final LocalDate D = LocalDate.of(2026, 3, 5);
    static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("stockroom-replenishment-api");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
        registry.add("stockroom.security.po-approval-limit", () -> "100");
    }

    @Autowired
    org.springframework.web.context.WebApplicationContext context;

    /** Signed in as an admin unless a request says who it is (with(as(...))); security stays on, CSRF included. */
    MockMvc mvc;

    @Autowired
    Warehouse warehouse;

    @Autowired
    ReplenishmentService service;

    private static boolean seeded;

    static org.springframework.test.web.servlet.request.RequestPostProcessor as(String name, Role role) {
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(name)
                .authorities(Actor.authorities(Set.of(role), Set.of(), Set.of()));
    }

    @BeforeEach
    void seedAndRun() {
        mvc = org.springframework.test.web.servlet.setup.MockMvcBuilders.webAppContextSetup(context)
                .apply(org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity())
                .defaultRequest(
                        get("/").with(as("admin", Role.ADMIN))
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf()))
                .build();
        Chain chain = new Chain(warehouse);
        if (!seeded) {
            chain.store("S1").store("S2").supplier("SUP1", 3, "MON", 500.0);
            chain.product("P1", "Dairy", 5).supplies("SUP1", "P1", 12, null, 2.5, null);
            chain.product("P2", "Dairy", 5).supplies("SUP1", "P2", 12, null, 2.5, null);
            for (String store : List.of("S1", "S2")) {
                for (String sku : List.of("P1", "P2")) {
                    chain.history(store, sku, D, Chain.alternating(8, 12, 28), 5, 20);
                }
            }
            chain.snapshot("S1", "P1", D.minusDays(40), -2, 0, 0); // an old negative count: not in the latest snapshot
            seeded = true;
        }
        chain.exec("DELETE FROM replenishment_lines")
                .exec("DELETE FROM purchase_orders")
                .exec("DELETE FROM audit_log");
        service.run(D, Optional.empty());
    }

    private long lineId(String store, String sku) {
        return new Chain(warehouse)
                .count("SELECT id FROM replenishment_lines WHERE store_id = ? AND sku = ?", store, sku);
    }

    @Test
    void listsRecommendationsWithTheirExplanation() throws Exception {
        mvc.perform(get("/api/v1/replenishment/recommendations")
                        .param("date", "2026-03-05")
                        .param("store", "S1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.date").value("2026-03-05"))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.items[0].store_id").value("S1"))
                .andExpect(jsonPath("$.items[0].sku").value("P1"))
                .andExpect(jsonPath("$.items[0].name").value("Product P1"))
                .andExpect(jsonPath("$.items[0].supplier_id").value("SUP1"))
                .andExpect(jsonPath("$.items[0].abc_class").value("A"))
                .andExpect(jsonPath("$.items[0].recommended_qty").value(72))
                .andExpect(jsonPath("$.items[0].final_qty").value(72))
                .andExpect(jsonPath("$.items[0].status").value("proposed"))
                .andExpect(jsonPath("$.items[0].po_id").value("PO-20260305-SUP1-S1"))
                .andExpect(jsonPath("$.items[0].explanation", hasItem("rounded 61 → 72 (case 12)")));
        // no date: the latest run
        mvc.perform(get("/api/v1/replenishment/recommendations")
                        .param("class", "A")
                        .param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.date").value("2026-03-05"))
                .andExpect(jsonPath("$.total").value(4))
                .andExpect(jsonPath("$.items.length()").value(1));
    }

    /** Issue 14: a fill-rate line's detail carries the measure and k, and its re-check agrees (see ReplenishmentPolicyTest). */
    @Test
    void aFillRateLinesDetailNamesItsTargetAndIsConsistent() throws Exception {
        io.stockroom.replenish.ReplenishmentProperties defaults =
                io.stockroom.replenish.ReplenishmentProperties.defaults();
        new ReplenishmentService(
                        warehouse,
                        defaults.withClasses(
                                defaults.classes().withMeasure('A', io.stockroom.replenish.ServiceMeasure.FILL_RATE)))
                .run(D, Optional.of("S1"));
        long id = lineId("S1", "P1");
        mvc.perform(get("/api/v1/replenishment/recommendations/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.values.service_measure").value("fill-rate"))
                .andExpect(jsonPath("$.values.fill_k").value(0.667))
                .andExpect(jsonPath("$.values.order_up_to").value(73.53))
                .andExpect(jsonPath("$.final_qty").value(60))
                .andExpect(jsonPath(
                        "$.steps[?(@.rule == 'SAFETY_STOCK')].text",
                        hasItem(startsWith("SS = k·σ·√(L + R) = 0.667 × 2 × √7 = 3.53 with the fill-rate target 98%"))))
                .andExpect(jsonPath("$.consistent").value(true));
    }

    @Test
    void badParametersAreProblemDetailsNamingTheParameter() throws Exception {
        mvc.perform(get("/api/v1/replenishment/recommendations").param("date", "05/03/2026"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("BAD_PARAMETER"))
                .andExpect(jsonPath("$.detail", startsWith("Parameter 'date' must be an ISO date")));
        mvc.perform(get("/api/v1/replenishment/recommendations").param("limit", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", startsWith("Parameter 'limit'")));
        mvc.perform(get("/api/v1/replenishment/recommendations").param("class", "D"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", startsWith("Parameter 'class'")));
        mvc.perform(get("/api/v1/replenishment/recommendations").param("exception", "NOPE"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/purchase-orders").param("status", "sent")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/replenishment/exceptions").param("code", "NOPE"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void detailCarriesEveryValueAndTheSteps() throws Exception {
        long id = lineId("S1", "P1");
        mvc.perform(get("/api/v1/replenishment/recommendations/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.supplier_name").value("Supplier SUP1"))
                .andExpect(jsonPath("$.values.demand_rate").value(10.0))
                .andExpect(jsonPath("$.values.order_up_to").value(80.87))
                .andExpect(jsonPath("$.values.reorder_point").value(80.87))
                .andExpect(jsonPath("$.values.case_pack").value(12))
                .andExpect(jsonPath("$.steps[0].rule").value("DEMAND"))
                .andExpect(jsonPath("$.steps[-1].rule").value("CASE"))
                .andExpect(jsonPath("$.steps[-1].before").value(61))
                .andExpect(jsonPath("$.steps[-1].after").value(72))
                .andExpect(jsonPath("$.steps[-1].text").value("rounded 61 → 72 (case 12)"))
                .andExpect(jsonPath("$.consistent").value(true));
        mvc.perform(get("/api/v1/replenishment/recommendations/987654321"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
    }

    @Test
    void overrideApproveAndRejectALine() throws Exception {
        long id = lineId("S1", "P1");
        // the acting user is the signed-in one: a body naming another is refused, not half-obeyed
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/override")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":84,\"reason\":\"end-cap display\",\"user\":\"mallory\"}")
                        .with(as("alice", Role.BUYER)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("user"));
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/override")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":84,\"reason\":\"end-cap display\"}")
                        .with(as("alice", Role.BUYER)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.final_qty").value(84))
                .andExpect(jsonPath("$.recommended_qty").value(72))
                .andExpect(jsonPath("$.steps[-1].text").value("overridden by alice: 72 → 84 (end-cap display)"));
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/override")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":13,\"reason\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail")
                        .value("Quantity 13 is not a whole number of cases (case pack 12); use 12 or 24."));
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/override")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":24}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", startsWith("Field 'reason' is required")));
        mvc.perform(post("/api/v1/replenishment/recommendations/987654321/override")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":24,\"reason\":\"x\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/approve")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}")
                        .with(as("bob", Role.BUYER)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("approved"));
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/approve"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("CONFLICT"));
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/override")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":24,\"reason\":\"x\"}"))
                .andExpect(status().isConflict());
        long other = lineId("S1", "P2");
        mvc.perform(post("/api/v1/replenishment/recommendations/" + other + "/reject"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("rejected"));
        mvc.perform(get("/api/v1/purchase-orders/PO-20260305-SUP1-S1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.order.units").value(84))
                .andExpect(jsonPath("$.order.lines").value(1));
        Chain chain = new Chain(warehouse);
        assertThat(
                        chain.rows(
                                "SELECT actor, action FROM audit_log WHERE entity_type = 'recommendation' ORDER BY occurred_at"))
                .extracting(r -> r.get("actor") + ":" + r.get("action"))
                .containsExactly("alice:override", "bob:approve", "admin:reject"); // the typed "user" is ignored
    }

    @Test
    void anOverrideOfTwoBillionUnitsIsRefusedAsATypingError() throws Exception {
        long id = lineId("S1", "P1");
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/override")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":2000000004,\"reason\":\"fat finger\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", startsWith("Field 'quantity' 2000000004 is more than 10 times")));
        mvc.perform(post("/api/v1/replenishment/recommendations/" + id + "/override")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"quantity\":720,\"reason\":\"ten times the 72 recommended is still allowed\"}"))
                .andExpect(status().isOk());
    }

    @Test
    void aBuyerCannotApproveAnOrderAboveTheLimitButAHeadBuyerCan() throws Exception {
        String po = "PO-20260305-SUP1-S1"; // costs 360, the limit here is 100
        mvc.perform(post("/api/v1/purchase-orders/" + po + "/approve").with(as("bea", Role.BUYER)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail", startsWith("Purchase order " + po + " costs 360")));
        mvc.perform(post("/api/v1/purchase-orders/" + po + "/approve").with(as("ed", Role.EXECUTIVE)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/purchase-orders/" + po + "/approve").with(as("hal", Role.HEAD_BUYER)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.order.decided_by").value("hal"));
    }

    @Test
    void purchaseOrdersListApproveAndExport() throws Exception {
        mvc.perform(get("/api/v1/purchase-orders").param("date", "2026-03-05"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].po_id").value("PO-20260305-SUP1-S1"))
                .andExpect(jsonPath("$[0].supplier_id").value("SUP1"))
                .andExpect(jsonPath("$[0].supplier_name").value("Supplier SUP1"))
                .andExpect(jsonPath("$[0].store_id").value("S1"))
                .andExpect(jsonPath("$[0].status").value("proposed"))
                .andExpect(jsonPath("$[0].lines").value(2))
                .andExpect(jsonPath("$[0].units").value(144))
                .andExpect(jsonPath("$[0].cases").value(12))
                .andExpect(jsonPath("$[0].cost").value(360.0))
                .andExpect(jsonPath("$[0].flags[0]").value("BELOW_MIN_ORDER_VALUE"));
        mvc.perform(get("/api/v1/purchase-orders/NOPE")).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/purchase-orders/NOPE/approve")).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/purchase-orders/PO-20260305-SUP1-S1/approve")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"weekly\"}")
                        .with(as("carol", Role.HEAD_BUYER)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.order.status").value("approved"))
                .andExpect(jsonPath("$.order.decided_by").value("carol"))
                .andExpect(jsonPath("$.lines[0].status").value("approved"));
        mvc.perform(post("/api/v1/purchase-orders/PO-20260305-SUP1-S1/reject")).andExpect(status().isConflict());
        mvc.perform(post("/api/v1/purchase-orders/PO-20260305-SUP1-S2/reject")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"closed for refit\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.order.status").value("rejected"));
        mvc.perform(post("/api/v1/purchase-orders/export").param("date", "2026-03-05"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.purchase_orders").value(1))
                .andExpect(jsonPath("$.files[0]").value("SUP1.json"));
        assertThat(DATA_DIR.resolve("exports/supplier_orders/2026-03-05/SUP1.csv"))
                .exists();
        mvc.perform(post("/api/v1/purchase-orders/export").param("date", "2026-01-01"))
                .andExpect(status().isNotFound());
        assertThat(
                        new Chain(warehouse)
                                .count(
                                        "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity_type = 'purchase_orders'"))
                .isEqualTo(1);
    }

    @Test
    void exceptionReportAsJsonAndCsv() throws Exception {
        new Chain(warehouse)
                .exec(
                        "UPDATE inventory SET on_hand = -1, load_seq = nextval('load_seq_ids') WHERE store_id = 'S2' AND sku = 'P2' AND business_date = ?",
                        D);
        service.run(D, Optional.empty());
        mvc.perform(get("/api/v1/replenishment/exceptions").param("date", "2026-03-05"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.counts.NEGATIVE_ON_HAND").value(1))
                .andExpect(jsonPath("$.items[0].code").value("NEGATIVE_ON_HAND"))
                .andExpect(jsonPath("$.items[0].store_id").value("S2"));
        mvc.perform(get("/api/v1/replenishment/exceptions.csv").param("date", "2026-03-05"))
                .andExpect(status().isOk())
                .andExpect(header().string(
                                "Content-Disposition",
                                "attachment; filename=\"replenishment_exceptions_2026-03-05.csv\""))
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(
                        content()
                                .string(
                                        startsWith(
                                                "business_date,code,store_id,sku,supplier_id,value,detail\n2026-03-05,NEGATIVE_ON_HAND,S2,P2,,-1,")));
        new Chain(warehouse)
                .exec(
                        "UPDATE inventory SET on_hand = 20, load_seq = nextval('load_seq_ids') WHERE store_id = 'S2' AND sku = 'P2' AND business_date = ?",
                        D);
    }
}
