package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.StockroomException;
import io.stockroom.TestEngine;
import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.model.ModelRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16, "Missing data is never hidden": a day whose expected feed failed or never came is an incomplete run, not a
 * success, and the quality score counts it. Two Saturdays of history teach the calendar that sales and inventory come
 * from both stores on Saturdays.
 */
class IncompleteRunTest {

    static final LocalDate SAT1 = LocalDate.of(2025, 3, 1);
    static final LocalDate SAT2 = SAT1.plusWeeks(1);
    static final LocalDate SAT3 = SAT1.plusWeeks(2);

    @TempDir
    Path dir;

    /** The two Saturdays' runs, built once for the class on DuckDB: each test starts from a copy of this data directory. */
    @TempDir
    static Path twoSaturdays;

    TestWarehouse w;
    ExpectedArrivals arrivals;
    PipelineService pipeline;

    @BeforeAll
    static void runTheTwoSaturdaysOnce() throws IOException {
        if (TestEngine.postgres()) {
            return; // the warehouse is a schema of its own, not a file in the data directory: each test runs them
        }
        try (TestWarehouse first = new TestWarehouse(twoSaturdays)) {
            runTheTwoSaturdays(first, pipeline(first, arrivals(first)));
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        if (TestEngine.postgres()) {
            wire(new TestWarehouse(dir));
            runTheTwoSaturdays(w, pipeline);
        } else {
            TestWarehouse.copyDataDir(twoSaturdays, dir);
            wire(new TestWarehouse(dir));
        }
        drop(
                w,
                SAT3,
                "inventory.csv",
                "store_id,sku,date,on_hand,on_order\nS1,A," + SAT3 + ",8,0\nS2,B," + SAT3 + ",7,0\n");
    }

    private void wire(TestWarehouse warehouse) {
        w = warehouse;
        arrivals = arrivals(w);
        pipeline = pipeline(w, arrivals);
    }

    private static ExpectedArrivals arrivals(TestWarehouse w) {
        return new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
    }

    private static PipelineService pipeline(TestWarehouse w, ExpectedArrivals arrivals) {
        return new PipelineService(
                w.ingest,
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(new ModelsStep(new ModelRunner(w.warehouse))),
                w.properties,
                arrivals);
    }

    /** Stores S1 and S2 send sales and inventory on two Saturdays, each run: the calendar learns them. */
    private static void runTheTwoSaturdays(TestWarehouse w, PipelineService pipeline) throws IOException {
        drop(w, SAT1, "stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
        drop(
                w,
                SAT1,
                "products.csv",
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\nB,Banana,Fruit,0.2,0.4\n");
        for (LocalDate d : List.of(SAT1, SAT2)) {
            drop(
                    w,
                    d,
                    "sales.csv",
                    "store_id,sku,date,units_sold,total_sales\nS1,A," + d + ",3,3\nS2,B," + d + ",5,2\n");
            drop(
                    w,
                    d,
                    "inventory.csv",
                    "store_id,sku,date,on_hand,on_order\nS1,A," + d + ",10,0\nS2,B," + d + ",9,0\n");
        }
        assertThat(pipeline.run(SAT1, Trigger.CLI).status()).isEqualTo("succeeded");
        assertThat(pipeline.run(SAT2, Trigger.CLI).status()).isEqualTo("succeeded");
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aDayWhoseSalesFeedFailedIsIncompleteEverywhereTheRunShows() throws IOException {
        drop(
                SAT3,
                "sales.csv",
                "sku,date,units_sold,total_sales\nA," + SAT3 + ",3,3\nB," + SAT3 + ",5,2\n"); // no store column: fails
        RunResult r = pipeline.run(SAT3, Trigger.CLI);

        assertThat(r.status()).isEqualTo("incomplete");
        assertThat(r.ok()).isFalse();
        RunStore.Stage stage = r.stages().stream()
                .filter(s -> s.name().equals("completeness"))
                .findFirst()
                .orElseThrow();
        assertThat(stage.status()).isEqualTo("incomplete");
        assertThat(stage.detail()).startsWith("sales failed for S1, S2 (2 of 2 stores) (feed ");
        assertThat(new RunStore(w.warehouse).find(r.runId()).orElseThrow().status())
                .isEqualTo("incomplete");
        assertThat(
                        w.count(
                                "SELECT COUNT(*) FROM feed_arrivals WHERE business_date = DATE '2025-03-15' AND dataset = 'sales' AND status = 'failed'"))
                .isEqualTo(2);
        // the quality score counts the failed feed: 1 of 2 expected feeds arrived (all its rows loaded)
        assertThat(
                        w.string(
                                "SELECT CAST(score AS VARCHAR) FROM mart_quality_daily WHERE business_date = DATE '2025-03-15'"))
                .isEqualTo("0.5000");
        assertThat(w.count("SELECT feeds_expected FROM mart_quality_daily WHERE business_date = DATE '2025-03-15'"))
                .isEqualTo(2);
        assertThat(w.count("SELECT feeds_not_arrived FROM mart_quality_daily WHERE business_date = DATE '2025-03-15'"))
                .isEqualTo(1);
        assertThat(
                        w.string(
                                "SELECT CAST(score AS VARCHAR) FROM mart_quality_daily WHERE business_date = DATE '2025-03-08'"))
                .isEqualTo("1.0000");

        RunResult replay = pipeline.replay(SAT3);
        assertThat(replay.status()).as("a replay of the day is incomplete too").isEqualTo("incomplete");
    }

    /**
     * A zero-byte sales.csv did arrive: the sender's export went wrong, not the sender's delivery. The day is
     * incomplete because sales failed (send it again), not because sales never came.
     */
    @Test
    void anEmptyFileNamedAfterItsDatasetIsThatDatasetsFailedFeed() throws IOException {
        drop(SAT3, "sales.csv", "");
        RunResult r = pipeline.run(SAT3, Trigger.CLI);

        assertThat(r.feeds().stream().filter(f -> f.status() == io.stockroom.ingest.FeedStatus.FAILED))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.dataset()).isEqualTo("sales");
                    assertThat(f.summary().error().code()).isEqualTo("FILE_EMPTY");
                    assertThat(f.summary().error().message()).contains("is empty", "send it again");
                });
        RunStore.Stage stage = r.stages().stream()
                .filter(s -> s.name().equals("completeness"))
                .findFirst()
                .orElseThrow();
        assertThat(stage.detail()).startsWith("sales failed for S1, S2 (2 of 2 stores) (feed ");
    }

    @Test
    void aStoreWhoseFileNeverCameMakesTheDayIncompleteUntilALateFileArrives() throws IOException {
        drop(SAT3, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A," + SAT3 + ",3,3\n");
        RunResult r = pipeline.run(SAT3, Trigger.CLI);
        assertThat(r.status()).isEqualTo("incomplete");
        assertThat(r.stages())
                .filteredOn(s -> s.name().equals("completeness"))
                .singleElement()
                .extracting(RunStore.Stage::detail)
                .isEqualTo("sales missing for S2 (1 of 2 stores)");

        assertThat(arrivals.completedBy(SAT3)).as("still missing").isEmpty();

        drop(SAT3, "sales_s2.csv", "store_id,sku,date,units_sold,total_sales\nS2,B," + SAT3 + ",4,2\n");
        RunResult next = pipeline.run(SAT3.plusDays(1), Trigger.CLI);
        assertThat(next.status()).as("Sunday has no history: nothing expected").isEqualTo("succeeded");
        assertThat(
                        w.count(
                                "SELECT COUNT(*) FROM feed_arrivals WHERE business_date = DATE '2025-03-15' AND status <> 'arrived'"))
                .as("the late file completed Saturday")
                .isZero();
        assertThat(arrivals.gaps(SAT1, SAT3, null, null)).isEmpty();
        // Saturday's run stays recorded incomplete (it was, and exited 1), but the Runs page says which run completed
        // it
        assertThat(arrivals.completedBy(SAT3)).contains(next.runId());
    }

    /**
     * A store that closed for good (the stores file's closed_on) is not expected from that day: the run is complete
     * with only the stores still trading, and the closed store's days are not missing. Before, its history kept it
     * expected for weeks (every run incomplete, exit code non-zero) and mart_missing_store_days listed it every day.
     */
    @Test
    void aStoreClosedForGoodIsNoLongerExpectedNorMissing() throws IOException {
        drop(SAT3, "stores.csv", "store_id,name,area,closed_on\nS1,Leeds,North,\nS2,York,North," + SAT3 + "\n");
        drop(SAT3, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A," + SAT3 + ",3,3\n");
        drop(SAT3, "inventory_s1.csv", "store_id,sku,date,on_hand,on_order\nS1,A," + SAT3 + ",8,0\n");
        RunResult r = pipeline.run(SAT3, Trigger.CLI);
        assertThat(r.status()).as(String.valueOf(r.stages())).isEqualTo("succeeded");
        assertThat(arrivals.calendar(SAT3))
                .extracting(e -> e.dataset() + ":" + e.storeId())
                .containsExactly("inventory:S1", "sales:S1");
        assertThat(w.count("SELECT COUNT(*) FROM mart_missing_store_days WHERE store_id = 'S2' AND business_date >= "
                        + "DATE '" + SAT3 + "'"))
                .isZero();
        assertThat(w.count("SELECT COUNT(*) FROM mart_missing_store_days WHERE store_id = 'S2' AND business_date = "
                        + "DATE '" + SAT3.minusDays(1) + "'"))
                .as("a day it was open and sent nothing is still missing")
                .isEqualTo(2);
        // the day before it closed it was still expected
        assertThat(arrivals.calendar(SAT2))
                .extracting(e -> e.dataset() + ":" + e.storeId())
                .contains("sales:S2");
    }

    /**
     * A store that opened on a Wednesday (the stores file's opened_on) sent its files that day; Thursday's did not come.
     * It has no Thursday history yet, but it is trading: Thursday is incomplete and names it. Before, the run succeeded
     * and the store's first Thursday (and every Thursday after, never learned) went unnoticed.
     */
    @Test
    void aStoreThatOpenedMidWeekIsExpectedInItsFirstWeek() throws IOException {
        LocalDate wed = SAT3.minusDays(3);
        LocalDate thu = SAT3.minusDays(2);
        drop(
                wed,
                "stores.csv",
                "store_id,name,area,opened_on\nS1,Leeds,North,\nS2,York,North,\nS3,Hull,East," + wed + "\n");
        drop(wed, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS3,A," + wed + ",2,2\n");
        drop(wed, "inventory.csv", "store_id,sku,date,on_hand,on_order\nS3,A," + wed + ",6,0\n");
        assertThat(pipeline.run(wed, Trigger.CLI).status()).isEqualTo("succeeded");

        RunResult r = pipeline.run(thu, Trigger.CLI);

        assertThat(arrivals.calendar(thu))
                .extracting(e -> e.dataset() + ":" + e.storeId() + " " + e.why())
                .containsExactly(
                        "inventory:S3 opened on " + wed + ", sent it since",
                        "sales:S3 opened on " + wed + ", sent it since");
        assertThat(r.status()).isEqualTo("incomplete");
        assertThat(r.stages())
                .filteredOn(s -> s.name().equals("completeness"))
                .singleElement()
                .extracting(RunStore.Stage::detail)
                .asString()
                .contains("sales missing for S3");
        // a week on, its own Thursdays decide, as for every store
        assertThat(arrivals.calendar(thu.plusWeeks(1))).isEmpty();
    }

    /**
     * The stores were closed on a holiday: the morning run found nothing and recorded the day incomplete. Marking the
     * holiday ('expected --set sales --on D --not') settles the day at once: the dashboards' marks and the Quality
     * page's gaps no longer list it. Before, they kept "sales missing for 2 of 2 stores" until the day was run again.
     */
    @Test
    void markingAHolidayAfterItsRunClearsTheDaysGaps() {
        assertThat(pipeline.run(SAT3, Trigger.CLI).status()).isEqualTo("incomplete"); // only inventory came
        assertThat(arrivals.gaps(SAT3, SAT3, null, null))
                .extracting(ExpectedArrivals.Gap::dataset)
                .containsExactly("sales");

        arrivals.setRule(new ExpectedArrivals.Rule("sales", null, SAT3.toString(), false, "holiday"));

        assertThat(arrivals.gaps(SAT3, SAT3, null, null)).isEmpty();
        assertThat(arrivals.gaps(SAT1, SAT2, null, null)).isEmpty();
    }

    /**
     * The holiday was marked by mistake (the stores traded; the sales export is late): taking the rule back
     * ('expected --unset sales --on D') opens the day again at once. Before, the day stayed complete, with no gap and no
     * SLA alert, until it was run again.
     */
    @Test
    void takingAHolidayBackReopensTheDay() {
        assertThat(pipeline.run(SAT3, Trigger.CLI).status()).isEqualTo("incomplete"); // only inventory came
        arrivals.setRule(new ExpectedArrivals.Rule("sales", null, SAT3.toString(), false, "holiday"));
        assertThat(arrivals.gaps(SAT3, SAT3, null, null)).isEmpty();

        assertThat(arrivals.removeRule("sales", null, SAT3.toString())).isTrue();

        assertThat(arrivals.gaps(SAT3, SAT3, null, null))
                .extracting(ExpectedArrivals.Gap::describe)
                .containsExactly("sales missing for 2 of 2 stores");
        assertThat(arrivals.gaps(SAT1, SAT2, null, null)).isEmpty();
    }

    /** A typo in the store of a rule ('--store S9' for S2) is refused with the stores there are, not kept silently. */
    @Test
    void aRuleForAStoreTheWarehouseDoesNotHaveIsRefused() {
        assertThatThrownBy(() ->
                        arrivals.setRule(new ExpectedArrivals.Rule("sales", "S9", "SAT", false, "closed Saturdays")))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("store 'S9' is not in the stores master data")
                .hasMessageContaining("known stores: S1, S2")
                .hasMessageContaining("stockroom ingest stores.csv");
        assertThat(arrivals.rules()).isEmpty();
        arrivals.setRule(new ExpectedArrivals.Rule("sales", "S2", "SAT", false, "closed Saturdays"));
        assertThat(arrivals.rules()).extracting(ExpectedArrivals.Rule::storeId).containsExactly("S2");
    }

    /**
     * A store opens on a Saturday, the day the other stores send sales and inventory, and its files do not come: its
     * opening day is incomplete and names it. Before, nothing was due from it (no history, nothing sent yet) and the
     * run succeeded.
     */
    @Test
    void aStoreIsExpectedOnItsOpeningDayWhatTheOtherStoresSend() throws IOException {
        drop(
                SAT3,
                "stores.csv",
                "store_id,name,area,opened_on\nS1,Leeds,North,\nS2,York,North,\nS3,Hull,East," + SAT3 + "\n");
        drop(
                SAT3,
                "sales.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A," + SAT3 + ",3,3\nS2,B," + SAT3 + ",5,2\n");

        RunResult r = pipeline.run(SAT3, Trigger.CLI);

        assertThat(arrivals.calendar(SAT3))
                .filteredOn(e -> e.storeId().equals("S3"))
                .extracting(e -> e.dataset() + " " + e.why())
                .containsExactly(
                        "inventory opened on " + SAT3 + "; 2 of 2 other stores send it on Saturdays",
                        "sales opened on " + SAT3 + "; 2 of 2 other stores send it on Saturdays");
        assertThat(r.status()).isEqualTo("incomplete");
        assertThat(r.stages())
                .filteredOn(s -> s.name().equals("completeness"))
                .singleElement()
                .extracting(RunStore.Stage::detail)
                .asString()
                .contains("sales missing for S3");
    }

    @Test
    void rulesEditTheLearnedCalendar() throws IOException {
        drop(SAT3, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A," + SAT3 + ",3,3\n");
        arrivals.setRule(new ExpectedArrivals.Rule("sales", "S2", "SAT", false, "closed on Saturdays from March"));
        assertThat(arrivals.calendar(SAT3))
                .extracting(e -> e.dataset() + ":" + e.storeId())
                .containsExactly("inventory:S1", "inventory:S2", "sales:S1");
        assertThat(pipeline.run(SAT3, Trigger.CLI).status()).isEqualTo("succeeded");

        arrivals.setRule(new ExpectedArrivals.Rule("labour", null, "daily", true, null));
        RunResult r = pipeline.run(SAT3, Trigger.CLI);
        assertThat(r.status()).isEqualTo("incomplete");
        assertThat(r.stages())
                .filteredOn(s -> s.name().equals("completeness"))
                .singleElement()
                .extracting(RunStore.Stage::detail)
                .isEqualTo("labour missing");
        assertThat(arrivals.calendar(SAT3))
                .filteredOn(e -> e.dataset().equals("labour"))
                .singleElement()
                .extracting(ExpectedArrivals.Expectation::why)
                .isEqualTo("rule: every store, daily");
    }

    private void drop(LocalDate date, String name, String content) throws IOException {
        drop(w, date, name, content);
    }

    private static void drop(TestWarehouse w, LocalDate date, String name, String content) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(date.toString());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), content);
    }
}
