package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.model.ModelRunner;
import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.ApiClient;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An e-commerce retailer that loads only the UCI Online Retail orders file (no stores, no POS sales, no product
 * master) sees KPIs, a trend and top products, and they equal an independent SQL over the orders it loaded.
 */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineRetailApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DATA_DIR = tempDir();
    /**
     * Merchandise: not a postage, fee or adjustment code (unless a product is sold under it), and not a line at price 0
     * (a stock adjustment).
     */
    private static final String MERCHANDISE =
            "upper(sku) NOT IN (SELECT upper(code) FROM non_merchandise_codes WHERE code NOT IN (SELECT sku FROM products))"
                    + " AND (unit_price IS NULL OR unit_price <> 0)";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
        registry.add("stockroom.warehouse.memory-limit", () -> "1GB");
        registry.add("stockroom.metrics.currency", () -> "GBP");
        registry.add("stockroom.metrics.locale", () -> "en-GB");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    @Autowired
    IngestService ingest;

    @Autowired
    ModelRunner models;

    @Test
    void theCommittedSampleAloneGivesKpisChartsAndTopProducts() throws Exception {
        Path sample = Path.of(OnlineRetailApiTest.class
                .getResource("/real/online_retail_sample.csv")
                .toURI());
        load(sample);
        checkAgainstTheOrders();
        // no shipments feed was ever loaded: the pulse says so and how to send one, not that nothing was due yet
        for (String path : List.of("/api/v1/online/pulse", "/api/v1/online/fulfilment")) {
            JsonNode answer = get(path);
            JsonNode onTime = answer.has("fulfilment_on_time_pct")
                    ? answer.get("fulfilment_on_time_pct")
                    : answer.get("on_time_pct");
            assertThat(onTime.get("value").isNull()).as(path).isTrue();
            assertThat(onTime.get("unavailable").asString())
                    .as(path)
                    .contains("no shipments feed has been loaded")
                    .contains("stockroom ingest shipments.csv");
        }
    }

    @Test
    void theWholeUciFileWhenPresent() throws Exception {
        Path file = shared("online_retail/online_retail.csv.gz");
        load(file);
        checkAgainstTheOrders();
    }

    private void load(Path file) {
        FeedResult r = ingest.ingest(file, IngestRequest.of(file.getFileName().toString(), null, null, "cli"));
        assertThat(r.dataset()).isEqualTo("orders");
        assertThat(r.status()).isEqualTo(FeedStatus.TRANSFORMED);
        models.rebuildAll();
    }

    private void checkAgainstTheOrders() throws Exception {
        String from = sqlText("SELECT CAST(MIN(business_date) AS VARCHAR) FROM orders");
        String to = sqlText("SELECT CAST(MAX(business_date) AS VARCHAR) FROM orders");
        String range = "range=custom&from=" + from + "&to=" + to;
        BigDecimal net = sqlNumber("SELECT SUM(quantity * unit_price) FROM orders WHERE " + MERCHANDISE);
        BigDecimal baskets =
                sqlNumber("SELECT COUNT(DISTINCT order_id) FROM orders WHERE NOT is_cancellation AND " + MERCHANDISE);
        BigDecimal returns =
                sqlNumber("SELECT -SUM(quantity * unit_price) FROM orders WHERE is_cancellation AND " + MERCHANDISE);
        BigDecimal postage =
                sqlNumber("SELECT SUM(quantity * unit_price) FROM orders WHERE sku IN ('POST', 'DOT', 'C2')");

        JsonNode body = get("/api/v1/metrics/kpi?" + range);
        JsonNode k = body.get("kpis");
        assertThat(k.at("/net_sales/value").decimalValue())
                .isEqualByComparingTo(net.setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(k.at("/net_sales/formatted").asString()).startsWith(net.signum() < 0 ? "-£" : "£");
        assertThat(k.at("/transactions/value").decimalValue()).isEqualByComparingTo(baskets);
        assertThat(k.at("/aov/value").decimalValue())
                .isEqualByComparingTo(net.divide(baskets, 2, java.math.RoundingMode.HALF_UP));
        assertThat(k.at("/returns/value").decimalValue())
                .isEqualByComparingTo(returns.setScale(2, java.math.RoundingMode.HALF_UP));
        // no product costs in this file: margin says so instead of showing 0
        assertThat(k.at("/gross_margin_pct/value").isNull()).isTrue();
        assertThat(k.at("/gross_margin_pct/note").asString()).contains("unit cost");
        assertThat(body.get("currency").asString()).isEqualTo("GBP");

        JsonNode trend = get("/api/v1/metrics/trend?group_by=month&" + range).get("points");
        BigDecimal trendSum = BigDecimal.ZERO;
        for (JsonNode p : trend) {
            trendSum = trendSum.add(p.get("net_sales").decimalValue());
        }
        assertThat(trendSum).isEqualByComparingTo(net.setScale(2, java.math.RoundingMode.HALF_UP));
        JsonNode top = get("/api/v1/metrics/top-products?" + range).get("items");
        assertThat(top).isNotEmpty();
        assertThat(top.at("/0/name").asString())
                .isNotBlank(); // the orders' own description: there is no product master
        JsonNode split = get("/api/v1/metrics/channels?" + range);
        assertThat(split.at("/channels/0/channel").asString()).isEqualTo("online");
        if (postage.signum() != 0) {
            assertThat(split.get("non_merchandise").toString()).contains("postage");
        }
    }

    @AfterAll
    void removeDataDir() throws IOException {
        try (var files = Files.walk(DATA_DIR)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    static Path shared(String relative) {
        for (String root : new String[] {
            System.getProperty("stockroom.shared-data", "../shared/data/real"),
            "../../shared/data/real",
            "/work/shared/data/real"
        }) {
            Path p = Path.of(root).resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
        }
        assumeTrue(false, "../shared/data/real/" + relative + " is not present; skipping");
        return null;
    }

    private BigDecimal sqlNumber(String sql) {
        return warehouse.withConnection(c -> {
            try (var s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                r.next();
                BigDecimal v = r.getBigDecimal(1);
                return v == null ? BigDecimal.ZERO : v;
            }
        });
    }

    private String sqlText(String sql) {
        return warehouse.withConnection(c -> {
            try (var s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getString(1);
            }
        });
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("stockroom-online-retail");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode get(String path) {
        return ApiClient.admin(port, tokens).get(path);
    }
}
