package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.replenish.SimulationReport;
import io.stockroom.replenish.SimulationService;
import io.stockroom.replenish.SimulationSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/** A buyer replays the history on the Simulator page, then tries a higher class-A service level; the page shows what the service computes. */
class SimulatePageTest extends BrowserTest {

    @Autowired
    SimulationService simulations;

    @Test
    void aBuyerReplaysTheHistoryThenTriesAWhatIf() {
        assumeApi("/api/v1/replenishment/simulations/defaults");
        open("/simulate");
        find("#sim-run");
        LocalDate from = LocalDate.parse(find("#sim-from").getDomProperty("value"));
        LocalDate to = LocalDate.parse(find("#sim-to").getDomProperty("value"));
        String store = find("#sim-store").getDomProperty("value");
        int warmUp = Integer.parseInt(find("#sim-warm").getDomProperty("value"));
        assertThat(store).isNotBlank(); // one store by default: the whole chain can take minutes

        find("#sim-run").click();
        waitUntil(
                "the results",
                Duration.ofMinutes(3),
                () -> !findAll("#sim-results [data-class=all] tr[data-policy]").isEmpty());
        awaitSettled();
        SimulationReport configured =
                simulations.simulate(from, to, SimulationSettings.WhatIf.none(), Optional.of(store), warmUp);
        assertShows(configured);
        // where the lead times came from and how many pairs the promotion calendar touches, as the service counts them
        assertThat(find("#sim-summary").getText())
                .contains("Lead times: ")
                .contains(String.format(
                        Locale.ROOT, "%,d pairs with promotion days in the calendar", configured.promotedPairs()));
        configured
                .leadTimeSources()
                .values()
                .forEach(n ->
                        assertThat(find("#sim-summary").getText()).contains(String.format(Locale.ROOT, "%,d ", n)));
        assertThat(findAll("#sim-chart svg")).isNotEmpty();
        screenshot("configured");

        WebElement a = find("#sim-a-sl");
        a.clear();
        a.sendKeys("99.5");
        find("#sim-run").click();
        waitUntil(
                "the what-if results",
                Duration.ofMinutes(3),
                () -> find("#sim-summary").getText().contains("(what-if)"));
        awaitSettled();
        SimulationReport whatIf = simulations.simulate(
                from,
                to,
                new SimulationSettings.WhatIf(0.995, null, null, null, null, null, null, null),
                Optional.of(store),
                warmUp);
        assertShows(whatIf);
        assertThat(find("#sim-summary").getText()).contains("Service level A 99.5%");
        screenshot("what-if");

        // class C's level read as a fill-rate target (issue 14): the page sends the measure, the summary names it
        new Select(find("#sim-c-measure")).selectByValue("fill-rate");
        find("#sim-run").click();
        waitUntil(
                "the fill-rate what-if results",
                Duration.ofMinutes(3),
                () -> find("#sim-summary").getText().contains("(fill rate)"));
        awaitSettled();
        SimulationReport fillRate = simulations.simulate(
                from,
                to,
                new SimulationSettings.WhatIf(0.995, null, null, null, null, null, null, null, null, null, "fill-rate"),
                Optional.of(store),
                warmUp);
        assertShows(fillRate);
        assertThat(find("#sim-summary").getText())
                .contains("Service level A 99.5%")
                .contains("(fill rate)");
        assertThat(find("#sim-summary").getText()).doesNotContain("A 99.5% (fill rate)");
        assertThat(consoleErrors()).isEmpty();
        screenshot("what-if-fill-rate");
    }

    private void assertShows(SimulationReport r) {
        for (SimulationReport.PolicyResult p : r.policies()) {
            for (String cls : List.of("A", "all")) {
                SimulationReport.Outcome o = p.byClass().get(cls);
                List<WebElement> cells = find("#sim-results [data-class=" + cls + "] tr[data-policy=" + p.policy()
                                + "]")
                        .findElements(By.tagName("td"));
                assertThat(cells.get(0).getText()).isEqualTo(p.label());
                assertThat(cells.get(1).getText())
                        .as("%s %s fill rate", p.policy(), cls)
                        .isEqualTo(
                                o.fillRate() == null ? "—" : String.format(Locale.ROOT, "%.1f%%", o.fillRate() * 100));
                // money in whole dollars in every row, whatever its size (cents under $1,000 mixed two formats)
                assertThat(cells.get(3).getText())
                        .as("%s %s lost sales", p.policy(), cls)
                        .isEqualTo(String.format(Locale.US, "$%,.0f", o.lostSalesValue()));
                assertThat(cells.get(4).getText())
                        .as("%s %s average inventory", p.policy(), cls)
                        .isEqualTo(String.format(Locale.US, "$%,.0f", o.averageInventoryValue()));
                assertThat(cells.get(6).getText().replace(",", ""))
                        .as("%s %s order lines", p.policy(), cls)
                        .isEqualTo(String.valueOf(o.orderLines()));
            }
        }
    }
}
