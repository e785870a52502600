package io.stockroom.pipeline;

import io.stockroom.ingest.IngestService;
import io.stockroom.ingest.UploadService;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.replenish.PurchaseOrders;
import io.stockroom.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Settles what a stopped process (crash, kill -9, power loss) left half-done, once at every start and before any
 * command runs (docs/pipeline.md, "Crash recovery"): runs left {@code running} are marked failed with the reason;
 * feeds left unfinished are transformed again from their raw file (uploads, batch, CLI) or failed with the reason
 * (feeds of a run, whose date is run again); the raw lake is reconciled with its manifest; the marts are refreshed
 * for the dates of feeds that loaded after the last refresh; the uploads working folder loses what a stopped process
 * left there.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CrashRecovery implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CrashRecovery.class);

    private final RunStore runs;
    private final IngestService ingest;
    private final ModelRunner models;
    private final UploadService uploads;
    private final Warehouse warehouse;
    private final PurchaseOrders purchaseOrders;
    /** Null without Trino. */
    private final LakeModels onTrino;
    /** What this process's start settled, for the CLI to tell its user (the log file is not where they look). */
    private volatile Report settled;

    @Autowired
    public CrashRecovery(
            RunStore runs,
            IngestService ingest,
            ModelRunner models,
            UploadService uploads,
            Warehouse warehouse,
            PurchaseOrders purchaseOrders,
            ObjectProvider<LakeModels> onTrino) {
        this(runs, ingest, models, uploads, warehouse, purchaseOrders, onTrino.getIfAvailable());
    }

    private CrashRecovery(
            RunStore runs,
            IngestService ingest,
            ModelRunner models,
            UploadService uploads,
            Warehouse warehouse,
            PurchaseOrders purchaseOrders,
            LakeModels onTrino) {
        this.runs = runs;
        this.ingest = ingest;
        this.models = models;
        this.uploads = uploads;
        this.warehouse = warehouse;
        this.purchaseOrders = purchaseOrders;
        this.onTrino = onTrino;
    }

    public CrashRecovery(
            RunStore runs, IngestService ingest, ModelRunner models, UploadService uploads, Warehouse warehouse) {
        this(runs, ingest, models, uploads, warehouse, (LakeModels) null);
    }

    /** As the start of a deployment whose models {@code onTrino} (null: none) runs on Trino. */
    public CrashRecovery(
            RunStore runs,
            IngestService ingest,
            ModelRunner models,
            UploadService uploads,
            Warehouse warehouse,
            LakeModels onTrino) {
        this(runs, ingest, models, uploads, warehouse, new PurchaseOrders(warehouse), onTrino);
    }

    /** What one start found and did. */
    public record Report(
            List<String> interruptedRuns,
            List<RunStore.Interrupted> runs,
            List<IngestService.Recovered> feeds,
            IngestService.LakeReport lake,
            Set<LocalDate> martDates,
            List<String> rebuiltModels,
            List<String> addedModels,
            LakeModels.Unsettled onTrino,
            String trinoFailed,
            int uploadEntriesRemoved,
            List<PurchaseOrders.FinishedExport> exports) {}

    @Override
    public void run(ApplicationArguments args) {
        recover();
    }

    public Report recover() {
        List<RunStore.Interrupted> interrupted = runs.failInterrupted();
        interrupted.forEach(run ->
                log.warn("{} was running when Stockroom stopped: marked failed. {}", run.describe(), run.toFinish()));
        List<IngestService.Recovered> feeds = ingest.recoverUnfinished();
        IngestService.LakeReport lake = ingest.reconcileLake();
        Set<String> elsewhere = onTrino == null ? Set.of() : Set.copyOf(onTrino.modelNames());
        Set<LocalDate> stale = models.loadedSinceLastRefresh(elsewhere).orElse(null);
        // a refresh recreates the tables of changed models in a transaction of its own before it fills them
        List<String> unfilled = models.recreatedButNotFilled();
        // marts this version added: the readers that use them would otherwise find them empty until the next run
        List<String> added = models.addedSinceLastBuild(elsewhere);
        if (stale != null || !unfilled.isEmpty()) {
            log.warn(
                    "feeds loaded after the last mart refresh (a stopped run or upload): refreshing the marts for {} dates;"
                            + " marts a stopped refresh left empty: {}",
                    stale == null ? 0 : stale.size(),
                    unfilled);
        }
        if (!added.isEmpty()) {
            log.info("marts added by this version of Stockroom, built now from the marts they read: {}", added);
        }
        // Trino's marts likewise, on Trino (its state is its own: the warehouse's refresh does not count for it)
        LakeModels.Unsettled onLake = onTrino == null ? LakeModels.Unsettled.NONE : onTrino.unsettled();
        if (!onLake.models().isEmpty()) {
            log.info(
                    "marts on Trino that this version of Stockroom added or changed, built now on Trino: {}",
                    onLake.models());
        }
        String trinoFailed = null;
        if (stale != null || !unfilled.isEmpty() || !added.isEmpty() || !onLake.isEmpty()) {
            trinoFailed = models.refreshOutsideRun(stale == null ? Set.of() : stale, onTrino)
                    .trinoFailed();
        }
        if (trinoFailed != null) {
            log.warn(
                    "Trino did not refresh its marts at this start ({}): {} wait for the next run, upload or"
                            + " 'stockroom lake models'",
                    trinoFailed,
                    waiting(onLake));
        }
        int removed = uploads != null ? uploads.cleanWorkingFolder(true) : 0;
        List<PurchaseOrders.FinishedExport> exports = purchaseOrders.finishCommittedExports();
        exports.forEach(e -> log.warn(
                "the supplier order export of {} was committed but stopped before {} took their names: named now",
                e.date(),
                e.files()));
        Report report = new Report(
                interrupted.stream().map(RunStore.Interrupted::runId).toList(),
                interrupted,
                feeds,
                lake,
                stale == null ? Set.of() : stale,
                unfilled,
                added,
                onLake,
                trinoFailed,
                removed,
                exports);
        settled = report;
        return report;
    }

    /**
     * What this start found a stopped process had left and what it did about it, one sentence each, for a command's
     * user: a run or ingest killed half-way is otherwise followed by a command that says only its own result.
     */
    public List<String> notices() {
        Report r = settled;
        if (r == null) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (RunStore.Interrupted run : r.runs()) {
            out.add(run.describe()
                    + " was under way when Stockroom last stopped (crash or kill): marked failed, nothing "
                    + "it had not committed was loaded. " + run.toFinish() + " (Unless this command does.)");
        }
        for (IngestService.Recovered f : r.feeds()) {
            String what = "feed " + f.feedId() + " (" + f.originalName() + ") was "
                    + f.before().wire() + " when Stockroom last stopped: ";
            String reason = f.result().summary() != null && f.result().summary().error() != null
                    ? f.result().summary().error().message()
                    : null;
            out.add(
                    f.resumed()
                            ? what + "loaded again from its raw file: "
                                    + f.result().status().wire() + (reason != null ? " (" + reason + ")" : "")
                            : what + "marked failed" + (reason != null ? ". " + reason : "."));
        }
        if (!r.lake().missingFiles().isEmpty()) {
            out.add("raw files listed in the manifest are missing from the lake: "
                    + r.lake().missingFiles() + "; restore them from backup.");
        }
        if (!r.martDates().isEmpty()) {
            out.add("the marts were refreshed for " + r.martDates().size()
                    + " date(s) with loads not yet in them (a run or upload that stopped, or one still under way in"
                    + " another process).");
        }
        for (PurchaseOrders.FinishedExport e : r.exports()) {
            out.add("the supplier order export of " + e.date() + " was committed but stopped before "
                    + String.join(", ", e.files()) + " took their names (the other suppliers' files were out): named"
                    + " now, nothing rewritten, so each supplier gets its file once.");
        }
        if (!r.rebuiltModels().isEmpty()) {
            out.add("the marts " + r.rebuiltModels() + " were empty: a model refresh (stockroom models --rebuild, or a"
                    + " run's models step) stopped after recreating their tables for their new definition and before"
                    + " filling them. Rebuilt now.");
        }
        if (!r.addedModels().isEmpty()) {
            out.add("the marts " + r.addedModels() + " are new in this version of Stockroom: built now from the"
                    + " warehouse, so the dashboards that read them do not show them empty until the next run.");
        }
        if (r.trinoFailed() != null) {
            out.add("the marts on Trino were not refreshed at this start (" + r.trinoFailed() + "): "
                    + waiting(r.onTrino())
                    + " wait for Trino; the next run, upload or 'stockroom lake models' refreshes them there once it"
                    + " is back.");
        } else {
            if (!r.onTrino().models().isEmpty()) {
                out.add("the marts " + r.onTrino().models() + " are new or changed in this version of Stockroom:"
                        + " built now on Trino, so the dashboards that read them do not wait for the next run.");
            }
            int loadedDates = r.onTrino().loaded().map(Set::size).orElse(0);
            if (loadedDates > 0) {
                out.add("the marts on Trino were refreshed for " + loadedDates + " date(s) with loads not yet in them"
                        + " (a refresh on Trino that failed or stopped).");
            }
        }
        return out;
    }

    /** What waits for Trino when it does not answer, as the operator is told. */
    private static String waiting(LakeModels.Unsettled onTrino) {
        List<String> parts = new java.util.ArrayList<>();
        if (!onTrino.models().isEmpty()) {
            parts.add("the marts " + onTrino.models() + " (new or changed in this version, still empty or as the"
                    + " previous version built them)");
        }
        int dates = onTrino.loaded().map(Set::size).orElse(0);
        if (dates > 0) {
            parts.add("the loads of " + dates + " date(s) in the marts on Trino");
        }
        return parts.isEmpty() ? "the marts on Trino and those over the lake's marts" : String.join(" and ", parts);
    }
}
