package io.stockroom.pipeline;

import java.time.LocalDate;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs yesterday's business date on a cron schedule while the server is up, e.g.
 * stockroom.schedule.cron: "0 30 5 * * *" (05:30 every day, in stockroom.schedule.zone). Off unless configured.
 */
@Component
@ConditionalOnProperty(name = "stockroom.schedule.cron")
class Schedule {

    private static final Logger log = LoggerFactory.getLogger(Schedule.class);

    private final PipelineService pipeline;
    private final ZoneId zone;

    Schedule(PipelineService pipeline, org.springframework.core.env.Environment env) {
        this.pipeline = pipeline;
        this.zone = ZoneId.of(env.getProperty("stockroom.schedule.zone", "UTC"));
    }

    @Scheduled(cron = "${stockroom.schedule.cron}", zone = "${stockroom.schedule.zone:UTC}")
    void daily() {
        LocalDate yesterday = LocalDate.now(zone).minusDays(1);
        RunResult r = pipeline.run(yesterday, Trigger.SCHEDULE);
        log.info("scheduled run {} for {}: {}", r.runId(), yesterday, r.status());
    }
}
