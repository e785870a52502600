package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two decisions on one purchase order at the same moment — an Approve pressed twice, two buyers at once, an override
 * while the order is approved — end as one decision and a 409 that says why. Before, on DuckDB the second writer failed
 * with the engine's "Conflict on update" as a 500 (the page said "Not saved. The server could not answer" about an
 * order that was approved), and on PostgreSQL both went through: the order approved twice, or a line's quantity
 * changed after its order was approved and its approval limit checked.
 */
class ReorderDecisionsAtOnceTest extends WebAppTest {

    private static final String APPROVED =
            "SELECT COUNT(*) FROM audit_log WHERE action = 'approve' AND entity_type = ?" + " AND entity_id = ?";

    @BeforeEach
    void replenishmentApi() {
        assumeApi("/api/v1/purchase-orders");
    }

    @Test
    void anOrderApprovedTwiceAtOnceIsApprovedOnceAndTheSecondIsToldWhy() {
        for (String po : proposedOrders(2)) {
            List<HttpResponse<String>> answers = atOnce(
                    () -> send("POST", "/api/v1/purchase-orders/" + po + "/approve", "{}"),
                    () -> send("POST", "/api/v1/purchase-orders/" + po + "/approve", "{}"));
            assertThat(answers)
                    .extracting(HttpResponse::statusCode)
                    .as("%s approved twice at once: %s", po, bodies(answers))
                    .containsExactlyInAnyOrder(200, 409);
            HttpResponse<String> refused = answers.stream()
                    .filter(r -> r.statusCode() == 409)
                    .findFirst()
                    .orElseThrow();
            assertThat(JSON.readTree(refused.body()).path("code").asString()).isEqualTo("CONFLICT");
            assertThat(JSON.readTree(refused.body()).path("detail").asString()).contains(po);
            assertThat(api("/api/v1/purchase-orders/" + po).at("/order/status").asString())
                    .isEqualTo("approved");
            assertThat(sqlLong(APPROVED, "purchase_order", po))
                    .as("approvals of %s in the audit log", po)
                    .isEqualTo(1);
        }
    }

    @Test
    void aLineApprovedTwiceAtOnceIsApprovedOnce() {
        String po = proposedOrders(1).get(0);
        JsonNode line = orderedLine(po);
        String id = line.path("id").asString();
        List<HttpResponse<String>> answers = atOnce(
                () -> send("POST", "/api/v1/replenishment/recommendations/" + id + "/approve", "{}"),
                () -> send("POST", "/api/v1/replenishment/recommendations/" + id + "/approve", "{}"));
        assertThat(answers)
                .extracting(HttpResponse::statusCode)
                .as("line %s approved twice at once: %s", id, bodies(answers))
                .containsExactlyInAnyOrder(200, 409);
        assertThat(sqlLong(APPROVED, "recommendation", id)).isEqualTo(1);
    }

    /**
     * An override racing the order's approval either lands before it (the approval then approves the new quantity) or
     * is refused; the order never changes after it was approved.
     */
    @Test
    void aLineOverriddenWhileItsOrderIsApprovedIsNeverChangedAfterTheApproval() {
        for (String po : proposedOrders(2)) {
            JsonNode line = orderedLine(po);
            String id = line.path("id").asString();
            long more = line.path("final_qty").asLong()
                    + Math.max(1, line.path("case_pack").asLong());
            List<HttpResponse<String>> answers = atOnce(
                    () -> send("POST", "/api/v1/purchase-orders/" + po + "/approve", "{}"),
                    () -> send(
                            "POST",
                            "/api/v1/replenishment/recommendations/" + id + "/override",
                            "{\"quantity\":" + more + ",\"reason\":\"one more case\"}"));
            assertThat(answers)
                    .extracting(HttpResponse::statusCode)
                    .as("approval and override of %s at once: %s", po, bodies(answers))
                    .allMatch(s -> s == 200 || s == 409)
                    .contains(200);
            JsonNode now = api("/api/v1/purchase-orders/" + po);
            if (answers.get(0).statusCode() == 200) {
                JsonNode approved = JSON.readTree(answers.get(0).body());
                assertThat(now.at("/order/units").asLong())
                        .as("units of %s now against what was approved", po)
                        .isEqualTo(approved.at("/order/units").asLong());
                assertThat(now.at("/order/cost").decimalValue())
                        .isEqualByComparingTo(approved.at("/order/cost").decimalValue());
                assertThat(line(now, id).path("final_qty").asLong())
                        .isEqualTo(line(approved, id).path("final_qty").asLong());
            } else {
                assertThat(now.at("/order/status").asString()).isEqualTo("proposed");
                assertThat(line(now, id).path("final_qty").asLong()).isEqualTo(more);
            }
        }
    }

