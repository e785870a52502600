package io.stockroom.ingest;

import java.util.List;
import java.util.Map;

/**
 * The structured summary kept with every feed (feeds.summary, JSON): where it got to, when, what it counted,
 * what it noticed and, for a failure, the error.
 */
public record FeedSummary(String stage, Map<String, String> timestamps, Map<String, Long> stageMillis, Metrics metrics, List<Issue> issues, Error error) {

    /** Counts and money. Money fields are null where the dataset carries no prices. */
    public record Metrics(
            long recordsRead,
            long recordsLoaded,
            long recordsQuarantined,
            long returns,
            long warnings,
            Double qualityScore,
            Double errorShare,
            Double grossRevenue,
            Double cogs,
            Double margin,
            Double marginPct,
            String minDate,
            String maxDate) {}

    /** Something a person should know: type is error (rows quarantined), warn (rows kept) or info. */
    public record Issue(String type, String code, String column, String message, long rows) {}

    public record Error(String code, String message, String traceId) {}
}
