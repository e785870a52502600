package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** Alerts by severity, the days-of-cover heatmap, and a cell's SKU list — as the inventory API has them. */
class InventoryPageTest extends BrowserTest {

    @BeforeEach
    void inventoryApi() {
        assumeApi("/api/v1/inventory/cover-heatmap");
    }

    @Test
    void severityCountsAndACellsProducts() {
        open("/inventory");
        JsonNode alerts = api("/api/v1/inventory/alerts");
        for (String severity : new String[] {"critical", "high", "medium", "low"}) {
            assertThat(find("[data-severity=" + severity + "] .n").getText())
                    .isEqualTo(String.valueOf(alerts.at("/counts/" + severity).asLong()));
        }

        // the alert with the most money at risk comes first, on the page as in the API; no shortage on the day risks
        // more
        JsonNode first = alerts.at("/items/0");
        if (!first.get("money_at_risk").isNull()) {
            assertThat(new java.math.BigDecimal(
                            find("#alerts tbody tr [data-money-at-risk]").getDomAttribute("data-money-at-risk")))
                    .isEqualByComparingTo(first.get("money_at_risk").decimalValue());
            java.math.BigDecimal worstShortage =
                    sqlNumber("""
                    SELECT MAX(p.unit_price * GREATEST(a.units_28d * 1.0 * a.lead_time_days / (28 - a.sales_days_missing) - GREATEST(a.on_hand, 0), 0))
                    FROM mart_inventory_alerts a JOIN products p ON p.sku = a.sku
                    WHERE a.business_date = ? AND a.alert_type <> 'OVERSTOCK' AND a.sales_days_missing < 28""", java.time.LocalDate.parse(alerts.get("date").asString()));
            assertThat(first.get("money_at_risk").decimalValue())
                    .isGreaterThanOrEqualTo(worstShortage.subtract(new java.math.BigDecimal("0.01")));
        }

        // acknowledging the top alert keeps it listed, marked, after the open ones (then it is reopened for the other
        // tests)
        JsonNode top = alerts.at("/items/0");
        find("#alerts tbody tr [data-act=acknowledge]").click();
        waitUntil(
                "the alert to be acknowledged",
                () -> api(
                                "/api/v1/inventory/alerts",
                                "store",
                                top.get("store_id").asString(),
                                "limit",
                                "500")
                        .get("items")
                        .findValuesAsString("status")
                        .contains("acknowledged"));
        awaitSettled();
        assertThat(api("/api/v1/inventory/alerts", "store", top.get("store_id").asString(), "limit", "500")
                        .get("total")
                        .asLong())
                .as("an acknowledged alert is still counted")
                .isEqualTo(api(
                                "/api/v1/inventory/alerts",
                                "store",
                                top.get("store_id").asString(),
                                "limit",
                                "500")
                        .get("items")
                        .size());
        js(
                "return fetch('/api/v1/inventory/alerts/actions', {method: 'POST', headers: {'Content-Type': 'application/json', "
                        + "'X-XSRF-TOKEN': decodeURIComponent(document.cookie.match(/XSRF-TOKEN=([^;]+)/)[1])}, body: JSON.stringify("
                        + "{store_id: arguments[0], sku: arguments[1], alert_type: arguments[2], action: 'reopen'})}).then(r => r.status)",
                top.get("store_id").asString(),
                top.get("sku").asString(),
                top.get("alert_type").asString());
        waitUntil(
                "the alert to be open again",
                () -> !api(
                                "/api/v1/inventory/alerts",
                                "store",
                                top.get("store_id").asString(),
                                "limit",
                                "500")
                        .get("items")
                        .findValuesAsString("status")
                        .contains("acknowledged"));

        WebElement cell = find(".hm-cell");
        String store = cell.getDomAttribute("data-store");
        String category = cell.getDomAttribute("data-category");
        cell.click();
        waitUntil("the address to carry the cell", () -> driver.getCurrentUrl().contains("cell="));
        awaitSettled();
        JsonNode positions = api("/api/v1/inventory/positions", "store", store, "category", category, "limit", "200");
        assertThat(findAll("#drilldown tbody tr"))
                .hasSize(positions.path("items").size());
        assertThat(find("#drill-title").getText()).contains(category);
        assertThat(consoleErrors()).isEmpty();
        screenshot("drilldown");

        // a severity card filters the list, and the count matches
        find("[data-severity=high]").click();
        waitUntil(
                "the address to carry the severity",
                () -> driver.getCurrentUrl().contains("severity=high"));
        awaitSettled();
        long high = alerts.at("/counts/high").asLong();
        assertThat(findAll("#alerts tbody tr")).hasSize((int) Math.min(high, 25));
    }

