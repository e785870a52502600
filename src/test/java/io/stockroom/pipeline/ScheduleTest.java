package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.TestWarehouse;
import io.stockroom.warehouse.Sql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The scheduled run's business date follows the run window, in the retailer's time zone; the day's run happens when
 * another run is going at its time, when the server was down at its time, and on the days the clocks change.
 */
class ScheduleTest {

    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    @TempDir
    Path dir;

    @Test
    void aRunInTheEveningBatchWindowProcessesTodayAndAMorningRunYesterday() {
        LocalTime window = LocalTime.of(22, 0);
        assertThat(at("2026-03-10T23:00", window)).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(at("2026-03-10T22:00", window)).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(at("2026-03-10T05:00", window)).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(at("2026-03-10T21:59", window)).isEqualTo(LocalDate.of(2026, 3, 9));
        // 06:30 UTC on the 11th is still 23:30 on the 10th in Los Angeles: the evening run of the 10th
        assertThat(new Schedule(
                                null,
                                null,
                                Clock.fixed(
                                        ZonedDateTime.parse("2026-03-11T06:30Z").toInstant(), LA),
                                window,
                                "0 30 23 * * *")
                        .businessDate())
                .isEqualTo(LocalDate.of(2026, 3, 10));
        // configured later: an evening run before it still processes yesterday
        assertThat(at("2026-03-10T23:00", LocalTime.of(23, 30))).isEqualTo(LocalDate.of(2026, 3, 9));
    }

