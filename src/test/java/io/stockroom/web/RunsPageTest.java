package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.warehouse.Warehouse;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** The data engineer replays a day from the raw files and watches the run finish, stage by stage. */
class RunsPageTest extends BrowserTest {

    @BeforeEach
    void runsApi() {
        assumeApi("/api/v1/runs");
    }

    @Test
    void replayADayAndSeeItsStages() {
        open("/runs");
        LocalDate date = LocalDate.parse(find("#run-date").getAttribute("value"));
        WebElement status;
        // a run of the same date holds it (e.g. `stockroom run` in another process): the replay waits, queued, and the
        // page keeps asking after it until it runs
        try (Warehouse.DateLock held = warehouse.lockBusinessDate(date)) {
            find("#replay-button").click();
            status = find("#trigger-status");
            waitUntil(
                    "the page to ask after the queued replay",
                    () -> (Boolean) js("return performance.getEntriesByType('resource')"
                            + ".some(e => e.name.includes('/api/v1/runs/run-'))"));
            assertThat(status.getText()).contains("Queued");
        }
        waitUntil(
                "the replay to finish",
                Duration.ofSeconds(120),
                () -> status.getText().matches("(?s).*(Succeeded|Warning|Incomplete|Failed).*"));
        String runId =
                status.findElement(org.openqa.selenium.By.cssSelector(".mono")).getText();
        waitUntil(
                "the list to show the new run",
                () -> !findAll("#runs tr[data-run='" + runId + "']").isEmpty());
        awaitSettled();
        // the list may render again while it is read (a stale row): read it again until it holds still
        String[] newest = new String[1];
        waitUntil(
                "the new run's row",
                () -> (newest[0] = find("#runs tr[data-run='" + runId + "']").getText()) != null);
        assertThat(newest[0]).contains("Replay");
        assertThat(api("/api/v1/runs/" + runId).path("trigger").asString()).isEqualToIgnoringCase("replay");
        assertThat(findAll("#runs tr.detail-row:not([hidden]) tr[data-stage]")).isNotEmpty();
        assertThat(consoleErrors()).isEmpty();
        screenshot("replayed");
    }
}
