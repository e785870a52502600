package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.export.CsvCells;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buyer workflow, re-runs that keep decisions, purchase order totals, minimum order value, exports and the audit log. */
@BesideTheOtherClasses
class ReplenishmentWorkflowTest {

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
        chain.store("S1").store("S2").supplier("SUP1", 3, "MON", 500.0);
        for (String store : List.of("S1", "S2")) {
            for (String sku : List.of("P1", "P2")) {
                if (store.equals("S1")) {
                    chain.product(sku, "Dairy", 5).supplies("SUP1", sku, 12, null, 2.5, null);
                }
                chain.history(store, sku, D, alternating(8, 12, 28), 5, 20);
            }
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

    private long id(String store, String sku) {
        return chain.line(D, store, sku).id();
    }

    @Test
    void onePurchaseOrderPerSupplierAndStoreWithTotalsAndTheMinimumOrderValueFlag() {
        List<Views.PurchaseOrderSummary> list = orders.list(D, null, null, null);
        assertThat(list)
                .extracting(Views.PurchaseOrderSummary::poId)
                .containsExactly("PO-20260305-SUP1-S1", "PO-20260305-SUP1-S2");
        Views.PurchaseOrderSummary po = list.get(0);
        // 2 lines × 72 units × 2.50 = 360.00 < 500 minimum
        assertThat(po.lines()).isEqualTo(2);
        assertThat(po.units()).isEqualTo(144);
        assertThat(po.cases()).isEqualTo(12);
        assertThat(po.cost()).isEqualByComparingTo("360.00");
        assertThat(po.flags()).containsExactly("BELOW_MIN_ORDER_VALUE");
    }

    @Test
    void topUpAddsCasesToTheLeastCoveredAItemsUntilTheMinimumIsReached() {
        // P2 ends with less stock, so it has the least cover and gets the cases first
        chain.exec(
                "UPDATE inventory SET on_hand = 8, load_seq = nextval('load_seq_ids') WHERE sku = 'P2' AND business_date = ?",
                D);
        new ReplenishmentService(
                        chain.warehouse, ReplenishmentProperties.defaults().withTopUp(true))
                .run(D, Optional.empty());
        Views.PurchaseOrderSummary po = orders.list(D, "S1", null, null).get(0);
        assertThat(po.cost()).isGreaterThanOrEqualTo(new java.math.BigDecimal("500"));
        assertThat(po.flags()).containsExactly("TOPPED_UP");
        LineValues p1 = chain.line(D, "S1", "P1");
        LineValues p2 = chain.line(D, "S1", "P2");
        // need 72 (P1) + 84 (P2) = 156 units = 390.00; 110.00 more = 4 cases of 12 × 2.50 = 30.00 each (120.00)
        assertThat(p1.topUp() + p2.topUp()).isEqualTo(48);
        assertThat(p2.topUp()).isGreaterThanOrEqualTo(p1.topUp());
        assertThat(PolicyCheck.problems(p1)).isEmpty();
        assertThat(PolicyCheck.problems(p2)).isEmpty();
        assertThat(Explanation.texts(p2))
                .anyMatch(t ->
                        t.startsWith("topped up 84 → ") && t.endsWith("toward the supplier's minimum order value"));
    }

    @Test
    void perSupplierGroupingAllocatesStoresInOneOrder() {
        new ReplenishmentService(
                        chain.warehouse,
                        ReplenishmentProperties.defaults().withPoGrouping(ReplenishmentProperties.PoGrouping.SUPPLIER))
                .run(D.plusDays(0), Optional.empty());
        List<Views.PurchaseOrderSummary> list = orders.list(D, null, null, null);
        assertThat(list).extracting(Views.PurchaseOrderSummary::poId).containsExactly("PO-20260305-SUP1");
        assertThat(list.get(0).storeId()).isNull();
        assertThat(list.get(0).units()).isEqualTo(288);
        assertThat(list.get(0).flags()).isEmpty(); // 720.00 ≥ 500
    }

    @Test
    void overrideNeedsAReasonAndWholeCasesAndIsAudited() {
        long id = id("S1", "P1");
        assertThatThrownBy(() -> recommendations.override(id, 84L, " ", "alice"))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_PARAMETER));
        assertThatThrownBy(() -> recommendations.override(id, 13L, "promo", "alice"))
                .hasMessage("Quantity 13 is not a whole number of cases (case pack 12); use 12 or 24.");
        assertThatThrownBy(() -> recommendations.override(999_999L, 12L, "promo", "alice"))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        Views.RecommendationDetail d = recommendations.override(id, 84L, "end-cap display", "alice");
        assertThat(d.finalQty()).isEqualTo(84);
        assertThat(d.recommendedQty()).isEqualTo(72);
        assertThat(d.consistent()).isTrue();
        assertThat(d.steps().get(d.steps().size() - 1).text())
                .isEqualTo("overridden by alice: 72 → 84 (end-cap display)");
        assertThat(orders.get("PO-20260305-SUP1-S1").order().units()).isEqualTo(156);

