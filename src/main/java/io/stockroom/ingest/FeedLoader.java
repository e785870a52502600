package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.FaultPoint;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.contract.Reference;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.quality.Check;
import io.stockroom.quality.CheckPlan;
import io.stockroom.quality.HeaderMapping;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.ValidationOutcome;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Promotion;
import io.stockroom.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load step: checks a decoded file and loads it in one transaction (the fast path for a clean fact file, else
 * staged, checked and gated on the error threshold), promotes and quarantines its rows and finishes the feed.
 */
final class FeedLoader {

    private static final Logger log = LoggerFactory.getLogger(FeedLoader.class);

    private final Warehouse warehouse;
    private final ContractRegistry contracts;
    private final Validator validator;
    private final Quarantine quarantine;
    private final Promotion promotion;
    private final FeedStore feeds;
    private final StockroomProperties.Quality quality;
    private final FileReceiver receiver;
    private final FileStaging staging;
    private final FeedSummaries summaries;

    FeedLoader(
            Warehouse warehouse,
            ContractRegistry contracts,
            Validator validator,
            Quarantine quarantine,
            Promotion promotion,
            FeedStore feeds,
            StockroomProperties.Quality quality,
            FileReceiver receiver,
            FileStaging staging,
            FeedSummaries summaries) {
        this.warehouse = warehouse;
        this.contracts = contracts;
        this.validator = validator;
        this.quarantine = quarantine;
        this.promotion = promotion;
        this.feeds = feeds;
        this.quality = quality;
        this.receiver = receiver;
        this.staging = staging;
        this.summaries = summaries;
    }

