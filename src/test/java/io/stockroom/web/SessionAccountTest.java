package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.security.UserAccounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A browser session lasts only as long as the account it signed in with: what an admin changes takes effect at once. */
class SessionAccountTest extends WebAppTest {

    @Autowired
    UserAccounts accounts;

    /**
     * Before, a user removed with DELETE /api/v1/users/{name} kept reading and writing through the session they had
     * open, for the whole session timeout (8 h), with the roles and stores they had when they signed in.
     */
    @Test
    void aRemovedUsersOpenSessionEndsAtOnce() {
        String store = chain.stores().get(0);
        String password = "password of a leaving gm";
        assertThat(send(
                                "POST",
                                "/api/v1/users",
                                "{\"name\":\"leaving-gm\",\"password\":\"" + password
                                        + "\",\"roles\":[\"store_gm\"],\"stores\":[\"" + store + "\"]}")
                        .statusCode())
                .isEqualTo(201);
        HttpClient browser = signedIn("leaving-gm", password);
        assertThat(page(browser, "/api/v1/me").statusCode()).isEqualTo(200);
        assertThat(page(browser, "/api/v1/metrics/kpi").statusCode()).isEqualTo(200);

        assertThat(send("DELETE", "/api/v1/users/leaving-gm", null).statusCode())
                .isEqualTo(204);

        HttpResponse<String> after = page(browser, "/api/v1/metrics/kpi");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(401);
        assertThat(page(browser, "/api/v1/me").statusCode()).isEqualTo(401);
    }

    /**
     * The accounts list says when each account was made and when it last signed in: an admin finds the accounts nobody
     * uses without reading the audit log (before, GET /api/v1/users had neither).
     */
    @Test
    void theAccountsListSaysWhenEachAccountWasMadeAndLastSignedIn() {
        String store = chain.stores().get(0);
        String password = "password of a new gm";
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        assertThat(send(
                                "POST",
                                "/api/v1/users",
                                "{\"name\":\"fresh-gm\",\"password\":\"" + password
                                        + "\",\"roles\":[\"store_gm\"],\"stores\":[\"" + store + "\"]}")
                        .statusCode())
                .isEqualTo(201);
        tools.jackson.databind.JsonNode fresh = account("fresh-gm");
        assertThat(java.time.Instant.parse(fresh.get("created_at").asString())).isAfter(before);
        assertThat(fresh.path("last_sign_in_at").asString(""))
                .as("never signed in: %s", fresh)
                .isEmpty();

        java.time.Instant signIn = java.time.Instant.now().minusSeconds(1);
        signedIn("fresh-gm", password);
        tools.jackson.databind.JsonNode after = account("fresh-gm");
        assertThat(java.time.Instant.parse(after.get("last_sign_in_at").asString()))
                .isAfter(signIn);
        assertThat(after.get("created_at")).isEqualTo(fresh.get("created_at"));
        assertThat(accounts.listed()).anySatisfy(a -> assertThat(a.username()).isEqualTo("fresh-gm"));
    }

    /**
     * A signed-in account changes its own password in the browser (before, only an admin could, with {@code stockroom
     * users passwd} on the server): the current one is asked for, this session stays signed in, the account's other
     * sessions end, the old password no longer signs in, and a token or a wrong current password changes nothing.
     */
    @Test
    void anAccountChangesItsOwnPasswordAndItsOtherSessionsEnd() {
        String store = chain.stores().get(0);
        String old = "first password of a gm";
        String next = "second password of a gm";
        assertThat(send(
                                "POST",
                                "/api/v1/users",
                                "{\"name\":\"own-password-gm\",\"password\":\"" + old
                                        + "\",\"roles\":[\"store_gm\"],\"stores\":[\"" + store + "\"]}")
                        .statusCode())
                .isEqualTo(201);
        HttpClient here = signedIn("own-password-gm", old);
        HttpClient elsewhere = signedIn("own-password-gm", old);
        assertThat(page(here, "/api/v1/me").body()).contains("\"password_changeable\":true");

        HttpResponse<String> wrong = changePassword(here, "not my password at all", next);
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.body()).contains("current_password").contains("nothing was changed");
        HttpResponse<String> tooShort = changePassword(here, old, "short");
        assertThat(tooShort.statusCode()).as(tooShort.body()).isEqualTo(400);
        assertThat(tooShort.body()).contains("new_password");
        assertThat(signIn("own-password-gm", old))
                .as("the old password still signs in")
                .doesNotContain("error");

