package io.stockroom.pipeline;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the pipeline on a cron schedule while the server is up, e.g. stockroom.schedule.cron: "0 30 5 * * *" (05:30
 * every day, in stockroom.schedule.zone, else stockroom.timezone, else UTC). Off unless configured.
 *
 * <p>The business date follows the run window: a run at or after {@code stockroom.schedule.same-day-after} (default
 * 22:00, the procurement batch window 22:00–00:00) processes today; an earlier run (the 05:00 morning run) processes
 * yesterday.
 */
@Component
@ConditionalOnProperty(name = "stockroom.schedule.cron")
class Schedule {

    private static final Logger log = LoggerFactory.getLogger(Schedule.class);

    private final PipelineService pipeline;
    private final Clock clock;
    private final LocalTime sameDayAfter;

    @Autowired
    Schedule(PipelineService pipeline, Environment env) {
        this(
                pipeline,
                Clock.system(zone(env)),
                LocalTime.parse(env.getProperty("stockroom.schedule.same-day-after", "22:00")));
    }

    Schedule(PipelineService pipeline, Clock clock, LocalTime sameDayAfter) {
        this.pipeline = pipeline;
        this.clock = clock;
        this.sameDayAfter = sameDayAfter;
    }

    static ZoneId zone(Environment env) {
        return ZoneId.of(env.getProperty("stockroom.schedule.zone", env.getProperty("stockroom.timezone", "UTC")));
    }

    /** The business date a run started now processes, in the clock's zone. */
    LocalDate businessDate() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        return now.toLocalTime().isBefore(sameDayAfter) ? now.toLocalDate().minusDays(1) : now.toLocalDate();
    }

    @Scheduled(cron = "${stockroom.schedule.cron}", zone = "${stockroom.schedule.zone:${stockroom.timezone:UTC}}")
    void daily() {
        LocalDate date = businessDate();
        RunResult r = pipeline.run(date, Trigger.SCHEDULE);
        log.info("scheduled run {} for {}: {}", r.runId(), date, r.status());
    }
}
