package io.stockroom.api;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aSnapshot;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.model.ModelRunner;
import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.ApiClient;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each KPI means, over HTTP, against figures worked out by hand from a small chain (docs/metrics.md):
 * <ul>
 *   <li>S1 (North, open since 2020): every day A 2 units 10.00 and B 1 unit 6.00 (per-item counts 2 and 1) plus a
 *       store-level row with the day's 2 baskets (0.00 sales)</li>
 *   <li>S2 (South, opened D-20): store-level only from D-13, 50.00 and 5 baskets a day</li>
 *   <li>S3 (North, open since 2020): item rows only, A 1 unit 4.00 a day; no file on D-10</li>
 * </ul>
 * A costs 1.00, B 3.00. The week D-6..D (Tuesday to Monday) compares with D-13..D-7.
 * On D+1 only e-commerce orders, without a store: online O1 (A 2 x 5.00, B 1 x 6.00, POST 1 x 3.00), O2 (A 1 x 5.00),
 * the cancellation C3 (A -1 x 5.00), O4 (POST 1 x 3.00 only); marketplace M1 (B 2 x 6.00).
 */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricDefinitionsApiTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 9); // a Monday
    private static final String WEEK = "range=custom&from=" + D.minusDays(6) + "&to=" + D;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
        registry.add("stockroom.warehouse.memory-limit", () -> "1GB");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    @Autowired
    ModelRunner models;

    @BeforeAll
    void seed() {
        RetailFixture fx = new RetailFixture(warehouse);
        fx.add(
                aStore("S1").inArea("North").openedOn(LocalDate.of(2020, 1, 1)),
                aStore("S2").inArea("South").openedOn(D.minusDays(20)),
                aStore("S3").inArea("North").openedOn(LocalDate.of(2020, 1, 1)),
                aProduct("A").named("Crisps").in("Food", "Snacks").cost(1.00).price(5.00),
                aProduct("B").named("Cola").in("Food", "Drinks").cost(3.00).price(6.00));
        List<RetailFixture.Row> rows = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            LocalDate day = D.minusDays(i);
            rows.add(aSale().atStore("S1")
                    .forSku("A")
                    .on(day)
                    .units(2)
                    .value(10.00)
                    .transactions(2));
            rows.add(aSale().atStore("S1")
                    .forSku("B")
                    .on(day)
                    .units(1)
                    .value(6.00)
                    .transactions(1));
            rows.add(aSale().atStore("S1").storeLevel().on(day).value(0.00).transactions(2));
            if (i <= 13) {
                rows.add(aSale().atStore("S2").storeLevel().on(day).value(50.00).transactions(5));
            }
            if (i != 10) {
                rows.add(aSale().atStore("S3")
                        .forSku("A")
                        .on(day)
                        .units(1)
                        .value(4.00)
                        .transactions(1));
            }
        }
        // S1's stock at the start and the end of the week, and the forward demand the replenishment run saw on D
        rows.add(aSnapshot().atStore("S1").forSku("A").on(D.minusDays(6)).onHand(20));
        rows.add(aSnapshot().atStore("S1").forSku("B").on(D.minusDays(6)).onHand(0));
        rows.add(aSnapshot().atStore("S1").forSku("A").on(D).onHand(6));
        rows.add(aSnapshot().atStore("S1").forSku("B").on(D).onHand(4));
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        replenishmentLine(1, "A", 6, "1.5");
        replenishmentLine(2, "B", 4, "0.5");
        LocalDate e = D.plusDays(1);
        order("O1", e, "online", "A", 2, "5.00");
        order("O1", e, "online", "B", 1, "6.00");
        order("O1", e, "online", "POST", 1, "3.00");
        order("O2", e, "online", "A", 1, "5.00");
        order("C3", e, "online", "A", -1, "5.00");
        order("O4", e, "online", "POST", 1, "3.00");
        order("M1", e, "marketplace", "B", 2, "6.00");
        models.rebuildAll();
    }

    private void replenishmentLine(long id, String sku, int onHand, String demandRate) {
        warehouse.withConnection(c -> {
            try (var p = c.prepareStatement("""
                    INSERT INTO replenishment_lines (id, business_date, store_id, sku, supplier_id, po_id, abc_class, on_hand, position, n_days,
                        demand_rate, demand_sigma, new_item, service_level, z, weeks_of_supply, weeks_source, lead_time_days, lead_time_source,
                        review_days, review_source, cover_days, safety_stock_calc, safety_stock, s0, wos_cap, s1, s2, order_up_to,
                        reorder_point, raw_need, need_units, after_moq, case_pack, after_case, after_cap, top_up, recommended_qty, final_qty,
                        status)
                    VALUES (?, ?, 'S1', ?, 'SUP1', 'PO1', 'A', ?, ?, 28, ?, 0, FALSE, 0.95, 1.64, 2, 'class', 7, 'default', 7, 'default', 14,
                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 'proposed')""")) {
                p.setLong(1, id);
                p.setDate(2, java.sql.Date.valueOf(D));
                p.setString(3, sku);
                p.setInt(4, onHand);
                p.setInt(5, onHand);
                p.setBigDecimal(6, new java.math.BigDecimal(demandRate));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void inventoryMetricsFollowTheirDocumentedFormulas() throws Exception {
        JsonNode m = get("/api/v1/inventory/metrics?" + WEEK + "&store=S1");
        // S1 sold A 14 (COGS 14, margin 56) and B 7 (COGS 21, margin 21): 21 units, 112.00 net, COGS 35, margin 77
        // sell-through 21 / (21 + 6 + 4 on hand at D) = 67.74 %
        assertThat(m.at("/sell_through_pct/value").decimalValue()).isEqualByComparingTo("67.74");
        // every store-SKU of D's snapshot, with or without a reorder line: 6 + 4 on hand against A's 2 and B's 1 a day
        // over the 28 days: 10 / (7 x 3) = 0.48 weeks (the reorder lines' 1.5 + 0.5 a day would read 10 / 14 = 0.71)
        assertThat(m.at("/weeks_of_supply/value").decimalValue()).isEqualByComparingTo("0.48");
        assertThat(m.at("/weeks_of_supply/formula").asString())
                .contains("every store-SKU")
                .contains("2 store-SKUs");
        // average stock at cost over the 2 snapshot days: (20 x 1 + 0 + 6 x 1 + 4 x 3) / 2 = 19.00
        assertThat(m.at("/inventory_turnover/value").decimalValue()).isEqualByComparingTo("1.84"); // 35 / 19
        assertThat(m.at("/annualized_turnover/value").decimalValue())
                .isEqualByComparingTo("96.05"); // 35 x 365 / (19 x 7)
        assertThat(m.at("/gmroi/value").decimalValue()).isEqualByComparingTo("4.05"); // 77 / 19
        assertThat(m.at("/annualized_gmroi/value").decimalValue())
                .isEqualByComparingTo("211.32"); // 77 x 365 / (19 x 7)
        // stock at retail on D-6: 20 x 5.00 = 100.00 against 112.00 of sales
        assertThat(m.at("/stock_to_sales/value").decimalValue()).isEqualByComparingTo("0.89");
        assertThat(m.at("/in_stock_pct/value").decimalValue()).isEqualByComparingTo("75.00"); // 3 of 4 snapshots
        assertThat(m.at("/shrink/value").isNull()).isTrue();
        assertThat(m.at("/shrink/note").asString()).contains("receipts");
        assertThat(m.at("/gmroi/formula").asString()).contains("average inventory at cost");
        // a store without snapshots says so
        assertThat(get("/api/v1/inventory/metrics?" + WEEK + "&store=S2")
                        .at("/in_stock_pct/note")
                        .asString())
                .contains("no inventory snapshot");
    }

    @Test
    void chainWideInventoryMetricsCountOnlyTheSalesOutOfTheStockTheSnapshotsHold() throws Exception {
        // D-6..D+1: S1 is the only store with stock snapshots. Its 21 units, 112.00, COGS 35, margin 77 pair with its
        // stock; S3's 7 units (no snapshot) and D+1's web orders (no store: A 2 + 1 - 1, B 1 + 2 marketplace) were sold
        // out of no stock counted here. So the chain's figures are S1's: 21 / (21 + 10) = 67.74 %, 35 / 19, 77 / 19,
        // 100.00 / 112.00.
        String range = "range=custom&from=" + D.minusDays(6) + "&to=" + D.plusDays(1);
        JsonNode chain = get("/api/v1/inventory/metrics?" + range);
        JsonNode s1 = get("/api/v1/inventory/metrics?" + range + "&store=S1");
        assertThat(chain.at("/sell_through_pct/value").decimalValue()).isEqualByComparingTo("67.74");
        assertThat(chain.at("/inventory_turnover/value").decimalValue()).isEqualByComparingTo("1.84");
        assertThat(chain.at("/gmroi/value").decimalValue()).isEqualByComparingTo("4.05");
        assertThat(chain.at("/stock_to_sales/value").decimalValue()).isEqualByComparingTo("0.89");
        for (String metric : List.of("sell_through_pct", "inventory_turnover", "gmroi", "stock_to_sales")) {
            assertThat(chain.at("/" + metric + "/value").decimalValue())
                    .as(metric + ": the chain is the total of its stores")
                    .isEqualByComparingTo(s1.at("/" + metric + "/value").decimalValue());
            assertThat(chain.at("/" + metric + "/formula").asString())
                    .as(metric)
                    .contains("sales of the stores with a stock snapshot");
        }
    }

    @Test
    void alertsRankByTheMoneyAtRisk() throws Exception {
        JsonNode items = get("/api/v1/inventory/alerts?store=S1&date=" + D).get("items");
        // A sells 2 a day at 5.00 and covers 3 of the 7 lead-time days: 2 x 5.00 x 4 = 40.00 at risk;
        // B sells 1 a day at 6.00 and covers 4: 1 x 6.00 x 3 = 18.00. Nothing is on order.
        assertThat(items).as(items.toString()).hasSize(2);
        assertThat(items.at("/0/sku").asString()).isEqualTo("A");
        assertThat(items.at("/0/money_at_risk").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(items.at("/0/cause").asString()).isEqualTo("no_order_placed");
        assertThat(items.at("/1/money_at_risk").decimalValue()).isEqualByComparingTo("18.00");
    }

    @Test
    void alertsAreGroupedByCauseWithTheMoneyAtRiskOfEach() throws Exception {
        String alerts = "/api/v1/inventory/alerts?store=S1&date=" + D;
        JsonNode page = get(alerts);
        // both shortages have nothing on order: one group of 2 alerts, 40.00 + 18.00 at risk
        assertThat(page.get("by_cause")).as(page.toString()).hasSize(1);
        assertThat(page.at("/by_cause/0/cause").asString()).isEqualTo("no_order_placed");
        assertThat(page.at("/by_cause/0/alerts").asLong()).isEqualTo(2);
        assertThat(page.at("/by_cause/0/money_at_risk").decimalValue()).isEqualByComparingTo("58.00");
        assertThat(page.at("/by_cause/0/without_price").asLong()).isZero();
        // the replenishment run saw A's sales jump (DEMAND_SPIKE): A's cause is the spike, and it leads the summary
        update("INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, supplier_id, value, detail) "
                + "VALUES (DATE '" + D + "', 'DEMAND_SPIKE', 'S1', 'A', NULL, 9, 'sold 9 against mean 2 + 3σ')");
        try {
            page = get(alerts);
            assertThat(page.get("by_cause")).hasSize(2);
            assertThat(page.at("/by_cause/0/cause").asString()).isEqualTo("demand_spike");
            assertThat(page.at("/by_cause/0/money_at_risk").decimalValue()).isEqualByComparingTo("40.00");
            assertThat(page.at("/by_cause/1/cause").asString()).isEqualTo("no_order_placed");
            assertThat(page.at("/by_cause/1/money_at_risk").decimalValue()).isEqualByComparingTo("18.00");
            JsonNode spikes = get(alerts + "&cause=demand_spike");
            assertThat(spikes.get("total").asLong()).isEqualTo(1);
            assertThat(spikes.at("/items/0/sku").asString()).isEqualTo("A");
            assertThat(spikes.at("/items/0/cause").asString()).isEqualTo("demand_spike");
            assertThat(spikes.get("by_cause"))
                    .as("the summary ignores the cause filter")
                    .hasSize(2);
        } finally {
            update("DELETE FROM replenishment_exceptions WHERE code = 'DEMAND_SPIKE' AND store_id = 'S1'");
        }
        JsonNode bad = ApiClient.admin(port, tokens).get(alerts + "&cause=weather", 400);
        assertThat(bad.get("parameter").asString()).isEqualTo("cause");
    }

    private void update(String sql) {
        warehouse.withConnection(c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate(sql);
            }
        });
    }

    @Test
    void anAlertCanBeSnoozedAcknowledgedAndReopened() throws Exception {
        String alerts = "/api/v1/inventory/alerts?store=S1&date=" + D;
        try {
            JsonNode snoozed = post(
                    "/api/v1/inventory/alerts/actions",
                    "{\"store_id\":\"S1\",\"sku\":\"A\",\"alert_type\":\"low_stock\",\"action\":\"snooze\",\"until\":\""
                            + D.plusDays(3) + "\"}",
                    200);
            assertThat(snoozed.get("status").asString()).isEqualTo("snoozed");
            JsonNode page = get(alerts);
            assertThat(page.get("total").asLong()).isEqualTo(1);
            assertThat(page.at("/items/0/sku").asString()).isEqualTo("B");

            post(
                    "/api/v1/inventory/alerts/actions",
                    "{\"store_id\":\"S1\",\"sku\":\"B\",\"alert_type\":\"LOW_STOCK\",\"action\":\"acknowledge\"}",
                    200);
            JsonNode b = get(alerts).at("/items/0");
            assertThat(b.get("status").asString()).isEqualTo("acknowledged");
            assertThat(b.get("until").asString())
                    .isEqualTo(D.plusDays(7).toString()); // a week after the latest snapshot
            assertThat(warehouseCount(
                            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'inventory_alert' AND action = 'acknowledge' "
                                    + "AND actor = 'token:test admin'"))
                    .as("the actor is the signed-in caller, never a name in the body")
                    .isEqualTo(1);

            JsonNode bad = post(
                    "/api/v1/inventory/alerts/actions",
                    "{\"store_id\":\"S1\",\"sku\":\"A\",\"alert_type\":\"low_stock\",\"action\":\"ignore\"}",
                    400);
            assertThat(bad.get("parameter").asString()).isEqualTo("action");

            // a note of megabytes was stored, audited and listed on every page that shows the alert
            long acted = warehouseCount("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'inventory_alert'");
            JsonNode tooLong = post(
                    "/api/v1/inventory/alerts/actions",
                    "{\"store_id\":\"S1\",\"sku\":\"A\",\"alert_type\":\"low_stock\",\"action\":\"acknowledge\","
                            + "\"note\":\"" + "x".repeat(5_000) + "\"}",
                    400);
            assertThat(tooLong.get("parameter").asString()).isEqualTo("note");
            assertThat(tooLong.get("detail").asString()).contains("5,000 characters", "at most 2,000");
            assertThat(warehouseCount("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'inventory_alert'"))
                    .as("nothing was done")
                    .isEqualTo(acted);
        } finally {
            post(
                    "/api/v1/inventory/alerts/actions",
                    "{\"store_id\":\"S1\",\"sku\":\"A\",\"alert_type\":\"low_stock\",\"action\":\"reopen\"}",
                    200);
            post(
                    "/api/v1/inventory/alerts/actions",
                    "{\"store_id\":\"S1\",\"sku\":\"B\",\"alert_type\":\"low_stock\",\"action\":\"reopen\"}",
                    200);
        }
        assertThat(get(alerts).get("total").asLong()).isEqualTo(2);
        assertThat(get(alerts).at("/items/0/status").asString()).isEqualTo("open");
    }

    private long warehouseCount(String sql) {
        return warehouse.withConnection(c -> {
            try (var st = c.createStatement();
                    var r = st.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private JsonNode post(String path, String json, int status) {
        return ApiClient.admin(port, tokens).post(path, json, status);
    }

    private void order(String id, LocalDate day, String channel, String sku, int quantity, String price) {
        warehouse.withConnection(c -> {
            try (var p = c.prepareStatement(
                    "INSERT INTO orders (order_id, ordered_at, business_date, customer_id, store_id, channel, sku, "
                            + "description, quantity, unit_price, country, is_cancellation) VALUES (?, ?, ?, 'C1', NULL, ?, ?, ?, ?, ?, 'UK', ?)")) {
                p.setString(1, id);
                p.setTimestamp(2, java.sql.Timestamp.valueOf(day.atTime(10, 0)));
                p.setDate(3, java.sql.Date.valueOf(day));
                p.setString(4, channel);
                p.setString(5, sku);
                p.setString(6, sku.equals("POST") ? "POSTAGE" : "Item " + sku);
                p.setBigDecimal(7, java.math.BigDecimal.valueOf(quantity));
                p.setBigDecimal(8, new java.math.BigDecimal(price));
                p.setBoolean(9, id.startsWith("C") || quantity < 0);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void ordersCountAsSalesWithBasketsAtReceiptGrainAndPostageKeptApart() throws Exception {
        String day = "range=custom&from=" + D.plusDays(1) + "&to=" + D.plusDays(1);
        JsonNode k = get("/api/v1/metrics/kpi?" + day).get("kpis");
        // merchandise 10 + 6 + 5 - 5 (the cancellation) + 12 = 28.00; postage (6.00) is not sales
        assertThat(k.at("/net_sales/value").decimalValue()).isEqualByComparingTo("28.00");
        assertThat(k.at("/units/value").decimalValue()).isEqualByComparingTo("5");
        assertThat(k.at("/returns/value").decimalValue()).isEqualByComparingTo("5.00");
        // baskets: O1, O2 and M1 (a cancellation and a postage-only order are not baskets); AOV 28 / 3
        assertThat(k.at("/transactions/value").decimalValue()).isEqualByComparingTo("3");
        assertThat(k.at("/aov/value").decimalValue()).isEqualByComparingTo("9.33");
        assertThat(k.at("/aov/coverage_pct").isNull()).isTrue();

        JsonNode online = get("/api/v1/metrics/kpi?" + day + "&channel=online").get("kpis");
        assertThat(online.at("/net_sales/value").decimalValue()).isEqualByComparingTo("16.00");
        assertThat(online.at("/transactions/value").decimalValue()).isEqualByComparingTo("2");
        assertThat(online.at("/aov/value").decimalValue()).isEqualByComparingTo("8.00");

        JsonNode split = get("/api/v1/metrics/channels?" + day);
        assertThat(split.at("/channels/0/channel").asString()).isEqualTo("online");
        assertThat(split.at("/channels/0/net_sales").decimalValue()).isEqualByComparingTo("16.00");
        assertThat(split.at("/channels/0/share_pct").decimalValue()).isEqualByComparingTo("57.14");
        assertThat(split.at("/channels/1/channel").asString()).isEqualTo("marketplace");
        assertThat(split.at("/channels/1/aov").decimalValue()).isEqualByComparingTo("12.00");
        assertThat(split.at("/non_merchandise/0/kind").asString()).isEqualTo("postage");
        assertThat(split.at("/non_merchandise/0/lines").asLong()).isEqualTo(2);
        assertThat(split.at("/non_merchandise/0/value").decimalValue()).isEqualByComparingTo("6.00");
        // the store channel of the POS week, and the orders' products by the names in the orders file
        assertThat(get("/api/v1/metrics/channels?" + WEEK)
                        .at("/channels/0/channel")
                        .asString())
                .isEqualTo("store");
        assertThat(get("/api/v1/metrics/top-products?" + day + "&channel=online")
                        .at("/items/0/sku")
                        .asString())
                .isEqualTo("A");
    }

    @Test
    void transactionsAreBasketsAtTheGrainThePosCountsThemNeverItemCountsAddedUp() throws Exception {
        JsonNode k = get("/api/v1/metrics/kpi?" + WEEK).get("kpis");
        // net 7 x (16 + 50 + 4) = 490.00; baskets S1 7 x 2 + S2 7 x 5 = 49 (S3 counts items only: not baskets)
        assertThat(k.at("/net_sales/value").decimalValue()).isEqualByComparingTo("490.00");
        assertThat(k.at("/transactions/value").decimalValue()).isEqualByComparingTo("49");
        // AOV over the sales whose baskets are counted: (112 + 350) / 49 = 9.43, covering 462 / 490 = 94.29 % of sales
        assertThat(k.at("/aov/value").decimalValue()).isEqualByComparingTo("9.43");
        assertThat(k.at("/aov/coverage_pct").decimalValue()).isEqualByComparingTo("94.29");
        assertThat(k.at("/aov/note").asString()).contains("94.29%");
        assertThat(k.at("/net_sales/formatted").asString()).isEqualTo("$490.00");
    }

    @Test
    void aovIsNotAvailableWhereOnlyItemLevelCountsExist() throws Exception {
        JsonNode k = get("/api/v1/metrics/kpi?" + WEEK + "&store=S3").get("kpis");
        assertThat(k.at("/net_sales/value").decimalValue()).isEqualByComparingTo("28.00");
        assertThat(k.at("/transactions/value").isNull()).isTrue();
        assertThat(k.at("/aov/value").isNull()).isTrue();
        assertThat(k.at("/aov/note").asString())
                .startsWith("Not available: the POS counts transactions per item only, not baskets.");
        // the same store's trend has no basket count either, rather than 7 item counts
        assertThat(get("/api/v1/metrics/trend?" + WEEK + "&store=S3")
                        .at("/points/0/transactions")
                        .isNull())
                .isTrue();
    }

    @Test
    void aComparisonPeriodWithAMissingStoreDayIsFlaggedNotShownAsAPlainGain() throws Exception {
        JsonNode body = get("/api/v1/metrics/kpi?" + WEEK);
        assertThat(body.at("/comparison/from").asString())
                .isEqualTo(D.minusDays(13).toString());
        JsonNode check = body.get("comparison_check");
        assertThat(check.get("complete").asBoolean()).isFalse();
        assertThat(check.get("days_with_sales").asLong()).isEqualTo(7);
        assertThat(check.get("store_days_missing").asLong()).isEqualTo(1); // S3 on D-10
        assertThat(check.get("note").asString()).contains("1 store-day has no sales loaded");
        // 490.00 vs 112 + 350 + 6 x 4 = 486.00: +0.8 %, flagged as not comparable
        JsonNode net = body.at("/kpis/net_sales");
        assertThat(net.get("previous").decimalValue()).isEqualByComparingTo("486.00");
        assertThat(net.get("change_pct").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(net.get("comparable").asBoolean()).isFalse();
        // the week before is complete
        JsonNode earlier =
                get("/api/v1/metrics/kpi?range=custom&from=" + D.minusDays(13) + "&to=" + D.minusDays(7) + "&store=S1");
        assertThat(earlier.at("/comparison_check/complete").asBoolean()).isTrue();
        assertThat(earlier.at("/kpis/net_sales/comparable").asBoolean()).isTrue();
        // a comparison before the first loaded day says how little it holds
        JsonNode early = get("/api/v1/metrics/kpi?range=custom&from=" + D.minusDays(27) + "&to=" + D.minusDays(21));
        assertThat(early.at("/comparison_check/days_with_sales").asLong()).isZero();
        assertThat(early.at("/comparison_check/note").asString()).contains("only 0 of its 7 days have sales loaded");
    }

    @Test
    void previousPeriodsAndDailyTrendsLineUpWeekdays() throws Exception {
        // 10 days (Sat .. Mon) compare with the 10 days two whole weeks earlier, Saturday with Saturday
        JsonNode body = get("/api/v1/metrics/kpi?range=custom&from=" + D.minusDays(9) + "&to=" + D + "&store=S1");
        LocalDate from = LocalDate.parse(body.at("/comparison/from").asString());
        assertThat(from).isEqualTo(D.minusDays(23));
        assertThat(from.getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        JsonNode points = get("/api/v1/metrics/trend?range=custom&from=" + D.minusDays(9) + "&to=" + D + "&store=S2")
                .get("points");
        // S2 sells from D-13: each day meets the same weekday two weeks back (D-23 .. D-14), all before its first sale;
        // a plain 10-day shift would have set Monday D against Friday D-10 (50.00)
        assertThat(points).hasSize(10);
        for (JsonNode p : points) {
            assertThat(p.get("net_sales").decimalValue()).isEqualByComparingTo("50.00");
            assertThat(p.get("previous_net_sales").isNull()).as(p.toString()).isTrue();
        }
        JsonNode week = get("/api/v1/metrics/trend?" + WEEK + "&store=S2").get("points");
        assertThat(week.get(6).get("previous_net_sales").decimalValue()).isEqualByComparingTo("50.00"); // D-7, a Monday
    }

    @Test
    void compSalesCoverStoresOpenThirteenMonthsAndTradingInBothPeriods() throws Exception {
        JsonNode body = get("/api/v1/metrics/kpi?" + WEEK);
        assertThat(body.at("/comp/min_open_months").asInt()).isEqualTo(13);
        assertThat(body.at("/comp/opened_by").asString())
                .isEqualTo(D.minusDays(6).minusMonths(13).toString());
        assertThat(body.at("/comp/stores").asInt()).isEqualTo(2); // S1 and S3; S2 opened 20 days ago
        JsonNode comp = body.at("/kpis/comp_sales");
        // S1 7 x 16 + S3 7 x 4 = 140.00 vs 112 + 24 = 136.00: +2.9 %
        assertThat(comp.get("value").decimalValue()).isEqualByComparingTo("140.00");
        assertThat(comp.get("previous").decimalValue()).isEqualByComparingTo("136.00");
        assertThat(comp.get("change_pct").decimalValue()).isEqualByComparingTo("2.9");
        // S2 alone has no comp history
        JsonNode s2 = get("/api/v1/metrics/kpi?" + WEEK + "&store=S2").at("/kpis/comp_sales");
        assertThat(s2.get("value").isNull()).isTrue();
        assertThat(s2.get("note").asString()).contains("no store was open 13 months");
    }

    @Test
    void percentMetricsChangeInPercentagePoints() throws Exception {
        JsonNode m = get("/api/v1/metrics/kpi?" + WEEK).at("/kpis/gross_margin_pct");
        // now (56 + 21 + 21) / (112 + 28) = 70.00 %; before (56 + 21 + 18) / (112 + 24) = 69.85 %: +0.15 pp
        assertThat(m.get("value").decimalValue()).isEqualByComparingTo("70.00");
        assertThat(m.get("previous").decimalValue()).isEqualByComparingTo("69.85");
        assertThat(m.get("change_pp").decimalValue()).isEqualByComparingTo("0.15");
        assertThat(m.get("change_pct").isNull()).isTrue();
        assertThat(m.get("unit").asString()).isEqualTo("percent");
    }

    @Test
    void productAndSkuFiltersNarrowEveryMetricsEndpoint() throws Exception {
        JsonNode k = get("/api/v1/metrics/kpi?" + WEEK + "&sku=B").get("kpis");
        assertThat(k.at("/net_sales/value").decimalValue()).isEqualByComparingTo("42.00"); // S1 only, 7 x 6
        assertThat(k.at("/units/value").decimalValue()).isEqualByComparingTo("7");
        assertThat(k.at("/gross_margin/value").decimalValue()).isEqualByComparingTo("21.00");
        assertThat(k.at("/transactions/value").isNull()).isTrue();
        assertThat(get("/api/v1/metrics/kpi?" + WEEK + "&product=B")
                        .at("/kpis/net_sales/value")
                        .decimalValue())
                .isEqualByComparingTo("42.00");
        JsonNode trend =
                get("/api/v1/metrics/trend?" + WEEK + "&product=A&store=S3").get("points");
        assertThat(trend.get(0).get("net_sales").decimalValue()).isEqualByComparingTo("4.00");
        JsonNode top = get("/api/v1/metrics/top-products?" + WEEK + "&sku=A").get("items");
        assertThat(top).hasSize(1);
        assertThat(top.at("/0/net_sales").decimalValue()).isEqualByComparingTo("98.00"); // S1 70 + S3 28
    }

    @Test
    void fiscalWeeksAndMonthsFollowTheNrfCalendar() throws Exception {
        // fiscal 2026 starts Sunday 1 February 2026: Tue 3 .. Sat 7 March is week 5, Sun 8 .. Mon 9 March week 6
        JsonNode points =
                get("/api/v1/metrics/trend?group_by=fiscal_week&" + WEEK).get("points");
        assertThat(points).hasSize(2);
        assertThat(points.at("/0/period").asString()).isEqualTo("2026-03-01");
        assertThat(points.at("/0/label").asString()).isEqualTo("FY2026 W05");
        assertThat(points.at("/0/net_sales").decimalValue()).isEqualByComparingTo("350.00"); // 5 x 70
        assertThat(points.at("/1/label").asString()).isEqualTo("FY2026 W06");
        assertThat(points.at("/1/net_sales").decimalValue()).isEqualByComparingTo("140.00");
        JsonNode months =
                get("/api/v1/metrics/trend?group_by=fiscal_month&" + WEEK).get("points");
        assertThat(months).hasSize(1);
        assertThat(months.at("/0/label").asString()).isEqualTo("FY2026 P02 Mar");
        JsonNode fytd = get("/api/v1/metrics/kpi?range=fiscal_mtd");
        assertThat(fytd.at("/range/from").asString()).isEqualTo("2026-03-01");
    }

    @AfterAll
    void removeDataDir() throws IOException {
        try (var files = Files.walk(DATA_DIR)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("stockroom-metric-definitions");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode get(String path) {
        return ApiClient.admin(port, tokens).get(path);
    }
}
