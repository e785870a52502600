package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.Role;
import io.stockroom.security.UserAccounts;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A read-only operator sees the feeds and the runs but is offered no upload, run, replay or reload: the server refuses
 * each of them for that role (INGEST, RUN_PIPELINE), so a button would only lead to a refusal.
 */
class OperationsRolesPageTest extends BrowserTest {

    static final String READER_PASSWORD = "reader-browser-test-password";

    @Autowired
    UserAccounts accounts;

    @Test
    void aReadOnlyOperatorSeesFeedsAndRunsWithoutTheControlsTheServerRefusesThem() {
        if (accounts.find("ops-reader").isEmpty()) {
            accounts.create("ops-reader", READER_PASSWORD, EnumSet.of(Role.READ_ONLY), Set.of(), Set.of());
        }
        driver.manage().deleteAllCookies();
        driver.get(url("/login"));
        find("#username").sendKeys("ops-reader");
        find("#password").sendKeys(READER_PASSWORD);
        find("#sign-in").click();
        waitUntil("the sign-in to finish", () -> !driver.getCurrentUrl().contains("/login"));

        open("/feeds");
        waitUntil("the signed-in name", () -> !findAll("#signed-in-as").isEmpty());
        waitUntil(
                "the feed history",
                () -> !findAll("#history tbody tr[data-feed]").isEmpty());
        assertThat(find("#signed-in-as").getText()).isEqualTo("ops-reader");
        assertThat(shown("#dropzone")).as("the upload drop zone").isFalse();
        assertThat(shown("#upload-dataset")).as("the upload's dataset choice").isFalse();
        screenshot("reader-feeds");

        open("/runs");
        waitUntil("the runs", () -> !findAll("#runs tbody tr[data-run]").isEmpty());
        assertThat(shown("#run-button")).as("Run this date").isFalse();
        assertThat(shown("#replay-button")).as("Replay from raw files").isFalse();
        assertThat(shown("#runs-title")).as("the recent runs").isTrue();
        screenshot("reader-runs");
        assertThat(consoleErrors()).isEmpty();
    }

    boolean shown(String css) {
        return findAll(css).stream().anyMatch(WebElement::isDisplayed);
    }
}