    /** Loads the decoded file as the feed and finishes it, committed or rolled back as a whole. */
    FeedResult load(
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
        HeaderMapping.refuseTwoHeadersForOneColumn(
                contract, decoded.header(), request.mapping(), request.originalName());
        if (decoded.headerOnly()) {
            return emptyDay(
                    c,
                    feedId,
                    contract,
                    decoded,
                    decoded.header(),
                    request,
                    requestedDate,
                    received,
                    knownLakePath,
                    sha,
                    times,
                    millis,
                    receivedAt);
        }
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
        Staging.Staged staged = staging.stage(c, decoded, request);
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
            // a file with no rows the decoder could not count before the engine read it (Parquet)
            return emptyDay(
                    c,
                    feedId,
                    contract,
                    decoded,
                    staged.headers(),
                    request,
                    requestedDate,
                    received,
                    knownLakePath,
                    sha,
                    times,
                    millis,
                    receivedAt);
        }
        LocalDate businessDate = requestedDate != null ? requestedDate : outcome.maxDate();
        FeedStore.Manifest manifest =
                receiver.fileRaw(received, knownLakePath, contract, businessDate, sha, request, receivedAt);
        List<FeedSummary.Issue> issues = FeedSummaries.issues(outcome, mapping, decoded);
        FeedSummaries.emptyLines(staged.emptyLines()).ifPresent(issues::add);
        rowsOnOtherDates(requestedDate, request, outcome).ifPresent(issues::add);
        issues.addAll(FeedSummaries.lookalikes(contract, validator.lookalikes(c, contract, outcome, false)));
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
                        FeedSummaries.metrics(outcome, 0, quarantined, 0, null),
                        issues,
                        new FeedSummary.Error(
                                ErrorCode.ERROR_THRESHOLD_EXCEEDED.name(),
                                message,
                                UUID.randomUUID().toString()));
                feeds.days(
                        c,
                        feedId,
                        rowsByDate(
                                c,
                                contract,
                                outcome.plan().loadExpressions(),
                                Map.of(),
                                quarantined,
                                true,
                                businessDate));
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
                issues.addAll(roundedValues(c, contract, outcome.plan().loadExpressions()));
                Map<String, String> placeholderFlags = placeholderFlags(contract, outcome);
                releaseReplayed(c, contract, request, feedId);
                Promotion.Result promoted = promotion.promote(
                        c,
                        contract,
                        request.loadMode(contract),
                        outcome.plan().loadExpressions(),
                        List.copyOf(mapping.columnToHeader().keySet()),
                        placeholderFlags,
                        feedId,
                        businessDate,
                        new Promotion.DateRange(outcome.minDate(), outcome.maxDate()));
                result = summaries.loaded(
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
                feeds.days(
                        c,
                        feedId,
                        rowsByDate(
                                c,
                                contract,
                                outcome.plan().loadExpressions(),
                                promoted.loadedByDate(),
                                quarantined,
                                false,
                                businessDate));
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

    /**
     * A file with a header and no rows ({@link EmptyDays}): refused unless its contract says an empty day is valid;
     * then, with a business date from the request or the file name (never guessed), its raw file goes to the lake and
     * the feed loads 0 rows for that date in one transaction, under the load mode's usual rules.
     */
    private FeedResult emptyDay(
            Connection c,
            String feedId,
            Contract contract,
            DecodedFile decoded,
            List<String> headers,
            IngestRequest request,
            LocalDate requestedDate,
            RawLake.Received received,
            String knownLakePath,
            String sha,
            Map<String, String> times,
            Map<String, Long> millis,
            Instant receivedAt)
            throws SQLException {
        // a replay re-reads the raw file under the date its feed was loaded for
        LocalDate businessDate = requestedDate != null || request.replayOf() == null
                ? requestedDate
                : feeds.find(request.replayOf())
                        .map(FeedStore.Feed::businessDate)
                        .orElse(null);
        if (!contract.emptyDayValid()) {
            throw EmptyDays.refused(contract, decoded, businessDate);
        }
        HeaderMapping mapping = HeaderMapping.resolve(contract, headers, request.mapping());
        if (!mapping.missingRequired().isEmpty()) {
            throw new StockroomException(
                    ErrorCode.MISSING_REQUIRED_COLUMN, mapping.missingRequiredMessage(contract, headers));
        }
        if (businessDate == null) {
            throw EmptyDays.undated(contract, decoded);
        }
        long loadStart = System.nanoTime();
        FeedStore.Manifest manifest =
                receiver.fileRaw(received, knownLakePath, contract, businessDate, sha, request, receivedAt);
        c.setAutoCommit(false);
        try {
            Promotion.Result promoted = promotion.emptyDay(c, contract, request.loadMode(contract), businessDate);
            FeedResult result = summaries.emptyDay(
                    feedId, contract, businessDate, mapping, decoded, promoted, times, millis, loadStart);
            feeds.loadMode(c, feedId, promoted.mode());
            feeds.finish(c, result, result.summary(), request.originalName(), manifest);
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

    /**
     * A decimal with more places than its warehouse column keeps (money with three, 12.345) is rounded by the column
     * as it loads; the feed says so per column, with how many and the first line, instead of rounding in silence. (The
     * fast path refuses such values, so they come this way.)
     */
    private static List<FeedSummary.Issue> roundedValues(
            Connection c, Contract contract, Map<String, String> loadExpressions) throws SQLException {
        Map<String, Integer> places = Promotion.roundingColumns(c, contract);
        places.keySet().retainAll(loadExpressions.keySet());
        if (places.isEmpty()) {
            return List.of();
        }
        StringBuilder counts = new StringBuilder("SELECT 0");
        places.forEach((column, kept) -> {
            String value = loadExpressions.get(column);
            String rounded = "(" + value + ") <> round((" + value + "), " + kept + ")";
            counts.append(", COUNT(*) FILTER (WHERE " + rounded + "), MIN(" + CheckPlan.LINE + ") FILTER (WHERE "
                    + rounded + ")");
        });
        List<FeedSummary.Issue> issues = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(counts + " FROM __chk WHERE NOT __error")) {
            r.next();
            int i = 2;
            for (Map.Entry<String, Integer> column : places.entrySet()) {
                long rows = r.getLong(i++);
                long line = r.getLong(i++);
                if (rows > 0) {
                    issues.add(roundedIssue(
                            c, column.getKey(), loadExpressions.get(column.getKey()), column.getValue(), rows, line));
                }
            }
        }
        return issues;
    }

    private static FeedSummary.Issue roundedIssue(
            Connection c, String column, String value, int kept, long rows, long line) throws SQLException {
        String example;
        try (Statement s = c.createStatement();
                ResultSet e = s.executeQuery("SELECT CAST((" + value + ") AS VARCHAR), CAST(round((" + value + "), "
                        + kept + ") AS VARCHAR) FROM __chk WHERE " + CheckPlan.LINE + " = " + line)) {
            e.next();
            example = e.getString(1).replaceFirst("0+$", "") + " → " + e.getString(2);
        }
        return new FeedSummary.Issue(
                "warn",
                "VALUES_ROUNDED",
                column,
                String.format(
                        "%,d value%s of %s ha%s more decimals than the warehouse keeps (%d) and %s rounded"
                                + " (first on line %,d: %s); if the export's unit is not the currency's, fix it"
                                + " and send the file again",
                        rows,
                        rows == 1 ? "" : "s",
                        column,
                        rows == 1 ? "s" : "ve",
                        kept,
                        rows == 1 ? "was" : "were",
                        line + 1,
                        example),
                rows);
    }

    /**
     * A fact feed's rows per business date they are on ({loaded, quarantined}), for the quality score by day, when
     * they are not all on the date the feed is filed under (empty then: they count there). A quarantined row counts
     * under its own date, or the filing date when its date does not read; with {@code allQuarantined} (a feed over
     * the error threshold) every checked row is quarantined.
     */
    private static Map<LocalDate, long[]> rowsByDate(
            Connection c,
            Contract contract,
            Map<String, String> loadExpressions,
            Map<LocalDate, Long> loaded,
            long quarantined,
            boolean allQuarantined,
            LocalDate filedUnder)
            throws SQLException {
        if (contract.dateColumn() == null || filedUnder == null) {
            return Map.of();
        }
        Map<LocalDate, long[]> days = new java.util.TreeMap<>();
        loaded.forEach((d, n) -> days.computeIfAbsent(d, k -> new long[2])[0] += n);
        String date = loadExpressions.get(contract.dateColumn());
        if (quarantined > 0 && date != null) {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT CAST((" + date + ") AS DATE), COUNT(*) FROM __chk WHERE "
                            + (allQuarantined ? "TRUE" : "__error") + " GROUP BY 1")) {
                while (r.next()) {
                    LocalDate d = r.getObject(1, LocalDate.class);
                    days.computeIfAbsent(d == null ? filedUnder : d, k -> new long[2])[1] += r.getLong(2);
                }
            }
        }
        return days.keySet().stream().allMatch(filedUnder::equals) ? Map.of() : days;
    }

    /** What the fast path did: the loaded feed, or why it handed the file to the general path (null: it did not apply). */
    private record Fast(FeedResult result, String declined) {
        static final Fast NOT_APPLICABLE = new Fast(null, null);

        static Fast declined(String why) {
            return new Fast(null, why);
        }
    }

    /**
     * A replay of an append load re-reads rows that its original load left in the table: they are taken out first, so
     * the replay loads and counts them as that load did (replace_slice and upsert replace them anyway).
     */
    private void releaseReplayed(Connection c, Contract contract, IngestRequest request, String feedId) {
        if (request.replayOf() != null
                && contract.isFact()
                && request.loadMode(contract) == io.stockroom.contract.LoadMode.APPEND) {
            promotion.releaseReplayed(c, contract, request.replayOf(), feedId);
        }
    }

    /**
     * A feed is listed and filed (feeds, raw lake, the quality page) under the date its request, drop folder or file
     * name gives, while its rows load under their own dates. When none of its rows is on that date (a file named for
     * the export day holding the day before, day-first dates the name reads month-first), the feed says where they
     * went, so the day they are on is not looked for in vain.
     */
    static Optional<FeedSummary.Issue> rowsOnOtherDates(
            LocalDate requestedDate, IngestRequest request, ValidationOutcome outcome) {
        if (requestedDate == null
                || outcome.minDate() == null
                || !requestedDate.isBefore(outcome.minDate()) && !requestedDate.isAfter(outcome.maxDate())) {
            return Optional.empty();
        }
        String from = request.businessDate() != null ? "its request or drop folder" : "its file name";
        String rows = outcome.minDate().equals(outcome.maxDate())
                ? "dated " + outcome.minDate()
                : "dated " + outcome.minDate() + " to " + outcome.maxDate();
        return Optional.of(new FeedSummary.Issue(
                "warn",
                "ROWS_ON_OTHER_DATES",
                null,
                "the feed is filed under " + requestedDate + " (from " + from
                        + "), but no row is on that date: its rows are "
                        + rows + " and loaded there. If the file was meant for " + requestedDate
                        + ", check the export's dates (and --date-order for day/month dates)",
                0));
    }

    /**
     * The fast path for a clean fact file, the usual case: the engine types the columns while it reads the file
     * and inserts the rows straight into the fact table; the checks then run over those rows (their row groups,
     * not the history) inside the same transaction. One read, one write, no staging copies. If any line does not
     * parse, any error check fails, or any value needs the general parsers (trimming, null words, day-first
     * dates, decimal commas ...), everything is rolled back and empty is returned: the general path then stages
     * the text and quarantines each bad row with its reasons, exactly as before.
     */
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
        for (String header : types.get().keySet()) {
            if (decoded.mayHoldUnderscore(decoded.header().indexOf(header))) {
                // DuckDB's typed read takes '_' for a digit separator; the general parsers quarantine 1_000
                return Fast.declined("'" + header + "' has a value with '_' in it (such as 1_000), which only the "
                        + "general checks read");
            }
        }
        if (decoded.header().contains(CheckPlan.NESTED)) {
            return Fast.declined(
                    "some JSON records hold objects or arrays, which only the general checks tell from single values");
        }
        long t = System.nanoTime();
        boolean committed = false;
        c.setAutoCommit(false);
        try {
            Dialect.TextFile file = new Dialect.TextFile(
                    decoded.readable(),
                    decoded.delimiter(),
                    decoded.gzip(),
                    decoded.header(),
                    decoded.quotedNewlines(),
                    false);
            List<String> keyHeaders = validator.keyHeadersAsWritten(contract, mapping);
            long loadSeq = promotion.nextLoadSeq(c, feedId);
            Optional<List<String>> asRead = validator.columnsAsRead(contract, mapping, decoded.header());
            Optional<Dialect.CopiedRows> copied = asRead.isEmpty()
                    ? Optional.empty()
                    : warehouse
                            .dialect()
                            .copyTyped(
                                    c,
                                    file,
                                    contract.table(),
                                    asRead.get(),
                                    types.get(),
                                    keyHeaders,
                                    loadSeq,
                                    validator.completion(contract, mapping));
            Promotion.Unchecked unchecked;
            boolean keysDistinct;
            if (copied.isPresent()) {
                unchecked = promotion.copied(contract, copied.get().rows(), loadSeq);
                keysDistinct = copied.get().keysDistinct();
            } else {
                Dialect.TypedRead read;
                try {
                    read = warehouse.dialect().readTyped(c, file, types.get(), keyHeaders);
                } catch (SQLException notStrict) {
                    return Fast.declined(FeedSummaries.firstLine(notStrict.getMessage()));
                }
                try {
                    unchecked = promotion.insertUnchecked(
                            c, contract, validator.typedSelect(contract, mapping, read.select()), loadSeq);
                } catch (SQLException notClean) {
                    log.debug(
                            "feed {}: fast path declined ({}); taking the general path",
                            feedId,
                            FeedSummaries.firstLine(notClean.getMessage()));
                    return Fast.declined("a value does not fit its column as written ("
                            + FeedSummaries.firstLine(notClean.getMessage()) + ")");
                }
                keysDistinct = read.keysDistinct();
            }
            long inserted = unchecked.rows();
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
            Optional<ValidationOutcome> checked =
                    validator.validateLoaded(c, contract, mapping, unchecked.source(), inserted, keysDistinct);
            if (checked.isEmpty()) {
                return Fast.declined("some values need trimming or normalising, or some rows fail a check");
            }
            millis.put("validate", (System.nanoTime() - t) / 1_000_000);
            long loadStart = System.nanoTime();
            ValidationOutcome outcome = checked.get();
            promotion.keepChecked(c, contract, unchecked, loadSeq);
            LocalDate businessDate = requestedDate != null ? requestedDate : outcome.maxDate();
            FeedStore.Manifest manifest =
                    receiver.fileRaw(received, knownLakePath, contract, businessDate, sha, request, receivedAt);
            List<FeedSummary.Issue> issues = FeedSummaries.issues(outcome, mapping, decoded);
            rowsOnOtherDates(requestedDate, request, outcome).ifPresent(issues::add);
            issues.addAll(FeedSummaries.lookalikes(contract, validator.lookalikes(c, contract, outcome, false)));
            releaseReplayed(c, contract, request, feedId);
            Promotion.Result promoted = promotion.promoteInserted(
                    c,
                    contract,
                    request.loadMode(contract),
                    outcome.plan().loadExpressions(),
                    unknownReferences(contract, outcome),
                    feedId,
                    loadSeq,
                    inserted,
                    new Promotion.DateRange(outcome.minDate(), outcome.maxDate()));
            FeedResult result = summaries.loaded(
                    c, feedId, contract, businessDate, outcome, promoted, 0, issues, times, millis, loadStart);
            feeds.loadMode(c, feedId, promoted.mode());
            feeds.days(c, feedId, rowsByDate(c, contract, Map.of(), promoted.loadedByDate(), 0, false, businessDate));
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
}
