package io.stockroom.ingest;

import io.stockroom.quality.DateOrder;
import java.time.LocalDate;
import java.util.Map;

/**
 * One file to ingest.
 *
 * @param originalName the name the file had when received
 * @param dataset the dataset, or null to detect it from the file name and headers
 * @param businessDate the business date, or null to take it from the data (facts) or today (master data)
 * @param source where it came from: cli, drop, upload, api, demo, replay
 * @param runId the pipeline run that picked it up, or null
 * @param sheet for .xlsx: the sheet, or null for the first
 * @param mapping explicit header → column choices (from the upload preview), or empty
 * @param replayOf for a replay: the feed whose raw file is re-read (the lake is not written again)
 * @param complete the sender declares the file the complete slice (e.g. every row of its store-days): it replaces
 *     the slice whatever the contract's load mode ({@code --complete}, {@code "complete": true})
 * @param force load the file even if the same bytes were loaded before ({@code --force}), e.g. to restore a slice
 * @param dateOrder how the file's day/month dates read, as the sender said (upload preview, --date-order), or null
 * @param onlyNew add only rows whose key is not loaded yet (master data: a placeholder counts as not loaded); a row
 *     already there is never changed (creating products from an upload)
 */
public record IngestRequest(
        String originalName,
        String dataset,
        LocalDate businessDate,
        String source,
        String runId,
        String sheet,
        Map<String, String> mapping,
        String replayOf,
        boolean complete,
        boolean force,
        DateOrder dateOrder,
        boolean onlyNew) {

    public IngestRequest(
            String originalName,
            String dataset,
            LocalDate businessDate,
            String source,
            String runId,
            String sheet,
            Map<String, String> mapping,
            String replayOf) {
        this(originalName, dataset, businessDate, source, runId, sheet, mapping, replayOf, false, false, null, false);
    }

    public IngestRequest(
            String originalName,
            String dataset,
            LocalDate businessDate,
            String source,
            String runId,
            String sheet,
            Map<String, String> mapping,
            String replayOf,
            DateOrder dateOrder) {
        this(
                originalName,
                dataset,
                businessDate,
                source,
                runId,
                sheet,
                mapping,
                replayOf,
                false,
                false,
                dateOrder,
                false);
    }

    public IngestRequest(
            String originalName,
            String dataset,
            LocalDate businessDate,
            String source,
            String runId,
            String sheet,
            Map<String, String> mapping,
            String replayOf,
            boolean complete,
            boolean force,
            DateOrder dateOrder) {
        this(
                originalName,
                dataset,
                businessDate,
                source,
                runId,
                sheet,
                mapping,
                replayOf,
                complete,
                force,
                dateOrder,
                false);
    }

    public IngestRequest {
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        source = source == null ? "cli" : source;
    }

    public static IngestRequest of(String originalName, String dataset, LocalDate businessDate, String source) {
        return new IngestRequest(originalName, dataset, businessDate, source, null, null, Map.of(), null);
    }

    /** The same request, declaring the file complete and/or forcing a reload of bytes received before. */
    public IngestRequest with(boolean complete, boolean force) {
        return new IngestRequest(
                originalName,
                dataset,
                businessDate,
                source,
                runId,
                sheet,
                mapping,
                replayOf,
                complete,
                force,
                dateOrder,
                onlyNew);
    }

    /** The same request, adding only rows whose key is not loaded yet and never changing one that is. */
    public IngestRequest addingOnlyNew() {
        return new IngestRequest(
                originalName,
                dataset,
                businessDate,
                source,
                runId,
                sheet,
                mapping,
                replayOf,
                complete,
                force,
                dateOrder,
                true);
    }

    /** How this request's rows meet the rows loaded before: the contract's mode, replace_slice when declared complete, append when only new rows may be added. */
    public io.stockroom.contract.LoadMode loadMode(io.stockroom.contract.Contract contract) {
        if (onlyNew) {
            return io.stockroom.contract.LoadMode.APPEND;
        }
        return complete && contract.isFact() ? io.stockroom.contract.LoadMode.REPLACE_SLICE : contract.loadMode();
    }
}
