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
import java.sql.Date;
import java.sql.Timestamp;
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
 * 9 AM: S2's stock snapshot of yesterday never came. The Inventory page's answers say so for the day they show (and a
 * later day still missing), instead of S2 having no alerts, as if every product were within its targets.
 */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InventoryCompletenessApiTest {

    /** Yesterday: S1's snapshot arrived, S2's did not. */
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
                aProduct("A").named("Crisps").in("Food", "Snacks").cost(1.00));
        List<RetailFixture.Row> rows = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            for (String store : List.of("S1", "S2")) {
                rows.add(aSale().atStore(store)
                        .forSku("A")
                        .on(D.minusDays(i))
                        .units(5)
                        .value(10.00));
                if (i > 0) {
                    rows.add(aSnapshot()
                            .atStore(store)
                            .forSku("A")
                            .on(D.minusDays(i))
                            .onHand(1));
                }
            }
        }
        rows.add(aSnapshot().atStore("S1").forSku("A").on(D).onHand(1)); // S2's snapshot of D never came
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        for (String[] arrival : new String[][] {{"S1", "arrived"}, {"S2", "missing"}}) {
            fx.execute(
                    "INSERT INTO feed_arrivals (business_date, dataset, store_id, status, why_expected, checked_at)"
                            + " VALUES (?, 'inventory', ?, ?, 'seen on 4 of the last 4 Mondays', ?)",
                    Date.valueOf(D),
                    arrival[0],
                    arrival[1],
                    Timestamp.valueOf(D.plusDays(1).atTime(5, 30)));
        }
        models.rebuildAll();
    }

    @Test
    void theStoreWhoseSnapshotDidNotArriveIsMarkedNotShownWithoutAlerts() throws Exception {
        JsonNode alerts = get("/api/v1/inventory/alerts?store=S2");
        assertThat(alerts.get("date").asString()).isEqualTo(D.toString());
        assertThat(alerts.get("total").asInt()).isZero();
        assertThat(alerts.has("completeness")).as(alerts.toString()).isTrue();
        assertThat(alerts.at("/completeness/complete").asBoolean()).isFalse();
        JsonNode day = alerts.at("/completeness/incomplete_days/0");
        assertThat(day.get("date").asString()).isEqualTo(D.toString());
        assertThat(day.at("/missing/0").asString()).isEqualTo("inventory missing for 1 of 1 stores");

        assertThat(get("/api/v1/inventory/alerts?store=S1")
                        .at("/completeness/complete")
                        .asBoolean())
                .as("S1's snapshot arrived")
                .isTrue();
        assertThat(get("/api/v1/inventory/cover-heatmap")
                        .at("/completeness/incomplete_days/0/missing/0")
                        .asString())
                .isEqualTo("inventory partial for 1 of 2 stores");
        assertThat(get("/api/v1/inventory/positions?store=S2")
                        .at("/completeness/complete")
                        .asBoolean())
                .isFalse();
        // the day before, whole: a later day still missing is named too, so an older day is not read as the latest
        JsonNode before = get("/api/v1/inventory/alerts?store=S2&date=" + D.minusDays(1));
        assertThat(before.at("/completeness/incomplete_days/0/date").asString()).isEqualTo(D.toString());
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
            return Files.createTempDirectory("stockroom-inventory-completeness");
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
