package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.Role;
import io.stockroom.testdata.ApiClient;
import io.stockroom.testdata.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Store scoping, checked on every read operation of the live OpenAPI document (so a new endpoint cannot be forgotten):
 * a store GM of one store never sees another store's id, while an admin does see them on the same endpoints.
 */
class StoreScopeTest extends WebAppTest {

    @Test
    void aScopedUserSeesNoForeignStoreOnAnyEndpoint() {
        List<String> stores = chain.stores();
        assertThat(stores).hasSizeGreaterThan(1);
        String mine = stores.get(0);
        List<String> foreign = stores.subList(1, stores.size());
        String gm = tokens.create("gm " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        String admin = io.stockroom.testdata.TestAccess.adminToken(tokens);

        List<String> paths = new ArrayList<>();
        JsonNode doc = JSON.readTree(call("/api/docs/openapi.json", admin).body());
        for (var path : doc.get("paths").properties()) {
            if (path.getKey().startsWith("/api/") && path.getValue().has("get")) {
                paths.add(path.getKey().replaceAll("\\{[^}]+}", "1"));
            }
        }
        assertThat(paths).hasSizeGreaterThan(15);
        int answered = 0;
        int adminSawForeign = 0;
        for (String path : paths) {
            HttpResponse<String> r = call(path, gm);
            assertThat(r.statusCode())
                    .as("GET %s as a store GM: %s", path, r.body())
                    .isNotIn(401, 500);
            if (r.statusCode() == 200) {
                answered++;
            }
            for (String other : foreign) {
                assertThat(Pattern.compile("\\b" + Pattern.quote(other) + "\\b")
                                .matcher(r.body())
                                .find())
                        .as("GET %s as the GM of %s shows store %s:%n%s", path, mine, other, r.body())
                        .isFalse();
            }
            String all = call(path, admin).body();
            if (foreign.stream()
                    .anyMatch(other -> Pattern.compile("\\b" + Pattern.quote(other) + "\\b")
                            .matcher(all)
                            .find())) {
                adminSawForeign++;
            }
        }
        assertThat(answered).as("endpoints the GM may read").isGreaterThan(5);
        assertThat(adminSawForeign)
                .as("endpoints that show other stores to an admin (the check is not empty)")
                .isGreaterThan(3);

        // the store list and the KPIs: only the GM's own store
        JsonNode own = JSON.readTree(call("/api/v1/stores", gm).body());
        assertThat(own.size()).isEqualTo(1);
        assertThat(call("/api/v1/metrics/kpi?store=" + foreign.get(0), gm).body())
                .doesNotContain(foreign.get(0) + "\"");
    }

    /**
     * Totals name no store, so a leak in them does not show as a foreign store id: every read that takes a {@code
     * store} filter must give a store's GM, unfiltered, exactly what it gives an admin who filters on that store (before,
     * the inventory metrics gave the GM the whole chain's sell-through and turns, and the channel split the chain's
     * postage).
     */
    @Test
    void aScopedUsersFiguresAreThoseOfTheirOwnStore() {
        String mine = chain.stores().get(0);
        String gm = tokens.create("gm figures " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        String admin = io.stockroom.testdata.TestAccess.adminToken(tokens);
        JsonNode doc = JSON.readTree(call("/api/docs/openapi.json", admin).body());
        int compared = 0;
        for (var path : doc.get("paths").properties()) {
            JsonNode get = path.getValue().get("get");
            if (!path.getKey().startsWith("/api/") || path.getKey().contains("{") || get == null) {
                continue;
            }
            boolean byStore = get.path("parameters")
                    .valueStream()
                    .anyMatch(p -> p.path("name").asString("").equals("store")
                            && p.path("in").asString("").equals("query"));
            if (!byStore) {
                continue;
            }
            HttpResponse<String> own = call(path.getKey(), gm);
            if (own.statusCode() != 200) {
                continue; // refused to a store-scoped account (chain-wide figures): StoreScopeTest's other cases
            }
            HttpResponse<String> filtered = call(path.getKey() + "?store=" + mine, admin);
            assertThat(filtered.statusCode()).as(filtered.body()).isEqualTo(200);
            assertThat(withoutStoreEcho(own.body(), mine))
                    .as("GET %s as the GM of %s, and as an admin with ?store=%s", path.getKey(), mine, mine)
                    .isEqualTo(withoutStoreEcho(filtered.body(), mine));
            compared++;
        }
        assertThat(compared).as("reads compared").isGreaterThan(8);
    }

    /** The answer without the request's store filter echoed back ({@code "store": "S001"} where it was asked for). */
    private static String withoutStoreEcho(String body, String store) {
        if (!body.startsWith("{") && !body.startsWith("[")) {
            return body;
        }
        JsonNode tree = JSON.readTree(body);
        dropStoreEcho(tree, store);
        return tree.toString();
    }

    private static void dropStoreEcho(JsonNode node, String store) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object
                && object.path("store").asString("").equals(store)) {
            object.remove("store");
        }
        node.forEach(child -> dropStoreEcho(child, store));
    }