    @Test
    void alertsAreGroupedByCauseAndTheGroupsAddUpToTheWarehouse() {
        desktop();
        open("/inventory");
        JsonNode alerts = api("/api/v1/inventory/alerts");
        java.time.LocalDate day = java.time.LocalDate.parse(alerts.get("date").asString());
        JsonNode groups = alerts.get("by_cause");
        assertThat(groups).isNotEmpty();
        // every alert of the day is in exactly one group; the money at risk of the groups adds up to the facts' figure
        long count = 0;
        java.math.BigDecimal money = java.math.BigDecimal.ZERO;
        for (JsonNode g : groups) {
            count += g.get("alerts").asLong();
            money = money.add(
                    g.get("money_at_risk").isNull()
                            ? java.math.BigDecimal.ZERO
                            : g.get("money_at_risk").decimalValue());
            WebElement card = find("#causes [data-cause=" + g.get("cause").asString() + "]");
            assertThat(card.getText())
                    .contains(String.format(
                            java.util.Locale.US, "%,d alert", g.get("alerts").asLong()));
        }
        assertThat(count)
                .isEqualTo(sqlNumber("SELECT COUNT(*) FROM mart_inventory_alerts WHERE business_date = ?", day)
                        .longValue());
        java.math.BigDecimal sql = sqlNumber("""
                SELECT SUM(CASE WHEN a.alert_type = 'OVERSTOCK' THEN GREATEST(a.on_hand - 84 * COALESCE(a.avg_daily_sales, 0), 0)
                                    * COALESCE((SELECT MAX(c.unit_cost) FROM cost_periods c WHERE c.sku = a.sku AND c.valid_from <= a.business_date
                                                AND (c.valid_until IS NULL OR c.valid_until >= a.business_date)), p.unit_cost)
                                WHEN a.sales_days_missing < 28
                                THEN p.unit_price * GREATEST(a.units_28d * 1.0 * a.lead_time_days / (28 - a.sales_days_missing) - GREATEST(a.on_hand, 0), 0) END)
                FROM mart_inventory_alerts a JOIN products p ON p.sku = a.sku WHERE a.business_date = ?""", day);
        assertThat(money.subtract(sql).abs())
                .as("groups %s vs SQL %s", money, sql)
                .as("each alert's figure is rounded to the cent before the groups add them up")
                .isLessThanOrEqualTo(new java.math.BigDecimal("0.005").multiply(java.math.BigDecimal.valueOf(count)));
        // the first group has the most money at risk; a click shows only its alerts
        JsonNode top = groups.get(0);
        find("#causes [data-cause=" + top.get("cause").asString() + "]").click();
        waitUntil(
                "the address to carry the cause",
                () -> driver.getCurrentUrl()
                        .contains("cause=" + top.get("cause").asString()));
        awaitSettled();
        assertThat(findAll("#alerts tbody tr"))
                .hasSize((int) Math.min(top.get("alerts").asLong(), 25));
        assertThat(find("#alerts-title")
                        .findElement(org.openqa.selenium.By.xpath(".."))
                        .getText())
                .contains(String.format(
                        java.util.Locale.US, "%,d alerts", top.get("alerts").asLong()));
        assertThat(consoleErrors()).isEmpty();
        screenshot("by-cause");
        phone();
        screenshot("by-cause-phone");
        desktop();
    }
}
