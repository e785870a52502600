package io.stockroom.quality;

import io.stockroom.StockroomProperties;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.ColumnType;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.contract.NullWords;
import io.stockroom.contract.Reference;
import io.stockroom.contract.RowCheck;
import io.stockroom.contract.Rule;
import io.stockroom.contract.Severity;
import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Promotion;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compiles a contract into one set-based SQL statement that types every staged value and tags each row with
 * a flag per failed check: required values, types, rules, date window, references and duplicates. Rows are
 * never looked at one by one in Java.
 */
final class CheckCompiler {

    private final ContractRegistry contracts;
    private final StockroomProperties.Quality settings;
    private final Dialect dialect;
    private final java.time.ZoneId zone;

    CheckCompiler(ContractRegistry contracts, StockroomProperties.Quality settings, Dialect dialect) {
        this(contracts, settings, dialect, java.time.ZoneOffset.UTC);
    }

    /** @param zone the retailer's time zone: a timestamp written with an offset or Z is stored as its time there */
    CheckCompiler(
            ContractRegistry contracts, StockroomProperties.Quality settings, Dialect dialect, java.time.ZoneId zone) {
        this.contracts = contracts;
        this.settings = settings;
        this.dialect = dialect;
        this.zone = zone;
    }

    /**
     * @param profiles per mapped column: whether its values are plain, and the slash-date order the file proves
     * @param ranges per number column, what its warehouse column holds where that is less than the typed value
     *     ({@link Promotion#numberRanges})
     * @param today the date "in the future" is measured against
     */
    CheckPlan compile(
            Contract contract,
            HeaderMapping mapping,
            Map<String, ColumnProfile> profiles,
            Map<String, List<String>> nestedKeys,
            Map<String, Promotion.NumberRange> ranges,
            LocalDate today) {
        List<Check> checks = new ArrayList<>();
        List<String> typed = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        Map<String, String> load = new LinkedHashMap<>();

        for (ColumnSpec col : contract.inputColumns()) {
            String name = col.name();
            String header = mapping.header(name).orElse(null);
            ColumnProfile profile = profiles.getOrDefault(name, ColumnProfile.UNKNOWN);
            String raw = header == null
                    ? "CAST(NULL AS VARCHAR)"
                    : profile.plainText()
                            ? "r." + quote(header)
                            : trimmedOrMissing(contract.nullWords(col), "r." + quote(header));
            boolean dayFirst = profile.dayFirst() != null ? profile.dayFirst() : dayFirstDefault();
            String value = header != null && profile.plainValues() && !profile.decimalComma()
                    ? plainExpression(dialect, col.type(), raw)
                    : typedExpression(
                            col.type(), profile.decimalComma() ? "translate(" + raw + ", '.,', ',.')" : raw, dayFirst);
            if (header != null && col.type() == ColumnType.TIMESTAMP) {
                // a time written with an offset or Z is an instant: stored as the retailer's wall-clock time
                value = "COALESCE(" + dialect.zonedTimestampOrNull(raw, zone) + ", " + value + ")";
            }
            if (col.defaultValue() != null) {
                value = "COALESCE(" + value + ", " + typedExpression(col.type(), literal(col.defaultValue()), true)
                        + ")";
            }
            typed.add((header == null && col.defaultValue() == null
                            ? "CAST(NULL AS " + col.type().sqlType() + ")"
                            : value)
                    + " AS " + quote(name));
            load.put(name, quote(name));
            List<String> nested = nestedKeys.getOrDefault(name, List.of());
            if (!nested.isEmpty()) {
                typed.add("r." + CheckPlan.NESTED + " AS " + CheckPlan.NESTED + "_" + checks.size());
                String keys = "'|' || t." + CheckPlan.NESTED + "_" + checks.size() + " || '|'";
                add(
                        checks,
                        flags,
                        "("
                                + nested.stream()
                                        .map(k -> "strpos(" + keys + ", " + literal("|" + k + "|") + ") > 0")
                                        .collect(Collectors.joining(" OR "))
                                + ")",
                        "NESTED_VALUE",
                        name,
                        Severity.ERROR,
                        name + " holds a JSON object or array (key " + String.join(", ", nested)
                                + "), not a single value; send it as text, a number "
                                + "or a date, or map the nested field that holds the value");
            }
            if (header == null) {
                continue;
            }
            typed.add(raw + " AS " + quote("__raw_" + name));
            valueChecks(
                    contract,
                    col,
                    header,
                    "t." + quote(name),
                    "t." + quote("__raw_" + name),
                    ranges.get(name),
                    today,
                    checks,
                    flags,
                    joins);
        }
        duplicates(contract, mapping, checks, flags, joins);
        totalLines(contract, mapping, false, checks, flags);
        for (RowCheck rowCheck : contract.checks()) {
            add(
                    checks,
                    flags,
                    "(" + rowCheck.when() + ")",
                    rowCheck.code(),
                    rowCheck.column(),
                    rowCheck.severity(),
                    rowCheck.message());
        }

        for (ColumnSpec col : contract.columns()) {
            if (col.isDerived()) {
                load.put(col.name(), "(" + col.derived() + ")");
            }
        }
        String errorExpr = orOf(checks, Severity.ERROR);
        String warnExpr = orOf(checks, Severity.WARN);
        String sql = "WITH t AS (SELECT r." + CheckPlan.LINE + ",\n      " + String.join(",\n      ", typed)
                + "\n    FROM " + CheckPlan.STAGING + " r)"
                + (duplicateKey == null
                        ? ""
                        : ",\n  dup AS (SELECT " + duplicateKey + ", MIN(" + CheckPlan.LINE
                                + ") AS first_line FROM t GROUP BY " + duplicateKey + " HAVING COUNT(*) > 1)")
                + "\nSELECT x.*, " + errorExpr + " AS " + CheckPlan.ERROR + ", " + warnExpr + " AS " + CheckPlan.WARN
                + "\nFROM (\n"
                + "  SELECT t.*" + (flags.isEmpty() ? "" : ",\n    " + flagColumns(checks, flags))
                + (duplicateKey == null ? "" : ",\n    dup.first_line + 1 AS " + CheckPlan.FIRST_LINE) + "\n"
                + "  FROM t\n"
                + (joins.isEmpty() ? "" : "  " + String.join("\n  ", joins) + "\n")
                + ") x";
        return new CheckPlan(sql, List.copyOf(checks), load);
    }

