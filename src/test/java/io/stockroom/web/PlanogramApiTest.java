package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.Role;
import io.stockroom.testdata.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The planogram API over the demo chain loaded by the real pipeline: completeness equals SQL over the facts, a
 * merchandiser's change closes the old version and is audited with before/after, the contract refuses bad changes with
 * their reasons, and only merchandisers (and admins) of the store may change placements.
 */
class PlanogramApiTest extends WebAppTest {

    @Test
    void completenessPerStoreEqualsSqlOverTheFactsAndShowsTheStoreStillEnteringItsPlanogram() {
        JsonNode r = api("/api/v1/planogram/completeness");
        LocalDate asOf = LocalDate.parse(r.get("as_of").asString());
        assertThat(asOf).as("what is on the shelves now").isEqualTo(LocalDate.now());
        List<String> stores = chain.stores();
        assertThat(r.get("stores")).hasSize(stores.size());
        for (JsonNode s : r.get("stores")) {
            String store = s.get("store_id").asString();
            String snapshot = "(SELECT MAX(business_date) FROM inventory WHERE store_id = '" + store
                    + "' AND business_date BETWEEN DATE '" + asOf.minusDays(6) + "' AND DATE '" + asOf + "')";
            long ranged = sqlLong(
                    "SELECT COUNT(DISTINCT i.sku) FROM inventory i JOIN products p ON p.sku = i.sku AND NOT p.is_placeholder WHERE i.store_id = '"
                            + store + "' AND i.business_date = " + snapshot);
            long placed = sqlLong(
                    "SELECT COUNT(DISTINCT i.sku) FROM inventory i JOIN products p ON p.sku = i.sku AND NOT p.is_placeholder WHERE i.store_id = '"
                            + store + "' AND i.business_date = " + snapshot
                            + " AND i.sku IN (SELECT sku FROM placements WHERE store_id = '" + store
                            + "' AND valid_from <= DATE '" + asOf + "' AND (valid_to IS NULL OR valid_to >= DATE '"
                            + asOf + "'))");
            assertThat(s.get("ranged").asLong()).as(store).isEqualTo(ranged);
            assertThat(s.get("placed").asLong()).as(store).isEqualTo(placed);
        }
        JsonNode last = r.get("stores").get(stores.size() - 1);
        assertThat(last.get("placed_share").asDouble())
                .as("the demo's last store is still entering its planogram")
                .isBetween(0.4, 0.8);
        assertThat(r.get("stores").get(0).get("complete_share").asDouble())
                .as("the first store has placements without shelf or facings")
                .isLessThan(1.0);
        assertThat(r.at("/chain/placements").asLong())
                .isEqualTo(sqlLong("SELECT COUNT(*) FROM placements WHERE valid_from <= DATE '" + asOf
                        + "' AND (valid_to IS NULL OR valid_to >= DATE '" + asOf + "')"));
    }

