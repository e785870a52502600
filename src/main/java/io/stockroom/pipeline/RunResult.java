package io.stockroom.pipeline;

import io.stockroom.ingest.FeedResult;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** The outcome of one pipeline run. */
public record RunResult(
        String runId,
        LocalDate businessDate,
        Trigger trigger,
        String status,
        List<FeedResult> feeds,
        List<RunStore.Stage> stages,
        Set<LocalDate> datesTouched,
        String error,
        long millis) {

    /**
     * False when the run failed, is incomplete (an expected feed missing or failed), or a feed of its date failed and
     * nothing has replaced it (this run's or an earlier one's: its quality gate is a warning), or the drop folder holds
     * what the run could not read (a folder not named as a date, a broken link), or its disk is short of space:
     * {@code stockroom run} exits 1.
     */
    public boolean ok() {
        return complete() && !feedsFailed() && !dropFolderNotRead() && !diskProblem();
    }

    /**
     * Whether a feed failed because the raw lake cannot be written (read-only, full, not a folder): a problem of the
     * machine, not of the file, which {@code stockroom run} reports with exit 2 (README, exit codes).
     */
    public boolean environmentProblem() {
        return stages.stream()
                .anyMatch(s -> s.name().equals("lake") && s.status().equals("failed"));
    }

    /**
     * Whether the data directory's disk is short of space: below {@code stockroom.min-free-space} at the start, or the
     * warehouse could not checkpoint (a full disk): today's run says what would make tomorrow's fail.
     */
    public boolean diskProblem() {
        return stages.stream()
                .anyMatch(s -> s.name().equals("disk") && s.status().equals("warning"));
    }

    /** Whether the drop folder holds entries the run did not read that need a hand (not files still being written). */
    public boolean dropFolderNotRead() {
        return stages.stream()
                .anyMatch(s -> s.name().equals("drop_folder") && s.status().equals("warning"));
    }

    /**
     * False when the run failed or is incomplete: a replay, which re-reads the date's raw files, exits 1 then only (a
     * file that failed when it came fails again, and is not news).
     */
    public boolean complete() {
        return status.equals("succeeded") || status.equals("warning");
    }

    /** Whether a feed of the date failed and loaded nothing, with nothing of its dataset and date loaded since. */
    public boolean feedsFailed() {
        return stages.stream()
                .anyMatch(s -> s.name().equals("quality_gate") && s.status().equals("warning"));
    }

    public long rowsLoaded() {
        return feeds.stream().mapToLong(FeedResult::recordsLoaded).sum();
    }

    public long rowsQuarantined() {
        return feeds.stream().mapToLong(FeedResult::recordsQuarantined).sum();
    }

    public long failedFeeds() {
        return feeds.stream()
                .filter(f -> !f.loaded() && f.duplicateOf() == null)
                .count();
    }
}
