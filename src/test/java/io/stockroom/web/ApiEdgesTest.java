package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.security.ApiTokens;
import io.stockroom.security.Role;
import io.stockroom.testdata.TestAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    /**
     * Each filter a request passes before any controller refuses it with Stockroom's problem detail (type, title,
     * status, detail saying how to fix it, code), never Spring's {@code {"timestamp", "status", "error", "path"}} nor
     * Tomcat's HTML page.
     */
    @Test
    void whateverRefusesAnApiRequestAnswersWithStockroomsProblemDetail() {
        // authentication: none, a wrong API token, a wrong Basic password
        assertProblem(send(get("/api/v1/me")), 401, "UNAUTHENTICATED");
        assertProblem(
                send(get("/api/v1/me").header("Authorization", "Bearer sr_000000000000_wrong")),
                401,
                "UNAUTHENTICATED");
        assertProblem(
                send(get("/api/v1/me").header("Authorization", "Basic YWRtaW46d3Jvbmc=")), 401, "UNAUTHENTICATED");

        // CSRF: a session's write without its token
        HttpClient browser = signedInBrowser();
        HttpResponse<String> forged = send(
                browser,
                HttpRequest.newBuilder(uri("/api/v1/runs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertProblem(forged, 403, "FORBIDDEN");
        assertThat(detail(forged)).contains("X-XSRF-TOKEN");

        // the role: a read-only token writing
        String reader = "Bearer "
                + tokens.create("edges reader", EnumSet.of(Role.READ_ONLY), Set.of(), Set.of(), null, "test")
                        .token();
        assertProblem(
                send(post("/api/v1/runs", "{\"date\":\"2026-01-01\"}").header("Authorization", reader)),
                403,
                "FORBIDDEN");

        // the body-size limit: declared (Content-Length) and counted (chunked)
        String big = "{\"data_type\":\"stores\",\"data\":[" + "{\"store_id\":\"S\"},".repeat(400) + "{}]}";
        HttpResponse<String> declared = send(post("/api/v1/ingest/batch", big).header("Authorization", admin()));
        assertProblem(declared, 413, "REQUEST_TOO_LARGE");
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/api/v1/ingest/batch"))
                .header("Authorization", admin())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
        assertProblem(chunked, 413, "REQUEST_TOO_LARGE");

        // the request firewall: addresses it will not read
        for (String path : List.of(
                "/api/v1/stores;jsessionid=ABC", "/api/v1//stores", "/api/v1/%2e%2e/v1/stores", "/api/v1/stores%3B")) {
            HttpResponse<String> r = send(get(path).header("Authorization", admin()));
            assertProblem(r, 400, "BAD_PARAMETER");
        }

        // a method the server itself refuses before any controller
        assertProblem(
                send(HttpRequest.newBuilder(uri("/api/v1/me"))
                        .header("Authorization", admin())
                        .method("TRACE", HttpRequest.BodyPublishers.noBody())),
                405,
                "METHOD_NOT_ALLOWED");

        // the rate limit: one principal's allowance spent
        String busy = "Bearer "
                + tokens.create("edges busy", EnumSet.of(Role.READ_ONLY), Set.of(), Set.of(), null, "test")
                        .token();
        HttpResponse<String> limited = null;
        for (int i = 0; i < PRINCIPAL_LIMIT * 5 && limited == null; i++) {
            HttpResponse<String> r = send(get("/api/v1/me").header("Authorization", busy));
            if (r.statusCode() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("a 429 within %d calls", PRINCIPAL_LIMIT * 5).isNotNull();
        assertProblem(limited, 429, "RATE_LIMITED");
    }

    /**
     * An id with an encoded slash in a path ({@code /planogram/stores/S%2F01}) reached no controller: Tomcat answered
     * its HTML error page. Now a 400 problem detail that says what is wrong and what to send instead.
     */
    @Test
    void anEncodedSlashInAPathIsA400ThatSaysSo() {
        for (String path : List.of("/api/v1/planogram/stores/S%2F01", "/api/v1/datasets/sales%2f..%2fstores")) {
            HttpResponse<String> r = send(get(path).header("Authorization", admin()));
            assertProblem(r, 400, "BAD_PARAMETER");
            assertThat(detail(r)).as(path).contains("%2F").contains("slash");
        }
    }

    /**
     * Requests Tomcat refuses itself, before any of Stockroom sees them (a malformed percent escape, headers larger than
     * it reads), were answered with Tomcat's own HTML page naming its version. The API answers them with its problem
     * detail saying what is wrong; a page address with a short page of the app's own.
     */
    @Test
    void requestsTheServerRefusesBeforeReadingThemAreAnsweredInStockroomsWords() throws IOException {
        String[] malformed = raw("GET /api/v1/stores/S%zz HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + admin()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(malformed[0]).as(malformed[1]).contains(" 400");
        assertThat(malformed[1]).containsIgnoringCase("Content-Type: application/problem+json");
        JsonNode problem = JSON.readTree(malformed[2]);
        assertThat(problem.path("code").asString()).isEqualTo("BAD_PARAMETER");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("type").asString()).startsWith("https://stockroom.dev/errors/");
        assertThat(problem.path("detail").asString()).contains("%").containsIgnoringCase("encod");

        String[] page =
                raw("GET /stores/%zz HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
        assertThat(page[0]).contains(" 400");
        assertThat(page[1]).containsIgnoringCase("Content-Type: text/html");
        assertThat(page[2]).contains("Stockroom").containsIgnoringCase("encod").doesNotContain("Tomcat");

        String[] huge = raw("GET /api/v1/stores HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(huge[0]).as(huge[1]).contains(" 400");
        assertThat(huge[1]).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(JSON.readTree(huge[2]).path("detail").asString()).containsIgnoringCase("header");
    }

    /** Sends {@code request} as it is over a socket: status line, headers, body (java.net.http refuses such URIs). */
    private String[] raw(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // bytes as ISO-8859-1 so that chunk sizes count characters; the body is decoded as UTF-8 after
            String answer =
                    new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int headEnd = answer.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
            String body = headEnd < 0 ? "" : answer.substring(headEnd + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            body = new String(
                    body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    java.nio.charset.StandardCharsets.UTF_8);
            return new String[] {head.lines().findFirst().orElse(""), head, body};
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
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
