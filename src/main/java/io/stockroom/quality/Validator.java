package io.stockroom.quality;

import io.stockroom.StockroomProperties;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.ColumnType;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Promotion;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Runs a contract's checks over the staged rows of one file (temp table __stg with a __line column) and
 * leaves the checked table __chk on the connection for the load and the quarantine.
 */
@Component
public class Validator {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Validator.class);

    private final ContractRegistry contracts;
    private final StockroomProperties.Quality settings;
    private final Clock clock;
    private final ZoneId zone;

    /** Timestamps with an offset are stored in the retailer's zone, {@link StockroomProperties#zone()}. */
    @org.springframework.beans.factory.annotation.Autowired
    public Validator(ContractRegistry contracts, StockroomProperties properties) {
        this(contracts, properties, properties.zone());
    }

    /** @param zone the retailer's time zone, which a timestamp with a UTC offset or Z is converted to */
    public Validator(ContractRegistry contracts, StockroomProperties properties, ZoneId zone) {
        this(contracts, properties.quality(), Clock.systemUTC(), zone);
    }

    Validator(ContractRegistry contracts, StockroomProperties.Quality settings, Clock clock) {
        this(contracts, settings, clock, ZoneOffset.UTC);
    }

    Validator(ContractRegistry contracts, StockroomProperties.Quality settings, Clock clock, ZoneId zone) {
        this.contracts = contracts;
        this.settings = settings;
        this.clock = clock;
        this.zone = zone;
    }

    public ValidationOutcome validate(Connection c, Contract contract, HeaderMapping mapping, long malformedLines)
            throws SQLException {
        return validate(c, contract, mapping, malformedLines, null);
    }

    /**
     * @param dateOrder how this file's day/month dates read, as the sender said (upload preview, --date-order), or
     *     null: then the file's own evidence decides, else stockroom.quality.slash-date-order, else
     *     {@link AmbiguousDateOrder} is thrown — a date is never read by a guess
     */
    public ValidationOutcome validate(
            Connection c, Contract contract, HeaderMapping mapping, long malformedLines, DateOrder dateOrder)
            throws SQLException {
        long t0 = System.nanoTime();
        Map<String, ColumnProfile> profiles = profile(c, contract, mapping, dateOrder);
        Map<String, Map<String, Long>> nullWords = nullWordsFound(c, contract, mapping, profiles);
        long t1 = System.nanoTime();
        CheckPlan plan = new CheckCompiler(contracts, settings, Dialect.of(c), zone)
                .compile(
                        contract,
                        mapping,
                        profiles,
                        nestedKeys(c, contract, mapping),
                        Promotion.numberRanges(c, contract),
                        LocalDate.now(clock));
        log.debug("checks for {}:\n{}", contract.dataset(), plan.checkedQuery());
        Dialect.of(c).createTempTable(c, CheckPlan.CHECKED, plan.checkedQuery());
        long t2 = System.nanoTime();
        StringBuilder q = new StringBuilder("SELECT COUNT(*), COUNT(*) FILTER (WHERE " + CheckPlan.ERROR
                + "), COUNT(*) FILTER (WHERE " + CheckPlan.WARN + " AND NOT " + CheckPlan.ERROR + ")");
        String dateCol = contract.dateColumn();
        String dateExpr = dateCol == null ? null : plan.loadExpressions().get(dateCol);
        q.append(
                dateExpr == null
                        ? ", NULL, NULL"
                        : ", MIN(" + dateExpr + ") FILTER (WHERE NOT " + CheckPlan.ERROR + "), MAX(" + dateExpr
                                + ") FILTER (WHERE NOT " + CheckPlan.ERROR + ")");
        for (Check check : plan.checks()) {
            q.append(", COUNT(*) FILTER (WHERE ").append(check.flag()).append(')');
        }
        q.append(" FROM ").append(CheckPlan.CHECKED);
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(q.toString())) {
            r.next();
            Map<Check, Long> failures = new LinkedHashMap<>();
            for (int i = 0; i < plan.checks().size(); i++) {
                failures.put(plan.checks().get(i), r.getLong(6 + i));
            }
            log.debug(
                    "validate {}: profile {} ms, checks {} ms, counts {} ms",
                    contract.dataset(),
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
            Date min = r.getDate(4);
            Date max = r.getDate(5);
            return new ValidationOutcome(
                    plan,
                    r.getLong(1),
                    malformedLines,
                    r.getLong(2),
                    r.getLong(3),
                    failures,
                    min == null ? null : min.toLocalDate(),
                    max == null ? null : max.toLocalDate(),
                    nullWords);
        }
    }

    /**
     * Per column whose profile found a value to trim or a null word, how many values each of its null words turned into
     * no value (words found only): one more pass over the staged file, only when some column has one.
     */
    private static Map<String, Map<String, Long>> nullWordsFound(
            Connection c, Contract contract, HeaderMapping mapping, Map<String, ColumnProfile> profiles)
            throws SQLException {
        List<String[]> asked = new java.util.ArrayList<>();
        List<String> exprs = new java.util.ArrayList<>();
        for (ColumnSpec col : contract.inputColumns()) {
            String header = mapping.header(col.name()).orElse(null);
            ColumnProfile profile = profiles.get(col.name());
            if (header == null || profile == null || profile.plainText()) {
                continue;
            }
            for (String word : contract.nullWords(col).words()) {
                asked.add(new String[] {col.name(), word});
                exprs.add("COUNT(*) FILTER (WHERE " + CheckCompiler.isWord(word, CheckCompiler.quote(header)) + ")");
            }
        }
        Map<String, Map<String, Long>> found = new LinkedHashMap<>();
        if (exprs.isEmpty()) {
            return found;
        }
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + String.join(", ", exprs) + " FROM " + CheckPlan.STAGING)) {
            r.next();
            for (int i = 0; i < asked.size(); i++) {
                long n = r.getLong(i + 1);
                if (n > 0) {
                    found.computeIfAbsent(asked.get(i)[0], k -> new LinkedHashMap<>())
                            .put(asked.get(i)[1], n);
                }
            }
        }
        return found;
    }

    /**
     * The unknown codes of the checked rows (__chk) that differ from a known record's only in case or surrounding
     * spaces ({@code s001} beside {@code S001}), for each reference column whose check found unknown values: said,
     * never applied (codes are case-sensitive). Nothing is read when no value was unknown.
     *
     * @param placeholderColumns also the columns whose unknown values become placeholders (a load leaves those to the
     *     promotion, which names them also when an earlier load made the placeholder)
     */
    public List<Promotion.Lookalike> lookalikes(
            Connection c, Contract contract, ValidationOutcome outcome, boolean placeholderColumns)
            throws SQLException {
        List<Promotion.Lookalike> found = new java.util.ArrayList<>();
        for (ColumnSpec col : contract.columns()) {
            io.stockroom.contract.Reference ref = col.reference();
            if (ref == null
                    || !placeholderColumns
                            && ref.onMissing() == io.stockroom.contract.Reference.OnMissing.PLACEHOLDER) {
                continue;
            }
            boolean unknown = outcome.failures().entrySet().stream()
                    .anyMatch(f -> col.name().equals(f.getKey().column())
                            && f.getKey().code().startsWith("UNKNOWN_")
                            && f.getValue() > 0);
            if (unknown) {
                found.addAll(Promotion.unknownLookalikes(
                        c, col.name(), contracts.get(ref.dataset()).table(), ref.column()));
            }
        }
        return found;
    }

    /**
     * The fast path's reading plan: per header, the SQL type the engine should parse it as, or empty when the
     * contract needs the general parsers for some mapped column whatever its values.
     */
    public Optional<Map<String, String>> readTypes(Contract contract, HeaderMapping mapping) {
        return CheckCompiler.readTypes(contract, mapping);
    }

    /**
     * The fast path's key headers whose values the typed read keeps as written, so that the read may prove the key never
     * repeats; empty when some key column is not kept as written (a number) or none is in the file.
     */
    public List<String> keyHeadersAsWritten(Contract contract, HeaderMapping mapping) {
        return CheckCompiler.keyHeadersAsWritten(contract, mapping);
    }

    /**
     * Per header of the file, the contract column that takes its values just as the typed read gives them, when the
     * fast path's insert would add nothing to them (see {@link CheckCompiler#columnsAsRead}); empty otherwise.
     */
    public Optional<List<String>> columnsAsRead(Contract contract, HeaderMapping mapping, List<String> headers) {
        return CheckCompiler.columnsAsRead(contract, mapping, headers);
    }

    /** What the fast path's insert adds to the values of a file loaded by {@link #columnsAsRead}. */
    public Dialect.Completion completion(Contract contract, HeaderMapping mapping) {
        return CheckCompiler.completion(contract, mapping);
    }

    /** The fast path's insert source: the warehouse columns of the contract over a typed read ({@code source}). */
    public String typedSelect(Contract contract, HeaderMapping mapping, String source) {
        return CheckCompiler.typedSelect(contract, mapping, source);
    }

    /**
     * Checks rows the engine typed while reading and that are already inserted (uncommitted) in the fact table,
     * visible on this connection as {@code source} ({@code rows} of them). Returns the outcome when every row passes every error check
     * and no value needs the general parsers; empty otherwise, and the caller rolls back and takes the general
     * path, which quarantines each bad row with its reasons. Warnings (and placeholders) do not stop the fast path.
     *
     * @param keysDistinct the read proved that no key repeats ({@link #keyHeadersAsWritten}): no duplicate check
     */
    public Optional<ValidationOutcome> validateLoaded(
            Connection c, Contract contract, HeaderMapping mapping, String source, long rows, boolean keysDistinct)
            throws SQLException {
        CheckCompiler.LoadedPlan plan = new CheckCompiler(contracts, settings, Dialect.of(c), zone)
                .compileLoaded(contract, mapping, source, Promotion.numberRanges(c, contract), LocalDate.now(clock));
        log.debug("checks for {} (typed):\n{}", contract.dataset(), plan.countsWithReferences());
        long t0 = System.nanoTime();
        boolean unknownReferences;
        if (rows >= 1_000_000) {
            // Big files: each proof on its own, cheapest first; the bitmap proof spares the hash screen. The plain
            // and unknown-value probes share one pass over each column's distinct values.
            long notPlain;
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(plan.notPlainOrUnknown())) {
                r.next();
                notPlain = r.getLong(1);
                unknownReferences = r.getLong(2) > 0;
            }
            if (notPlain > 0
                    || !keysDistinct
                            && !provesNoDuplicate(c, plan.duplicateBits())
                            && scalar(c, plan.duplicateScreen()) > 0
                            && scalar(c, plan.duplicates()) > 0) {
                return Optional.empty();
            }
        } else {
            // Small files: statements cost more than rows, so the probes ride along with the counts (joins included).
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT (" + plan.notPlain() + "), ("
                            + (keysDistinct ? "SELECT 0" : plan.duplicateScreen()) + "), q.* FROM ("
                            + plan.countsWithReferences() + ") q")) {
                r.next();
                if (r.getLong(1) > 0 || r.getLong(4) > 0 || r.getLong(2) > 0 && scalar(c, plan.duplicates()) > 0) {
                    return Optional.empty();
                }
                return Optional.of(outcome(contract, plan, r, 2));
            }
        }
        long t1 = System.nanoTime();
        String counts = unknownReferences ? plan.countsWithReferences() : plan.counts();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(counts)) {
            r.next();
            log.debug(
                    "validate {} (typed): probes {} ms, checks {} ms",
                    contract.dataset(),
                    (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
            if (r.getLong(2) > 0) {
                return Optional.empty();
            }
            return Optional.of(outcome(contract, plan, r, 0));
        }
    }

    /** The outcome from a row of the count SQL whose columns start after {@code offset} others. */
    private static ValidationOutcome outcome(Contract contract, CheckCompiler.LoadedPlan plan, ResultSet r, int offset)
            throws SQLException {
        Map<Check, Long> failures = new LinkedHashMap<>();
        for (int i = 0; i < plan.checks().size(); i++) {
            failures.put(plan.checks().get(i), r.getLong(offset + 6 + i));
        }
        Map<String, String> load = new LinkedHashMap<>();
        for (ColumnSpec col : contract.columns()) {
            load.put(col.name(), CheckCompiler.quote(col.name()));
        }
        Date min = r.getDate(offset + 4);
        Date max = r.getDate(offset + 5);
        return new ValidationOutcome(
                new CheckPlan(null, plan.checks(), load),
                r.getLong(offset + 1),
                0,
                0,
                r.getLong(offset + 3),
                failures,
                min == null ? null : min.toLocalDate(),
                max == null ? null : max.toLocalDate(),
                Map.of()); // a null word sends the file to the general path (compileLoaded's probes)
    }

    /** The bitmap proof (see CheckCompiler.compileLoaded) over the widest master: true when it shows the key never repeats. */
    private static boolean provesNoDuplicate(Connection c, List<CheckCompiler.DuplicateBits> candidates)
            throws SQLException {
        CheckCompiler.DuplicateBits bits = null;
        long width = 0;
        for (CheckCompiler.DuplicateBits candidate : candidates) {
            long w = scalar(c, "SELECT COUNT(*) FROM " + candidate.masterTable());
            if (w > width) {
                width = w;
                bits = candidate;
            }
        }
        if (bits == null) {
            return false;
        }
        // One bitmap of width bits per group of the other key columns: only while they fit in 256 MB together.
        long groups = scalar(c, bits.groups());
        return groups * (width / 8 + 1) <= (256L << 20) && scalar(c, String.format(bits.sql(), width)) == 0;
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * One aggregate pass over the staged file: per mapped column, does every value have the plain form, and for
     * dates written as two small numbers and a year (03/05/2026, 03.05.2026, 03-05-2026), which order does the whole
     * column prove? A first part above 12 proves day-first, a second part above 12 month-first. The order the sender
     * gave for this file wins; then the proof; then stockroom.quality.slash-date-order when it is set; otherwise the
     * column is undecided and the file is refused with {@link AmbiguousDateOrder}.
     */
    private Map<String, ColumnProfile> profile(
            Connection c, Contract contract, HeaderMapping mapping, DateOrder requested) throws SQLException {
        Dialect dialect = Dialect.of(c);
        List<String> exprs = new java.util.ArrayList<>();
        List<ColumnSpec> cols = new java.util.ArrayList<>();
        for (ColumnSpec col : contract.inputColumns()) {
            String header = mapping.header(col.name()).orElse(null);
            if (header == null) {
                continue;
            }
            String h = CheckCompiler.quote(header);
            cols.add(col);
            // the column's null words (Contract.nullWords): only values as short as the longest ask
            exprs.add("COUNT(*) FILTER (WHERE " + h + " <> trim(" + h + ") OR "
                    + CheckCompiler.isMissing(contract.nullWords(col), h) + ")");
            exprs.add("COUNT(*) FILTER (WHERE " + h + " IS NOT NULL AND " + notPlain(dialect, col.type(), h) + ")");
            boolean date = col.type() == ColumnType.DATE || col.type() == ColumnType.TIMESTAMP;
            // day and month as two small numbers and a year (the pattern lives in the engine's sr_dm_date / sr_dm_part)
            String where = " FILTER (WHERE sr_dm_date(" + h + "))";
            exprs.add(date ? "MAX(sr_dm_part(" + h + ", 1))" + where : "0");
            exprs.add(date ? "MAX(sr_dm_part(" + h + ", 2))" + where : "0");
            exprs.add(date ? "ANY_VALUE(trim(" + h + "))" + where : "NULL");
            // a decimal comma (2,50) in a number column; only values with a comma can show one
            boolean number = col.type() == ColumnType.DECIMAL || col.type() == ColumnType.INTEGER;
            exprs.add(number ? "COUNT(*) FILTER (WHERE contains(" + h + ", ',') AND sr_num_sep(" + h + ") = 1)" : "0");
        }
        Map<String, ColumnProfile> out = new HashMap<>();
        if (cols.isEmpty()) {
            return out;
        }
        DateOrder configured = DateOrder.parse(settings.slashDateOrder(), "stockroom.quality.slash-date-order");
        Map<String, String> undecided = new LinkedHashMap<>();
        boolean decimalCommaShown = false;
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + String.join(", ", exprs) + " FROM " + CheckPlan.STAGING)) {
            r.next();
            for (int i = 0; i < cols.size(); i++) {
                int first = r.getInt(PROFILED * i + 3);
                int second = r.getInt(PROFILED * i + 4);
                String example = r.getString(PROFILED * i + 5);
                DateOrder proven =
                        first > 12 && second <= 12 ? DateOrder.DMY : second > 12 && first <= 12 ? DateOrder.MDY : null;
                DateOrder order = requested != null ? requested : proven != null ? proven : configured;
                if (example != null && order == null) {
                    String header = mapping.header(cols.get(i).name()).orElseThrow();
                    undecided.put(
                            header,
                            first > 12
                                    ? "'" + header
                                            + "' has dates of both orders (a first part above 12 in some rows, a second part "
                                            + "above 12 in others, e.g. " + example + ")"
                                    : "'" + header + "' has dates like " + example + " that read both day-first and "
                                            + "month-first, and no value in the file decides (every day and month is 12 or less)");
                }
                Boolean dayFirst = order == null ? null : order == DateOrder.DMY;
                out.put(
                        cols.get(i).name(),
                        new ColumnProfile(
                                r.getLong(PROFILED * i + 1) == 0, r.getLong(PROFILED * i + 2) == 0, dayFirst, false));
                decimalCommaShown |= r.getLong(PROFILED * i + 6) > 0;
            }
        }
        if (decimalCommaShown) {
            decimalCommas(c, cols, mapping, out);
        }
        if (!undecided.isEmpty()) {
            throw new AmbiguousDateOrder(
                    List.copyOf(undecided.keySet()),
                    "Cannot tell whether the dates are day-first or month-first: "
                            + String.join("; ", undecided.values())
                            + ". Say which, and nothing is guessed: choose the order in the upload preview, pass "
                            + "--date-order DMY|MDY to stockroom ingest/validate, or set stockroom.quality.slash-date-order: DMY (or MDY) for every file "
                            + "that cannot prove it.");
        }
        return out;
    }

    /** Expressions per column in the profile's one pass. */
    private static final int PROFILED = 6;

    /**
     * A file whose number columns show a decimal comma (2,50, 1.234,5) was written the European way, so its 1.234 is
     * a thousand and its 0,125 an eighth, however the values look one by one; read by themselves, 1.234 would be 1.234
     * and 1,234 a thousand: off by a factor of a thousand without a word. One export writes all its numbers one way, so
     * the proof in one column decides the others (units of 1.234 beside sales of 2,50). Unless some number column also
     * shows a decimal point (2.50, 1,234.5): then the file mixes both ways and each value is read by itself, as before.
     */
    private static void decimalCommas(
            Connection c, List<ColumnSpec> cols, HeaderMapping mapping, Map<String, ColumnProfile> profiles)
            throws SQLException {
        List<ColumnSpec> numbers = cols.stream()
                .filter(col -> col.type() == ColumnType.DECIMAL || col.type() == ColumnType.INTEGER)
                .toList();
        String pointShown = numbers.stream()
                .map(col -> CheckCompiler.quote(mapping.header(col.name()).orElseThrow()))
                .map(h -> "COUNT(*) FILTER (WHERE contains(" + h + ", '.') AND sr_num_sep(" + h + ") = 2)")
                .collect(java.util.stream.Collectors.joining(" + "));
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + pointShown + " FROM " + CheckPlan.STAGING)) {
            r.next();
            if (r.getLong(1) > 0) {
                return;
            }
        }
        for (ColumnSpec col : numbers) {
            ColumnProfile p = profiles.get(col.name());
            profiles.put(col.name(), new ColumnProfile(p.plainText(), p.plainValues(), p.dayFirst(), true));
        }
    }

    /**
     * Per contract column, the JSON keys that held an object or array in some record and would feed it: keys the column
     * matches by name or alias, unless it is fed by another header (a parent such as {@code customer} flattened into
     * {@code customer_id}). Empty when the file is not JSON or has no nested values.
     */
    private static Map<String, List<String>> nestedKeys(Connection c, Contract contract, HeaderMapping mapping)
            throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        boolean hasMarker = false;
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM " + CheckPlan.STAGING + " WHERE 1 = 0")) {
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                hasMarker |= CheckPlan.NESTED.equals(r.getMetaData().getColumnLabel(i));
            }
        }
        if (!hasMarker) {
            return out;
        }
        java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT DISTINCT " + CheckPlan.NESTED + " FROM " + CheckPlan.STAGING
                        + " WHERE " + CheckPlan.NESTED + " <> ''")) {
            while (r.next()) {
                for (String key : r.getString(1).split("\\|")) {
                    if (!key.isEmpty()) {
                        distinct.add(key);
                    }
                }
            }
        }
        List<String> keys = List.copyOf(distinct);
        for (ColumnSpec col : contract.inputColumns()) {
            String header = mapping.header(col.name()).orElse(null);
            List<String> feeding = keys.stream()
                    .filter(k -> col.matchesHeader(k) && (header == null || header.equals(k)))
                    .toList();
            if (!feeding.isEmpty()) {
                out.put(col.name(), feeding);
            }
        }
        return out;
    }

    /** SQL true where a value is not in the form the type's plain cast reads the same way the general parser would. */
    private static String notPlain(Dialect dialect, ColumnType type, String h) {
        return switch (type) {
            case CODE -> "contains(" + h + ", '.')"; // conservative: only a '.' can make the id parser change a value
            case TEXT -> "FALSE";
            case INTEGER ->
                "(" + dialect.castOrNull(h, "BIGINT") + " IS NULL OR contains(" + h + ", '.') OR contains(" + h
                        + ", ','))";
            case DECIMAL -> dialect.castOrNull(h, "DECIMAL(18,4)") + " IS NULL";
            case DATE -> dialect.castOrNull(h, "DATE") + " IS NULL";
            case TIMESTAMP -> dialect.castOrNull(h, "TIMESTAMP") + " IS NULL";
            case BOOLEAN -> "TRUE";
        };
    }
}
