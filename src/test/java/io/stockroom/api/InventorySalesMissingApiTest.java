package io.stockroom.api;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aSnapshot;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.model.ModelRunner;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * S2's sales feed has not arrived for four weeks; its stock snapshots have. The GM of S2 is not told to mark down
 * candles nobody knows did not sell: no dead-stock alert, and the positions say the class is not available and why.
 */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InventorySalesMissingApiTest {

    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
        registry.add("stockroom.warehouse.memory-limit", () -> "1GB");
    }

    @LocalServerPort
    int port;

    @Autowired
    io.stockroom.security.ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    @Autowired
    ModelRunner models;

    @BeforeAll
    void seed() {
        RetailFixture fx = new RetailFixture(warehouse);
        fx.add(
                aStore("S1").inArea("North"),
                aStore("S2").inArea("North"),
                aProduct("G").named("Candle").in("Home", "Candles").cost(2.00),
                aProduct("H").named("Holder").in("Home", "Candles").cost(3.00));
        List<RetailFixture.Row> rows = new ArrayList<>();
        for (int back = 0; back <= 40; back++) {
            rows.add(aSale().atStore("S1")
                    .forSku("G")
                    .on(D.minusDays(back))
                    .units(1)
                    .value(4.00));
            if (back >= 28) { // S2's sales of the last 28 days never arrived
                rows.add(aSale().atStore("S2")
                        .forSku("G")
                        .on(D.minusDays(back))
                        .units(1)
                        .value(4.00));
                rows.add(aSale().atStore("S2")
                        .forSku("H")
                        .on(D.minusDays(back))
                        .units(1)
                        .value(6.00));
            }
        }
        rows.add(aSnapshot().atStore("S1").forSku("G").on(D).onHand(50));
        rows.add(aSnapshot().atStore("S2").forSku("G").on(D).onHand(50));
        rows.add(aSnapshot().atStore("S2").forSku("H").on(D).onHand(0));
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        models.rebuildAll();
    }

    @Test
    void aStoreWithoutSalesForFourWeeksGetsNoDeadStockAlertAndItsClassIsNotAvailable() throws Exception {
        JsonNode alerts = get("/api/v1/inventory/alerts?store=S2");
        assertThat(alerts.get("total").asInt()).as(alerts.toString()).isEqualTo(1);
        JsonNode out = alerts.at("/items/0");
        assertThat(out.get("sku").asString()).isEqualTo("H");
        assertThat(out.get("alert_type").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(out.get("severity").asString()).isEqualTo("high");
        assertThat(out.get("sales_days_missing").asInt()).isEqualTo(28);
        assertThat(out.get("note").asString()).startsWith("Not available: sales missing for all 28 days");
        assertThat(get("/api/v1/inventory/alerts?store=S2&cause=dead_stock")
                        .get("total")
                        .asInt())
                .isZero();

        JsonNode candle = get("/api/v1/inventory/positions?store=S2").at("/items/1");
        assertThat(candle.get("sku").asString()).isEqualTo("G");
        assertThat(candle.get("velocity_class").isNull()).as(candle.toString()).isTrue();
        assertThat(candle.get("overstock").asBoolean()).isFalse();
        assertThat(candle.get("note").asString()).contains("velocity class");

        // S1's sales arrived: its 50 candles selling one a day are 7.1 weeks of supply, no alert; its class is known
        JsonNode known = get("/api/v1/inventory/positions?store=S1").at("/items/0");
        assertThat(known.get("velocity_class").asString()).isEqualTo("fast");
        assertThat(known.get("note").isNull()).isTrue();
    }

    /**
     * The cover heatmap showed S2's cell as "No recent sales" (no cover), the same as a category that stopped selling,
     * when its sales never arrived. Its cell now says how many of the 28 days are missing, so the page can say "sales
     * not loaded" instead; S1's cell, whose sales arrived, says none.
     */
    @Test
    void theCoverHeatmapSaysWhichCellsMissTheirSales() throws Exception {
        JsonNode heatmap = get("/api/v1/inventory/cover-heatmap?date=" + D);
        JsonNode s1 = null;
        JsonNode s2 = null;
        for (JsonNode cell : heatmap.get("cells")) {
            if (cell.get("store_id").asString().equals("S1")) {
                s1 = cell;
            } else if (cell.get("store_id").asString().equals("S2")) {
                s2 = cell;
            }
        }
        assertThat(s2).as(heatmap.toString()).isNotNull();
        assertThat(s2.get("days_of_cover").isNull()).isTrue();
        assertThat(s2.get("sales_days_missing").asInt()).isEqualTo(28);
        assertThat(s1.get("sales_days_missing").asInt()).isZero();
        assertThat(s1.get("days_of_cover").decimalValue()).isEqualByComparingTo("50");
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
            return Files.createTempDirectory("stockroom-inventory-sales-missing");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", io.stockroom.testdata.TestAccess.adminBearer(tokens))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
