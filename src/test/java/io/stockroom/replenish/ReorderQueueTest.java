package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.replenish.Views.BulkDecision;
import io.stockroom.replenish.Views.Download;
import io.stockroom.replenish.Views.LineQuery;
import io.stockroom.replenish.Views.RecommendationItem;
import io.stockroom.replenish.Views.RecommendationPage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buyer's queue: lines to review come first (those with a problem, then the largest order value), lines a rule holds
 * at 0 are decided by the rule (and reopen when a buyer overrides them), bulk decisions by filter, and the approved
 * orders as CSV / JSON / XLSX downloads.
 */
class ReorderQueueTest {

    static final LocalDate D = ReplenishmentPolicyTest.D;

    @TempDir
    Path dir;

    Chain chain;
    ReplenishmentService service;
    Recommendations recommendations;
    PurchaseOrders orders;

    @BeforeEach
    void open() {
        chain = new Chain(dir);
        chain.store("S1").store("S2").supplier("SUP1", 3, "MON", null);
        // P1 sells 10 a day, P2 20 a day (twice the order value), P3 is do-not-reorder, P4 has no unit cost anywhere
        chain.product("P1", "Dairy", 5).supplies("SUP1", "P1", 12, null, 2.5, null);
        chain.product("P2", "Dairy", 5).supplies("SUP1", "P2", 12, null, 2.5, null);
        chain.product("P3", "Dairy", 5)
                .supplies("SUP1", "P3", 12, null, 2.5, null)
                .productFlag("P3", "do_not_reorder", true);
        chain.product("P4", "Dairy", 5)
                .supplies("SUP1", "P4", 12, null, null, null)
                .productFlag("P4", "unit_cost", null);
        for (String store : List.of("S1", "S2")) {
            chain.history(store, "P1", D, alternating(8, 12, 28), 5, 20);
            chain.history(store, "P2", D, alternating(16, 24, 28), 5, 20);
            chain.history(store, "P3", D, alternating(8, 12, 28), 5, 20);
            chain.history(store, "P4", D, alternating(8, 12, 28), 5, 20);
        }
        service = new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults());
        recommendations = new Recommendations(chain.warehouse);
        orders = new PurchaseOrders(chain.warehouse);
        service.run(D, Optional.empty());
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private RecommendationPage page(String store, String queue) {
        return recommendations.list(new LineQuery(D, store, null, null, null, queue, 50, 0));
    }

    @Test
    void linesARuleHoldsAtZeroAreDecidedByTheRuleAndTheLinesToReviewComeFirst() {
        LineValues dnr = chain.line(D, "S1", "P3");
        assertThat(dnr.status()).isEqualTo("rejected");
        assertThat(dnr.decidedBy()).isEqualTo("rule");
        assertThat(dnr.decisionReason()).isEqualTo("Do not reorder");
        assertThat(chain.count("SELECT COUNT(*) FROM replenishment_lines WHERE decided_by_rule"))
                .isEqualTo(2);

        RecommendationPage all = page(null, null);
        assertThat(all.queues())
                .containsEntry("review", 6L)
                .containsEntry("rule", 2L)
                .containsEntry("decided", 0L);
        assertThat(all.total()).isEqualTo(8);
        // no cost first (a buyer must look at it), then the largest order value (P2: 20 a day), then P1; the rule's
        // lines last
        assertThat(all.items())
                .extracting(i -> i.storeId() + "/" + i.sku())
                .containsExactly("S1/P4", "S2/P4", "S1/P2", "S2/P2", "S1/P1", "S2/P1", "S1/P3", "S2/P3");
        RecommendationItem first = all.items().get(0);
        assertThat(first.attention()).isTrue();
        assertThat(first.flags()).contains("MISSING_COST");
        assertThat(first.storeName()).isEqualTo("Store S1");
        assertThat(first.supplierName()).isEqualTo("Supplier SUP1");
        assertThat(first.name()).isEqualTo("Product P4");
        RecommendationItem p2 = all.items().get(2);
        assertThat(p2.attention()).isFalse();
        assertThat(p2.lineCost())
                .isEqualByComparingTo(p2.unitCost().multiply(java.math.BigDecimal.valueOf(p2.finalQty())));
        assertThat(all.items().get(6).decidedByRule()).isTrue();

        assertThat(page(null, "review").items())
                .extracting(RecommendationItem::status)
                .containsOnly("proposed")
                .hasSize(6);
        assertThat(page("S2", "rule").items())
                .extracting(RecommendationItem::sku)
                .containsExactly("P3");
        assertThatThrownBy(() -> page(null, "later"))
                .hasMessage("Parameter 'queue' must be review, rule or decided, got 'later'.");
        // the order's totals never counted the held line
        assertThat(orders.get("PO-20260305-SUP1-S1").order().lines()).isEqualTo(3);
    }

