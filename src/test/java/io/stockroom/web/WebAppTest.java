package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.ApiClient;
import io.stockroom.testdata.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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
        // every test class shares one client address; the limits themselves: security/RateLimitFilterTest and
        // AccessTest
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
            q.append(q.isEmpty() ? "?" : "&")
                    .append(params[i])
                    .append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return client().send(client().request(path + q)
                .header("Accept", accept)
                .GET()
                .build());
    }

    /** Any method with an optional JSON body, as the test admin. */
    HttpResponse<String> send(String method, String path, String json) {
        return client().send(method, path, json);
    }

    /** The signed-in API client of this application (the test admin). */
    ApiClient client() {
        return ApiClient.admin(port, tokens);
    }

    /** Skips the test while an endpoint the page reads is not on this branch yet. */
    void assumeApi(String path, String... params) {
        int status = get(path, params).statusCode();
        assumeTrue(
                status != 404 && status != 405,
                "The API " + path + " is not available on this branch yet (HTTP " + status + "); skipped.");
    }

    /** A number from the warehouse; SQL NULL reads as zero (a sum over no rows). */
    BigDecimal sqlNumber(String sql, Object... args) {
        BigDecimal v = Sql.scalar(warehouse, BigDecimal.class, sql, args);
        return v == null ? BigDecimal.ZERO : v;
    }

    long sqlLong(String sql, Object... args) {
        return Sql.count(warehouse, sql, args);
    }

    /** Changes rows of the shared chain (a test that does restores them in a finally); dates bind as SQL dates. */
    int sqlUpdate(String sql, Object... args) {
        return warehouse.inTransaction(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i] instanceof LocalDate d ? java.sql.Date.valueOf(d) : args[i]);
                }
                return p.executeUpdate();
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