    @Test
    void theZoneComesFromTheScheduleOrTheRetailersTimezoneAndTheScheduledRunUsesTheDate() {
        assertThat(Schedule.zone(new MockEnvironment())).isEqualTo(ZoneId.of("UTC"));
        assertThat(Schedule.zone(new MockEnvironment().withProperty("stockroom.timezone", "America/Los_Angeles")))
                .isEqualTo(LA);
        assertThat(Schedule.zone(new MockEnvironment()
                        .withProperty("stockroom.timezone", "America/Los_Angeles")
                        .withProperty("stockroom.schedule.zone", "Europe/London")))
                .isEqualTo(ZoneId.of("Europe/London"));

        try (TestWarehouse w = new TestWarehouse(dir)) {
            PipelineService pipeline = new PipelineService(
                    w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), w.properties);
            Clock at23 =
                    Clock.fixed(ZonedDateTime.of(2026, 3, 10, 23, 0, 0, 0, LA).toInstant(), LA);
            new Schedule(pipeline, new RunStore(w.warehouse), at23, LocalTime.of(22, 0), "0 0 23 * * *").daily();
            RunStore.Run run = new RunStore(w.warehouse).list(1).get(0);
            assertThat(run.businessDate()).isEqualTo(LocalDate.of(2026, 3, 10));
            assertThat(run.trigger()).isEqualTo("schedule");
        }
    }

    private static LocalDate at(String localDateTime, LocalTime window) {
        Clock clock = Clock.fixed(
                java.time.LocalDateTime.parse(localDateTime).atZone(LA).toInstant(), LA);
        return new Schedule(null, null, clock, window, "0 30 5 * * *").businessDate();
    }

    @Test
    void aRunDueWhileAnotherRunsWaitsForItInsteadOfBeingDropped() throws Exception {
        HeldStep held = new HeldStep();
        try (TestWarehouse w = new TestWarehouse(dir)) {
            RunStore runs = new RunStore(w.warehouse);
            PipelineService pipeline =
                    new PipelineService(w.ingest, w.contracts, w.warehouse, runs, List.of(held), w.properties);
            // the data engineer re-runs yesterday from the Runs page just before today's 05:30 run
            String rerun = pipeline.start(LocalDate.of(2026, 3, 8), false, Trigger.API);
            assertThat(held.entered.await(120, TimeUnit.SECONDS)).isTrue();
            Schedule schedule =
                    new Schedule(pipeline, runs, fixed("2026-03-10T05:30"), LocalTime.of(22, 0), "0 30 5 * * *");

            CompletableFuture<Void> due = CompletableFuture.runAsync(schedule::daily);
            held.release.countDown();
            due.get(120, TimeUnit.SECONDS);

            assertThat(runs.find(rerun).orElseThrow().status()).isEqualTo("succeeded");
            RunStore.Run scheduled = runs.list(1).get(0);
            assertThat(scheduled.trigger()).isEqualTo("schedule");
            assertThat(scheduled.businessDate()).isEqualTo(LocalDate.of(2026, 3, 9));
            assertThat(scheduled.status()).isEqualTo("succeeded");
        }
    }

    @Test
    void aServerStartedAfterTheMorningRunWasMissedRunsThatDateAtOnceAndOnlyOnce() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            RunStore runs = new RunStore(w.warehouse);
            PipelineService pipeline =
                    new PipelineService(w.ingest, w.contracts, w.warehouse, runs, List.of(), w.properties);
            // down at 05:30, back at 08:55: the 05:30 run of the 9th never began
            Schedule at0855 =
                    new Schedule(pipeline, runs, fixed("2026-03-10T08:55"), LocalTime.of(22, 0), "0 30 5 * * *");

            RunResult run = at0855.catchUp().getFirst();
            assertThat(run.businessDate()).isEqualTo(LocalDate.of(2026, 3, 9));
            assertThat(runs.find(run.runId()).orElseThrow().trigger()).isEqualTo("schedule");
            assertThat(at0855.catchUp()).as("the date ran since the fire").isEmpty();

            // the run that began at 05:30 was cut short by the restart: the next start marked it interrupted
            w.warehouse.inTransaction(c -> Sql.on(c)
                    .sql("UPDATE runs SET status = 'failed', error = 'Interrupted: Stockroom stopped' WHERE run_id = ?")
                    .param(Sql.text(run.runId()))
                    .update());
            RunResult again = at0855.catchUp().getFirst();
            assertThat(again.businessDate()).isEqualTo(LocalDate.of(2026, 3, 9));
            assertThat(again.status()).isEqualTo("succeeded");

            // runs of the 9th that began before the fire (a manual one on the evening of the 9th) do not stand for it
            w.warehouse.inTransaction(c -> Sql.on(c)
                    .sql("UPDATE runs SET started_at = TIMESTAMP '2026-03-01 00:00:00'")
                    .update());
            assertThat(at0855.catchUp()).isNotEmpty();
        }
    }

    /**
     * Down from Friday evening to Monday 08:55: the 05:30 runs of Saturday, Sunday and Monday (business dates Friday,
     * Saturday, Sunday) never began. The start makes up every one, oldest first, not only Monday's.
     */
    @Test
    void aServerDownOverTheWeekendMakesUpEveryMissedDayInOrder() {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            RunStore runs = new RunStore(w.warehouse);
            PipelineService pipeline =
                    new PipelineService(w.ingest, w.contracts, w.warehouse, runs, List.of(), w.properties);
            // Friday's 05:30 run (of Thursday the 5th) was the schedule's last
            w.warehouse.inTransaction(c -> Sql.on(c)
                    .sql("INSERT INTO runs (run_id, business_date, trigger, status, started_at) "
                            + "VALUES ('run-thu', DATE '2026-03-05', 'schedule', 'succeeded', ?)")
                    .param(new org.springframework.jdbc.core.SqlParameterValue(
                            java.sql.Types.TIMESTAMP, java.sql.Timestamp.from(at("2026-03-06T05:30"))))
                    .update());
            Schedule monday =
                    new Schedule(pipeline, runs, fixed("2026-03-09T08:55"), LocalTime.of(22, 0), "0 30 5 * * *");

            monday.catchUp();

            assertThat(runs.list(10).reversed())
                    .filteredOn(r -> !r.runId().equals("run-thu"))
                    .extracting(r -> r.businessDate().toString())
                    .containsExactly("2026-03-06", "2026-03-07", "2026-03-08");
            monday.catchUp();
            assertThat(runs.list(10)).as("made up once").hasSize(4);
        }
    }

    /** Down for more than a week: the last week is made up, the older days are left to a backfill. */
    @Test
    void aServerDownForLongerThanTheCatchUpWindowMakesUpOnlyTheLastWeek() {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            RunStore runs = new RunStore(w.warehouse);
            PipelineService pipeline =
                    new PipelineService(w.ingest, w.contracts, w.warehouse, runs, List.of(), w.properties);
            w.warehouse.inTransaction(c -> Sql.on(c)
                    .sql("INSERT INTO runs (run_id, business_date, trigger, status, started_at) "
                            + "VALUES ('run-old', DATE '2026-02-25', 'schedule', 'succeeded', ?)")
                    .param(new org.springframework.jdbc.core.SqlParameterValue(
                            java.sql.Types.TIMESTAMP, java.sql.Timestamp.from(at("2026-02-26T05:30"))))
                    .update());
            List<RunResult> made = new Schedule(
                            pipeline, runs, fixed("2026-03-10T08:55"), LocalTime.of(22, 0), "0 30 5 * * *")
                    .catchUp();
            assertThat(made)
                    .extracting(r -> r.businessDate().toString())
                    .containsExactly(
                            "2026-03-03",
                            "2026-03-04",
                            "2026-03-05",
                            "2026-03-06",
                            "2026-03-07",
                            "2026-03-08",
                            "2026-03-09");
        }
    }

    /** A chain closed for two weeks over the holidays sets the window to cover them: every missed day is made up. */
    @Test
    void theCatchUpWindowIsTheDataEngineersToSet() {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            RunStore runs = new RunStore(w.warehouse);
            PipelineService pipeline =
                    new PipelineService(w.ingest, w.contracts, w.warehouse, runs, List.of(), w.properties);
            w.warehouse.inTransaction(c -> Sql.on(c)
                    .sql("INSERT INTO runs (run_id, business_date, trigger, status, started_at) "
                            + "VALUES ('run-old', DATE '2026-02-25', 'schedule', 'succeeded', ?)")
                    .param(new org.springframework.jdbc.core.SqlParameterValue(
                            java.sql.Types.TIMESTAMP, java.sql.Timestamp.from(at("2026-02-26T05:30"))))
                    .update());
            Clock now = fixed("2026-03-10T08:55");
            assertThat(new Schedule(pipeline, runs, now, LocalTime.of(22, 0), "0 30 5 * * *", 0).catchUp())
                    .as("0: nothing made up")
                    .isEmpty();
            assertThat(new Schedule(pipeline, runs, now, LocalTime.of(22, 0), "0 30 5 * * *", 14).catchUp())
                    .extracting(r -> r.businessDate().toString())
                    .hasSize(12)
                    .startsWith("2026-02-26")
                    .endsWith("2026-03-09");
        }
        assertThat(Schedule.catchUpDays(null)).isEqualTo(7);
        assertThat(Schedule.catchUpDays(" 14 ")).isEqualTo(14);
        for (String bad : new String[] {"-1", "63", "1.5", "a week"}) {
            assertThatThrownBy(() -> Schedule.catchUpDays(bad))
                    .hasMessageContaining("stockroom.schedule.catch-up-days = '" + bad + "'")
                    .hasMessageContaining("0")
                    .hasMessageContaining("stockroom backfill");
        }
    }

    @Test
    void aRunTimeTheClockSkipsOrRepeatsOnADstChangeRunsOnceThatDay() {
        Schedule twoThirty = new Schedule(null, null, fixed("2026-03-07T12:00"), LocalTime.of(22, 0), "0 30 2 * * *");
        // 2026-03-08 02:30 does not exist in Los Angeles: the run goes at 03:30, when the clock has moved past it
        Instant spring = twoThirty.nextFire(at("2026-03-07T12:00"));
        assertThat(spring.atZone(LA).toString()).isEqualTo("2026-03-08T03:30-07:00[America/Los_Angeles]");
        assertThat(twoThirty.nextFire(spring).atZone(LA).toString())
                .isEqualTo("2026-03-09T02:30-07:00[America/Los_Angeles]");
        assertThat(twoThirty.businessDate(java.time.LocalDateTime.parse("2026-03-08T02:30")))
                .isEqualTo(LocalDate.of(2026, 3, 7));

        // 2026-11-01 01:30 happens twice: one run, at the first
        Schedule oneThirty = new Schedule(null, null, fixed("2026-10-31T12:00"), LocalTime.of(22, 0), "0 30 1 * * *");
        Instant fall = oneThirty.nextFire(at("2026-10-31T12:00"));
        assertThat(fall.atZone(LA).toString()).isEqualTo("2026-11-01T01:30-07:00[America/Los_Angeles]");
        assertThat(oneThirty.nextFire(fall).atZone(LA).toString())
                .isEqualTo("2026-11-02T01:30-08:00[America/Los_Angeles]");

        // restarted on the spring-forward morning: the 02:30 fire is the one that was due
        Schedule restarted = new Schedule(null, null, fixed("2026-03-08T08:55"), LocalTime.of(22, 0), "0 30 2 * * *");
        assertThat(restarted.firesSince(java.time.LocalDateTime.parse("2026-03-07T08:55")))
                .containsExactly(java.time.LocalDateTime.parse("2026-03-08T02:30"));
    }

    private static Instant at(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(LA).toInstant();
    }

    private static Clock fixed(String localDateTime) {
        return Clock.fixed(at(localDateTime), LA);
    }

    /** A step that holds the first run until released (a long run going when the next is due). */
    static final class HeldStep implements PipelineStep {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "held";
        }

        @Override
        public int order() {
            return 1;
        }

        @Override
        public StepOutcome execute(RunContext context) {
            entered.countDown();
            try {
                release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StepOutcome.ok(0, "held");
        }
    }
}
