package io.stockroom.api;

import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static io.stockroom.testdata.RetailFixture.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.model.ModelRunner;
import io.stockroom.testdata.ApiClient;
import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Web orders arrive through the day, the stores' POS files the next morning: at 8 AM today has a few web orders and no
 * store sales. The to-date ranges end on today (its web sales are shown), and every answer says today's store-days are
 * missing: the range check, the trend's point of the day, the channels and the expected-feeds marks. A store that sends
 * store-day totals without item detail has no units to count: not available, not 0.
 */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesRangeCompletenessApiTest {

    /** The last day with store sales (a Monday); the POS files of TODAY come tomorrow morning. */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    private static final LocalDate TODAY = D.plusDays(1);

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
        LocalDate opened = LocalDate.of(2020, 1, 1);
        List<RetailFixture.Row> rows = new ArrayList<>(List.of(
                aStore("S1").inArea("North").openedOn(opened),
                aStore("S2").inArea("North").openedOn(opened),
                aStore("S3").inArea("South").openedOn(opened),
                aProduct("A").in("Food", "Snacks").cost(1.00),
                aProduct("B").in("Food", "Drinks").cost(2.00)));
        for (int i = 0; i < 28; i++) {
            LocalDate day = D.minusDays(i);
            rows.add(aSale().atStore("S1").forSku("A").on(day).units(2).value(10.00));
            rows.add(aSale().atStore("S2").forSku("B").on(day).units(1).value(5.00));
            // S3's POS sends one total per store-day, no items and no units (as Rossmann's files)
            rows.add(aSale().atStore("S3")
                    .storeLevel()
                    .noUnits()
                    .on(day)
                    .value(100.00)
                    .transactions(10));
            rows.add(anOrder("W" + i).on(day).quantity(1).price(10.00));
        }
        // this morning's web orders: no store has sent today's sales yet
        rows.add(anOrder("WT").on(TODAY).quantity(2).price(10.00));
        new RetailFixture(warehouse).add(rows.toArray(RetailFixture.Row[]::new));
        models.rebuildAll();
    }

    @Test
    void aDayWithWebOrdersButNoStoreSalesCountsItsStoreDaysAsMissing() {
        JsonNode body = get("/api/v1/metrics/kpi?range=last_7_days");

        assertThat(body.at("/range/to").asString()).isEqualTo(TODAY.toString());
        JsonNode range = body.get("range_check");
        assertThat(range.get("complete").asBoolean()).as(range.toString()).isFalse();
        assertThat(range.get("days_with_sales").asLong()).isEqualTo(7);
        assertThat(range.get("store_days_missing").asLong()).isEqualTo(3);
        assertThat(range.get("note").asString())
                .contains("No store's sales are loaded yet on " + TODAY)
                .contains("online");
        assertThat(body.at("/kpis/net_sales/comparable").asBoolean()).isFalse();
        JsonNode completeness = body.get("completeness");
        assertThat(completeness.get("complete").asBoolean())
                .as(completeness.toString())
                .isFalse();
        assertThat(dates(completeness.get("incomplete_days"))).containsExactly(TODAY.toString());
        assertThat(completeness.at("/incomplete_days/0/missing/0").asString()).contains("sales");

        JsonNode mtd = get("/api/v1/metrics/kpi?range=mtd");
        assertThat(mtd.at("/range/to").asString()).isEqualTo(TODAY.toString());
        assertThat(mtd.at("/range_check/complete").asBoolean()).isFalse();
        assertThat(mtd.at("/range_check/store_days_missing").asLong()).isEqualTo(3);
        assertThat(mtd.at("/completeness/complete").asBoolean()).isFalse();
    }

    /** Today's web sales are shown, marked as a day without its store sales, never a complete -90 % day. */
    @Test
    void theTrendPointOfTheDayShowsItsWebSalesMarkedIncomplete() {
        JsonNode points =
                get("/api/v1/metrics/trend?range=last_7_days&group_by=day").get("points");

        JsonNode today = points.get(points.size() - 1);
        assertThat(today.get("period").asString()).isEqualTo(TODAY.toString());
        assertThat(today.get("net_sales").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(today.get("complete").asBoolean()).isFalse();
        assertThat(today.get("store_days_missing").asInt()).isEqualTo(3);
        JsonNode monday = points.get(points.size() - 2);
        assertThat(monday.get("complete").asBoolean()).isTrue();
        assertThat(monday.get("store_days_missing").asInt()).isZero();
    }

    @Test
    void theChannelsSayTheRangeIsIncomplete() {
        JsonNode body = get("/api/v1/metrics/channels?range=last_7_days");

        assertThat(body.at("/range_check/complete").asBoolean()).isFalse();
        assertThat(body.at("/range_check/store_days_missing").asLong()).isEqualTo(3);
        assertThat(body.at("/completeness/complete").asBoolean()).isFalse();
    }

    /** The days every store has sent are whole: the marking is today's alone. */
    @Test
    void aRangeEndingOnTheLastDayWithStoreSalesIsComplete() {
        JsonNode body = get("/api/v1/metrics/kpi?range=custom&from=" + D.minusDays(6) + "&to=" + D);

        assertThat(body.at("/range_check/complete").asBoolean())
                .as(body.get("range_check").toString())
                .isTrue();
        assertThat(body.at("/range_check/store_days_missing").asLong()).isZero();
        assertThat(body.at("/completeness/complete").asBoolean()).isTrue();
        assertThat(body.at("/kpis/net_sales/comparable").asBoolean()).isTrue();
    }

    /** S3 sends store-day totals only: its units are unknown, not 0 (docs/metrics.md: null with a note). */
    @Test
    void unitsOfStoreDayTotalsWithoutItemDetailAreNotAvailable() {
        String week = "range=custom&from=" + D.minusDays(6) + "&to=" + D;
        JsonNode s3 = get("/api/v1/metrics/kpi?" + week + "&store=S3").at("/kpis/units");

        assertThat(s3.get("value").isNull()).as(s3.toString()).isTrue();
        assertThat(s3.get("previous").isNull()).isTrue();
        assertThat(s3.get("note").asString()).startsWith("Not available").contains("without item detail");

        // the chain: S1's 14, S2's 7 and the web's 7 units, counted over the 175.00 of the 875.00 of sales with items
        JsonNode chain = get("/api/v1/metrics/kpi?" + week).at("/kpis/units");
        assertThat(chain.get("value").decimalValue()).isEqualByComparingTo("28");
        assertThat(chain.get("coverage_pct").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(chain.get("note").asString()).contains("20").contains("without item detail");

        // the trend of S3: each day's units are not available, not 0 (its net sales are shown)
        JsonNode points =
                get("/api/v1/metrics/trend?" + week + "&store=S3&group_by=day").get("points");
        assertThat(points).isNotEmpty();
        for (JsonNode p : points) {
            if (!p.get("net_sales").isNull()
                    && p.get("net_sales").decimalValue().signum() != 0) {
                assertThat(p.get("units").isNull()).as(p.toString()).isTrue();
            }
        }
        // the chain's days have item-level sales too: their units are counted
        JsonNode chainPoints =
                get("/api/v1/metrics/trend?" + week + "&group_by=day").get("points");
        assertThat(StreamSupport.stream(chainPoints.spliterator(), false)
                        .filter(p -> !p.get("units").isNull())
                        .mapToDouble(p -> p.get("units").asDouble())
                        .sum())
                .isEqualTo(28.0);
    }

    /** A product filter leaves S3's store-day totals out (they have no product): its units are all counted. */
    @Test
    void unitsUnderAProductFilterLeaveTheStoreDayTotalsOut() {
        String week = "range=custom&from=" + D.minusDays(6) + "&to=" + D;
        JsonNode snacks =
                get("/api/v1/metrics/kpi?" + week + "&category=Snacks").at("/kpis/units");

        // S1's 14 units of A and the web's 7
        assertThat(snacks.get("value").decimalValue()).as(snacks.toString()).isEqualByComparingTo("21");
        assertThat(snacks.get("coverage_pct").isNull()).isTrue();
        assertThat(snacks.get("note").isNull()).isTrue();
        JsonNode food =
                get("/api/v1/metrics/kpi?" + week + "&department=Food&store=S3").at("/kpis/units");
        // S3 sells nothing with a product: no units, and not for want of item detail
        assertThat(food.get("value").isNull()).as(food.toString()).isTrue();
        assertThat(food.get("note").isNull()).as(food.toString()).isTrue();
    }

    private static List<String> dates(JsonNode days) {
        return StreamSupport.stream(days.spliterator(), false)
                .map(d -> d.get("date").asString())
                .toList();
    }

    private JsonNode get(String path) {
        return ApiClient.admin(port, tokens).get(path);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("stockroom-range-completeness");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
