package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.FaultPoint;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.contract.Reference;
import io.stockroom.contract.Severity;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.ingest.format.FileDecoder;
import io.stockroom.quality.AmbiguousDateOrder;
import io.stockroom.quality.Check;
import io.stockroom.quality.CheckPlan;
import io.stockroom.quality.DateOrder;
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
    private static final Pattern DATE_IN_NAME =
            Pattern.compile("(20\\d{2}|19\\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\\d|3[01])");

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
    private final int maxColumns;

    public IngestService(
            Warehouse warehouse,
            ContractRegistry contracts,
            Validator validator,
            Quarantine quarantine,
            Promotion promotion,
            FeedStore feeds,
            StockroomProperties properties) {
        this(
                warehouse,
                contracts,
                validator,
                quarantine,
                promotion,
                feeds,
                properties,
                FileDecoder.DEFAULT_MAX_COLUMNS);
    }

    /** @param maxColumns the most columns a received file may have (stockroom.ingest.max-columns) */
    @org.springframework.beans.factory.annotation.Autowired
    public IngestService(
            Warehouse warehouse,
            ContractRegistry contracts,
            Validator validator,
            Quarantine quarantine,
            Promotion promotion,
            FeedStore feeds,
            StockroomProperties properties,
            @org.springframework.beans.factory.annotation.Value(
                            "${stockroom.ingest.max-columns:" + FileDecoder.DEFAULT_MAX_COLUMNS + "}")
                    int maxColumns) {
        this.maxColumns = maxColumns;
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
    public FeedResult ingest(Path file, IngestRequest given) {
        String feedId = newFeedId();
        IngestRequest request = withRecordedDateOrder(given);
        feeds.create(feedId, request);
        long t0 = System.nanoTime();
        if (request.replayOf() != null) {
            RawLake.Received received;
            try {
                received = receive(feedId, file, request);
            } catch (StockroomException e) {
                // the raw file is missing or changed: the replay feed fails with that reason instead of staying
                // "processing"
                return failed(
                        feedId,
                        request.dataset(),
                        null,
                        request,
                        new LinkedHashMap<>(),
                        new LinkedHashMap<>(),
                        null,
                        null,
                        null,
                        Instant.now(),
                        e.code(),
                        e.getMessage(),
                        e);
            }
            return transform(feedId, received, request, (System.nanoTime() - t0) / 1_000_000, null);
        }
        FaultPoint.reached("ingest.before-lake-copy");
        // Copying into the lake (with its SHA-256) and decoding (encoding, delimiter, structure) each read the whole
        // file once, single-threaded: they run side by side.
        CompletableFuture<DecodedFile> decoding = CompletableFuture.supplyAsync(
                () -> new FileDecoder(workDir, maxColumns).decode(file, request.originalName(), request.sheet()),
                task -> Thread.ofPlatform().daemon().name("decode-" + feedId).start(task));
        RawLake.Received received;
        try {
            received = receive(feedId, file, request);
        } catch (RuntimeException e) {
            decoding.thenAccept(DecodedFile::deleteTemporaryFiles);
            throw e;
        }
        FaultPoint.reached("ingest.after-lake-copy");
        return transform(feedId, received, request, (System.nanoTime() - t0) / 1_000_000, decoding);
    }

    /**
     * Loads the raw file of a feed again from the lake, although the same bytes were loaded before (a duplicate
     * feed, or a slice to restore), as a new feed of the same dataset and date with the original's name.
     */
    public FeedResult reload(String feedId) {
        FeedStore.Feed feed = feeds.find(feedId)
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND, "No feed '" + feedId + "'. GET /api/v1/feeds lists them."));
        String lakePath = feeds.manifest(feedId)
                .map(FeedStore.ManifestEntry::lakePath)
                .orElseThrow(
                        () -> new StockroomException(
                                ErrorCode.NOT_FOUND,
                                "Feed " + feedId
                                        + " has no raw file in the lake manifest, so it cannot be reloaded; send the file again with force."));
        Path raw = lake.resolve(lakePath);
        if (!Files.isRegularFile(raw)) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND,
                    "The raw file " + raw + " of feed " + feedId
                            + " is missing from the lake. Restore it from backup, or send the file again with force.");
        }
        return ingest(
                raw,
                new IngestRequest(
                        feed.originalName(),
                        feed.dataset(),
                        feed.businessDate(),
                        "reload",
                        null,
                        feeds.sheet(feedId),
                        Map.of(),
                        null,
                        false,
                        true,
                        feeds.dateOrder(feedId).map(DateOrder::valueOf).orElse(null)));
    }

    /** Receives a file (lake copy, feed row) and returns its feed id with status queued; transform it later. */
    public Submitted submit(Path file, IngestRequest request) {
        String feedId = newFeedId();
        feeds.create(feedId, request);
        // the caller acknowledges the feed as soon as this returns: its bytes are on disk before the feed is queued
        RawLake.Received received = lake.receive(file, feedId, request.originalName(), true);
        feeds.status(feedId, FeedStatus.QUEUED, request.dataset(), request.businessDate(), received.sha256());
        return new Submitted(feedId, received);
    }

    /** A replay reads the dates the way the original load was told to (the preview's answer, --date-order). */
    private IngestRequest withRecordedDateOrder(IngestRequest request) {
        if (request.replayOf() == null || request.dateOrder() != null) {
            return request;
        }
        return feeds.dateOrder(request.replayOf())
                .map(order -> new IngestRequest(
                        request.originalName(),
                        request.dataset(),
                        request.businessDate(),
                        request.source(),
                        request.runId(),
                        request.sheet(),
                        request.mapping(),
                        request.replayOf(),
                        request.complete(),
                        request.force(),
                        DateOrder.valueOf(order)))
                .orElse(request);
    }

    /** A received file waiting to be transformed. */
    public record Submitted(String feedId, RawLake.Received received) {}

    public FeedResult transform(Submitted submitted, IngestRequest request) {
        return transform(submitted.feedId(), submitted.received(), request, 0, null);
    }

    private RawLake.Received receive(String feedId, Path file, IngestRequest request) {
        if (request.replayOf() != null) {
            // the replay checked every file's SHA-256 before re-reading any (verifyRaw); here it only has to exist
            FeedStore.ManifestEntry entry = feeds.manifest(request.replayOf())
                    .orElseThrow(() -> new StockroomException(
                            ErrorCode.NOT_FOUND,
                            "Feed " + request.replayOf()
                                    + " has no raw file in the lake manifest, so it cannot be replayed."));
            Path raw = lake.resolve(entry.lakePath());
            try {
                return new RawLake.Received(raw, null, Files.size(raw));
            } catch (IOException e) {
                throw new StockroomException(
                        ErrorCode.FILE_NOT_FOUND,
                        "The raw file " + entry.lakePath() + " of feed " + request.replayOf()
                                + " is missing from the lake. Restore it from backup to replay.",
                        e);
            }
        }
        return lake.receive(file, feedId, request.originalName());
    }

    /**
     * Checks that a feed's raw file still has the bytes it was received with (the SHA-256 of its manifest row); throws
     * a {@link StockroomException} naming the file and what to do when it is missing or changed. Replays call this for
     * every file before re-reading any, so a changed file refuses the whole replay.
     */
    public void verifyRaw(String feedId) {
        FeedStore.ManifestEntry entry = feeds.manifest(feedId)
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "Feed " + feedId + " has no raw file in the lake manifest, so it cannot be replayed."));
        lake.verify(entry.lakePath(), entry.sha256(), feedId);
    }

    /**
     * @param decoding the received file being decoded already (side by side with the lake copy), or null to decode
     *     the lake copy now
     */
    private FeedResult transform(
            String feedId,
            RawLake.Received received,
            IngestRequest request,
            long receiveMillis,
            CompletableFuture<DecodedFile> decoding) {
        Map<String, Long> millis = new LinkedHashMap<>();
        millis.put("receive", receiveMillis);
        long decodeStart = System.nanoTime();
        Map<String, String> times = new LinkedHashMap<>();
        times.put("received_at", Instant.now().toString());
        Instant receivedAt = Instant.now();
        String dataset = request.dataset();
        LocalDate businessDate =
                request.businessDate() != null ? request.businessDate() : dateFromName(request.originalName());
        String lakePath = null;
        DecodedFile decoded = null;
        String sha = received.sha256();
        boolean replay = request.replayOf() != null;
        if (replay) {
            sha = feeds.find(request.replayOf()).map(FeedStore.Feed::sha256).orElse(null);
            lakePath = feeds.manifest(request.replayOf())
                    .map(FeedStore.ManifestEntry::lakePath)
                    .orElse(null);
        }
        try {
            decoded = decoding != null
                    ? decoded(decoding)
                    : new FileDecoder(workDir, maxColumns)
                            .decode(received.path(), request.originalName(), request.sheet());
            millis.put("decode", (System.nanoTime() - decodeStart) / 1_000_000);
            Contract contract = dataset != null
                    ? contracts.get(dataset)
                    : detector.detect(request.originalName(), decoded.header());
            dataset = contract.dataset();
            if (!contract.isFact() && businessDate == null) {
                businessDate = LocalDate.now();
            }
            if (!replay && !request.force()) {
                var previous = feeds.loadedWithSameBytes(sha, dataset, request.sheet());
                if (previous.isPresent()) {
                    lakePath = lake.file(received, dataset, businessDate);
                    return duplicate(
                            feedId,
                            dataset,
                            businessDate,
                            previous.get(),
                            request,
                            times,
                            millis,
                            lakePath,
                            sha,
                            received.size(),
                            receivedAt);
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
            return warehouse.withConnection(conn -> load(
                    conn,
                    feedId,
                    c,
                    d,
                    request,
                    requestedDate,
                    received,
                    knownLakePath,
                    finalSha,
                    times,
                    millis,
                    receivedAt));
        } catch (StockroomException e) {
            return failed(
                    feedId,
                    dataset,
                    businessDate,
                    request,
                    times,
                    millis,
                    received,
                    lakePath,
                    sha,
                    receivedAt,
                    e.code(),
                    e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            return failed(
                    feedId,
                    dataset,
                    businessDate,
                    request,
                    times,
                    millis,
                    received,
                    lakePath,
                    sha,
                    receivedAt,
                    ErrorCode.INTERNAL,
                    "Unexpected error while ingesting " + request.originalName() + ": " + e.getMessage(),
                    e);
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

    private FeedResult load(
            Connection c,
            String feedId,
            Contract contract,
            DecodedFile decoded,
            IngestRequest request,
            LocalDate requestedDate,
            RawLake.Received received,
            String knownLakePath,
            String sha,
            Map<String, String> times,
            Map<String, Long> millis,
            Instant receivedAt)
            throws SQLException {
        Fast fast = fastLoad(
                c,
                feedId,
                contract,
                decoded,
                request,
                requestedDate,
                received,
                knownLakePath,
                sha,
                times,
                millis,
                receivedAt);
        if (fast.result() != null) {
            return fast.result();
        }
        long t = System.nanoTime();
        Staging.Staged staged;
        try {
            staged = Staging.stage(c, warehouse.dialect(), decoded);
        } catch (SQLException e) {
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE,
                    "The engine could not read " + request.originalName() + ": " + firstLine(e.getMessage())
                            + ". Check that the file is delimited text with one header row.",
                    e);
        }
        millis.put("stage", (System.nanoTime() - t) / 1_000_000);
        HeaderMapping mapping = HeaderMapping.resolve(contract, staged.headers(), request.mapping());
        if (!mapping.missingRequired().isEmpty()) {
            throw new StockroomException(
                    ErrorCode.MISSING_REQUIRED_COLUMN, mapping.missingRequiredMessage(contract, staged.headers()));
        }
        t = System.nanoTime();
        ValidationOutcome outcome =
                validator.validate(c, contract, mapping, staged.malformedLines(), request.dateOrder());
        millis.put("validate", (System.nanoTime() - t) / 1_000_000);
        long loadStart = System.nanoTime();
        if (outcome.recordsRead() == 0) {
            throw new StockroomException(
                    ErrorCode.FILE_HEADER_ONLY,
                    request.originalName()
                            + " has a header row but no data rows; check that the export covered the right dates.");
        }
        LocalDate businessDate = requestedDate != null ? requestedDate : outcome.maxDate();
        FeedStore.Manifest manifest =
                fileRaw(received, knownLakePath, contract, businessDate, sha, request, receivedAt);
        List<FeedSummary.Issue> issues = issues(outcome, mapping, decoded);
        if (fast.declined() != null) {
            issues.add(new FeedSummary.Issue(
                    "info",
                    "GENERAL_PARSERS",
                    null,
                    "read through the general parsers (slower): " + fast.declined(),
                    0));
        }
        boolean overThreshold = outcome.errorShare() > quality.errorThreshold();
        c.setAutoCommit(false);
        try {
            long quarantined =
                    quarantine.write(c, feedId, contract.dataset(), outcome, staged.headers(), overThreshold);
            FeedResult result;
            FeedSummary summary;
            if (overThreshold) {
                issues.add(new FeedSummary.Issue(
                        "error",
                        "FEED_FAILED",
                        null,
                        "the rows that passed their checks were not loaded either: they are in "
                                + "quarantine with the reason FEED_FAILED",
                        quarantined - outcome.quarantined()));
                String message = String.format(
                        "%.1f%% of the %,d rows cannot be loaded (threshold %.1f%%, stockroom.quality.error-threshold), so nothing was "
                                + "loaded. The quarantine lists every bad row with its reasons; fix the export and send the file again.",
                        100 * outcome.errorShare(), outcome.recordsRead(), 100 * quality.errorThreshold());
                times.put("finished_at", Instant.now().toString());
                millis.put("load", (System.nanoTime() - loadStart) / 1_000_000);
                summary = new FeedSummary(
                        "gate",
                        times,
                        millis,
                        metrics(outcome, 0, quarantined, 0, null),
                        issues,
                        new FeedSummary.Error(
                                ErrorCode.ERROR_THRESHOLD_EXCEEDED.name(),
                                message,
                                UUID.randomUUID().toString()));
                result = new FeedResult(
                        feedId,
                        contract.dataset(),
                        businessDate,
                        FeedStatus.FAILED,
                        outcome.recordsRead(),
                        0,
                        quarantined,
                        0,
                        outcome.qualityScore(),
                        null,
                        Set.of(),
                        summary);
            } else {
                Map<String, String> placeholderFlags = placeholderFlags(contract, outcome);
                Promotion.Result promoted = promotion.promote(
                        c,
                        contract,
                        request.loadMode(contract),
                        outcome.plan().loadExpressions(),
                        List.copyOf(mapping.columnToHeader().keySet()),
                        placeholderFlags,
                        feedId,
                        businessDate);
                result = loaded(
                        c,
                        feedId,
                        contract,
                        businessDate,
                        outcome,
                        promoted,
                        quarantined,
                        issues,
                        times,
                        millis,
                        loadStart);
                summary = result.summary();
                feeds.loadMode(c, feedId, promoted.mode());
            }
            feeds.finish(c, result, summary, request.originalName(), manifest);
            FaultPoint.reached("ingest.before-commit");
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
    private FeedStore.Manifest fileRaw(
            RawLake.Received received,
            String knownLakePath,
            Contract contract,
            LocalDate businessDate,
            String sha,
            IngestRequest request,
            Instant receivedAt) {
        String lakePath = knownLakePath != null ? knownLakePath : lake.file(received, contract.dataset(), businessDate);
        return request.replayOf() != null
                ? null
                : new FeedStore.Manifest(lakePath, sha, received.size(), request.source(), receivedAt);
    }

    /** The feed of a load whose rows are in the warehouse (not yet committed): issues, money metrics, summary. */
    private FeedResult loaded(
            Connection c,
            String feedId,
            Contract contract,
            LocalDate businessDate,
            ValidationOutcome outcome,
            Promotion.Result promoted,
            long quarantined,
            List<FeedSummary.Issue> issues,
            Map<String, String> times,
            Map<String, Long> millis,
            long loadStart)
            throws SQLException {
        if (promoted.placeholdersCreated() > 0) {
            issues.add(new FeedSummary.Issue(
                    "info",
                    "PLACEHOLDERS_CREATED",
                    null,
                    promoted.placeholdersCreated()
                            + " unknown master records were created as placeholders flagged for review (is_placeholder)",
                    promoted.placeholdersCreated()));
        }
        loadModeIssues(contract, promoted, issues);
        Money costed = money(c, contract.dataset(), outcome.plan().loadExpressions());
        double[] money = costed.values();
        if (money[4] > 0) {
            issues.add(new FeedSummary.Issue(
                    "info",
                    "MISSING_PRODUCT_COST",
                    null,
                    String.format(
                            "%,d rows have no cost (no SKU or units, or "
                                    + "neither a cost in the costs feed for the day nor a unit_cost in the product master); the margin is taken over the costed "
                                    + "rows only",
                            (long) money[4]),
                    (long) money[4]));
        }
        if (costed.uncostedProducts() > 0) {
            issues.add(new FeedSummary.Issue(
                    "warn",
                    "PRODUCTS_WITHOUT_COST",
                    null,
                    String.format(
                            "%,d products in this file have no cost for "
                                    + "the day they sold (no row of the costs feed valid then and no unit_cost in the product master), so their COGS and "
                                    + "margin are not available (e.g. %s); send them in the costs file or set unit_cost in the products file",
                            costed.uncostedProducts(), costed.uncostedExamples()),
                    costed.uncostedProducts()));
        }
        issues.addAll(loadWarnings(c, contract.dataset()));
        times.put("finished_at", Instant.now().toString());
        millis.put("load", (System.nanoTime() - loadStart) / 1_000_000);
        FeedSummary summary = new FeedSummary(
                "loaded",
                times,
                millis,
                metrics(outcome, promoted.rowsLoaded(), quarantined, (long) money[0], money),
                issues,
                null);
        return new FeedResult(
                feedId,
                contract.dataset(),
                businessDate,
                FeedStatus.TRANSFORMED,
                outcome.recordsRead(),
                promoted.rowsLoaded(),
                quarantined,
                (long) money[0],
                outcome.qualityScore(),
                null,
                promoted.datesTouched(),
                summary);
    }

    /** What the load did to rows loaded before, by its mode; a slice that shrank by more than the configured share is a warning. */
    private void loadModeIssues(Contract contract, Promotion.Result promoted, List<FeedSummary.Issue> issues) {
        switch (promoted.mode()) {
            case REPLACE_SLICE -> {
                promoted.replacedRowsByFeed()
                        .forEach((oldFeed, n) -> issues.add(new FeedSummary.Issue(
                                "info",
                                "SLICE_REPLACED",
                                null,
                                String.format(
                                        "the file was declared the complete slice: replaced %,d rows loaded earlier by feed %s for the same %s",
                                        n,
                                        oldFeed,
                                        String.join(
                                                " + ",
                                                contract.slice().isEmpty()
                                                        ? List.of(contract.dateColumn())
                                                        : contract.slice())),
                                n)));
                List<Promotion.SliceChange> shrunk = promoted.slices().stream()
                        .filter(s -> s.after() < s.before() * (1 - quality.shrinkWarning()))
                        .toList();
                if (!shrunk.isEmpty()) {
                    long lost = shrunk.stream()
                            .mapToLong(s -> s.before() - s.after())
                            .sum();
                    String which = shrunk.stream()
                            .limit(5)
                            .map(s -> String.format("%s: %,d → %,d rows", s.slice(), s.before(), s.after()))
                            .collect(java.util.stream.Collectors.joining("; "));
                    issues.add(new FeedSummary.Issue(
                            "warn",
                            "SLICE_SHRANK",
                            null,
                            String.format(
                                    "%d slice(s) shrank by more than %.0f%% "
                                            + "(stockroom.quality.shrink-warning), %,d rows fewer: %s%s. If the file was not complete, send the original file "
                                            + "again with --force to restore them",
                                    shrunk.size(),
                                    100 * quality.shrinkWarning(),
                                    lost,
                                    which,
                                    shrunk.size() > 5 ? " …" : ""),
                            lost));
                }
            }
            case UPSERT ->
                promoted.replacedRowsByFeed()
                        .forEach((oldFeed, n) -> issues.add(new FeedSummary.Issue(
                                "info",
                                "ROWS_UPDATED",
                                null,
                                String.format(
                                        "updated %,d rows loaded earlier by feed %s with the same %s; rows the file did not mention were kept",
                                        n, oldFeed, String.join(" + ", contract.identity())),
                                n)));
            case APPEND -> {
                if (promoted.alreadyLoaded() > 0) {
                    issues.add(new FeedSummary.Issue(
                            "info",
                            "ALREADY_LOADED",
                            null,
                            String.format(
                                    "%,d rows were loaded before (same %s) and " + "were not added again",
                                    promoted.alreadyLoaded(),
                                    contract.key().isEmpty() ? "content" : String.join(" + ", contract.key())),
                            promoted.alreadyLoaded()));
                }
            }
        }
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

    private Fast fastLoad(
            Connection c,
            String feedId,
            Contract contract,
            DecodedFile decoded,
            IngestRequest request,
            LocalDate requestedDate,
            RawLake.Received received,
            String knownLakePath,
            String sha,
            Map<String, String> times,
            Map<String, Long> millis,
            Instant receivedAt)
            throws SQLException {
        // whole-row checks read the file's rows, and an engine that cannot read files typed takes the general path
        if (!contract.isFact()
                || decoded.parquet()
                || !contract.checks().isEmpty()
                || !warehouse.dialect().readsFilesTyped()) {
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
        if (decoded.header().contains(CheckPlan.NESTED)) {
            return Fast.declined(
                    "some JSON records hold objects or arrays, which only the general checks tell from single values");
        }
        String source = warehouse
                .dialect()
                .readDelimited(
                        decoded.readable().toAbsolutePath().toString(),
                        decoded.delimiter(),
                        decoded.gzip(),
                        decoded.header(),
                        types.get(),
                        decoded.quotedNewlines());
        long t = System.nanoTime();
        boolean committed = false;
        c.setAutoCommit(false);
        try {
            long loadSeq = promotion.nextLoadSeq(c);
            long inserted;
            try {
                inserted = promotion.insertUnchecked(
                        c, contract, validator.typedSelect(contract, mapping, source), feedId, loadSeq);
            } catch (SQLException notClean) {
                log.debug(
                        "feed {}: fast path declined ({}); taking the general path",
                        feedId,
                        firstLine(notClean.getMessage()));
                return Fast.declined(
                        "a value does not fit its column as written (" + firstLine(notClean.getMessage()) + ")");
            }
            if (inserted == 0) {
                return Fast.NOT_APPLICABLE;
            }
            long rejected = rejectedLines(c);
            if (rejected > 0) {
                return Fast.declined(rejected
                        + " lines do not parse as the contract's types or do not split into the header's columns");
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
                s.execute("CREATE OR REPLACE TEMP VIEW " + CheckPlan.CHECKED + " AS SELECT *, FALSE AS "
                        + CheckPlan.ERROR + " FROM " + rows + " r");
            }
            LocalDate businessDate = requestedDate != null ? requestedDate : outcome.maxDate();
            FeedStore.Manifest manifest =
                    fileRaw(received, knownLakePath, contract, businessDate, sha, request, receivedAt);
            List<FeedSummary.Issue> issues = issues(outcome, mapping, decoded);
            Promotion.Result promoted = promotion.promoteInserted(
                    c,
                    contract,
                    request.loadMode(contract),
                    outcome.plan().loadExpressions(),
                    unknownReferences(contract, outcome),
                    feedId,
                    loadSeq,
                    inserted);
            FeedResult result =
                    loaded(c, feedId, contract, businessDate, outcome, promoted, 0, issues, times, millis, loadStart);
            feeds.loadMode(c, feedId, promoted.mode());
            feeds.finish(c, result, result.summary(), request.originalName(), manifest);
            FaultPoint.reached("ingest.before-commit");
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
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM stockroom_reject_errors")) {
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
            flags.put(
                    column,
                    "(" + q + " IS NOT NULL AND " + q + " NOT IN (SELECT "
                            + warehouse.dialect().quote(ref.column()) + " FROM "
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
            List<String> askDateOrder = checked.undecided() == null
                    ? List.of()
                    : checked.undecided().headers();
            if (checked.outcome() == null) {
                return new Preview(
                        report,
                        checked.staged().headers(),
                        PreviewRows.raw(c, checked.staged().headers(), rows),
                        List.of(),
                        candidates(checked.decoded()),
                        askDateOrder);
            }
            return new Preview(
                    report,
                    checked.staged().headers(),
                    PreviewRows.flagged(c, checked.staged().headers(), checked.mapping(), checked.outcome(), rows),
                    PreviewRows.unknownSkus(c, checked.contract(), checked.mapping(), checked.outcome(), 25),
                    candidates(checked.decoded()),
                    askDateOrder);
        });
    }

    /**
     * What the preview shows.
     *
     * @param askDateOrder headers whose day/month order the file cannot prove: the user must pick DMY or MDY (empty when none)
     */
    public record Preview(
            ValidationReport report,
            List<String> headers,
            List<PreviewRows.Row> rows,
            List<PreviewRows.UnknownSku> unknownSkus,
            List<DatasetDetector.Candidate> candidates,
            List<String> askDateOrder) {}

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

    private <T> T inspect(Path file, IngestRequest request, CheckedWork<T> work) {
        DecodedFile decoded =
                new FileDecoder(workDir, maxColumns).decode(file, request.originalName(), request.sheet());
        try {
            Contract contract = request.dataset() != null
                    ? contracts.get(request.dataset())
                    : detector.detect(request.originalName(), decoded.header());
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

    private ValidationReport report(Connection c, IngestRequest request, Checked k) throws SQLException {
        DecodedFile decoded = k.decoded();
        HeaderMapping mapping = k.mapping();
        List<String> missing =
                mapping.missingRequired().stream().map(ColumnSpec::name).toList();
        String format = decoded.format().name().toLowerCase();
        ValidationOutcome outcome = k.outcome();
        if (k.undecided() != null) {
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
                    k.undecided().getMessage(),
                    List.of(new FeedSummary.Issue(
                            "error",
                            ErrorCode.DATE_ORDER_AMBIGUOUS.name(),
                            null,
                            k.undecided().getMessage(),
                            0)),
                    List.of());
        }
        if (outcome == null) {
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
                    mapping.missingRequiredMessage(k.contract(), k.staged().headers()),
                    List.of(),
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
                issues(outcome, mapping, decoded),
                quarantine.sample(c, outcome, k.staged().headers(), 20));
    }

    private Map<String, String> placeholderFlags(Contract contract, ValidationOutcome outcome) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (ColumnSpec col : contract.columns()) {
            if (col.reference() != null && col.reference().onMissing() == Reference.OnMissing.PLACEHOLDER) {
                for (Check check : outcome.plan().checks()) {
                    if (col.name().equals(check.column())
                            && check.code().startsWith("UNKNOWN_")
                            && outcome.failures().getOrDefault(check, 0L) > 0) {
                        flags.put(col.name(), check.flag());
                    }
                }
            }
        }
        return flags;
    }

    private static List<FeedSummary.Issue> issues(
            ValidationOutcome outcome, HeaderMapping mapping, DecodedFile decoded) {
        List<FeedSummary.Issue> issues = new ArrayList<>();
        long tooLong = decoded.longLines().size();
        if (tooLong > 0) {
            issues.add(new FeedSummary.Issue(
                    "error",
                    "LINE_TOO_LONG",
                    null,
                    tooLong + " line(s) are longer than 2,000,000 bytes and were not read (first: line "
                            + decoded.longLines().getFirst()
                            + "); they are in quarantine with their line numbers and kept in the raw lake",
                    tooLong));
        }
        if (outcome.malformedLines() > tooLong) {
            issues.add(new FeedSummary.Issue(
                    "error",
                    "MALFORMED_ROW",
                    null,
                    (outcome.malformedLines() - tooLong)
                            + " lines do not split into the header's columns (ragged rows or broken quoting); they are in quarantine with their raw text",
                    outcome.malformedLines() - tooLong));
        }
        outcome.failures().forEach((check, n) -> {
            if (n > 0) {
                issues.add(new FeedSummary.Issue(
                        check.severity() == Severity.ERROR ? "error" : "warn",
                        check.code(),
                        check.column(),
                        check.message(),
                        n));
            }
        });
        if (!mapping.unmappedHeaders().isEmpty()) {
            issues.add(new FeedSummary.Issue(
                    "info",
                    "IGNORED_COLUMNS",
                    null,
                    "columns not in the contract were kept in the raw lake but not loaded: "
                            + mapping.unmappedHeaders(),
                    0));
        }
        for (String note : decoded.notes()) {
            issues.add(new FeedSummary.Issue("info", "DECODING", null, note, 0));
        }
        return issues;
    }

    private static FeedSummary.Metrics metrics(
            ValidationOutcome o, long loaded, long quarantined, long returns, double[] money) {
        Double revenue = money == null || Double.isNaN(money[1]) ? null : round(money[1]);
        Double cogs = money == null || Double.isNaN(money[2]) ? null : round(money[2]);
        // the margin is over the rows that have a cost only: an uncosted sale is not 100% margin
        Double costed = money == null || Double.isNaN(money[3]) ? null : round(money[3]);
        Double margin = costed == null || cogs == null ? null : round(costed - cogs);
        Double marginPct = margin == null || costed == 0 ? null : round(100 * margin / costed);
        Long missingCost = money == null || Double.isNaN(money[4]) ? null : (long) money[4];
        return new FeedSummary.Metrics(
                o.recordsRead(),
                loaded,
                quarantined,
                returns,
                o.warnRows(),
                o.qualityScore(),
                round(100 * o.errorShare()),
                revenue,
                cogs,
                margin,
                marginPct,
                o.minDate() == null ? null : o.minDate().toString(),
                o.maxDate() == null ? null : o.maxDate().toString(),
                costed,
                missingCost);
    }

    /**
     * The dataset's warnings over the warehouse as this load leaves it (classpath:quality/warnings/{dataset}.sql, one row per
     * warning: code, rows, examples, message), e.g. the products a costs file leaves without any cost.
     */
    private static List<FeedSummary.Issue> loadWarnings(Connection c, String dataset) throws SQLException {
        try (InputStream in = IngestService.class.getResourceAsStream("/quality/warnings/" + dataset + ".sql")) {
            if (in == null) {
                return List.of();
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            List<FeedSummary.Issue> out = new ArrayList<>();
            try (java.sql.Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    long n = r.getLong(2);
                    String examples = r.getString(3);
                    out.add(new FeedSummary.Issue(
                            "warn",
                            r.getString(1),
                            null,
                            String.format(
                                    "%,d %s%s", n, r.getString(4), examples == null ? "" : " (e.g. " + examples + ")"),
                            n));
                }
            }
            return out;
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.INTERNAL, "Cannot read the warnings query for " + dataset, e);
        }
    }

    /**
     * What a load's money metrics say: returns, gross revenue, COGS, revenue of the costed rows, rows without a cost (NaN
     * where the dataset has no prices), and the products of the file without any cost (how many, the first few).
     */
    private record Money(double[] values, long uncostedProducts, String uncostedExamples) {}

    /** The money metrics of what this feed loaded (classpath:quality/metrics/{dataset}.sql). */
    private static Money money(Connection c, String dataset, Map<String, String> loadExpressions) throws SQLException {
        try (InputStream in = IngestService.class.getResourceAsStream("/quality/metrics/" + dataset + ".sql")) {
            if (in == null) {
                return new Money(new double[] {0, Double.NaN, Double.NaN, Double.NaN, Double.NaN}, 0, null);
            }
            // The rows this feed loaded, as the warehouse table has them, without reading the table back.
            String columns = loadExpressions.entrySet().stream()
                    .map(e -> e.getValue() + " AS \"" + e.getKey() + "\"")
                    .collect(java.util.stream.Collectors.joining(", "));
            String loaded = "(SELECT " + columns + " FROM __chk WHERE NOT __error)";
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("(?m)^--.*$", "")
                    .replace("__loaded", loaded);
            try (java.sql.Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                r.next();
                return new Money(
                        new double[] {
                            r.getLong(1),
                            r.getObject(2) == null ? Double.NaN : r.getDouble(2),
                            r.getObject(3) == null ? Double.NaN : r.getDouble(3),
                            r.getObject(4) == null ? Double.NaN : r.getDouble(4),
                            r.getLong(5)
                        },
                        r.getLong(6),
                        r.getString(7));
            }
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.INTERNAL, "Cannot read the metrics query for " + dataset, e);
        }
    }

    private FeedResult duplicate(
            String feedId,
            String dataset,
            LocalDate businessDate,
            String previous,
            IngestRequest request,
            Map<String, String> times,
            Map<String, Long> millis,
            String lakePath,
            String sha,
            long size,
            Instant receivedAt) {
        times.put("finished_at", Instant.now().toString());
        FeedSummary summary = new FeedSummary(
                "duplicate",
                times,
                millis,
                new FeedSummary.Metrics(0, 0, 0, 0, 0, null, null, null, null, null, null, null, null),
                List.of(new FeedSummary.Issue(
                        "info",
                        "DUPLICATE_FILE",
                        null,
                        "the same bytes were received before as feed " + previous + "; nothing was loaded again",
                        0)),
                null);
        FeedResult result = new FeedResult(
                feedId, dataset, businessDate, FeedStatus.TRANSFORMED, 0, 0, 0, 0, 100, previous, Set.of(), summary);
        feeds.finish(
                result,
                summary,
                request.originalName(),
                new FeedStore.Manifest(lakePath, sha, size, request.source(), receivedAt));
        return result;
    }

    private FeedResult failed(
            String feedId,
            String dataset,
            LocalDate businessDate,
            IngestRequest request,
            Map<String, String> times,
            Map<String, Long> millis,
            RawLake.Received received,
            String lakePath,
            String sha,
            Instant receivedAt,
            ErrorCode code,
            String message,
            Exception cause) {
        String traceId = UUID.randomUUID().toString();
        if (code == ErrorCode.INTERNAL) {
            log.error("feed {} failed [trace {}]", feedId, traceId, cause);
        } else {
            log.info("feed {} failed: {}", feedId, message);
        }
        String path = lakePath;
        if (path == null && request.replayOf() == null && received != null) {
            try {
                path = lake.file(received, dataset, businessDate);
            } catch (StockroomException e) {
                path = warehouse.dataDir().relativize(received.path()).toString();
            }
        }
        times.put("finished_at", Instant.now().toString());
        FeedSummary summary = new FeedSummary(
                "failed",
                times,
                millis,
                new FeedSummary.Metrics(0, 0, 0, 0, 0, null, null, null, null, null, null, null, null),
                List.of(),
                new FeedSummary.Error(code.name(), message, traceId));
        FeedResult result = new FeedResult(
                feedId, dataset, businessDate, FeedStatus.FAILED, 0, 0, 0, 0, 0, null, Set.of(), summary);
        FeedStore.Manifest manifest = request.replayOf() != null || sha == null
                ? null
                : new FeedStore.Manifest(path, sha, received.size(), request.source(), receivedAt);
        feeds.finish(result, summary, request.originalName(), manifest);
        return result;
    }

    /**
     * Keeps a refused upload like every other input: its bytes go to the raw lake with a manifest row, and a feed
     * records the refusal (status failed, the reason as its error). Nothing is loaded.
     */
    public FeedResult refuse(Path file, IngestRequest request, ErrorCode code, String reason) {
        String feedId = newFeedId();
        feeds.create(feedId, request);
        RawLake.Received received = lake.receive(file, feedId, request.originalName());
        Map<String, String> times = new LinkedHashMap<>();
        times.put("received_at", Instant.now().toString());
        return failed(
                feedId,
                request.dataset(),
                request.businessDate(),
                request,
                times,
                new LinkedHashMap<>(),
                received,
                null,
                received.sha256(),
                Instant.now(),
                code,
                reason,
                null);
    }

    /** What a restart did with a feed the process left unfinished. */
    public record Recovered(
            String feedId, String source, String runId, FeedStatus before, FeedResult result, boolean resumed) {}

    /**
     * Settles every feed left {@code processing}, {@code queued} or {@code transforming} by a process that stopped (a
     * crash, kill -9, power loss). Call it once at start, before anything else ingests. A feed whose complete raw
     * file is in the lake and that no run picked up (an upload answered 202, the batch API, {@code stockroom ingest})
     * is transformed again from that file under its own id: nothing it was acknowledged for is lost. A feed of a run
     * or a replay fails with the reason (the run is marked failed too; running the date again picks its file up), as
     * does one whose bytes never reached the lake completely. The load transaction was never committed in either
     * case, so nothing of it is in the warehouse.
     */
    public List<Recovered> recoverUnfinished() {
        List<Recovered> out = new ArrayList<>();
        for (FeedStore.Unfinished f : feeds.unfinished()) {
            IngestRequest request = f.request();
            Optional<Path> raw =
                    request.replayOf() != null ? Optional.empty() : completeRawFile(f.feedId(), request.originalName());
            FeedResult result;
            boolean resumed = false;
            if (f.runId() != null || request.replayOf() != null) {
                String what = request.replayOf() != null ? "replaying feed " + request.replayOf() : "loading it";
                result = interrupted(
                        f,
                        request,
                        raw,
                        "Stockroom stopped while " + what + " in run " + f.runId() + "; nothing of it was committed. "
                                + "The run is marked failed: run the date again (stockroom run / replay) to load the file.");
            } else if (raw.isEmpty()) {
                result = interrupted(
                        f,
                        request,
                        raw,
                        "Stockroom stopped while receiving " + request.originalName() + ", before its bytes were "
                                + "complete in the raw lake; nothing was loaded. Send the file again.");
            } else {
                log.warn(
                        "feed {} ({}) was {} when Stockroom stopped: transforming it again from its raw file {}",
                        f.feedId(),
                        request.originalName(),
                        f.status().wire(),
                        warehouse.dataDir().relativize(raw.get()));
                RawLake.Received received =
                        lake.verify(warehouse.dataDir().relativize(raw.get()).toString(), f.sha256(), f.feedId());
                result = transform(f.feedId(), received, request, 0, null);
                resumed = true;
            }
            feeds.audit(
                    "recover",
                    "feed",
                    f.feedId(),
                    result.status().wire(),
                    resumed
                            ? "resumed after a restart from its raw file: "
                                    + result.status().wire()
                            : result.summary().error().message());
            out.add(new Recovered(f.feedId(), f.source(), f.runId(), f.status(), result, resumed));
        }
        return out;
    }

    private FeedResult interrupted(FeedStore.Unfinished f, IngestRequest request, Optional<Path> raw, String message) {
        log.warn(
                "feed {} ({}) was {} when Stockroom stopped: marked failed",
                f.feedId(),
                request.originalName(),
                f.status().wire());
        RawLake.Received received = null;
        String sha = null;
        if (raw.isPresent()) {
            received = lake.verify(warehouse.dataDir().relativize(raw.get()).toString(), null, f.feedId());
            sha = received.sha256();
        }
        // a drop feed is interrupted before its dataset is detected: its file name usually says it (sales.csv)
        String dataset = request.dataset() != null
                ? request.dataset()
                : detector.byName(request.originalName()).map(Contract::dataset).orElse(null);
        return failed(
                f.feedId(),
                dataset,
                request.businessDate(),
                request,
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                received,
                null,
                sha,
                Instant.now(),
                ErrorCode.INTERRUPTED,
                message,
                null);
    }

    /** The feed's raw file if the lake holds it complete (in _incoming or already filed under its dataset and date). */
    private Optional<Path> completeRawFile(String feedId, String originalName) {
        String name = RawLake.fileName(feedId, originalName);
        return lake.files().stream()
                .map(lake::resolve)
                .filter(p -> p.getFileName().toString().equals(name))
                .findFirst();
    }

    /** What reconciling the lake with its manifest found. */
    public record LakeReport(
            List<String> manifestAdded,
            List<String> partialRemoved,
            List<String> unknownFiles,
            List<String> missingFiles) {
        public boolean clean() {
            return manifestAdded.isEmpty()
                    && partialRemoved.isEmpty()
                    && unknownFiles.isEmpty()
                    && missingFiles.isEmpty();
        }
    }

    /**
     * Reconciles the raw lake with the manifest after a crash: a complete file of a finished feed that has no manifest
     * row gets one; a partial copy ({@code .part}, from a process that stopped mid-copy) is removed, its source still
     * has the bytes; a file of no known feed is left in place and reported; a manifest row whose file is gone is
     * reported (restore it from backup; a replay that needs it refuses). Every finding goes to the log and the audit log.
     */
    public LakeReport reconcileLake() {
        Map<String, FeedStore.ManifestEntry> byPath = new LinkedHashMap<>();
        feeds.manifest().forEach(m -> byPath.put(m.lakePath(), m));
        List<String> added = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<String> onDisk = new java.util.HashSet<>();
        for (String path : lake.files()) {
            onDisk.add(path);
            if (byPath.containsKey(path)) {
                continue;
            }
            String name = Path.of(path).getFileName().toString();
            if (name.endsWith(RawLake.PART)) {
                try {
                    Files.deleteIfExists(lake.resolve(path));
                    partial.add(path);
                } catch (IOException e) {
                    log.warn("cannot remove the partial lake file {}: {}", path, e.getMessage());
                }
                continue;
            }
            int sep = name.indexOf("__");
            Optional<FeedStore.Feed> feed = sep < 0 ? Optional.empty() : feeds.find(name.substring(0, sep));
            if (feed.isPresent()
                    && feed.get().status().isFinal()
                    && feeds.manifest(feed.get().feedId()).isEmpty()) {
                RawLake.Received r = lake.verify(path, null, feed.get().feedId());
                feeds.addManifest(
                        feed.get().feedId(),
                        new FeedStore.Manifest(
                                path,
                                r.sha256(),
                                r.size(),
                                feed.get().source(),
                                feed.get().createdAt()));
                added.add(path);
            } else {
                unknown.add(path);
            }
        }
        byPath.keySet().stream().filter(p -> !onDisk.contains(p)).forEach(missing::add);
        LakeReport report = new LakeReport(added, partial, unknown, missing);
        if (!report.clean()) {
            String text = String.format(
                    "raw lake reconciled with the manifest: %d manifest rows added %s; %d partial copies removed %s; "
                            + "%d files of no known feed left in place %s; %d manifest rows whose file is missing (restore them from backup) %s",
                    added.size(), added, partial.size(), partial, unknown.size(), unknown, missing.size(), missing);
            log.warn(text);
            feeds.audit(
                    "reconcile",
                    "lake",
                    "lake/raw",
                    missing.isEmpty() && unknown.isEmpty() ? "succeeded" : "warning",
                    text);
        }
        return report;
    }

    /** Master data before facts, so references resolve: the order files of one folder are loaded in. */
    public static final List<String> LOAD_ORDER = List.of(
            "stores",
            "products",
            "suppliers",
            "supplier_products",
            "replenishment_rules",
            "fixtures",
            "placements",
            "displays",
            "customers",
            "costs",
            "sales",
            "inventory",
            "orders",
            "labour",
            "shipments",
            "support_conversations",
            "marketing_spend",
            "web_sessions",
            "receipts");

    /** Sorts files into load order by the dataset their name starts with (unknown names last, by name). */
    public List<Path> inLoadOrder(List<Path> files) {
        return files.stream()
                .sorted(java.util.Comparator.comparingInt((Path f) -> {
                            int i = detector.byName(f.getFileName().toString())
                                    .map(c -> LOAD_ORDER.indexOf(c.dataset()))
                                    .orElse(-1);
                            return i < 0 ? LOAD_ORDER.size() : i;
                        })
                        .thenComparing(Path::toString))
                .toList();
    }

    static LocalDate dateFromName(String name) {
        Matcher m = DATE_IN_NAME.matcher(name);
        LocalDate found = null;
        while (m.find()) {
            try {
                found = LocalDate.of(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
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
