package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.testdata.TestAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every number a user can type is bounded and every error answer is clean, checked on the live OpenAPI document
 * (so a new endpoint or parameter cannot be forgotten): absurd numbers are refused with a 400 that names the
 * parameter, never a 500, and no error carries a server path, a Java class or an engine message.
 */
class ApiInputBoundsTest extends WebAppTest {

    /** What must never reach a client: the server's directories, Java internals, DuckDB's messages. */
    static final List<String> LEAKS = List.of(
            "Exception",
            "java.",
            "at io.stockroom",
            "Catalog Error",
            "Binder Error",
            "Parser Error",
            "Conversion Error",
            "Invalid Input Error",
            "SQLException",
            "duckdb",
            "SELECT ");

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyNumericQueryParameterRefusesAbsurdValuesWithItsName() {
        String admin = TestAccess.adminBearer(tokens);
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> op : operations("get")) {
            for (JsonNode p : op.getValue().path("parameters")) {
                String type = p.path("schema").path("type").asString("");
                if (!p.path("in").asString().equals("query") || !(type.equals("integer") || type.equals("number"))) {
                    continue;
                }
                String name = p.get("name").asString();
                String path = op.getKey();
                checked.add(path + "?" + name);
                for (String value : List.of("-1", "2000000000", "99999999999999999999", "1e309", "NaN", "12abc")) {
                    boolean offsetMayBeLarge = name.equals("offset") && value.equals("2000000000");
                    HttpResponse<String> r = send(
                            "GET",
                            path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
                            admin,
                            null);
                    if (offsetMayBeLarge) {
                        assertThat(r.statusCode())
                                .as("GET %s?%s=%s: %s", path, name, value, r.body())
                                .isIn(200, 400);
                        continue;
                    }
                    assertThat(r.statusCode())
                            .as("GET %s?%s=%s: %s", path, name, value, r.body())
                            .isEqualTo(400);
                    assertThat(JSON.readTree(r.body()).path("detail").asString())
                            .as("GET %s?%s=%s", path, name, value)
                            .contains(name);
                    assertClean(r, path);
                }
            }
        }
        assertThat(checked)
                .as("numeric parameters found in the OpenAPI document")
                .hasSizeGreaterThan(5);
    }

    @Test
    void datesFarInThePastOrFutureAreAnsweredNotCrashedOn() {
        String admin = TestAccess.adminBearer(tokens);
        for (Map.Entry<String, JsonNode> op : operations("get")) {
            for (JsonNode p : op.getValue().path("parameters")) {
                boolean date = p.path("schema").path("format").asString("").equals("date")
                        || List.of("date", "from", "to").contains(p.path("name").asString());
                if (!p.path("in").asString().equals("query") || !date) {
                    continue;
                }
                for (String value : List.of("0001-01-01", "9999-12-31", "2024-02-30", "yesterday")) {
                    HttpResponse<String> r =
                            send("GET", op.getKey() + "?" + p.get("name").asString() + "=" + value, admin, null);
                    assertThat(r.statusCode())
                            .as("GET %s?%s=%s: %s", op.getKey(), p.get("name").asString(), value, r.body())
                            .isIn(200, 400, 404);
                    assertClean(r, op.getKey());
                }
            }
        }
        HttpResponse<String> range =
                send("GET", "/api/v1/metrics/trend?group_by=day&from=0001-01-01&to=9999-12-31", admin, null);
        assertThat(range.statusCode()).as(range.body()).isEqualTo(400);
        assertThat(range.body()).contains("range");
    }

    @Test
    void malformedOrOutOfRangeBodiesAreRefusedCleanly() {
        String admin = TestAccess.adminBearer(tokens);
        int posts = 0;
        for (Map.Entry<String, JsonNode> op : operations("post")) {
            if (!op.getValue().has("requestBody")) {
                continue; // nothing to send wrong (erase, apply, export take no body)
            }
            posts++;
            for (String body : List.of(
                    "{",
                    "[]",
                    "{\"quantity\":1e400,\"limit\":-1,\"date\":\"9999-99-99\",\"expires_at\":\"tomorrow\"}")) {
                HttpResponse<String> r = send("POST", op.getKey(), admin, body);
                assertThat(r.statusCode())
                        .as("POST %s %s: %s", op.getKey(), body, r.body())
                        .isBetween(400, 499);
                assertClean(r, op.getKey());
            }
        }
        assertThat(posts).isGreaterThan(5);
        // a number beyond its field's type names the field
        HttpResponse<String> huge = send(
                "POST",
                "/api/v1/replenishment/recommendations/1/override",
                admin,
                "{\"quantity\":1e400,\"reason\":\"x\"}");
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
        assertThat(JSON.readTree(huge.body()).path("parameter").asString()).isEqualTo("quantity");
    }

    @Test
    void anAbsurdPriceTypedForANewProductIsRefusedAndNothingIsCreated() {
        String admin = TestAccess.adminBearer(tokens);
        String boundary = "----bounds" + System.nanoTime();
        String multipart = "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sales_bounds.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + "store_id,sku,date,units_sold,total_sales\r\nS001,ZZZ-BOUNDS-1,2001-01-01,1,1\r\n--" + boundary
                + "--\r\n";
        HttpResponse<String> preview =
                http(HttpRequest.newBuilder(URI.create(url("/api/v1/feeds/preview?dataset=sales")))
                        .header("Authorization", admin)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(multipart))
                        .build());
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        String token = JSON.readTree(preview.body()).get("upload_token").asString();
        for (String price : List.of("1e15", "-5", "99999999999999999999")) {
            HttpResponse<String> r = send(
                    "POST",
                    "/api/v1/feeds/auto-create-products",
                    admin,
                    "{\"upload_token\":\"" + token
                            + "\",\"products\":[{\"sku\":\"ZZZ-BOUNDS-1\",\"name\":\"Bounds\",\"unit_price\":" + price
                            + "}]}");
            assertThat(r.statusCode()).as("unit_price %s: %s", price, r.body()).isIn(400, 422);
            assertThat(r.body()).contains("unit_price");
            assertClean(r, "/api/v1/feeds/auto-create-products");
        }
        assertThat(sqlLong("SELECT count(*) FROM products WHERE sku = 'ZZZ-BOUNDS-1'"))
                .isZero();
    }

    void assertClean(HttpResponse<String> r, String path) {
        assertThat(r.statusCode()).as("%s answered %s", path, r.body()).isNotEqualTo(500);
        assertThat(r.body())
                .as(path)
                .doesNotContain(
                        DATA_DIR.toString(),
                        System.getProperty("java.io.tmpdir") + "/",
                        System.getProperty("user.dir"));
        for (String leak : LEAKS) {
            assertThat(r.body()).as("%s leaks '%s'", path, leak).doesNotContain(leak);
        }
    }

    List<Map.Entry<String, JsonNode>> operations(String method) {
        JsonNode doc = JSON.readTree(send("GET", "/api/docs/openapi.json", TestAccess.adminBearer(tokens), null)
                .body());
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            if (path.getKey().startsWith("/api/") && path.getValue().has(method)) {
                out.add(Map.entry(
                        path.getKey().replaceAll("\\{[^}]+}", "1"),
                        path.getValue().get(method)));
            }
        }
        return out;
    }

    HttpResponse<String> send(String method, String path, String authorization, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", authorization)
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        return http(b.build());
    }

    HttpResponse<String> http(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
