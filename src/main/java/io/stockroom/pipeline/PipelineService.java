package io.stockroom.pipeline;

import io.stockroom.ErrorCode;
import io.stockroom.FaultPoint;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.Completeness;
import io.stockroom.arrivals.DropFolder;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.retention.RetentionService;
import io.stockroom.security.CurrentActor;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The daily job: for one business date, ingest the drop folder's files (master data first), gate on quality,
 * then run every {@link PipelineStep} (models, replenishment) for the dates that changed. Every run and stage
 * is recorded. One run at a time per process.
 */
@Service
public class PipelineService {

    private static final Logger log = LoggerFactory.getLogger(PipelineService.class);

    /** A run whose expected feeds are missing or failed; ranks above warning, below failed. */
    public static final String INCOMPLETE = "incomplete";

    private final IngestService ingest;
    private final ContractRegistry contracts;
    private final Warehouse warehouse;
    private final RunStore runs;
    private final List<PipelineStep> steps;
    private final DropFolder drop;
    private final ExpectedArrivals arrivals;
    private final RetentionService retention;
    /** One run at a time in this process; a permit, not a lock, so that {@link #start} can hand it to the background. */
    private final java.util.concurrent.Semaphore oneRunAtATime = new java.util.concurrent.Semaphore(1);

    private final Map<String, RunStore.Run> queued = new java.util.concurrent.ConcurrentHashMap<>();
    /** Accepted runs that failed before they could be recorded, not even as failed (the warehouse unreachable). */
    private final Map<String, RunStore.Run> unstarted = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.ExecutorService background =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "stockroom-run");
                t.setDaemon(true);
                return t;
            });

    public PipelineService(
            IngestService ingest,
            ContractRegistry contracts,
            Warehouse warehouse,
            RunStore runs,
            List<PipelineStep> steps,
            StockroomProperties properties) {
        this(
                ingest,
                contracts,
                warehouse,
                runs,
                steps,
                properties,
                new ExpectedArrivals(warehouse, contracts, ArrivalsProperties.defaults()));
    }

    public PipelineService(
            IngestService ingest,
            ContractRegistry contracts,
            Warehouse warehouse,
            RunStore runs,
            List<PipelineStep> steps,
            StockroomProperties properties,
            ExpectedArrivals arrivals) {
        this(ingest, contracts, warehouse, runs, steps, properties, arrivals, null);
    }

    /** @param retention the retention policies, which a replay names when retention removed a file it needs (or null) */
    @Autowired
    public PipelineService(
            IngestService ingest,
            ContractRegistry contracts,
            Warehouse warehouse,
            RunStore runs,
            List<PipelineStep> steps,
            StockroomProperties properties,
            ExpectedArrivals arrivals,
            RetentionService retention) {
        this.retention = retention;
        this.arrivals = arrivals;
        this.ingest = ingest;
        this.contracts = contracts;
        this.warehouse = warehouse;
        this.runs = runs;
        this.steps = steps.stream()
                .sorted(Comparator.comparingInt(PipelineStep::order))
                .toList();
        this.drop = new DropFolder(properties.resolvedDropDir(), warehouse, properties.dropSettleTime());
        this.minFreeSpace = properties.minFreeSpace().toBytes();
    }

    /** {@code stockroom.min-free-space}: below it on the data directory's disk, a run starts with a warning. */
    private final long minFreeSpace;

    /** Processes one business date from the drop folder. */
    public RunResult run(LocalDate date, Trigger trigger) {
        return run(date, trigger, line -> {});
    }

    public RunResult run(LocalDate date, Trigger trigger, Consumer<String> progress) {
        return exclusively(() -> execute(newRunId(date), date, trigger, progress, false, StepMode.NORMAL));
    }

    /**
     * As {@link #run(LocalDate, Trigger)}, but a run going in this process is waited for instead of refused: the
     * scheduled run of the day is not dropped because someone re-runs yesterday at that moment.
     */
    public RunResult runWhenFree(LocalDate date, Trigger trigger) {
        try {
            oneRunAtATime.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StockroomException(ErrorCode.INTERNAL, "Interrupted while waiting for the run going to end", e);
        }
        try {
            return execute(newRunId(date), date, trigger, line -> {}, false, StepMode.NORMAL);
        } finally {
            oneRunAtATime.release();
        }
    }

    /**
     * Starts a run (or a replay) in the background and returns its id at once; 409 when another run is going.
     */
    public String start(LocalDate date, boolean replay, Trigger trigger) {
        // taken here and handed to the background run: no other run can start between this answer and that run
        if (!oneRunAtATime.tryAcquire()) {
            throw new StockroomException(
                    ErrorCode.CONFLICT, "Another run is in progress; wait for it to finish (see GET /api/v1/runs).");
        }
        String runId = newRunId(date);
        Trigger recorded = replay ? Trigger.REPLAY : trigger;
        queued.put(runId, new RunStore.Run(runId, date, recorded.wire(), "queued", null, null, null, null, List.of()));
        try {
            background.submit(CurrentActor.carry(() -> {
                try {
                    execute(runId, date, recorded, line -> {}, replay, StepMode.NORMAL);
                } catch (RuntimeException e) {
                    if (unsettled.containsKey(runId)) {
                        log.error("run {} lost its connection to the warehouse", runId, e);
                        return; // recorded as running; marked failed when the warehouse answers
                    }
                    log.error("background run {} failed before it was recorded", runId, e);
                    recordNeverStarted(runId, date, recorded, e);
                } finally {
                    queued.remove(runId);
                    oneRunAtATime.release();
                }
            }));
        } catch (RuntimeException e) { // the executor is shutting down
            queued.remove(runId);
            oneRunAtATime.release();
            throw e;
        }
        return runId;
    }

    /**
     * What a run that failed with {@code e} in its stage {@code stage} says: Stockroom's own message, which says what to
     * do; an engine out of memory (a statement of the replenishment or forecast steps, say) as what to raise and that
     * the date can run again; anything else as it came.
     */
    static String failure(RuntimeException e, String stage, LocalDate date, String memorySetting) {
        StockroomException se = StockroomException.find(e);
        if (se != null) {
            return se.getMessage();
        }
        if (io.stockroom.warehouse.OutOfMemory.is(e)) {
            return "The warehouse ran out of memory in the run's " + stage + " step. " + memorySetting + ", then run "
                    + date + " again: what the run loaded before it is kept.";
        }
        return e.toString();
    }

    /**
     * What a run that lost its connection to the warehouse says: what happened, in which stage of which run, what
     * was kept, and what to do (the driver's or the pool's text goes to the log).
     */
    static String lostConnection(String warehouse, String stage, String runId, LocalDate date) {
        return "Lost the connection to " + warehouse + " during " + stage + " of run " + runId
                + "; nothing it had not committed was kept. When the database is back, run " + date
                + " again (stockroom run --date " + date + ").";
    }

    /** A run whose end could not be recorded (the warehouse did not answer): marked failed when it answers again. */
    private record Unsettled(
            String runId, LocalDate date, Trigger trigger, String error, String summary, List<RunStore.Stage> stages) {}

    private final Map<String, Unsettled> unsettled = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService settling =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "stockroom-run-settle");
                t.setDaemon(true);
                return t;
            });
    private final java.util.concurrent.atomic.AtomicBoolean settlingScheduled =
            new java.util.concurrent.atomic.AtomicBoolean();

    private void settleLater() {
        if (settlingScheduled.compareAndSet(false, true)) {
            settling.scheduleWithFixedDelay(this::settleUnrecorded, 10, 10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Marks failed the runs of this process whose end could not be recorded, once the warehouse answers again, so a
     * server's run list does not show them running for ever. A run another process settled meanwhile is left as it is.
     */
    void settleUnrecorded() {
        for (Unsettled run : List.copyOf(unsettled.values())) {
            try {
                if (runs.find(run.runId())
                        .map(r -> r.status().equals("running"))
                        .orElse(false)) {
                    runs.finish(
                            run.runId(),
                            "failed",
                            run.error(),
                            run.summary(),
                            run.trigger().wire(),
                            run.date(),
                            0,
                            run.stages());
                    log.warn("run {} is recorded as failed now that the warehouse answers again", run.runId());
                }
                unsettled.remove(run.runId());
            } catch (RuntimeException e) {
                log.debug("run {} cannot be recorded as failed yet", run.runId(), e);
                return; // the warehouse still does not answer: try again at the next tick
            }
        }
    }

    /**
     * An accepted run that failed before it was recorded (it could not hold its date: a lost connection to the
     * warehouse) is recorded as failed with the reason, so its id never answers 404; if even that cannot be written, its
     * id answers from memory as failed until the process stops.
     */
    private void recordNeverStarted(String runId, LocalDate date, Trigger trigger, RuntimeException e) {
        StockroomException se = StockroomException.find(e);
        String error = "The run could not start: " + (se != null ? se.getMessage() : e.toString())
                + ". Nothing was loaded; start the run of " + date + " again.";
        try {
            if (runs.find(runId).isPresent()) {
                return; // recorded, and ended by the run itself
            }
            runs.start(runId, date, trigger);
            runs.finish(
                    runId,
                    "failed",
                    error,
                    null,
                    trigger.wire(),
                    date,
                    0,
                    List.of(new RunStore.Stage("start", "failed", null, 0, error, null)));
        } catch (RuntimeException unrecorded) {
            log.error("run {} could not be recorded as failed either", runId, unrecorded);
            unstarted.put(
                    runId,
                    new RunStore.Run(
                            runId,
                            date,
                            trigger.wire(),
                            "failed",
                            null,
                            java.time.Instant.now(),
                            error,
                            null,
                            List.of()));
        }
    }

    /**
     * A run {@link #start} returned that has not started yet: it is recorded only once it holds its date, which a run
     * of the same date in another process may hold for a while, and its id must answer meanwhile.
     */
    public Optional<RunStore.Run> queued(String runId) {
        return Optional.ofNullable(queued.get(runId)).or(() -> Optional.ofNullable(unstarted.get(runId)));
    }

    private static String newRunId(LocalDate date) {
        return "run-" + date + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs each date from..to in order, every step each day. */
    public List<RunResult> backfill(LocalDate from, LocalDate to, Consumer<RunResult> afterEach) {
        return backfill(from, to, Trigger.BACKFILL, false, afterEach);
    }

    /**
     * Runs each date from..to in order. With {@code catchUp}, the later steps (models, replenishment) are
     * deferred on every day but the last, where the marts are rebuilt once for the whole range: loading
     * months of history then costs one rebuild instead of one refresh per day. Each day's ingest and quality
     * gate are still run and recorded; deferred steps are recorded as skipped.
     */
    public List<RunResult> backfill(
            LocalDate from, LocalDate to, Trigger trigger, boolean catchUp, Consumer<RunResult> afterEach) {
        if (to.isBefore(from)) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "--from " + from + " is after --to " + to + ".");
        }
        List<RunResult> results = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            StepMode mode = !catchUp ? StepMode.NORMAL : d.equals(to) ? StepMode.REBUILD : StepMode.DEFER;
            LocalDate date = d;
            RunStore.Backfill range = new RunStore.Backfill(from, to, catchUp);
            RunResult r = exclusively(() -> execute(newRunId(date), date, trigger, line -> {}, false, mode, range));
            results.add(r);
            afterEach.accept(r);
        }
        return results;
    }

    /** How a run treats the steps after the quality gate. */
    enum StepMode {
        NORMAL,
        /** Record the steps as skipped: a later run of the same backfill rebuilds. */
        DEFER,
        /** Run the steps with a full rebuild. */
        REBUILD
    }

    /**
     * Rebuilds one business date from the raw lake alone: every fact feed that was loaded for that date is read
     * again from its raw file, in the order it first arrived, and the models are refreshed. Master data is
     * not replayed: the models and replenishment of that date read its history as of the date.
     */
    public RunResult replay(LocalDate date) {
        return exclusively(() -> execute(newRunId(date), date, Trigger.REPLAY, line -> {}, true, StepMode.NORMAL));
    }

    private RunResult exclusively(java.util.function.Supplier<RunResult> work) {
        if (!oneRunAtATime.tryAcquire()) {
            throw new StockroomException(
                    ErrorCode.CONFLICT, "Another run is in progress; wait for it to finish (see GET /api/v1/runs).");
        }
        try {
            return work.get();
        } finally {
            oneRunAtATime.release();
        }
    }

    /**
     * Holds the business date while the run works on it: a run of the same date in another process sharing the
     * warehouse (PostgreSQL) waits for this one instead of interleaving with it.
     */
    private RunResult execute(
            String runId, LocalDate date, Trigger trigger, Consumer<String> progress, boolean replay, StepMode mode) {
        return execute(runId, date, trigger, progress, replay, mode, null);
    }

    /** A run stage that warns of the feeds whose summaries carry the issue, naming them; false when none does. */
    /** @param quote what of each feed's issue message the stage repeats after the feed, or null for nothing */
    private boolean warnOnFeeds(
            List<FeedResult> feeds,
            String issue,
            String stage,
            String detail,
            StageLog stages,
            java.util.function.UnaryOperator<String> quote) {
        List<String> named = feeds.stream()
                .filter(f -> f.summary() != null)
                .flatMap(f -> f.summary().issues().stream()
                        .filter(i -> i.code().equals(issue))
                        .limit(1)
                        .map(i -> f.feedId() + " (" + f.dataset() + ")"
                                + (quote == null ? "" : ": " + quote.apply(i.message()))))
                .toList();
        if (!named.isEmpty()) {
            stages.add(new RunStore.Stage(
                    stage,
                    "warning",
                    (long) named.size(),
                    0,
                    null,
                    detail + named + "; see " + issue + " on each feed"));
        }
        return !named.isEmpty();
    }

    private static String failedFeeds(List<String> now, List<String> before) {
        return (now.isEmpty() ? "" : now.size() + " feed(s) failed and loaded nothing: " + now)
                + (now.isEmpty() || before.isEmpty() ? "" : "; ")
                + (before.isEmpty()
                        ? ""
                        : before.size() + " feed(s) of this date failed in an earlier run or ingest and nothing has"
                                + " replaced them: " + before);
    }

    /**
     * Feeds of {@code date} that failed before this run (an earlier run, an ingest or upload) and that no feed of the
     * same dataset and date loaded after: the day still misses what they held, so a later run of it is not complete
     * either. Sending a corrected file (any feed of that dataset and date that loads) settles it.
     */
    private List<String> failedEarlier(LocalDate date, List<FeedResult> thisRun) {
        Set<String> mine = new java.util.HashSet<>();
        thisRun.forEach(f -> mine.add(f.feedId()));
        return warehouse.withConnection(c -> io.stockroom.warehouse.Sql.on(c)
                .sql("SELECT f.feed_id, f.original_name FROM feeds f WHERE f.status = 'failed' AND f.business_date = ?"
                        + " AND f.dataset IS NOT NULL AND f.duplicate_of IS NULL AND f.superseded_by IS NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM feeds g WHERE g.dataset = f.dataset"
                        + " AND g.business_date = f.business_date AND g.status = 'transformed'"
                        + " AND g.created_at > f.created_at) ORDER BY f.created_at, f.feed_id")
                .param(io.stockroom.warehouse.Sql.date(date))
                .query((r, i) -> mine.contains(r.getString(1)) ? null : r.getString(1) + " (" + r.getString(2) + ")")
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .toList());
    }

    /** @param backfill the backfill this run is one date of, or null */
    private RunResult execute(
            String runId,
            LocalDate date,
            Trigger trigger,
            Consumer<String> progress,
            boolean replay,
            StepMode mode,
            RunStore.Backfill backfill) {
        // other processes tell this run from one a stopped process left by this process's key
        warehouse.holdProcessKey();
        try (Warehouse.DateLock held = warehouse.lockBusinessDate(date)) {
            return executeHeld(runId, date, trigger, progress, replay, mode, backfill);
        }
    }

    private RunResult executeHeld(
            String runId,
            LocalDate date,
            Trigger trigger,
            Consumer<String> progress,
            boolean replay,
            StepMode mode,
            RunStore.Backfill backfill) {
        long start = System.currentTimeMillis();
        long[] ingestNanos = {0}; // time inside IngestService, to tell it from the run's own bookkeeping
        long stepMillis = 0;
        // A process killed while it ran this date (or held a feed) after this one started is not settled by this
        // one's start: with the date now held, whatever such a process left is settled here, not left 'running'.
        List<String> settledRuns =
                runs.failInterrupted().stream().map(RunStore.Interrupted::runId).toList();
        List<IngestService.Recovered> settledFeeds = ingest.recoverUnfinished();
        if (backfill == null) {
            runs.start(runId, date, trigger);
        } else {
            runs.start(runId, date, trigger, backfill);
        }
        StageLog stages = new StageLog(runId);
        if (!settledRuns.isEmpty() || !settledFeeds.isEmpty()) {
            stages.add(new RunStore.Stage(
                    "recovery",
                    "warning",
                    (long) (settledRuns.size() + settledFeeds.size()),
                    0,
                    null,
                    "left by a process that stopped (crash or kill) while this run waited: "
                            + (settledRuns.isEmpty() ? "" : "runs " + settledRuns + " marked failed; ")
                            + (settledFeeds.isEmpty()
                                    ? ""
                                    : "feeds "
                                            + settledFeeds.stream()
                                                    .map(f -> f.feedId() + " (" + f.originalName() + ") "
                                                            + (f.resumed()
                                                                    ? "loaded again from its raw file"
                                                                    : "marked failed"))
                                                    .toList())));
        }
        List<FeedResult> feeds = new ArrayList<>();
        Set<LocalDate> touched = new TreeSet<>();
        String status = "succeeded";
        String error = null;
        String running = "ingest"; // the stage a failure is recorded under
        // a full disk is said by the run that meets it, not by tomorrow's that fails (docs/pipeline.md, "Disk space")
        List<String> disk = new ArrayList<>();
        lowDisk().ifPresent(disk::add);
        try {
            long t0 = System.currentTimeMillis();
            List<String> stillWritten = new ArrayList<>();
            List<DropFolder.Skipped> notRead = new ArrayList<>();
            feeds.addAll(
                    replay
                            ? replayFeeds(date, runId, ingestNanos)
                            : ingestDrop(date, runId, progress, ingestNanos, stillWritten, notRead));
            feeds.forEach(f -> touched.addAll(f.datesTouched()));
            long read = feeds.stream().mapToLong(FeedResult::recordsRead).sum();
            stages.add(new RunStore.Stage(
                    "ingest",
                    "succeeded",
                    read,
                    System.currentTimeMillis() - t0,
                    null,
                    String.format(
                                    "%d files, %,d rows read, %,d loaded",
                                    feeds.size(),
                                    read,
                                    feeds.stream()
                                            .mapToLong(FeedResult::recordsLoaded)
                                            .sum())
                            + (stillWritten.isEmpty()
                                    ? ""
                                    : "; still being written, left for the next run: "
                                            + String.join(", ", stillWritten))));
            if (!notRead.isEmpty()) {
                // nothing in the drop folder is passed over without a word: at 6 AM "labour missing" beside a file the
                // scan did not read sends the sender after a file they sent. A file still being written needs no hand:
                // it is named, and read once renamed; nor does a second path to a file read by its first
                boolean needsAHand = notRead.stream().anyMatch(n -> !n.nothingToFix());
                stages.add(new RunStore.Stage(
                        "drop_folder",
                        needsAHand ? "warning" : "succeeded",
                        (long) notRead.size(),
                        0,
                        null,
                        "not read from the drop folder: "
                                + String.join(
                                        ", ",
                                        notRead.stream()
                                                .map(DropFolder.Skipped::toString)
                                                .toList())));
                List<String> toFix = notRead.stream()
                        .filter(n -> !n.nothingToFix())
                        .map(DropFolder.Skipped::toString)
                        .toList();
                if (needsAHand) {
                    status = "warning";
                    error = "Not read from the drop folder " + drop.root() + ": " + String.join(", ", toFix)
                            + "; fix each as it says and run " + date + " again.";
                }
            }

            long failed =
                    feeds.stream().filter(f -> f.status() == FeedStatus.FAILED).count();
            long quarantined =
                    feeds.stream().mapToLong(FeedResult::recordsQuarantined).sum();
            List<String> failedNow = feeds.stream()
                    .filter(f -> f.status() == FeedStatus.FAILED)
                    .map(f -> f.feedId() + " (" + (f.dataset() == null ? "unknown dataset" : f.dataset()) + ", "
                            + f.summary().error().code() + ")")
                    .toList();
            List<String> failedBefore = replay ? List.of() : failedEarlier(date, feeds);
            boolean anyFailed = !failedNow.isEmpty() || !failedBefore.isEmpty();
            stages.add(new RunStore.Stage(
                    "quality_gate",
                    anyFailed ? "warning" : "succeeded",
                    quarantined,
                    0,
                    anyFailed ? failedFeeds(failedNow, failedBefore) : null,
                    String.format("%,d rows quarantined, %d feeds failed", quarantined, failed)));
            if (anyFailed) {
                // a failed feed loaded nothing: the run goes on with the rest of the day, and `stockroom run` exits 1
                status = "warning";
                error = (error == null ? "" : error + " ") + failedFeeds(failedNow, failedBefore)
                        + ". Fix the file and send it again (or ingest it with"
                        + " the options it needs), then run " + date + " again; 'stockroom feed ID' shows why each"
                        + " failed.";
            }
            // a slice that a complete file shrank beyond stockroom.quality.shrink-warning is a warning on the run too;
            // so is an unknown code that differs from a known one only in case: most likely that store or product
            // written another way, its rows sit under a placeholder, apart from its figures, until someone looks
            boolean warned = warnOnFeeds(
                    feeds,
                    "SLICE_SHRANK",
                    "slice_check",
                    "slices shrank by more than stockroom.quality.shrink-warning in ",
                    stages,
                    null);
            warned |= warnOnFeeds(
                    feeds,
                    "PLACEHOLDER_LOOKS_KNOWN",
                    "master_check",
                    "unknown codes that differ from known ones only in case or spaces were loaded under placeholders in ",
                    stages,
                    // the codes the issue names first: what the engineer reads on the run
                    m -> m.contains(" Codes are matched") ? m.substring(0, m.indexOf(" Codes are matched")) : m);
            if (warned) {
                status = "warning";
            }
            // An expected feed that is missing or failed makes the run incomplete: its day's numbers are not whole.
            long tc = System.currentTimeMillis();
            running = "completeness";
            Completeness completeness = arrivals.check(date, runId);
            arrivals.recheckGaps(
                    touched.stream().filter(d -> d.isBefore(date)).toList(),
                    runId); // a late file may complete an earlier day
            stages.add(new RunStore.Stage(
                    "completeness",
                    completeness.complete() ? "succeeded" : INCOMPLETE,
                    (long) completeness.incomplete().size(),
                    System.currentTimeMillis() - tc,
                    null,
                    completeness.describe())); // the run's error says what to do
            if (!completeness.complete()) {
                status = INCOMPLETE;
                error = (error == null ? "" : error + " ") + "Expected feeds not loaded: " + completeness.describe()
                        + ". Send the missing files (or fix the failed feeds) and run " + date
                        + " again; 'stockroom expected --date " + date + "' shows the calendar.";
            }
            touched.add(date);
            RunContext context = new RunContext(runId, date, trigger, Set.copyOf(touched), mode == StepMode.REBUILD);
            for (PipelineStep step : steps) {
                if (mode == StepMode.DEFER) {
                    stages.add(new RunStore.Stage(
                            step.name(),
                            "skipped",
                            null,
                            0,
                            null,
                            "deferred: rebuilt once at the end of the catch-up"));
                    continue;
                }
                stages.flush(); // what is done shows while the step runs
                running = step.name();
                FaultPoint.reached("run.before-" + step.name());
                progress.accept(step.name());
                long ts = System.currentTimeMillis();
                PipelineStep.StepOutcome out = step.execute(context);
                stepMillis += System.currentTimeMillis() - ts;
                stages.add(new RunStore.Stage(
                        step.name(),
                        out.skipped() ? "skipped" : out.warning() ? "warning" : "succeeded",
                        out.skipped() ? null : out.rows(),
                        System.currentTimeMillis() - ts,
                        null,
                        out.detail()));
                if (out.warning() && !status.equals(INCOMPLETE)) {
                    status = "warning";
                }
            }
            if (backfill == null || mode == StepMode.REBUILD) {
                // once a day, or once per catch-up (a checkpoint per date made a backfill slow): the process's end
                // would otherwise checkpoint without a word, and on a full disk leave the log to grow
                running = "checkpoint";
                warehouse.checkpoint().ifPresent(disk::add);
            }
        } catch (RuntimeException e) {
            String lost = warehouse.lostConnection(e);
            error = lost != null
                    ? lostConnection(lost, running, runId, date)
                    : failure(e, running, date, warehouse.memorySetting());
            status = "failed";
            log.error("run {} failed", runId, e);
            StockroomException own = StockroomException.find(e);
            // the raw lake cannot be written: its own stage, so the run's reader (and stockroom run's exit 2) sees
            // the machine is at fault, not a file
            boolean lake = own != null && own.code() == ErrorCode.LAKE_NOT_WRITABLE;
            stages.add(new RunStore.Stage(lake ? "lake" : running, "failed", null, 0, error, null));
        }
        if (!disk.isEmpty()) {
            String problem = String.join(" ", disk);
            stages.add(new RunStore.Stage("disk", "warning", null, 0, null, problem));
            status = status.equals("succeeded") ? "warning" : status;
            error = error == null ? problem : error + " " + problem;
        }
        long millis = System.currentTimeMillis() - start;
        String summary = String.format(
                "{\"feeds\":%d,\"rows_loaded\":%d,\"rows_quarantined\":%d,\"failed_feeds\":%d,\"dates_refreshed\":%d,\"millis\":%d}",
                feeds.size(),
                feeds.stream().mapToLong(FeedResult::recordsLoaded).sum(),
                feeds.stream().mapToLong(FeedResult::recordsQuarantined).sum(),
                feeds.stream().filter(f -> f.status() == FeedStatus.FAILED).count(),
                touched.size(),
                millis);
        RunStore.Ended ended;
        try {
            ended = runs.finish(
                    runId, status, error, summary, trigger.wire(), date, stages.written(), stages.unwritten());
        } catch (RuntimeException e) {
            String lost = warehouse.lostConnection(e);
            if (lost == null && !disk.isEmpty()) {
                // a checkpoint that failed on a full disk leaves DuckDB's database closed to any statement
                throw new StockroomException(
                        ErrorCode.WAREHOUSE_ERROR,
                        String.join(" ", disk) + " Run " + runId + " could not be recorded as ended (" + e.getMessage()
                                + "); the next stockroom command marks it failed.",
                        e);
            }
            if (lost == null) {
                throw e;
            }
            // the run cannot be recorded as ended: this process records it when the database answers again (if it
            // stops first, the next process to start does: its key is free then)
            boolean lostInAStage = error != null && error.startsWith("Lost the connection");
            String why = lostInAStage ? error : lostConnection(lost, "the recording of its end", runId, date);
            List<RunStore.Stage> toRecord = new ArrayList<>(stages.unwritten());
            if (!lostInAStage) {
                toRecord.add(new RunStore.Stage("recording", "failed", null, 0, why, null));
            }
            unsettled.put(runId, new Unsettled(runId, date, trigger, why, summary, List.copyOf(toRecord)));
            settleLater();
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_UNREACHABLE,
                    why + " Run " + runId + " shows as running until the database answers again; then it is marked"
                            + " failed (by this process while it runs, else by the next stockroom command).",
                    e);
        }
        log.debug(
                "run {}: {} ms, of which ingesting {} files {} ms, steps {} ms, the rest (drop folder, run records) {} ms",
                runId,
                System.currentTimeMillis() - start,
                feeds.size(),
                ingestNanos[0] / 1_000_000,
                stepMillis,
                System.currentTimeMillis() - start - ingestNanos[0] / 1_000_000 - stepMillis);
        List<RunStore.Stage> recorded = new ArrayList<>(stages.all().subList(0, stages.written()));
        recorded.addAll(ended.lastStages());
        return new RunResult(runId, date, trigger, ended.status(), feeds, recorded, touched, ended.error(), millis);
    }

    /** A warning when the data directory's disk has less free space than {@code stockroom.min-free-space}. */
    private Optional<String> lowDisk() {
        long free = io.stockroom.warehouse.DiskSpace.free(warehouse.dataDir());
        if (free < 0 || free >= minFreeSpace) {
            return Optional.empty();
        }
        return Optional.of("Only " + io.stockroom.warehouse.DiskSpace.human(free) + " free on "
                + warehouse.dataDir().toAbsolutePath().normalize() + " (stockroom.min-free-space is "
                + io.stockroom.warehouse.DiskSpace.human(minFreeSpace) + "): the raw lake, the warehouse file and its"
                + " log grow there, and a full disk fails the warehouse's checkpoint. Free space on that disk, or move"
                + " the data directory to a larger one.");
    }

    /**
     * A run's stages in order. They are written in batches (before a step starts, and with the run's end) rather than
     * one transaction each: a catch-up of 120 days otherwise spends seconds on commits of one row.
     */
    private final class StageLog {
        private final String runId;
        private final List<RunStore.Stage> stages = new ArrayList<>();
        private int written;

        StageLog(String runId) {
            this.runId = runId;
        }

        void add(RunStore.Stage stage) {
            stages.add(stage);
        }

        void flush() {
            runs.stages(runId, written, unwritten());
            written = stages.size();
        }

        int written() {
            return written;
        }

        List<RunStore.Stage> unwritten() {
            return List.copyOf(stages.subList(written, stages.size()));
        }

        List<RunStore.Stage> all() {
            return List.copyOf(stages);
        }
    }

    /**
     * @param stillWritten gets the drop files that changed while the run looked at them: not read this time
     * @param notRead gets what the scan of the drop folder does not read, each with why
     */
    private List<FeedResult> ingestDrop(
            LocalDate date,
            String runId,
            Consumer<String> progress,
            long[] ingestNanos,
            List<String> stillWritten,
            List<DropFolder.Skipped> notRead) {
        DropFolder.Scan scan = drop.scan(date);
        scan.skipped().forEach(n -> log.warn("drop folder: {} not read: {}", n.relative(), n.why()));
        notRead.addAll(scan.skipped());
        DropFolder.Settled settled = drop.settled(scan.pending());
        settled.stillWritten().forEach(p -> {
            log.warn("{} is still being written: left for the next run", p.relative());
            stillWritten.add(p.relative());
        });
        List<DropFolder.Pending> pending = settled.ready();
        List<java.nio.file.Path> ordered = ingest.inLoadOrder(
                pending.stream().map(DropFolder.Pending::file).toList());
        Map<java.nio.file.Path, DropFolder.Pending> byFile = new java.util.HashMap<>();
        pending.forEach(p -> byFile.put(p.file(), p));
        // Older folders first (late corrections), then today's, each in load order.
        List<DropFolder.Pending> sorted = new ArrayList<>();
        ordered.stream()
                .map(byFile::get)
                .sorted(Comparator.comparing((DropFolder.Pending p) -> p.folderDate() == null ? date : p.folderDate()))
                .forEach(sorted::add);
        List<FeedResult> results = new ArrayList<>();
        List<DropFolder.Picked> picked = new ArrayList<>();
        try {
            for (DropFolder.Pending p : sorted) {
                progress.accept("ingest " + p.relative());
                long t = System.nanoTime();
                FeedResult r = ingest.ingest(
                        p.file(),
                        new IngestRequest(
                                p.file().getFileName().toString(),
                                null,
                                p.folderDate(),
                                "drop",
                                runId,
                                null,
                                Map.of(),
                                null,
                                p.declaredComplete(),
                                false,
                                null,
                                false));
                ingestNanos[0] += System.nanoTime() - t;
                picked.add(new DropFolder.Picked(p, r.feedId()));
                results.add(r);
            }
        } finally {
            // once per run, also when a file failed: a file not recorded is offered again and recognised by its
            // checksum
            drop.markPicked(picked, runId);
        }
        return results;
    }

    /**
     * The fact feeds a replay of {@code date} re-reads, in the order they first arrived: those whose dates cover it,
     * and after them every later feed of the same dataset whose dates meet theirs. A replayed file is loaded whole, so
     * its rows of other dates (a weekly export, a rolling fulfilment file) would otherwise replace the later
     * corrections of those dates; re-reading the later feeds after it leaves every date as the first loads left it.
     */
    private List<String[]> feedsToReplay(LocalDate date) {
        return warehouse.withConnection(c -> {
            List<String[]> out = new ArrayList<>();
            Map<String, LocalDate[]> replayedDates = new java.util.HashMap<>();
            Sql.on(c)
                    .sql(
                            // every feed that loaded a file, also one whose manifest row retention removed with its
                            // file: a replay must know what the date had, not only what the lake still holds (a
                            // replay's
                            // own feed has no manifest row: it re-read its original's file)
                            "SELECT f.feed_id, f.dataset, f.original_name, f.load_mode, f.min_date, f.max_date, f.business_date,"
                                    + " CASE WHEN m.feed_id IS NULL THEN 'removed' END FROM feeds f LEFT JOIN raw_manifest m ON m.feed_id = f.feed_id "
                                    + "WHERE f.status = 'transformed' AND f.duplicate_of IS NULL AND f.replay_of IS NULL"
                                    + " ORDER BY f.created_at, f.feed_id")
                    .query((ResultSet r) -> {
                        String dataset = r.getString(2);
                        java.sql.Date min = r.getDate(5);
                        java.sql.Date max = r.getDate(6);
                        if (min == null
                                || max == null
                                || !contracts.get(dataset).isFact()) {
                            return;
                        }
                        LocalDate from = min.toLocalDate();
                        LocalDate to = max.toLocalDate();
                        LocalDate[] replayed = replayedDates.get(dataset);
                        boolean covers = !date.isBefore(from) && !date.isAfter(to);
                        boolean meets = replayed != null && !to.isBefore(replayed[0]) && !from.isAfter(replayed[1]);
                        if (covers || meets) {
                            java.sql.Date businessDate = r.getDate(7);
                            out.add(new String[] {
                                r.getString(1),
                                dataset,
                                r.getString(3),
                                r.getString(4),
                                businessDate == null
                                        ? null
                                        : businessDate.toLocalDate().toString(),
                                r.getString(8)
                            });
                            replayedDates.put(
                                    dataset,
                                    replayed == null
                                            ? new LocalDate[] {from, to}
                                            : new LocalDate[] {
                                                from.isBefore(replayed[0]) ? from : replayed[0],
                                                to.isAfter(replayed[1]) ? to : replayed[1]
                                            });
                        }
                    });
            return out;
        });
    }

    /**
     * Refuses the replay of a date when retention removed the raw file of a feed it would re-read: rebuilt from the
     * files left, the date would lack that dataset's file while the run said it was rebuilt from the lake. Nothing is
     * re-read then (as for a changed file), and the warehouse keeps the rows the removed files loaded.
     */
    private void refuseWhatRetentionRemoved(LocalDate date, List<String[]> toReplay) {
        Map<String, List<String>> removed = new java.util.TreeMap<>();
        toReplay.stream()
                .filter(f -> f[5] != null)
                .forEach(f ->
                        removed.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0] + " (" + f[2] + ")"));
        if (removed.isEmpty()) {
            return;
        }
        List<String> named = new ArrayList<>();
        removed.forEach((dataset, feeds) -> named.add("retention removed the raw file"
                + (feeds.size() == 1 ? "" : "s") + " of " + dataset + " ("
                + (retention == null ? "its raw-days policy" : retention.rawPolicy(dataset)) + "): "
                + String.join(", ", feeds)));
        throw new StockroomException(
                ErrorCode.RAW_FILE_REMOVED,
                date + " can no longer be replayed: " + String.join("; ", named)
                        + ". A replay re-reads every file the date had or none, so nothing was re-read; the warehouse"
                        + " keeps the rows those files loaded, and the date's marts stand as they are. To load "
                        + String.join(", ", removed.keySet()) + " of " + date
                        + " again, send the file again (the drop folder, or stockroom ingest).");
    }

    private List<FeedResult> replayFeeds(LocalDate date, String runId, long[] ingestNanos) {
        List<String[]> toReplay = feedsToReplay(date);
        refuseWhatRetentionRemoved(date, toReplay);
        if (toReplay.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.NOT_FOUND,
                    "No loaded fact feed covers " + date + ", so there is nothing in the raw lake to replay for it.");
        }
        // every raw file must still have the bytes it was received with before any is re-read: nothing half-replayed
        toReplay.forEach(f -> ingest.verifyRaw(f[0]));
        List<FeedResult> results = new ArrayList<>();
        for (String[] f : toReplay) {
            long t = System.nanoTime();
            // a file that was loaded as the complete slice is replayed as one
            results.add(ingest.ingest(
                    null,
                    new IngestRequest(
                            f[2],
                            f[1],
                            // the date it was loaded for (its drop folder's), not the last date in it: its quality and
                            // freshness count for the same day as the feed it takes the place of
                            f[4] == null ? null : LocalDate.parse(f[4]),
                            "replay",
                            runId,
                            null,
                            Map.of(),
                            f[0],
                            "replace_slice".equals(f[3]),
                            false,
                            null)));
            ingestNanos[0] += System.nanoTime() - t;
            FaultPoint.reached("replay.after-feed"); // one feed re-read and committed, the others not yet
        }
        return results;
    }
}