    @Test
    void aMerchandisersChangeClosesTheOldVersionAndIsAuditedWithBeforeAndAfter() {
        String store = chain.stores().get(1);
        JsonNode placement = api("/api/v1/planogram/placements", "store", store, "fixture", "G01")
                .get("placements")
                .get(0);
        String sku = placement.get("sku").asString();
        int facings = placement.get("facings").asInt();
        String merch = tokens.create(
                        "merch " + store, EnumSet.of(Role.MERCHANDISER), Set.of(store), Set.of(), null, "test")
                .token();
        LocalDate today = LocalDate.now();

        // refused by the contract: nothing is written, every reason is named with its field
        JsonNode refused =
                post(merch, "/api/v1/planogram/placements", edit(store, "G01", sku, today, 1, 40, 0, 5), 422);
        assertThat(refused.get("problems").findValuesAsString("code")).containsExactly("FACINGS_BELOW_ONE");
        assertThat(refused.get("problems").get(0).get("column").asString()).isEqualTo("facings");
        JsonNode tooSmall =
                post(merch, "/api/v1/planogram/placements", edit(store, "G01", sku, today, 1, 40, 4, 3), 422);
        assertThat(tooSmall.get("problems").findValuesAsString("code")).containsExactly("CAPACITY_BELOW_FACINGS");
        JsonNode offTheFixture =
                post(merch, "/api/v1/planogram/placements", edit(store, "G01", sku, today, 9, 1, 2, 10), 422);
        assertThat(offTheFixture.get("problems").findValuesAsString("code")).containsExactly("SHELF_BEYOND_FIXTURE");
        assertThat(sqlLong("SELECT COUNT(*) FROM placements WHERE store_id = '" + store + "' AND sku = '" + sku
                        + "' AND fixture_id = 'G01'"))
                .isEqualTo(1);

        int shelf = placement.get("shelf").asInt();
        int position = placement.get("position").asInt();
        JsonNode saved = post(
                merch,
                "/api/v1/planogram/placements",
                edit(store, "G01", sku, today, shelf, position, facings + 1, (facings + 1) * 8),
                200);
        assertThat(saved.at("/before/facings").asInt()).isEqualTo(facings);
        assertThat(saved.at("/after/facings").asInt()).isEqualTo(facings + 1);
        assertThat(saved.at("/after/source").asString()).isEqualTo("edit");

        JsonNode history = api("/api/v1/planogram/history", "store", store, "fixture", "G01");
        List<JsonNode> versions = new java.util.ArrayList<>();
        history.get("versions").forEach(v -> {
            if (v.get("sku").asString().equals(sku)) {
                versions.add(v);
            }
        });
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("valid_from").asString()).isEqualTo(today.toString());
        assertThat(versions.get(1).get("valid_to").asString())
                .as("the old version is closed, not overwritten")
                .isEqualTo(today.minusDays(1).toString());
        assertThat(versions.get(1).get("facings").asInt()).isEqualTo(facings);
        JsonNode change = history.get("changes").get(0);
        assertThat(change.get("actor").asString()).isEqualTo("token:merch " + store);
        assertThat(change.get("action").asString()).isEqualTo("placement_change");
        assertThat(change.get("before").asString()).contains("\"facings\":" + facings);
        assertThat(change.get("after").asString()).contains("\"facings\":" + (facings + 1));
        assertThat(sqlLong("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'placement' AND entity_id = '" + store
                        + "/G01/" + sku + "' AND actor = 'token:merch " + store
                        + "' AND before_value IS NOT NULL AND after_value IS NOT NULL"))
                .isEqualTo(1);

        // now the planogram as of today shows the new facings, yesterday's the old
        assertThat(facingsOf(store, sku, today)).isEqualTo(facings + 1);
        assertThat(facingsOf(store, sku, today.minusDays(1))).isEqualTo(facings);

