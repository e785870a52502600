package io.stockroom.pipeline;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.web.context.WebApplicationContext;

/**
 * Runs the pipeline on a cron schedule while the server is up, e.g. stockroom.schedule.cron: "0 30 5 * * *" (05:30
 * every day, in stockroom.schedule.zone, else stockroom.timezone, else UTC). Off unless configured.
 *
 * <p>The business date follows the run window: a run at or after {@code stockroom.schedule.same-day-after} (default
 * 22:00, the procurement batch window 22:00–00:00) processes today; an earlier run (the 05:00 morning run) processes
 * yesterday.
 *
 * <p>The morning's run must happen, or the dashboards at 9 show the day before as if it were the latest: the cron is
 * read on the wall clock, so a time a DST change skips (02:30 on the spring-forward night) fires once the clock has
 * moved past it and a time it repeats fires once; a fire while another run is going waits for it instead of being
 * dropped; and a server started after a fire whose run never began or was interrupted (down at 05:30, restarted at
 * 08:55) runs that date at once.
 */
@Component
@ConditionalOnProperty(name = "stockroom.schedule.cron")
class Schedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Schedule.class);

    /**
     * How far back a start makes up missed fires by default (stockroom.schedule.catch-up-days): a long weekend or a
     * week away; older ones need a backfill.
     */
    static final int CATCH_UP_DAYS = 7;

    /** The longest make-up window allowed: beyond two months a backfill, which says what it does, is the tool. */
    static final int MAX_CATCH_UP_DAYS = 62;

    private final PipelineService pipeline;
    private final RunStore runs;
    private final Clock clock;
    private final LocalTime sameDayAfter;
    private final CronExpression cron;
    private final int catchUpDays;

    @Autowired
    Schedule(PipelineService pipeline, RunStore runs, Environment env) {
        this(
                pipeline,
                runs,
                Clock.system(zone(env)),
                LocalTime.parse(env.getProperty("stockroom.schedule.same-day-after", "22:00")),
                env.getProperty("stockroom.schedule.cron", ""),
                catchUpDays(env.getProperty("stockroom.schedule.catch-up-days")));
    }

    Schedule(PipelineService pipeline, RunStore runs, Clock clock, LocalTime sameDayAfter, String cron) {
        this(pipeline, runs, clock, sameDayAfter, cron, CATCH_UP_DAYS);
    }

    Schedule(
            PipelineService pipeline,
            RunStore runs,
            Clock clock,
            LocalTime sameDayAfter,
            String cron,
            int catchUpDays) {
        this.pipeline = pipeline;
        this.runs = runs;
        this.clock = clock;
        this.sameDayAfter = sameDayAfter;
        this.cron = parse(cron);
        this.catchUpDays = catchUpDays;
    }

    /** stockroom.schedule.catch-up-days: whole days, 0 (make nothing up) to {@link #MAX_CATCH_UP_DAYS}. */
    static int catchUpDays(String value) {
        if (value == null || value.isBlank()) {
            return CATCH_UP_DAYS;
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 0 && days <= MAX_CATCH_UP_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new StockroomException(
                ErrorCode.CONFIG_INVALID,
                "stockroom.schedule.catch-up-days = '" + value + "' must be a whole number of days from 0 (a start"
                        + " makes up no missed run) to " + MAX_CATCH_UP_DAYS + " (default " + CATCH_UP_DAYS
                        + "); older dates are made up with 'stockroom backfill --from ... --to ...'.");
    }

    static ZoneId zone(Environment env) {
        return ZoneId.of(env.getProperty("stockroom.schedule.zone", env.getProperty("stockroom.timezone", "UTC")));
    }

    private static CronExpression parse(String cron) {
        try {
            return CronExpression.parse(cron.trim());
        } catch (IllegalArgumentException e) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.schedule.cron = '" + cron + "' is not a cron (" + e.getMessage() + "). A cron has six"
                            + " fields, second minute hour day-of-month month weekday: \"0 30 5 * * *\" runs at 05:30"
                            + " every day (docs/pipeline.md).");
        }
    }

    /** The business date a run started now processes, in the clock's zone. */
    LocalDate businessDate() {
        return businessDate(LocalDateTime.now(clock));
    }

    /** The business date of a run fired at this wall-clock time. */
    LocalDate businessDate(LocalDateTime fired) {
        return fired.toLocalTime().isBefore(sameDayAfter) ? fired.toLocalDate().minusDays(1) : fired.toLocalDate();
    }

    /**
     * The first fire after an instant, the cron read on the zone's wall clock: a time the clock skips (02:30 on the
     * spring-forward night) fires as the clock has moved on (03:30), one it shows twice fires the first time.
     */
    Instant nextFire(Instant after) {
        LocalDateTime next = cron.next(LocalDateTime.ofInstant(after, clock.getZone()));
        return next == null ? null : next.atZone(clock.getZone()).toInstant();
    }

    /** Set when the scheduler takes the task: the catch-up runs on its thread like a fire. */
    private volatile ScheduledTaskRegistrar registrar;

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        this.registrar = registrar;
        registrar.addTriggerTask(this::daily, context -> {
            Instant last = context.lastScheduledExecution();
            return nextFire(last != null ? last : clock.instant());
        });
    }

    void daily() {
        LocalDate date = businessDate();
        // a run going (a re-run of yesterday from the Runs page) is waited for: today's run is not dropped for it
        RunResult r = pipeline.runWhenFree(date, Trigger.SCHEDULE);
        log.info("scheduled run {} for {}: {}", r.runId(), date, r.status());
    }

    /** The fires after a wall-clock time up to now, oldest first. */
    List<LocalDateTime> firesSince(LocalDateTime after) {
        LocalDateTime now = LocalDateTime.now(clock);
        List<LocalDateTime> fires = new ArrayList<>();
        for (LocalDateTime t = cron.next(after); t != null && !t.isAfter(now); t = cron.next(t)) {
            fires.add(t);
        }
        return fires;
    }

    @EventListener
    void started(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebApplicationContext)) {
            return;
        }
        // on the scheduler, as a fire is, after the start (crash recovery has settled an interrupted run by now)
        TaskScheduler scheduler = registrar == null ? null : registrar.getScheduler();
        if (scheduler != null) {
            scheduler.schedule(this::catchUp, clock.instant());
        } else {
            catchUp();
        }
    }

    /**
     * Runs, oldest first, the date of every fire since the schedule's last run (at most stockroom.schedule.catch-up-days
     * back, default {@link #CATCH_UP_DAYS}; with no scheduled run yet, the last fire within a day) whose run never began or was interrupted: the server
     * was down or restarting at those fires (a weekend: Saturday's, Sunday's and Monday's). Fires further back are
     * named in the log with the backfill that makes them up. Returns the runs made up.
     */
    List<RunResult> catchUp() {
        LocalDateTime now = LocalDateTime.now(clock);
        LocalDateTime limit = now.minusDays(catchUpDays);
        LocalDateTime since = runs.lastStarted(Trigger.SCHEDULE)
                .map(at -> LocalDateTime.ofInstant(at, clock.getZone()))
                .orElse(now.minusDays(1));
        List<LocalDate> notMadeUp = new ArrayList<>();
        if (since.isBefore(limit)) {
            for (LocalDateTime fire : firesSince(since)) {
                if (!fire.isAfter(limit) && !ranSinceFire(fire)) {
                    notMadeUp.add(businessDate(fire));
                }
            }
            since = limit;
        }
        if (!notMadeUp.isEmpty()) {
            log.warn(
                    "the scheduled runs of {} to {} were missed more than {} days ago and are not made up: run"
                            + " 'stockroom backfill --from {} --to {}' for them",
                    notMadeUp.getFirst(),
                    notMadeUp.getLast(),
                    catchUpDays,
                    notMadeUp.getFirst(),
                    notMadeUp.getLast());
        }
        List<RunResult> made = new ArrayList<>();
        for (LocalDateTime fire : firesSince(since)) {
            if (ranSinceFire(fire)) {
                continue;
            }
            LocalDate date = businessDate(fire);
            log.warn(
                    "the scheduled run of {} due at {} did not run (the server was down or stopped): running it now",
                    date,
                    fire);
            RunResult r = pipeline.runWhenFree(date, Trigger.SCHEDULE);
            log.info("scheduled run {} for {} (made up): {}", r.runId(), date, r.status());
            made.add(r);
        }
        return made;
    }

    /** Whether a run of the fire's date began since the fire and was not interrupted. */
    private boolean ranSinceFire(LocalDateTime fire) {
        return runs.ranSince(businessDate(fire), fire.atZone(clock.getZone()).toInstant());
    }
}
