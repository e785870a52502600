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

    /** False when the run failed or is incomplete (an expected feed missing or failed): the CLI exits 1. */
    public boolean ok() {
        return status.equals("succeeded") || status.equals("warning");
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