        // taken off the fixture after tomorrow: the version ends, nothing is deleted, the audit says so
        LocalDate tomorrow = today.plusDays(1);
        JsonNode ended = post(
                merch,
                "/api/v1/planogram/placements/end",
                "{\"store_id\":\"" + store + "\",\"fixture_id\":\"G01\",\"sku\":\"" + sku + "\",\"last_day\":\""
                        + tomorrow + "\"}",
                200);
        assertThat(ended.at("/after/valid_to").asString()).isEqualTo(tomorrow.toString());
        assertThat(facingsOf(store, sku, tomorrow)).isEqualTo(facings + 1);
        assertThat(api(
                                "/api/v1/planogram/placements",
                                "store",
                                store,
                                "fixture",
                                "G01",
                                "date",
                                tomorrow.plusDays(1).toString())
                        .get("placements")
                        .findValuesAsString("sku"))
                .doesNotContain(sku);
        assertThat(sqlLong("SELECT COUNT(*) FROM placements WHERE store_id = '" + store
                        + "' AND fixture_id = 'G01' AND sku = '" + sku + "'"))
                .isEqualTo(2);
        assertThat(sqlLong("SELECT COUNT(*) FROM audit_log WHERE action = 'placement_end' AND entity_id = '" + store
                        + "/G01/" + sku + "'"))
                .isEqualTo(1);
    }

    /**
     * A change is planned for next week (more facings from then); the merchandiser takes the SKU off the fixture today
     * from the Planogram page ("removed"). Before, the planned version stayed and put the SKU back next week; now ending
     * a placement withdraws its versions that start after the last day, each audited with what it was.
     */
    @Test
    void takingASkuOffTheFixtureWithdrawsItsPlannedLaterVersion() {
        List<String> stores = chain.stores();
        String store = stores.get(stores.size() - 1);
        JsonNode placement = api("/api/v1/planogram/placements", "store", store, "fixture", "G01")
                .get("placements")
                .get(0);
        String sku = placement.get("sku").asString();
        int facings = placement.get("facings").asInt();
        String merch = tokens.create(
                        "merch end " + store, EnumSet.of(Role.MERCHANDISER), Set.of(store), Set.of(), null, "test")
                .token();
        LocalDate today = LocalDate.now();
        LocalDate nextWeek = today.plusDays(7);
        post(
                merch,
                "/api/v1/planogram/placements",
                edit(
                        store,
                        "G01",
                        sku,
                        nextWeek,
                        placement.get("shelf").asInt(),
                        placement.get("position").asInt(),
                        facings + 1,
                        (facings + 1) * 8),
                200);
        assertThat(facingsOf(store, sku, nextWeek)).isEqualTo(facings + 1);

        post(
                merch,
                "/api/v1/planogram/placements/end",
                "{\"store_id\":\"" + store + "\",\"fixture_id\":\"G01\",\"sku\":\"" + sku + "\",\"last_day\":\"" + today
                        + "\"}",
                200);

        for (LocalDate d : List.of(today.plusDays(1), nextWeek, nextWeek.plusDays(30))) {
            assertThat(api("/api/v1/planogram/placements", "store", store, "fixture", "G01", "date", d.toString())
                            .get("placements")
                            .findValuesAsString("sku"))
                    .as("off the fixture on %s", d)
                    .doesNotContain(sku);
        }
        assertThat(facingsOf(store, sku, today)).as("in place on its last day").isEqualTo(facings);
        assertThat(sqlLong("SELECT COUNT(*) FROM audit_log WHERE action = 'placement_end' AND entity_id = '" + store
                        + "/G01/" + sku + "' AND before_value LIKE '%" + nextWeek + "%' AND after_value IS NULL"))
                .as("the withdrawn version is audited with what it was")
                .isEqualTo(1);
    }

    @Test
    void onlyMerchandisersOfTheStoreMayChangePlacements() {
        String mine = chain.stores().get(0);
        String other = chain.stores().get(2);
        String sku = chain.skus(1).get(0);
        String gm = tokens.create(
                        "planogram gm " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        String merch = tokens.create(
                        "merch only " + mine, EnumSet.of(Role.MERCHANDISER), Set.of(mine), Set.of(), null, "test")
                .token();
        String body = edit(other, "G01", sku, LocalDate.now(), 1, 1, 1, 5);
        post(gm, "/api/v1/planogram/placements", edit(mine, "G01", sku, LocalDate.now(), 1, 1, 1, 5), 403);
        JsonNode notMine = post(merch, "/api/v1/planogram/placements", body, 403);
        assertThat(notMine.get("detail").asString()).contains("not one of your stores");
        // reads are scoped too: the GM sees its own store's floor only; another store is refused, as everywhere
        assertThat(call(gm, "/api/v1/planogram/stores/" + other).statusCode()).isEqualTo(403);
        assertThat(call(gm, "/api/v1/planogram/stores/" + mine).statusCode()).isEqualTo(200);
    }

    @Test
    void theUploadWorkbenchPreviewsAPlanogramFileWithTheContractsFlags() {
        String store = chain.stores().get(2);
        List<String> skus = chain.skus(2);
        String csv = "Store,Fixture,Item,Live Date,Shelf,Position,Facings,Capacity\n" + store + ",E01," + skus.get(0)
                + ",2030-01-01,1,1,0,5\n" + store + ",E01," + skus.get(1) + ",2030-01-01,1,2,2,12\n";
        JsonNode preview = ApiClient.expect(client().upload("/api/v1/feeds/preview", "planogram_update.csv", csv), 200);
        assertThat(preview.get("dataset").asString()).isEqualTo("placements");
        assertThat(preview.get("rows").get(0).get("flags").toString()).contains("FACINGS_BELOW_ONE");
        assertThat(preview.get("rows").get(1).get("flags").toString()).doesNotContain("FACINGS_BELOW_ONE");
    }

    private int facingsOf(String store, String sku, LocalDate date) {
        for (JsonNode p : api("/api/v1/planogram/placements", "store", store, "fixture", "G01", "date", date.toString())
                .get("placements")) {
            if (p.get("sku").asString().equals(sku)) {
                return p.get("facings").asInt();
            }
        }
        throw new AssertionError("no placement of " + sku + " on " + date);
    }

    private static String edit(
            String store,
            String fixture,
            String sku,
            LocalDate from,
            int shelf,
            int position,
            int facings,
            int capacity) {
        return "{\"store_id\":\"" + store + "\",\"fixture_id\":\"" + fixture + "\",\"sku\":\"" + sku
                + "\",\"valid_from\":\"" + from + "\",\"shelf\":" + shelf + ",\"position\":" + position
                + ",\"facings\":" + facings + ",\"capacity\":" + capacity + "}";
    }

    /**
     * Before, a placement the contract refused answered {code, detail, problems} as application/json: no type, title or
     * status, unlike every other error of the API (RFC 9457), so a client's error handling did not recognise it.
     */
    @Test
    void aRefusedPlacementIsAProblemDetailLikeEveryOtherError() {
        String store = chain.stores().get(2);
        JsonNode placement = api("/api/v1/planogram/placements", "store", store, "fixture", "G01")
                .get("placements")
                .get(0);
        String merch = tokens.create(
                        "merch refused " + store, EnumSet.of(Role.MERCHANDISER), Set.of(store), Set.of(), null, "test")
                .token();
        String body = edit(store, "G01", placement.get("sku").asString(), LocalDate.now(), 1, 40, 0, 5);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("/api/v1/planogram/placements")))
                .header("Authorization", "Bearer " + merch)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://stockroom.dev/errors/row-errors");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("code").asString()).isEqualTo("ROW_ERRORS");
        assertThat(problem.get("detail").asString()).contains("correct the fields named");
        assertThat(problem.get("problems").findValuesAsString("code")).containsExactly("FACINGS_BELOW_ONE");
        assertThat(problem.get("problems").get(0).get("column").asString()).isEqualTo("facings");
    }

    /**
     * Space productivity over a range holding the demo's failed sales day sums the other days only: the answer names
     * that day in its completeness (chain and one store alike), as the KPIs do, so sales per facing is not read as the
     * whole range; a range without it is complete. Before, the report carried no completeness at all.
     */
    @Test
    void spaceProductivityOverTheFailedSalesDayNamesThatDay() {
        LocalDate failed = LocalDate.ofEpochDay(
                sqlLong(
                        "SELECT MAX(business_date) - DATE '1970-01-01' FROM feeds WHERE dataset = 'sales' AND status = 'failed'"));
        String store = chain.stores().get(0);
        for (String scope : new String[] {null, store}) {
            JsonNode r = scope == null
                    ? api(
                            "/api/v1/planogram/space",
                            "from",
                            failed.minusDays(2).toString(),
                            "to",
                            failed.plusDays(2).toString())
                    : api(
                            "/api/v1/planogram/space",
                            "from",
                            failed.minusDays(2).toString(),
                            "to",
                            failed.plusDays(2).toString(),
                            "store",
                            scope);
            assertThat(r.get("rows")).as("the range has placed sales").isNotEmpty();
            assertThat(r.at("/completeness/complete").asBoolean())
                    .as("%s: %s", scope, r.get("completeness"))
                    .isFalse();
            assertThat(r.at("/completeness/incomplete_days")).singleElement().satisfies(day -> {
                assertThat(day.get("date").asString()).isEqualTo(failed.toString());
                assertThat(day.get("missing").get(0).asString()).startsWith("sales failed");
            });
        }
        JsonNode before = api(
                "/api/v1/planogram/space",
                "from",
                failed.minusDays(9).toString(),
                "to",
                failed.minusDays(3).toString());
        assertThat(before.at("/completeness/complete").asBoolean())
                .as("%s", before.get("completeness"))
                .isTrue();
        assertThat(before.at("/completeness/incomplete_days")).isEmpty();
    }

    private JsonNode post(String token, String path, String body, int expected) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(r.statusCode()).as("POST %s %s: %s", path, body, r.body()).isEqualTo(expected);
        return r.body().isBlank() ? null : JSON.readTree(r.body());
    }

    private HttpResponse<String> call(String token, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET()
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
