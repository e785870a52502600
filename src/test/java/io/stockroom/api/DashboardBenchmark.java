package io.stockroom.api;

import io.stockroom.TestEngine;
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
 * Not a test: times the marts and the dashboard endpoints the pages call every morning on the demo chain's size (120
 * days x 12 stores x 1,500 SKUs) with a real HTTP client, on the engine the tests run on. Run with {@code ./mvnw test
 * -Dtest=DashboardBenchmark -Dstockroom.bench=true [-Dstockroom.test.engine=postgres] [-Dstockroom.bench.stores=100
 * -Dstockroom.bench.skus=5000 -Dstockroom.bench.days=120] [-Dstockroom.bench.endpoints=REGEX]
 * [-Dstockroom.bench.checks=recorded]}.
 *
 * <p>The facts are written straight into the tables, so by default no run has recorded the expected-feeds check of any
 * day and every call compares the last days of its range with the calendar live. A server's daily runs record each
 * day's check ({@code feed_arrivals}); {@code -Dstockroom.bench.checks=recorded} records them as those runs would (each
 * day checked once, in date order), so the calls see the state a running server's dashboards see.
 */
@EnabledIfSystemProperty(named = "stockroom.bench", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBenchmark {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final int STORES = Integer.getInteger("stockroom.bench.stores", 12);
    private static final int SKUS = Integer.getInteger("stockroom.bench.skus", 1500);
    private static final int DAYS = Integer.getInteger("stockroom.bench.days", 120);
    private static final boolean CHECKS_RECORDED =
            System.getProperty("stockroom.bench.checks", "none").equals("recorded");

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

    @Autowired
    io.stockroom.replenish.ReplenishmentService replenishment;

    @Autowired
    io.stockroom.arrivals.ExpectedArrivals arrivals;

    @Test
    void measure() throws Exception {
        System.out.printf(
                "dashboard bench on %s: %d stores x %d SKUs x %d days; load before: %s%n",
                TestEngine.postgres() ? "PostgreSQL (embedded)" : "DuckDB", STORES, SKUS, DAYS, loadAverage());
        RetailFixture fx = new RetailFixture(warehouse);
        long t0 = System.nanoTime();
        fx.execute("""
                INSERT INTO stores (store_id, name, area, region)
                SELECT 'S' || CAST(s AS VARCHAR), 'Store ' || CAST(s AS VARCHAR), 'Area ' || CAST(s % 3 AS VARCHAR), 'UK'
                FROM generate_series(1, ?) t(s)""", STORES);
        fx.execute("""
                INSERT INTO products (sku, name, department, category, unit_cost, unit_price)
                SELECT 'P' || CAST(p AS VARCHAR), 'Product ' || CAST(p AS VARCHAR), 'Dept ' || CAST(p % 8 AS VARCHAR),
                       'Cat ' || CAST(p % 60 AS VARCHAR), CAST(1 + p % 9 AS DECIMAL(14,4)), CAST(2 + p % 13 AS DECIMAL(14,4))
                FROM generate_series(1, ?) t(p)""", SKUS);
        // one statement per day: a chain's size in one INSERT outgrows DuckDB's memory limit and PostgreSQL's work_mem
        for (int d = 0; d < DAYS; d++) {
            fx.execute("""
                    INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, discount,
                                       transactions, is_return, load_seq)
                    SELECT 'S' || CAST(s AS VARCHAR), 'P' || CAST(p AS VARCHAR), CAST(? AS DATE) + ?, 'store',
                           1 + (s * 7 + p * 13 + ? * 3) % 5, (1 + (s * 7 + p * 13 + ? * 3) % 5) * (2 + p % 13), 0,
                           1 + (s + p + ?) % 4, FALSE, NULL
                    FROM generate_series(1, ?) a(s), generate_series(1, ?) b(p)
                    WHERE (s * 3 + p * 7 + ? * 11) % 10 < 6""", START, d, d, d, d, STORES, SKUS, d);
            fx.execute("""
                    INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved, load_seq)
                    SELECT 'S' || CAST(s AS VARCHAR), 'P' || CAST(p AS VARCHAR), CAST(? AS DATE) + ?,
                           (s * 13 + p * 29 + ? * 11) % 60 - 2, (p + ?) % 12, 0, NULL
                    FROM generate_series(1, ?) a(s), generate_series(1, ?) b(p)""", START, d, d, d, STORES, SKUS);
        }
        fx.execute("""
                INSERT INTO labour (store_id, business_date, hours, labour_cost, load_seq)
                SELECT 'S' || CAST(s AS VARCHAR), CAST(? AS DATE) + CAST(d AS INTEGER), 300, 4500, NULL
                FROM generate_series(1, ?) a(s), generate_series(0, ?) c(d)""", START, STORES, DAYS - 1);
        // the web shop: 40 orders a day per store's worth of SKUs / 100, two lines each, a customer per 5 orders
        fx.execute("""
                INSERT INTO orders (order_id, ordered_at, business_date, customer_id, store_id, channel, sku, description,
                                    quantity, unit_price, country, is_cancellation, load_seq, line_number)
                SELECT 'O' || CAST(d AS VARCHAR) || '-' || CAST(o AS VARCHAR),
                       CAST(CAST(? AS DATE) + CAST(d AS INTEGER) AS TIMESTAMP), CAST(? AS DATE) + CAST(d AS INTEGER),
                       'C' || CAST((o * 7 + d) % (? * 8) AS VARCHAR), NULL, 'web',
                       'P' || CAST(1 + (o * 31 + l * 17 + d) % ? AS VARCHAR), NULL, 1 + (o + l) % 3,
                       CAST(2 + (o * 31 + l * 17 + d) % 13 AS DECIMAL(14,4)), 'United Kingdom', (o + d) % 50 = 0, NULL, l
                FROM generate_series(0, ?) c(d), generate_series(1, ?) a(o), generate_series(1, 2) b(l)""", START, START, STORES * 40, SKUS, DAYS - 1, STORES * 40);
        System.out.printf(
                "seed: %d ms, sales rows %s, inventory rows %s, order lines %s%n",
                (System.nanoTime() - t0) / 1_000_000,
                fx.value("SELECT COUNT(*) FROM sales"),
                fx.value("SELECT COUNT(*) FROM inventory"),
                fx.value("SELECT COUNT(*) FROM orders"));

        report("rebuildAll", models.rebuildAll());
        report("refresh(last day)", models.refresh(Set.of(START.plusDays(DAYS - 1))));
        report("refresh(a day 60 days back)", models.refresh(Set.of(START.plusDays(DAYS - 60))));

        if (CHECKS_RECORDED) {
            // what each day's run does after loading the day: check it against the calendar and record the outcome
            long c0 = System.nanoTime();
            for (int d = 0; d < DAYS; d++) {
                arrivals.check(START.plusDays(d), "bench-run-" + START.plusDays(d));
            }
            System.out.printf(
                    "checks of %d days recorded (as daily runs record them): %d ms, %s rows in feed_arrivals%n",
                    DAYS, (System.nanoTime() - c0) / 1_000_000, fx.value("SELECT COUNT(*) FROM feed_arrivals"));
        } else {
            System.out.println("no day's check recorded (-Dstockroom.bench.checks=recorded records them)");
        }

        String endpoints = System.getProperty("stockroom.bench.endpoints", ".*");
        // the Reorder page's calls read the replenishment run's output: run it only when they are timed
        if (("/api/v1/purchase-orders?date=" + START.plusDays(DAYS - 1)).matches(endpoints)
                || "/api/v1/replenishment/recommendations?queue=review&limit=50&offset=0".matches(endpoints)) {
            long r0 = System.nanoTime();
            replenishment.run(START.plusDays(DAYS - 1), java.util.Optional.empty());
            System.out.printf("replenishment run of the last day: %d ms%n", (System.nanoTime() - r0) / 1_000_000);
        } else {
            System.out.println("no replenishment run: the Reorder calls are not timed");
        }

        String last = START.plusDays(DAYS - 1).toString();
        String twoWeeks = START.plusDays(DAYS - 14).toString();
        HttpClient http = HttpClient.newHttpClient();
        System.out.printf("endpoints (load before: %s)%n", loadAverage());
        for (String path : List.of(
                // every page
                "/api/v1/filters",
                "/api/v1/stores",
                // Overview (area manager, buyer): its defaults, then an area, a category, a year back
                "/api/v1/metrics/kpi",
                "/api/v1/metrics/kpi?range=last_30_days&compare=previous_period",
                "/api/v1/metrics/trend?range=last_30_days&compare=previous_period&group_by=day",
                "/api/v1/metrics/top-products?range=last_30_days&compare=previous_period&limit=10&order_by=net_sales",
                "/api/v1/metrics/kpi?range=last_90_days&area=Area%201",
                "/api/v1/metrics/kpi?category=Cat%207",
                "/api/v1/metrics/kpi?range=last_30_days&compare=last_year",
                "/api/v1/metrics/trend?group_by=day&range=last_90_days",
                "/api/v1/metrics/trend?group_by=week&category=Cat%207",
                "/api/v1/metrics/top-products?limit=10",
                "/api/v1/metrics/top-products?limit=10&range=last_90_days&store=S3",
                "/api/v1/metrics/channels",
                "/api/v1/metrics/channels?range=last_90_days&area=Area%201",
                // Stores (store GM): yesterday against the same day last week, 14 days, the day's alerts
                "/api/v1/metrics/kpi?range=custom&from=" + last + "&to=" + last + "&store=S1&compare=last_week",
                "/api/v1/metrics/trend?range=custom&from=" + twoWeeks + "&to=" + last
                        + "&store=S1&compare=last_week&group_by=day",
                "/api/v1/inventory/alerts?date=" + last + "&store=S1&limit=15",
                // Inventory (GM, area manager)
                "/api/v1/inventory/alerts",
                "/api/v1/inventory/alerts?limit=50&offset=0&area=Area%201",
                "/api/v1/inventory/cover-heatmap",
                "/api/v1/inventory/cover-heatmap?date=" + last + "&area=Area%201",
                "/api/v1/inventory/positions?store=S1",
                "/api/v1/inventory/positions?date=" + last + "&store=S1&category=Cat%207&limit=200",
                // Reorder (buyer)
                "/api/v1/purchase-orders?date=" + last,
                "/api/v1/replenishment/recommendations?queue=review&limit=50&offset=0",
                // Online and Customers (e-commerce)
                "/api/v1/online/pulse",
                "/api/v1/online/anomalies",
                "/api/v1/online/fulfilment",
                "/api/v1/online/service",
                "/api/v1/online/growth",
                "/api/v1/online/seasonality",
                "/api/v1/online/suppliers",
                "/api/v1/online/customers",
                "/api/v1/online/cohorts",
                // Quality
                "/api/v1/quality")) {
            if (!path.matches(System.getProperty("stockroom.bench.endpoints", ".*"))) {
                continue; // -Dstockroom.bench.endpoints=REGEX: only the paths it matches
            }
            // up to 10 warm-up calls (fewer when they take over 3 s), then up to 50 timed ones: fewer when they take
            // over 10 s, 5 at least (1 when a call takes over 10 s), so that a size that makes a call slow still ends
            long warmFrom = System.nanoTime();
            for (int i = 0; i < 10 && System.nanoTime() - warmFrom < 3_000_000_000L; i++) {
                call(http, path);
            }
            int least = System.nanoTime() - warmFrom > 10_000_000_000L ? 1 : 5;
            List<Long> micros = new ArrayList<>();
            long timedFrom = System.nanoTime();
            while (micros.size() < 50 && (micros.size() < least || System.nanoTime() - timedFrom < 10_000_000_000L)) {
                long s = System.nanoTime();
                call(http, path);
                micros.add((System.nanoTime() - s) / 1000);
            }
            Collections.sort(micros);
            System.out.printf(
                    "GET %-100s p50 %7.1f ms  p95 %7.1f ms  (n=%d)%n",
                    path,
                    micros.get(micros.size() / 2) / 1000.0,
                    micros.get((int) Math.ceil(micros.size() * 0.95) - 1) / 1000.0,
                    micros.size());
        }
        System.out.printf("load after: %s%n", loadAverage());
    }

    private void call(HttpClient http, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", io.stockroom.testdata.TestAccess.adminBearer(tokens))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private static String loadAverage() throws IOException {
        Path avg = Path.of("/proc/loadavg");
        return Files.exists(avg) ? Files.readString(avg).strip() : "unknown";
    }

    private static void report(String what, ModelRunResult result) {
        System.out.printf("%s: %d ms%n", what, result.totalMillis());
        for (ModelTiming t : result.models()) {
            System.out.printf("  %-30s %8d rows %6d ms  [%s]%n", t.name(), t.rowsWritten(), t.millis(), t.scope());
        }
    }
}
