package io.stockroom.ingest;

import java.time.LocalDate;
import java.util.Set;

/**
 * The outcome of one ingestion.
 *
 * @param duplicateOf when the same bytes were received before: that feed (nothing was loaded again)
 * @param datesTouched business dates whose warehouse slice changed (empty when nothing loaded)
 */
public record FeedResult(
        String feedId,
        String dataset,
        LocalDate businessDate,
        FeedStatus status,
        long recordsRead,
        long recordsLoaded,
        long recordsQuarantined,
        long returns,
        double qualityScore,
        String duplicateOf,
        Set<LocalDate> datesTouched,
        FeedSummary summary) {

    public boolean loaded() {
        return status == FeedStatus.TRANSFORMED && duplicateOf == null;
    }
}