    /**
     * The checks of one mapped column's values, as conditions over {@code t} (its typed value) and {@code r} (its
     * raw text, or null when the engine already typed the column while reading, so no value can be of the wrong type).
     */
    private void valueChecks(
            Contract contract,
            ColumnSpec col,
            String header,
            String t,
            String r,
            Promotion.NumberRange range,
            LocalDate today,
            List<Check> checks,
            List<String> flags,
            List<String> joins) {
        String name = col.name();
        if (col.required()) {
            // empty is the raw value being empty: 'abc' in a number column is INVALID_NUMBER only, not also empty
            add(
                    checks,
                    flags,
                    (r != null ? r : t) + " IS NULL",
                    "MISSING_VALUE",
                    name,
                    Severity.ERROR,
                    name + " is empty; every row needs a value (file header '" + header + "')");
        }
        if (r != null && col.type() != ColumnType.TEXT && col.type() != ColumnType.CODE) {
            add(
                    checks,
                    flags,
                    r + " IS NOT NULL AND " + t + " IS NULL",
                    invalidCode(col.type()),
                    name,
                    Severity.ERROR,
                    name + " (header '" + header + "') " + typeHint(col.type()));
        }
        if (col.type() == ColumnType.CODE && r != null) {
            // 5012345678901 saved by a spreadsheet as 5.01235E+12: the digits it dropped cannot be told back. On the
            // fast path (r == null) the distinct values are probed for it instead (the plain checks), and a file that
            // has one takes this path
            add(
                    checks,
                    flags,
                    t + " IS NOT NULL AND " + scientific(t),
                    "CODE_IN_SCIENTIFIC_NOTATION",
                    name,
                    Severity.ERROR,
                    name + " (header '" + header + "') holds codes a spreadsheet rewrote as numbers in scientific"
                            + " notation (e.g. 5.01235E+12): their last digits are lost. Format the column as text"
                            + " before exporting (in Excel: Format Cells > Text) and send the file again");
        }
        if (range != null) {
            // a value the warehouse column cannot hold would stop the load's statement for the whole file; it rounds
            // to the column's scale past its limits at half a unit of the last digit beyond them (compared without a
            // round() per value: this runs on every row of a day's facts)
            java.math.BigDecimal half = java.math.BigDecimal.valueOf(5, range.scale() + 1);
            String holds = "its warehouse column holds " + range.min().toPlainString() + " to "
                    + range.max().toPlainString() + " (" + range.type() + "); check the export's unit and decimal "
                    + "separator, or correct the value";
            checks.add(new Check(
                    "__k" + checks.size(),
                    "NUMBER_OUT_OF_RANGE",
                    name,
                    Severity.ERROR,
                    name + " (header '" + header + "') has values that do not fit: " + holds,
                    name + " {value} does not fit: " + holds));
            flags.add(t + " <= " + range.min().subtract(half).toPlainString() + " OR " + t + " >= "
                    + range.max().add(half).toPlainString());
        }
        if ((col.type() == ColumnType.DATE || col.type() == ColumnType.TIMESTAMP) && isBusinessDate(contract, name)) {
            String d = col.type() == ColumnType.DATE ? t : "CAST(" + t + " AS DATE)";
            add(
                    checks,
                    flags,
                    d + " < DATE " + literal(settings.oldestDate()),
                    "DATE_TOO_OLD",
                    name,
                    Severity.ERROR,
                    name + " is before " + settings.oldestDate()
                            + " (a two-digit year, as in 05/03/26, reads as the year 26: export four-digit years);"
                            + " else check the date format or the export (stockroom.quality.oldest-date)");
            // a date the contract allows ahead (future_days: a promise) is checked against that horizon instead
            int ahead = col.futureDays() != null ? col.futureDays() : settings.futureToleranceDays();
            add(
                    checks,
                    flags,
                    d + " > DATE " + literal(today.plusDays(ahead).toString()),
                    "DATE_IN_FUTURE",
                    name,
                    Severity.ERROR,
                    col.futureDays() != null
                            ? name + " is more than " + ahead
                                    + " days after today (the contract's future_days); check the date format "
                                    + "(day/month order) or the export"
                            : name + " is in the future; check the date format (day/month order) or the export");
        }
        for (Rule rule : col.rules()) {
            add(
                    checks,
                    flags,
                    t + " IS NOT NULL AND " + ruleCondition(rule, t, col.type()),
                    rule.code(),
                    name,
                    rule.severity(),
                    name + " " + (rule.message() != null ? rule.message() : ruleMessage(rule)));
        }
        Reference ref = col.reference();
        if (ref != null) {
            Contract target = contracts.get(ref.dataset());
            String alias = "m" + joins.size();
            joins.add("LEFT JOIN (SELECT DISTINCT " + quote(ref.column()) + " AS k FROM " + target.table() + ") "
                    + alias + " ON " + alias + ".k = " + t);
            Severity sev = ref.onMissing() == Reference.OnMissing.ERROR ? Severity.ERROR : Severity.WARN;
            String how = switch (ref.onMissing()) {
                case ERROR -> "load " + ref.dataset() + " first, or correct the value";
                case WARN -> "kept; add it to " + ref.dataset() + " when you can";
                case PLACEHOLDER -> "kept; a placeholder " + ref.dataset() + " record flagged for review is created";
            };
            add(
                    checks,
                    flags,
                    t + " IS NOT NULL AND " + alias + ".k IS NULL",
                    "UNKNOWN_" + name.toUpperCase(Locale.ROOT),
                    name,
                    sev,
                    name + " is not in " + ref.dataset() + " (" + how + ")");
        }
    }

