package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestPostgres;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application configured with {@code stockroom.warehouse.url = jdbc:postgresql://...}: sign-in, the batch
 * API, feed history and the dashboard KPIs over real HTTP, against a real PostgreSQL started by the tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresApplicationTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        var settings = TestPostgres.newWarehouse();
        registry.add("stockroom.data-dir", Files.createTempDirectory("stockroom-pg-app")::toString);
        registry.add("stockroom.warehouse.url", settings::url);
        registry.add("stockroom.warehouse.user", settings::user);
        registry.add("stockroom.warehouse.password", settings::password);
        registry.add("stockroom.warehouse.schema", settings::schema);
    }

    @LocalServerPort
    int port;

    @Autowired
    io.stockroom.security.ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theApplicationRunsOnPostgresFromBatchToDashboard() throws Exception {
        assertThat(warehouse.dialect().name()).isEqualTo("postgres");
        post(
                "/api/v1/ingest/batch",
                "{\"source_id\":\"test\",\"data_type\":\"stores\",\"format\":\"json\",\"data\":[{\"store_id\":\"S1\",\"name\":\"Leeds\"}]}");
        post(
                "/api/v1/ingest/batch",
                "{\"source_id\":\"test\",\"data_type\":\"products\",\"format\":\"json\",\"data\":"
                        + "[{\"sku\":\"A\",\"name\":\"Apple\",\"category\":\"Fruit\",\"unit_cost\":0.5,\"unit_price\":1.0}]}");
        post(
                "/api/v1/ingest/batch",
                "{\"source_id\":\"test\",\"data_type\":\"sales\",\"format\":\"json\",\"data\":["
                        + "{\"store_id\":\"S1\",\"sku\":\"A\",\"business_date\":\"2025-04-01\",\"units_sold\":3,\"total_sales\":3.00},"
                        + "{\"store_id\":\"S1\",\"sku\":\"A\",\"business_date\":\"2025-04-02\",\"units_sold\":2,\"total_sales\":2.50}]}");
        JsonNode feeds = get("/api/v1/feeds");
        assertThat(feeds.toString()).contains("\"sales\"").contains("transformed");
        JsonNode kpi = get("/api/v1/metrics/kpi?range=custom&from=2025-04-01&to=2025-04-02");
        assertThat(kpi.toString()).contains("5.5");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(authed(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(
                authed(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 202);
    }

    private HttpRequest.Builder authed(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", io.stockroom.testdata.TestAccess.adminBearer(tokens));
    }
}
