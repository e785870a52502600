package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.testdata.Workbooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The upload workbench and the batch API over real HTTP against a real warehouse. */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeedsApiTest {

    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("stockroom-api");
        registry.add("stockroom.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @org.springframework.beans.factory.annotation.Autowired
    io.stockroom.security.ApiTokens tokens;

    @org.springframework.beans.factory.annotation.Autowired
    io.stockroom.warehouse.Warehouse warehouse;

    /** Every call signs in with an admin API token of this application. */
    HttpRequest.Builder authed(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", io.stockroom.testdata.TestAccess.adminBearer(tokens));
    }

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void previewFixCommitAndPollUntilTransformed() throws Exception {
        batch("stores", "[{\"store_id\":\"S1\",\"name\":\"Leeds\"}]");
        batch(
                "products",
                "[{\"sku\":\"A\",\"name\":\"Apple\",\"unit_cost\":0.5,\"unit_price\":1.0},{\"sku\":\"B\",\"name\":\"Banana\"}]");
        String csv = "Shop,Article,Day,Qty,Takings\nS1,A,2025-04-01,2,2.00\nS1,B,2025-04-01,1,0.40\n";
        JsonNode preview = upload("pos_export.csv", csv, null);
        assertThat(preview.get("missing_required").toString()).contains("total_sales");
        String token = preview.get("upload_token").asString();

        // The user maps the unknown headers and previews again.
        JsonNode fixed = post(
                "/api/v1/feeds/preview/" + token,
                "{\"dataset\":\"sales\",\"mapping\":{\"Takings\":\"total_sales\"}}",
                200);
        assertThat(fixed.get("dataset").asString()).isEqualTo("sales");
        assertThat(fixed.get("missing_required")).isEmpty();
        assertThat(fixed.get("rows")).hasSize(2);
        assertThat(fixed.get("mapping").toString())
                .contains("{\"header\":\"Takings\",\"column\":\"total_sales\",\"required\":true}");

        JsonNode committed = post(
                "/api/v1/feeds/commit",
                "{\"upload_token\":\"" + token + "\",\"dataset\":\"sales\",\"mapping\":{\"Takings\":\"total_sales\"}}",
                202);
        String feedId = committed.get("feed_id").asString();
        JsonNode status = transformEnd(feedId, 100, 200);
        assertThat(status.get("status").asString()).isEqualTo("transformed");
        assertThat(status.get("records_loaded").asLong()).isEqualTo(2);
        JsonNode feed = get("/api/v1/feeds/" + feedId, 200);
        assertThat(feed.get("summary").get("metrics").get("gross_revenue").asDouble())
                .isEqualTo(2.4);

        // The token is spent.
        post("/api/v1/feeds/commit", "{\"upload_token\":\"" + token + "\"}", 410);
    }

    /** Sales for S7 by month, one sheet per month, and a sheet of returns with other columns. */
    private static byte[] salesByMonthWorkbook() {
        java.util.List<Workbooks.Sheet> months = new java.util.ArrayList<>();
        for (String[] month : new String[][] {{"Jan", "2025-01-15"}, {"Feb", "2025-02-15"}}) {
            months.add(Workbooks.sheet(
                    month[0],
                    Workbooks.row("store_id", "sku", "date", "units_sold", "total_sales"),
                    Workbooks.row("S7", "W1", month[1], 1, 3),
                    Workbooks.row("S7", "W2", month[1], 2, 6)));
        }
        return Workbooks.bytes(
                months.get(0),
                months.get(1),
                Workbooks.sheet("Returns", Workbooks.row("store_id", "returned"), Workbooks.row("S7", 1)));
    }

    @Test
    void aWorkbookPreviewListsItsSheetsAndTheLoadReadsTheSheetPicked() throws Exception {
        batch("stores", "[{\"store_id\":\"S7\",\"name\":\"Hull\"}]");
        batch("products", "[{\"sku\":\"W1\",\"name\":\"Wool\"},{\"sku\":\"W2\",\"name\":\"Wax\"}]");
        byte[] workbook = salesByMonthWorkbook();

        JsonNode whole = upload("sales_2025.xlsx", workbook, java.util.Map.of());
        assertThat(whole.get("dataset").asString()).isEqualTo("sales");
        assertThat(whole.get("records_read").asLong()).as("both months").isEqualTo(4);
        assertThat(whole.get("sheets").toString())
                .isEqualTo("[{\"name\":\"Jan\",\"rows\":2,\"read\":true},{\"name\":\"Feb\",\"rows\":2,\"read\":true},"
                        + "{\"name\":\"Returns\",\"rows\":1,\"read\":false}]");
        assertThat(whole.get("issues").toString()).contains("SHEETS_NOT_READ").contains("'Returns' (1 row)");

        // the user picks February alone: the preview and the load read that sheet only
        String token = whole.get("upload_token").asString();
        JsonNode feb = post("/api/v1/feeds/preview/" + token, "{\"dataset\":\"sales\",\"sheet\":\"Feb\"}", 200);
        assertThat(feb.get("sheet").asString()).isEqualTo("Feb");
        assertThat(feb.get("records_read").asLong()).isEqualTo(2);
        assertThat(feb.get("issues").toString()).doesNotContain("SHEETS_NOT_READ");
        String feedId = post(
                        "/api/v1/feeds/commit",
                        "{\"upload_token\":\"" + token + "\",\"dataset\":\"sales\",\"sheet\":\"Feb\"}",
                        202)
                .get("feed_id")
                .asString();
        JsonNode status = transformEnd(feedId, 600, 100);
        assertThat(status.get("status").asString()).isEqualTo("transformed");
        assertThat(status.get("records_loaded").asLong()).isEqualTo(2);
        assertThat(io.stockroom.testdata.Sql.count(
                        warehouse,
                        "SELECT count(*) FROM sales WHERE store_id = 'S7' AND business_date = DATE '2025-02-15'"))
                .isEqualTo(2);
        assertThat(io.stockroom.testdata.Sql.count(
                        warehouse,
                        "SELECT count(*) FROM sales WHERE store_id = 'S7' AND business_date = DATE '2025-01-15'"))
                .as("January's sheet was not picked")
                .isZero();
        assertThat(io.stockroom.testdata.Sql.count(
                        warehouse, "SELECT count(*) FROM feeds WHERE feed_id = '" + feedId + "' AND sheet = 'Feb'"))
                .as("the feed records the sheet it read, so a replay reads it again")
                .isEqualTo(1);

        // a sheet can be named with the upload itself too
        JsonNode jan = upload("sales_2025.xlsx", workbook, java.util.Map.of("sheet", "Jan", "dataset", "sales"));
        assertThat(jan.get("records_read").asLong()).isEqualTo(2);
        assertThat(jan.get("sheet").asString()).isEqualTo("Jan");
    }

    @Test
    void aBadFileIsRefusedWithItsRowErrorsAndLoadsNothing() throws Exception {
        batch("stores", "[{\"store_id\":\"S2\",\"name\":\"York\"}]");
        batch("products", "[{\"sku\":\"A\",\"name\":\"Apple\"}]");
        JsonNode preview = upload(
                "sales_bad.csv",
                "store_id,sku,date,units_sold,total_sales\nS2,A,2025-04-02,x,y\nS2,A,2025-04-03,1,1\n",
                "sales");
        assertThat(preview.get("would_fail").asBoolean()).isTrue();
        assertThat(preview.get("rows").get(0).get("flags").toString()).contains("INVALID_NUMBER");
        JsonNode refused = post(
                "/api/v1/feeds/commit",
                "{\"upload_token\":\"" + preview.get("upload_token").asString() + "\"}",
                422);
        assertThat(refused.get("code").asString()).isEqualTo("ROW_ERRORS");
        assertThat(refused.get("row_errors").asLong()).isEqualTo(1);
        assertThat(refused.get("rows").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(get("/api/v1/feeds?dataset=sales&status=transformed", 200).toString())
                .doesNotContain("sales_bad.csv");
    }

    @Test
    void unknownSkusComeWithSuggestionsAndCanBeCreatedInline() throws Exception {
        batch("stores", "[{\"store_id\":\"S3\",\"name\":\"Hull\"}]");
        batch(
                "products",
                "[{\"sku\":\"CHOC-70\",\"name\":\"Dark chocolate 70%\"},{\"sku\":\"MILK-1L\",\"name\":\"Milk 1L\"}]");
        JsonNode preview = upload(
                "sales_new.csv", "store_id,sku,date,units_sold,total_sales\nS3,CHOC-7O,2025-04-02,1,2\n", "sales");
        JsonNode unknown = preview.get("unknown_skus").get(0);
        assertThat(unknown.get("sku").asString()).isEqualTo("CHOC-7O");
        assertThat(unknown.get("suggestions").get(0).get("sku").asString()).isEqualTo("CHOC-70");
        JsonNode created = post(
                "/api/v1/feeds/auto-create-products",
                "{\"upload_token\":\"" + preview.get("upload_token").asString()
                        + "\",\"products\":[{\"sku\":\"CHOC-7O\",\"name\":\"Chocolate orange\",\"category\":\"Sweets\"}]}",
                201);
        assertThat(created.get("status").asString()).isEqualTo("transformed");
        assertThat(created.get("products").toString()).isEqualTo("{\"Chocolate orange\":\"CHOC-7O\"}");
        assertThat(created.get("created").toString()).isEqualTo("[\"CHOC-7O\"]");
        JsonNode again =
                post("/api/v1/feeds/preview/" + preview.get("upload_token").asString(), "{\"dataset\":\"sales\"}", 200);
        assertThat(again.get("unknown_skus")).isEmpty();
        // an existing product is never overwritten from here: only the missing one is created, and the answer maps
        // every name to its id
        JsonNode mixed = post(
                "/api/v1/feeds/auto-create-products",
                "{\"upload_token\":\"" + preview.get("upload_token").asString()
                        + "\",\"products\":[{\"sku\":\"CHOC-70\",\"name\":\"Renamed by mistake\"},{\"sku\":\"FUDGE-1\",\"name\":\"Fudge\"}]}",
                201);
        assertThat(mixed.get("products").toString())
                .isEqualTo("{\"Renamed by mistake\":\"CHOC-70\",\"Fudge\":\"FUDGE-1\"}");
        assertThat(mixed.get("created").toString()).isEqualTo("[\"FUDGE-1\"]");
        assertThat(mixed.get("existing").toString()).isEqualTo("[\"CHOC-70\"]");
        JsonNode none = post(
                "/api/v1/feeds/auto-create-products",
                "{\"upload_token\":\"" + preview.get("upload_token").asString()
                        + "\",\"products\":[{\"sku\":\"CHOC-70\",\"name\":\"Renamed again\"}]}",
                200);
        assertThat(none.get("created")).isEmpty();
        assertThat(none.has("feed_id")).isFalse();
        assertThat(io.stockroom.testdata.Sql.scalar(
                        warehouse, String.class, "SELECT name FROM products WHERE sku = 'CHOC-70'"))
                .isEqualTo("Dark chocolate 70%");
        // the upload token is required, and it is the uploader's: another user cannot use it
        post("/api/v1/feeds/auto-create-products", "{\"products\":[{\"sku\":\"NEW-1\",\"name\":\"New\"}]}", 400);
        String other = "Bearer "
                + tokens.create(
                                "other uploader",
                                java.util.EnumSet.of(io.stockroom.security.Role.DATA_ENGINEER),
                                java.util.Set.of(),
                                java.util.Set.of(),
                                null,
                                "test")
                        .token();
        String token = preview.get("upload_token").asString();
        for (String[] call : new String[][] {
            {
                "/api/v1/feeds/auto-create-products",
                "{\"upload_token\":\"" + token + "\",\"products\":[{\"sku\":\"NEW-2\"}]}"
            },
            {"/api/v1/feeds/preview/" + token, "{\"dataset\":\"sales\"}"},
            {"/api/v1/feeds/commit", "{\"upload_token\":\"" + token + "\"}"}
        }) {
            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + call[0]))
                            .header("Authorization", other)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(call[1]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(call[0] + " " + refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("belongs to another user");
        }
        assertThat(io.stockroom.testdata.Sql.count(warehouse, "SELECT count(*) FROM products WHERE sku = 'NEW-2'"))
                .isZero();
        // the uploader still can
        post("/api/v1/feeds/commit", "{\"upload_token\":\"" + token + "\",\"dataset\":\"sales\"}", 202);
    }

    @Test
    void badRequestsGetProblemDetailsThatNameTheParameter() throws Exception {
        JsonNode p = get("/api/v1/feeds?limit=0", 400);
        assertThat(p.get("code").asString()).isEqualTo("BAD_PARAMETER");
        assertThat(p.get("detail").asString()).contains("'limit'");
        assertThat(get("/api/v1/feeds/nope", 404).get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(post("/api/v1/feeds/commit", "{\"upload_token\":\"" + UUID.randomUUID() + "\"}", 410)
                        .get("code")
                        .asString())
                .isEqualTo("UPLOAD_TOKEN_EXPIRED");
        assertThat(post("/api/v1/runs", "{}", 400).get("detail").asString()).contains("'date'");
        assertThat(post("/api/v1/ingest/batch", "{\"data_type\":\"sales\",\"data\":[]}", 400)
                        .get("detail")
                        .asString())
                .contains("data");
    }

    @Test
    void theBatchApiFeedsTheSamePathAsAFile() throws Exception {
        JsonNode r = post(
                "/api/v1/ingest/batch",
                "{\"source_id\":\"erp\",\"data_type\":\"stores\",\"format\":\"json\",\"data\":[{\"Store Number\":\"S7\","
                        + "\"Store Name\":\"Bath\",\"Region\":\"South West\"}]}",
                201);
        assertThat(r.get("records_received").asLong()).isEqualTo(1);
        assertThat(r.get("validation_status").asString()).isEqualTo("accepted");
        JsonNode feed = get("/api/v1/feeds/" + r.get("feed_id").asString(), 200);
        assertThat(feed.get("source").asString()).isEqualTo("api");
        assertThat(feed.get("dataset").asString()).isEqualTo("stores");
    }

    @Test
    void aRunTriggeredThroughTheApiIsRecordedWithItsStages() throws Exception {
        JsonNode started = post("/api/v1/runs", "{\"date\":\"2025-05-01\"}", 202);
        String runId = started.get("run_id").asString();
        JsonNode run = null;
        for (int i = 0; i < 100; i++) {
            Thread.sleep(200);
            HttpResponse<String> res =
                    http.send(authed(uri("/api/v1/runs/" + runId)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 200) {
                run = json.readTree(res.body());
                if (!run.get("status").asString().equals("running")) {
                    break;
                }
            }
        }
        assertThat(run).isNotNull();
        assertThat(run.get("status").asString()).isIn("succeeded", "warning");
        assertThat(run.get("trigger").asString()).isEqualTo("api");
        assertThat(run.get("stages").get(0).get("name").asString()).isEqualTo("ingest");
        assertThat(run.get("summary").get("feeds").isNumber()).isTrue();
        assertThat(get("/api/v1/runs?limit=5", 200).toString()).contains(runId);
    }

    @Test
    void theApiIsDocumentedWithOpenApi() throws Exception {
        JsonNode doc = get("/api/docs/openapi.json", 200);
        assertThat(doc.get("paths").has("/api/v1/feeds/preview")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/metrics/kpi")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/replenishment/recommendations"))
                .isTrue();
        HttpResponse<String> ui =
                http.send(authed(uri("/api/docs")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isIn(200, 302);
    }

    private void batch(String dataset, String data) throws Exception {
        post(
                "/api/v1/ingest/batch",
                "{\"source_id\":\"test\",\"data_type\":\"" + dataset + "\",\"format\":\"json\",\"data\":" + data + "}",
                201);
    }

    private JsonNode upload(String name, byte[] content, java.util.Map<String, String> fields) throws Exception {
        String boundary = "----stockroom" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                            + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = authed(uri("/api/v1/feeds/preview"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return send(req, 200);
    }

    private JsonNode upload(String name, String content, String dataset) throws Exception {
        String boundary = "----stockroom" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        if (dataset != null) {
            body.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\n")
                    .append(dataset)
                    .append("\r\n");
        }
        body.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(name)
                .append("\"\r\nContent-Type: text/csv\r\n\r\n")
                .append(content)
                .append("\r\n--")
                .append(boundary)
                .append("--\r\n");
        HttpRequest req = authed(uri("/api/v1/feeds/preview"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        return send(req, 200);
    }

    /** The feed's transform status once it is transformed or failed, asking at most {@code times}, {@code stepMillis} apart. */
    private JsonNode transformEnd(String feedId, int times, long stepMillis) throws Exception {
        JsonNode status = null;
        for (int i = 0; i < times; i++) {
            status = get("/api/v1/feeds/" + feedId + "/transform-status", 200);
            if (status.get("status").asString().matches("transformed|failed")) {
                break;
            }
            Thread.sleep(stepMillis);
        }
        return status;
    }

    private JsonNode get(String path, int expected) throws Exception {
        return send(authed(uri(path)).GET().build(), expected);
    }

    private JsonNode post(String path, String body, int expected) throws Exception {
        return send(
                authed(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expected);
    }

    private JsonNode send(HttpRequest req, int expected) throws Exception {
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(req.uri() + " → " + res.body()).isEqualTo(expected);
        return json.readTree(res.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
