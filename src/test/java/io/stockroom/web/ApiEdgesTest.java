package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.TestAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's edges, over real HTTP: whatever refuses a request to {@code /api/**} (a security filter, the body-size
 * limit, the request firewall, Tomcat itself) answers with Stockroom's problem detail, and a browser client of an
 * allowed origin may preflight every method the API maps. Its own application: CORS open to one origin, a small body
 * limit and a low per-principal rate limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithItsOwnApplication
class ApiEdgesTest {

    static final Path DATA_DIR = WebAppTest.tempDir("stockroom-web-edges-");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ORIGIN = "https://bi.example.com";
    static final int PRINCIPAL_LIMIT = 20;

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) {
        r.add("stockroom.data-dir", DATA_DIR::toString);
        r.add("stockroom.admin-password", () -> WebAppTest.ADMIN_PASSWORD);
        r.add("stockroom.security.cors-origins", () -> ORIGIN);
        r.add("stockroom.api.max-body-size", () -> "4KB");
        r.add("stockroom.security.rate-limit.per-principal-per-minute", () -> String.valueOf(PRINCIPAL_LIMIT));
        r.add("stockroom.security.rate-limit.per-ip-per-minute", () -> "100000");
    }

    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * A browser client of an allowed origin asks before each cross-site call it makes with a method other than GET or
     * POST or with an Authorization header: every method of every operation in /api/docs is allowed to it. Before,
     * PUT (the expected-feeds rules) was refused its preflight, so a browser never sent it.
     */
    @Test
    void aBrowserClientOfAnAllowedOriginMayPreflightEveryOperation() {
        JsonNode doc = JSON.readTree(send(get("/api/docs/openapi.json").header("Authorization", admin()))
                .body());
        List<String> refused = new ArrayList<>();
        int asked = 0;
        for (var path : doc.get("paths").properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (var op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                String url = path.getKey().replaceAll("\\{[^}]+}", "1");
                HttpResponse<String> r = send(HttpRequest.newBuilder(uri(url))
                        .header("Origin", ORIGIN)
                        .header("Access-Control-Request-Method", method)
                        .header("Access-Control-Request-Headers", "authorization,content-type")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
                asked++;
                String allowed =
                        r.headers().firstValue("Access-Control-Allow-Methods").orElse("");
                if (r.statusCode() != 200
                        || !r.headers()
                                .firstValue("Access-Control-Allow-Origin")
                                .orElse("")
                                .equals(ORIGIN)
                        || !List.of(allowed.split(",")).contains(method)) {
                    refused.add(method + " " + url + ": " + r.statusCode() + " allows [" + allowed + "]");
                }
            }
        }
        assertThat(asked).isGreaterThan(50);
        assertThat(refused).as("preflights refused to %s", ORIGIN).isEmpty();

        // another origin is refused, in the API's own words
        HttpResponse<String> stranger = send(HttpRequest.newBuilder(uri("/api/v1/me"))
                .header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertProblem(stranger, 403, "FORBIDDEN");
        assertThat(detail(stranger)).contains("stockroom.security.cors-origins");
    }

    /** The problem detail every error answer of the API has (ApiExceptionHandler, ProblemResponses). */
    static void assertProblem(HttpResponse<String> r, int status, String code) {
        String what = r.request().method() + " " + r.request().uri().getRawPath();
        assertThat(r.statusCode()).as("%s: %s", what, r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .as("%s: %s", what, r.body())
                .startsWith("application/problem+json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).as(what).isEqualTo(status);
        assertThat(body.path("code").asString()).as("%s: %s", what, r.body()).isEqualTo(code);
        assertThat(body.path("type").asString()).as(what).startsWith("https://stockroom.dev/errors/");
        assertThat(body.path("title").asString()).as(what).isNotBlank();
        assertThat(body.path("detail").asString()).as(what).hasSizeGreaterThan(20);
        assertThat(body.has("timestamp") || body.has("error") || body.has("path"))
                .as("%s answers Spring's default error body: %s", what, r.body())
                .isFalse();
    }

    private static String detail(HttpResponse<String> r) {
        return JSON.readTree(r.body()).path("detail").asString();
    }

    private String admin() {
        return TestAccess.adminBearer(tokens);
    }

    private HttpClient signedInBrowser() {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> in = send(
                browser,
                HttpRequest.newBuilder(uri("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=admin&password=" + WebAppTest.ADMIN_PASSWORD + "&_csrf=" + csrf(browser))));
        assertThat(in.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return browser;
    }

    private String csrf(HttpClient browser) {
        send(browser, HttpRequest.newBuilder(uri("/login")));
        return ((CookieManager) browser.cookieHandler().orElseThrow())
                .getCookieStore().getCookies().stream()
                        .filter(c -> c.getName().equals("XSRF-TOKEN"))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Accept", "application/json");
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(http, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
