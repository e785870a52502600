package io.stockroom.api;

import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static io.stockroom.testdata.RetailFixture.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
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
 * The Online pages check the last days of their period live, as the sales pages do: web orders come in through the
 * API and no run has checked the week yet. The orders file of one day failed, another day's never came, and this
 * morning's web orders are in while the stores' files of today come tomorrow. Each such day is marked on the pulse and
 * growth (which feed, "no run has checked it yet"), and their week over week is "not available", not a drop.
 */
@WithItsOwnApplication
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineLiveCompletenessApiTest {

    /** The last day with store sales (a Monday). */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    private static final LocalDate TODAY = D.plusDays(1);

    /** Its orders file failed: the export lost its sku column. */
    private static final LocalDate FAILED = D.minusDays(2);

    /** No orders file came. */
    private static final LocalDate NEVER = D.minusDays(4);

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

    @Autowired
    IngestService ingest;

    @BeforeAll
    void seed() throws IOException {
        LocalDate opened = LocalDate.of(2020, 1, 1);
        List<RetailFixture.Row> rows = new ArrayList<>(List.of(
                aStore("S1").inArea("North").openedOn(opened),
                aStore("S2").inArea("North").openedOn(opened),
                aStore("S3").inArea("South").openedOn(opened)));
        for (int i = 0; i < 28; i++) {
            LocalDate day = D.minusDays(i);
            for (String store : List.of("S1", "S2", "S3")) {
                rows.add(aSale().atStore(store)
                        .storeLevel()
                        .on(day)
                        .value(100.00)
                        .transactions(10));
            }
            if (!day.equals(FAILED) && !day.equals(NEVER)) {
                rows.add(anOrder("W" + i).on(day).quantity(1).price(10.00));
            }
        }
        // this morning's web orders: no store has sent today's sales yet
        rows.add(anOrder("WT").on(TODAY).quantity(2).price(10.00));
        new RetailFixture(warehouse).add(rows.toArray(RetailFixture.Row[]::new));
        Path broken = Files.writeString(
                DATA_DIR.resolve("orders_" + FAILED + ".csv"),
                "order_id,ordered_at,customer_id,quantity,unit_price\nWF," + FAILED + " 10:00:00,C1,1,10.00\n");
        FeedResult r =
                ingest.ingest(broken, IngestRequest.of(broken.getFileName().toString(), "orders", FAILED, "api"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        models.rebuildAll();
    }

    @Test
    void thePulseMarksTheFailedAndTheMissingOrdersDayAndGivesNoWeekOverWeek() {
        JsonNode pulse = get("/api/v1/online/pulse?from=" + D.minusDays(13) + "&to=" + D);

        JsonNode completeness = pulse.get("completeness");
        assertThat(completeness.get("complete").asBoolean())
                .as(completeness.toString())
                .isFalse();
        assertThat(dates(completeness.get("incomplete_days"))).containsExactly(NEVER.toString(), FAILED.toString());
        assertThat(completeness.at("/incomplete_days/0/missing/0").asString())
                .isEqualTo("orders not loaded yet (no run has checked " + NEVER + " yet)");
        assertThat(completeness.at("/incomplete_days/1/missing/0").asString())
                .isEqualTo("orders failed (no run has checked " + FAILED + " yet)");
        // 12 days of 10.00: what is loaded is shown, the marks say which days it lacks
        assertThat(pulse.get("revenue").decimalValue()).isEqualByComparingTo("120.00");
        // 50.00 against 70.00 is not a 28.6 % drop: two days of it are missing
        JsonNode wow = pulse.get("wow_growth_pct");
        assertThat(wow.get("value").isNull()).as(wow.toString()).isTrue();
        assertThat(wow.get("unavailable").asString())
                .isEqualTo("not available: orders not loaded yet on " + NEVER
                        + " and 1 more day(s): a week with a missing feed is not comparable");

        JsonNode customers = get("/api/v1/online/customers?from=" + D.minusDays(13) + "&to=" + D);
        assertThat(dates(customers.at("/completeness/incomplete_days")))
                .containsExactly(NEVER.toString(), FAILED.toString());
        JsonNode series =
                get("/api/v1/analytics/metrics?metric=revenue&granularity=daily&from=" + D.minusDays(13) + "&to=" + D);
        assertThat(dates(series.at("/completeness/incomplete_days")))
                .containsExactly(NEVER.toString(), FAILED.toString());
    }

    /** Growth adds the stores' sales: today has its web orders only, as the Overview marks it. */
    @Test
    void growthMarksTodayWhoseStoreSalesAreNotLoadedYet() {
        JsonNode growth = get("/api/v1/online/growth");

        assertThat(growth.at("/period/to").asString()).isEqualTo(TODAY.toString());
        JsonNode days = growth.at("/completeness/incomplete_days");
        assertThat(dates(days)).containsExactly(NEVER.toString(), FAILED.toString(), TODAY.toString());
        assertThat(days.at("/2/missing/0").asString())
                .isEqualTo("sales not loaded yet for 3 of 3 stores (no run has checked " + TODAY + " yet)");
        assertThat(growth.at("/wow_growth_pct/value").isNull()).isTrue();
        assertThat(growth.at("/wow_growth_pct/unavailable").asString())
                .endsWith(": a week with a missing feed is not comparable");

        // the sales pages say the same of today
        JsonNode kpi = get("/api/v1/metrics/kpi?range=last_7_days");
        assertThat(dates(kpi.at("/completeness/incomplete_days"))).contains(TODAY.toString());
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
            return Files.createTempDirectory("stockroom-online-live");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
