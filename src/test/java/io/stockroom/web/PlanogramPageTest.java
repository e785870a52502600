package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The Planogram page in real chromium: the completeness badge and the placements equal the API; the form refuses a bad
 * change inline (before the round trip when it can, with the server's contract reason otherwise) and saves a good one,
 * which the API then shows; the page fits a phone's width.
 */
class PlanogramPageTest extends BrowserTest {

    @Test
    void aMerchandiserSeesTheFixtureAndChangesAPlacementWithInlineValidation() {
        String store = chain.stores().get(0);
        String busiest = null;
        long most = 0;
        for (JsonNode zone : api("/api/v1/planogram/stores/" + store).get("zones")) {
            for (JsonNode x : zone.get("fixtures")) {
                if (x.get("complete").asLong() > most) {
                    most = x.get("complete").asLong();
                    busiest = x.get("fixture_id").asString();
                }
            }
        }
        assertThat(most).as("a fixture with two fully recorded placements").isGreaterThanOrEqualTo(2);
        String fixture = busiest;
        open("/planogram?store=" + store + "&fixture=" + fixture);
        find("#placements tbody tr");

        JsonNode completeness = null;
        for (JsonNode s : api("/api/v1/planogram/completeness").get("stores")) {
            if (s.get("store_id").asString().equals(store)) {
                completeness = s;
            }
        }
        assertThat(Double.parseDouble(find("#placed-share").getDomAttribute("data-value")))
                .isEqualTo(completeness.get("placed_share").asDouble());
        JsonNode placements = api("/api/v1/planogram/placements", "store", store, "fixture", fixture)
                .get("placements");
        assertThat(findAll("#placements tbody tr")).hasSize(placements.size());

        // the first placement with a shelf and position, and another one on the same fixture to collide with
        List<JsonNode> recorded = new ArrayList<>();
        placements.forEach(p -> {
            if (p.has("shelf") && p.has("position") && p.has("facings")) {
                recorded.add(p);
            }
        });
        JsonNode target = recorded.get(0);
        JsonNode neighbour = recorded.get(1);
        String sku = target.get("sku").asString();
        int facings = target.get("facings").asInt();
        find("#placements tr[data-sku='" + sku + "'] [data-action=edit]").click();
        WebElement facingsInput = find("#pf-facings");
        assertThat(find("#pf-sku").getDomProperty("value")).isEqualTo(sku);

        // caught before the round trip: no facing
        set(facingsInput, "0");
        find("#pf-save").click();
        waitUntil(
                "the inline error on facings",
                () -> !find("#pf-facings-error").getText().isBlank());
        assertThat(facingsInput.getDomAttribute("aria-invalid")).isEqualTo("true");

        // caught by the server's contract: another SKU holds that shelf and position
        set(facingsInput, String.valueOf(facings + 1));
        set(find("#pf-capacity"), String.valueOf((facings + 1) * 6));
        set(find("#pf-shelf"), neighbour.get("shelf").asString());
        set(find("#pf-position"), neighbour.get("position").asString());
        find("#pf-save").click();
        waitUntil(
                "the server's reason on position",
                () -> find("#pf-position-error").getText().contains("another SKU holds this shelf and position"));
        assertThat(facingsNow(store, fixture, sku)).as("nothing was saved").isEqualTo(facings);
        // the browser logs the refused request itself (422); nothing else went wrong
        assertThat(consoleErrors())
                .allSatisfy(e ->
                        assertThat(e).contains("/api/v1/planogram/placements").contains("422"));
        screenshot("refused");

        // a good change is saved and shown
        set(find("#pf-shelf"), target.get("shelf").asString());
        set(find("#pf-position"), target.get("position").asString());
        find("#pf-save").click();
        waitUntil("the change to be saved", () -> facingsNow(store, fixture, sku) == facings + 1);
        // the page reloads after the save's response, which can come after the row is committed: wait for what it
        // shows, the facings cell itself and the change in the fixture's history
        waitUntil(
                "the table to show it",
                () -> find("#placements tr[data-sku='" + sku + "'] td:nth-child(5)")
                        .getText()
                        .strip()
                        .equals(String.valueOf(facings + 1)));
        waitUntil(
                "the history to list the change",
                () -> find("#history").getText().contains("Placement change"));
        awaitSettled();
        assertThat(find("#history").getText()).contains(sku).contains("Placement change");
        assertThat(consoleErrors()).isEmpty();
        screenshot("saved");
    }

    @Test
    void thePageFitsAPhoneAndShowsDisplayLiftLikeTheApi() {
        String store = chain.stores().get(1);
        JsonNode lift = api("/api/v1/planogram/displays", "store", store);
        phone();
        try {
            open("/planogram?store=" + store);
            find("#placements tbody tr");
            Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue())
                    .as("horizontal overflow at phone width")
                    .isLessThanOrEqualTo(1);
            assertThat(findAll("#lift tbody tr")).hasSize(lift.get("displays").size());
            screenshot("phone");
        } finally {
            desktop();
        }
        // drill-down: a display's daily units against its baseline
        open("/planogram?store=" + store);
        // space productivity and the progress table are the API's numbers
        JsonNode space = api("/api/v1/planogram/space", "store", store, "group_by", "zone");
        assertThat(findAll("#space tbody tr")).hasSize(space.get("rows").size());
        double sales = space.at("/rows/0/net_sales").asDouble();
        assertThat(find("#space tr[data-group='" + space.at("/rows/0/group").asString() + "']")
                        .getText())
                .contains(String.format(java.util.Locale.UK, Math.abs(sales) < 1000 ? "%,.2f" : "%,.0f", sales));
        assertThat(findAll("#progress tr[data-progress]"))
                .hasSizeGreaterThanOrEqualTo(chain.stores().size());
        JsonNode first = lift.get("displays").get(0);
        find("#lift tr[data-display='" + first.get("sku").asString() + "@"
                        + first.get("start_date").asString() + "']")
                .click();
        find("#series-chart svg");
        assertThat(find("#series-title").getText()).contains(first.get("sku").asString());
        assertThat(consoleErrors()).isEmpty();
        screenshot("lift-series");
    }

    private int facingsNow(String store, String fixture, String sku) {
        for (JsonNode p : api(
                        "/api/v1/planogram/placements",
                        "store",
                        store,
                        "fixture",
                        fixture,
                        "date",
                        LocalDate.now().toString())
                .get("placements")) {
            if (p.get("sku").asString().equals(sku)) {
                return p.get("facings").asInt();
            }
        }
        return -1;
    }

    private void set(WebElement input, String value) {
        js("arguments[0].value = ''", input);
        input.sendKeys(value);
    }
}
