package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.TestAccess;
import io.stockroom.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts Stockroom on a random port over a small chain in a temporary data directory. Every web test
 * class shares this one application (the Spring context cache): keep the configuration here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestChain.class)
abstract class WebAppTest {

    static final Path DATA_DIR = tempDir("stockroom-web-");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Warehouse warehouse;

    @Autowired
    TestChain chain;

    @Autowired
    ApiTokens tokens;

    /** The first admin's password, so the browser tests sign in through the real login page. */
    static final String ADMIN_PASSWORD = "web-test-admin-password";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
        registry.add("stockroom.admin-password", () -> ADMIN_PASSWORD);
        // every test class shares one client address; the limit itself is tested in security/RateLimitTest
        registry.add("stockroom.security.rate-limit.per-ip-per-minute", () -> "100000");
        registry.add("stockroom.security.rate-limit.per-principal-per-minute", () -> "100000");
    }

    @BeforeEach
    void loadTheChain() {
        chain.ensureLoaded();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    // ------------------------------------------------------------------------------------ API and SQL

    JsonNode api(String path, String... params) {
        HttpResponse<String> r = get(path, params);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> get(String path, String... params) {
        return getAs("application/json", path, params);
    }

    HttpResponse<String> getAs(String accept, String path, String... params) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i + 1 < params.length; i += 2) {
            if (params[i + 1] == null) {
                continue;
            }
            q.append(q.isEmpty() ? "?" : "&").append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url(path + q))).header("Accept", accept)
                            .header("Authorization", TestAccess.adminBearer(tokens)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips the test while an endpoint the page reads is not on this branch yet. */
    void assumeApi(String path, String... params) {
        int status = get(path, params).statusCode();
        assumeTrue(status != 404 && status != 405, "The API " + path + " is not available on this branch yet (HTTP " + status + "); skipped.");
    }

    BigDecimal sqlNumber(String sql, Object... args) {
        return warehouse.withConnection(c -> {
            try (var s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    BigDecimal v = r.getBigDecimal(1);
                    return v == null ? BigDecimal.ZERO : v;
                }
            }
        });
    }

    long sqlLong(String sql) {
        return warehouse.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    static BigDecimal decimal(String s) {
        return s == null || s.isBlank() ? null : new BigDecimal(s);
    }

    // ------------------------------------------------------------------------------------ files

    static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }
}
