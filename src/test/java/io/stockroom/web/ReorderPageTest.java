package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * A buyer overrides a recommendation with a reason, then approves it — and the API keeps both; the lines to review come
 * first, in names and plain words, the lines a rule decided apart; bulk approval by filter; the approved order downloads.
 */
class ReorderPageTest extends BrowserTest {

    @BeforeEach
    void replenishmentApi() {
        assumeApi("/api/v1/replenishment/recommendations");
    }

    @Test
    void overrideWithAReasonThenApprove() {
        open("/reorder");
        WebElement row = find("#recommendations tr[data-rec]");
        String id = row.getDomAttribute("data-rec");
        JsonNode before = api("/api/v1/replenishment/recommendations/" + id);
        long casePack = Math.max(1, before.at("/values/case_pack").asLong(1));
        long quantity = before.path("recommended_qty").asLong() + casePack; // one more case

        row.findElement(By.cssSelector("[data-action=explain]")).click();
        WebElement qty = find("#q-" + cssId(id));
        screenshot("explanation");
        qty.clear();
        qty.sendKeys(String.valueOf(quantity));
        find("#why-" + cssId(id)).sendKeys("Promotion next week");
        qty.submit();
        waitUntil(
                "the override to be saved",
                () -> api("/api/v1/replenishment/recommendations/" + id)
                                .path("final_qty")
                                .asLong()
                        == quantity);
        awaitSettled();

        find("#recommendations tr[data-rec='" + id + "'] [data-action=approve]").click();
        waitUntil(
                "the approval",
                () -> "approved"
                        .equals(api("/api/v1/replenishment/recommendations/" + id)
                                .path("status")
                                .asString()));
        awaitSettled();
        // a decided line leaves the lines to review and is listed under Decided
        assertThat(findAll("#recommendations tr[data-rec='" + id + "']")).isEmpty();
        open("/reorder?queue=decided&store=" + before.path("store_id").asString() + "&supplier="
                + before.path("supplier_id").asString());
        WebElement approved = find("#recommendations tr[data-rec='" + id + "']");
        assertThat(approved.getText()).contains("Approved").contains(String.valueOf(quantity));
        assertThat(consoleErrors()).isEmpty();
        screenshot("reorder");
    }

    @Test
    void theLinesToReviewComeFirstInNamesAndPlainWordsAndTheRuleDecidedLinesApart() {
        desktop();
        open("/reorder");
        JsonNode review = api("/api/v1/replenishment/recommendations", "queue", "review");
        String date = review.path("date").asString();
        String day = "business_date = DATE '" + date + "'";
        WebElement first = find("#recommendations tr[data-rec]");
        assertThat(first.getDomAttribute("data-rec"))
                .isEqualTo(review.at("/items/0/id").asString());
        // the first line to review is on the first screen, above the purchase orders
        assertThat(first.getRect().getY()).isLessThan(700);
        assertThat(first.getRect().getY())
                .isLessThan(find("#po-details").getRect().getY());
        // the queue counts are the warehouse's
        long toReview = sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE " + day + " AND status = 'proposed'");
        long byRule = sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE " + day + " AND decided_by_rule");
        assertThat(review.path("total").asLong()).isEqualTo(toReview);
        assertThat(find("[data-queue=review] .count").getText())
                .isEqualTo(String.format(java.util.Locale.US, "%,d", toReview));
        assertThat(find("[data-queue=rule] .count").getText())
                .isEqualTo(String.format(java.util.Locale.US, "%,d", byRule));
        // names, not codes: the row shows the product, store and supplier names of the master data
        JsonNode line = review.at("/items/0");
        assertThat(sqlNumber(
                        "SELECT COUNT(*) FROM stores WHERE store_id = ? AND name = ?",
                        line.path("store_id").asString(),
                        line.path("store_name").asString()))
                .isEqualByComparingTo("1");
        assertThat(sqlNumber(
                        "SELECT COUNT(*) FROM suppliers WHERE supplier_id = ? AND name = ?",
                        line.path("supplier_id").asString(),
                        line.path("supplier_name").asString()))
                .isEqualByComparingTo("1");
        assertThat(first.getText())
                .contains(
                        line.path("name").asString(),
                        line.path("store_name").asString(),
                        line.path("supplier_name").asString());
        // every line to review comes before any other on the page; none of it is decided
        assertThat(findAll("#recommendations tr[data-rec] [data-status]"))
                .extracting(e -> e.getDomAttribute("data-status"))
                .containsOnly("proposed");
        screenshot("review-first");

        assertThat(byRule)
                .as("the test chain has do-not-reorder or struck items")
                .isPositive();
        find("[data-queue=rule]").click();
        awaitSettled();
        waitUntil(
                "the rule's lines",
                () -> "rule"
                        .equals(findAll("#recommendations tr[data-rec] [data-status]")
                                .get(0)
                                .getDomAttribute("data-status")));
        String text = find("#recommendations").getText();
        assertThat(text).contains("Decided by rule").doesNotContain("Dnr").doesNotContain("Lto ends");
        assertThat(text).containsAnyOf("Do not reorder", "Struck (discontinued)", "Offer ends before delivery");
        assertThat(consoleErrors()).isEmpty();
        screenshot("decided-by-rule");
        phone();
        open("/reorder");
        screenshot("phone");
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth + 1"))
                .as("no sideways scroll at 390 px")
                .isTrue();
        desktop();
    }

