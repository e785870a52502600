package io.stockroom.api;

import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.model.ModelTiming;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test: times the marts and the dashboard endpoints on the demo chain's size (120 days x 12 stores x 1,500 SKUs)
 * with a real HTTP client. Run with {@code ./mvnw test -Dtest=DashboardBenchmark -Dstockroom.bench=true}.
 */
@EnabledIfSystemProperty(named = "stockroom.bench", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBenchmark {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final int DAYS = 120;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("stockroom-bench");
        registry.add("stockroom.data-dir", dir::toString);
        registry.add(
                "stockroom.security.rate-limit.per-ip-per-minute",
                () -> "0"); // a load test: measure the API, not the limiter
        registry.add("stockroom.security.rate-limit.per-principal-per-minute", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    io.stockroom.security.ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    @Autowired
    ModelRunner models;

    @Test
    void measure() throws Exception {
        RetailFixture fx = new RetailFixture(warehouse);
        long t0 = System.nanoTime();
        fx.execute("""
                INSERT INTO stores (store_id, name, area, region)
                SELECT 'S' || CAST(s AS VARCHAR), 'Store ' || CAST(s AS VARCHAR), 'Area ' || CAST(s % 3 AS VARCHAR), 'UK' FROM generate_series(1, 12) t(s)""");
        fx.execute("""
                INSERT INTO products (sku, name, department, category, unit_cost, unit_price)
                SELECT 'P' || CAST(p AS VARCHAR), 'Product ' || CAST(p AS VARCHAR), 'Dept ' || CAST(p % 8 AS VARCHAR),
                       'Cat ' || CAST(p % 60 AS VARCHAR), CAST(1 + p % 9 AS DECIMAL(14,4)), CAST(2 + p % 13 AS DECIMAL(14,4))
                FROM generate_series(1, 1500) t(p)""");
        fx.execute("""
                INSERT INTO sales
                SELECT 'S' || CAST(s AS VARCHAR), 'P' || CAST(p AS VARCHAR), CAST(? AS DATE) + CAST(d AS INTEGER), 'store',
                       1 + (s * 7 + p * 13 + d * 3) % 5, (1 + (s * 7 + p * 13 + d * 3) % 5) * (2 + p % 13), 0, 1 + (s + p + d) % 4,
                       FALSE, NULL
                FROM generate_series(1, 12) a(s), generate_series(1, 1500) b(p), range(0, ?) c(d)
                WHERE (s * 3 + p * 7 + d * 11) % 10 < 6""", START, DAYS);
        fx.execute("""
                INSERT INTO inventory
                SELECT 'S' || CAST(s AS VARCHAR), 'P' || CAST(p AS VARCHAR), CAST(? AS DATE) + CAST(d AS INTEGER),
                       (s * 13 + p * 29 + d * 11) % 60 - 2, (p + d) % 12, 0, NULL
                FROM generate_series(1, 12) a(s), generate_series(1, 1500) b(p), range(0, ?) c(d)""", START, DAYS);
        fx.execute("""
                INSERT INTO labour SELECT 'S' || CAST(s AS VARCHAR), CAST(? AS DATE) + CAST(d AS INTEGER), 300, 4500, NULL
                FROM generate_series(1, 12) a(s), range(0, ?) c(d)""", START, DAYS);
        System.out.printf(
                "seed: %d ms, sales rows %s, inventory rows %s%n",
                (System.nanoTime() - t0) / 1_000_000,
                fx.value("SELECT COUNT(*) FROM sales"),
                fx.value("SELECT COUNT(*) FROM inventory"));

        report("rebuildAll", models.rebuildAll());
        report("refresh(last day)", models.refresh(Set.of(START.plusDays(DAYS - 1))));
        report("refresh(a day 60 days back)", models.refresh(Set.of(START.plusDays(DAYS - 60))));

        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of(
                "/api/v1/stores",
                "/api/v1/metrics/kpi",
                "/api/v1/metrics/kpi?range=last_90_days&area=Area%201",
                "/api/v1/metrics/kpi?category=Cat%207",
                "/api/v1/metrics/trend?group_by=day&range=last_90_days",
                "/api/v1/metrics/trend?group_by=week&category=Cat%207",
                "/api/v1/metrics/top-products?limit=10",
                "/api/v1/metrics/top-products?limit=10&range=last_90_days&store=S3",
                "/api/v1/filters",
                "/api/v1/inventory/alerts",
                "/api/v1/inventory/cover-heatmap",
                "/api/v1/inventory/positions?store=S1",
                "/api/v1/quality")) {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long s = System.nanoTime();
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", io.stockroom.testdata.TestAccess.adminBearer(tokens))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new AssertionError(path + " -> " + r.statusCode() + " " + r.body());
                }
                if (i >= 10) {
                    micros.add((System.nanoTime() - s) / 1000);
                }
            }
            Collections.sort(micros);
            System.out.printf(
                    "GET %-70s p50 %6.1f ms  p95 %6.1f ms%n",
                    path,
                    micros.get(micros.size() / 2) / 1000.0,
                    micros.get((int) Math.ceil(micros.size() * 0.95) - 1) / 1000.0);
        }
    }

    private static void report(String what, ModelRunResult result) {
        System.out.printf("%s: %d ms%n", what, result.totalMillis());
        for (ModelTiming t : result.models()) {
            System.out.printf("  %-30s %8d rows %6d ms  [%s]%n", t.name(), t.rowsWritten(), t.millis(), t.scope());
        }
    }
}
