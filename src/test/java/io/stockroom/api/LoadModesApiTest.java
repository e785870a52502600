package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.ApiClient;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Load modes over real HTTP: a batch push appends, "complete" replaces the slice, force and Reload load bytes seen before (issue #16). */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadModesApiTest {

    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("stockroom-loads-api");
        registry.add("stockroom.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    private static String line(String order, String sku, int qty) {
        return "{\"order_id\":\"" + order + "\",\"ordered_at\":\"2025-03-01 10:00:00\",\"sku\":\"" + sku
                + "\",\"quantity\":" + qty + ",\"unit_price\":2.5}";
    }

    @Test
    void aOneOrderBatchPushAddsItsLinesAndKeepsTheDaysOtherOrdersUnlessDeclaredComplete() throws Exception {
        batch("products", "[{\"sku\":\"A\",\"name\":\"Apple\"},{\"sku\":\"B\",\"name\":\"Banana\"}]", false, 201);
        batch(
                "orders",
                "[" + line("O1", "A", 1) + "," + line("O1", "B", 2) + "," + line("O2", "A", 3) + ","
                        + line("O3", "B", 1) + "]",
                false,
                201);
        JsonNode one = batch("orders", "[" + line("O4", "A", 1) + "]", false, 201);
        assertThat(one.get("records_loaded").asLong()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM orders WHERE business_date = DATE '2025-03-01'"))
                .as("the day's other order lines stay")
                .isEqualTo(5);

        // the upstream system retries the push with a line more: the line already loaded is recognised
        JsonNode retried = batch("orders", "[" + line("O4", "A", 1) + "," + line("O4", "B", 5) + "]", false, 201);
        assertThat(count("SELECT COUNT(*) FROM orders WHERE order_id = 'O4'"))
                .as("a retried push is not counted twice")
                .isEqualTo(2);
        assertThat(retried.get("summary").get("issues").toString()).contains("ALREADY_LOADED");

        JsonNode complete = batch("orders", "[" + line("O1", "A", 1) + "]", true, 201);
        assertThat(count("SELECT COUNT(*) FROM orders WHERE business_date = DATE '2025-03-01'"))
                .as("complete: the day is what was sent")
                .isEqualTo(1);
        assertThat(complete.get("summary").get("issues").toString())
                .contains("SLICE_REPLACED")
                .contains("SLICE_SHRANK");
    }

    @Test
    void eachDatasetSaysItsLoadMode() throws Exception {
        assertThat(get("/api/v1/datasets/sales").get("load_mode").asString()).isEqualTo("upsert");
        assertThat(get("/api/v1/datasets/labour").get("load_mode").asString()).isEqualTo("upsert");
        assertThat(get("/api/v1/datasets/orders").get("load_mode").asString()).isEqualTo("append");
        assertThat(get("/api/v1/datasets/products").get("load_mode").asString()).isEqualTo("upsert");
    }

    @Test
    void aResentUploadIsADuplicateThatForceOrTheReloadButtonLoadsAgain() throws Exception {
        batch("stores", "[{\"store_id\":\"S1\",\"name\":\"Leeds\"}]", false, 201);
        batch("products", "[{\"sku\":\"C\",\"name\":\"Cheddar\"},{\"sku\":\"D\",\"name\":\"Dates\"}]", false, 201);
        String original = "store_id,sku,date,units_sold,total_sales\nS1,C,2025-03-02,1,3.00\nS1,D,2025-03-02,2,4.00\n";
        JsonNode first = await(commit(upload("sales_2025-03-02.csv", original), false, false));
        assertThat(first.get("records_loaded").asLong()).isEqualTo(2);
        // a later file declared complete for the store-day leaves one row
        await(commit(
                upload("sales_fix.csv", "store_id,sku,date,units_sold,total_sales\nS1,C,2025-03-02,1,3.00\n"),
                true,
                false));
        assertThat(count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-02'"))
                .isEqualTo(1);

        JsonNode duplicate = get("/api/v1/feeds/"
                + await(commit(upload("sales_2025-03-02.csv", original), false, false))
                        .get("feed_id")
                        .asString());
        assertThat(duplicate.get("duplicate_of").asString())
                .isEqualTo(first.get("feed_id").asString());
        assertThat(count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-02'"))
                .as("a duplicate loads nothing")
                .isEqualTo(1);

        JsonNode reloaded = post("/api/v1/feeds/" + duplicate.get("feed_id").asString() + "/reload", "", 201);
        assertThat(reloaded.get("records_loaded").asLong()).isEqualTo(2);
        assertThat(reloaded.get("source").asString()).isEqualTo("reload");
        assertThat(count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-02'"))
                .as("the slice is restored")
                .isEqualTo(2);

        JsonNode forced = await(commit(upload("sales_2025-03-02.csv", original), false, true));
        assertThat(forced.has("duplicate_of") && !forced.get("duplicate_of").isNull())
                .as("not a duplicate")
                .isFalse();
        assertThat(forced.get("records_loaded").asLong()).isEqualTo(2);
    }

    private JsonNode batch(String dataset, String data, boolean complete, int expected) throws Exception {
        return post(
                "/api/v1/ingest/batch",
                "{\"source_id\":\"shop\",\"data_type\":\"" + dataset + "\",\"format\":\"json\",\"complete\":" + complete
                        + ",\"data\":" + data + "}",
                expected);
    }

    private String upload(String name, String content) {
        return ApiClient.expect(api().upload("/api/v1/feeds/preview", name, content), 200)
                .get("upload_token")
                .asString();
    }

    private String commit(String token, boolean complete, boolean force) throws Exception {
        return post(
                        "/api/v1/feeds/commit",
                        "{\"upload_token\":\"" + token + "\",\"complete\":" + complete + ",\"force\":" + force + "}",
                        202)
                .get("feed_id")
                .asString();
    }

    /** Polls the feed until it is final (bounded: a busy CI machine gets minutes, not seconds). */
    private JsonNode await(String feedId) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode s = get("/api/v1/feeds/" + feedId + "/transform-status");
            if (s.get("status").asString().matches("transformed|failed")) {
                JsonNode feed = get("/api/v1/feeds/" + feedId);
                assertThat(feed.get("status").asString()).as(feed.toString()).isEqualTo("transformed");
                return feed;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("feed " + feedId + " did not finish in 3 minutes");
    }

    private long count(String sql) {
        return warehouse.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private JsonNode get(String path) {
        return api().get(path);
    }

    private JsonNode post(String path, String body, int expected) {
        return api().post(path, body, expected);
    }

    private ApiClient api() {
        return ApiClient.admin(port, tokens);
    }
}
