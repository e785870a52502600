package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomProperties;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.quality.AmbiguousDateOrder;
import io.stockroom.quality.HeaderMapping;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.ValidationOutcome;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The check step on its own, for the validation report and the upload preview: decodes, stages and checks a file
 * exactly as a load would, and writes nothing anywhere.
 */
final class FileInspection {

    private final Warehouse warehouse;
    private final Validator validator;
    private final Quarantine quarantine;
    private final DatasetDetector detector;
    private final StockroomProperties.Quality quality;
    private final FileStaging staging;

    FileInspection(
            Warehouse warehouse,
            Validator validator,
            Quarantine quarantine,
            DatasetDetector detector,
            StockroomProperties.Quality quality,
            FileStaging staging) {
        this.warehouse = warehouse;
        this.validator = validator;
        this.quarantine = quarantine;
        this.detector = detector;
        this.quality = quality;
        this.staging = staging;
    }

    /** Decodes, stages and checks a file exactly as ingest would, and reports; writes nothing anywhere. */
    ValidationReport validate(Path file, IngestRequest request) {
        return inspect(
                file,
                request,
                false,
                (c, checked) -> report(c, request, checked),
                (contract, decoded) -> emptyDayReport(request, contract, decoded));
    }

    /** The upload preview: the validation report plus the first rows with per-cell flags and unknown SKUs. */
    IngestService.Preview preview(Path file, IngestRequest request, int rows) {
        return inspect(
                file,
                request,
                true,
                (c, checked) -> {
                    ValidationReport report = report(c, request, checked);
                    List<String> askDateOrder = checked.undecided() == null
                            ? List.of()
                            : checked.undecided().headers();
                    if (checked.outcome() == null) {
                        return new IngestService.Preview(
                                report,
                                checked.staged().headers(),
                                PreviewRows.raw(c, checked.staged().headers(), rows),
                                List.of(),
                                candidates(checked.decoded()),
                                askDateOrder,
                                checked.decoded().sheets());
                    }
                    return new IngestService.Preview(
                            report,
                            checked.staged().headers(),
                            PreviewRows.flagged(
                                    c, checked.staged().headers(), checked.mapping(), checked.outcome(), rows),
                            PreviewRows.unknownSkus(c, checked.contract(), checked.mapping(), checked.outcome(), 25),
                            candidates(checked.decoded()),
                            askDateOrder,
                            checked.decoded().sheets());
                },
                (contract, decoded) -> new IngestService.Preview(
                        emptyDayReport(request, contract, decoded),
                        decoded.header(),
                        List.of(),
                        List.of(),
                        candidates(decoded),
                        List.of(),
                        decoded.sheets()));
    }

    /**
     * A header-only file, reported as ingest would treat it without reading it into the engine: refused unless its
     * dataset allows an empty day ({@link EmptyDays}); then it would load 0 rows, if a business date is given.
     */
    private static ValidationReport emptyDayReport(IngestRequest request, Contract contract, DecodedFile decoded) {
        LocalDate date = request.businessDate() != null
                ? request.businessDate()
                : IngestService.dateFromName(request.originalName());
        if (!contract.emptyDayValid()) {
            throw EmptyDays.refused(contract, decoded, date);
        }
        HeaderMapping mapping = HeaderMapping.resolve(contract, decoded.header(), request.mapping());
        List<String> missing =
                mapping.missingRequired().stream().map(ColumnSpec::name).toList();
        String failure = !missing.isEmpty()
                ? mapping.missingRequiredMessage(contract, decoded.header())
                : date == null ? EmptyDays.undated(contract, decoded).getMessage() : null;
        List<FeedSummary.Issue> issues = new ArrayList<>();
        if (failure == null) {
            issues.add(new FeedSummary.Issue(
                    "info",
                    "EMPTY_DAY",
                    null,
                    "the file has a header row and no data rows: it would load no " + contract.dataset() + " for "
                            + date + ", a normal day for this dataset (contract empty_day: valid)",
                    0));
        }
        return new ValidationReport(
                request.originalName(),
                contract.dataset(),
                decoded.format().name().toLowerCase(),
                decoded.sourceEncoding(),
                decoded.delimiter(),
                mapping.columnToHeader(),
                mapping.unmappedHeaders(),
                missing,
                0,
                0,
                0,
                0,
                100,
                0,
                failure != null,
                failure,
                issues,
                List.of());
    }

    /** The three datasets the file's headers fit best, with their scores (see {@link DatasetDetector#candidates}). */
    private List<DatasetDetector.Candidate> candidates(DecodedFile decoded) {
        return detector.candidates(decoded.header(), 3);
    }

    /** A file staged and checked on a connection, for reports that write nothing. */
    record Checked(
            Contract contract,
            DecodedFile decoded,
            Staging.Staged staged,
            HeaderMapping mapping,
            ValidationOutcome outcome,
            AmbiguousDateOrder undecided) {}

    @FunctionalInterface
    interface CheckedWork<T> {
        T apply(Connection c, Checked checked) throws SQLException;
    }

