package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** An admin creates an API token for a machine on the audit page, sees its secret once, and revokes it there. */
class AuditPageTest extends BrowserTest {

    @Test
    void anAdminCreatesATokenSeesTheSecretOnceAndRevokesIt() throws Exception {
        open("/audit");
        assertThat(consoleErrors()).as("console of /audit").isEmpty();
        waitUntil(
                "the audit log to list rows (it shows: " + js("return document.getElementById('page').innerText") + ")",
                () -> !findAll("#audit-rows tbody tr").isEmpty());
        find("#t-name").sendKeys("BI tool (browser test)");
        new Select(find("#t-role")).selectByValue("read_only");
        find("#token-form button[type=submit]").click();
        String secret = find("#token-secret").getText();
        assertThat(secret).startsWith("sr_");
        String id = secret.substring(3, 15);
        waitUntil(
                "the new token in the list",
                () -> !findAll("#token-rows tr[data-token='" + id + "']").isEmpty());
        WebElement row = find("#token-rows tr[data-token='" + id + "']");
        assertThat(row.getText())
                .contains("BI tool (browser test)")
                .contains("read_only")
                .contains("never")
                .doesNotContain(secret);
        assertThat(me(secret)).isEqualTo(200);

        row.findElement(By.cssSelector("button.revoke")).click();
        waitUntil(
                "the token to show as revoked",
                () -> find("#token-rows tr[data-token='" + id + "']").getText().contains("revoked"));
        assertThat(me(secret)).as("a revoked token signs nobody in").isEqualTo(401);
        open("/audit");
        assertThat(driver.getPageSource()).as("the secret is shown only once").doesNotContain(secret);
        assertThat(consoleErrors()).isEmpty();
        screenshot("tokens");
    }

    int me(String token) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url("/api/v1/me")))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        }
    }
}
