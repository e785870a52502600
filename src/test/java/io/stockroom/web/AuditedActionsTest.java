package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.Role;
import io.stockroom.testdata.Sql;
import io.stockroom.testdata.TestAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The audit section of issue 9, action by action over real HTTP: dashboard page views, CSV downloads, uploads,
 * commits, master-data changes, user changes, token use and refused requests each leave a row that names the actor
 * (from the principal), the role, the client IP, the object and the outcome. (Sign-in, sign-out and their failures,
 * rejected tokens and GDPR erasure: AccessTest; overrides, approvals and exports with before/after:
 * ReplenishmentApiTest and ReplenishmentWorkflowTest; pipeline runs: PipelineServiceTest; retention: RetentionTest.)
 */
class AuditedActionsTest extends WebAppTest {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void dashboardPageViewsAreAuditedOncePerPageWithTheReadersRole() {
        String buyer = bearer("audit buyer", Role.BUYER);
        for (String page : new String[] {"/overview", "/stores", "/inventory", "/reorder"}) {
            assertThat(send("GET", page, buyer, null, null).statusCode())
                    .as(page)
                    .isEqualTo(200);
            awaitRow(
                    "category = 'view' AND action = 'view' AND entity_type = 'page' AND entity_id = ? AND actor = 'token:audit buyer' "
                            + "AND actor_role = 'buyer' AND client_ip IS NOT NULL AND status = 'ok'",
                    page);
        }
        // the API calls behind a page are not rows of their own: view events stay few
        long before = Sql.count(
                warehouse, "SELECT count(*) FROM audit_log WHERE actor = 'token:audit buyer' AND category = 'view'");
        assertThat(send("GET", "/api/v1/metrics/kpi", buyer, null, null).statusCode())
                .isEqualTo(200);
        assertThat(Sql.count(
                        warehouse,
                        "SELECT count(*) FROM audit_log WHERE actor = 'token:audit buyer' AND category = 'view'"))
                .isEqualTo(before);
    }

    @Test
    void csvDownloadsAreAuditedAsExports() {
        String admin = TestAccess.adminBearer(tokens);
        String date = chain.latestSalesDate().toString();
        for (String path : new String[] {
            "/api/v1/quarantine.csv", "/api/v1/replenishment/exceptions.csv?date=" + date, "/api/v1/audit.csv"
        }) {
            HttpResponse<String> r = send("GET", path, admin, null, null);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            String entity = path.replaceFirst("\\?.*", "");
            awaitRow(
                    "category = 'export' AND action = 'download' AND entity_id LIKE ? AND actor = 'token:test admin' AND actor_role = 'admin' "
                            + "AND client_ip IS NOT NULL AND status = 'ok'",
                    entity + "%");
        }
    }

