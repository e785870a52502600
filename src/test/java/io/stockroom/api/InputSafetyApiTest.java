package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.testdata.ApiClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #16 over real HTTP. The upload preview asks how day/month dates read when the file cannot prove it, and the
 * commit carries the answer. A request body larger than the server can hold is refused with 413 problem details naming the limit
 * and the setting, and the server keeps answering (today a 233 MB batch killed the HTTP poller). The limit is set low
 * here (4 MB) so the bodies stay small enough for a busy CI machine; the mechanism does not depend on the number.
 */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InputSafetyApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    io.stockroom.security.ApiTokens tokens;

    static Path dataDir;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("stockroom-limits");
        registry.add("stockroom.data-dir", dataDir::toString);
        registry.add("stockroom.api.max-body-size", () -> "4MB");
    }

    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofMinutes(1)).build();
    final JsonMapper json = JsonMapper.builder().build();

    /** A batch of store records of about {@code megabytes} MB. */
    private static byte[] storesBatch(int megabytes) {
        StringBuilder b = new StringBuilder("{\"data_type\":\"stores\",\"source_id\":\"pos\",\"data\":[");
        int i = 0;
        while (b.length() < megabytes << 20) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"store_id\":\"S")
                    .append(i)
                    .append("\",\"name\":\"Store number ")
                    .append(i++)
                    .append("\",\"area\":\"North\"}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413AndTheServerStillAnswers() throws Exception {
        HttpRequest big = api().request("/api/v1/ingest/batch")
                .header("Content-Type", "application/json")
                .expectContinue(true)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(storesBatch(20)))
                .build();
        HttpResponse<String> refused = http.send(big, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("code").asString()).isEqualTo("REQUEST_TOO_LARGE");
        assertThat(problem.get("detail").asString())
                .contains("stockroom.api.max-body-size")
                .contains("4,194,304 bytes");
        assertThat(problem.get("limit_bytes").asLong()).isEqualTo(4L << 20);

        stillAnswers();
    }

    @Test
    void aBodyOfUndeclaredLengthStopsAtTheLimit() throws Exception {
        // chunked: the server cannot know the size up front, so it counts while reading
        HttpRequest big = api().request("/api/v1/ingest/batch")
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(storesBatch(20))))
                .build();
        try {
            HttpResponse<String> refused = http.send(big, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
            assertThat(json.readTree(refused.body()).get("code").asString()).isEqualTo("REQUEST_TOO_LARGE");
        } catch (IOException connectionClosedWhileSending) {
            // the server may close the connection on the unread rest of the body before the client reads its answer
        }
        stillAnswers();
        JsonNode feeds = api().get("/api/v1/feeds?limit=200");
        for (JsonNode feed : feeds) {
            assertThat(feed.get("records_read").asLong())
                    .as("nothing of the refused body was loaded")
                    .isLessThan(1000);
        }
    }

    @Test
    void aBatchUnderTheLimitStreamsThroughAndLoads() throws Exception {
        byte[] body = storesBatch(3);
        HttpResponse<String> res = http.send(
                api().request("/api/v1/ingest/batch")
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode r = json.readTree(res.body());
        assertThat(r.get("records_received").asLong()).isGreaterThan(40_000);
        assertThat(r.get("records_loaded").asLong())
                .isEqualTo(r.get("records_received").asLong());
    }

    @Test
    void thePreviewAsksForTheDateOrderAndTheCommitCarriesTheAnswer() throws Exception {
        post(
                "/api/v1/ingest/batch",
                "{\"data_type\":\"stores\",\"data\":[{\"store_id\":\"D1\",\"name\":\"Derby\"}]}",
                201);
        post(
                "/api/v1/ingest/batch",
                "{\"data_type\":\"products\",\"data\":[{\"sku\":\"P1\",\"name\":\"Pear\"},{\"sku\":\"P2\",\"name\":\"Plum\"}]}",
                201);
        String csv = "store_id,sku,date,units_sold,total_sales\nD1,P1,03/05/2026,1,1.00\nD1,P2,04/05/2026,2,2.00\n";
        JsonNode asked = upload("sales_us.csv", csv);
        assertThat(asked.get("ask_date_order").toString()).isEqualTo("[\"date\"]");
        assertThat(asked.get("would_fail").asBoolean()).isTrue();
        assertThat(asked.get("failure").asString()).contains("stockroom.quality.slash-date-order");
        String token = asked.get("upload_token").asString();

        assertThat(post("/api/v1/feeds/preview/" + token, "{\"date_order\":\"YMD\"}", 400)
                        .get("detail")
                        .asString())
                .contains("DMY");
        // committing without an answer is refused: nothing is guessed
        assertThat(post("/api/v1/feeds/commit", "{\"upload_token\":\"" + token + "\"}", 422)
                        .get("detail")
                        .asString())
                .contains("day-first");

        JsonNode answered = post("/api/v1/feeds/preview/" + token, "{\"date_order\":\"MDY\"}", 200);
        assertThat(answered.get("ask_date_order")).isEmpty();
        assertThat(answered.get("would_fail").asBoolean()).isFalse();
        String feedId = post("/api/v1/feeds/commit", "{\"upload_token\":\"" + token + "\",\"date_order\":\"MDY\"}", 202)
                .get("feed_id")
                .asString();
        JsonNode feed = null;
        for (int i = 0; i < 600; i++) { // bounded: up to 2 minutes on a busy machine
            feed = api().get("/api/v1/feeds/" + feedId);
            if (feed.get("status").asString().matches("transformed|failed")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(feed.get("status").asString()).isEqualTo("transformed");
        assertThat(feed.get("summary").get("metrics").get("min_date").asString())
                .isEqualTo("2026-03-05");
        assertThat(feed.get("summary").get("metrics").get("max_date").asString())
                .isEqualTo("2026-04-05");
    }

    private JsonNode post(String path, String body, int expected) {
        return api().post(path, body, expected);
    }

    /**
     * A wrong method, body type, accepted type or path is answered like every other error: problem details with a code
     * and what to send instead (they were Spring Boot's bare {"status":415,"error":"Unsupported Media Type"}).
     */
    @Test
    void aWrongMethodBodyTypeOrPathIsAProblemThatSaysWhatToSend() throws Exception {
        record Case(HttpRequest request, int status, String says) {}
        List<Case> cases = List.of(
                new Case(
                        api().request("/api/v1/metrics/kpi")
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        405,
                        "GET"),
                new Case(
                        api().request("/api/v1/runs")
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("2026-01-01"))
                                .build(),
                        415,
                        "application/json"),
                new Case(
                        api().request("/api/v1/runs")
                                .header("Accept", "application/xml")
                                .GET()
                                .build(),
                        406,
                        "application/json"),
                new Case(api().request("/api/v1/no-such-thing").GET().build(), 404, "/api/docs"));
        for (Case c : cases) {
            HttpResponse<String> r = http.send(c.request(), HttpResponse.BodyHandlers.ofString());
            String what = c.request().method() + " " + c.request().uri().getPath();
            assertThat(r.statusCode()).as("%s: %s", what, r.body()).isEqualTo(c.status());
            if (c.status() == 406) {
                continue; // the client accepts no JSON, so no problem body can be sent; the status says it
            }
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.path("code").asString())
                    .as("%s: %s", what, r.body())
                    .isNotEmpty();
            assertThat(problem.path("detail").asString()).as(what).contains(c.says());
        }
    }

    /**
     * A body with a field the operation does not have is refused with a problem detail naming it. Before, only tokens,
     * users and simulations did: {@code "replya": true} started a plain run where a replay was meant (202), and a batch
     * with {@code "complet": true} was loaded as an addition, not as the complete slice of its dates.
     */
    @Test
    void aBodyFieldTheOperationDoesNotHaveIsRefusedAndNamed() throws Exception {
        record Case(String method, String path, String body, String field) {}
        List<Case> cases = List.of(
                new Case("POST", "/api/v1/runs", "{\"date\":\"2026-03-05\",\"replya\":true}", "replya"),
                new Case(
                        "POST",
                        "/api/v1/ingest/batch",
                        "{\"data_type\":\"stores\",\"source_id\":\"x\",\"complet\":true,\"data\":[{\"store_id\":\"T1\",\"name\":\"T\"}]}",
                        "complet"),
                new Case(
                        "PUT",
                        "/api/v1/expected/rules",
                        "{\"dataset\":\"sales\",\"applies_to\":\"2026-12-25\",\"expected\":false,\"nte\":\"Christmas\"}",
                        "nte"),
                new Case(
                        "POST",
                        "/api/v1/replenishment/recommendations/1/override",
                        "{\"quantity\":5,\"reasn\":\"promo\"}",
                        "reasn"),
                new Case("POST", "/api/v1/exports/xlsx", "{\"name\":\"t\",\"header\":[\"a\"],\"rowz\":[]}", "rowz"),
                new Case(
                        "POST",
                        "/api/v1/exports/pdf",
                        "{\"title\":\"t\",\"kpis\":[{\"label\":\"a\",\"value\":\"1\",\"detial\":\"x\"}]}",
                        "kpis[0].detial"));
        for (Case c : cases) {
            HttpResponse<String> r = http.send(
                    api().request(c.path())
                            .header("Content-Type", "application/json")
                            .method(c.method(), HttpRequest.BodyPublishers.ofString(c.body()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String what = c.method() + " " + c.path();
            assertThat(r.statusCode()).as("%s: %s", what, r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.path("code").asString()).as(what).isEqualTo("BAD_PARAMETER");
            assertThat(problem.path("detail").asString())
                    .as("%s: %s", what, r.body())
                    .contains("'" + c.field() + "'")
                    .contains("not a field");
        }
        assertThat(http.send(api().request("/api/v1/runs").GET().build(), HttpResponse.BodyHandlers.ofString())
                        .body())
                .as("no run started by the refused body")
                .doesNotContain("2026-03-05");
    }

    private JsonNode upload(String name, String content) {
        return ApiClient.expect(api().upload("/api/v1/feeds/preview", name, content), 200);
    }

    private void stillAnswers() {
        api().get("/api/v1/feeds");
        post(
                "/api/v1/ingest/batch",
                "{\"data_type\":\"stores\",\"source_id\":\"after\",\"data\":[{\"store_id\":\"Z" + System.nanoTime()
                        + "\",\"name\":\"After\"}]}",
                201);
    }

    private ApiClient api() {
        return ApiClient.admin(port, tokens);
    }
}
