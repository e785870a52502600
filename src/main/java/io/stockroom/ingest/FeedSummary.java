package io.stockroom.ingest;

import java.util.List;
import java.util.Map;

/**
 * The structured summary kept with every feed (feeds.summary, JSON): where it got to, when, what it counted,
 * what it noticed and, for a failure, the error.
 */
public record FeedSummary(
        String stage,
        Map<String, String> timestamps,
        Map<String, Long> stageMillis,
        Metrics metrics,
        List<Issue> issues,
        Error error) {

    /**
     * Counts and money. Money fields are null where the dataset carries no prices. The margin is taken over the
     * rows that have a product cost only ({@code costedRevenue}); {@code missingProductCost} counts the others.
     */
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
            String maxDate,
            Double costedRevenue,
            Long missingProductCost) {

        public Metrics(
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
                String maxDate) {
            this(
                    recordsRead,
                    recordsLoaded,
                    recordsQuarantined,
                    returns,
                    warnings,
                    qualityScore,
                    errorShare,
                    grossRevenue,
                    cogs,
                    margin,
                    marginPct,
                    minDate,
                    maxDate,
                    null,
                    null);
        }
    }

    /** Something a person should know: type is error (rows quarantined), warn (rows kept) or info. */
    public record Issue(String type, String code, String column, String message, long rows) {}

    public record Error(String code, String message, String traceId) {}
}
