package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.contract.Reference;
import io.stockroom.contract.Severity;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.ingest.format.FileDecoder;
import io.stockroom.quality.Check;
import io.stockroom.quality.CheckPlan;
import io.stockroom.quality.HeaderMapping;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.ValidationOutcome;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Promotion;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Files in, warehouse rows out: receive into the raw lake, decode, detect the dataset, stage in the engine,
 * check, gate, then promote and quarantine in one transaction. Every step leaves a trace in the feed.
 */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final Pattern DATE_IN_NAME = Pattern.compile("(20\\d{2}|19\\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\\d|3[01])");

    private final Warehouse warehouse;
    private final ContractRegistry contracts;
    private final Validator validator;
    private final Quarantine quarantine;
    private final Promotion promotion;
    private final FeedStore feeds;
    private final RawLake lake;
    /**
     * Files at least this big are shown as transforming while they load. A smaller one loads in well under a
     * second and goes from processing to its final status in one step: the status write would cost a commit
     * (a disk sync) per file, which over a backfill of hundreds of daily files adds up to seconds.
     */
    private static final long PROGRESS_BYTES = 16L << 20;

    private final DatasetDetector detector;
    private final StockroomProperties.Quality quality;
    private final Path workDir;

    public IngestService(Warehouse warehouse, ContractRegistry contracts, Validator validator, Quarantine quarantine, Promotion promotion,
            FeedStore feeds, StockroomProperties properties) {
        this.warehouse = warehouse;
        this.contracts = contracts;
        this.validator = validator;
        this.quarantine = quarantine;
        this.promotion = promotion;
        this.feeds = feeds;
        this.lake = new RawLake(warehouse.dataDir());
        this.detector = new DatasetDetector(contracts);
        this.quality = properties.quality();
        this.workDir = warehouse.dataDir().resolve("tmp/decode");
    }

    /** Ingests one file end to end and returns its feed. Never throws for bad input: the feed says what failed. */
    public FeedResult ingest(Path file, IngestRequest request) {
        String feedId = newFeedId();
        feeds.create(feedId, request.originalName(), request.source(), request.runId(), request.sheet());
        long t0 = System.nanoTime();
        if (request.replayOf() != null) {
            RawLake.Received received = receive(feedId, file, request);
            return transform(feedId, received, request, (System.nanoTime() - t0) / 1_000_000, null);
        }
        // Copying into the lake (with its SHA-256) and decoding (encoding, delimiter, structure) each read the whole
        // file once, single-threaded: they run side by side.
        CompletableFuture<DecodedFile> decoding = CompletableFuture.supplyAsync(
                () -> new FileDecoder(workDir).decode(file, request.originalName(), request.sheet()),
                task -> Thread.ofPlatform().daemon().name("decode-" + feedId).start(task));
        RawLake.Received received;
        try {
            received = receive(feedId, file, request);
        } catch (RuntimeException e) {
            decoding.thenAccept(DecodedFile::deleteTemporaryFiles);
            throw e;
        }
        return transform(feedId, received, request, (System.nanoTime() - t0) / 1_000_000, decoding);
    }

    /** Receives a file (lake copy, feed row) and returns its feed id with status queued; transform it later. */
    public Submitted submit(Path file, IngestRequest request) {
        String feedId = newFeedId();
        feeds.create(feedId, request.originalName(), request.source(), request.runId(), request.sheet());
        RawLake.Received received = receive(feedId, file, request);
        feeds.status(feedId, FeedStatus.QUEUED, request.dataset(), request.businessDate(), received.sha256());
        return new Submitted(feedId, received);
    }

    /** A received file waiting to be transformed. */
    public record Submitted(String feedId, RawLake.Received received) {}

    public FeedResult transform(Submitted submitted, IngestRequest request) {
        return transform(submitted.feedId(), submitted.received(), request, 0, null);
    }

    private RawLake.Received receive(String feedId, Path file, IngestRequest request) {
        if (request.replayOf() != null) {
            String lakePath = feeds.lakePath(request.replayOf()).orElseThrow(() -> new StockroomException(ErrorCode.NOT_FOUND,
                    "Feed " + request.replayOf() + " has no raw file in the lake manifest, so it cannot be replayed."));
            Path raw = lake.resolve(lakePath);
            try {
                return new RawLake.Received(raw, null, Files.size(raw));
            } catch (IOException e) {
                throw new StockroomException(ErrorCode.FILE_NOT_FOUND, "The raw file " + raw + " of feed " + request.replayOf()
                        + " is missing from the lake. Restore it from backup to replay.", e);
            }
        }
        return lake.receive(file, feedId, request.originalName());
    }

    /**
     * @param decoding the received file being decoded already (side by side with the lake copy), or null to decode
     *     the lake copy now
     */
    private FeedResult transform(String feedId, RawLake.Received received, IngestRequest request, long receiveMillis,
            CompletableFuture<DecodedFile> decoding) {
        Map<String, Long> millis = new LinkedHashMap<>();
        millis.put("receive", receiveMillis);
        long decodeStart = System.nanoTime();
        Map<String, String> times = new LinkedHashMap<>();
        times.put("received_at", Instant.now().toString());
        Instant receivedAt = Instant.now();
        String dataset = request.dataset();
        LocalDate businessDate = request.businessDate() != null ? request.businessDate() : dateFromName(request.originalName());
        String lakePath = null;
        DecodedFile decoded = null;
        String sha = received.sha256();
        boolean replay = request.replayOf() != null;
        if (replay) {
            sha = feeds.find(request.replayOf()).map(FeedStore.Feed::sha256).orElse(null);
            lakePath = feeds.lakePath(request.replayOf()).orElse(null);
        }
        try {
            decoded = decoding != null ? decoded(decoding) : new FileDecoder(workDir).decode(received.path(), request.originalName(), request.sheet());
            millis.put("decode", (System.nanoTime() - decodeStart) / 1_000_000);
            Contract contract = dataset != null ? contracts.get(dataset) : detector.detect(request.originalName(), decoded.header());
            dataset = contract.dataset();
            if (!contract.isFact() && businessDate == null) {
                businessDate = LocalDate.now();
            }
            if (!replay) {
                var previous = feeds.loadedWithSameBytes(sha, dataset, request.sheet());
                if (previous.isPresent()) {
                    lakePath = lake.file(received, dataset, businessDate);
                    return duplicate(feedId, dataset, businessDate, previous.get(), request, times, millis, lakePath, sha, received.size(), receivedAt);
                }
            }
            if (replay || received.size() >= PROGRESS_BYTES) {
                feeds.status(feedId, FeedStatus.TRANSFORMING, dataset, businessDate, sha);
            }
            times.put("transforming_at", Instant.now().toString());
            final Contract c = contract;
            final DecodedFile d = decoded;
            final LocalDate requestedDate = businessDate;
            final String knownLakePath = lakePath;
            final String finalSha = sha;
            return warehouse.withConnection(conn -> load(conn, feedId, c, d, request, requestedDate, received, knownLakePath, finalSha, times, millis, receivedAt));
        } catch (StockroomException e) {
            return failed(feedId, dataset, businessDate, request, times, millis, received, lakePath, sha, receivedAt, e.code(), e.getMessage(), e);
        } catch (RuntimeException e) {
            return failed(feedId, dataset, businessDate, request, times, millis, received, lakePath, sha, receivedAt, ErrorCode.INTERNAL,
                    "Unexpected error while ingesting " + request.originalName() + ": " + e.getMessage(), e);
        } finally {
            if (decoded != null) {
                decoded.deleteTemporaryFiles();
            }
        }
    }

    private static DecodedFile decoded(CompletableFuture<DecodedFile> decoding) {
        try {
            return decoding.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private FeedResult load(Connection c, String feedId, Contract contract, DecodedFile decoded, IngestRequest request, LocalDate requestedDate,
            RawLake.Received received, String knownLakePath, String sha, Map<String, String> times, Map<String, Long> millis, Instant receivedAt)
            throws SQLException {
        Fast fast = fastLoad(c, feedId, contract, decoded, request, requestedDate, received, knownLakePath, sha, times, millis, receivedAt);
        if (fast.result() != null) {
            return fast.result();
        }
        long t = System.nanoTime();
        Staging.Staged staged;
        try {
            staged = Staging.stage(c, warehouse.dialect(), decoded);
        } catch (SQLException e) {
            throw new StockroomException(ErrorCode.FILE_UNREADABLE, "The engine could not read " + request.originalName() + ": "
                    + firstLine(e.getMessage()) + ". Check that the file is delimited text with one header row.", e);
        }
        millis.put("stage", (System.nanoTime() - t) / 1_000_000);
        HeaderMapping mapping = HeaderMapping.resolve(contract, staged.headers(), request.mapping());
        if (!mapping.missingRequired().isEmpty()) {
            throw new StockroomException(ErrorCode.MISSING_REQUIRED_COLUMN, mapping.missingRequiredMessage(contract, staged.headers()));
        }
        t = System.nanoTime();
        ValidationOutcome outcome = validator.validate(c, contract, mapping, staged.malformedLines());
        millis.put("validate", (System.nanoTime() - t) / 1_000_000);
        long loadStart = System.nanoTime();
        if (outcome.recordsRead() == 0) {
            throw new StockroomException(ErrorCode.FILE_HEADER_ONLY, request.originalName() + " has a header row but no data rows; check that the export covered the right dates.");
        }
        LocalDate businessDate = requestedDate != null ? requestedDate : outcome.maxDate();
        FeedStore.Manifest manifest = fileRaw(received, knownLakePath, contract, businessDate, sha, request, receivedAt);
        List<FeedSummary.Issue> issues = issues(outcome, mapping, decoded);
        if (fast.declined() != null) {
            issues.add(new FeedSummary.Issue("info", "GENERAL_PARSERS", null, "read through the general parsers (slower): " + fast.declined(), 0));
        }
        boolean overThreshold = outcome.errorShare() > quality.errorThreshold();
        c.setAutoCommit(false);
        try {
            long quarantined = quarantine.write(c, feedId, contract.dataset(), outcome, staged.headers());
            FeedResult result;
            FeedSummary summary;
            if (overThreshold) {
                String message = String.format("%.1f%% of the %,d rows cannot be loaded (threshold %.1f%%, stockroom.quality.error-threshold), so nothing was "
                        + "loaded. The quarantine lists every bad row with its reasons; fix the export and send the file again.",
                        100 * outcome.errorShare(), outcome.recordsRead(), 100 * quality.errorThreshold());
                times.put("finished_at", Instant.now().toString());
                millis.put("load", (System.nanoTime() - loadStart) / 1_000_000);
                summary = new FeedSummary("gate", times, millis, metrics(outcome, 0, quarantined, 0, null), issues,
                        new FeedSummary.Error(ErrorCode.ERROR_THRESHOLD_EXCEEDED.name(), message, UUID.randomUUID().toString()));
                result = new FeedResult(feedId, contract.dataset(), businessDate, FeedStatus.FAILED, outcome.recordsRead(), 0, quarantined, 0,
                        outcome.qualityScore(), null, Set.of(), summary);
            } else {
                Map<String, String> placeholderFlags = placeholderFlags(contract, outcome);
                Promotion.Result promoted = promotion.promote(c, contract, outcome.plan().loadExpressions(), List.copyOf(mapping.columnToHeader().keySet()),
                        placeholderFlags, feedId);
                result = loaded(c, feedId, contract, businessDate, outcome, promoted, quarantined, issues, times, millis, loadStart);
                summary = result.summary();
            }
            feeds.finish(c, result, summary, request.originalName(), manifest);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Files the received file under its dataset and date in the lake; its manifest row, or null for a replay (already filed). */
    private FeedStore.Manifest fileRaw(RawLake.Received received, String knownLakePath, Contract contract, LocalDate businessDate, String sha,
            IngestRequest request, Instant receivedAt) {
        String lakePath = knownLakePath != null ? knownLakePath : lake.file(received, contract.dataset(), businessDate);
        return request.replayOf() != null ? null : new FeedStore.Manifest(lakePath, sha, received.size(), request.source(), receivedAt);
    }

    /** The feed of a load whose rows are in the warehouse (not yet committed): issues, money metrics, summary. */
    private FeedResult loaded(Connection c, String feedId, Contract contract, LocalDate businessDate, ValidationOutcome outcome, Promotion.Result promoted,
            long quarantined, List<FeedSummary.Issue> issues, Map<String, String> times, Map<String, Long> millis, long loadStart) throws SQLException {
        if (promoted.placeholdersCreated() > 0) {
            issues.add(new FeedSummary.Issue("info", "PLACEHOLDERS_CREATED", null, promoted.placeholdersCreated()
                    + " unknown master records were created as placeholders flagged for review (is_placeholder)", promoted.placeholdersCreated()));
        }
        promoted.replacedRowsByFeed().forEach((oldFeed, n) -> issues.add(new FeedSummary.Issue("info", "SLICE_REPLACED", null,
                String.format("replaced %,d rows loaded earlier by feed %s for the same dates and stores", n, oldFeed), n)));
        double[] money = money(c, contract.dataset(), outcome.plan().loadExpressions());
        times.put("finished_at", Instant.now().toString());
        millis.put("load", (System.nanoTime() - loadStart) / 1_000_000);
        FeedSummary summary = new FeedSummary("loaded", times, millis, metrics(outcome, promoted.rowsLoaded(), quarantined, (long) money[0], money), issues, null);
        return new FeedResult(feedId, contract.dataset(), businessDate, FeedStatus.TRANSFORMED, outcome.recordsRead(), promoted.rowsLoaded(),
                quarantined, (long) money[0], outcome.qualityScore(), null, promoted.datesTouched(), summary);
    }

    /**
     * The fast path for a clean fact file, the usual case: the engine types the columns while it reads the file
     * and inserts the rows straight into the fact table; the checks then run over those rows (their row groups,
     * not the history) inside the same transaction. One read, one write, no staging copies. If any line does not
     * parse, any error check fails, or any value needs the general parsers (trimming, null words, day-first
     * dates, decimal commas ...), everything is rolled back and empty is returned: the general path then stages
     * the text and quarantines each bad row with its reasons, exactly as before.
     */
    /** What the fast path did: the loaded feed, or why it handed the file to the general path (null: it did not apply). */
    private record Fast(FeedResult result, String declined) {
        static final Fast NOT_APPLICABLE = new Fast(null, null);

        static Fast declined(String why) {
            return new Fast(null, why);
        }
    }

    private Fast fastLoad(Connection c, String feedId, Contract contract, DecodedFile decoded, IngestRequest request, LocalDate requestedDate,
            RawLake.Received received, String knownLakePath, String sha, Map<String, String> times, Map<String, Long> millis, Instant receivedAt)
            throws SQLException {
        if (!contract.isFact() || decoded.parquet()) {
            return Fast.NOT_APPLICABLE;
        }
        HeaderMapping mapping = HeaderMapping.resolve(contract, decoded.header(), request.mapping());
        Optional<Map<String, String>> types = validator.readTypes(contract, mapping);
        if (!mapping.missingRequired().isEmpty()) {
            return Fast.NOT_APPLICABLE;
        }
        if (types.isEmpty()) {
            return Fast.declined("a mapped column needs the general parsers whatever its values (true/false words)");
        }
        String source = warehouse.dialect().readDelimited(decoded.readable().toAbsolutePath().toString(), decoded.delimiter(), decoded.gzip(),
                decoded.header(), types.get(), decoded.quotedNewlines());
        long t = System.nanoTime();
        boolean committed = false;
        c.setAutoCommit(false);
        try {
            long loadSeq = promotion.nextLoadSeq(c);
            long inserted;
            try {
                inserted = promotion.insertUnchecked(c, contract, validator.typedSelect(contract, mapping, source), feedId, loadSeq);
            } catch (SQLException notClean) {
                log.debug("feed {}: fast path declined ({}); taking the general path", feedId, firstLine(notClean.getMessage()));
                return Fast.declined("a value does not fit its column as written (" + firstLine(notClean.getMessage()) + ")");
            }
            if (inserted == 0) {
                return Fast.NOT_APPLICABLE;
            }
            long rejected = rejectedLines(c);
            if (rejected > 0) {
                return Fast.declined(rejected + " lines do not parse as the contract's types or do not split into the header's columns");
            }
            millis.put("read", (System.nanoTime() - t) / 1_000_000);
            t = System.nanoTime();
            String rows = Promotion.rowsOfLoad(contract, loadSeq);
            Optional<ValidationOutcome> checked = validator.validateLoaded(c, contract, mapping, rows, inserted);
            if (checked.isEmpty()) {
                return Fast.declined("some values need trimming or normalising, or some rows fail a check");
            }
            millis.put("validate", (System.nanoTime() - t) / 1_000_000);
            long loadStart = System.nanoTime();
            ValidationOutcome outcome = checked.get();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TEMP VIEW " + CheckPlan.CHECKED + " AS SELECT *, FALSE AS " + CheckPlan.ERROR + " FROM " + rows + " r");
            }
            LocalDate businessDate = requestedDate != null ? requestedDate : outcome.maxDate();
            FeedStore.Manifest manifest = fileRaw(received, knownLakePath, contract, businessDate, sha, request, receivedAt);
            List<FeedSummary.Issue> issues = issues(outcome, mapping, decoded);
            Promotion.Result promoted = promotion.promoteInserted(c, contract, outcome.plan().loadExpressions(), unknownReferences(contract, outcome),
                    feedId, loadSeq, inserted);
            FeedResult result = loaded(c, feedId, contract, businessDate, outcome, promoted, 0, issues, times, millis, loadStart);
            feeds.finish(c, result, result.summary(), request.originalName(), manifest);
            c.commit();
            committed = true;
            return new Fast(result, null);
        } finally {
            if (!committed) {
                c.rollback();
            }
            c.setAutoCommit(true);
        }
    }

    private static long rejectedLines(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM stockroom_reject_errors")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Fast path: per reference column that creates placeholders, the condition of a row whose value is unknown. */
    private Map<String, String> unknownReferences(Contract contract, ValidationOutcome outcome) {
        Map<String, String> flags = new LinkedHashMap<>();
        placeholderFlags(contract, outcome).keySet().forEach(column -> {
            Reference ref = contract.column(column).orElseThrow().reference();
            String q = warehouse.dialect().quote(column);
            flags.put(column, "(" + q + " IS NOT NULL AND " + q + " NOT IN (SELECT " + warehouse.dialect().quote(ref.column()) + " FROM "
                    + contracts.get(ref.dataset()).table() + "))");
        });
        return flags;
    }

    /** Decodes, stages and checks a file exactly as ingest would, and reports; writes nothing anywhere. */
    public ValidationReport validate(Path file, IngestRequest request) {
        return inspect(file, request, (c, checked) -> report(c, request, checked));
    }

    /** The upload preview: the validation report plus the first rows with per-cell flags and unknown SKUs. */
    public Preview preview(Path file, IngestRequest request, int rows) {
        return inspect(file, request, (c, checked) -> {
            ValidationReport report = report(c, request, checked);
            if (checked.outcome() == null) {
                return new Preview(report, checked.staged().headers(), PreviewRows.raw(c, checked.staged().headers(), rows), List.of(),
                        candidates(checked.decoded()));
            }
            return new Preview(report, checked.staged().headers(), PreviewRows.flagged(c, checked.staged().headers(), checked.mapping(), checked.outcome(), rows),
                    PreviewRows.unknownSkus(c, checked.contract(), checked.mapping(), checked.outcome(), 25), candidates(checked.decoded()));
        });
    }

    /** What the preview shows. */
    public record Preview(ValidationReport report, List<String> headers, List<PreviewRows.Row> rows, List<PreviewRows.UnknownSku> unknownSkus,
            List<DatasetDetector.Candidate> candidates) {}

    /** The three datasets the file's headers fit best, with their scores (see {@link DatasetDetector#candidates}). */
    private List<DatasetDetector.Candidate> candidates(DecodedFile decoded) {
        return detector.candidates(decoded.header(), 3);
    }

    /** A file staged and checked on a connection, for reports that write nothing. */
    record Checked(Contract contract, DecodedFile decoded, Staging.Staged staged, HeaderMapping mapping, ValidationOutcome outcome) {}

    @FunctionalInterface
    interface CheckedWork<T> {
        T apply(Connection c, Checked checked) throws SQLException;
    }

    private <T> T inspect(Path file, IngestRequest request, CheckedWork<T> work) {
        DecodedFile decoded = new FileDecoder(workDir).decode(file, request.originalName(), request.sheet());
        try {
            Contract contract = request.dataset() != null ? contracts.get(request.dataset()) : detector.detect(request.originalName(), decoded.header());
            return warehouse.withConnection(c -> {
                Staging.Staged staged = Staging.stage(c, warehouse.dialect(), decoded);
                HeaderMapping mapping = HeaderMapping.resolve(contract, staged.headers(), request.mapping());
                ValidationOutcome outcome = mapping.missingRequired().isEmpty() ? validator.validate(c, contract, mapping, staged.malformedLines()) : null;
                return work.apply(c, new Checked(contract, decoded, staged, mapping, outcome));
            });
        } finally {
            decoded.deleteTemporaryFiles();
        }
    }

    private ValidationReport report(Connection c, IngestRequest request, Checked k) throws SQLException {
        DecodedFile decoded = k.decoded();
        HeaderMapping mapping = k.mapping();
        List<String> missing = mapping.missingRequired().stream().map(ColumnSpec::name).toList();
        String format = decoded.format().name().toLowerCase();
        ValidationOutcome outcome = k.outcome();
        if (outcome == null) {
            return new ValidationReport(request.originalName(), k.contract().dataset(), format, decoded.sourceEncoding(), decoded.delimiter(),
                    mapping.columnToHeader(), mapping.unmappedHeaders(), missing, 0, 0, 0, 0, 0, 1, true,
                    mapping.missingRequiredMessage(k.contract(), k.staged().headers()), List.of(), List.of());
        }
        boolean fails = outcome.recordsRead() == 0 || outcome.errorShare() > quality.errorThreshold();
        String failure = outcome.recordsRead() == 0 ? "the file has no data rows"
                : fails ? String.format("%.1f%% of rows cannot be loaded (threshold %.1f%%): the feed would fail and load nothing",
                        100 * outcome.errorShare(), 100 * quality.errorThreshold()) : null;
        return new ValidationReport(request.originalName(), k.contract().dataset(), format, decoded.sourceEncoding(), decoded.delimiter(),
                mapping.columnToHeader(), mapping.unmappedHeaders(), missing, outcome.recordsRead(), outcome.loadable(), outcome.quarantined(),
                outcome.warnRows(), outcome.qualityScore(), outcome.errorShare(), fails, failure, issues(outcome, mapping, decoded),
                quarantine.sample(c, outcome, k.staged().headers(), 20));
    }

    private Map<String, String> placeholderFlags(Contract contract, ValidationOutcome outcome) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (ColumnSpec col : contract.columns()) {
            if (col.reference() != null && col.reference().onMissing() == Reference.OnMissing.PLACEHOLDER) {
                for (Check check : outcome.plan().checks()) {
                    if (col.name().equals(check.column()) && check.code().startsWith("UNKNOWN_") && outcome.failures().getOrDefault(check, 0L) > 0) {
                        flags.put(col.name(), check.flag());
                    }
                }
            }
        }
        return flags;
    }

    private static List<FeedSummary.Issue> issues(ValidationOutcome outcome, HeaderMapping mapping, DecodedFile decoded) {
        List<FeedSummary.Issue> issues = new ArrayList<>();
        if (outcome.malformedLines() > 0) {
            issues.add(new FeedSummary.Issue("error", "MALFORMED_ROW", null, outcome.malformedLines()
                    + " lines do not split into the header's columns (ragged rows or broken quoting); they are in quarantine with their raw text",
                    outcome.malformedLines()));
        }
        outcome.failures().forEach((check, n) -> {
            if (n > 0) {
                issues.add(new FeedSummary.Issue(check.severity() == Severity.ERROR ? "error" : "warn", check.code(), check.column(), check.message(), n));
            }
        });
        if (!mapping.unmappedHeaders().isEmpty()) {
            issues.add(new FeedSummary.Issue("info", "IGNORED_COLUMNS", null, "columns not in the contract were kept in the raw lake but not loaded: "
                    + mapping.unmappedHeaders(), 0));
        }
        for (String note : decoded.notes()) {
            issues.add(new FeedSummary.Issue("info", "DECODING", null, note, 0));
        }
        return issues;
    }

    private static FeedSummary.Metrics metrics(ValidationOutcome o, long loaded, long quarantined, long returns, double[] money) {
        Double revenue = money == null || Double.isNaN(money[1]) ? null : round(money[1]);
        Double cogs = money == null || Double.isNaN(money[2]) ? null : round(money[2]);
        Double margin = revenue == null || cogs == null ? null : round(revenue - cogs);
        Double marginPct = margin == null || revenue == 0 ? null : round(100 * margin / revenue);
        return new FeedSummary.Metrics(o.recordsRead(), loaded, quarantined, returns, o.warnRows(), o.qualityScore(), round(100 * o.errorShare()),
                revenue, cogs, margin, marginPct, o.minDate() == null ? null : o.minDate().toString(), o.maxDate() == null ? null : o.maxDate().toString());
    }

    /** returns, gross revenue, COGS of what this feed loaded (NaN where the dataset has no prices). */
    private static double[] money(Connection c, String dataset, Map<String, String> loadExpressions) throws SQLException {
        try (InputStream in = IngestService.class.getResourceAsStream("/quality/metrics/" + dataset + ".sql")) {
            if (in == null) {
                return new double[] {0, Double.NaN, Double.NaN};
            }
            // The rows this feed loaded, as the warehouse table has them, without reading the table back.
            String columns = loadExpressions.entrySet().stream().map(e -> e.getValue() + " AS \"" + e.getKey() + "\"")
                    .collect(java.util.stream.Collectors.joining(", "));
            String loaded = "(SELECT " + columns + " FROM __chk WHERE NOT __error)";
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "").replace("__loaded", loaded);
            try (java.sql.Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return new double[] {r.getLong(1), r.getObject(2) == null ? Double.NaN : r.getDouble(2), r.getObject(3) == null ? Double.NaN : r.getDouble(3)};
            }
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.INTERNAL, "Cannot read the metrics query for " + dataset, e);
        }
    }

    private FeedResult duplicate(String feedId, String dataset, LocalDate businessDate, String previous, IngestRequest request, Map<String, String> times,
            Map<String, Long> millis, String lakePath, String sha, long size, Instant receivedAt) {
        times.put("finished_at", Instant.now().toString());
        FeedSummary summary = new FeedSummary("duplicate", times, millis, new FeedSummary.Metrics(0, 0, 0, 0, 0, null, null, null, null, null, null, null, null),
                List.of(new FeedSummary.Issue("info", "DUPLICATE_FILE", null, "the same bytes were received before as feed " + previous
                        + "; nothing was loaded again", 0)), null);
        FeedResult result = new FeedResult(feedId, dataset, businessDate, FeedStatus.TRANSFORMED, 0, 0, 0, 0, 100, previous, Set.of(), summary);
        feeds.finish(result, summary, request.originalName(), new FeedStore.Manifest(lakePath, sha, size, request.source(), receivedAt));
        return result;
    }

    private FeedResult failed(String feedId, String dataset, LocalDate businessDate, IngestRequest request, Map<String, String> times,
            Map<String, Long> millis, RawLake.Received received, String lakePath, String sha, Instant receivedAt, ErrorCode code, String message,
            Exception cause) {
        String traceId = UUID.randomUUID().toString();
        if (code == ErrorCode.INTERNAL) {
            log.error("feed {} failed [trace {}]", feedId, traceId, cause);
        } else {
            log.info("feed {} failed: {}", feedId, message);
        }
        String path = lakePath;
        if (path == null && request.replayOf() == null) {
            try {
                path = lake.file(received, dataset, businessDate);
            } catch (StockroomException e) {
                path = warehouse.dataDir().relativize(received.path()).toString();
            }
        }
        times.put("finished_at", Instant.now().toString());
        FeedSummary summary = new FeedSummary("failed", times, millis, new FeedSummary.Metrics(0, 0, 0, 0, 0, null, null, null, null, null, null, null, null),
                List.of(), new FeedSummary.Error(code.name(), message, traceId));
        FeedResult result = new FeedResult(feedId, dataset, businessDate, FeedStatus.FAILED, 0, 0, 0, 0, 0, null, Set.of(), summary);
        FeedStore.Manifest manifest = request.replayOf() != null || sha == null ? null
                : new FeedStore.Manifest(path, sha, received.size(), request.source(), receivedAt);
        feeds.finish(result, summary, request.originalName(), manifest);
        return result;
    }

    /** Master data before facts, so references resolve: the order files of one folder are loaded in. */
    public static final List<String> LOAD_ORDER = List.of("stores", "products", "suppliers", "supplier_products", "replenishment_rules",
            "sales", "inventory", "orders", "labour");

    /** Sorts files into load order by the dataset their name starts with (unknown names last, by name). */
    public List<Path> inLoadOrder(List<Path> files) {
        return files.stream().sorted(java.util.Comparator.comparingInt((Path f) -> {
            int i = detector.byName(f.getFileName().toString()).map(c -> LOAD_ORDER.indexOf(c.dataset())).orElse(-1);
            return i < 0 ? LOAD_ORDER.size() : i;
        }).thenComparing(Path::toString)).toList();
    }

    static LocalDate dateFromName(String name) {
        Matcher m = DATE_IN_NAME.matcher(name);
        LocalDate found = null;
        while (m.find()) {
            try {
                found = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (java.time.DateTimeException ignored) {
                // not a date after all
            }
        }
        return found;
    }

    private static String newFeedId() {
        return "feed-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
