package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stockroom.testdata.Sql;
import io.stockroom.testdata.TestAccess;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access seam over real HTTP with a real OIDC provider (mock-oauth2-server) started here: bearer JWTs per role,
 * 401 for wrong tokens, API tokens, CSRF for cookie sessions, security headers, the rate limit, audit rows, and
 * browser sign-in through the provider in Chromium.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ADMIN_PASSWORD = "access-test-admin-pw";
    /**
     * Low enough for the rate-limit test to reach it quickly, high enough that the shared test admin's calls across
     * this class's tests (the account and token operations) stay under it within a minute: at 40 they did not.
     */
    static final int PRINCIPAL_LIMIT = 150;

    static final MockOAuth2Server OIDC = new MockOAuth2Server();
    static final Path DATA_DIR;

    static {
        OIDC.start();
        try {
            DATA_DIR = Files.createTempDirectory("stockroom-access-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) {
        String issuer = OIDC.issuerUrl("entra").toString();
        r.add("stockroom.data-dir", DATA_DIR::toString);
        r.add("stockroom.admin-password", () -> ADMIN_PASSWORD);
        r.add("stockroom.security.rate-limit.per-principal-per-minute", () -> String.valueOf(PRINCIPAL_LIMIT));
        r.add("stockroom.security.rate-limit.per-ip-per-minute", () -> "100000");
        r.add("stockroom.security.oidc.role-map[Stockroom.HeadBuyer]", () -> "head_buyer");
        r.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> issuer);
        r.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "stockroom");
        r.add("spring.security.oauth2.client.registration.entra.client-id", () -> "stockroom");
        r.add("spring.security.oauth2.client.registration.entra.client-secret", () -> "secret");
        r.add("spring.security.oauth2.client.registration.entra.client-name", () -> "Microsoft");
        r.add("spring.security.oauth2.client.registration.entra.scope", () -> "openid,profile");
        r.add("spring.security.oauth2.client.provider.entra.issuer-uri", () -> issuer);
    }

    @AfterAll
    static void stopProvider() {
        OIDC.shutdown();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    @Autowired
    SignIn signIn;

    @Autowired
    org.springframework.core.env.Environment environment;

    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    // ------------------------------------------------------------------------------------ bearer JWTs and tokens

    @Test
    void everyApiOperationInTheOpenApiDocumentRefusesAnonymousCallers() {
        List<String[]> operations = operations();
        assertThat(operations).as("operations in /api/docs/openapi.json").hasSizeGreaterThan(30);
        for (String[] op : operations) {
            HttpResponse<String> r = send(op[0], op[1], null, Map.of());
            assertThat(r.statusCode())
                    .as("%s %s without credentials", op[0], op[1])
                    .isEqualTo(401);
            assertThat(r.body())
                    .as("%s %s", op[0], op[1])
                    .contains("\"code\":\"UNAUTHENTICATED\"")
                    .doesNotContain("Exception");
        }
        HttpResponse<String> page = send("GET", "/reorder", null, Map.of());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    /**
     * A path nobody serves is a 404 that says so, for every signed-in role; before, anyone but an admin got "your role
     * may not GET ...", which sent them asking for a role instead of fixing a typo. A served admin-only path still
     * refuses the same caller, and a caller who is not signed in is still asked to sign in.
     */
    @Test
    void aPathNobodyServesIsNotFoundForEveryRoleNotForbidden() {
        String executive = jwt("eve", Map.of("roles", List.of("executive")));
        HttpResponse<String> typo = send("GET", "/api/v1/metric/kpi", executive, Map.of());
        assertThat(typo.statusCode()).as(typo.body()).isEqualTo(404);
        assertThat(typo.body()).contains("There is no GET /api/v1/metric/kpi", "/api/docs");
        assertThat(send("GET", "/api/v2/anything", executive, Map.of()).statusCode())
                .isEqualTo(404);
        HttpResponse<String> adminOnly = send("GET", "/api/v1/users", executive, Map.of());
        assertThat(adminOnly.statusCode()).as(adminOnly.body()).isEqualTo(403);
        assertThat(adminOnly.body()).contains("executive");
        assertThat(send("DELETE", "/api/v1/metrics/kpi", executive, Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/api/v1/metric/kpi", null, Map.of()).statusCode())
                .isEqualTo(401);
        // the container's error path is no page: before, it answered anyone a 500 reading "status": 999
        for (String caller : java.util.Arrays.asList(null, executive)) {
            HttpResponse<String> error = send("GET", "/error", caller, Map.of());
            assertThat(error.statusCode()).as(error.body()).isEqualTo(404);
            assertThat(error.body()).contains("\"code\":\"NOT_FOUND\"").doesNotContain("999");
        }
    }

    @Test
    void aPageTheRoleMayNotOpenAnswersAPageThatSaysSoNotJson() {
        String executive = jwt("eve", Map.of("roles", List.of("executive")));
        // typed into the browser's address bar: the browser asks for HTML
        HttpResponse<String> page =
                send("GET", "/audit", executive, Map.of("accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<html", "executive", "href=\"/\"").doesNotContain("\"status\":");
        // the API still answers its problem document, whatever the client accepts
        HttpResponse<String> api =
                send("GET", "/api/v1/users", executive, Map.of("accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aJwtFromTheProviderCarriesTheRolesOfItsClaims() {
        String buyer = jwt("bea", Map.of("roles", List.of("buyer")));
        String executive = jwt("eve", Map.of("roles", List.of("executive")));
        String headBuyer =
                jwt("hal", Map.of("roles", List.of("Stockroom.HeadBuyer"))); // an Entra app role, mapped by config

        JsonNode me = JSON.readTree(send("GET", "/api/v1/me", buyer, Map.of()).body());
        assertThat(me.get("name").asString()).isEqualTo("bea");
        assertThat(me.get("roles").toString()).isEqualTo("[\"buyer\"]");
        assertThat(me.get("permissions").toString()).contains("decide_lines").doesNotContain("administer");
        assertThat(JSON.readTree(send("GET", "/api/v1/me", headBuyer, Map.of()).body())
                        .get("roles")
                        .toString())
                .isEqualTo("[\"head_buyer\"]");

        // the buyer gets past the access check (404: no such line), the executive is refused before it
        assertThat(send("POST", "/api/v1/replenishment/recommendations/424242/approve", buyer, Map.of())
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> refused =
                send("POST", "/api/v1/replenishment/recommendations/424242/approve", executive, Map.of());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"code\":\"FORBIDDEN\"", "executive");
        assertThat(send("GET", "/api/v1/audit", buyer, Map.of()).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/metrics/kpi", executive, Map.of()).statusCode())
                .isNotIn(401, 403);
        assertThat(send("POST", "/api/v1/runs", executive, Map.of()).statusCode())
                .isEqualTo(403);

        // wrong tokens: garbage, another issuer, another audience, expired
        assertThat(send("GET", "/api/v1/me", "not-a-jwt", Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(send(
                                "GET",
                                "/api/v1/me",
                                OIDC.issueToken("other", "bea", "stockroom", Map.of("roles", List.of("admin")), 3600)
                                        .serialize(),
                                Map.of())
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(
                                "GET",
                                "/api/v1/me",
                                OIDC.issueToken("entra", "bea", "another-app", Map.of("roles", List.of("admin")), 3600)
                                        .serialize(),
                                Map.of())
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(
                                "GET",
                                "/api/v1/me",
                                OIDC.issueToken("entra", "bea", "stockroom", Map.of("roles", List.of("admin")), -600)
                                        .serialize(),
                                Map.of())
                        .statusCode())
                .isEqualTo(401);
    }

    /**
     * A machine that sends requests in parallel with its one token gets every answer. Before, each request wrote the
     * token's last use inside its own check, and on DuckDB two such writes at once failed one request with a 500 ("Conflict
     * on update") — a commit among them could not tell whether its file loaded.
     */
    @Test
    void requestsSentInParallelWithOneTokenAreAllAnswered() throws Exception {
        for (int round = 0; round < 3; round++) {
            ApiTokens.CreatedToken created = tokens.create(
                    "parallel pusher " + round, EnumSet.of(Role.EXECUTIVE), Set.of(), Set.of(), null, "test");
            String token = created.token();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(http.sendAsync(
                        HttpRequest.newBuilder(uri("/api/v1/me"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (var answer : answers) {
                HttpResponse<String> r = answer.get(2, java.util.concurrent.TimeUnit.MINUTES);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            assertThat(tokens.find(created.info().id()).orElseThrow().lastUsedAt())
                    .as("the use is still recorded")
                    .isNotNull();
        }
    }

    @Test
    void apiTokensAreShownOnceScopedRevocableAndRecordTheirUse() {
        String admin = TestAccess.adminToken(tokens);
        HttpResponse<String> created =
                post("/api/v1/tokens", admin, "{\"name\":\"POS pusher\",\"roles\":[\"service\"],\"stores\":[\"S1\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(created.body());
        String token = c.get("token").asString();
        String id = c.get("info").get("id").asString();
        assertThat(token).startsWith("sr_" + id + "_");
        assertThat(JSON.readTree(send("GET", "/api/v1/tokens", admin, Map.of()).body())
                        .toString())
                .contains(id)
                .doesNotContain(token)
                .as("roles are written as they are read, as GET /me writes them")
                .contains("\"roles\":[\"service\"]")
                .doesNotContain("SERVICE");
        assertThat(sqlString("SELECT token_hash FROM api_tokens WHERE id = ?", id))
                .isNotEqualTo(token)
                .hasSize(64);

        JsonNode me = JSON.readTree(send("GET", "/api/v1/me", token, Map.of()).body());
        assertThat(me.get("roles").toString()).isEqualTo("[\"service\"]");
        assertThat(me.get("stores").toString()).isEqualTo("[\"S1\"]");
        // feeds hold every store's rows: a token limited to S1 is refused them, and told why (StoreScopeTest)
        HttpResponse<String> feeds = send("GET", "/api/v1/feeds", token, Map.of());
        assertThat(feeds.statusCode()).isEqualTo(403);
        assertThat(feeds.body()).contains("whole chain").contains("stores S1");
        assertThat(send("POST", "/api/v1/runs", token, Map.of()).statusCode()).isEqualTo(403);
        assertThat(tokens.find(id).orElseThrow().lastUsedAt()).isNotNull();

        assertThat(send("DELETE", "/api/v1/tokens/" + id, token, Map.of()).statusCode())
                .isEqualTo(403); // a service cannot
        assertThat(send("DELETE", "/api/v1/tokens/" + id, admin, Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/api/v1/me", token, Map.of()).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/me", token.substring(0, token.length() - 2) + "xx", Map.of())
                        .statusCode())
                .isEqualTo(401);

        var expired = tokens.create(
                "short",
                EnumSet.of(Role.READ_ONLY),
                Set.of(),
                Set.of(),
                Instant.now().plusSeconds(1),
                "test");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (send("GET", "/api/v1/me", expired.token(), Map.of()).statusCode() != 401) {
            assertThat(System.nanoTime()).as("the expired token is refused").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(sqlLong(
                        "SELECT count(*) FROM audit_log WHERE action = 'create_token' AND entity_id = ? AND actor = 'token:test admin'"
                                + " AND actor_role = 'admin' AND client_ip = '127.0.0.1'",
                        id))
                .isEqualTo(1);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'revoke_token' AND entity_id = ?", id))
                .isEqualTo(1);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'token_rejected' AND entity_id = ?", id))
                .isGreaterThanOrEqualTo(1);
    }

    /**
     * The last admin cannot be removed: with no admin left nobody can manage accounts until someone stops the server and
     * uses the CLI. Before, DELETE /api/v1/users/admin answered 204 and left none. Revoking a token twice is a 409 and
     * writes no second audit row (before: 200 and another revoke_token row).
     */
    @Test
    void theLastAdminStaysAndATokenIsRevokedOnce() {
        String admin = TestAccess.adminToken(tokens);
        HttpResponse<String> last = send("DELETE", "/api/v1/users/admin", admin, Map.of());
        assertThat(last.statusCode()).as(last.body()).isEqualTo(409);
        assertThat(last.body()).contains("CONFLICT").contains("last").contains("another admin");
        assertThat(sqlLong("SELECT count(*) FROM users WHERE username = 'admin'"))
                .isEqualTo(1);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'remove_user' AND entity_id = 'admin'"))
                .isZero();
        // with another admin there, either may go
        HttpResponse<String> second = post(
                "/api/v1/users",
                admin,
                "{\"name\":\"second-admin\",\"password\":\"a long enough password\",\"roles\":[\"admin\"]}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(send("DELETE", "/api/v1/users/second-admin", admin, Map.of()).statusCode())
                .isEqualTo(204);

        String id = JSON.readTree(
                        post("/api/v1/tokens", admin, "{\"name\":\"revoked twice\",\"roles\":[\"read_only\"]}")
                                .body())
                .get("info")
                .get("id")
                .asString();
        assertThat(send("DELETE", "/api/v1/tokens/" + id, admin, Map.of()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> again = send("DELETE", "/api/v1/tokens/" + id, admin, Map.of());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains(id).contains("revoked already");
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'revoke_token' AND entity_id = ?", id))
                .isEqualTo(1);
        assertThat(send("DELETE", "/api/v1/tokens/000000000000", admin, Map.of())
                        .statusCode())
                .isEqualTo(404);
    }

    /**
     * An admin changes an account's roles, stores or whether it is disabled in place (before, only by removing it and
     * making it again); what the body leaves out stays. The change is audited with before and after, never the password
     * hash. What the account may not become is refused before anything is written, and the last admin is neither
     * demoted nor disabled (409).
     */
    @Test
    void anAdminChangesAnAccountInPlaceAndTheLastAdminStaysAnAdmin() {
        String admin = TestAccess.adminToken(tokens);
        warehouse.withConnection(c -> c.createStatement()
                .executeUpdate("INSERT INTO stores (store_id, name, area) VALUES ('S1', 'Leeds', 'North') "
                        + "ON CONFLICT DO NOTHING"));
        HttpResponse<String> created = post(
                "/api/v1/users",
                admin,
                "{\"name\":\"changing-gm\",\"password\":\"a long enough password\",\"roles\":[\"store_gm\"],"
                        + "\"stores\":[\"S1\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> changed = patch(
                "/api/v1/users/changing-gm",
                admin,
                "{\"roles\":[\"buyer\",\"executive\"],\"stores\":[],\"disabled\":true}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(changed.body());
        assertThat(a.get("username").asString()).isEqualTo("changing-gm");
        assertThat(a.get("roles").toString())
                .contains("\"buyer\"", "\"executive\"")
                .doesNotContain("store_gm");
        assertThat(a.get("stores").toString()).isEqualTo("[]");
        assertThat(a.get("disabled").asBoolean()).isTrue();
        assertThat(a.has("password_hash")).isFalse();
        JsonNode kept = JSON.readTree(patch("/api/v1/users/changing-gm", admin, "{\"stores\":[\"S1\"]}")
                .body());
        assertThat(kept.get("roles").toString()).contains("\"buyer\"", "\"executive\"");
        assertThat(kept.get("stores").toString()).isEqualTo("[\"S1\"]");
        assertThat(kept.get("disabled").asBoolean()).isTrue();
        assertThat(sqlString("SELECT roles FROM users WHERE username = ?", "changing-gm"))
                .isEqualTo("buyer,executive");
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'change_user' AND entity_id = 'changing-gm'"
                        + " AND actor = 'token:test admin' AND before_value LIKE '%store_gm%'"
                        + " AND after_value LIKE '%executive%' AND after_value LIKE '%\"disabled\":true%'"))
                .isEqualTo(1);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'change_user' AND entity_id = 'changing-gm'"
                        + " AND (before_value LIKE '%bcrypt%' OR after_value LIKE '%bcrypt%'"
                        + " OR before_value LIKE '%$2a$%' OR after_value LIKE '%$2a$%')"))
                .isZero();

        // refused, and nothing changes: another role, an unknown user, field, store or role, no role at all
        String executive = jwt("eve", Map.of("roles", List.of("executive")));
        assertThat(patch("/api/v1/users/changing-gm", executive, "{\"disabled\":false}")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> nobody = patch("/api/v1/users/nobody-here", admin, "{\"disabled\":true}");
        assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(404);
        assertThat(nobody.body()).contains("nobody-here");
        HttpResponse<String> field =
                patch("/api/v1/users/changing-gm", admin, "{\"store\":[\"S1\"],\"disabled\":false}");
        assertThat(field.statusCode()).as(field.body()).isEqualTo(400);
        assertThat(field.body()).contains("'store'", "not a field", "stores");
        HttpResponse<String> store = patch("/api/v1/users/changing-gm", admin, "{\"stores\":[\"S9\"]}");
        assertThat(store.statusCode()).as(store.body()).isEqualTo(400);
        assertThat(store.body()).contains("'S9'", "known stores: S1");
        assertThat(patch("/api/v1/users/changing-gm", admin, "{\"roles\":[\"wizard\"]}")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> none = patch("/api/v1/users/changing-gm", admin, "{\"roles\":[]}");
        assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
        assertThat(none.body()).contains("at least one role");
        assertThat(JSON.readTree(send("GET", "/api/v1/users", admin, Map.of()).body())
                        .toString())
                .as("the account as changed (its created_at follows)")
                .contains("{\"username\":\"changing-gm\",\"roles\":[\"buyer\",\"executive\"],\"stores\":[\"S1\"],"
                        + "\"areas\":[],\"disabled\":true,\"created_at\":");

        // the last admin
        for (String body : List.of("{\"roles\":[\"buyer\"]}", "{\"disabled\":true}", "{\"stores\":[\"S1\"]}")) {
            HttpResponse<String> last = patch("/api/v1/users/admin", admin, body);
            assertThat(last.statusCode()).as(body + ": " + last.body()).isEqualTo(409);
            assertThat(last.body()).contains("CONFLICT", "last account with the admin role", "another admin");
        }
        assertThat(sqlLong("SELECT count(*) FROM users WHERE username = 'admin' AND roles = 'admin'"
                        + " AND stores IS NULL AND NOT disabled"))
                .isEqualTo(1);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'change_user' AND entity_id = 'admin'"))
                .isZero();
        assertThat(send("DELETE", "/api/v1/users/changing-gm", admin, Map.of()).statusCode())
                .isEqualTo(204);
        // in /api/docs, so everyApiOperationInTheOpenApiDocumentRefusesAnonymousCallers calls it too
        assertThat(operations()).anyMatch(op -> op[0].equals("PATCH") && op[1].equals("/api/v1/users/1"));
    }

    @Test
    void anAccountForAStoreOrAreaTheStoresMasterDataDoesNotKnowIsRefused() {
        String admin = TestAccess.adminToken(tokens);
        warehouse.withConnection(c -> c.createStatement()
                .executeUpdate("INSERT INTO stores (store_id, name, area) VALUES ('S1', 'Leeds', 'North') "
                        + "ON CONFLICT DO NOTHING"));

        HttpResponse<String> typo =
                post("/api/v1/tokens", admin, "{\"name\":\"till S9\",\"roles\":[\"read_only\"],\"stores\":[\"s1\"]}");
        assertThat(typo.statusCode()).as(typo.body()).isEqualTo(400);
        assertThat(typo.body()).contains("'s1'").contains("known stores: S1").contains("case-sensitive");
        HttpResponse<String> area = post(
                "/api/v1/users",
                admin,
                "{\"name\":\"nowhere-manager\",\"password\":\"a long enough password\","
                        + "\"roles\":[\"area_manager\"],\"areas\":[\"Nowhere\"]}");
        assertThat(area.statusCode()).as(area.body()).isEqualTo(400);
        assertThat(area.body()).contains("'Nowhere'").contains("known areas: North");
        assertThat(sqlLong("SELECT count(*) FROM users WHERE username = 'nowhere-manager'"))
                .isZero();

        HttpResponse<String> known =
                post("/api/v1/tokens", admin, "{\"name\":\"till S1\",\"roles\":[\"read_only\"],\"stores\":[\"S1\"]}");
        assertThat(known.statusCode()).as(known.body()).isEqualTo(201);
    }

    /**
     * A blank or null store or area is refused, not dropped: dropped, it left an account with no stores, which sees the
     * whole chain (before, {@code "stores":[""]} made a 201 whole-chain token).
     */
    @Test
    void aBlankStoreOrAreaIsRefusedNotDroppedIntoAWholeChainAccount() {
        String admin = TestAccess.adminToken(tokens);
        HttpResponse<String> token =
                post("/api/v1/tokens", admin, "{\"name\":\"blank store\",\"roles\":[\"read_only\"],\"stores\":[\"\"]}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(400);
        assertThat(token.body()).contains("BAD_PARAMETER").contains("'stores'").contains("blank");
        HttpResponse<String> user = post(
                "/api/v1/users",
                admin,
                "{\"name\":\"blank-gm\",\"password\":\"a long enough password\",\"roles\":[\"store_gm\"],\"stores\":[\" \"]}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(400);
        assertThat(user.body()).contains("'stores'").contains("blank");
        HttpResponse<String> area = post(
                "/api/v1/users",
                admin,
                "{\"name\":\"null-area\",\"password\":\"a long enough password\",\"roles\":[\"area_manager\"],\"areas\":[null]}");
        assertThat(area.statusCode()).as(area.body()).isEqualTo(400);
        assertThat(area.body()).contains("'areas'").contains("blank");
        Cli cli = cli("tokens", "create", "clitok", "--role", "read_only", "--store", "");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("--store").contains("blank");
        assertThat(sqlLong("SELECT count(*) FROM api_tokens WHERE name IN ('blank store', 'clitok')"))
                .isZero();
        assertThat(sqlLong("SELECT count(*) FROM users WHERE username IN ('blank-gm', 'null-area')"))
                .isZero();
    }

    /**
     * A store GM or area manager given no store and no area sees no store at all: the Accounts page refused it, the API
     * and the CLI made the account (and tokens such a one). Now refused everywhere with what to give instead; the same
     * for a change that would take the last store away.
     */
    @Test
    void aStoreGmOrAreaManagerWithNothingToSeeIsRefused() {
        String admin = TestAccess.adminToken(tokens);
        HttpResponse<String> user = post(
                "/api/v1/users",
                admin,
                "{\"name\":\"gm-of-nothing\",\"password\":\"a long enough password\",\"roles\":[\"store_gm\"]}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(400);
        assertThat(user.body())
                .contains("BAD_PARAMETER")
                .contains("see no store")
                .contains("'stores'");
        HttpResponse<String> token = post(
                "/api/v1/tokens", admin, "{\"name\":\"area of nothing\",\"roles\":[\"area_manager\"],\"areas\":[]}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(400);
        assertThat(token.body()).contains("see no store").contains("'areas'");
        Cli cli = cli("users", "add", "cli-gm", "--role", "store_gm");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("see no store");
        // with a chain-wide role beside it the account sees the chain: allowed
        HttpResponse<String> mixed = post(
                "/api/v1/users",
                admin,
                "{\"name\":\"gm-and-buyer\",\"password\":\"a long enough password\",\"roles\":[\"store_gm\",\"buyer\"]}");
        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(201);
        assertThat(sqlLong("SELECT count(*) FROM users WHERE username IN ('gm-of-nothing', 'cli-gm')"))
                .isZero();
        assertThat(sqlLong("SELECT count(*) FROM api_tokens WHERE name = 'area of nothing'"))
                .isZero();
    }

    /**
     * A token acts under its name: a second live token of that name would be the same actor (it could commit the first
     * one's upload, and the audit log could not tell them apart), so it is refused until the first is revoked.
     */
    @Test
    void twoLiveTokensNeverShareAName() {
        String admin = TestAccess.adminToken(tokens);
        String body = "{\"name\":\"till pusher\",\"roles\":[\"service\"]}";
        HttpResponse<String> first = post("/api/v1/tokens", admin, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String id = JSON.readTree(first.body()).get("info").get("id").asString();
        HttpResponse<String> twin =
                post("/api/v1/tokens", admin, "{\"name\":\" till pusher \",\"roles\":[\"data_engineer\"]}");
        assertThat(twin.statusCode()).as(twin.body()).isEqualTo(409);
        assertThat(twin.body()).contains("till pusher").contains(id).contains("revoke");
        // rotating a machine's token: revoke the old one, then its name is free again
        assertThat(send("DELETE", "/api/v1/tokens/" + id, admin, Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(post("/api/v1/tokens", admin, body).statusCode()).isEqualTo(201);
    }

    /**
     * BCrypt reads at most 72 bytes of a password: a longer one is refused naming the limit (before: a 500 from the
     * encoder for the API, a stack trace for the CLI). The limit is in UTF-8 bytes, so 40 'é' (80 bytes) are too many.
     */
    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedNamingTheLimit() {
        String admin = TestAccess.adminToken(tokens);
        for (String password : List.of("p".repeat(100), "é".repeat(40))) {
            HttpResponse<String> r = post(
                    "/api/v1/users",
                    admin,
                    "{\"name\":\"long-password\",\"password\":\"" + password + "\",\"roles\":[\"buyer\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body())
                    .contains("BAD_PARAMETER")
                    .contains("'password'")
                    .contains("72 bytes");
        }
        assertThat(sqlLong("SELECT count(*) FROM users WHERE username = 'long-password'"))
                .isZero();
        Cli add = cli("users", "add", "long-cli", "--role", "buyer", "--password", "p".repeat(100));
        assertThat(add.exitCode()).as(add.err()).isEqualTo(2);
        assertThat(add.err()).contains("72 bytes");
        Cli passwd = cli("users", "passwd", "admin", "--password", "p".repeat(73));
        assertThat(passwd.exitCode()).as(passwd.err()).isEqualTo(2);
        assertThat(passwd.err()).contains("72 bytes");
        // 72 bytes exactly is a password BCrypt reads whole
        assertThat(post(
                                "/api/v1/users",
                                admin,
                                "{\"name\":\"longest-password\",\"password\":\"" + "p".repeat(72)
                                        + "\",\"roles\":[\"buyer\"]}")
                        .statusCode())
                .isEqualTo(201);
    }

    // ------------------------------------------------------------------------------------ cookie sessions

    @Test
    void aPasswordSessionNeedsTheCsrfTokenForWritesAndIsAudited() {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String csrf = csrfFrom(browser);
        HttpResponse<String> wrong = form(browser, "/login", "username=admin&password=wrong-password&_csrf=" + csrf);
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        HttpResponse<String> ok =
                form(browser, "/login", "username=admin&password=" + ADMIN_PASSWORD + "&_csrf=" + csrfFrom(browser));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String cookie = ok.headers().allValues("Set-Cookie").stream()
                .filter(s -> s.startsWith("JSESSIONID"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no session cookie in " + ok.headers().map()));
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax");

        // a write without the token (what a cross-site form would send) is refused; with the header it goes through
        HttpResponse<String> forged = call(
                browser,
                HttpRequest.newBuilder(uri("/api/v1/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"roles\":[\"admin\"]}")));
        assertThat(forged.statusCode()).isEqualTo(403);
        // the answer names what is missing, not the admin's role (which may do this)
        assertThat(forged.body()).contains("X-XSRF-TOKEN").doesNotContain("Your role");
        HttpResponse<String> real = call(
                browser,
                HttpRequest.newBuilder(uri("/api/v1/tokens"))
                        .header("Content-Type", "application/json")
                        .header("X-XSRF-TOKEN", csrfFrom(browser))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bi tool\",\"roles\":[\"read_only\"]}")));
        assertThat(real.statusCode()).as(real.body()).isEqualTo(201);
        assertThat(
                        sqlLong(
                                "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND actor = 'admin' AND category = 'sign_in'"))
                .isGreaterThanOrEqualTo(1);
        assertThat(
                        sqlLong(
                                "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND actor = 'admin' AND status = 'denied'"))
                .isGreaterThanOrEqualTo(1);

        assertThat(call(browser, HttpRequest.newBuilder(uri("/reorder"))).statusCode())
                .isEqualTo(200);
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos(); // written as the response completes
        while (sqlLong(
                        "SELECT count(*) FROM audit_log WHERE category = 'view' AND entity_id = '/reorder' AND actor = 'admin'")
                == 0) {
            assertThat(System.nanoTime()).as("a view row for /reorder").isLessThan(until);
            Thread.onSpinWait();
        }

        HttpResponse<String> out = form(browser, "/logout", "_csrf=" + csrfFrom(browser));
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?signed-out");
        assertThat(call(browser, HttpRequest.newBuilder(uri("/api/v1/me"))).statusCode())
                .isEqualTo(401);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'sign_out' AND actor = 'admin'"))
                .isGreaterThanOrEqualTo(1);
    }

    /**
     * A request refused before anyone signed in (a sign-out or sign-in posted without the CSRF token) is audited as
     * {@code anonymous} with no role. Before, such rows read actor {@code system}, role {@code admin}: anyone could
     * write audit rows that read as the system account's.
     */
    @Test
    void aRefusedRequestFromNobodyIsAuditedAsAnonymousNotAsTheSystem() {
        HttpClient stranger = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        assertThat(call(stranger, HttpRequest.newBuilder(uri("/logout")).POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(403);
        assertThat(form(stranger, "/login", "username=gm1&password=x").statusCode())
                .isEqualTo(403);
        for (String what : List.of("POST /logout", "POST /login")) {
            assertThat(sqlLong(
                            "SELECT count(*) FROM audit_log WHERE action = 'denied' AND entity_id = ? AND actor = 'anonymous'"
                                    + " AND coalesce(actor_role, '') = '' AND status = 'denied'",
                            what))
                    .as(what)
                    .isGreaterThanOrEqualTo(1);
            assertThat(sqlLong(
                            "SELECT count(*) FROM audit_log WHERE action = 'denied' AND entity_id = ? AND actor = 'system'",
                            what))
                    .as(what)
                    .isZero();
        }
    }

    /**
     * Only a bearer token may stand in for the CSRF token. Before, any Authorization header did: a browser behind a
     * proxy that asks for Basic credentials sends {@code Authorization: Basic ...} with every request, a forged one
     * included, and a write with the session cookie and that header went through without the CSRF token.
     */
    @Test
    void anAuthorizationHeaderThatIsNoBearerTokenDoesNotSkipCsrf() {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> in =
                form(browser, "/login", "username=admin&password=" + ADMIN_PASSWORD + "&_csrf=" + csrfFrom(browser));
        assertThat(in.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        for (String header : List.of("Basic YWRtaW46eA==", "Digest username=\"admin\"", "Negotiate x")) {
            HttpResponse<String> forged = call(
                    browser,
                    HttpRequest.newBuilder(uri("/api/v1/tokens"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", header)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"forged\",\"roles\":[\"admin\"]}")));
            assertThat(forged.statusCode()).as(header + ": " + forged.body()).isEqualTo(403);
            assertThat(forged.body()).contains("X-XSRF-TOKEN");
        }
        assertThat(sqlLong("SELECT count(*) FROM api_tokens WHERE name = 'forged'"))
                .isZero();
        // a bearer token is still its own proof: a wrong one is a 401 (never the session's), a real one goes through
        HttpResponse<String> wrongToken = call(
                browser,
                HttpRequest.newBuilder(uri("/api/v1/tokens"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer sr_000000000000000000000000000000000000")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"forged\",\"roles\":[\"admin\"]}")));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
    }

    /**
     * The CSRF token (or any other secret) in a request's query string is not written to the audit log. Before, a form
     * post to {@code ...?_csrf=<token>} was recorded with the token in its entity id.
     */
    @Test
    void theCsrfTokenInAQueryStringIsNotAudited() {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> in =
                form(browser, "/login", "username=admin&password=" + ADMIN_PASSWORD + "&_csrf=" + csrfFrom(browser));
        assertThat(in.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String csrf = csrfFrom(browser);
        HttpResponse<String> created = call(
                browser,
                HttpRequest.newBuilder(uri("/api/v1/tokens?_csrf=" + csrf + "&access_token=kept-out-of-the-log"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"csrf in query\",\"roles\":[\"read_only\"]}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos(); // written as the response completes
        while (sqlLong("SELECT count(*) FROM audit_log WHERE action = 'post' AND entity_id LIKE '/api/v1/tokens%'"
                        + " AND actor = 'admin' AND status = 'ok'")
                == 0) {
            assertThat(System.nanoTime())
                    .as("a write row for POST /api/v1/tokens")
                    .isLessThan(until);
            Thread.onSpinWait();
        }
        assertThat(sqlLong(
                        "SELECT count(*) FROM audit_log WHERE entity_id LIKE ? OR entity_id LIKE '%kept-out-of-the-log%'",
                        "%" + csrf + "%"))
                .isZero();
    }

    /**
     * Password guessing is slowed per user name: after stockroom.security.rate-limit.sign-in-failures-per-user-per-hour
     * wrong passwords (20) even the right one waits, and the page says why (before, any number of guesses went through
     * and the right password still signed in at once).
     */
    @Test
    void repeatedWrongPasswordsForOneUserAreThrottled() {
        String admin = TestAccess.adminToken(tokens);
        String password = "the right password for guess-target";
        assertThat(post(
                                "/api/v1/users",
                                admin,
                                "{\"name\":\"guess-target\",\"password\":\"" + password
                                        + "\",\"roles\":[\"executive\"]}")
                        .statusCode())
                .isEqualTo(201);
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> wrong = form(
                    browser, "/login", "username=guess-target&password=guess-" + i + "&_csrf=" + csrfFrom(browser));
            assertThat(wrong.headers().firstValue("Location").orElseThrow())
                    .as("guess %d", i)
                    .endsWith("/login?error");
        }
        HttpResponse<String> right = form(
                browser,
                "/login",
                "username=guess-target&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                        + csrfFrom(browser));
        assertThat(right.headers().firstValue("Location").orElseThrow()).endsWith("/login?too-many");
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        form(browser, "/login", "username=guess-target&password=guess-again&_csrf=" + csrfFrom(browser));
        assertThat(sqlLong(
                        "SELECT count(*) FROM audit_log WHERE action = 'sign_in_throttled' AND actor = 'guess-target' "
                                + "AND entity_id = 'user:guess-target' AND status = 'denied'"))
                .as("the throttle's start is audited once, not each refused guess")
                .isEqualTo(1);
        // another user signing in from the same address is not held up by it
        HttpResponse<String> other =
                form(browser, "/login", "username=admin&password=" + ADMIN_PASSWORD + "&_csrf=" + csrfFrom(browser));
        assertThat(other.headers().firstValue("Location").orElseThrow()).doesNotContain("/login");
    }

    @Test
    void theServerListensOnlyOnThisMachineByDefault() throws IOException {
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        java.net.InetAddress outside = null;
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
                    outside = a;
                }
            }
        }
        assumeTrue(outside != null, "this machine has no non-loopback IPv4 address to try");
        try (var socket = new java.net.Socket()) {
            java.net.InetAddress target = outside;
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> socket.connect(new java.net.InetSocketAddress(target, port), 5_000))
                    .as("connecting to %s:%d from another interface", target, port)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theDemoSignInLinkSignsInAsTheLocalAdminOnce() {
        String link = signIn.loginLink(SignIn.ADMIN).orElseThrow();
        assertThat(link).startsWith("/login?token=");
        String token = link.substring("/login?token=".length());
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        // what the sign-in page's script does with the link: post the token with the CSRF cookie's value
        HttpResponse<String> in = form(browser, "/login/ott", "token=" + enc(token) + "&_csrf=" + csrfFrom(browser));
        assertThat(in.statusCode()).isEqualTo(302);
        assertThat(in.headers().firstValue("Location").orElseThrow()).doesNotContain("expired");
        JsonNode me = JSON.readTree(
                call(browser, HttpRequest.newBuilder(uri("/api/v1/me")).header("Accept", "application/json"))
                        .body());
        assertThat(me.get("name").asString()).isEqualTo("admin");
        assertThat(me.get("roles").toString()).isEqualTo("[\"admin\"]");
        // used once: the same link signs nobody in again
        HttpClient other = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> again = form(other, "/login/ott", "token=" + enc(token) + "&_csrf=" + csrfFrom(other));
        assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
    }

    @Test
    void pagesCarrySecurityHeadersAndNoInlineScript() throws IOException {
        HttpResponse<String> login = send("GET", "/login", null, Map.of());
        assertThat(login.statusCode()).isEqualTo(200);
        String csp = login.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-eval");
        assertThat(csp.substring(csp.indexOf("script-src"))).startsWith("script-src 'self';");
        assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(login.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(login.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> cors = http(HttpRequest.newBuilder(uri("/api/v1/me"))
                .header("Origin", "https://evil.example")
                .header("Authorization", TestAccess.adminBearer(tokens)));
        assertThat(cors.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // CSP forbids inline script: so no page may rely on one
        try (var pages = Files.list(Path.of("src/main/resources/static"))) {
            for (Path p : pages.filter(f -> f.toString().endsWith(".html")).toList()) {
                String html = Files.readString(p);
                assertThat(html)
                        .as(p.toString())
                        .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                        .doesNotContainPattern("\\son[a-z]+\\s*=");
            }
        }
    }

    @Test
    void eachPrincipalIsRateLimitedWith429AndRetryAfter() {
        String token = tokens.create("busy dashboard", EnumSet.of(Role.EXECUTIVE), Set.of(), Set.of(), null, "test")
                .token();
        HttpResponse<String> last = null;
        // the bucket refills as the calls go (150 a minute: 2.5 a second), so on a busy machine PRINCIPAL_LIMIT + 5
        // calls, taking more than 2 s, never emptied it: up to twice the limit, stopping at the first 429
        for (int i = 0; i < PRINCIPAL_LIMIT * 2; i++) {
            last = send("GET", "/api/v1/me", token, Map.of());
            if (last.statusCode() == 429) {
                break;
            }
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(last.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1, 60);
        assertThat(last.body()).contains("RATE_LIMITED");
        // another principal is not affected
        assertThat(send("GET", "/api/v1/me", jwt("other", Map.of("roles", List.of("executive"))), Map.of())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theAuditLogIsReadableByAdminsAsJsonAndCsv() {
        String admin = TestAccess.adminToken(tokens);
        post("/api/v1/tokens", admin, "{\"name\":\"audited\",\"roles\":[\"read_only\"]}");
        JsonNode rows = JSON.readTree(send("GET", "/api/v1/audit?action=create_token", admin, Map.of())
                .body());
        assertThat(rows.size()).isGreaterThanOrEqualTo(1);
        assertThat(rows.get(0).get("actor_role").asString()).isEqualTo("admin");
        HttpResponse<String> csv =
                send("GET", "/api/v1/audit.csv?action=create_token", admin, Map.of("accept", "text/csv"));
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body())
                .startsWith("occurred_at,actor,actor_role,client_ip,category,action")
                .contains("create_token");
        assertThat(send("GET", "/api/v1/audit?from=yesterday", admin, Map.of()).statusCode())
                .isEqualTo(400);
        // a filter that can match nothing because it is mistyped is refused, not an empty list ("nothing happened")
        HttpResponse<String> reversed = send("GET", "/api/v1/audit?from=2026-12-07&to=2026-12-01", admin, Map.of());
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(reversed.body()).contains("swap them");
        HttpResponse<String> kind = send("GET", "/api/v1/audit?category=bogus", admin, Map.of());
        assertThat(kind.statusCode()).isEqualTo(400);
        assertThat(kind.body()).contains("write, sign_in, token, view, export");
        assertThat(send("GET", "/api/v1/audit?category=WRITE", admin, Map.of()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void anEngineFailureAnswersWithoutTheEngineMessageOrServerPaths() {
        String admin = TestAccess.adminToken(tokens);
        exec("ALTER TABLE stores RENAME TO stores_hidden");
        try {
            HttpResponse<String> r = send("GET", "/api/v1/stores", admin, Map.of());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body())
                    .contains("details are in the server log")
                    .doesNotContain("stores_hidden", "Catalog", "SELECT", "Exception", DATA_DIR.toString());
        } finally {
            exec("ALTER TABLE stores_hidden RENAME TO stores");
        }
        HttpResponse<String> missing =
                send("POST", "/api/v1/feeds/commit", admin, Map.of("body", "{\"upload_token\":\"nope\"}"));
        assertThat(missing.body()).doesNotContain(DATA_DIR.toString());
    }

    void exec(String sql) {
        warehouse.withConnection(c -> {
            try (var st = c.createStatement()) {
                st.execute(sql);
            }
            return null;
        });
    }

    @Autowired
    AuditRetention retention;

    @Test
    void viewEventsExpireAfter180DaysWithADryRunFirst() {
        warehouse.withConnection(c -> {
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO audit_log (id, occurred_at, actor, action, category) VALUES "
                        + "('old-view', TIMESTAMP '2020-01-01 10:00:00', 'gina', 'view', 'view'), "
                        + "('old-write', TIMESTAMP '2020-01-01 10:00:00', 'bea', 'approve', 'write')");
            }
            return null;
        });
        AuditRetention.Report dry = retention.run(false);
        assertThat(dry.viewRows()).isGreaterThanOrEqualTo(1);
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE id = 'old-view'"))
                .isEqualTo(1);
        AuditRetention.Report applied = retention.run(true);
        assertThat(applied.viewRows()).isEqualTo(dry.viewRows());
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE id IN ('old-view', 'old-write')"))
                .isEqualTo(1); // writes are kept
        assertThat(sqlLong("SELECT count(*) FROM audit_log WHERE action = 'retention'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aCustomerIsExportedAndErasedAcrossFactsAndTheRawLakeWithAnAuditRow() throws IOException {
        String admin = TestAccess.adminToken(tokens);
        String lines =
                "[{\"order_id\":\"O1\",\"ordered_at\":\"2026-03-01T10:00:00\",\"customer_id\":\"C-4711\",\"sku\":\"P1\",\"quantity\":1},"
                        + "{\"order_id\":\"O1\",\"ordered_at\":\"2026-03-01T10:00:00\",\"customer_id\":\"C-4711\",\"sku\":\"P2\",\"quantity\":2},"
                        + "{\"order_id\":\"O2\",\"ordered_at\":\"2026-03-01T11:00:00\",\"customer_id\":\"C-47110\",\"sku\":\"P1\",\"quantity\":1}]";
        HttpResponse<String> pushed = send(
                "POST",
                "/api/v1/ingest/batch",
                admin,
                Map.of(
                        "body",
                        "{\"source_id\":\"shop\",\"data_type\":\"orders\",\"format\":\"json\",\"data\":" + lines
                                + "}"));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (sqlLong("SELECT count(*) FROM orders WHERE customer_id LIKE 'C-4711%'") < 3) {
            assertThat(System.nanoTime()).as("the orders are loaded").isLessThan(deadline);
            Thread.onSpinWait();
        }
        String buyer = jwt("bea", Map.of("roles", List.of("buyer")));
        assertThat(send("GET", "/api/v1/privacy/customers/C-4711", buyer, Map.of())
                        .statusCode())
                .isEqualTo(403);

        JsonNode export = JSON.readTree(
                send("GET", "/api/v1/privacy/customers/C-4711", admin, Map.of()).body());
        assertThat(export.get("orders").size()).isEqualTo(2);
        assertThat(export.get("raw_files").size()).isEqualTo(1);
        Path raw = DATA_DIR.resolve(export.get("raw_files").get(0).asString());

        JsonNode erased = JSON.readTree(send("POST", "/api/v1/privacy/customers/C-4711/erase", admin, Map.of())
                .body());
        String pseudonym = erased.get("pseudonym").asString();
        assertThat(pseudonym).startsWith("erased-").doesNotContain("4711");
        assertThat(erased.get("orders").asLong()).isEqualTo(2);
        assertThat(erased.get("raw_files_rewritten").size()).isEqualTo(1);
        assertThat(erased.get("dates_rebuilt").toString()).isEqualTo("[\"2026-03-01\"]");
        assertThat(sqlLong("SELECT count(*) FROM orders WHERE customer_id = 'C-4711'"))
                .isZero();
        assertThat(sqlLong("SELECT count(*) FROM orders WHERE customer_id = ?", pseudonym))
                .isEqualTo(2);
        assertThat(sqlLong("SELECT count(*) FROM orders WHERE customer_id = 'C-47110'"))
                .as("another customer's longer id")
                .isEqualTo(1);
        String text = Files.readString(raw);
        assertThat(text).doesNotContain("\"C-4711\"").contains("C-47110").contains(pseudonym);
        assertThat(sqlString(
                        "SELECT sha256 FROM raw_manifest WHERE lake_path = ?",
                        DATA_DIR.relativize(raw).toString()))
                .isEqualTo(ApiTokens.sha256Bytes(Files.readAllBytes(raw)));
        assertThat(sqlLong(
                        "SELECT count(*) FROM audit_log WHERE action = 'gdpr_erase' AND entity_id = ? AND actor = 'token:test admin'",
                        pseudonym))
                .isEqualTo(1);
        long until =
                System.nanoTime() + Duration.ofMinutes(1).toNanos(); // the request row lands as the response completes
        while (sqlLong(
                        "SELECT count(*) FROM audit_log WHERE category = 'write' AND action = 'post' AND entity_id = '/api/v1/ingest/batch'"
                                + " AND actor = 'token:test admin' AND actor_role = 'admin' AND status = 'ok'")
                == 0) {
            assertThat(System.nanoTime())
                    .as("the batch push is audited with its actor")
                    .isLessThan(until);
            Thread.onSpinWait();
        }
        assertThat(JSON.readTree(send("GET", "/api/v1/privacy/customers/C-4711", admin, Map.of())
                                .body())
                        .get("orders")
                        .size())
                .isZero();
    }

    // ------------------------------------------------------------------------------------ browser sign-in via OIDC

    @Test
    void theBrowserSignsInThroughTheOidcProviderWithPkce() {
        HttpResponse<String> start = send("GET", "/oauth2/authorization/entra", null, Map.of());
        assertThat(start.statusCode()).isEqualTo(302);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertThat(location)
                .startsWith(OIDC.issuerUrl("entra").toString())
                .contains("response_type=code", "code_challenge=", "code_challenge_method=S256");

        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        assumeTrue(
                Files.isExecutable(chromium) && Files.isExecutable(chromedriver), "needs chromium and chromium-driver");
        OIDC.enqueueCallback(new DefaultOAuth2TokenCallback(
                "entra",
                "gm-oid-1",
                "JWT",
                List.of("stockroom"),
                Map.of(
                        "preferred_username",
                        "gina@chain.example",
                        "roles",
                        List.of("store_gm"),
                        "stores",
                        List.of("S001")),
                3600));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--window-size=1400,1000");
        ChromeDriver driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(chromedriver.toFile())
                        .usingAnyFreePort()
                        .build(),
                options);
        try {
            driver.get(url("/login"));
            new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50))
                    .until(d -> !d.findElements(org.openqa.selenium.By.cssSelector("#providers a"))
                            .isEmpty());
            driver.findElement(org.openqa.selenium.By.cssSelector("#providers a"))
                    .click();
            new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50))
                    .until(d -> d.getCurrentUrl().startsWith(url("/"))
                            && !d.getCurrentUrl().contains("/login"));
            driver.get(url("/api/v1/me"));
            String body =
                    driver.findElement(org.openqa.selenium.By.tagName("body")).getText();
            assertThat(body)
                    .contains(
                            "\"name\":\"gina@chain.example\"",
                            "\"roles\":[\"store_gm\"]",
                            "\"stores\":[\"S001\"]",
                            "\"all_stores\":false");

            // the web app shows a GM only what the role allows: no feeds/runs/quality/audit menu, no export or decision
            // controls
            driver.get(url("/reorder"));
            new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50))
                    .until(
                            d -> Boolean.TRUE.equals(
                                    ((org.openqa.selenium.JavascriptExecutor) d)
                                            .executeScript(
                                                    "return document.body.classList.contains('can-view_replenishment') && !!document.querySelector('#signed-in-as')")));
            assertThat(driver.findElement(org.openqa.selenium.By.id("signed-in-as"))
                            .getAttribute("textContent"))
                    .isEqualTo("gina@chain.example");
            for (String page : List.of("feeds", "runs", "quality", "audit", "accounts")) {
                assertThat(driver.findElement(org.openqa.selenium.By.cssSelector("#app-nav a[data-page=" + page + "]"))
                                .isDisplayed())
                        .as("menu entry %s", page)
                        .isFalse();
            }
            assertThat(driver.findElement(org.openqa.selenium.By.cssSelector("#app-nav a[data-page=reorder]"))
                            .isDisplayed())
                    .isTrue();
            assertThat(driver.findElement(org.openqa.selenium.By.id("export")).isDisplayed())
                    .isFalse();
        } finally {
            driver.quit();
        }
        assertThat(
                        sqlLong(
                                "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND actor = 'gina@chain.example' AND actor_role = 'store_gm'"))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------ helpers

    @Autowired
    org.springframework.context.ApplicationContext context;

    record Cli(int exitCode, String err) {}

    /** Runs a {@code stockroom} command against this application's warehouse, as the terminal would. */
    Cli cli(String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = io.stockroom.cli.StockroomCommand.commandLine(context)
                .setErr(new java.io.PrintWriter(err, true))
                .execute(args);
        return new Cli(code, err.toString());
    }

    /** Every (method, path) of the live OpenAPI document, with path variables filled in. */
    List<String[]> operations() {
        JsonNode doc = JSON.readTree(send("GET", "/api/docs/openapi.json", TestAccess.adminToken(tokens), Map.of())
                .body());
        List<String[]> out = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue; // e.g. /login/providers: what the sign-in page shows before anyone is signed in
            }
            for (var method : path.getValue().properties()) {
                out.add(new String[] {
                    method.getKey().toUpperCase(), path.getKey().replaceAll("\\{[^}]+}", "1")
                });
            }
        }
        return out;
    }

    String jwt(String subject, Map<String, Object> claims) {
        return OIDC.issueToken("entra", subject, "stockroom", claims, 3600).serialize();
    }

    /** PATCH of a JSON body with a bearer token. */
    HttpResponse<String> patch(String path, String bearer, String json) {
        return send("PATCH", path, bearer, Map.of("body", json));
    }

    /** POST of a JSON body with a bearer token. */
    HttpResponse<String> post(String path, String bearer, String json) {
        return send("POST", path, bearer, Map.of("body", json));
    }

    HttpResponse<String> send(String method, String path, String bearer, Map<String, String> opts) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(path)).header("Accept", opts.getOrDefault("accept", "application/json"));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        String body = opts.get("body");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http(b);
    }

    HttpResponse<String> http(HttpRequest.Builder b) {
        return call(http, b);
    }

    static HttpResponse<String> call(HttpClient client, HttpRequest.Builder b) {
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String csrfFrom(HttpClient browser) {
        call(browser, HttpRequest.newBuilder(uri("/login")));
        return ((CookieManager) browser.cookieHandler().orElseThrow())
                .getCookieStore().getCookies().stream()
                        .filter(c -> c.getName().equals("XSRF-TOKEN"))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
    }

    HttpResponse<String> form(HttpClient browser, String path, String body) {
        return call(
                browser,
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    URI uri(String path) {
        return URI.create(url(path));
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    long sqlLong(String sql, Object... args) {
        return Sql.count(warehouse, sql, args);
    }

    String sqlString(String sql, Object... args) {
        return Sql.scalar(warehouse, String.class, sql, args);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
