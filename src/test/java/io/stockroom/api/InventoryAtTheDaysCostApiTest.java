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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Stock is valued at the cost in force on its day, as the cost of goods is, over HTTP (docs/metrics.md). One store S1:
 * <ul>
 *   <li>A: master cost 1.00, price 5.00; the costs feed makes it 2.00 from D-2 on. Sells 1 a day over the 28 days to
 *       D. On hand 10 on D-6, 100 on D: 12 weeks of its sales are 84, so 16 units are overstock</li>
 *   <li>B: cost 3.00 (no costs feed line), price 6.00. Sells 1 a day on 25 of the 28 days (not D-27..D-25). On hand
 *       10 on D-6, 4 on D</li>
 * </ul>
 */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InventoryAtTheDaysCostApiTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 9);
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
                aProduct("A").named("Crisps").in("Food", "Snacks").cost(1.00).price(5.00),
                aProduct("B").named("Cola").in("Food", "Drinks").cost(3.00).price(6.00));
        List<RetailFixture.Row> rows = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            LocalDate day = D.minusDays(i);
            rows.add(aSale().atStore("S1")
                    .forSku("A")
                    .on(day)
                    .units(1)
                    .value(5.00)
                    .transactions(1));
            if (i < 25) {
                rows.add(aSale().atStore("S1")
                        .forSku("B")
                        .on(day)
                        .units(1)
                        .value(6.00)
                        .transactions(1));
            }
        }
        rows.add(aSnapshot().atStore("S1").forSku("A").on(D.minusDays(6)).onHand(10));
        rows.add(aSnapshot().atStore("S1").forSku("B").on(D.minusDays(6)).onHand(10));
        rows.add(aSnapshot().atStore("S1").forSku("A").on(D).onHand(100));
        rows.add(aSnapshot().atStore("S1").forSku("B").on(D).onHand(4));
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        fx.execute(
                "INSERT INTO costs (sku, valid_from, valid_to, unit_cost, cost_type, feed_id, updated_at) "
                        + "VALUES ('A', ?, NULL, 2.00, 'landed', 'F-costs', CURRENT_TIMESTAMP)",
                java.sql.Date.valueOf(D.minusDays(2)));
        models.rebuildAll();
    }

    @Test
    void turnoverAndGmroiValueTheStockAtEachDaysCostAsTheCostOfGoodsIs() {
        JsonNode m = get("/api/v1/inventory/metrics?range=custom&from=" + D.minusDays(6) + "&to=" + D + "&store=S1");
        // stock at cost: D-6 A 10 x 1.00 + B 10 x 3.00 = 40; D A 100 x 2.00 (the costs feed's, from D-2) + B 4 x 3.00
        // = 212; average 126 (at the master's 1.00 it would read 76).
        // COGS: A 4 x 1.00 (D-6..D-3) + 3 x 2.00 (D-2..D) = 10, B 7 x 3.00 = 21: 31; margin 77 - 31 = 46.
        assertThat(m.at("/inventory_turnover/value").decimalValue()).isEqualByComparingTo("0.25"); // 31 / 126
        assertThat(m.at("/gmroi/value").decimalValue()).isEqualByComparingTo("0.37"); // 46 / 126
        assertThat(m.at("/annualized_turnover/value").decimalValue())
                .isEqualByComparingTo("12.83"); // 31 x 365 / (126 x 7)
        assertThat(m.at("/inventory_turnover/formula").asString()).contains("cost in force on the day");
    }

    @Test
    void anOverstocksMoneyAtRiskIsItsExcessAtTheCostInForceOnTheAlertsDay() {
        JsonNode items = get("/api/v1/inventory/alerts?store=S1&date=" + D).get("items");
        JsonNode a = alertOf(items, "A");
        assertThat(a.get("alert_type").asString()).isEqualTo("OVERSTOCK");
        // 100 - 84 x 1 a day = 16 units above 12 weeks of supply, at A's cost on D (2.00, not the master's 1.00)
        assertThat(a.get("money_at_risk").decimalValue()).isEqualByComparingTo("32.00");
        // the positions' stock value takes the same cost
        assertThat(new RetailFixture(warehouse)
                        .value(
                                "SELECT stock_value FROM mart_inventory_position WHERE store_id = 'S1' AND sku = 'A' AND business_date = ?",
                                java.sql.Date.valueOf(D)))
                .isEqualTo("200.00");
    }

    @Test
    void aShortagesMoneyAtRiskUsesTheExactDaysOfCoverNotTheRoundedOneShown() {
        JsonNode b = alertOf(get("/api/v1/inventory/alerts?store=S1&date=" + D).get("items"), "B");
        assertThat(b.get("alert_type").asString()).isEqualTo("LOW_STOCK");
        // 25 units in 28 days: 0.8929 a day; 4 on hand cover 4 x 28 / 25 = 4.48 days, shown as 4.5. Over the 7-day
        // lead time: 0.8929 x 6.00 x (7 - 4.48) = 6.00 x (0.8929 x 7 - 4) = 13.50 (the rounded 4.5 gave 13.39)
        assertThat(b.get("days_of_cover").decimalValue()).isEqualByComparingTo("4.5");
        assertThat(b.get("money_at_risk").decimalValue()).isEqualByComparingTo("13.50");
    }

    private static JsonNode alertOf(JsonNode items, String sku) {
        for (JsonNode item : items) {
            if (item.get("sku").asString().equals(sku)) {
                return item;
            }
        }
        throw new AssertionError("no alert for " + sku + " in " + items);
    }

    private JsonNode get(String path) {
        return ApiClient.admin(port, tokens).get(path);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("stockroom-inventory-cost");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
