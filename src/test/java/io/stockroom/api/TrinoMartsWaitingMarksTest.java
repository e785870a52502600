package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.model.TrinoBuiltItsMarts;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A Trino deployment whose Trino is down (nothing listens at its address; no Trino is needed): a sales upload lands in
 * the warehouse, but the sales roll-ups Trino computes do not have it until Trino's next refresh. The dashboards' KPIs
 * and trend over that day mark it in their completeness, naming the mart that waits, as they mark a missing feed's day,
 * instead of showing the mart's rows as the whole; a day Trino has refreshed is not marked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrinoMartsWaitingMarksTest {

    @DynamicPropertySource
    static void trinoDown(DynamicPropertyRegistry registry) throws IOException {
        io.stockroom.TrinoDownDeployment.register(registry, "stockroom-trino-down-marks");
    }

    @LocalServerPort
    int port;

    @Autowired
    io.stockroom.security.ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    @Test
    void aKpiOverADayLoadedWhileTrinoIsDownMarksThatDayAndNamesTheMartThatWaits() throws Exception {
        post("stores", "[{\"store_id\":\"S1\",\"name\":\"Leeds\"}]");
        post(
                "products",
                "[{\"sku\":\"A\",\"name\":\"Apple\",\"category\":\"Fruit\",\"unit_cost\":0.5,\"unit_price\":1.0}]");
        post(
                "sales",
                "[{\"store_id\":\"S1\",\"sku\":\"A\",\"business_date\":\"2025-04-01\",\"units_sold\":3,"
                        + "\"total_sales\":3.00}]");
        // Trino refreshed its marts with 1 April; then 2 April's sales loaded while Trino was down
        TrinoBuiltItsMarts.now(warehouse);
        JsonNode before = get("/api/v1/metrics/kpi?range=custom&from=2025-04-01&to=2025-04-02&store=S1");
        assertThat(before.get("completeness").get("incomplete_days").toString())
                .as("nothing loaded after Trino's refresh: no day waits")
                .doesNotContain("Trino");
        post(
                "sales",
                "[{\"store_id\":\"S1\",\"sku\":\"A\",\"business_date\":\"2025-04-02\",\"units_sold\":2,"
                        + "\"total_sales\":2.50}]");

        JsonNode kpi = get("/api/v1/metrics/kpi?range=custom&from=2025-04-01&to=2025-04-02&store=S1");
        JsonNode completeness = kpi.get("completeness");
        assertThat(completeness.get("complete").asBoolean())
                .as("the KPIs over 2 April: " + completeness)
                .isFalse();
        JsonNode day = day(completeness, "2025-04-02");
        assertThat(day.get("missing").toString())
                .as("the day says which mart waits and for what")
                .contains("mart_sales_store_daily")
                .contains("Trino's next refresh");
        assertThat(dayOrNull(completeness, "2025-04-01"))
                .as("1 April is in the marts Trino refreshed: not marked")
                .isNull();

        JsonNode trend = get("/api/v1/metrics/trend?range=custom&from=2025-04-01&to=2025-04-02&store=S1&group_by=day");
        assertThat(day(trend.get("completeness"), "2025-04-02").get("missing").toString())
                .contains("Trino's next refresh");

        JsonNode top = get("/api/v1/metrics/top-products?range=custom&from=2025-04-01&to=2025-04-02");
        assertThat(day(top.get("completeness"), "2025-04-02").get("missing").toString())
                .as("the chain's top products read the SKU roll-up")
                .contains("mart_sales_sku_daily");

        // outside Trino's marts (a range before the load) nothing is marked
        JsonNode earlier = get("/api/v1/metrics/kpi?range=custom&from=2025-04-01&to=2025-04-01&store=S1");
        assertThat(earlier.get("completeness").get("incomplete_days").toString())
                .doesNotContain("Trino");
    }

    private static JsonNode day(JsonNode completeness, String date) {
        JsonNode d = dayOrNull(completeness, date);
        if (d == null) {
            throw new AssertionError(date + " is not marked: " + completeness);
        }
        return d;
    }

    private static JsonNode dayOrNull(JsonNode completeness, String date) {
        for (JsonNode d : completeness.get("incomplete_days")) {
            if (d.get("date").asString().equals(date)) {
                return d;
            }
        }
        return null;
    }

    private JsonNode get(String path) {
        return io.stockroom.testdata.ApiClient.admin(port, tokens).get(path);
    }

    private void post(String dataset, String rows) {
        HttpResponse<String> r = io.stockroom.testdata.ApiClient.admin(port, tokens)
                .send(
                        "POST",
                        "/api/v1/ingest/batch",
                        "{\"source_id\":\"test\",\"data_type\":\"" + dataset + "\",\"format\":\"json\",\"data\":" + rows
                                + "}");
        assertThat(r.statusCode()).as(dataset + ": " + r.body()).isBetween(200, 299);
    }
}
