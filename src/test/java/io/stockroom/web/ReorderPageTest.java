package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** A buyer overrides a recommendation with a reason, then approves it — and the API keeps both. */
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
        waitUntil("the override to be saved", () -> api("/api/v1/replenishment/recommendations/" + id).path("final_qty").asLong() == quantity);
        awaitSettled();

        find("#recommendations tr[data-rec='" + id + "'] [data-action=approve]").click();
        waitUntil("the approval", () -> "approved".equals(api("/api/v1/replenishment/recommendations/" + id).path("status").asString()));
        awaitSettled();
        WebElement approved = find("#recommendations tr[data-rec='" + id + "']");
        assertThat(approved.getText()).contains("Approved").contains(String.valueOf(quantity));
        assertThat(consoleErrors()).isEmpty();
        screenshot("reorder");
    }

    private static String cssId(String id) {
        return id.replaceAll("([^A-Za-z0-9_-])", "\\\\$1");
    }
}