    /**
     * "Export to folder" pressed twice, or by two users at once, then "Send again" likewise: each answer's files are in
     * the folder, an order is written once by the first pair and once per answer that re-sent it, and an export that
     * lost the race is a 409 saying another export ran. Before, on DuckDB the second export failed with the engine's
     * "Conflict on update" as a 500, and on PostgreSQL the second removed the first one's files before they took their
     * names (the order recorded as sent, its file gone). One order: the shared chain has few proposed ones.
     */
    @Test
    void twoExportsAtOnceWriteEachOrderOnceAndEveryFileTheyNameIsThere() throws Exception {
        String po = proposedOrders(1).get(0);
        HttpResponse<String> approved = send("POST", "/api/v1/purchase-orders/" + po + "/approve", "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        for (int round = 0; round < 3; round++) {
            String path = "/api/v1/purchase-orders/export" + (round == 0 ? "" : "?resend=" + po);
            long before = revision(po);
            List<HttpResponse<String>> answers = atOnce(() -> send("POST", path, ""), () -> send("POST", path, ""));
            assertThat(answers)
                    .extracting(HttpResponse::statusCode)
                    .as("two exports at once (%s): %s", path, bodies(answers))
                    .allMatch(s -> s == 200 || s == 409)
                    .contains(200);
            List<HttpResponse<String>> written =
                    answers.stream().filter(r -> r.statusCode() == 200).toList();
            for (HttpResponse<String> w : written) {
                JsonNode answer = JSON.readTree(w.body());
                String directory = answer.path("directory").asString();
                assertThat(directory)
                        .as("the folder within the data directory, not the server's path")
                        .matches("exports/supplier_orders/\\d{4}-\\d{2}-\\d{2}");
                for (JsonNode file : answer.path("files")) {
                    assertThat(DATA_DIR.resolve(directory).resolve(file.asString()))
                            .as("a file the export says it wrote")
                            .exists();
                }
            }
            for (HttpResponse<String> refused :
                    answers.stream().filter(r -> r.statusCode() == 409).toList()) {
                assertThat(JSON.readTree(refused.body()).path("code").asString())
                        .isEqualTo("CONFLICT");
                assertThat(JSON.readTree(refused.body()).path("detail").asString())
                        .contains("another export of the purchase orders");
            }
            assertThat(revision(po))
                    .as("%s's revision after round %d", po, round)
                    .isEqualTo(round == 0 ? 1 : before + written.size());
        }
    }

    private long revision(String po) {
        return sqlLong("SELECT COALESCE(MAX(export_revision), 0) FROM purchase_orders WHERE po_id = ?", po);
    }

    /** The last {@code n} proposed orders that order something (other tests take them from the front). */
    private List<String> proposedOrders(int n) {
        List<String> found = new ArrayList<>();
        for (JsonNode o : api("/api/v1/purchase-orders")) {
            if ("proposed".equals(o.path("status").asString())
                    && o.path("units").asLong() > 0
                    && !o.path("store_id").isNull()) {
                found.add(o.path("po_id").asString());
            }
        }
        assertThat(found).as("proposed purchase orders that order something").hasSizeGreaterThanOrEqualTo(n);
        return found.subList(found.size() - n, found.size());
    }

    /** A line of the order still proposed that orders something. */
    private JsonNode orderedLine(String po) {
        for (JsonNode l : api("/api/v1/purchase-orders/" + po).path("lines")) {
            if ("proposed".equals(l.path("status").asString())
                    && l.path("final_qty").asLong() > 0) {
                return l;
            }
        }
        throw new AssertionError("no proposed line that orders something in " + po);
    }

    private static JsonNode line(JsonNode order, String id) {
        for (JsonNode l : order.path("lines")) {
            if (l.path("id").asString().equals(id)) {
                return l;
            }
        }
        throw new AssertionError("no line " + id + " in " + order);
    }

    /** Sends the requests together: each waits for the others' threads to be ready, then all go. */
    @SafeVarargs
    private static List<HttpResponse<String>> atOnce(Supplier<HttpResponse<String>>... requests) {
        CountDownLatch ready = new CountDownLatch(requests.length);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(requests.length)) {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (Supplier<HttpResponse<String>> r : requests) {
                sent.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return r.get();
                }));
            }
            ready.await();
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : sent) {
                answers.add(f.get());
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static List<String> bodies(List<HttpResponse<String>> answers) {
        return answers.stream()
                .map(r -> r.statusCode() + " "
                        + r.body().substring(0, Math.min(300, r.body().length())))
                .toList();
    }
}