    @Test
    void anAreaManagerSeesOnlyTheStoresOfTheirArea() {
        List<String[]> stores = new ArrayList<>();
        for (JsonNode st : JSON.readTree(call("/api/v1/stores", io.stockroom.testdata.TestAccess.adminToken(tokens))
                .body())) {
            stores.add(
                    new String[] {st.get("store_id").asString(), st.path("area").asString("")});
        }
        String area = stores.get(0)[1];
        List<String> mine = stores.stream()
                .filter(st -> st[1].equals(area))
                .map(st -> st[0])
                .toList();
        List<String> foreign = stores.stream()
                .filter(st -> !st[1].equals(area))
                .map(st -> st[0])
                .toList();
        assertThat(foreign).as("the chain has stores outside area %s", area).isNotEmpty();
        String manager = tokens.create(
                        "area manager " + area, EnumSet.of(Role.AREA_MANAGER), Set.of(), Set.of(area), null, "test")
                .token();
        int answered = 0;
        for (String path : getPaths(io.stockroom.testdata.TestAccess.adminToken(tokens))) {
            HttpResponse<String> r = call(path, manager);
            assertThat(r.statusCode())
                    .as("GET %s as the area manager of %s: %s", path, area, r.body())
                    .isNotIn(401, 500);
            answered += r.statusCode() == 200 ? 1 : 0;
            for (String other : foreign) {
                assertThat(Pattern.compile("\\b" + Pattern.quote(other) + "\\b")
                                .matcher(r.body())
                                .find())
                        .as("GET %s as the area manager of %s shows store %s:%n%s", path, area, other, r.body())
                        .isFalse();
            }
        }
        assertThat(answered).isGreaterThan(5);
        List<String> listed = new ArrayList<>();
        JSON.readTree(call("/api/v1/stores", manager).body())
                .forEach(st -> listed.add(st.get("store_id").asString()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(mine);
    }

    /** Operators read only: every write operation of the OpenAPI document refuses a read-only token before doing anything. */
    @Test
    void aReadOnlyOperatorIsRefusedEveryWrite() {
        String operator = tokens.create("operator", EnumSet.of(Role.READ_ONLY), Set.of(), Set.of(), null, "test")
                .token();
        JsonNode doc = JSON.readTree(call("/api/docs/openapi.json", io.stockroom.testdata.TestAccess.adminToken(tokens))
                .body());
        int writes = 0;
        for (var path : doc.get("paths").properties()) {
            for (String method : List.of("post", "put", "patch", "delete")) {
                if (!path.getKey().startsWith("/api/") || !path.getValue().has(method)) {
                    continue;
                }
                if (method.equals("post")
                        && (path.getKey().equals("/api/v1/exports/xlsx")
                                || path.getKey().equals("/api/v1/exports/pdf"))) {
                    continue; // turns what the page sends into an .xlsx / .pdf file: reads and changes nothing
                    // (ExportTest, DashboardPdfTest)
                }
                writes++;
                String url = path.getKey().replaceAll("\\{[^}]+}", "1");
                try (HttpClient http = HttpClient.newHttpClient()) {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create(url(url)))
                                    .header("Authorization", "Bearer " + operator)
                                    .header("Content-Type", "application/json")
                                    .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode())
                            .as("%s %s as a read-only operator: %s", method, url, r.body())
                            .isEqualTo(403);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        assertThat(writes).isGreaterThan(10);
    }

    /**
     * Feeds, runs, quality, uploads and the supplier files hold every store's rows: an account limited to some stores is
     * refused them with a reason (before, a read-only token of one store read the other stores' quarantined rows).
     */
    @Test
    void aStoreScopedAccountIsRefusedWhatCoversTheWholeChain() {
        List<String> stores = chain.stores();
        String mine = stores.get(0);
        String other = stores.get(1);
        ApiClient reader = oneStoreClient("reader " + mine, Role.READ_ONLY, mine);
        for (String path : List.of(
                "/api/v1/quality", "/api/v1/quarantine", "/api/v1/quarantine.csv", "/api/v1/runs", "/api/v1/feeds")) {
            HttpResponse<String> r = reader.send("GET", path, null);
            assertThat(r.statusCode())
                    .as("GET %s as a read-only token of %s: %s", path, mine, r.body())
                    .isEqualTo(403);
            assertThat(r.body()).contains("whole chain").contains(mine).doesNotContain(other);
        }

        // the supplier files hold every store's approved orders; a buyer of one store downloads their own instead
        ApiClient buyer = oneStoreClient("exporter " + mine, Role.BUYER, mine);
        HttpResponse<String> export = buyer.send("POST", "/api/v1/purchase-orders/export", null);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(403);
        assertThat(export.body()).contains("whole chain").contains("/api/v1/purchase-orders/download");

        // and it is not offered what it would be refused: the web app's menu follows GET /api/v1/me
        ApiClient engineer = oneStoreClient("engineer " + mine, Role.DATA_ENGINEER, mine);
        JsonNode me = JSON.readTree(engineer.send("GET", "/api/v1/me", null).body());
        assertThat(me.path("all_stores").asBoolean()).isFalse();
        assertThat(me.path("permissions").valueStream().map(JsonNode::asString))
                .contains("view_dashboards")
                .doesNotContain("view_operations", "ingest", "run_pipeline", "administer");
        JsonNode chainWide = JSON.readTree(call(
                        "/api/v1/me",
                        tokens.create(
                                        "engineer of the chain " + mine,
                                        EnumSet.of(Role.DATA_ENGINEER),
                                        Set.of(),
                                        Set.of(),
                                        null,
                                        "test")
                                .token())
                .body());
        assertThat(chainWide.path("permissions").valueStream().map(JsonNode::asString))
                .contains("view_operations", "ingest", "run_pipeline");
    }

    /**
     * A till's token, limited to its store, pushes that store's rows through the batch API and nothing else: a record
     * of another store (or of none), a whole-chain dataset, or a complete slice wider than its store refuses the batch
     * whole, with the records and stores named. Before, such a token loaded another store's sales (a sale of 99,999 into
     * another store's day), and then, closed to every store-limited token, could not push its own.
     */
    @Test
    void aStoreLimitedTokenPushesItsOwnStoresRowsAndNoOtherStores() {
        List<String> stores = chain.stores();
        String mine = stores.get(0);
        String other = stores.get(1);
        ApiClient till = oneStoreClient("till " + mine, Role.SERVICE, mine);
        String day = chain.latestSalesDate().toString();
        String sku = Sql.scalar(warehouse, String.class, "SELECT MIN(sku) FROM sales WHERE store_id = ?", other);
        String theirs = "FROM sales WHERE store_id = '" + other + "' AND business_date = DATE '" + day + "'";
        String ours = "FROM sales WHERE store_id = '" + mine + "' AND business_date = DATE '" + day + "'";
        BigDecimal theirsBefore = sqlNumber("SELECT SUM(total_sales) " + theirs);
        BigDecimal oursBefore = sqlNumber("SELECT SUM(total_sales) " + ours);
        String record = """
                {"store_id":"%s","sku":"%s","business_date":"%s","units_sold":%d,"total_sales":%s,"transactions":1}""";

        HttpResponse<String> mixed = till.send("POST", "/api/v1/ingest/batch", """
                {"source_id":"till","data_type":"sales","data":[%s,%s,%s]}""".formatted(
                        record.formatted(mine, sku, day, 1, "1.00"),
                        record.formatted(other, sku, day, 1000, "99999"),
                        record.formatted(mine, sku + "-x", day, 1, "1.00")));
        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(403);
        assertThat(mixed.body())
                .contains("limited to stores " + mine)
                .contains("1 of its 3 records (record 2) are for " + other)
                .contains("Nothing was loaded");
        assertThat(sqlNumber("SELECT SUM(total_sales) " + theirs)).isEqualByComparingTo(theirsBefore);
        assertThat(sqlNumber("SELECT SUM(total_sales) " + ours)).isEqualByComparingTo(oursBefore);

        HttpResponse<String> noStore = till.send("POST", "/api/v1/ingest/batch", """
                {"data_type":"sales","data":[{"sku":"%s","business_date":"%s","units_sold":1,"total_sales":2}]}""".formatted(sku, day));
        assertThat(noStore.statusCode()).as(noStore.body()).isEqualTo(403);
        assertThat(noStore.body()).contains("(no store)");

        HttpResponse<String> products = till.send("POST", "/api/v1/ingest/batch", """
                {"data_type":"products","data":[{"sku":"NEW-1","name":"New","category":"X"}]}""");
        assertThat(products.statusCode()).as(products.body()).isEqualTo(403);
        assertThat(products.body())
                .contains("not products, which is the whole chain's")
                .contains("sales");

        HttpResponse<String> wholeDays = till.send("POST", "/api/v1/ingest/batch", """
                {"data_type":"orders","complete":true,"data":[{"order_id":"T1","store_id":"%s","sku":"%s",
                 "order_date":"%s","quantity":1,"unit_price":2}]}""".formatted(mine, sku, day));
        assertThat(wholeDays.statusCode()).as(wholeDays.body()).isEqualTo(403);
        assertThat(wholeDays.body()).contains("would replace whole days of orders for every store");

        String ownSku = Sql.scalar(warehouse, String.class, "SELECT MIN(sku) " + ours);
        String row = ours + " AND sku = '" + ownSku + "'";
        String channel = Sql.scalar(warehouse, String.class, "SELECT MIN(channel) " + row);
        BigDecimal ownRow = sqlNumber("SELECT total_sales " + row + " AND channel = '" + channel + "'");
        HttpResponse<String> own = till.send("POST", "/api/v1/ingest/batch", """
                {"source_id":"till","data_type":"sales","data":[{"store_id":"%s","sku":"%s","business_date":"%s",
                 "channel":"%s","units_sold":3,"total_sales":%s,"transactions":1}]}""".formatted(
                        mine, ownSku, day, channel, ownRow.add(BigDecimal.TEN).toPlainString()));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        assertThat(JSON.readTree(own.body()).path("records_loaded").asLong()).isEqualTo(1);
        assertThat(sqlNumber("SELECT SUM(total_sales) " + ours)).isEqualByComparingTo(oursBefore.add(BigDecimal.TEN));
        assertThat(sqlNumber("SELECT SUM(total_sales) " + theirs)).isEqualByComparingTo(theirsBefore);

        // a file upload is not one store's: it stays for whole-chain accounts
        HttpResponse<String> upload = till.send("POST", "/api/v1/feeds/commit", null);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(403);
        assertThat(upload.body()).contains("whole chain");
    }

    @Test
    void aStoreFilterOutsideTheCallersStoresIsRefusedNotAnsweredWithAnEmptyDashboard() {
        List<String> stores = chain.stores();
        String mine = stores.get(0);
        String other = stores.get(1);
        String gm = tokens.create(
                        "filtering gm " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        for (String store : List.of(other, "NOPE")) {
            HttpResponse<String> r = call("/api/v1/metrics/kpi?store=" + store, gm);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(r.body())
                    .as("the same answer for another store and for none: it tells nothing of other stores")
                    .contains("Your access covers stores " + mine + ", not store '" + store + "'");
        }
        assertThat(call("/api/v1/metrics/trend?store=" + mine, gm).statusCode()).isEqualTo(200);

        String admin = io.stockroom.testdata.TestAccess.adminToken(tokens);
        HttpResponse<String> unknown = call("/api/v1/metrics/trend?store=NOPE", admin);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.body()).contains("No store 'NOPE'");
        assertThat(call("/api/v1/metrics/kpi?area=Nowhere", admin).statusCode()).isEqualTo(404);
        assertThat(call("/api/v1/metrics/kpi?store=" + other, admin).statusCode())
                .isEqualTo(200);
    }

    /**
     * A store named in a path answers as a {@code ?store=} filter does (docs/security.md): outside the caller's stores
     * a 403 naming the stores the access covers, the same for a store that does not exist, and for a whole-chain
     * caller an unknown store is a 404. Checked on every operation of the live OpenAPI document with a store in its
     * path, so a new one cannot be forgotten; before, the planogram's store floor answered an out-of-scope store 404
     * "not a store you can see" while every filter answered 403.
     */
    @Test
    void aStoreInAPathOutsideTheCallersStoresIsRefusedAsTheFilterIs() {
        List<String> stores = chain.stores();
        String mine = stores.get(0);
        String other = stores.get(1);
        String gm = tokens.create("path gm " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        String admin = io.stockroom.testdata.TestAccess.adminToken(tokens);
        JsonNode doc = JSON.readTree(call("/api/docs/openapi.json", admin).body());
        List<String> routes = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            JsonNode get = path.getValue().get("get");
            if (!path.getKey().startsWith("/api/") || get == null) {
                continue;
            }
            List<String> storeParameters = get.path("parameters")
                    .valueStream()
                    .filter(p -> p.path("in").asString("").equals("path")
                            && p.path("name").asString("").equals("store"))
                    .map(p -> p.path("name").asString())
                    .toList();
            if (storeParameters.isEmpty()) {
                continue;
            }
            routes.add(path.getKey());
            String route = path.getKey().replaceAll("\\{(?!store})[^}]+}", "1");
            for (String store : List.of(other, "NOPE")) {
                // a parameter that would be refused is not looked at before the scope: it tells nothing either
                for (String url :
                        List.of(route.replace("{store}", store), route.replace("{store}", store) + "?date=x")) {
                    HttpResponse<String> r = call(url, gm);
                    assertThat(r.statusCode())
                            .as("GET %s as the GM of %s: %s", url, mine, r.body())
                            .isEqualTo(403);
                    assertThat(r.body())
                            .as("GET %s", url)
                            .contains("Your access covers stores " + mine + ", not store '" + store + "'");
                }
            }
            HttpResponse<String> own = call(route.replace("{store}", mine), gm);
            assertThat(own.statusCode()).as("%s: %s", route, own.body()).isEqualTo(200);
            HttpResponse<String> unknown = call(route.replace("{store}", "NOPE"), admin);
            assertThat(unknown.statusCode()).as("%s: %s", route, unknown.body()).isEqualTo(404);
            assertThat(unknown.body()).contains("No store 'NOPE'");
        }
        assertThat(routes).as("operations with a store in their path").isNotEmpty();
    }

    /**
     * A read a store's account may not make is refused before its parameters are looked at: a 403, whatever they hold.
     * Before, the online analytics (GET /api/v1/analytics/metrics, /online/...) checked their parameters first, so a
     * store GM learnt which metrics, granularities and dates they take from a 400 before the 403. Every GET operation
     * of the live document that refuses a store GM is asked again with each of its query parameters wrong.
     */
    @Test
    void aReadRefusedToAStoreAccountIsRefusedWhateverItsParameters() {
        String mine = chain.stores().get(0);
        String gm = tokens.create("params gm " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        JsonNode doc = JSON.readTree(call("/api/docs/openapi.json", io.stockroom.testdata.TestAccess.adminToken(tokens))
                .body());
        List<String> refused = new ArrayList<>();
        List<String> leaked = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            JsonNode get = path.getValue().get("get");
            if (!path.getKey().startsWith("/api/") || path.getKey().contains("{") || get == null) {
                continue;
            }
            HttpResponse<String> plain = call(path.getKey(), gm);
            if (plain.statusCode() != 403) {
                continue;
            }
            refused.add(path.getKey());
            List<String> wrong = get.path("parameters")
                    .valueStream()
                    .filter(p -> p.path("in").asString("").equals("query")
                            && !p.path("name").asString("").equals("store")
                            && !p.path("name").asString("").equals("area"))
                    .map(p -> p.path("name").asString() + "=not-a-value")
                    .toList();
            if (wrong.isEmpty()) {
                continue;
            }
            String url = path.getKey() + "?" + String.join("&", wrong);
            HttpResponse<String> r = call(url, gm);
            if (r.statusCode() != 403) {
                leaked.add("GET " + url + ": " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(refused).as("reads refused to a store GM").contains("/api/v1/analytics/metrics");
        assertThat(leaked)
                .as("reads that looked at their parameters before the caller's stores")
                .isEmpty();
    }

    /**
     * A filter given twice ({@code ?store=A&store=B}, as many HTTP clients send a list) was checked on its first value
     * only and read as the one id "A,B": every read answered empty ("Sales are loaded for 0 of the 30 days"), for a
     * whole-chain caller too. Now it is a 400 that says the filter takes one id.
     */
    @Test
    void aStoreFilterGivenTwiceIsRefusedNotAnsweredWithAnEmptyDashboard() {
        List<String> stores = chain.stores();
        String mine = stores.get(0);
        String gm = tokens.create("twice gm " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        String admin = io.stockroom.testdata.TestAccess.adminToken(tokens);
        for (String token : List.of(gm, admin)) {
            for (String path : List.of(
                    "/api/v1/metrics/kpi?store=" + mine + "&store=" + stores.get(1),
                    "/api/v1/inventory/alerts?store=" + mine + "&store=" + mine,
                    "/api/v1/planogram/placements?store=" + mine + "&store=" + stores.get(1),
                    "/api/v1/metrics/trend?area=North&area=South")) {
                HttpResponse<String> r = call(path, token);
                assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(400);
                assertThat(r.body()).contains("takes one").contains("\"parameter\":\"");
            }
        }
    }

    /**
     * A write that takes a store filter in its body answers as a read's filter does: before, a buyer of one store
     * deciding every line of another ({@code POST .../recommendations/decide {"store": other}}) got 200 "lines: 0",
     * and a simulation of another store "No inventory snapshot ... check the store id".
     */
    @Test
    void aStoreOutsideTheBuyersStoresInAWriteIsRefusedNotAnsweredWithNothingToDo() {
        List<String> stores = chain.stores();
        String mine = stores.get(0);
        String other = stores.get(1);
        String buyer = tokens.create(
                        "deciding buyer " + mine, EnumSet.of(Role.BUYER), Set.of(mine), Set.of(), null, "test")
                .token();
        for (String[] write : List.of(
                new String[] {
                    "/api/v1/replenishment/recommendations/decide",
                    "{\"action\":\"reject\",\"store\":\"" + other + "\",\"reason\":\"not mine\"}"
                },
                new String[] {
                    "/api/v1/replenishment/simulations",
                    "{\"from\":\"2026-01-01\",\"to\":\"2026-01-07\",\"store\":\"" + other + "\"}"
                })) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url(write[0])))
                                .header("Authorization", "Bearer " + buyer)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(write[1]))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("%s: %s", write[0], r.body()).isEqualTo(403);
                assertThat(r.body()).contains("Your access covers stores " + mine + ", not store '" + other + "'");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A client with an API token of one role for one store. */
    private ApiClient oneStoreClient(String name, Role role, String store) {
        return new ApiClient(
                url(""),
                "Bearer "
                        + tokens.create(name, EnumSet.of(role), Set.of(store), Set.of(), null, "test")
                                .token());
    }

    private List<String> getPaths(String admin) {
        List<String> paths = new ArrayList<>();
        JsonNode doc = JSON.readTree(call("/api/docs/openapi.json", admin).body());
        for (var path : doc.get("paths").properties()) {
            if (path.getKey().startsWith("/api/") && path.getValue().has("get")) {
                paths.add(path.getKey().replaceAll("\\{[^}]+}", "1"));
            }
        }
        return paths;
    }

    private HttpResponse<String> call(String path, String token) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url(path)))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", path.split("\\?")[0].endsWith(".csv") ? "text/csv" : "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
