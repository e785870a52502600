package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.model.TrinoBuiltItsMarts;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A Trino deployment whose Trino is down (nothing listens at its address; no Trino is needed): the marts on Trino that
 * wait for it are on the Quality page's API, not only in the log and the CLI's notice. A mart whose model file this
 * version changed waits on every date; the marts the warehouse cannot compute meanwhile (those kept in the lake and
 * every model over them) wait for the dates loaded since Trino's last refresh; each entry says what builds it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrinoMartsWaitingApiTest {

    @DynamicPropertySource
    static void trinoDown(DynamicPropertyRegistry registry) throws IOException {
        io.stockroom.TrinoDownDeployment.register(registry, "stockroom-trino-down");
    }

    @LocalServerPort
    int port;

    @Autowired
    io.stockroom.security.ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    @Autowired
    io.stockroom.model.ModelRunner models;

    @Test
    void theQualityApiListsTheMartsOnTrinoThatWaitForItAndWhatBuildsThem() throws Exception {
        // a new deployment whose Trino has never answered: the marts Trino fills have no table in the warehouse yet,
        // and the uploads load all the same (they answered 500, "relation mart_inventory_position_base does not exist")
        post("stores", "[{\"store_id\":\"S1\",\"name\":\"Leeds\"}]");
        post(
                "products",
                "[{\"sku\":\"A\",\"name\":\"Apple\",\"category\":\"Fruit\",\"unit_cost\":0.5,\"unit_price\":1.0}]");
        post(
                "sales",
                "[{\"store_id\":\"S1\",\"sku\":\"A\",\"business_date\":\"2025-04-01\",\"units_sold\":3,"
                        + "\"total_sales\":3.00}]");
        assertThat(get("/api/v1/quality").get("trino_marts_not_yet_updated"))
                .as("a Trino that never built its marts builds them all at its first refresh: nothing is behind")
                .isEmpty();

        // Trino refreshed its marts; then this version changed the category roll-up's model file, and a sales upload
        // loaded while Trino was down
        TrinoBuiltItsMarts.now(warehouse);
        TrinoBuiltItsMarts.fromAnOlderDefinition(warehouse, "mart_sales_category_daily");
        post(
                "sales",
                "[{\"store_id\":\"S1\",\"sku\":\"A\",\"business_date\":\"2025-04-02\",\"units_sold\":2,"
                        + "\"total_sales\":2.50}]");

        JsonNode waiting = get("/api/v1/quality").get("trino_marts_not_yet_updated");
        assertThat(waiting).as("the Quality page's answer").isNotNull();
        assertThat(entry(waiting, "mart_sales_category_daily").get("reason").asString())
                .isEqualTo("new_or_changed");
        JsonNode stores = entry(waiting, "mart_sales_store_daily");
        assertThat(stores.get("reason").asString()).isEqualTo("loads_not_in");
        assertThat(stores.get("dates").toString()).isEqualTo("[\"2025-04-02\"]");
        assertThat(stores.get("built_by").asString())
                .contains("stockroom lake models")
                .contains("Trino");
        assertThat(marts(waiting))
                .as("the warehouse computed the quality mart for the upload meanwhile: it does not wait")
                .doesNotContain("mart_quality_daily");
    }

    private static JsonNode entry(JsonNode waiting, String mart) {
        for (JsonNode e : waiting) {
            if (e.get("mart").asString().equals(mart)) {
                return e;
            }
        }
        throw new AssertionError(mart + " is not listed: " + waiting);
    }

    private static List<String> marts(JsonNode waiting) {
        List<String> out = new ArrayList<>();
        waiting.forEach(e -> out.add(e.get("mart").asString()));
        return out;
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