    /**
     * The fast path's form of the checks, for rows the engine typed while reading and already inserted into the
     * fact table, visible as {@code source} (contract column names): the count statement (with and without the
     * reference joins), and the probes that decide whether the fast path may keep the rows — values unknown to
     * their master, values the general path would still change (padding, null words like 'N/A', ids written as
     * 17850.0), and proofs that no key repeats, cheapest first. See {@link LoadedPlan}. Where the rows were checked
     * before they go into the fact table (PostgreSQL's typed read), a value the table's column cannot hold
     * ({@code ranges}) fails its check, and the general path quarantines it.
     */
    LoadedPlan compileLoaded(
            Contract contract,
            HeaderMapping mapping,
            String source,
            Map<String, Promotion.NumberRange> ranges,
            LocalDate today) {
        List<Check> checks = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        List<PlainCheck> plain = new ArrayList<>();
        List<Integer> referenceChecks = new ArrayList<>();
        // per column, what its distinct values are asked: [not plain, unknown to the master]
        Map<String, String[]> distinctProbes = new LinkedHashMap<>();
        for (ColumnSpec col : contract.inputColumns()) {
            String header = mapping.header(col.name()).orElse(null);
            if (header == null) {
                continue;
            }
            valueChecks(
                    contract,
                    col,
                    header,
                    "t." + quote(col.name()),
                    null,
                    ranges.get(col.name()),
                    today,
                    checks,
                    flags,
                    joins);
            if (col.reference() != null) {
                // valueChecks adds a column's reference check last
                referenceChecks.add(checks.size() - 1);
                Contract target = contracts.get(col.reference().dataset());
                distinctProbes.computeIfAbsent(quote(col.name()), k -> new String[] {"FALSE", "FALSE"})[1] =
                        "t.v IS NOT NULL AND t.v NOT IN (SELECT "
                                + quote(col.reference().column()) + " FROM " + target.table() + ")";
            }
            if (col.type() == ColumnType.CODE || col.type() == ColumnType.TEXT) {
                String v = "t.v";
                plain.add(new PlainCheck(
                        quote(col.name()),
                        "starts_with(" + v + ", ' ') OR ends_with(" + v + ", ' ') OR "
                                + isMissing(contract.nullWords(col), v)
                                + (col.type() == ColumnType.CODE
                                        ? " OR (contains(" + v + ", '.') AND sr_code(" + v + ") <> " + v + ") OR "
                                                + scientific(v)
                                        : "")));
                distinctProbes.computeIfAbsent(quote(col.name()), k -> new String[] {"FALSE", "FALSE"})[0] =
                        plain.getLast().condition();
            }
        }
        totalLines(contract, mapping, true, checks, flags);
        List<String> key = contract.key().isEmpty()
                ? contract.inputColumns().stream()
                        .map(ColumnSpec::name)
                        .filter(n -> mapping.header(n).isPresent())
                        .toList()
                : contract.key();
        String keyList = key.stream().map(CheckCompiler::quote).collect(Collectors.joining(", "));

        // Every value known to its master (the usual case, proved on distinct values): count without the joins.
        List<String> withoutReferences = new ArrayList<>(flags);
        referenceChecks.forEach(i -> withoutReferences.set(i, "FALSE"));
        String counts = counts(contract, checks, withoutReferences, List.of(), source);
        String countsWithReferences = counts(contract, checks, flags, joins, source);

        // Plain text is a property of a value, so it is asked of each distinct value once, not of every row.
        String notPlain = plain.isEmpty()
                ? "SELECT 0"
                : "SELECT "
                        + plain.stream()
                                .map(p -> "(SELECT COUNT(*) FROM (SELECT DISTINCT " + p.column() + " AS v FROM "
                                        + source + " x) t WHERE " + p.condition() + ")")
                                .collect(Collectors.joining(" + "));

        // Both at once, each column's distinct values found once for both questions: values not plain, values unknown.
        List<String> perColumn = new ArrayList<>();
        distinctProbes.forEach((column, asked) -> perColumn.add("(SELECT COUNT(*) FILTER (WHERE " + asked[0]
                + ") AS p, COUNT(*) FILTER (WHERE " + asked[1] + ") AS u FROM (SELECT DISTINCT " + column
                + " AS v FROM " + source + " x) t) a" + perColumn.size()));
        String notPlainOrUnknown = perColumn.isEmpty()
                ? "SELECT 0, 0"
                : "SELECT "
                        + java.util.stream.IntStream.range(0, perColumn.size())
                                .mapToObj(i -> "a" + i + ".p")
                                .collect(Collectors.joining(" + "))
                        + ", "
                        + java.util.stream.IntStream.range(0, perColumn.size())
                                .mapToObj(i -> "a" + i + ".u")
                                .collect(Collectors.joining(" + "))
                        + " FROM " + String.join(" CROSS JOIN ", perColumn);

        // Duplicates, cheapest proof first. (1) When the key has a column referencing a master (sku -> products),
        // number the master's keys and keep one bitmap of those numbers per value of the other key columns: as
        // many bits set as rows, in every group, proves no duplicate (one candidate per such column; the widest
        // master makes the fewest groups). (2) Otherwise, or when that proof fails (a duplicate, or rows without a
        // master number), as many distinct 64-bit key hashes as rows proves it. (3) Only then does exact grouping
        // decide.
        List<DuplicateBits> bits = new ArrayList<>();
        for (String k : dialect.provesKeysUniqueByHashing() ? key : List.<String>of()) {
            ColumnSpec col = contract.column(k).orElse(null);
            if (col != null && col.reference() != null && mapping.header(k).isPresent()) {
                Contract target = contracts.get(col.reference().dataset());
                String rest = key.stream()
                        .filter(o -> !o.equals(k))
                        .map(o -> "t." + quote(o))
                        .collect(Collectors.joining(", "));
                bits.add(new DuplicateBits(
                        target.table(),
                        rest.isEmpty()
                                ? "SELECT 1"
                                : "SELECT COUNT(*) FROM (SELECT DISTINCT " + rest + " FROM " + source + " t) g",
                        "SELECT COALESCE(SUM(n - bit_count(b)), 0) FROM (SELECT COUNT(*) AS n, bitstring_agg(m.i, 1, %d) AS b FROM "
                                + source + " t LEFT JOIN (SELECT k, row_number() OVER () AS i FROM (SELECT DISTINCT "
                                + quote(col.reference().column()) + " AS k FROM "
                                + target.table() + ") d) m ON m.k = t." + quote(k)
                                + (rest.isEmpty() ? "" : " GROUP BY " + rest) + ") g"));
            }
        }
        // every derived table named: PostgreSQL 15 refuses one without an alias (16 and DuckDB accept it)
        String duplicates = "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM " + source + " s GROUP BY "
                + keyList + " HAVING COUNT(*) > 1) d";
        String screen = dialect.provesKeysUniqueByHashing()
                ? "SELECT COUNT(*) - COUNT(DISTINCT hash(" + keyList + ")) FROM " + source + " h"
                : duplicates;
        return new LoadedPlan(
                counts,
                countsWithReferences,
                notPlain,
                notPlainOrUnknown,
                bits,
                screen,
                duplicates,
                List.copyOf(checks));
    }

