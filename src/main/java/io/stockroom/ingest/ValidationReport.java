package io.stockroom.ingest;

import io.stockroom.quality.Quarantine;
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
        List<Quarantine.Row> sample) {}
