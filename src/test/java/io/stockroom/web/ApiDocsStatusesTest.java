package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.ApiClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * /api/docs gives each operation the success status it answers. To answer them, this test adds stores, a product, a
 * user and a run: it runs its own application over its own warehouse, not the one the other web tests share
 * ({@link WebAppTest}), whose stores and products they pick their cases from (with these stores added, the first store
 * was "DOC1", without an area or sales).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocsStatusesTest {

    static final Path DATA_DIR = WebAppTest.tempDir("stockroom-web-apidocs-");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
        registry.add("stockroom.admin-password", () -> WebAppTest.ADMIN_PASSWORD);
        registry.add("stockroom.api.max-body-size", () -> "64KB");
    }

    ApiClient client() {
        return ApiClient.admin(port, tokens);
    }

    HttpResponse<String> send(String method, String path, String json) {
        return client().send(method, path, json);
    }

    /**
     * Each operation is documented with the success status it answers. Before, a removed user (204), an ingested batch
     * (201) and products created from an upload (201) were documented as 200, so a generated client took the real
     * answer for an undocumented one. Every operation the document gives a success other than 200 is called here, and
     * so is every operation known to answer one.
     */
    @Test
    void everyOperationIsDocumentedWithTheSuccessStatusItAnswers() {
        JsonNode doc = JSON.readTree(
                client().send("GET", "/api/docs/openapi.json", null).body());
        record Call(String method, String path, String url, String body, int status) {}
        List<Call> calls = List.of(
                new Call(
                        "POST",
                        "/api/v1/tokens",
                        "/api/v1/tokens",
                        "{\"name\":\"docs-check\",\"roles\":[\"read_only\"]}",
                        201),
                new Call(
                        "POST",
                        "/api/v1/users",
                        "/api/v1/users",
                        "{\"name\":\"docs-check\",\"password\":\"docs-check-password-1\",\"roles\":[\"read_only\"]}",
                        201),
                new Call("DELETE", "/api/v1/users/{username}", "/api/v1/users/docs-check", null, 204),
                new Call(
                        "POST",
                        "/api/v1/ingest/batch",
                        "/api/v1/ingest/batch",
                        "{\"data_type\":\"stores\",\"source_id\":\"docs\",\"data\":[{\"store_id\":\"DOC1\",\"name\":\"Docs\"}]}",
                        201),
                new Call("POST", "/api/v1/runs", "/api/v1/runs", "{\"date\":\"2020-01-01\"}", 202));
        java.util.Set<String> called = new java.util.TreeSet<>();
        Map<String, String> wrong = new TreeMap<>();
        for (Call c : calls) {
            answers(doc, c.method(), c.path(), send(c.method(), c.url(), c.body()), c.status(), called, wrong);
        }
        // an upload's products created, its commit, a feed loaded again: each needs what the one before answered
        JsonNode preview = ApiClient.expect(
                client().upload("/api/v1/feeds/preview", "docs-stores.csv", "store_id,name\nDOC2,Docs 2\n"), 200);
        String token = preview.path("upload_token").asString();
        HttpResponse<String> products = send(
                "POST",
                "/api/v1/feeds/auto-create-products",
                "{\"upload_token\":\"" + token + "\",\"products\":[{\"sku\":\"DOCS-" + System.nanoTime()
                        + "\",\"name\":\"Docs product\"}]}");
        // 201 when a product was created, 200 when none was missing: both documented
        answers(doc, "POST", "/api/v1/feeds/auto-create-products", products, 201, called, wrong, "200");
        String feed = JSON.readTree(products.body()).path("feed_id").asString();
        answers(
                doc,
                "POST",
                "/api/v1/feeds/{id}/reload",
                send("POST", "/api/v1/feeds/" + feed + "/reload", null),
                201,
                called,
                wrong);
        answers(
                doc,
                "POST",
                "/api/v1/feeds/commit",
                send("POST", "/api/v1/feeds/commit", "{\"upload_token\":\"" + token + "\",\"dataset\":\"stores\"}"),
                202,
                called,
                wrong);
        // the operations the document itself gives another success than 200 are among those called
        for (var path : doc.get("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                List<String> documented = successes(doc, operation.getKey(), path.getKey());
                String op = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                if (documented.stream().anyMatch(code -> !code.equals("200")) && !called.contains(op)) {
                    called.add(op + " (documented " + documented + ", not called)");
                }
            }
        }
        assertThat(wrong)
                .as("operations documented with another success than they answer")
                .isEmpty();
        assertThat(called)
                .as("operations with a success other than 200 that this test does not call")
                .allSatisfy(op -> assertThat(op).doesNotContain("not called"));
    }

    /**
     * Each error an operation answers is in the document too: before, none of the 409s (a token name in use, revoking a
     * revoked token, a user that exists, changing or removing the last admin), the 410 of an expired upload, nor the
     * 413, 415, 429 and 503 any operation may answer were listed, so a client generated from the document took them
     * for undocumented answers. Each is provoked here for real, and its status must be one the document gives that
     * operation; every operation must list those any operation may answer.
     */
    @Test
    void everyErrorAnOperationAnswersIsInTheDocument() {
        JsonNode doc = JSON.readTree(
                client().send("GET", "/api/docs/openapi.json", null).body());
        Map<String, String> missing = new TreeMap<>();
        record Call(String method, String path, String url, String body, int status) {}
        String token = JSON.readTree(
                        send("POST", "/api/v1/tokens", "{\"name\":\"errors-check\",\"roles\":[\"read_only\"]}")
                                .body())
                .path("info")
                .path("id")
                .asString();
        send("DELETE", "/api/v1/tokens/" + token, null);
        send(
                "POST",
                "/api/v1/users",
                "{\"name\":\"errors-check\",\"password\":\"errors-check-password-1\",\"roles\":[\"read_only\"]}");
        List<Call> calls = List.of(
                new Call(
                        "POST",
                        "/api/v1/tokens",
                        "/api/v1/tokens",
                        "{\"name\":\"errors-check-twice\",\"roles\":[\"read_only\"]}",
                        201),
                new Call(
                        "POST",
                        "/api/v1/tokens",
                        "/api/v1/tokens",
                        "{\"name\":\"errors-check-twice\",\"roles\":[\"read_only\"]}",
                        409),
                new Call("DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/" + token, null, 409),
                new Call(
                        "POST",
                        "/api/v1/users",
                        "/api/v1/users",
                        "{\"name\":\"errors-check\",\"password\":\"errors-check-password-1\",\"roles\":[\"read_only\"]}",
                        409),
                new Call("PATCH", "/api/v1/users/{username}", "/api/v1/users/admin", "{\"disabled\":true}", 409),
                new Call("DELETE", "/api/v1/users/{username}", "/api/v1/users/admin", null, 409),
                new Call(
                        "POST",
                        "/api/v1/feeds/commit",
                        "/api/v1/feeds/commit",
                        "{\"upload_token\":\"00000000-0000-0000-0000-000000000000\",\"dataset\":\"stores\"}",
                        410),
                new Call(
                        "POST",
                        "/api/v1/feeds/preview/{token}",
                        "/api/v1/feeds/preview/00000000-0000-0000-0000-000000000000",
                        "{}",
                        410),
                new Call("POST", "/api/v1/tokens", "/api/v1/tokens", "{\"name\":\"" + "x".repeat(70_000) + "\"}", 413));
        for (Call c : calls) {
            HttpResponse<String> r = send(c.method(), c.url(), c.body());
            assertThat(r.statusCode())
                    .as("%s %s: %s", c.method(), c.url(), r.body())
                    .isEqualTo(c.status());
            documents(doc, c.method(), c.path(), r.statusCode(), missing);
        }
        HttpResponse<String> wrongType = client().send(client().request("/api/v1/tokens")
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name"))
                .build());
        assertThat(wrongType.statusCode()).as(wrongType.body()).isEqualTo(415);
        documents(doc, "POST", "/api/v1/tokens", 415, missing);

        // what any operation may answer, every operation lists
        for (var path : doc.get("paths").properties()) {
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                for (int status : List.of(401, 429, 503)) {
                    documents(doc, method, path.getKey(), status, missing);
                }
                if (operation.getValue().has("requestBody")) {
                    for (int status : List.of(413, 415)) {
                        documents(doc, method, path.getKey(), status, missing);
                    }
                }
            }
        }
        assertThat(missing)
                .as("answers the document does not give the operation")
                .isEmpty();
    }

    private static void documents(JsonNode doc, String method, String path, int status, Map<String, String> missing) {
        JsonNode responses = doc.path("paths")
                .path(path)
                .path(method.toLowerCase(java.util.Locale.ROOT))
                .path("responses");
        if (!responses.has(String.valueOf(status))) {
            missing.merge(method + " " + path, String.valueOf(status), (a, b) -> a + ", " + b);
        }
    }

    /**
     * Checks that {@code r} is {@code status} and that the successes the document gives the operation are that one and
     * {@code otherSuccesses} (those it answers in other cases), no 200 it never answers.
     */
    private static void answers(
            JsonNode doc,
            String method,
            String path,
            HttpResponse<String> r,
            int status,
            java.util.Set<String> called,
            Map<String, String> wrong,
            String... otherSuccesses) {
        String op = method + " " + path;
        called.add(op);
        assertThat(r.statusCode()).as("%s: %s", op, r.body()).isEqualTo(status);
        java.util.Set<String> answered = new java.util.TreeSet<>(List.of(otherSuccesses));
        answered.add(String.valueOf(status));
        List<String> documented = successes(doc, method, path);
        if (!new java.util.TreeSet<>(documented).equals(answered)) {
            wrong.put(op, "answers " + answered + ", documented " + documented);
        }
    }

    /** The 2xx answers the document gives an operation. */
    private static List<String> successes(JsonNode doc, String method, String path) {
        List<String> out = new ArrayList<>();
        for (String code : doc.path("paths")
                .path(path)
                .path(method.toLowerCase(java.util.Locale.ROOT))
                .path("responses")
                .propertyNames()) {
            if (code.startsWith("2")) {
                out.add(code);
            }
        }
        return out;
    }
}
