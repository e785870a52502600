package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The scheduled run's business date follows the run window, in the retailer's time zone. */
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
                                Clock.fixed(
                                        ZonedDateTime.parse("2026-03-11T06:30Z").toInstant(), LA),
                                window)
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
            new Schedule(pipeline, at23, LocalTime.of(22, 0)).daily();
            RunStore.Run run = new RunStore(w.warehouse).list(1).get(0);
            assertThat(run.businessDate()).isEqualTo(LocalDate.of(2026, 3, 10));
            assertThat(run.trigger()).isEqualTo("schedule");
        }
    }

    private static LocalDate at(String localDateTime, LocalTime window) {
        Clock clock = Clock.fixed(
                java.time.LocalDateTime.parse(localDateTime).atZone(LA).toInstant(), LA);
        return new Schedule(null, clock, window).businessDate();
    }
}