    @Test
    void aBuyerCanOverrideALineTheRuleDecidedAndAReRunRecomputesTheRuleLinesNobodyTouched() {
        long id = chain.line(D, "S1", "P3").id();
        Views.RecommendationDetail d = recommendations.override(id, 12L, "last case for the clearance table", "alice");
        assertThat(d.status()).isEqualTo("proposed");
        assertThat(d.decidedByRule()).isFalse();
        assertThat(d.finalQty()).isEqualTo(12);
        assertThat(page("S1", "review").items())
                .extracting(RecommendationItem::sku)
                .contains("P3");
        // still an ordinary decided line for every other action: approving works like any proposed line
        assertThat(recommendations.approve(id, "alice", null).status()).isEqualTo("approved");

        chain.productFlag("P3", "do_not_reorder", false);
        service.run(D, Optional.empty());
        assertThat(chain.line(D, "S1", "P3").finalQty()).isEqualTo(12); // the buyer's line is kept
        LineValues s2 = chain.line(D, "S2", "P3");
        assertThat(s2.status()).isEqualTo("proposed");
        assertThat(s2.exception()).isNull();
        assertThat(s2.finalQty()).isEqualTo(72);
    }

    @Test
    void bulkDecisionsApplyToTheLinesToReviewThatMatchTheFilterAndAreAudited() {
        assertThatThrownBy(() -> recommendations.decideAll(query("S1", null), "reject", "bob", " "))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_PARAMETER));
        assertThatThrownBy(() -> recommendations.decideAll(query("S1", null), "delete", "bob", null))
                .hasMessage("Field 'action' must be approve or reject, got 'delete'.");

        BulkDecision approved = recommendations.decideAll(query("S1", null), "approve", "bob", null);
        assertThat(approved.lines()).isEqualTo(3); // P1, P2, P4 of S1; the rule's P3 stays as it is
        assertThat(approved.purchaseOrders()).isEqualTo(1);
        assertThat(chain.rows(
                        "SELECT store_id, sku, status, decided_by FROM replenishment_lines ORDER BY store_id, sku"))
                .extracting(
                        r -> r.get("store_id") + "/" + r.get("sku") + ":" + r.get("status") + ":" + r.get("decided_by"))
                .containsExactly(
                        "S1/P1:approved:bob",
                        "S1/P2:approved:bob",
                        "S1/P3:rejected:rule",
                        "S1/P4:approved:bob",
                        "S2/P1:proposed:null",
                        "S2/P2:proposed:null",
                        "S2/P3:rejected:rule",
                        "S2/P4:proposed:null");
        assertThat(
                        chain.count(
                                "SELECT COUNT(*) FROM audit_log WHERE action = 'approve' AND actor = 'bob' AND entity_type = 'recommendation'"))
                .isEqualTo(3);
        assertThat(chain.count(
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'approve' AND entity_type = 'recommendations'"))
                .isEqualTo(1);

        BulkDecision rejected = recommendations.decideAll(query(null, "SUP1"), "reject", "bob", "supplier on strike");
        assertThat(rejected.lines()).isEqualTo(3); // only S2's lines were still to review
        assertThat(orders.get("PO-20260305-SUP1-S2").order().units()).isZero();
        assertThat(recommendations
                        .decideAll(query(null, null), "approve", "bob", null)
                        .lines())
                .isZero();
    }

    @Test
    void approvedOrdersDownloadAsCsvJsonAndXlsxWithNamesAndLineCosts() throws Exception {
        assertThatThrownBy(() -> orders.download(D, null, "csv"))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        orders.approve("PO-20260305-SUP1-S1", "bob", null);
        List<LineValues> lines =
                List.of(chain.line(D, "S1", "P1"), chain.line(D, "S1", "P2"), chain.line(D, "S1", "P4"));

        Download csv = orders.download(D, null, "csv");
        assertThat(csv.fileName()).isEqualTo("purchase-orders-2026-03-05.csv");
        List<String> rows =
                new String(csv.bytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(rows.get(0))
                .isEqualTo(
                        "po_id,business_date,supplier_id,supplier_name,store_id,store_name,sku,supplier_sku,name,quantity,"
                                + "case_pack,cases,unit_cost,line_cost");
        assertThat(rows).hasSize(4); // the three lines that order something; the rule's P3 line does not
        LineValues p1 = lines.get(0);
        assertThat(rows.get(1))
                .isEqualTo("PO-20260305-SUP1-S1,2026-03-05,SUP1,Supplier SUP1,S1,Store S1,P1,V-P1,Product P1,"
                        + p1.finalQty() + ",12," + p1.finalQty() / 12 + ",2.5000,"
                        + new java.math.BigDecimal("2.5")
                                .multiply(java.math.BigDecimal.valueOf(p1.finalQty()))
                                .setScale(2));
        assertThat(rows.get(3))
                .startsWith("PO-20260305-SUP1-S1,2026-03-05,SUP1,Supplier SUP1,S1,Store S1,P4,V-P4,Product P4,")
                .endsWith(",,");

        Download json = orders.download(D, "SUP1", "json");
        assertThat(json.fileName()).isEqualTo("purchase-orders-2026-03-05-SUP1.json");
        tools.jackson.databind.JsonNode doc = AuditLog.JSON.readTree(json.bytes());
        assertThat(doc.at("/suppliers/0/supplier_name").asString()).isEqualTo("Supplier SUP1");
        assertThat(doc.at("/suppliers/0/purchase_orders/0/lines")).hasSize(3);
        assertThat(doc.at("/suppliers/0/purchase_orders/0/lines/1/quantity").asLong())
                .isEqualTo(lines.get(1).finalQty());

        Download xlsx = orders.download(D, null, "XLSX");
        assertThat(xlsx.contentType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.bytes()))) {
            assertThat(wb.getFirstSheet().getName()).isEqualTo("Supplier SUP1");
            List<Row> sheet = wb.getFirstSheet().read();
            assertThat(sheet).hasSize(4);
            assertThat(sheet.get(0).getCellText(9)).isEqualTo("quantity");
            for (int i = 0; i < 3; i++) {
                assertThat(sheet.get(i + 1).getCellText(6))
                        .isEqualTo(lines.get(i).sku());
                assertThat(sheet.get(i + 1).getCell(9).asNumber().longValue())
                        .isEqualTo(lines.get(i).finalQty());
            }
        }
        assertThatThrownBy(() -> orders.download(D, null, "pdf"))
                .hasMessage("Parameter 'format' must be csv, json or xlsx, got 'pdf'.");
        assertThatThrownBy(() -> orders.download(D, "SUP9", "csv"))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    private static LineQuery query(String store, String supplier) {
        return new LineQuery(D, store, supplier, null, null, "review", 1, 0);
    }
}