        HttpResponse<String> changed = changePassword(here, old, next);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("password is changed");
        assertThat(page(here, "/api/v1/me").statusCode())
                .as("this session stays")
                .isEqualTo(200);
        assertThat(page(here, "/api/v1/metrics/kpi").statusCode()).isEqualTo(200);
        assertThat(page(elsewhere, "/api/v1/me").statusCode())
                .as("the other browser is signed out")
                .isEqualTo(401);
        assertThat(signIn("own-password-gm", old)).as("the old password").contains("error");
        assertThat(signIn("own-password-gm", next)).as("the new password").doesNotContain("error");
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'change_password' AND entity_id ="
                        + " 'own-password-gm' AND actor = 'own-password-gm'"))
                .isEqualTo(1);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'change_password_failed' AND entity_id ="
                        + " 'own-password-gm' AND status = 'denied'"))
                .isEqualTo(1);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE before_value LIKE '%password of a gm%' OR"
                        + " after_value LIKE '%password of a gm%' OR error_log LIKE '%password of a gm%'"))
                .as("no password in the audit log")
                .isZero();

        // an API token has no password to change
        HttpResponse<String> token = send(
                "POST",
                "/api/v1/me/password",
                "{\"current_password\":\"" + next + "\",\"new_password\":\"a third password here\"}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(403);
        assertThat(token.body()).contains("API token has no password");

        // guessing from an open session ends it after a few wrong ones
        HttpClient guesser = signedIn("own-password-gm", next);
        assertThat(page(guesser, "/api/v1/me").statusCode()).isEqualTo(200); // as a page does first: the CSRF cookie
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = changePassword(guesser, "guess number " + i + " of five", "whatever comes next");
        }
        assertThat(last.statusCode()).as(last.body()).isEqualTo(403);
        assertThat(last.body()).contains("signed out");
        assertThat(page(guesser, "/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(signIn("own-password-gm", next))
                .as("the password is unchanged")
                .doesNotContain("error");
    }

    private HttpResponse<String> changePassword(HttpClient browser, String current, String next) {
        String csrf = csrf(browser);
        return call(
                browser,
                HttpRequest.newBuilder(URI.create(url("/api/v1/me/password")))
                        .header("Content-Type", "application/json")
                        .header("X-XSRF-TOKEN", csrf)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"current_password\":\"" + current + "\",\"new_password\":\"" + next + "\"}")));
    }

    private tools.jackson.databind.JsonNode account(String name) {
        HttpResponse<String> list = send("GET", "/api/v1/users", null);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        for (tools.jackson.databind.JsonNode a :
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(list.body())) {
            if (a.get("username").asString().equals(name)) {
                return a;
            }
        }
        throw new AssertionError(name + " is not listed: " + list.body());
    }

    /** A user removed and made again with other stores does not keep the old session's stores either. */
    @Test
    void aSessionDoesNotOutliveAChangeOfTheAccountsStores() {
        var stores = chain.stores();
        String password = "password of a moving gm";
        String user = "{\"name\":\"moving-gm\",\"password\":\"" + password
                + "\",\"roles\":[\"store_gm\"],\"stores\":[\"%s\"]}";
        assertThat(send("POST", "/api/v1/users", user.formatted(stores.get(0))).statusCode())
                .isEqualTo(201);
        HttpClient browser = signedIn("moving-gm", password);
        assertThat(page(browser, "/api/v1/me").body()).contains(stores.get(0));

        assertThat(send("DELETE", "/api/v1/users/moving-gm", null).statusCode()).isEqualTo(204);
        assertThat(send("POST", "/api/v1/users", user.formatted(stores.get(1))).statusCode())
                .isEqualTo(201);

        assertThat(page(browser, "/api/v1/me").statusCode()).isEqualTo(401);
        HttpClient again = signedIn("moving-gm", password);
        assertThat(page(again, "/api/v1/me").body()).contains(stores.get(1)).doesNotContain(stores.get(0) + "\"");
    }

    /**
     * Before, `stockroom users passwd NAME` (on PostgreSQL, beside the running server) left every session the user had
     * open signed in: the new password kept out only the next sign-in, not someone already holding the old session.
     */
    @Test
    void aPasswordChangedWithTheCliEndsTheUsersOpenSessions() {
        String store = chain.stores().get(0);
        String password = "password of a gm whose laptop was lost";
        assertThat(send(
                                "POST",
                                "/api/v1/users",
                                "{\"name\":\"lost-laptop-gm\",\"password\":\"" + password
                                        + "\",\"roles\":[\"store_gm\"],\"stores\":[\"" + store + "\"]}")
                        .statusCode())
                .isEqualTo(201);
        HttpClient laptop = signedIn("lost-laptop-gm", password);
        assertThat(page(laptop, "/api/v1/me").statusCode()).isEqualTo(200);

        // what `stockroom users passwd lost-laptop-gm` runs (UsersCommand.passwd), on the server's warehouse
        String changed = "the gm's new password";
        accounts.setPassword("lost-laptop-gm", changed);

        HttpResponse<String> after = page(laptop, "/api/v1/metrics/kpi");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(401);
        assertThat(page(laptop, "/api/v1/me").statusCode()).isEqualTo(401);
        HttpClient again = signedIn("lost-laptop-gm", changed);
        assertThat(page(again, "/api/v1/me").statusCode()).isEqualTo(200);
        assertThat(page(again, "/api/v1/me").statusCode())
                .as("the new session lasts")
                .isEqualTo(200);
    }

    /**
     * An account disabled with PATCH /api/v1/users/{name} can no longer sign in, and the session it has open ends on its
     * next request; enabled again, it signs in. A change of its roles ends its session too (the new roles apply from the
     * next sign-in). Before, the only way was to remove the account and make it again.
     */
    @Test
    void aDisabledOrChangedAccountsOpenSessionEndsAndADisabledOneCannotSignIn() {
        String store = chain.stores().get(0);
        String password = "password of a gm on leave";
        assertThat(send(
                                "POST",
                                "/api/v1/users",
                                "{\"name\":\"on-leave-gm\",\"password\":\"" + password
                                        + "\",\"roles\":[\"store_gm\"],\"stores\":[\"" + store + "\"]}")
                        .statusCode())
                .isEqualTo(201);
        HttpClient browser = signedIn("on-leave-gm", password);
        assertThat(page(browser, "/api/v1/metrics/kpi").statusCode()).isEqualTo(200);

        HttpResponse<String> disabled = send("PATCH", "/api/v1/users/on-leave-gm", "{\"disabled\":true}");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        HttpResponse<String> after = page(browser, "/api/v1/metrics/kpi");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(401);
        assertThat(signIn("on-leave-gm", password))
                .as("a disabled account signs in")
                .contains("error");

        assertThat(send("PATCH", "/api/v1/users/on-leave-gm", "{\"disabled\":false}")
                        .statusCode())
                .isEqualTo(200);
        HttpClient back = signedIn("on-leave-gm", password);
        assertThat(page(back, "/api/v1/me").body()).contains("store_gm");

        assertThat(send("PATCH", "/api/v1/users/on-leave-gm", "{\"roles\":[\"executive\"],\"stores\":[]}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(page(back, "/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(page(signedIn("on-leave-gm", password), "/api/v1/me").body())
                .contains("executive")
                .doesNotContain("store_gm");
    }

    HttpClient signedIn(String user, String password) {
        HttpClient browser = browser();
        String location = signIn(browser, user, password);
        assertThat(location).doesNotContain("error");
        return browser;
    }

    /** Where the sign-in page sends a new browser that signs in as {@code user}. */
    String signIn(String user, String password) {
        return signIn(browser(), user, password);
    }

    static HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The CSRF token the server gave this browser (its XSRF-TOKEN cookie), which a write sends back. */
    private static String csrf(HttpClient browser) {
        return ((CookieManager) browser.cookieHandler().orElseThrow())
                .getCookieStore().getCookies().stream()
                        .filter(c -> c.getName().equals("XSRF-TOKEN"))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
    }

    String signIn(HttpClient browser, String user, String password) {
        page(browser, "/login");
        String csrf = csrf(browser);
        HttpResponse<String> in = call(
                browser,
                HttpRequest.newBuilder(URI.create(url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + user + "&password=" + password.replace(' ', '+') + "&_csrf=" + csrf)));
        return in.headers().firstValue("Location").orElseThrow();
    }

    HttpResponse<String> page(HttpClient browser, String path) {
        return call(browser, HttpRequest.newBuilder(URI.create(url(path))).header("Accept", "application/json"));
    }

    static HttpResponse<String> call(HttpClient browser, HttpRequest.Builder request) {
        try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
