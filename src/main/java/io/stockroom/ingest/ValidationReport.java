package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.quality.Quarantine;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** What `stockroom validate` and the upload preview report about a file, without loading it. */
public record ValidationReport(
        String fileName,
        String dataset,
        String format,
        String encoding,
        char delimiter,
        Map<String, String> columnToHeader,
        List<String> unmappedHeaders,
        List<String> missingRequired,
        long recordsRead,
        long loadable,
        long quarantined,
        long warnings,
        double qualityScore,
        double errorShare,
        boolean wouldFail,
        String failure,
        List<FeedSummary.Issue> issues,
        List<Quarantine.Row> sample) {

    /**
     * What ingest records as the file's own failed feed when it refuses it before checking its rows (exit 1 on the
     * CLI), as opposed to a mistake in the command or a warehouse that does not answer (exit 2 or 3).
     */
    private static final EnumSet<ErrorCode> FILE_REFUSALS = EnumSet.of(
            ErrorCode.FILE_EMPTY,
            ErrorCode.FILE_HEADER_ONLY,
            ErrorCode.FILE_BINARY,
            ErrorCode.FILE_UNREADABLE,
            ErrorCode.FILE_TOO_LARGE,
            ErrorCode.UNSUPPORTED_FORMAT,
            ErrorCode.DATASET_UNKNOWN,
            ErrorCode.DATASET_AMBIGUOUS,
            ErrorCode.MISSING_REQUIRED_COLUMN,
            ErrorCode.TOO_MANY_COLUMNS,
            ErrorCode.DATE_ORDER_AMBIGUOUS,
            ErrorCode.BUSINESS_DATE_REQUIRED,
            ErrorCode.ERROR_THRESHOLD_EXCEEDED);

    /** True when ingest would take {@code code} for the file's failed feed (see {@link #refused}). */
    public static boolean refusesTheFile(ErrorCode code) {
        return FILE_REFUSALS.contains(code);
    }

    /**
     * A file refused before its rows were checked (its dataset not found, a header and no rows, not a data file): it
     * would fail and load nothing, as its feed does under ingest.
     */
    public static ValidationReport refused(String fileName, String dataset, ErrorCode code, String reason) {
        return new ValidationReport(
                fileName,
                dataset,
                null,
                null,
                ',',
                Map.of(),
                List.of(),
                List.of(),
                0,
                0,
                0,
                0,
                0,
                1,
                true,
                reason,
                List.of(new FeedSummary.Issue("error", code.name(), null, reason, 0)),
                List.of());
    }
}
