package io.stockroom.api;

import static io.stockroom.testdata.RetailFixture.aFeed;
import static io.stockroom.testdata.RetailFixture.aLabourDay;
import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aQuarantinedRow;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aSnapshot;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.model.ModelRunner;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard endpoints over HTTP: their JSON shapes, the numbers in them, and a 400 for every bad parameter. */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiTest {

    /** The latest business date with sales; a Monday. */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Created here rather than with @TempDir: Spring reads it before JUnit would inject one. */
    private static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
        registry.add("stockroom.warehouse.memory-limit", () -> "1GB");
    }

    @LocalServerPort
    int port;

    @Autowired
    io.stockroom.security.ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

    @Autowired
    ModelRunner models;

    @BeforeAll
    void seed() {
        RetailFixture fx = new RetailFixture(warehouse);
        fx.add(
                aStore("S1").named("High Street").inArea("North").inRegion("UK"),
                aStore("S2").named("Harbour").inArea("South"),
                aProduct("A").named("Crisps").in("Food", "Snacks").cost(1.00),
                aProduct("B").named("Cola").in("Food", "Drinks").cost(2.50));
        List<RetailFixture.Row> rows = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            LocalDate day = D.minusDays(i);
            boolean thisWeek = i < 7;
            rows.add(aSale().atStore("S1")
                    .forSku("A")
                    .on(day)
                    .units(2)
                    .value(10.00)
                    .transactions(2));
            rows.add(aSale().atStore("S1")
                    .forSku("B")
                    .on(day)
                    .units(1)
                    .value(5.00)
                    .transactions(1));
            rows.add(aSale().atStore("S2")
                    .storeLevel()
                    .on(day)
                    .value(thisWeek ? 100.00 : 80.00)
                    .transactions(10));
            rows.add(aLabourDay().atStore("S1").on(day).hours(5).cost(10.00));
        }
        rows.add(aSnapshot().atStore("S1").forSku("A").on(D).onHand(0));
        rows.add(aSnapshot().atStore("S1").forSku("B").on(D).onHand(2));
        rows.add(aFeed("F-sales").dataset("sales").on(D).loaded(42).quarantined(2));
        rows.add(aQuarantinedRow()
                .feed("F-sales")
                .line(3)
                .raw("{\"store_id\":\"=HYPERLINK(\\\"http://x\\\")\",\"units_sold\":\"-5\"}")
                .reason("NOT_A_NUMBER", "units_sold", "'-5x' is not a number"));
        rows.add(aQuarantinedRow()
                .feed("F-sales")
                .line(7)
                .raw("{\"store_id\":\"S1\",\"units_sold\":\"@SUM(A1)\"}")
                .reason("UNKNOWN_SKU", "sku", "ZZ is not a product")
                .reason("NOT_A_NUMBER", "units_sold", "not a number"));
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        models.rebuildAll();
    }

    @Test
    void kpisCompareTheLastSevenDaysWithTheSevenBefore() throws Exception {
        JsonNode body = get("/api/v1/metrics/kpi?range=last_7_days");
        assertThat(body.at("/range/from").asString()).isEqualTo(D.minusDays(6).toString());
        assertThat(body.at("/range/to").asString()).isEqualTo(D.toString());
        assertThat(body.at("/comparison/from").asString())
                .isEqualTo(D.minusDays(13).toString());
        assertThat(body.at("/comparison/to").asString())
                .isEqualTo(D.minusDays(7).toString());
        JsonNode k = body.get("kpis");
        // 7 x (10 + 5 + 100) = 805 now, 7 x (10 + 5 + 80) = 665 before
        assertThat(k.at("/net_sales/value").decimalValue()).isEqualByComparingTo("805.00");
        assertThat(k.at("/net_sales/previous").decimalValue()).isEqualByComparingTo("665.00");
        assertThat(k.at("/net_sales/change_pct").decimalValue()).isEqualByComparingTo("21.1");
        // baskets only where the POS counts them per store-day (S2: 7 x 10); S1's per-item counts are not baskets
        assertThat(k.at("/transactions/value").decimalValue()).isEqualByComparingTo("70");
        assertThat(k.at("/aov/value").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(k.at("/aov/coverage_pct").decimalValue()).isEqualByComparingTo("86.96"); // 700 of 805
        // margin only where costs are known: S1's 105.00 of sales carry 73.50 margin
        assertThat(k.at("/gross_margin/value").decimalValue()).isEqualByComparingTo("73.50");
        assertThat(k.at("/gross_margin_pct/value").decimalValue()).isEqualByComparingTo("70.00");
        assertThat(k.at("/sales_per_labour_hour/value").decimalValue()).isEqualByComparingTo("3.00");
        assertThat(k.at("/labour_pct_of_sales/value").decimalValue()).isEqualByComparingTo("66.67");
        assertThat(k.at("/returns/value").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(k.propertyNames())
                .containsExactlyInAnyOrder(
                        "net_sales",
                        "units",
                        "transactions",
                        "aov",
                        "gross_margin",
                        "gross_margin_pct",
                        "sales_per_labour_hour",
                        "labour_pct_of_sales",
                        "returns",
                        "comp_sales",
                        "labour_hours",
                        "labour_cost");
        assertThat(body.at("/comparison_check/complete").asBoolean()).isTrue();
    }

    @Test
    void aCategoryFilterReadsSkuSalesAndLeavesStoreFiguresNull() throws Exception {
        JsonNode k = get("/api/v1/metrics/kpi?range=custom&from=" + D.minusDays(6) + "&to=" + D
                        + "&store=S1&category=Snacks")
                .get("kpis");
        assertThat(k.at("/net_sales/value").decimalValue()).isEqualByComparingTo("70.00");
        assertThat(k.at("/units/value").decimalValue()).isEqualByComparingTo("14");
        assertThat(k.at("/transactions/value").isNull()).isTrue();
        assertThat(k.at("/aov/value").isNull()).isTrue();
        assertThat(k.at("/labour_pct_of_sales").has("value")).isTrue();
        assertThat(k.at("/labour_pct_of_sales/value").isNull()).isTrue();
    }

    @Test
    void theTrendGroupsByWeekAndLinesUpLastWeek() throws Exception {
        JsonNode body = get("/api/v1/metrics/trend?group_by=week&range=custom&from=" + D.minusDays(6) + "&to=" + D
                + "&compare=last_week");
        assertThat(body.get("group_by").asString()).isEqualTo("week");
        assertThat(body.get("points")).hasSize(2); // Tue 3 March .. Mon 9 March spans two ISO weeks
        JsonNode first = body.get("points").get(0);
        assertThat(first.get("period").asString()).isEqualTo("2026-03-02");
        assertThat(first.get("net_sales").decimalValue()).isEqualByComparingTo("690.00");
        assertThat(first.get("previous_net_sales").decimalValue()).isEqualByComparingTo("570.00");
        // the range cuts both weeks short: each point says how many of its days it sums, so the 1-day Monday is not
        // read as a week whose sales collapsed
        assertThat(first.get("days").asInt()).isEqualTo(6);
        assertThat(first.get("period_days").asInt()).isEqualTo(7);
        assertThat(body.get("points").get(1).get("days").asInt()).isEqualTo(1);
        assertThat(first.propertyNames())
                .containsExactlyInAnyOrder(
                        "period",
                        "label",
                        "days",
                        "period_days",
                        "days_with_sales",
                        "days_not_expected",
                        "store_days_missing",
                        "complete",
                        "net_sales",
                        "units",
                        "transactions",
                        "gross_margin",
                        "previous_net_sales",
                        "previous_days_with_sales",
                        "previous_days_not_expected",
                        "previous_store_days_missing",
                        "previous_complete");
    }

    @Test
    void aMonthTrendSaysHowManyDaysOfEachMonthItSums() throws Exception {
        // 14 days up to Mon 9 March: 24-28 February (5 of 28 days) and 1-9 March (9 of 31)
        JsonNode points = get("/api/v1/metrics/trend?group_by=month&range=custom&from=" + D.minusDays(13) + "&to=" + D)
                .get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).get("days").asInt()).isEqualTo(5);
        assertThat(points.get(0).get("period_days").asInt()).isEqualTo(28);
        assertThat(points.get(1).get("days").asInt()).isEqualTo(9);
        assertThat(points.get(1).get("period_days").asInt()).isEqualTo(31);
    }

    @Test
    void aStoreWithoutItemDetailHasNoMarginRatherThanZero() throws Exception {
        JsonNode point = get("/api/v1/metrics/trend?store=S2&range=last_7_days")
                .get("points")
                .get(0);
        assertThat(point.get("net_sales").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(point.get("transactions").decimalValue()).isEqualByComparingTo("10");
        assertThat(point.get("gross_margin").isNull()).isTrue();
    }

    @Test
    void topProductsRankByTheChosenMeasure() throws Exception {
        JsonNode items = get("/api/v1/metrics/top-products?limit=1&order_by=gross_margin&range=last_7_days")
                .get("items");
        assertThat(items).hasSize(1);
        JsonNode top = items.get(0);
        assertThat(top.get("sku").asString()).isEqualTo("A");
        assertThat(top.get("name").asString()).isEqualTo("Crisps");
        assertThat(top.get("category").asString()).isEqualTo("Snacks");
        assertThat(top.get("units").decimalValue()).isEqualByComparingTo("14");
        assertThat(top.get("net_sales").decimalValue()).isEqualByComparingTo("70.00");
        assertThat(top.get("gross_margin").decimalValue()).isEqualByComparingTo("56.00");
        assertThat(top.get("gross_margin_pct").decimalValue()).isEqualByComparingTo("80.00");
    }

    @Test
    void storesAndFiltersListWhatCanBeChosen() throws Exception {
        JsonNode stores = get("/api/v1/stores");
        assertThat(stores).hasSize(2);
        assertThat(stores.get(0).get("store_id").asString()).isEqualTo("S1");
        assertThat(stores.get(0).get("region").asString()).isEqualTo("UK");
        JsonNode filters = get("/api/v1/filters");
        assertThat(filters.get("areas").toString()).isEqualTo("[\"North\",\"South\"]");
        assertThat(filters.get("departments").toString()).isEqualTo("[\"Food\"]");
        assertThat(filters.get("categories").get(0).toString())
                .isEqualTo("{\"department\":\"Food\",\"category\":\"Drinks\"}");
        assertThat(filters.at("/stores/1/name").asString()).isEqualTo("Harbour");
        assertThat(filters.at("/date_range/min").asString())
                .isEqualTo(D.minusDays(13).toString());
        assertThat(filters.at("/date_range/max").asString()).isEqualTo(D.toString());
    }

    @Test
    void inventoryAlertsHeatmapAndPositions() throws Exception {
        JsonNode alerts = get("/api/v1/inventory/alerts");
        assertThat(alerts.get("date").asString()).isEqualTo(D.toString());
        assertThat(alerts.get("total").asLong()).isEqualTo(2);
        assertThat(alerts.at("/counts/critical").asLong()).isEqualTo(1);
        JsonNode first = alerts.get("items").get(0);
        assertThat(first.get("sku").asString()).isEqualTo("A");
        assertThat(first.get("alert_type").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(first.get("severity").asString()).isEqualTo("critical");
        assertThat(first.get("avg_daily_sales").decimalValue()).isEqualByComparingTo("1.0");
        assertThat(first.propertyNames())
                .containsExactlyInAnyOrder(
                        "store_id",
                        "sku",
                        "name",
                        "category",
                        "alert_type",
                        "severity",
                        "on_hand",
                        "avg_daily_sales",
                        "days_of_cover",
                        "money_at_risk",
                        "cause",
                        "status",
                        "until",
                        "sales_days_missing",
                        "note");
        assertThat(first.get("cause").asString()).isEqualTo("no_order_placed");
        assertThat(get("/api/v1/inventory/alerts?severity=critical&type=out_of_stock")
                        .get("total")
                        .asLong())
                .isEqualTo(1);

        JsonNode heatmap = get("/api/v1/inventory/cover-heatmap?area=North");
        assertThat(heatmap.get("stores").toString()).isEqualTo("[\"S1\"]");
        assertThat(heatmap.get("categories").toString()).isEqualTo("[\"Drinks\",\"Snacks\"]");
        assertThat(heatmap.at("/cells/1/stock_out_share").decimalValue()).isEqualByComparingTo("1");
        assertThat(heatmap.at("/cells/0/days_of_cover").decimalValue()).isEqualByComparingTo("4.0");

        JsonNode positions = get("/api/v1/inventory/positions?store=S1&limit=5");
        assertThat(positions.get("total").asLong()).isEqualTo(2);
        assertThat(positions.at("/items/0/sku").asString()).isEqualTo("A");
        assertThat(positions.at("/items/0/stock_out").asBoolean()).isTrue();
        assertThat(positions.at("/items/1/days_of_cover").decimalValue()).isEqualByComparingTo("4.0");

        // one SKU: a buyer looks it up without paging through the store's list
        JsonNode oneSku = get("/api/v1/inventory/positions?store=S1&sku=B");
        assertThat(oneSku.get("total").asLong()).isEqualTo(1);
        assertThat(oneSku.at("/items/0/sku").asString()).isEqualTo("B");
        assertThat(get("/api/v1/inventory/positions?sku=NOPE").get("total").asLong())
                .isZero();
    }

    /**
     * On a Trino deployment (docs/scale.md) the quality API lists the dates whose loaded rows are not in the lake yet; with
     * no lake it lists none.
     */
    @Test
    void qualityListsTheDatesTheLakeIsNotYetUpdatedFor() throws Exception {
        assertThat(get("/api/v1/quality").get("lake_not_yet_updated").toString())
                .isEqualTo("[]");
        String feed = "INSERT INTO feeds (feed_id, dataset, status, source, original_name, min_date, max_date, "
                + "created_at, updated_at) VALUES ('F-late', 'sales', 'transformed', 'upload', 'sales.csv', DATE '"
                + D.minusDays(2) + "', DATE '" + D.minusDays(1) + "', TIMESTAMP '2026-02-01 10:00:00', "
                + "TIMESTAMP '2026-02-01 10:00:00')";
        String published = "INSERT INTO lake_commits (table_name, business_date, snapshot_id, row_count, feed_ids, "
                + "committed_at) VALUES ('sales', DATE '" + D + "', 1, 3, 'F-sales', TIMESTAMP '2026-02-01 09:00:00')";
        sql(feed, published);
        try {
            JsonNode lags = get("/api/v1/quality").get("lake_not_yet_updated");
            assertThat(lags).hasSize(1);
            assertThat(lags.at("/0/dataset").asString()).isEqualTo("sales");
            assertThat(lags.at("/0/dates").toString())
                    .isEqualTo("[\"" + D.minusDays(2) + "\",\"" + D.minusDays(1) + "\"]");
        } finally {
            sql("DELETE FROM feeds WHERE feed_id = 'F-late'", "DELETE FROM lake_commits");
        }
    }

    private void sql(String... statements) {
        warehouse.inTransaction(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
            return null;
        });
    }

    @Test
    void qualityShowsFreshnessScoreAndReasons() throws Exception {
        JsonNode q = get("/api/v1/quality");
        assertThat(q.at("/datasets/0/dataset").asString()).isEqualTo("inventory");
        JsonNode sales = q.get("datasets").get(2);
        assertThat(sales.get("dataset").asString()).isEqualTo("sales");
        assertThat(sales.get("last_good_feed_id").asString()).isEqualTo("F-sales");
        assertThat(sales.get("missing_store_days").asLong()).isZero();
        assertThat(q.at("/score_trend/0/score").decimalValue()).isEqualByComparingTo("0.9545");
        assertThat(q.at("/quarantine_by_reason/0/code").asString()).isEqualTo("NOT_A_NUMBER");
        assertThat(q.at("/quarantine_by_reason/0/rows").asLong()).isEqualTo(2);
        assertThat(q.get("freshness")).hasSize(4); // sales S1, S2; inventory S1; labour S1
        assertThat(q.at("/freshness/0").propertyNames())
                .containsExactlyInAnyOrder("dataset", "store_id", "last_business_date", "days_stale");
    }

    /**
     * A shipments file received today holds rows dated by their promised delivery, days ahead. Those days have not
     * happened: the score trend ends today, so its latest point (the page's "Latest … · date") is not a future day.
     */
    @Test
    void theScoreTrendHasNoDayAfterToday() throws Exception {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        LocalDate promised = today.plusDays(6);
        new RetailFixture(warehouse)
                .add(aFeed("F-shipments").dataset("shipments").on(D).loaded(3));
        sql(
                "INSERT INTO feed_days (feed_id, business_date, records_loaded, records_quarantined) VALUES ('F-shipments', DATE '"
                        + D + "', 1, 0), ('F-shipments', DATE '" + promised + "', 2, 0)");
        try {
            models.rebuildAll();
            JsonNode trend = get("/api/v1/quality").get("score_trend");
            List<LocalDate> dates = new ArrayList<>();
            trend.forEach(p -> dates.add(LocalDate.parse(p.get("date").asString())));
            assertThat(dates).contains(D).allSatisfy(d -> assertThat(d).isBeforeOrEqualTo(today.plusDays(1)));
        } finally {
            sql(
                    "DELETE FROM feed_days WHERE feed_id = 'F-shipments'",
                    "DELETE FROM feeds WHERE feed_id = 'F-shipments'");
            models.rebuildAll();
        }
    }

    /**
     * Days past their deadline on which no run happened: the SLA watch recorded their check (feed_arrivals: sales and
     * inventory expected, neither arrived). The score trend reads that check, so those days score 0 with 2 of 2 feeds
     * not arrived, as the SLA alerts say, instead of being left out or read as 100%; no model ran since.
     */
    @Test
    void aDayWhoseExpectedFeedsNeverArrivedScoresZeroWithoutARun() throws Exception {
        LocalDate day = D.plusDays(20);
        sql("INSERT INTO feed_arrivals (business_date, dataset, store_id, status, why_expected, checked_at) VALUES "
                + "(DATE '" + day + "', 'sales', '*', 'missing', 'daily', CURRENT_TIMESTAMP), "
                + "(DATE '" + day + "', 'inventory', '*', 'missing', 'daily', CURRENT_TIMESTAMP)");
        try {
            JsonNode point = null;
            for (JsonNode p : get("/api/v1/quality").get("score_trend")) {
                if (p.get("date").asString().equals(day.toString())) {
                    point = p;
                }
            }
            assertThat(point).as("the day is in the trend").isNotNull();
            assertThat(point.get("score").decimalValue()).isEqualByComparingTo("0");
            assertThat(point.get("feeds_expected").asLong()).isEqualTo(2);
            assertThat(point.get("feeds_not_arrived").asLong()).isEqualTo(2);
        } finally {
            sql("DELETE FROM feed_arrivals WHERE business_date = DATE '" + day + "'");
        }
    }

    @Test
    void quarantineListsRowsWithRawValuesAndReasons() throws Exception {
        JsonNode page = get("/api/v1/quarantine?feed_id=F-sales&reason=unknown_sku");
        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode row = page.get("items").get(0);
        assertThat(row.get("source_line").asLong()).isEqualTo(7);
        assertThat(row.at("/raw_values/units_sold").asString()).isEqualTo("@SUM(A1)");
        assertThat(row.at("/reasons/0/code").asString()).isEqualTo("UNKNOWN_SKU");
        assertThat(row.at("/reasons/1/column").asString()).isEqualTo("units_sold");
        assertThat(get("/api/v1/quarantine?limit=1&offset=1").get("items")).hasSize(1);
    }

    @Test
    void theQuarantineCsvDefusesFormulas() throws Exception {
        HttpResponse<String> r = send("/api/v1/quarantine.csv?feed_id=F-sales");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("content-disposition").orElse("")).contains("quarantine.csv");
        String[] lines = r.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("feed_id,dataset,source_line,reason_codes,reason_messages,store_id,units_sold");
        assertThat(r.body())
                .contains("\"'=HYPERLINK(\"\"http://x\"\")\"")
                .contains(",'@SUM(A1)")
                .doesNotContain(",=HYPERLINK");
        // a plain negative number runs no formula: it stays the number a spreadsheet reads
        assertThat(lines[1]).endsWith(",-5");
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/v1/metrics/kpi?range=yesterday | range",
                "/api/v1/metrics/kpi?range=custom | from",
                "/api/v1/metrics/kpi?range=custom&from=2026-03-01 | to",
                "/api/v1/metrics/kpi?range=custom&from=2026-03-09&to=2026-03-01 | from",
                "/api/v1/metrics/kpi?from=2026-13-01&to=2026-03-01 | from",
                "/api/v1/metrics/kpi?range=last_7_days&from=2026-03-01 | from",
                "/api/v1/metrics/kpi?compare=last_month | compare",
                "/api/v1/metrics/trend?group_by=hour | group_by",
                "/api/v1/metrics/kpi?sku=A&product=B | product",
                "/api/v1/metrics/top-products?limit=0 | limit",
                "/api/v1/metrics/top-products?limit=ten | limit",
                "/api/v1/metrics/top-products?order_by=price | order_by",
                "/api/v1/inventory/alerts?severity=urgent | severity",
                "/api/v1/inventory/alerts?type=EMPTY | type",
                "/api/v1/inventory/alerts?limit=501 | limit",
                "/api/v1/inventory/alerts?date=yesterday | date",
                "/api/v1/inventory/positions?offset=-1 | offset",
                "/api/v1/quarantine?limit=0 | limit"
            })
    void badParametersAreProblemsNamingTheParameter(String path, String parameter) throws Exception {
        HttpResponse<String> r = send(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("code").asString()).isEqualTo("BAD_PARAMETER");
        assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
        assertThat(problem.get("detail").asString()).contains("'" + parameter + "'");
    }

    @AfterAll
    void removeDataDir() throws IOException {
        try (var files = Files.walk(DATA_DIR)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("stockroom-dashboard-api");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every metrics endpoint reads the same filters, and says which one is wrong and why. */
    @Test
    void aFilterThatIsWrongIsNamedWithItsValue() throws Exception {
        for (String endpoint : List.of("kpi", "trend", "top-products", "channels")) {
            HttpResponse<String> badDate = send("/api/v1/metrics/" + endpoint + "?range=custom&from=2026-13-01");
            assertThat(badDate.statusCode())
                    .as(endpoint + ": " + badDate.body())
                    .isEqualTo(400);
            JsonNode problem = JSON.readTree(badDate.body());
            assertThat(problem.get("code").asString()).isEqualTo("BAD_PARAMETER");
            assertThat(problem.get("parameter").asString()).isEqualTo("from");
            assertThat(problem.get("detail").asString())
                    .isEqualTo("Parameter 'from' has the value '2026-13-01', which is not a valid LocalDate.");
        }
        for (String path : List.of("/api/v1/metrics/kpi", "/api/v1/inventory/metrics")) {
            HttpResponse<String> twoSkus = send(path + "?sku=A&product=B");
            assertThat(twoSkus.statusCode()).as(path + ": " + twoSkus.body()).isEqualTo(400);
            assertThat(JSON.readTree(twoSkus.body()).get("detail").asString())
                    .startsWith("Parameter 'product' ('B') differs from 'sku' ('A')");
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", io.stockroom.testdata.TestAccess.adminBearer(tokens))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
