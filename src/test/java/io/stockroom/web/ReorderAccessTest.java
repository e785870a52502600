package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who may use the reorder queue's new routes: a store GM reads but cannot decide in bulk or download the orders; a
 * buyer's bulk decision never reaches a store outside their scope; anyone signed in may turn a table into XLSX.
 */
class ReorderAccessTest extends WebAppTest {

    @Test
    void bulkDecisionsAndOrderDownloadsFollowTheRolesAndTheStoreScope() {
        List<String> stores = chain.stores();
        String mine = stores.get(0);
        String gm = tokens.create("reorder gm " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        String buyer = tokens.create("buyer " + mine, EnumSet.of(Role.BUYER), Set.of(mine), Set.of(), null, "test")
                .token();
        String date = api("/api/v1/replenishment/recommendations").path("date").asString();

        assertThat(call("GET", "/api/v1/replenishment/recommendations?queue=review", gm, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/api/v1/replenishment/recommendations/decide", gm, "{\"action\":\"approve\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/purchase-orders/download?format=csv", gm, null)
                        .statusCode())
                .isEqualTo(403);

        // a buyer of one store asking for another store's lines (the one with most left to review) decides nothing
        // there
        String other = stores.stream()
                .filter(st -> !st.equals(mine))
                .max(java.util.Comparator.comparingLong(
                        st -> sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE business_date = DATE '" + date
                                + "' AND store_id = '" + st + "' AND status = 'proposed'")))
                .orElseThrow();
        String where = "business_date = DATE '" + date + "' AND store_id = '" + other + "' AND status = 'proposed'";
        long before = sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE " + where);
        assertThat(before).as("lines to review in %s", other).isPositive();
        HttpResponse<String> r = call(
                "POST",
                "/api/v1/replenishment/recommendations/decide",
                buyer,
                "{\"action\":\"approve\",\"store\":\"" + other + "\",\"date\":\"" + date + "\"}");
        // refused as a read's filter of another store is (StoreScopeTest), not "0 lines decided"
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE " + where))
                .isEqualTo(before);

        // the XLSX export reads nothing from the warehouse: any signed-in user, nobody anonymous
        String table = "{\"name\":\"t\",\"header\":[\"a\"],\"rows\":[[1]]}";
        assertThat(call("POST", "/api/v1/exports/xlsx", gm, table).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/exports/xlsx", null, table).statusCode())
                .isEqualTo(401);
    }

    /**
     * A reorder line or purchase order of another store asked by its id answers as a store filter of another store
     * does: a 403 naming the stores the access covers, the same for an id nobody has, so it tells nothing of other
     * stores (before, a 404 "does not exist", which is not true of another store's line); a whole-chain caller's unknown
     * id is a 404. A decision on another store's order is refused the same way and changes nothing.
     */
    @Test
    void anotherStoresLineOrOrderAskedByIdIsA403NamingTheCallersStores() {
        List<String> stores = chain.stores();
        String mine = stores.get(0);
        String other = stores.get(1);
        String gm = tokens.create("by id gm " + mine, EnumSet.of(Role.STORE_GM), Set.of(mine), Set.of(), null, "test")
                .token();
        String buyer = tokens.create(
                        "by id buyer " + mine, EnumSet.of(Role.BUYER), Set.of(mine), Set.of(), null, "test")
                .token();
        long line = sqlLong("SELECT MAX(id) FROM replenishment_lines WHERE store_id = '" + other + "'");
        String po = sqlText(
                "SELECT MAX(po_id) FROM purchase_orders WHERE store_id = '" + other + "' AND status = 'proposed'");
        assertThat(po).as("a proposed order of %s", other).isNotNull();
        long ownLine = sqlLong("SELECT MAX(id) FROM replenishment_lines WHERE store_id = '" + mine + "'");
        assertThat(call("GET", "/api/v1/replenishment/recommendations/" + ownLine, gm, null)
                        .statusCode())
                .as("its own store's line")
                .isEqualTo(200);

        String covers = "Your access covers stores " + mine + ", not ";
        HttpResponse<String> r = call("GET", "/api/v1/replenishment/recommendations/" + line, gm, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains(covers + "recommendation " + line).doesNotContain(other);
        HttpResponse<String> none = call("GET", "/api/v1/replenishment/recommendations/999999999", gm, null);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(403);
        assertThat(none.body()).contains(covers + "recommendation 999999999");

        r = call("GET", "/api/v1/purchase-orders/" + po, gm, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains(covers + "purchase order '" + po + "'");
        none = call("GET", "/api/v1/purchase-orders/PO-NOBODY", gm, null);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(403);

        r = call("POST", "/api/v1/purchase-orders/" + po + "/approve", buyer, "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains(covers);
        assertThat(sqlText("SELECT status FROM purchase_orders WHERE po_id = '" + po + "'"))
                .isEqualTo("proposed");

        // the whole chain's caller: an id nobody has is not found
        assertThat(get("/api/v1/replenishment/recommendations/999999999").statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/purchase-orders/PO-NOBODY").statusCode()).isEqualTo(404);
    }

    private String sqlText(String sql) {
        return io.stockroom.testdata.Sql.scalar(warehouse, String.class, sql);
    }

    private HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