    /** @param preview the user will see the dataset and confirm it: the headers' best fit is enough */
    private <T> T inspect(
            Path file,
            IngestRequest request,
            boolean preview,
            CheckedWork<T> work,
            BiFunction<Contract, DecodedFile, T> headerOnly) {
        DecodedFile decoded = staging.decode(file, request);
        try {
            Contract contract = staging.contract(request, decoded, !preview);
            if (!preview) {
                // the preview shows which header feeds each column, and the user changes it there
                HeaderMapping.refuseTwoHeadersForOneColumn(
                        contract, decoded.header(), request.mapping(), request.originalName());
            }
            if (decoded.headerOnly()) {
                return headerOnly.apply(contract, decoded);
            }
            return warehouse.withConnection(c -> {
                Staging.Staged staged = Staging.stage(c, warehouse.dialect(), decoded);
                HeaderMapping mapping = HeaderMapping.resolve(contract, staged.headers(), request.mapping());
                ValidationOutcome outcome = null;
                AmbiguousDateOrder undecided = null;
                if (mapping.missingRequired().isEmpty()) {
                    try {
                        outcome =
                                validator.validate(c, contract, mapping, staged.malformedLines(), request.dateOrder());
                    } catch (AmbiguousDateOrder e) {
                        undecided = e;
                    }
                }
                return work.apply(c, new Checked(contract, decoded, staged, mapping, outcome, undecided));
            });
        } finally {
            decoded.deleteTemporaryFiles();
        }
    }

    /** A file whose rows were not checked (a date order to decide, required columns missing): it would fail. */
    private static ValidationReport unchecked(
            IngestRequest request,
            Checked k,
            String format,
            List<String> missing,
            String reason,
            List<FeedSummary.Issue> issues) {
        DecodedFile decoded = k.decoded();
        HeaderMapping mapping = k.mapping();
        return new ValidationReport(
                request.originalName(),
                k.contract().dataset(),
                format,
                decoded.sourceEncoding(),
                decoded.delimiter(),
                mapping.columnToHeader(),
                mapping.unmappedHeaders(),
                missing,
                0,
                0,
                0,
                0,
                0,
                1,
                true,
                reason,
                issues,
                List.of());
    }

    private ValidationReport report(Connection c, IngestRequest request, Checked k) throws SQLException {
        DecodedFile decoded = k.decoded();
        HeaderMapping mapping = k.mapping();
        List<String> missing =
                mapping.missingRequired().stream().map(ColumnSpec::name).toList();
        String format = decoded.format().name().toLowerCase();
        ValidationOutcome outcome = k.outcome();
        if (k.undecided() != null) {
            return unchecked(
                    request,
                    k,
                    format,
                    missing,
                    k.undecided().getMessage(),
                    List.of(new FeedSummary.Issue(
                            "error",
                            ErrorCode.DATE_ORDER_AMBIGUOUS.name(),
                            null,
                            k.undecided().getMessage(),
                            0)));
        }
        if (outcome == null) {
            return unchecked(
                    request,
                    k,
                    format,
                    missing,
                    mapping.missingRequiredMessage(k.contract(), k.staged().headers()),
                    List.of());
        }
        boolean fails = outcome.recordsRead() == 0 || outcome.errorShare() > quality.errorThreshold();
        String failure = outcome.recordsRead() == 0
                ? "the file has no data rows"
                : fails
                        ? String.format(
                                "%.1f%% of rows cannot be loaded (threshold %.1f%%): the feed would fail and load nothing",
                                100 * outcome.errorShare(), 100 * quality.errorThreshold())
                        : null;
        return new ValidationReport(
                request.originalName(),
                k.contract().dataset(),
                format,
                decoded.sourceEncoding(),
                decoded.delimiter(),
                mapping.columnToHeader(),
                mapping.unmappedHeaders(),
                missing,
                outcome.recordsRead(),
                outcome.loadable(),
                outcome.quarantined(),
                outcome.warnRows(),
                outcome.qualityScore(),
                outcome.errorShare(),
                fails,
                failure,
                issues(c, outcome, mapping, k, request),
                quarantine.sample(c, outcome, k.staged().headers(), 20));
    }

    /** The issues a load of the checked file would have. */
    private List<FeedSummary.Issue> issues(
            Connection c, ValidationOutcome outcome, HeaderMapping mapping, Checked k, IngestRequest request)
            throws SQLException {
        List<FeedSummary.Issue> issues = FeedSummaries.issues(outcome, mapping, k.decoded());
        issues.addAll(FeedSummaries.lookalikes(k.contract(), validator.lookalikes(c, k.contract(), outcome, true)));
        FeedSummaries.emptyLines(k.staged().emptyLines()).ifPresent(issues::add);
        // the date the feed would be filed under, as ingest takes it: --date, else the file name
        LocalDate filedUnder = request.businessDate() != null
                ? request.businessDate()
                : IngestService.dateFromName(request.originalName());
        FeedLoader.rowsOnOtherDates(filedUnder, request, outcome).ifPresent(issues::add);
        return issues;
    }
}