    @Test
    void bulkApproveOneSuppliersLinesForAStoreThenDownloadTheApprovedOrder() {
        desktop();
        JsonNode orders = api("/api/v1/purchase-orders");
        JsonNode po = null;
        for (JsonNode o : orders) {
            if ("proposed".equals(o.path("status").asString())
                    && o.path("units").asLong() > 0
                    && !o.path("store_id").isNull()) {
                po = o;
            }
        }
        assertThat(po).as("a proposed purchase order that orders something").isNotNull();
        String store = po.path("store_id").asString();
        String supplier = po.path("supplier_id").asString();
        String poId = po.path("po_id").asString();
        String date = po.path("business_date").asString();
        String where = "business_date = DATE '" + date + "' AND store_id = '" + store + "' AND supplier_id = '"
                + supplier + "'";
        long toReview = sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE " + where + " AND status = 'proposed'");
        long otherStores = sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE business_date = DATE '" + date
                        + "' AND status = 'proposed'")
                - toReview;
        assertThat(toReview).isPositive();

        open("/reorder?store=" + store + "&supplier=" + supplier);
        find("#bulk-approve").click();
        assertThat(find("#bulk").getText()).contains("Approve " + toReview + " line");
        find("#bulk-confirm").click();
        waitUntil(
                "the bulk approval",
                () -> sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE " + where + " AND status = 'proposed'")
                        == 0);
        assertThat(sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE " + where + " AND status = 'approved'"))
                .isGreaterThanOrEqualTo(toReview);
        assertThat(sqlLong("SELECT COUNT(*) FROM replenishment_lines WHERE business_date = DATE '" + date
                        + "' AND status = 'proposed'"))
                .as("lines of other stores and suppliers are untouched")
                .isEqualTo(otherStores);
        awaitSettled();

        find("#po-details > summary").click();
        find("#purchase-orders tr[data-po='" + poId + "'] [data-action=approve]")
                .click();
        waitUntil(
                "the order's approval",
                () -> "approved"
                        .equals(api("/api/v1/purchase-orders/" + poId)
                                .at("/order/status")
                                .asString()));
        awaitSettled();
        new org.openqa.selenium.support.ui.Select(find("#dl-format")).selectByValue("xlsx");
        find("#download").click();
        waitUntil(
                "the download",
                () -> find("#page")
                        .getText()
                        .contains("Downloaded purchase-orders-" + date + "-" + supplier + ".xlsx"));

        // the same order as CSV: one row per line that orders something, quantities as in the warehouse
        var csv = get("/api/v1/purchase-orders/download", "date", date, "supplier", supplier, "format", "csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        java.util.List<org.apache.commons.csv.CSVRecord> rows;
        try {
            rows = org.apache.commons.csv.CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .get()
                    .parse(new java.io.StringReader(csv.body()))
                    .getRecords()
                    .stream()
                    .filter(r -> r.get("po_id").equals(poId))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String lines =
                "FROM replenishment_lines WHERE po_id = '" + poId + "' AND status <> 'rejected' AND final_qty > 0";
        assertThat(rows).hasSize((int) sqlLong("SELECT COUNT(*) " + lines));
        assertThat(rows.stream()
                        .mapToLong(r -> Long.parseLong(r.get("quantity")))
                        .sum())
                .isEqualTo(sqlLong("SELECT SUM(final_qty) " + lines));
        var xlsx = get("/api/v1/purchase-orders/download", "date", date, "supplier", supplier, "format", "xlsx");
        assertThat(xlsx.headers().firstValue("content-type").orElse(""))
                .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(consoleErrors()).isEmpty();
        screenshot("downloaded");
    }

    /**
     * "Export to folder" pressed twice: the second press writes no file again (before, it rewrote every approved order's
     * file with a new generated_at, and a pickup could take an order twice) and says the orders were already exported.
     * Then the order's row shows when it went out, and "Send again" re-sends it after a confirmation: written once more
     * with the revision one higher, audited (before, the page had no way to: only the API's {@code resend} and the
     * CLI's {@code --resend}). One test for both: the shared chain has few proposed orders.
     */
    @Test
    void exportToFolderTwiceSendsTheOrderOnceAndSendAgainResendsItAfterAConfirmation() {
        desktop();
        String poId = approveTheLastProposedOrder();

        open("/reorder");
        find("#export").click();
        waitUntil("the first export", () -> find("#page").getText().contains("Written to the server's export folder"));
        assertThat(sqlLong("SELECT COUNT(*) FROM purchase_orders WHERE po_id = ? AND export_revision = 1", poId))
                .isEqualTo(1);
        find("#export").click();
        waitUntil("the second export", () -> find("#page").getText().contains("Nothing new to export."));
        assertThat(find("#page").getText())
                .containsPattern("0 new orders written; [1-9][0-9,]* already exported, not sent again");
        assertThat(sqlLong("SELECT COUNT(*) FROM purchase_orders WHERE po_id = ? AND export_revision = 1", poId))
                .as("not sent again")
                .isEqualTo(1);

        open("/reorder");
        find("#po-details > summary").click();
        String cell = "[data-exported='" + poId + "']";
        waitUntil("the order's export shown", () -> find(cell).getText().startsWith("Exported "));
        find(cell + " button[data-action='resend']").click();
        assertThat(find(cell).getText()).contains("They will receive it a second time, marked a re-send.");
        screenshot("resend-confirm");
        assertThat(sqlLong("SELECT COUNT(*) FROM purchase_orders WHERE po_id = ? AND export_revision = 2", poId))
                .as("nothing sent before the confirmation")
                .isZero();
        find(cell + " button[data-action='resend-confirm']").click();
        waitUntil("the re-send", () -> find("#page").getText().contains("Sent again."));
        assertThat(find("#page").getText()).containsPattern("Order " + poId + " sent again: written to [^ ]+\\.json");
        assertThat(sqlLong("SELECT COUNT(*) FROM purchase_orders WHERE po_id = ? AND export_revision = 2", poId))
                .isEqualTo(1);
        assertThat(sqlLong("SELECT COUNT(*) FROM audit_log WHERE action = 'resend' AND entity_id = ?", poId))
                .isEqualTo(1);
        assertThat(consoleErrors()).isEmpty();
    }

    /**
     * A quantity typed in a line's form and not saved yet stays when another decision draws the table again (it was
     * reset to the saved quantity, reason gone), and Approve on that line refuses to send the old quantity: before, the
     * line was approved at the quantity the buyer had just changed, without a word.
     */
    @Test
    void aQuantityTypedButNotSavedIsKeptAndNeverApprovedAtTheOldQuantity() {
        desktop();
        open("/reorder");
        find("#recommendations tr[data-rec]");
        List<WebElement> rows = findAll("#recommendations tr[data-rec]");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        String id = rows.get(rows.size() - 1).getDomAttribute("data-rec");
        String other = rows.get(rows.size() - 2).getDomAttribute("data-rec");
        String line = "/api/v1/replenishment/recommendations/" + id;
        JsonNode before = api(line);
        long saved = before.path("final_qty").asLong();
        long typed = saved + Math.max(1, before.at("/values/case_pack").asLong(1));

        find("#recommendations tr[data-rec='" + id + "'] [data-action=explain]").click();
        WebElement qty = find("#q-" + cssId(id));
        qty.clear();
        qty.sendKeys(String.valueOf(typed));
        find("#why-" + cssId(id)).sendKeys("Display for the weekend");
        assertThat(find("#recommendations").getText()).contains("Not saved yet");

        // another line decided meanwhile: the table is drawn again
        find("#recommendations tr[data-rec='" + other + "'] [data-action=approve]")
                .click();
        waitUntil(
                "the other line's approval",
                () -> "approved"
                        .equals(api("/api/v1/replenishment/recommendations/" + other)
                                .path("status")
                                .asString()));
        awaitSettled();
        waitUntil(
                "the table without the approved line",
                () -> findAll("#recommendations tr[data-rec='" + other + "']").isEmpty());
        assertThat(find("#q-" + cssId(id)).getDomProperty("value")).isEqualTo(String.valueOf(typed));
        assertThat(find("#why-" + cssId(id)).getDomProperty("value")).isEqualTo("Display for the weekend");

        // Approve with the change not saved: refused on the page, nothing sent
        find("#recommendations tr[data-rec='" + id + "'] [data-action=approve]").click();
        waitUntil("the warning", () -> find("#page").getText().contains("did not save"));
        assertThat(find("#page").getText()).contains(typed + " typed, " + saved + " saved");
        assertThat(api(line).path("status").asString()).isEqualTo("proposed");
        assertThat(api(line).path("final_qty").asLong()).isEqualTo(saved);
        screenshot("not-saved");

        // saved, then approved: the quantity typed is the one ordered
        find("#q-" + cssId(id)).submit();
        waitUntil("the override", () -> api(line).path("final_qty").asLong() == typed);
        awaitSettled();
        find("#recommendations tr[data-rec='" + id + "'] [data-action=approve]").click();
        waitUntil(
                "the approval", () -> "approved".equals(api(line).path("status").asString()));
        assertThat(api(line).path("final_qty").asLong()).isEqualTo(typed);
        assertThat(consoleErrors()).isEmpty();
    }

    /**
     * Approve pressed twice in a row sends one decision: its buttons are disabled while it is sent. Before, the second
     * request answered 500 on DuckDB ("Not saved. The server could not answer") about a line that was approved.
     */
    @Test
    void anApproveClickedTwiceSendsOneDecision() {
        desktop();
        open("/reorder");
        find("#recommendations tr[data-rec]");
        List<WebElement> rows = findAll("#recommendations tr[data-rec]");
        String id = rows.get(rows.size() - 1).getDomAttribute("data-rec");
        js("window.approvalsSent = 0; const send = window.fetch;"
                + " window.fetch = (url, init) => { if (String(url).includes('/approve')) window.approvalsSent++;"
                + " return send(url, init); };");
        js("const b = document.querySelector(\"#recommendations tr[data-rec='" + id + "'] [data-action=approve]\");"
                + " b.click(); b.click();");
        assertThat(((Number) js("return window.approvalsSent")).intValue()).isEqualTo(1);
        waitUntil(
                "the approval",
                () -> "approved"
                        .equals(api("/api/v1/replenishment/recommendations/" + id)
                                .path("status")
                                .asString()));
        awaitSettled();
        assertThat(find("#page").getText()).doesNotContain("Not saved");
        assertThat(((Number) js("return window.approvalsSent")).intValue()).isEqualTo(1);
    }

    private static String cssId(String id) {
        return id.replaceAll("([^A-Za-z0-9_-])", "\\\\$1");
    }

    /** Approves the last proposed purchase order that orders something (other tests take theirs from the front). */
    private String approveTheLastProposedOrder() {
        String poId = null;
        for (JsonNode o : api("/api/v1/purchase-orders")) {
            if ("proposed".equals(o.path("status").asString())
                    && o.path("units").asLong() > 0) {
                poId = o.path("po_id").asString();
            }
        }
        assertThat(poId).as("a proposed purchase order that orders something").isNotNull();
        var approved = send("POST", "/api/v1/purchase-orders/" + poId + "/approve", "{}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        return poId;
    }
}
