package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.Role;
import io.stockroom.security.UserAccounts;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A chain's data engineer, often alone, gives the area manager and the store GMs their accounts from the browser: the
 * Accounts page (admins only) creates, changes and deletes accounts and the admin's API tokens through the API, and
 * shows the server's own message when it refuses.
 */
class AccountsPageTest extends BrowserTest {

    @Autowired
    UserAccounts accounts;

    private boolean signedInAsSomeoneElse;

    /** The class's other tests run as the admin again (BrowserTest signs the browser in once per class). */
    @AfterEach
    void backToTheAdmin() {
        if (signedInAsSomeoneElse) {
            signInAs("admin", ADMIN_PASSWORD);
            signedInAsSomeoneElse = false;
        }
    }

    @Test
    void anAdminGivesAStoreGmTheirStoreThenMakesThemAreaManagerOfTwoStores() {
        List<String> stores = chain.stores();
        String gm = "page-gm";
        String password = "password of the page gm";
        accounts.find(gm).ifPresent(a -> accounts.remove(gm));

        open("/accounts");
        assertThat(find("#app-nav a[data-page='accounts']").getAttribute("aria-current"))
                .isEqualTo("page");
        waitUntil(
                "the accounts list",
                () -> !findAll("#account-rows tr[data-user='admin']").isEmpty());
        find("#u-name").sendKeys(gm);
        new Select(find("#u-role")).selectByValue("store_gm");
        find("#u-password").sendKeys(password);
        // the scope is chosen, never taken from a form left empty
        find("#account-form button[type=submit]").click();
        waitUntil(
                "the page to ask for the stores",
                () -> !findAll("#account-form-status .banner.error").isEmpty());
        assertThat(find("#account-form-status").getText())
                .contains("whole chain")
                .contains("stores");
        assertThat(accounts.find(gm)).as("nothing created without a scope").isEmpty();
        find("#u-scope-stores").click();
        find("#u-stores input[value='" + stores.get(0) + "']").click();
        find("#account-form button[type=submit]").click();
        waitUntil(
                "the new account in the list",
                () -> !findAll("#account-rows tr[data-user='" + gm + "']").isEmpty());
        assertThat(find("#account-rows tr[data-user='" + gm + "']").getText())
                .contains("store_gm")
                .contains(stores.get(0))
                .doesNotContain(stores.get(1))
                .doesNotContain(password)
                .as("a new account has not signed in yet")
                .contains("never");
        assertThat(driver.getPageSource())
                .as("the password is never shown back")
                .doesNotContain(password);
        UserAccounts.Account created = accounts.find(gm).orElseThrow();
        assertThat(created.roles()).containsExactly(Role.STORE_GM);
        assertThat(created.stores()).containsExactly(stores.get(0));
        assertThat(consoleErrors()).isEmpty();
        screenshot("created");

        // the GM signs in and sees only that store, and no Accounts page
        signInAs(gm, password);
        open("/stores");
        waitUntil("the store choice", () -> !findAll("#s-store option").isEmpty());
        assertThat(findAll("#s-store option").stream().map(o -> o.getDomAttribute("value")))
                .containsExactly(stores.get(0));
        waitUntil("the signed-in name", () -> !findAll("#signed-in-as").isEmpty());
        assertThat(findAll("#app-nav a[data-page='accounts']").stream().anyMatch(WebElement::isDisplayed))
                .as("an Accounts entry in a store GM's menu")
                .isFalse();
        driver.get(url("/accounts"));
        assertThat(driver.findElement(By.tagName("body")).getText())
                .contains("Not for your role")
                .contains("store_gm");
        assertThat(consoleErrors()).as("only the refusal").allMatch(e -> e.contains("/accounts") && e.contains("403"));

        // the GM changes the initial password the admin chose, from the link beside their name
        open("/stores");
        waitUntil("the password link", () -> !findAll("#your-password").isEmpty());
        find("#your-password").click();
        waitUntil("the password form", () -> !findAll("#password-form").isEmpty());
        String own = "a password only the gm knows";
        find("#p-current").sendKeys("not the password");
        find("#p-new").sendKeys(own);
        find("#p-again").sendKeys(own);
        find("#password-form button[type=submit]").click();
        waitUntil("the refusal", () -> find("#password-status").getText().contains("Not changed"));
        assertThat(find("#password-status").getText()).contains("not your current password");
        find("#p-current").clear();
        find("#p-current").sendKeys(password);
        find("#p-new").clear();
        find("#p-new").sendKeys(own);
        find("#p-again").clear();
        find("#p-again").sendKeys(own);
        find("#password-form button[type=submit]").click();
        waitUntil("the change", () -> find("#password-status").getText().contains("Password changed"));
        assertThat(driver.getPageSource()).as("no password shown back").doesNotContain(own);
        assertThat(consoleErrors())
                .as("only the refused change")
                .allMatch(e -> e.contains("/api/v1/me/password") && e.contains("400"));
        signInAs(gm, own);
        assertThat(driver.getCurrentUrl()).doesNotContain("error");

        // the admin makes them area manager of two stores
        signInAs("admin", ADMIN_PASSWORD);
        open("/accounts");
        WebElement row = find("#account-rows tr[data-user='" + gm + "']");
        assertThat(row.getText()).as("the GM signed in once").doesNotContain("never");
        row.findElement(By.cssSelector("button.edit")).click();
        new Select(find("#e-role")).selectByValue("area_manager");
        assertThat(find("#e-scope-stores").isSelected())
                .as("the account's own scope is the one shown")
                .isTrue();
        assertThat(find("#e-stores input[value='" + stores.get(0) + "']").isSelected())
                .isTrue();
        find("#e-stores input[value='" + stores.get(1) + "']").click();
        find("#edit-form button[type=submit]").click();
        waitUntil(
                "the changed account in the list",
                () -> find("#account-rows tr[data-user='" + gm + "']").getText().contains("area_manager"));
        assertThat(find("#account-rows tr[data-user='" + gm + "']").getText())
                .contains(stores.get(0))
                .contains(stores.get(1));
        UserAccounts.Account changed = accounts.find(gm).orElseThrow();
        assertThat(changed.roles()).containsExactly(Role.AREA_MANAGER);
        assertThat(changed.stores()).containsExactly(stores.get(0), stores.get(1));
        assertThat(find("#accounts-status").getText()).contains(gm);

        // both changes are in the audit log, by the admin
        open("/audit?action=create_user");
        waitUntil(
                "the account's creation in the audit log",
                () -> find("#audit-rows").getText().contains("user " + gm));
        open("/audit?action=change_user");
        waitUntil(
                "the account's change in the audit log",
                () -> find("#audit-rows").getText().contains("user " + gm));
        assertThat(find("#audit-rows").getText()).contains("admin");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void deletingTheLastAdminShowsTheServersMessage() {
        assertThat(accounts.list().stream()
                        .filter(a -> a.roles().contains(Role.ADMIN) && !a.disabled())
                        .map(UserAccounts.Account::username))
                .as("the test admin is the only admin")
                .containsExactly("admin");
        open("/accounts");
        WebElement row = find("#account-rows tr[data-user='admin']");
        row.findElement(By.cssSelector("button.delete")).click();
        // a confirmation first: nothing is deleted by the first click
        assertThat(accounts.find("admin")).isPresent();
        find("#account-rows tr[data-user='admin'] button.confirm-delete").click();
        waitUntil(
                "the refusal", () -> !findAll("#accounts-status .banner.error").isEmpty());
        assertThat(find("#accounts-status").getText())
                .contains("last account with the admin role")
                .contains("make another admin first")
                .doesNotContain("Something went wrong");
        assertThat(accounts.find("admin")).isPresent();

        // a 400 is the server's message too, which says how to fix it
        find("#u-name").sendKeys("store gm 7");
        new Select(find("#u-role")).selectByValue("executive");
        find("#u-scope-all").click();
        find("#u-password").sendKeys("a long enough password");
        find("#account-form button[type=submit]").click();
        waitUntil(
                "the refusal",
                () -> !findAll("#account-form-status .banner.error").isEmpty());
        assertThat(find("#account-form-status").getText()).contains("letters, digits or . _ @ -");
        assertThat(consoleErrors()).as("a refused change is no script error").allMatch(e -> e.contains(" 40"));
        screenshot("refused");
    }

    @Test
    void aNonAdminCannotOpenThePage() {
        String name = "page-executive";
        String password = "password of the page executive";
        if (accounts.find(name).isEmpty()) {
            accounts.create(name, password, EnumSet.of(Role.EXECUTIVE), Set.of(), Set.of());
        }
        signInAs(name, password);
        open("/");
        waitUntil("the signed-in name", () -> !findAll("#signed-in-as").isEmpty());
        assertThat(findAll("#app-nav a[data-page='accounts']").stream().anyMatch(WebElement::isDisplayed))
                .as("an Accounts entry in an executive's menu")
                .isFalse();
        driver.get(url("/accounts"));
        assertThat(driver.findElement(By.tagName("body")).getText())
                .contains("Not for your role")
                .contains("executive");
        driver.get(url("/accounts.html"));
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("Not for your role");
        assertThat(driver.getPageSource()).doesNotContain("account-form");
        assertThat(consoleErrors()).as("only the refusals").allMatch(e -> e.contains("/accounts") && e.contains("403"));
    }

    @Test
    void anAdminCreatesATokenSeesItOnceCopiesItAndRevokesItAmongTheirOwn() throws Exception {
        var other = tokens.create(
                "someone else's BI tool", EnumSet.of(Role.READ_ONLY), Set.of(), Set.of(), null, "another-admin");
        open("/accounts");
        waitUntil(
                "the token list",
                () -> !findAll("#token-rows .state, #token-rows table").isEmpty());
        assertThat(findAll("#token-rows tr[data-token='" + other.info().id() + "']"))
                .as("another admin's token among the admin's own")
                .isEmpty();
        find("#t-name").sendKeys("Accounts page BI tool");
        new Select(find("#t-role")).selectByValue("read_only");
        find("#token-form button[type=submit]").click();
        String secret = find("#token-secret").getText();
        assertThat(secret).startsWith("sr_");
        String id = secret.substring(3, 15);
        find("#token-copy").click();
        waitUntil(
                "the copy to be confirmed", () -> find("#token-copy").getText().contains("Copied"));
        waitUntil(
                "the new token in the list",
                () -> !findAll("#token-rows tr[data-token='" + id + "']").isEmpty());
        assertThat(find("#token-rows tr[data-token='" + id + "']").getText())
                .contains("Accounts page BI tool")
                .doesNotContain(secret);

        find("#t-all").click();
        waitUntil(
                "every admin's tokens",
                () -> !findAll("#token-rows tr[data-token='" + other.info().id() + "']")
                        .isEmpty());

        find("#token-rows tr[data-token='" + id + "'] button.revoke").click();
        waitUntil(
                "the token to show as revoked",
                () -> find("#token-rows tr[data-token='" + id + "']").getText().contains("revoked"));
        JsonNode revoked = api("/api/v1/tokens")
                .valueStream()
                .filter(t -> t.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(revoked.get("revoked_at").isNull()).isFalse();
        open("/accounts");
        assertThat(driver.getPageSource()).as("the secret is shown only once").doesNotContain(secret);
        assertThat(consoleErrors()).isEmpty();
    }

    /** Signs the browser out and in again as {@code user} through the real sign-in page. */
    void signInAs(String user, String password) {
        driver.manage().deleteAllCookies();
        driver.get(url("/login"));
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        find("#sign-in").click();
        waitUntil("the sign-in to finish", () -> !driver.getCurrentUrl().contains("/login"));
        signedInAsSomeoneElse = !"admin".equals(user);
    }
}
