package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.testdata.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Behind a TLS reverse proxy (STOCKROOM_FORWARD_HEADERS=native, docs/security.md): the session cookie is Secure when
 * the proxy says the browser came over HTTPS, and the audit log names the browser's address, not the proxy's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BehindTlsProxyTest {

    static final String PASSWORD = "behind-the-proxy-pw";

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) throws IOException {
        Path dir = Files.createTempDirectory("stockroom-proxy-");
        r.add("stockroom.data-dir", dir::toString);
        r.add("stockroom.admin-password", () -> PASSWORD);
        r.add("server.forward-headers-strategy", () -> "native");
    }

    @LocalServerPort
    int port;

    @Autowired
    Warehouse warehouse;

    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void overHttpsTheSessionCookieIsSecureAndTheAuditNamesTheBrowser() {
        HttpResponse<String> viaTls = signIn(true);
        assertThat(viaTls.statusCode()).isEqualTo(302);
        assertThat(viaTls.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        assertThat(cookie(viaTls, "JSESSIONID"))
                .contains("Secure")
                .contains("HttpOnly")
                .contains("SameSite=Lax");
        assertThat(
                        Sql.count(
                                warehouse,
                                "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND actor = 'admin' AND client_ip = '203.0.113.7'"))
                .isEqualTo(1);

        HttpResponse<String> plain = signIn(false);
        assertThat(plain.statusCode()).isEqualTo(302);
        assertThat(cookie(plain, "JSESSIONID"))
                .as("plain HTTP cannot carry a Secure cookie")
                .doesNotContain("Secure");
    }

    /** Signs in through the login form the way a browser behind the proxy would. */
    HttpResponse<String> signIn(boolean tls) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/login")), tls);
        String xsrf = cookie(page, "XSRF-TOKEN");
        String token = xsrf.substring("XSRF-TOKEN=".length(), xsrf.indexOf(';'));
        String session = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .map(c -> "; " + c.substring(0, c.indexOf(';')))
                .orElse("");
        return send(
                HttpRequest.newBuilder(uri("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", "XSRF-TOKEN=" + token + session)
                        .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + token)),
                tls);
    }

    HttpResponse<String> send(HttpRequest.Builder b, boolean tls) {
        if (tls) {
            b.header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.7");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String cookie(HttpResponse<String> r, String name) {
        List<String> all = r.headers().allValues("Set-Cookie");
        return all.stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + all));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