    /**
     * Every page the web app serves is audited when viewed, not only those someone listed: before, /planogram, /online,
     * /customers and /simulate wrote no row. The pages are the web app's HTML files (index.html is /overview; the sign-in
     * page shows nothing of the chain), so a new page is covered, or this test fails.
     */
    @Test
    void everyPageTheWebAppServesIsAuditedWhenViewed() throws IOException {
        String admin = TestAccess.adminBearer(tokens);
        List<String> pages;
        try (var files = Files.list(Path.of("src/main/resources/static"))) {
            pages = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".html") && !f.equals("login.html"))
                    .map(f -> f.equals("index.html") ? "/overview" : "/" + f.replace(".html", ""))
                    .sorted()
                    .toList();
        }
        assertThat(pages).contains("/overview", "/planogram", "/online", "/customers", "/simulate");
        for (String page : pages) {
            assertThat(send("GET", page, admin, null, null).statusCode())
                    .as(page)
                    .isEqualTo(200);
            awaitRow(
                    "category = 'view' AND action = 'view' AND entity_type = 'page' AND entity_id = ? AND actor = 'token:test admin' "
                            + "AND status = 'ok'",
                    page);
        }
    }

    /**
     * The supplier-order download is an export in every format, like the CSV files (before, only paths ending .csv or
     * /export were): with its outcome, so a download that found no approved order is on record as failed.
     */
    @Test
    void theSupplierOrderDownloadIsAuditedAsAnExportInEveryFormat() {
        String buyer = bearer("audit downloader", Role.BUYER);
        for (String format : List.of("csv", "json", "xlsx")) {
            String path = "/api/v1/purchase-orders/download?format=" + format;
            HttpResponse<String> r = send("GET", path, buyer, null, null);
            // 404 while no order of the day is approved (other test classes approve some; this one changes nothing)
            assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 404);
            awaitRow(
                    "category = 'export' AND action = 'download' AND entity_id = ? AND actor = 'token:audit downloader' "
                            + "AND actor_role = 'buyer' AND status = ?",
                    path,
                    r.statusCode() == 200 ? "ok" : "failed");
        }
    }

    @Test
    void uploadsCommitsAndProductCreationAreWritesWithTheirActorAndOutcome() {
        String engineer = bearer("audit engineer", Role.DATA_ENGINEER);
        String boundary = "----audit" + System.nanoTime();
        String multipart = "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sales_audit.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + "store_id,sku,date,units_sold,total_sales\r\nS-NOWHERE,ZZZ-AUDIT-0,2001-01-01,x,y\r\n--" + boundary
                + "--\r\n";
        HttpResponse<String> preview = send(
                "POST",
                "/api/v1/feeds/preview?dataset=sales",
                engineer,
                "multipart/form-data; boundary=" + boundary,
                multipart);
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        String token = JSON.readTree(preview.body()).get("upload_token").asString();
        awaitRow(
                "category = 'write' AND action = 'post' AND entity_id LIKE '/api/v1/feeds/preview%' AND actor = 'token:audit engineer' "
                        + "AND actor_role = 'data_engineer' AND client_ip IS NOT NULL AND status = 'ok'");

        // a commit that is refused (every row is bad) is audited as failed, and nothing was loaded
        HttpResponse<String> commit = send(
                "POST", "/api/v1/feeds/commit", engineer, "application/json", "{\"upload_token\":\"" + token + "\"}");
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(422);
        awaitRow(
                "category = 'write' AND entity_id = '/api/v1/feeds/commit' AND actor = 'token:audit engineer' AND status = 'failed' "
                        + "AND after_value LIKE '%422%'");

        // a master-data change: a product created from the upload, with the request row and the feed's own row
        HttpResponse<String> created = send(
                "POST",
                "/api/v1/feeds/auto-create-products",
                engineer,
                "application/json",
                "{\"upload_token\":\"" + token
                        + "\",\"products\":[{\"sku\":\"ZZZ-AUDIT-0\",\"name\":\"Audit probe\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String feedId = JSON.readTree(created.body()).get("feed_id").asString();
        awaitRow(
                "category = 'write' AND entity_id = '/api/v1/feeds/auto-create-products' AND actor = 'token:audit engineer' AND status = 'ok'");
        // the feed's row comes through the same audit trail: the engineer who sent it, their role and address, the file
        awaitRow(
                "action = 'ingest' AND entity_type = 'feed' AND entity_id = ? AND record_count = 1 AND category = 'write' "
                        + "AND actor = 'token:audit engineer' AND actor_role = 'data_engineer' AND client_ip IS NOT NULL AND file_name IS NOT NULL",
                feedId);
    }

    @Test
    void userChangesCarryBeforeAndAfterAndNoPassword() {
        String admin = TestAccess.adminBearer(tokens);
        HttpResponse<String> made = send(
                "POST",
                "/api/v1/users",
                admin,
                "application/json",
                "{\"name\":\"audit-gm\",\"password\":\"a long enough password 1\",\"roles\":[\"store_gm\"],\"stores\":[\"S001\"]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(send("DELETE", "/api/v1/users/audit-gm", admin, null, null).statusCode())
                .isEqualTo(204);
        awaitRow(
                "action = 'create_user' AND entity_id = 'audit-gm' AND actor = 'token:test admin' AND after_value ILIKE '%store_gm%' "
                        + "AND after_value NOT LIKE '%a long enough password%'");
        awaitRow(
                "action = 'remove_user' AND entity_id = 'audit-gm' AND actor = 'token:test admin' AND before_value ILIKE '%store_gm%'");
    }

    @Test
    void aTokensFirstUseIsAuditedThenAtMostHourly() {
        var created = tokens.create("audit machine", EnumSet.of(Role.READ_ONLY), Set.of(), Set.of(), null, "test");
        String id = created.info().id();
        for (int i = 0; i < 3; i++) {
            assertThat(send("GET", "/api/v1/stores", "Bearer " + created.token(), null, null)
                            .statusCode())
                    .isEqualTo(200);
        }
        awaitRow(
                "category = 'token' AND action = 'token_used' AND entity_id = ? AND actor = 'token:audit machine' AND actor_role = 'read_only' "
                        + "AND client_ip IS NOT NULL",
                id);
        assertThat(Sql.count(
                        warehouse, "SELECT count(*) FROM audit_log WHERE action = 'token_used' AND entity_id = ?", id))
                .isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsAuditedAsDenied() {
        String buyer = bearer("audit denied buyer", Role.BUYER);
        HttpResponse<String> r = send("POST", "/api/v1/runs", buyer, "application/json", "{\"date\":\"2001-01-01\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        awaitRow(
                "action = 'denied' AND entity_id = 'POST /api/v1/runs' AND actor = 'token:audit denied buyer' AND actor_role = 'buyer' "
                        + "AND status = 'denied'");
        // a run request that names no date is refused as bad input, audited as failed
        String engineer = bearer("audit run engineer", Role.DATA_ENGINEER);
        assertThat(send("POST", "/api/v1/runs", engineer, "application/json", "{}")
                        .statusCode())
                .isEqualTo(400);
        awaitRow(
                "category = 'write' AND entity_id = '/api/v1/runs' AND actor = 'token:audit run engineer' AND status = 'failed'");
    }

    /**
     * A 403 a controller answers (a store filter outside the caller's stores, a chain-wide report asked by a store's
     * user) is audited once as denied, like a route's refusal. Before, only route-level refusals were, and a refused CSV
     * download was a download row.
     */
    @Test
    void aRefusalPastTheRouteCheckIsAuditedOnceAsDenied() {
        String gm = "Bearer "
                + tokens.create("audit gm", EnumSet.of(Role.STORE_GM), Set.of("S001"), Set.of(), null, "test")
                        .token();
        String date = chain.latestSalesDate().toString();
        for (String path : List.of(
                "/api/v1/metrics/kpi?store=S002",
                "/api/v1/online/pulse",
                "/api/v1/replenishment/exceptions.csv?store=S002&date=" + date)) {
            HttpResponse<String> r = send("GET", path, gm, null, null);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(403);
            awaitRow(
                    "category = 'write' AND action = 'denied' AND entity_id = ? AND actor = 'token:audit gm' "
                            + "AND actor_role = 'store_gm' AND client_ip IS NOT NULL AND status = 'denied'",
                    "GET " + path);
            assertThat(Sql.count(
                            warehouse,
                            "SELECT count(*) FROM audit_log WHERE actor = 'token:audit gm' AND entity_id LIKE ?",
                            "%" + path.replaceFirst("\\?.*", "") + "%"))
                    .as("one row for " + path)
                    .isEqualTo(1);
        }
    }

    @Test
    void theSupplierExportNamesTheBuyerWhoAskedForIt() {
        String buyer = bearer("audit exporter", Role.BUYER);
        HttpResponse<String> r = send("POST", "/api/v1/purchase-orders/export", buyer, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // the export's own row (files, orders exported) is the buyer's, not 'system'
        awaitRow("category = 'write' AND action = 'export' AND entity_type = 'purchase_orders' "
                + "AND actor = 'token:audit exporter' AND actor_role = 'buyer' AND client_ip IS NOT NULL");
    }

    // ------------------------------------------------------------------------------------ helpers

    String bearer(String name, Role role) {
        return "Bearer "
                + tokens.create(name, EnumSet.of(role), Set.of(), Set.of(), null, "test")
                        .token();
    }

    /** Waits (bounded) for an audit row: rows of a request are written as its response completes. */
    void awaitRow(String where, Object... args) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Sql.count(warehouse, "SELECT count(*) FROM audit_log WHERE " + where, args) == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No audit row where " + where + " " + java.util.Arrays.toString(args)
                        + "; the latest rows: "
                        + JSON.readTree(
                                send("GET", "/api/v1/audit?limit=15", TestAccess.adminBearer(tokens), null, null)
                                        .body()));
            }
            Thread.onSpinWait();
        }
    }

    HttpResponse<String> send(String method, String path, String authorization, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", authorization)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