    /**
     * No COALESCE: a filter that is NULL counts nothing, as a check that is NULL fails nothing. Counts per error
     * check are only needed when some row fails one, and then the general path takes the file anyway.
     */
    private static String counts(
            Contract contract, List<Check> checks, List<String> flags, List<String> joins, String source) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            if (!"FALSE".equals(flags.get(i))) {
                (checks.get(i).severity() == Severity.ERROR ? errors : warnings).add("(" + flags.get(i) + ")");
            }
        }
        StringBuilder q = new StringBuilder("SELECT COUNT(*), "
                + (errors.isEmpty() ? "0" : "COUNT(*) FILTER (WHERE " + String.join(" OR ", errors) + ")") + ", "
                + (warnings.isEmpty() ? "0" : "COUNT(*) FILTER (WHERE " + String.join(" OR ", warnings) + ")"));
        String d = contract.dateColumn() == null ? null : "t." + quote(contract.dateColumn());
        q.append(d == null ? ", NULL, NULL" : ", MIN(" + d + "), MAX(" + d + ")");
        for (int i = 0; i < checks.size(); i++) {
            q.append(
                    checks.get(i).severity() == Severity.ERROR || "FALSE".equals(flags.get(i))
                            ? ", 0"
                            : ", COUNT(*) FILTER (WHERE " + flags.get(i) + ")");
        }
        q.append("\nFROM ")
                .append(source)
                .append(" t")
                .append(joins.isEmpty() ? "" : "\n  " + String.join("\n  ", joins));
        return q.toString();
    }

    /**
     * See {@link #compileLoaded}: the one-pass count SQL (rows, rows with an error, rows with a warning, first and last
     * business date, then a count per check: 0 for error checks), without and with the reference joins; SQL counting
     * values the general path would change; SQL counting those and, in the same pass over each column's distinct
     * values, the values unknown to their master (two columns); the duplicate proofs from cheapest to exact; the
     * checks in count order.
     */
    record LoadedPlan(
            String counts,
            String countsWithReferences,
            String notPlain,
            String notPlainOrUnknown,
            List<DuplicateBits> duplicateBits,
            String duplicateScreen,
            String duplicates,
            List<Check> checks) {}

    /**
     * The bitmap proof of no duplicates: {@code groups} counts the bitmaps it needs (one per value of the other key
     * columns); {@code sql} takes the master's key count (the bitmap width) as its one format argument and returns 0
     * when it proves there is no duplicate.
     */
    record DuplicateBits(String masterTable, String groups, String sql) {}

    private record PlainCheck(String column, String condition) {}

    /**
     * For the fast path: the SQL type the engine should parse each mapped header as, or empty when some mapped
     * column needs the general parsers whatever its values (booleans). Whole numbers are read as decimals, because
     * the engine's integer parse rounds '2.5'; {@link #typedSelect} makes sure they are whole.
     */
    static java.util.Optional<Map<String, String>> readTypes(Contract contract, HeaderMapping mapping) {
        Map<String, String> types = new LinkedHashMap<>();
        for (ColumnSpec col : contract.inputColumns()) {
            String header = mapping.header(col.name()).orElse(null);
            if (header == null) {
                continue;
            }
            if (col.type() == ColumnType.BOOLEAN) {
                return java.util.Optional.empty();
            }
            types.put(
                    header,
                    col.type() == ColumnType.INTEGER
                            ? ColumnType.DECIMAL.sqlType()
                            : col.type().sqlType());
        }
        return java.util.Optional.of(types);
    }

    /**
     * For the fast path: the headers of the key (or, without one, of every mapped column: a duplicate is then a whole
     * row) when every key column is kept as the file writes it, text or a date (its one plain form), so that equal
     * keys are equal text; a key column the file lacks is the same for every row and adds nothing. Empty when a key
     * column is a number ('1.0' and '1.00' are one value), derived, has a default (an empty value is then the default),
     * or none is in the file.
     */
    static List<String> keyHeadersAsWritten(Contract contract, HeaderMapping mapping) {
        List<String> key = contract.key().isEmpty()
                ? contract.inputColumns().stream()
                        .map(ColumnSpec::name)
                        .filter(n -> mapping.header(n).isPresent())
                        .toList()
                : contract.key();
        List<String> headers = new ArrayList<>();
        for (String k : key) {
            ColumnSpec col = contract.column(k).orElse(null);
            if (col == null || col.isDerived()) {
                return List.of();
            }
            String header = mapping.header(k).orElse(null);
            if (header == null) {
                continue;
            }
            if (col.defaultValue() != null) {
                // an empty value becomes the default: '' and 'store' are then one channel
                return List.of();
            }
            switch (col.type()) {
                case CODE, TEXT, DATE -> headers.add(header);
                case INTEGER, DECIMAL, TIMESTAMP, BOOLEAN -> {
                    return List.of();
                }
            }
        }
        return List.copyOf(headers);
    }

    /**
     * For the fast path: per header of the file (in its order), the contract column that takes its values as the typed
     * read gives them, when {@link #typedSelect} would insert every value as it is read: each header mapped to a
     * column, no column with a default in the file (an empty value would become the default, where the read gives
     * NULL), and only text, dates and numbers. Empty otherwise. An engine can then load the file straight into the
     * table by these columns, adding what {@link #completion} says.
     */
    static java.util.Optional<List<String>> columnsAsRead(
            Contract contract, HeaderMapping mapping, List<String> headers) {
        Map<String, String> headerToColumn = new LinkedHashMap<>();
        for (ColumnSpec col : contract.columns()) {
            if (col.isDerived()) {
                continue;
            }
            if (col.defaultValue() != null && mapping.header(col.name()).isPresent()) {
                return java.util.Optional.empty();
            }
            switch (col.type()) {
                case CODE, TEXT, DATE, DECIMAL, INTEGER -> {}
                case TIMESTAMP, BOOLEAN -> {
                    if (mapping.header(col.name()).isPresent()) {
                        return java.util.Optional.empty();
                    }
                }
            }
            mapping.header(col.name()).ifPresent(h -> headerToColumn.put(h, col.name()));
        }
        List<String> columns = new ArrayList<>();
        for (String h : headers) {
            String column = headerToColumn.get(h);
            if (column == null) {
                return java.util.Optional.empty();
            }
            columns.add(column);
        }
        return java.util.Optional.of(List.copyOf(columns));
    }

    /**
     * For the fast path's load straight into the table ({@link #columnsAsRead}): what {@link #typedSelect} adds to the
     * file's values. The default of each column the file lacks (typed as the insert types it), and each derived column
     * with the types its expression sees the input columns as.
     */
    static Dialect.Completion completion(Contract contract, HeaderMapping mapping) {
        Map<String, String> constants = new LinkedHashMap<>();
        Map<String, String> derived = new LinkedHashMap<>();
        Map<String, String> inputTypes = new LinkedHashMap<>();
        for (ColumnSpec col : contract.columns()) {
            if (col.isDerived()) {
                derived.put(col.name(), col.derived());
                continue;
            }
            inputTypes.put(col.name(), col.type().sqlType());
            if (col.defaultValue() != null && mapping.header(col.name()).isEmpty()) {
                constants.put(col.name(), typedExpression(col.type(), literal(col.defaultValue()), true));
            }
        }
        return new Dialect.Completion(constants, derived, inputTypes);
    }

    /**
     * For the fast path: the contract's columns (typed, defaults applied, derived columns computed) over a typed
     * read of the file. A whole-number column holding a fraction stops the statement (the caller then takes
     * the general path, which quarantines that row with its reason).
     */
    static String typedSelect(Contract contract, HeaderMapping mapping, String source) {
        List<String> inner = new ArrayList<>();
        for (ColumnSpec col : contract.inputColumns()) {
            String header = mapping.header(col.name()).orElse(null);
            String v = header == null ? "CAST(NULL AS " + col.type().sqlType() + ")" : "r." + quote(header);
            if (header != null && col.type() == ColumnType.INTEGER) {
                // an empty value is NULL, not a fraction; error() returns no value on DuckDB and TEXT on PostgreSQL:
                // the CAST gives both branches one type
                v = "CASE WHEN " + v + " IS NULL OR " + v + " = trunc(" + v + ") THEN CAST(" + v
                        + " AS BIGINT) ELSE CAST(error('fraction in whole-number column "
                        + col.name().replace("'", "") + "') AS BIGINT) END";
            }
            if (col.defaultValue() != null) {
                v = "COALESCE(" + v + ", " + typedExpression(col.type(), literal(col.defaultValue()), true) + ")";
            }
            inner.add(v + " AS " + quote(col.name()));
        }
        List<String> outer = new ArrayList<>();
        for (ColumnSpec col : contract.columns()) {
            outer.add((col.isDerived() ? "(" + col.derived() + ")" : quote(col.name())) + " AS " + quote(col.name()));
        }
        return "SELECT " + String.join(", ", outer) + " FROM (SELECT " + String.join(", ", inner) + " FROM " + source
                + " r) t";
    }

    /** The columns whose repetition makes a row a duplicate ("t"."a", "t"."b"), or null when the contract has none. */
    private String duplicateKey;

    /**
     * A duplicate is a row whose key (or, without a key, whose whole content) appeared on an earlier line.
     * Found by grouping (only repeated keys survive the HAVING) and a null-safe join back, not by sorting
     * the whole file in a window.
     */
    private void duplicates(
            Contract contract, HeaderMapping mapping, List<Check> checks, List<String> flags, List<String> joins) {
        List<String> columns;
        String code;
        Severity severity;
        String message;
        String rowMessage;
        if (!contract.key().isEmpty()) {
            columns = contract.key();
            code = "DUPLICATE_KEY";
            severity = Severity.ERROR;
            message = "another row earlier in the file has the same " + String.join(" + ", columns)
                    + "; only the first can load (and none, if the first has errors of its own)";
            rowMessage = "line {line}, earlier in the file, has the same " + String.join(" + ", columns)
                    + "; only that first one can load (and neither, if it has errors of its own)";
        } else {
            columns = contract.inputColumns().stream()
                    .map(ColumnSpec::name)
                    .filter(n -> mapping.header(n).isPresent())
                    .map(n -> "__raw_" + n)
                    .toList();
            code = "DUPLICATE_ROW";
            severity = contract.exactDuplicates();
            message = "an identical row appears earlier in the file; only the first can load";
            rowMessage = "an identical row is on line {line}, earlier in the file; only that first one can load";
        }
        if (columns.isEmpty()) {
            return;
        }
        boolean rawText = contract.key().isEmpty(); // whole-row duplicates compare the raw text of every column
        duplicateKey = columns.stream().map(CheckCompiler::quote).collect(Collectors.joining(", "));
        joins.add("LEFT JOIN dup ON "
                + columns.stream()
                        .map(c -> rawText
                                ? dialect.nullSafeEquals("dup." + quote(c), "t." + quote(c), "''")
                                : "dup." + quote(c) + " IS NOT DISTINCT FROM t." + quote(c))
                        .collect(Collectors.joining(" AND ")));
        String flag = "__k" + checks.size();
        checks.add(new Check(flag, code, null, severity, message, rowMessage));
        flags.add("dup.first_line IS NOT NULL AND t." + CheckPlan.LINE + " <> dup.first_line");
    }

    /**
     * The date window (not absurdly old, not in the future) guards the date a row is booked on: the contract's
     * date column, or the column it is derived from (orders.ordered_at). Other dates, such as when a store
     * opened or when an offer ends, may lie anywhere.
     */
    private static boolean isBusinessDate(Contract contract, String column) {
        String dateColumn = contract.dateColumn();
        if (dateColumn == null) {
            return false;
        }
        if (dateColumn.equals(column)) {
            return true;
        }
        return contract.column(dateColumn)
                .filter(ColumnSpec::isDerived)
                .map(d -> java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(column) + "\\b")
                        .matcher(d.derived())
                        .find())
                .orElse(false);
    }

    /**
     * A row whose optional key column naming master data is empty (a sales line without a SKU) and which carries
     * quantities or money, beside rows of the same slice that have one (the store's item lines that day), is a total or
     * subtotal line of the export: loaded as a store-level row it would count the store-day twice. A store-level line
     * with no quantity or money (the till's basket count, docs/metrics.md) and a slice with no item rows at all (a
     * store-level file) are not affected. The typed rows of the fast path are only asked whether such a line exists,
     * which sends the file to the general path, where the slice is compared.
     */
    private static void totalLines(
            Contract contract, HeaderMapping mapping, boolean loaded, List<Check> checks, List<String> flags) {
        if (!contract.isFact()
                || contract.slice().isEmpty()
                || !contract.slice().stream().allMatch(c -> mapping.header(c).isPresent())) {
            return;
        }
        for (String name : contract.key()) {
            ColumnSpec col = contract.column(name).orElse(null);
            if (col == null
                    || col.reference() == null
                    || col.required()
                    || col.defaultValue() != null
                    || contract.slice().contains(name)
                    || mapping.header(name).isEmpty()) {
                continue;
            }
            // quantities and money: a store-level line without any (the till's basket count, docs/metrics.md) adds
            // nothing the item lines hold, so it is not a total
            String amounts = contract.inputColumns().stream()
                    .filter(c -> c.type() == ColumnType.DECIMAL
                            && mapping.header(c.name()).isPresent())
                    .map(c -> "COALESCE(t." + quote(c.name()) + ", 0) <> 0")
                    .collect(Collectors.joining(" OR "));
            if (amounts.isEmpty()) {
                continue;
            }
            String empty = "t." + quote(name) + " IS NULL AND (" + amounts + ")";
            String sameSlice = contract.slice().stream()
                    .map(c -> "o." + quote(c) + " = t." + quote(c))
                    .collect(Collectors.joining(" AND "));
            add(
                    checks,
                    flags,
                    loaded
                            ? "(" + empty + ")"
                            : "(" + empty + " AND EXISTS (SELECT 1 FROM t o WHERE o." + quote(name)
                                    + " IS NOT NULL AND " + sameSlice + "))",
                    "TOTAL_LINE",
                    name,
                    Severity.ERROR,
                    name + " is empty on a line beside lines of the same " + String.join(" and ", contract.slice())
                            + " that have one: a total or subtotal line, which would count them twice. Leave totals "
                            + "out of the export (a file without " + name + " on any line loads as one row per "
                            + String.join(" and ", contract.slice()) + ")");
        }
    }

    private static void add(
            List<Check> checks,
            List<String> flags,
            String condition,
            String code,
            String column,
            Severity severity,
            String message) {
        String flag = "__k" + checks.size();
        checks.add(new Check(flag, code, column, severity, message));
        flags.add(condition);
    }

    private static String flagColumns(List<Check> checks, List<String> conditions) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            out.add("COALESCE(" + conditions.get(i) + ", FALSE) AS "
                    + checks.get(i).flag());
        }
        return String.join(",\n    ", out);
    }

    private static String orOf(List<Check> checks, Severity severity) {
        List<String> f = checks.stream()
                .filter(c -> c.severity() == severity)
                .map(Check::flag)
                .toList();
        return f.isEmpty() ? "FALSE" : "(" + String.join(" OR ", f) + ")";
    }

    /** A code written as a number in scientific notation (5.01235E+12): cheap on the values without a '+'. */
    private static String scientific(String v) {
        return "(contains(" + v + ", '+') AND regexp_full_match(" + v + ", '-?[0-9]+(\\.[0-9]+)?[eE]\\+[0-9]+'))";
    }

    /** The bare cast for a column whose every value the profile found plain: same result, a fraction of the cost. */
    static String plainExpression(Dialect dialect, ColumnType type, String raw) {
        return switch (type) {
            case CODE, TEXT -> raw;
            case INTEGER -> dialect.castOrNull(raw, "BIGINT");
            case DECIMAL -> dialect.castOrNull(raw, "DECIMAL(18,4)");
            case DATE -> dialect.castOrNull(raw, "DATE");
            case TIMESTAMP -> dialect.castOrNull(raw, "TIMESTAMP");
            case BOOLEAN -> "sr_bool(" + raw + ")";
        };
    }

    /**
     * SQL: {@code v} trimmed, or NULL when it is empty or one of the column's null words ({@link
     * Contract#nullWords}: NaN is one in no number or text column, NA, None and nil in no text column).
     */
    static String trimmedOrMissing(NullWords words, String v) {
        return "CASE WHEN trim(" + v + ") IN (" + wordList(words) + ") THEN NULL ELSE trim(" + v + ") END";
    }

    /**
     * SQL true where {@code v} is empty or one of the null words, trimmed (NULL where v is NULL). A value longer than the longest word
     * with its padding is never one; only shorter ones are compared, and a padded one is caught as padding anyway.
     */
    static String isMissing(NullWords words, String v) {
        return "(length(" + v + ") <= " + words.longest() + " AND trim(" + v + ") IN (" + wordList(words) + "))";
    }

    /** SQL true where {@code v} trimmed is {@code word}. */
    static String isWord(String word, String v) {
        return "trim(" + v + ") = " + literal(word);
    }

    private static String wordList(NullWords words) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(""), words.words().stream())
                .map(CheckCompiler::literal)
                .collect(Collectors.joining(", "));
    }

    static String typedExpression(ColumnType type, String raw, boolean dayFirst) {
        return switch (type) {
            case CODE -> "sr_code(" + raw + ")";
            case TEXT -> raw;
            case INTEGER -> "sr_int(" + raw + ")";
            case DECIMAL -> "sr_num(" + raw + ")";
            case DATE -> (dayFirst ? "sr_date_dmy(" : "sr_date_mdy(") + raw + ")";
            case TIMESTAMP -> (dayFirst ? "sr_timestamp_dmy(" : "sr_timestamp_mdy(") + raw + ")";
            case BOOLEAN -> "sr_bool(" + raw + ")";
        };
    }

    private static String invalidCode(ColumnType type) {
        return switch (type) {
            case INTEGER -> "INVALID_INTEGER";
            case DECIMAL -> "INVALID_NUMBER";
            case DATE -> "INVALID_DATE";
            case TIMESTAMP -> "INVALID_TIMESTAMP";
            case BOOLEAN -> "INVALID_BOOLEAN";
            case CODE, TEXT -> "INVALID_TEXT";
        };
    }

    private static String typeHint(ColumnType type) {
        return switch (type) {
            case INTEGER -> "is not a whole number";
            case DECIMAL ->
                "is not a number (digits, optional sign, '.' or ',' decimals, thousands separators allowed)";
            case DATE -> "is not a date (use YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY)";
            case TIMESTAMP -> "is not a date and time (use YYYY-MM-DD HH:MM[:SS] or DD/MM/YYYY HH:MM)";
            case BOOLEAN -> "is not true/false (accepted: true/false, yes/no, y/n, 1/0)";
            case CODE, TEXT -> "is not text";
        };
    }

    private static String ruleCondition(Rule rule, String t, ColumnType type) {
        boolean number = type == ColumnType.DECIMAL || type == ColumnType.INTEGER;
        return switch (rule) {
            case Rule.Range r ->
                "(" + (r.min() == null ? "FALSE" : t + " < " + r.min().toPlainString()) + " OR "
                        + (r.max() == null ? "FALSE" : t + " > " + r.max().toPlainString()) + ")";
            // a number compares by value: 0 is 0.00 (its text would depend on the engine's scale)
            case Rule.Accepted a ->
                number
                        ? t + " NOT IN (" + numberList(a.values()) + ")"
                        : "upper(CAST(" + t + " AS VARCHAR)) NOT IN (" + upperList(a.values()) + ")";
            case Rule.Rejected x ->
                number
                        ? t + " IN (" + numberList(x.values()) + ")"
                        : "upper(CAST(" + t + " AS VARCHAR)) IN (" + upperList(x.values()) + ")";
            case Rule.Pattern p -> "NOT regexp_full_match(CAST(" + t + " AS VARCHAR), " + literal(p.regex()) + ")";
        };
    }

    private static String ruleMessage(Rule rule) {
        return switch (rule) {
            case Rule.Range r ->
                r.min() != null && r.max() != null
                        ? "must be between " + r.min().toPlainString() + " and "
                                + r.max().toPlainString()
                        : r.min() != null
                                ? "must be at least " + r.min().toPlainString()
                                : "must be at most " + r.max().toPlainString();
            case Rule.Accepted a -> "must be one of " + a.values();
            case Rule.Rejected x -> "is one of " + x.values();
            case Rule.Pattern p -> "does not match the expected pattern " + p.regex();
        };
    }

    private static String numberList(List<String> values) {
        return values.stream()
                .map(v -> new java.math.BigDecimal(v.strip()).toPlainString())
                .collect(Collectors.joining(", "));
    }

    private static String upperList(List<String> values) {
        return values.stream().map(v -> literal(v.toUpperCase(Locale.ROOT))).collect(Collectors.joining(", "));
    }

    /** Only for columns with no day/month dates at all (the profile decided every other one, or refused the file). */
    private boolean dayFirstDefault() {
        return !"MDY".equalsIgnoreCase(settings.slashDateOrder());
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
