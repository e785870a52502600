package io.stockroom.pipeline;

import io.stockroom.security.Actor;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The runs and run_stages tables. */
@Component
public class RunStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Warehouse warehouse;

    /** Whether this process serves the API: a run it finds interrupted is run again there, not with the CLI. */
    private final boolean serving;

    public RunStore(Warehouse warehouse) {
        this(warehouse, false);
    }

    /** @param serving this process is a server (serve, demo): its messages name the Runs page and the API */
    public RunStore(Warehouse warehouse, boolean serving) {
        this.warehouse = warehouse;
        this.serving = serving;
    }

    @org.springframework.beans.factory.annotation.Autowired
    RunStore(Warehouse warehouse, org.springframework.context.ApplicationContext context) {
        this(warehouse, context instanceof org.springframework.web.context.WebApplicationContext);
    }

    public record Stage(String name, String status, Long rows, long durationMs, String error, String detail) {}

    public record Run(
            String runId,
            LocalDate businessDate,
            String trigger,
            String status,
            Instant startedAt,
            Instant finishedAt,
            String error,
            String summary,
            List<Stage> stages) {}

    void start(String runId, LocalDate date, Trigger trigger) {
        start(runId, date, trigger, null);
    }

    /** @param backfill the backfill this run is one date of, or null */
    void start(String runId, LocalDate date, Trigger trigger, Backfill backfill) {
        warehouse.withConnection(c -> Sql.on(c)
                .sql("INSERT INTO runs (run_id, business_date, trigger, status, started_at, process_key, "
                        + "backfill_from, backfill_to, backfill_catch_up) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)")
                .param(Sql.text(runId))
                .param(Sql.date(date))
                .param(Sql.text(trigger.wire()))
                .param(Sql.instant(Instant.now()))
                .param(warehouse.processKey())
                .param(Sql.date(backfill == null ? null : backfill.from()))
                .param(Sql.date(backfill == null ? null : backfill.to()))
                .param(new SqlParameterValue(Types.BOOLEAN, backfill == null ? null : backfill.catchUp()))
                .update());
    }

    /** The dates of a backfill (stockroom backfill --from --to [--catch-up]). */
    record Backfill(LocalDate from, LocalDate to, boolean catchUp) {}

    /**
     * A run a stopped process left running, marked failed: what it was (a run, a replay, a date of a backfill) and
     * what finishes its work, for the run's error and the next command's notice.
     */
    public record Interrupted(String runId, LocalDate date, String trigger, Backfill backfill, boolean serving) {

        public Interrupted(String runId, LocalDate date, String trigger, Backfill backfill) {
            this(runId, date, trigger, backfill, false);
        }

        /** "run X", "run X (a replay of D)", "run X (backfill A to B)". */
        public String describe() {
            return "run " + runId
                    + (Trigger.REPLAY.wire().equals(trigger)
                            ? " (a replay of " + date + ")"
                            : backfill != null ? " (backfill " + backfill.from() + " to " + backfill.to() + ")" : "");
        }

        /**
         * What the user does to finish what the run did not. In a server, the Runs page or the API: beside a server
         * that owns the embedded file, {@code stockroom run} is refused (WAREHOUSE_LOCKED).
         */
        public String toFinish() {
            if (Trigger.REPLAY.wire().equals(trigger)) {
                return "The feeds it had re-read are loaded, the others not, so " + date + " may be half replayed: "
                        + "replay it again ("
                        + (serving
                                ? "'Replay from raw files' on the Runs page, or POST /api/v1/runs {\"date\": \"" + date
                                        + "\", \"replay\": true}"
                                : "stockroom replay --date " + date)
                        + ").";
            }
            if (backfill != null && !backfill.to().isBefore(date)) {
                return date + " to " + backfill.to() + " of that backfill did not run to the end: run them with "
                        + (serving
                                ? "'Run this date' on the Runs page, or POST /api/v1/runs {\"date\": \"YYYY-MM-DD\"}, for each"
                                        + " date, oldest first (or stop the server and run stockroom backfill --from "
                                        + date + " --to " + backfill.to() + (backfill.catchUp() ? " --catch-up" : "")
                                        + ")"
                                : "stockroom backfill --from " + date + " --to " + backfill.to()
                                        + (backfill.catchUp() ? " --catch-up" : ""))
                        + ".";
            }
            if (serving && Trigger.SCHEDULE.wire().equals(trigger)) {
                return "The schedule runs the date again at this start, as it makes up a missed run (within"
                        + " stockroom.schedule.catch-up-days); otherwise 'Run this date' on the Runs page, or POST"
                        + " /api/v1/runs {\"date\": \"" + date + "\"}.";
            }
            return "Run the date again to finish it ("
                    + (serving
                            ? "'Run this date' on the Runs page, or POST /api/v1/runs {\"date\": \"" + date + "\"}"
                            : "stockroom run --date " + date)
                    + ").";
        }
    }

    /** The run summary as a JSON tree, so the audit row carries the document and not a quoted string of it. */
    private static Object summaryJson(String summary) {
        if (summary == null) {
            return null;
        }
        try {
            return JSON.readTree(summary);
        } catch (RuntimeException notJson) {
            return summary;
        }
    }

    /** Records stages {@code firstOrder}, {@code firstOrder + 1}, ... of a run in one transaction. */
    void stages(String runId, int firstOrder, List<Stage> stages) {
        if (stages.isEmpty()) {
            return;
        }
        warehouse.inTransaction(c -> {
            holdRow(c, runId);
            insertStages(c, runId, nextOrder(c, runId, firstOrder), stages);
            return null;
        });
    }

    /**
     * Locks the run's row until the transaction ends: a process settling it ({@link #failInterrupted}) writes its
     * status and its recovery stage first or after this, never between.
     */
    private static void holdRow(java.sql.Connection c, String runId) {
        Sql.on(c)
                .sql("UPDATE runs SET status = status WHERE run_id = ?")
                .param(Sql.text(runId))
                .update();
    }

    /** {@code firstOrder}, or after the stages another process added (a recovery stage). */
    private static int nextOrder(java.sql.Connection c, String runId, int firstOrder) {
        int next = Sql.on(c)
                .sql("SELECT COALESCE(MAX(stage_order) + 1, 0) FROM run_stages WHERE run_id = ?")
                .param(Sql.text(runId))
                .query(Integer.class)
                .single();
        return Math.max(firstOrder, next);
    }

    private static void insertStages(java.sql.Connection c, String runId, int firstOrder, List<Stage> stages) {
        Sql.template(c)
                .batchUpdate(
                        "INSERT INTO run_stages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        stages,
                        stages.size(),
                        new ParameterizedPreparedStatementSetter<Stage>() {
                            private int order = firstOrder;

                            @Override
                            public void setValues(PreparedStatement p, Stage stage) throws SQLException {
                                p.setString(1, runId);
                                p.setInt(2, order++);
                                p.setString(3, stage.name());
                                p.setString(4, stage.status());
                                p.setObject(5, stage.rows());
                                p.setLong(6, stage.durationMs());
                                p.setString(7, stage.error());
                                p.setString(8, stage.detail());
                            }
                        });
    }

    /** How a run was recorded at its end: what it said, or what says that another process settled it first. */
    record Ended(String status, String error, List<Stage> lastStages) {}

    /**
     * Ends a run: its status, the stages not recorded yet and the audit line, in one transaction. A run that another
     * process marked interrupted meanwhile (it took this process for stopped: the session holding its key was lost to
     * a database restart or a network cut) keeps that stage, and its record says so and what to do, instead of failing
     * on the stage the other process wrote.
     */
    Ended finish(
            String runId,
            String status,
            String error,
            String summary,
            String trigger,
            LocalDate date,
            int firstOrder,
            List<Stage> lastStages) {
        return warehouse.inTransaction(c -> {
            holdRow(c, runId);
            String recorded = Sql.on(c)
                    .sql("SELECT status FROM runs WHERE run_id = ?")
                    .param(Sql.text(runId))
                    .query(String.class)
                    .optional()
                    .orElse("running");
            Ended ended = recorded.equals("running")
                    ? new Ended(status, error, lastStages)
                    : settledElsewhere(status, error, date, lastStages);
            if (!ended.lastStages().isEmpty()) {
                insertStages(c, runId, nextOrder(c, runId, firstOrder), ended.lastStages());
            }
            Sql.on(c)
                    .sql("UPDATE runs SET status = ?, finished_at = ?, error = ?, summary = ? WHERE run_id = ?")
                    .param(Sql.text(ended.status()))
                    .param(Sql.instant(Instant.now()))
                    .param(Sql.text(ended.error()))
                    .param(Sql.text(summary))
                    .param(Sql.text(runId))
                    .update();
            AuditTrail.write(
                    c,
                    AuditTrail.Entry.pipeline(
                            trigger.equals("replay") ? "replay" : "run",
                            "run",
                            runId,
                            date,
                            null,
                            null,
                            ended.status(),
                            ended.error(),
                            summaryJson(summary)));
            return ended;
        });
    }

    /**
     * A run that went on to its end after another process had marked it interrupted: that process may have failed the
     * feeds it was loading, so its outcome is at best a warning, and the date should run again.
     */
    private static Ended settledElsewhere(String status, String error, LocalDate date, List<Stage> lastStages) {
        String note = "Another Stockroom process marked this run interrupted while it was under way: this process had"
                + " lost the session that shows it alive (a database restart, failover or network cut), and the other"
                + " may have failed the feeds it was loading. The run went on to its end (" + status + "). Run "
                + date + " again to be sure all of it is loaded (stockroom run --date " + date + ").";
        List<Stage> stages = new ArrayList<>(lastStages);
        stages.add(new Stage("settled_elsewhere", "warning", null, 0, null, note));
        return new Ended(
                status.equals("failed") || status.equals(PipelineService.INCOMPLETE) ? status : "warning",
                note + (error == null ? "" : " " + error),
                List.copyOf(stages));
    }

    /**
     * Marks every run left {@code running} by a process that stopped as failed, with the reason and a {@code recovery}
     * stage; returns their ids. A run whose process still runs (another process on the same PostgreSQL warehouse) is
     * left alone, and of two processes starting together only one settles a run.
     */
    List<Interrupted> failInterrupted() {
        record Left(Interrupted run, Long processKey) {}
        List<Left> left = warehouse.withConnection(c -> Sql.on(c)
                .sql(
                        "SELECT run_id, business_date, process_key, trigger, backfill_from, backfill_to, backfill_catch_up "
                                + "FROM runs WHERE status = 'running' ORDER BY started_at")
                .query((r, i) -> {
                    long key = r.getLong(3);
                    Long processKey = r.wasNull() ? null : key;
                    java.sql.Date from = r.getDate(5);
                    java.sql.Date to = r.getDate(6);
                    Backfill backfill = from == null || to == null
                            ? null
                            : new Backfill(from.toLocalDate(), to.toLocalDate(), r.getBoolean(7));
                    return new Left(
                            new Interrupted(
                                    r.getString(1), r.getDate(2).toLocalDate(), r.getString(4), backfill, serving),
                            processKey);
                })
                .list());
        List<Interrupted> stopped = left.stream()
                .filter(run -> !warehouse.isAlive(run.processKey()))
                .map(Left::run)
                .toList();
        return warehouse.inTransaction(c -> {
            List<Interrupted> settledRuns = new ArrayList<>();
            JdbcClient jdbc = Sql.on(c);
            SqlParameterValue now = Sql.instant(Instant.now());
            for (Interrupted run : stopped) {
                String id = run.runId();
                String error =
                        "Interrupted: Stockroom stopped while this run was under way (crash or kill); what it had "
                                + "not committed was not loaded. " + run.toFinish();
                int settled = jdbc.sql("UPDATE runs SET status = 'failed', finished_at = ?, error = ? "
                                + "WHERE run_id = ? AND status = 'running'")
                        .param(now)
                        .param(Sql.text(error))
                        .param(Sql.text(id))
                        .update();
                if (settled == 0) {
                    continue; // another process starting at the same time settled it
                }
                settledRuns.add(run);
                jdbc.sql("INSERT INTO run_stages SELECT ?, COALESCE(MAX(stage_order) + 1, 0), 'recovery', 'failed', "
                                + "NULL, 0, ?, 'marked failed at the next start' FROM run_stages WHERE run_id = ?")
                        .param(Sql.text(id))
                        .param(Sql.text(error))
                        .param(Sql.text(id))
                        .update();
                AuditTrail.write(
                        c,
                        Actor.SYSTEM.name(),
                        AuditTrail.Entry.pipeline("recover", "run", id, run.date(), null, null, "failed", error, null));
            }
            return settledRuns;
        });
    }

    public Optional<Run> find(String runId) {
        List<Run> runs = query("WHERE run_id = ?", Sql.text(runId), 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    public List<Run> list(int limit) {
        return query("", null, limit);
    }

    /** The runs of one business date (all dates: null), newest first. */
    public List<Run> list(LocalDate date, int limit) {
        return date == null ? list(limit) : query("WHERE business_date = ?", Sql.date(date), limit);
    }

    /**
     * Whether a run of the date began at or after the instant and was not cut short by a stop (a run the next start
     * marked interrupted does not count: its date still has to run).
     */
    boolean ranSince(LocalDate date, Instant since) {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT 1 FROM runs WHERE business_date = ? AND started_at >= ? "
                        + "AND NOT (status = 'failed' AND error LIKE 'Interrupted:%')")
                .param(Sql.date(date))
                .param(Sql.instant(since))
                .query(ResultSet::next));
    }

    /**
     * When the last run of a trigger that was not interrupted began (the schedule's: the catch-up makes up the fires
     * after it).
     */
    Optional<Instant> lastStarted(Trigger trigger) {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT MAX(started_at) FROM runs WHERE trigger = ? "
                        + "AND NOT (status = 'failed' AND error LIKE 'Interrupted:%')")
                .param(Sql.text(trigger.wire()))
                .query(r -> {
                    return Optional.ofNullable(r.next() ? Sql.instant(r, 1) : null);
                }));
    }

    /** The business dates that have a finished run that was not a failure (succeeded, warning or incomplete). */
    public List<LocalDate> completedDates() {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql(
                        "SELECT DISTINCT business_date FROM runs WHERE status IN ('succeeded', 'warning', 'incomplete') ORDER BY 1")
                .query((r, i) -> r.getDate(1).toLocalDate())
                .list());
    }

    private List<Run> query(String where, SqlParameterValue arg, int limit) {
        return warehouse.withConnection(c -> {
            JdbcClient jdbc = Sql.on(c);
            JdbcClient.StatementSpec select = jdbc.sql(
                    "SELECT run_id, business_date, trigger, status, started_at, finished_at, error, summary FROM runs "
                            + where + " ORDER BY started_at DESC LIMIT " + limit);
            if (arg != null) {
                select = select.param(arg);
            }
            List<Run> runs = select.query((r, i) -> {
                        return new Run(
                                r.getString(1),
                                r.getDate(2).toLocalDate(),
                                r.getString(3),
                                r.getString(4),
                                Sql.instant(r, 5),
                                Sql.instant(r, 6),
                                r.getString(7),
                                r.getString(8),
                                new ArrayList<>());
                    })
                    .list();
            for (Run run : runs) {
                jdbc.sql(
                                "SELECT name, status, rows, duration_ms, error, detail FROM run_stages WHERE run_id = ? ORDER BY stage_order")
                        .param(Sql.text(run.runId()))
                        .query((ResultSet r) -> {
                            run.stages()
                                    .add(new Stage(
                                            r.getString(1),
                                            r.getString(2),
                                            (Long) r.getObject(3),
                                            r.getLong(4),
                                            r.getString(5),
                                            r.getString(6)));
                        });
            }
            return runs;
        });
    }
}