        List<Map<String, Object>> audit =
                chain.rows("SELECT actor, action, entity_type, entity_id, before_value, after_value, occurred_at "
                        + "FROM audit_log WHERE action = 'override'");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0))
                .containsEntry("actor", "alice")
                .containsEntry("entity_type", "recommendation")
                .containsEntry("entity_id", String.valueOf(id));
        assertThat((String) audit.get(0).get("before_value"))
                .contains("\"final_qty\":72")
                .contains("\"override_qty\":null");
        assertThat((String) audit.get(0).get("after_value"))
                .contains("\"final_qty\":84")
                .contains("\"override_reason\":\"end-cap display\"");
        assertThat(audit.get(0).get("occurred_at")).isNotNull();
    }

    @Test
    void anOverrideBelowAnMoqThatIsNoWholeCaseSuggestsOnlyQuantitiesThatAreValid() {
        // MOQ 100 with cases of 12: the valid quantities are 0 and 108, 120, ... (96 is below the MOQ, 100 no whole
        // case)
        chain.exec("UPDATE supplier_products SET moq = 100");
        service.run(D, Optional.empty());
        long id = id("S1", "P1");
        assertThatThrownBy(() -> recommendations.override(id, 100L, "display", "alice"))
                .hasMessage("Quantity 100 is not a whole number of cases (case pack 12) at or above the MOQ of 100; "
                        + "use 108 or 0.");
        assertThatThrownBy(() -> recommendations.override(id, 96L, "display", "alice"))
                .hasMessage("Quantity 96 is below the supplier's MOQ of 100; order at least 108 (the MOQ in whole "
                        + "cases of 12) or 0.");
        assertThatThrownBy(() -> recommendations.override(id, 130L, "display", "alice"))
                .hasMessage("Quantity 130 is not a whole number of cases (case pack 12); use 120 or 132.");
        assertThat(recommendations.override(id, 120L, "display", "alice").finalQty())
                .isEqualTo(120);
    }

    @Test
    void rejectingALineTakesItOutOfTheOrderAndDecidedLinesAreFinal() {
        long id = id("S1", "P1");
        Views.RecommendationDetail d = recommendations.reject(id, "bob", "overstocked in backroom");
        assertThat(d.status()).isEqualTo("rejected");
        assertThat(orders.get("PO-20260305-SUP1-S1").order().units()).isEqualTo(72);
        assertThatThrownBy(() -> recommendations.approve(id, "bob", null))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(chain.count(
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'reject' AND actor = 'bob' AND entity_id = ?",
                        String.valueOf(id)))
                .isEqualTo(1);
    }

    @Test
    void approvingAnOrderApprovesItsOpenLinesAndLocksThem() {
        long rejected = id("S1", "P2");
        recommendations.reject(rejected, "bob", "no space");
        Views.PurchaseOrderDetail po = orders.approve("PO-20260305-SUP1-S1", "carol", "weekly order");
        assertThat(po.order().status()).isEqualTo("approved");
        assertThat(po.order().decidedBy()).isEqualTo("carol");
        assertThat(po.lines()).extracting(Views.PurchaseOrderLine::status).containsExactly("approved", "rejected");
        assertThatThrownBy(() -> orders.approve("PO-20260305-SUP1-S1", "carol", null))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> recommendations.override(id("S1", "P1"), 24L, "late change", "carol"))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        // one row for the order, one for the line it approved
        assertThat(
                        chain.count(
                                "SELECT COUNT(*) FROM audit_log WHERE action = 'approve' AND actor = 'carol' AND entity_type = 'purchase_order'"))
                .isEqualTo(1);
        assertThat(
                        chain.count(
                                "SELECT COUNT(*) FROM audit_log WHERE action = 'approve' AND actor = 'carol' AND entity_type = 'recommendation'"))
                .isEqualTo(1);
    }

    @Test
    void anOrderWithALineOfUnknownCostNeedsABuyerWithoutALimit() {
        // P1 has no cost anywhere: the order is valued at 180.00 (P2 only), far below a buyer's limit of 5,000, but
        // what P1's 72 units cost is not known, so the limit cannot be shown to hold
        chain.exec("UPDATE supplier_products SET unit_cost = NULL WHERE sku = 'P1'");
        chain.exec("UPDATE products SET unit_cost = NULL WHERE sku = 'P1'");
        service.run(D, Optional.empty());
        assertThat(orders.get("PO-20260305-SUP1-S1").order().cost()).isEqualByComparingTo("180.00");
        assertThatThrownBy(() -> orders.approve("PO-20260305-SUP1-S1", "bob", null, new java.math.BigDecimal("5000")))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
                .hasMessageContaining("1 line without a unit cost")
                .hasMessageContaining("P1");
        assertThat(orders.get("PO-20260305-SUP1-S1").order().status()).isEqualTo("proposed");
        // a head buyer (no limit) may approve it
        assertThat(orders.approve("PO-20260305-SUP1-S1", "hana", null, null)
                        .order()
                        .status())
                .isEqualTo("approved");
    }

    @Test
    void anOrderThatOrdersNothingCannotBeApproved() {
        recommendations.reject(id("S2", "P1"), "bob", null);
        recommendations.reject(id("S2", "P2"), "bob", null);
        assertThatThrownBy(() -> orders.approve("PO-20260305-SUP1-S2", "carol", null))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(orders.reject("PO-20260305-SUP1-S2", "carol", "skip this week")
                        .order()
                        .status())
                .isEqualTo("rejected");
    }

    @Test
    void aReRunKeepsApprovedOrdersAndBuyerDecisionsAndReplacesTheRest() {
        orders.approve("PO-20260305-SUP1-S1", "carol", null);
        long approvedLine = id("S1", "P1");
        long overridden = id("S2", "P1");
        recommendations.override(overridden, 96L, "promo", "alice");
        long untouched = id("S2", "P2");
        // the facts change (more stock in S2), then the stage runs again for the same date
        chain.exec(
                "UPDATE inventory SET on_hand = 30, load_seq = nextval('load_seq_ids') WHERE store_id = 'S2' AND business_date = ?",
                D);
        ReplenishmentRun again = service.run(D, Optional.empty());

        assertThat(again.lines()).isEqualTo(4);
        assertThat(chain.line(D, "S1", "P1").id()).isEqualTo(approvedLine);
        assertThat(chain.line(D, "S1", "P1").status()).isEqualTo("approved");
        assertThat(orders.get("PO-20260305-SUP1-S1").order().status()).isEqualTo("approved");
        assertThat(chain.line(D, "S2", "P1").finalQty()).isEqualTo(96);
        LineValues replaced = chain.line(D, "S2", "P2");
        assertThat(replaced.id()).as("a line made again keeps its id").isEqualTo(untouched);
        assertThat(replaced.onHand()).isEqualByComparingTo("30");
        assertThat(replaced.finalQty()).isEqualTo(60); // need 50.87 → 51 → 60
        assertThat(orders.get("PO-20260305-SUP1-S2").order().units()).isEqualTo(156);
        assertThat(chain.count("SELECT COUNT(*) FROM replenishment_runs WHERE business_date = ? AND kept_lines = 3", D))
                .isEqualTo(1);
    }

    /**
     * An export leaves alone the hidden files of another export still in flight in a running process (another request
     * that has just committed and is naming its files), and removes only those of a stopped process's export that never
     * committed. Before, it removed every hidden file but its own: two exports a moment apart lost the first one's
     * file, its order recorded as sent (seen on PostgreSQL as a 500 for the first export).
     */
    @Test
    void anExportLeavesTheHiddenFilesOfAnotherExportInFlightAlone() throws Exception {
        orders.approve("PO-20260305-SUP1-S1", "carol", null);
        Path folder = dir.resolve("exports/supplier_orders/2026-03-05");
        Files.createDirectories(folder);
        String inFlight = ".SUP9.json." + java.util.UUID.randomUUID() + "."
                + Long.toHexString(chain.warehouse.processKey()) + ".part";
        String ofAStoppedProcess = ".SUP8.json." + java.util.UUID.randomUUID() + "."
                + Long.toHexString(chain.warehouse.processKey() + 1) + ".part";
        String ofAnEarlierVersion = ".SUP7.json." + java.util.UUID.randomUUID() + ".part";
        for (String part : List.of(inFlight, ofAStoppedProcess, ofAnEarlierVersion)) {
            Files.writeString(folder.resolve(part), "{}");
        }

        assertThat(orders.export(D, false).files()).containsExactly("SUP1.json", "SUP1.csv");

        assertThat(folder.resolve(inFlight))
                .as("another request's export in flight")
                .exists();
        assertThat(folder.resolve(ofAStoppedProcess))
                .as("an export that did not commit, its process stopped")
                .doesNotExist();
        assertThat(folder.resolve(ofAnEarlierVersion)).doesNotExist();
    }

    @Test
    void onlyApprovedOrdersExportAsFinalWithSpreadsheetSafeCsv() throws Exception {
        chain.exec("UPDATE products SET name = '=HYPERLINK(\"http://x\")' WHERE sku = 'P1'");
        orders.approve("PO-20260305-SUP1-S1", "carol", null);
        Views.ExportResult r = orders.export(D, false);
        assertThat(r.purchaseOrders()).isEqualTo(1);
        assertThat(r.skippedUnapproved()).isEqualTo(1);
        assertThat(r.files()).containsExactly("SUP1.json", "SUP1.csv");
        Path folder = dir.resolve("exports/supplier_orders/2026-03-05");
        assertThat(r.directory()).isEqualTo(folder);
        // the audit names the folder within the data directory, not the server's path (the audit is read by the API)
        assertThat(chain.rows("SELECT after_value FROM audit_log WHERE action = 'export'")
                        .get(0)
                        .get("after_value")
                        .toString())
                .contains("exports/supplier_orders/2026-03-05")
                .doesNotContain(dir.toString());
        String csv = Files.readString(folder.resolve("SUP1.csv"));
        assertThat(csv.lines().toList())
                .containsExactly(
                        "po_id,business_date,supplier_id,store_id,sku,supplier_sku,name,quantity,case_pack,cases,unit_cost,line_cost,revision",
                        "PO-20260305-SUP1-S1,2026-03-05,SUP1,S1,P1,V-P1,\"'=HYPERLINK(\"\"http://x\"\")\",72,12,6,2.5000,180.00,1",
                        "PO-20260305-SUP1-S1,2026-03-05,SUP1,S1,P2,V-P2,Product P2,72,12,6,2.5000,180.00,1");
        String json = Files.readString(folder.resolve("SUP1.json"));
        assertThat(json)
                .contains("\"status\" : \"final\"")
                .contains("\"po_id\" : \"PO-20260305-SUP1-S1\"")
                .doesNotContain("PO-20260305-SUP1-S2");
        assertThat(orders.get("PO-20260305-SUP1-S1").order().exportedAt()).isNotNull();

        Views.ExportResult withDrafts = orders.export(D, true);
        assertThat(withDrafts.files())
                .as("the approved order went out before: only the drafts are written")
                .containsExactly("SUP1.draft.json", "SUP1.draft.csv");
        assertThat(withDrafts.alreadyExported()).isEqualTo(1);
        assertThat(Files.readString(folder.resolve("SUP1.draft.json")))
                .contains("\"status\" : \"draft\"")
                .contains("PO-20260305-SUP1-S2");
    }

    @Test
    void anOrderApprovedAfterADraftExportIsNoLongerInADraftFile() throws Exception {
        orders.approve("PO-20260305-SUP1-S1", "carol", null);
        orders.export(D, true);
        Path folder = dir.resolve("exports/supplier_orders/2026-03-05");
        assertThat(Files.readString(folder.resolve("SUP1.draft.csv"))).contains("PO-20260305-SUP1-S2");

        // S2 is approved too: the folder must not still offer it as a draft beside the final file that orders it
        orders.approve("PO-20260305-SUP1-S2", "carol", null);
        Views.ExportResult r = orders.export(D, true);
        assertThat(r.files())
                .as("S1 went out in SUP1.json: S2 alone, in the supplier's next file")
                .containsExactly("SUP1.2.json", "SUP1.2.csv");
        assertThat(Files.readString(folder.resolve("SUP1.2.csv")))
                .doesNotContain("PO-20260305-SUP1-S1")
                .contains("PO-20260305-SUP1-S2");
        try (var files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("SUP1.json", "SUP1.csv", "SUP1.2.json", "SUP1.2.csv");
        }
    }

    /**
     * "Export to folder" pressed again wrote every approved order's file again with a new generated_at, so a supplier
     * pickup that does not deduplicate by PO number could take an order twice. An order sent is now never written again
     * unless the buyer asks to re-send it; the answer counts the new orders and those already exported.
     */
    @Test
    void anOrderAlreadyExportedIsNotWrittenAgainAndALaterOrderGoesToTheSuppliersNextFile() throws Exception {
        orders.approve("PO-20260305-SUP1-S1", "carol", null);
        Views.ExportResult first = orders.export(D, false);
        assertThat(first.purchaseOrders()).isEqualTo(1);
        Path folder = dir.resolve("exports/supplier_orders/2026-03-05");
        byte[] json = Files.readAllBytes(folder.resolve("SUP1.json"));
        byte[] csv = Files.readAllBytes(folder.resolve("SUP1.csv"));
        java.time.Instant exportedAt = orders.get("PO-20260305-SUP1-S1").order().exportedAt();

        Views.ExportResult again = orders.export(D, false);
        assertThat(again.files()).isEmpty();
        assertThat(again.purchaseOrders()).isZero();
        assertThat(again.resent()).isZero();
        assertThat(again.alreadyExported()).isEqualTo(1);
        assertThat(Files.readAllBytes(folder.resolve("SUP1.json")))
                .as("unchanged, byte for byte")
                .isEqualTo(json);
        assertThat(Files.readAllBytes(folder.resolve("SUP1.csv"))).isEqualTo(csv);
        assertThat(orders.get("PO-20260305-SUP1-S1").order().exportedAt()).isEqualTo(exportedAt);

        // the pickup took SUP1's files away; S2, approved later, is the only order of the supplier's next file
        Files.delete(folder.resolve("SUP1.json"));
        Files.delete(folder.resolve("SUP1.csv"));
        orders.approve("PO-20260305-SUP1-S2", "carol", null);
        Views.ExportResult later = orders.export(D, false);
        assertThat(later.files()).containsExactly("SUP1.2.json", "SUP1.2.csv");
        assertThat(later.purchaseOrders()).isEqualTo(1);
        assertThat(later.alreadyExported()).isEqualTo(1);
        assertThat(Files.readString(folder.resolve("SUP1.2.json")))
                .contains("\"po_id\" : \"PO-20260305-SUP1-S2\"")
                .contains("\"revision\" : 1")
                .contains("\"resend\" : false")
                .doesNotContain("PO-20260305-SUP1-S1");
        assertThat(folder.resolve("SUP1.json")).as("not written again").doesNotExist();
    }

    @Test
    void aBuyerReSendsAnExportedOrderOnlyByNamingItAndTheFileAndAuditSaySo() throws Exception {
        orders.approve("PO-20260305-SUP1-S1", "carol", null);
        orders.export(D, false);
        Path folder = dir.resolve("exports/supplier_orders/2026-03-05");
        byte[] json = Files.readAllBytes(folder.resolve("SUP1.json"));

        Views.ExportResult resent = orders.export(D, false, java.util.Set.of("PO-20260305-SUP1-S1"));
        assertThat(resent.files()).containsExactly("SUP1.2.json", "SUP1.2.csv");
        assertThat(resent.purchaseOrders()).isZero();
        assertThat(resent.resent()).isEqualTo(1);
        assertThat(resent.alreadyExported()).isZero();
        assertThat(Files.readAllBytes(folder.resolve("SUP1.json"))).isEqualTo(json);
        assertThat(Files.readString(folder.resolve("SUP1.2.json")))
                .contains("\"resend\" : true")
                .contains("\"revision\" : 2")
                .contains("PO-20260305-SUP1-S1");
        assertThat(Files.readString(folder.resolve("SUP1.2.csv")).lines().skip(1))
                .isNotEmpty()
                .allMatch(line -> line.startsWith("PO-20260305-SUP1-S1,") && line.endsWith(",2"));
        assertThat(chain.count(
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'resend' AND entity_type = 'purchase_order'"
                                + " AND entity_id = ? AND after_value LIKE '%\"revision\":2%'",
                        "PO-20260305-SUP1-S1"))
                .isEqualTo(1);

        assertThatThrownBy(() -> orders.export(D, false, java.util.Set.of("PO-20260305-SUP1-S2")))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("PO-20260305-SUP1-S2, which was never exported (proposed)")
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> orders.export(D, false, java.util.Set.of("PO-1")))
                .hasMessageContaining("PO-1, which is not a purchase order of 2026-03-05")
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.BAD_PARAMETER));
    }

    @Test
    void anOrdersCostIsTheSumOfItsLinesCostsAsTheSupplierFileShowsThem() throws Exception {
        // each line: 72 × 2.5187 = 181.3464 → 181.35, as the supplier's file shows it; the order is what its lines
        // add up to, 2 × 181.35 = 362.70 (rounding the unrounded sum, 362.6928, gave 362.69: a cent the file lacks)
        chain.exec("UPDATE supplier_products SET unit_cost = 2.5187");
        service.run(D, Optional.empty());
        orders.approve("PO-20260305-SUP1-S1", "carol", null);
        Views.PurchaseOrderSummary po = orders.get("PO-20260305-SUP1-S1").order();
        assertThat(po.cost()).isEqualByComparingTo("362.70");

        orders.export(D, false);
        Path folder = dir.resolve("exports/supplier_orders/2026-03-05");
        assertThat(Files.readString(folder.resolve("SUP1.csv")).lines().skip(1))
                .allMatch(line -> line.endsWith(",2.5187,181.35,1"));
        assertThat(Files.readString(folder.resolve("SUP1.json"))).contains("\"cost\" : 362.70");
    }

    @Test
    void aRunStartedByAUserIsAuditedAsThatUser() {
        org.springframework.security.core.context.SecurityContextHolder.getContext()
                .setAuthentication(
                        org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                                "dana",
                                null,
                                List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority(
                                        io.stockroom.security.Role.DATA_ENGINEER.authority()))));
        try {
            service.run(D, Optional.empty());
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        assertThat(
                        chain.count(
                                "SELECT COUNT(*) FROM audit_log WHERE action = 'replenish' AND actor = 'dana' AND actor_role = 'data_engineer'"))
                .isEqualTo(1);
    }

    @Test
    void csvCellsThatCouldRunAsFormulasArePrefixed() {
        assertThat(List.of("=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "").stream()
                        .map(CsvCells::safe)
                        .toList())
                .containsExactly("'=1+1", "'+cmd", "-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", "");
        assertThat(CsvCells.safe(-3)).isEqualTo("-3");
    }

    @Test
    void storeScopedRunReplacesOnlyThatStore() {
        long s1 = id("S1", "P1");
        long s2 = id("S2", "P1");
        ReplenishmentRun r = service.run(D, Optional.of("S2"));
        assertThat(r.pairsEvaluated()).isEqualTo(2);
        assertThat(id("S1", "P1")).isEqualTo(s1);
        assertThat(id("S2", "P1")).as("made again, under its id").isEqualTo(s2);
        assertThat(orders.list(D, null, null, null)).hasSize(2);
        assertThatThrownBy(() -> service.run(D, Optional.of("NOPE")))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
