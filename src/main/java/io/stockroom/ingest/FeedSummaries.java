package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.Severity;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.quality.HeaderMapping;
import io.stockroom.quality.ValidationOutcome;
import io.stockroom.warehouse.Promotion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds what a feed's summary says about a load: its issues (checks, decoding, load mode, missing costs, the
 * dataset's warnings) and its metrics (rows, quality, money and COGS).
 */
final class FeedSummaries {

    private final StockroomProperties.Quality quality;

    FeedSummaries(StockroomProperties.Quality quality) {
        this.quality = quality;
    }

    /** The feed of a load whose rows are in the warehouse (not yet committed): issues, money metrics, summary. */
    FeedResult loaded(
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
        lookalikes(contract, promoted.placeholders().lookalikes()).forEach(issues::add);
        loadModeIssues(contract, promoted, issues);
        // an append that found some of its rows loaded before kept only the others: its figures are theirs, read back
        // from the table (before, a re-sent file that loaded nothing still reported the whole file's revenue)
        Money costed = promoted.alreadyLoaded() > 0 && contract.isFact()
                ? money(
                        c,
                        contract.dataset(),
                        "(SELECT * FROM " + contract.table()
                                + " WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = '"
                                + feedId.replace("'", "''") + "'))")
                : money(c, contract.dataset(), outcome.plan().loadExpressions());
        double[] money = costed.values();
        if (promoted.alreadyLoaded() > 0 && promoted.rowsLoaded() == 0) {
            money = new double[] {0, 0, 0, 0, 0}; // nothing loaded brought nothing (a sum over no rows reads null)
        }
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
        issues.addAll(loadWarnings(c, contract.dataset(), feedId));
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

    /**
     * The feed of a header-only file of a dataset where an empty day is normal: read 0, loaded 0, its business date the
     * one it covers (min and max date), so it counts as arrived and a replay of the date re-reads it.
     */
    FeedResult emptyDay(
            String feedId,
            Contract contract,
            LocalDate businessDate,
            HeaderMapping mapping,
            DecodedFile decoded,
            Promotion.Result promoted,
            Map<String, String> times,
            Map<String, Long> millis,
            long loadStart) {
        List<FeedSummary.Issue> issues = new ArrayList<>();
        issues.add(new FeedSummary.Issue(
                "info",
                "EMPTY_DAY",
                null,
                "the file has a header row and no data rows: no " + contract.dataset() + " on " + businessDate
                        + ", a normal day for this dataset (contract empty_day: valid); it counts as arrived",
                0));
        loadModeIssues(contract, promoted, issues);
        fileIssues(mapping, decoded, issues);
        times.put("finished_at", Instant.now().toString());
        millis.put("load", (System.nanoTime() - loadStart) / 1_000_000);
        String day = businessDate.toString();
        FeedSummary summary = new FeedSummary(
                "loaded",
                times,
                millis,
                new FeedSummary.Metrics(0, 0, 0, 0, 0, 100.0, 0.0, null, null, null, null, day, day),
                issues,
                null);
        return new FeedResult(
                feedId,
                contract.dataset(),
                businessDate,
                FeedStatus.TRANSFORMED,
                0,
                0,
                0,
                0,
                100.0, // nothing read, nothing wrong
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
                            .collect(Collectors.joining("; "));
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
                                        "updated %,d rows loaded earlier by feed %s with the same %s%s; rows the file did not mention were kept",
                                        n,
                                        oldFeed,
                                        String.join(" + ", contract.identity()),
                                        onDates(promoted, oldFeed)),
                                n)));
            case APPEND -> {
                promoted.replacedRowsByFeed()
                        .forEach((oldFeed, n) -> issues.add(new FeedSummary.Issue(
                                "info",
                                "ROWS_UPDATED",
                                null,
                                String.format(
                                        "%,d rows loaded earlier by feed %s%s were sent again with the same %s and other"
                                                + " values in %s: the rows sent now replaced them, so they count once",
                                        n,
                                        oldFeed,
                                        onDates(promoted, oldFeed),
                                        String.join(" + ", contract.identity()),
                                        String.join(
                                                ", ",
                                                contract.inputColumns().stream()
                                                        .map(ColumnSpec::name)
                                                        .filter(col -> !contract.identity()
                                                                .contains(col))
                                                        .toList())),
                                n)));
                if (promoted.alreadyLoaded() > 0) {
                    issues.add(new FeedSummary.Issue(
                            "info",
                            "ALREADY_LOADED",
                            null,
                            String.format(
                                    "%,d rows were loaded before (same %s) and " + "were not added again",
                                    promoted.alreadyLoaded(),
                                    contract.key().isEmpty()
                                                    && contract.lineIdentity().isEmpty()
                                            ? "content"
                                            : String.join(" + ", contract.identity())),
                            promoted.alreadyLoaded()));
                }
            }
        }
    }

    /**
     * What a file's codes that differ from known ones only in case or spaces make of its rows, one issue per kind:
     * {@code PLACEHOLDER_LOOKS_KNOWN} for a column whose unknown codes load under placeholders (a warning on the run,
     * stage master_check), {@code UNKNOWN_LOOKS_KNOWN} for the others (their rows are what the column's unknown-value
     * check says: quarantined for an unknown SKU in sales). Each names the codes first, as {@code unknown store s001 —
     * did you mean S001?}, then " Codes are matched ...": the run's master_check stage quotes what comes before it.
     */
    static List<FeedSummary.Issue> lookalikes(Contract contract, List<Promotion.Lookalike> found) {
        List<FeedSummary.Issue> issues = new ArrayList<>();
        Map<Boolean, List<Promotion.Lookalike>> byKind = found.stream()
                .collect(Collectors.partitioningBy(l -> contract.column(l.column())
                        .map(ColumnSpec::reference)
                        .map(r -> r.onMissing() == io.stockroom.contract.Reference.OnMissing.PLACEHOLDER)
                        .orElse(false)));
        List<Promotion.Lookalike> placeholders = byKind.get(true);
        if (!placeholders.isEmpty()) {
            issues.add(new FeedSummary.Issue(
                    "warn",
                    "PLACEHOLDER_LOOKS_KNOWN",
                    null,
                    named(placeholders)
                            + " Codes are matched exactly (case-sensitive), so these rows load as the file says, under"
                            + " placeholder records flagged for review, apart from the known ones. If they are the same,"
                            + " correct the codes and send the file again; the rows loaded under the unknown code stay"
                            + " until their slice is replaced (a file declared complete for it, --complete)",
                    placeholders.size()));
        }
        List<Promotion.Lookalike> others = byKind.get(false);
        if (!others.isEmpty()) {
            issues.add(new FeedSummary.Issue(
                    "warn",
                    "UNKNOWN_LOOKS_KNOWN",
                    null,
                    named(others)
                            + " Codes are matched exactly (case-sensitive), so these rows count as unknown (their"
                            + " UNKNOWN_ issue says what became of them). If they are the same, correct the codes and"
                            + " send the file again",
                    others.size()));
        }
        return issues;
    }

    private static String named(List<Promotion.Lookalike> found) {
        return found.stream().limit(5).map(Promotion.Lookalike::toString).collect(Collectors.joining(" "))
                + (found.size() > 5 ? " (and " + (found.size() - 5) + " more)." : "");
    }

    /** Dates named in full up to this many; more read as a range: the days whose dashboards changed, at a glance. */
    static final int DATES_LISTED = 5;

    /**
     * The business dates of the rows of {@code oldFeed} that a load replaced, as ROWS_UPDATED says them: {@code , on
     * 2025-02-03 and 2025-02-05}, or past {@link #DATES_LISTED} {@code , on 28 dates, 2025-02-01 to 2025-02-28}.
     */
    static String onDates(Promotion.Result promoted, String oldFeed) {
        java.util.SortedSet<LocalDate> dates =
                oldFeed == null ? null : promoted.replacedDatesByFeed().get(oldFeed);
        if (dates == null || dates.isEmpty()) {
            return "";
        }
        List<String> listed = dates.stream().map(LocalDate::toString).toList();
        if (listed.size() == 1) {
            return ", on " + listed.getFirst();
        }
        if (listed.size() <= DATES_LISTED) {
            return ", on " + String.join(", ", listed.subList(0, listed.size() - 1)) + " and " + listed.getLast();
        }
        return ", on " + listed.size() + " dates, " + dates.first() + " to " + dates.last();
    }

    static List<FeedSummary.Issue> issues(ValidationOutcome outcome, HeaderMapping mapping, DecodedFile decoded) {
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
        outcome.nullWords().forEach((column, words) -> issues.add(nullWords(column, mapping, words)));
        fileIssues(mapping, decoded, issues);
        return issues;
    }

    /**
     * {@code NULL_WORDS}: the values of one column read as no value because they are one of its null words, counted
     * per word, so that a region "NA" read as empty is never a silent loss.
     */
    private static FeedSummary.Issue nullWords(String column, HeaderMapping mapping, Map<String, Long> words) {
        long n = words.values().stream().mapToLong(Long::longValue).sum();
        String counted = words.entrySet().stream()
                .map(e -> String.format("%,d × '%s'", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
        return new FeedSummary.Issue(
                "info",
                "NULL_WORDS",
                column,
                String.format(
                        "%s (header '%s'): %,d value%s read as empty, being null words: %s. If one is a real value "
                                + "here, list the words that mean empty in the contract's null_words (docs/ingest.md)",
                        column, mapping.header(column).orElse(column), n, n == 1 ? "" : "s", counted),
                n);
    }

    /**
     * The rows of only delimiters the staging skipped ({@link Staging}), said once, their lines as ranges: "lines 22–23
     * are empty (only delimiters): skipped".
     */
    static Optional<FeedSummary.Issue> emptyLines(List<Long> lines) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < lines.size(); ) {
            int j = i;
            while (j + 1 < lines.size() && lines.get(j + 1) == lines.get(j) + 1) {
                j++;
            }
            ranges.add(
                    i == j ? String.format("%,d", lines.get(i)) : String.format("%,d–%,d", lines.get(i), lines.get(j)));
            i = j + 1;
        }
        String shown = ranges.size() <= 10
                ? String.join(", ", ranges)
                : String.join(", ", ranges.subList(0, 10)) + " and " + (ranges.size() - 10) + " more";
        return Optional.of(new FeedSummary.Issue(
                "info",
                "EMPTY_LINES",
                null,
                (lines.size() == 1 ? "line " + shown + " is" : "lines " + shown + " are")
                        + " empty (only delimiters): skipped, as blank lines are; they stay in the raw lake",
                lines.size()));
    }

    /** The columns the contract does not know, and what the decoder did to read the file. */
    private static void fileIssues(HeaderMapping mapping, DecodedFile decoded, List<FeedSummary.Issue> issues) {
        if (!mapping.unmappedHeaders().isEmpty()) {
            issues.add(new FeedSummary.Issue(
                    "info",
                    "IGNORED_COLUMNS",
                    null,
                    "columns not in the contract were kept in the raw lake but not loaded: "
                            + mapping.unmappedHeaders(),
                    0));
        }
        List<DecodedFile.Sheet> notRead = decoded.sheetsNotRead();
        if (!notRead.isEmpty()) {
            String read = decoded.sheets().stream()
                    .filter(DecodedFile.Sheet::read)
                    .map(s -> "'" + s.name() + "'")
                    .collect(Collectors.joining(", "));
            issues.add(new FeedSummary.Issue(
                    "warn",
                    "SHEETS_NOT_READ",
                    null,
                    String.format(
                            "the workbook's sheet(s) %s have other columns than %s and were not loaded; they stay in "
                                    + "the raw lake. To load one, send the workbook again naming that sheet (stockroom ingest "
                                    + "--sheet NAME, or the sheet choice of the upload)",
                            notRead.stream().map(DecodedFile.Sheet::described).collect(Collectors.joining(", ")), read),
                    notRead.stream().mapToLong(DecodedFile.Sheet::rows).sum()));
        }
        for (String note : decoded.notes()) {
            issues.add(new FeedSummary.Issue("info", "DECODING", null, note, 0));
        }
    }

    static FeedSummary.Metrics metrics(
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
     * warning: code, rows, examples, message), e.g. the products a costs file leaves without any cost. The query may
     * name this load as {@code :feed_id}.
     */
    private static List<FeedSummary.Issue> loadWarnings(Connection c, String dataset, String feedId)
            throws SQLException {
        try (InputStream in = FeedSummaries.class.getResourceAsStream("/quality/warnings/" + dataset + ".sql")) {
            if (in == null) {
                return List.of();
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return io.stockroom.warehouse.Sql.on(c)
                    .sql(sql)
                    .params(sql.contains(":feed_id") ? Map.of("feed_id", feedId) : Map.<String, Object>of())
                    .query((r, i) -> {
                        long n = r.getLong(2);
                        String examples = r.getString(3);
                        return new FeedSummary.Issue(
                                "warn",
                                r.getString(1),
                                null,
                                String.format(
                                        "%,d %s%s",
                                        n, r.getString(4), examples == null ? "" : " (e.g. " + examples + ")"),
                                n);
                    })
                    .list();
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
        // The rows this feed loaded, as the warehouse table has them, without reading the table back.
        String columns = loadExpressions.entrySet().stream()
                .map(e -> e.getValue() + " AS \"" + e.getKey() + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        return money(c, dataset, "(SELECT " + columns + " FROM __chk WHERE NOT __error)");
    }

    /** The feed's figures over {@code loaded}, a subquery of the rows it loaded with the warehouse table's columns. */
    private static Money money(Connection c, String dataset, String loaded) throws SQLException {
        try (InputStream in = FeedSummaries.class.getResourceAsStream("/quality/metrics/" + dataset + ".sql")) {
            if (in == null) {
                return new Money(new double[] {0, Double.NaN, Double.NaN, Double.NaN, Double.NaN}, 0, null);
            }
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

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The first line of an engine's message, the one that says what went wrong. */
    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
