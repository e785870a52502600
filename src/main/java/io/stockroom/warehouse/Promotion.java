package io.stockroom.warehouse;

import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.ColumnType;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.contract.LoadMode;
import io.stockroom.contract.Reference;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;

/**
 * Promotes checked rows (temp table __chk on the caller's connection) into a warehouse table. Facts meet the rows
 * loaded before by their contract's (or the request's) load mode; master data upserts by key. The caller owns the transaction, so the promotion,
 * the placeholders and the quarantine commit together or not at all.
 */
@Component
public class Promotion {

    private final ContractRegistry contracts;

    public Promotion(ContractRegistry contracts) {
        this.contracts = contracts;
    }

    /**
     * What a promotion changed.
     *
     * @param replacedRowsByFeed rows loaded earlier (by feed) that this load replaced: the slice (replace_slice),
     *     the rows with the same key (upsert), or the same line with other text (append with a declared identity)
     * @param rowsLoaded the rows the load added or changed (an append's rows already there are not among them)
     * @param alreadyLoaded append: rows of the file whose key was loaded before, so they were not added again
     * @param slices replace_slice: each replaced slice's row count before and after, to tell a shrinking slice
     * @param placeholders the unknown master records the load created, and the placeholder codes its rows use that
     *     differ from a known one only in case or surrounding spaces
     * @param replacedDatesByFeed the business dates of those replaced rows, by feed: the days whose figures the load
     *     changed (empty for a replaced slice, which names its slices)
     */
    public record Result(
            long rowsLoaded,
            Map<String, Long> replacedRowsByFeed,
            Placeholders placeholders,
            TreeSet<LocalDate> datesTouched,
            LoadMode mode,
            long alreadyLoaded,
            List<SliceChange> slices,
            Map<LocalDate, Long> loadedByDate,
            Map<String, java.util.SortedSet<LocalDate>> replacedDatesByFeed) {

        /** @param loadedByDate the rows a fact load kept, per business date (empty for master data and an empty day) */
        public Result {
            loadedByDate = Map.copyOf(loadedByDate);
            replacedDatesByFeed = Map.copyOf(replacedDatesByFeed);
        }

        public long placeholdersCreated() {
            return placeholders.created();
        }
    }

    /**
     * The placeholder master records a load created.
     *
     * @param lookalikes the placeholder codes the load's rows use that differ from a known code only in case or
     *     surrounding spaces (say {@code s001} beside {@code S001}), whether this load or an earlier one created the
     *     placeholder: most likely the same store or product written another way, which a load must not guess (codes
     *     are case-sensitive), so every feed that loads rows under one says it
     */
    public record Placeholders(long created, List<Lookalike> lookalikes) {
        static final Placeholders NONE = new Placeholders(0, List.of());

        public Placeholders {
            lookalikes = List.copyOf(lookalikes);
        }
    }

    /**
     * A code no known record has, that differs from a known one's only in case or surrounding spaces: the only guess
     * made, and only said, never applied (no fuzzy matching).
     *
     * @param column the contract column that holds it (store_id, sku)
     */
    public record Lookalike(String column, String unknown, String known) {
        public Lookalike {
            java.util.Objects.requireNonNull(column, "column is null");
        }

        /** The console's and the feed's words: {@code unknown store s001 — did you mean S001?} */
        @Override
        public String toString() {
            String noun = column.equalsIgnoreCase("sku")
                    ? "SKU"
                    : column.replaceFirst("_id$", "").replace('_', ' ');
            return "unknown " + noun + " " + unknown + " — did you mean " + known + "?";
        }
    }

    /** At most this many lookalikes are named per column: a file with more has a systematic problem, said by these. */
    static final int LOOKALIKES_NAMED = 20;

    /** One slice (e.g. a store-day) that a replace_slice load replaced: how many rows it had and has now. */
    public record SliceChange(String slice, long before, long after) {}

    /**
     * @param mode how the rows meet the rows already loaded (facts); master data always upserts by key
     * @param loadExpressions warehouse column -> SQL over __chk
     * @param presentColumns columns the file actually provided (master upserts update only these)
     * @param placeholderFlags reference column -> flag column marking rows whose value is unknown
     */
    public Result promote(
            Connection c,
            Contract contract,
            LoadMode mode,
            Map<String, String> loadExpressions,
            List<String> presentColumns,
            Map<String, String> placeholderFlags,
            String feedId)
            throws SQLException {
        return promote(c, contract, mode, loadExpressions, presentColumns, placeholderFlags, feedId, LocalDate.now());
    }

    /**
     * As above; master data is recorded in its history as of {@code businessDate} (the feed's business date), so a
     * change applies from that date on and earlier dates keep reading what they read (see {@link MasterHistory}).
     */
    public Result promote(
            Connection c,
            Contract contract,
            LoadMode mode,
            Map<String, String> loadExpressions,
            List<String> presentColumns,
            Map<String, String> placeholderFlags,
            String feedId,
            LocalDate businessDate)
            throws SQLException {
        return promote(
                c, contract, mode, loadExpressions, presentColumns, placeholderFlags, feedId, businessDate, null);
    }

    /**
     * As above, for facts whose checks counted the first and last date of the rows that passed ({@code dates}; null
     * when not known): the settling then need not read the load's rows again to find them.
     */
    public Result promote(
            Connection c,
            Contract contract,
            LoadMode mode,
            Map<String, String> loadExpressions,
            List<String> presentColumns,
            Map<String, String> placeholderFlags,
            String feedId,
            LocalDate businessDate,
            DateRange dates)
            throws SQLException {
        Placeholders placeholders = createPlaceholders(c, contract, placeholderFlags, feedId);
        if (!contract.isFact()) {
            // master data upserts by key; append adds only keys not there yet (a placeholder counts as not there) and
            // changes
            // no other row: the rows of keys already loaded leave the load before the upsert and the history see them
            boolean onlyNew = mode == LoadMode.APPEND;
            long notAdded = onlyNew ? dropLoadedKeys(c, contract, loadExpressions) : 0;
            long loaded = upsert(c, contract, loadExpressions, presentColumns, feedId, onlyNew);
            if (contract.validity() != null) {
                Versions.closeSuperseded(c, contract, "(SELECT * FROM __chk WHERE NOT __error)");
            }
            MasterHistory.record(c, contract, loadExpressions, presentColumns, feedId, businessDate);
            return new Result(
                    loaded,
                    Map.of(),
                    placeholders,
                    datesTouched(c, contract, loadExpressions),
                    onlyNew ? LoadMode.APPEND : LoadMode.UPSERT,
                    notAdded,
                    List.of(),
                    Map.of(),
                    Map.of());
        }
        long loadSeq = nextLoadSeq(c, feedId);
        long loaded = insertFacts(c, contract, loadExpressions, loadSeq);
        return settle(c, contract, mode, loadExpressions, loadSeq, loaded, placeholders, dates);
    }

    /**
     * A load of no rows for one business date: a header-only file of a dataset where a day with no rows is normal
     * ({@code empty_day: valid}). By the same rule as any load, upsert and append change nothing (a load never deletes
     * a row its file did not mention); only a file declared the complete slice (replace_slice) empties the date's
     * slice, which for such a dataset is the whole date.
     */
    public Result emptyDay(Connection c, Contract contract, LoadMode mode, LocalDate date) throws SQLException {
        Map<String, Long> replaced = Map.of();
        List<SliceChange> slices = List.of();
        if (mode == LoadMode.REPLACE_SLICE) {
            replaced = rowsOf(Dialect.of(c)
                    .deleteCountingByFeed(
                            c,
                            contract.table(),
                            "w",
                            contract.dateColumn(),
                            "w." + q(contract.dateColumn()) + " = DATE '" + date + "'"));
            long before = replaced.values().stream().mapToLong(Long::longValue).sum();
            slices = before == 0 ? List.of() : List.of(new SliceChange(date.toString(), before, 0));
        }
        TreeSet<LocalDate> touched = replaced.isEmpty() ? new TreeSet<>() : new TreeSet<>(Set.of(date));
        return new Result(0, replaced, Placeholders.NONE, touched, mode, 0, slices, Map.of(), Map.of());
    }

    /**
     * Before a replay of an append load: takes out the rows of the feed it re-reads (or of an earlier replay of it).
     * Appending the file again beside them would drop every row as loaded before, and the replay, which takes that
     * feed's place in the quality counts, would count none loaded. Without them the file meets the other loads as its
     * first load did: the same rows, each once, now under the replay's load.
     *
     * @return the rows taken out
     */
    public long releaseReplayed(Connection c, Contract contract, String replayOf, String feedId) {
        return Sql.on(c)
                .sql("DELETE FROM " + contract.table()
                        + " WHERE load_seq IN (SELECT l.load_seq FROM fact_loads l JOIN feeds f ON f.feed_id = l.feed_id"
                        + " WHERE (f.feed_id = ? OR f.replay_of = ?) AND f.feed_id <> ?)")
                .param(Sql.text(replayOf))
                .param(Sql.text(replayOf))
                .param(Sql.text(feedId))
                .update();
    }

    /**
     * A number for one load of {@code feedId}, higher than every earlier one: fact rows carry it (load_seq), and
     * fact_loads names the feed once per load rather than on every row (a string per row costs DuckDB its append and
     * compression).
     */
    public long nextLoadSeq(Connection c, String feedId) throws SQLException {
        long loadSeq;
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT nextval('load_seq_ids')")) {
            r.next();
            loadSeq = r.getLong(1);
        }
        Sql.on(c)
                .sql("INSERT INTO fact_loads (load_seq, feed_id) VALUES (?, ?)")
                .param(loadSeq)
                .param(Sql.text(feedId))
                .update();
        return loadSeq;
    }

    /**
     * The fast path's rows, inserted but not yet checked: how many, SQL reading them (the contract's columns), and
     * whether they are in the fact table already (else in the temp table __chk).
     */
    public record Unchecked(long rows, String source, boolean inFactTable) {}

    /** The fast path's rows of load {@code loadSeq} that the engine copied straight into the fact table. */
    public Unchecked copied(Contract contract, long rows, long loadSeq) {
        return new Unchecked(rows, rowsOfLoad(contract, loadSeq), true);
    }

    /**
     * The fast path's insert: the rows of {@code select} (one column per warehouse column of the contract) go
     * straight into the fact table, tagged with the load number (whose feed {@link #nextLoadSeq} recorded), before they are checked. The caller
     * checks them in the same transaction and rolls back if they do not all pass. Where the engine cannot read one
     * load back cheaply ({@link Dialect#readsOneLoadCheaply()}), they wait in the temp table __chk instead, and
     * {@link #keepChecked} moves them into the fact table once they passed. Either way a decimal with more places
     * than its column keeps stops the insert ({@link #keptExactly}), so the general path loads it and says it was
     * rounded.
     */
    public Unchecked insertUnchecked(Connection c, Contract contract, String select, long loadSeq) throws SQLException {
        List<String> cols = contract.columns().stream().map(ColumnSpec::name).toList();
        String names = cols.stream().map(Promotion::q).collect(Collectors.joining(", "));
        Dialect dialect = Dialect.of(c);
        try {
            if (!dialect.readsOneLoadCheaply()) {
                dialect.createTempTable(
                        c,
                        "__chk",
                        "SELECT " + keptExactly(c, contract) + ", FALSE AS __error FROM (" + select + ") x");
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM __chk")) {
                    r.next();
                    return new Unchecked(r.getLong(1), "__chk", false);
                }
            }
            long rows = Sql.on(c)
                    .sql("INSERT INTO " + contract.table() + " (" + names + ", load_seq) SELECT "
                            + keptExactly(c, contract) + ", ? FROM (" + select + ") x")
                    .param(loadSeq)
                    .update();
            return new Unchecked(rows, rowsOfLoad(contract, loadSeq), true);
        } catch (DataAccessException e) {
            // the caller tells a value that does not fit its column by the engine's exception
            SQLException cause = Sql.sqlException(e);
            if (cause == null) {
                throw e;
            }
            throw cause;
        }
    }

    /**
     * The select list of a direct insert into the fact table. The checks then read the stored values, which the table's
     * column rounded to its scale (-0.0004 on hand would be 0.000 and miss NEGATIVE_ON_HAND; 10000000.0004 would pass
     * a maximum of 10,000,000), so a decimal with more fractional digits than its column keeps fails the insert and
     * the caller takes the general path, whose checks read the value as written.
     */
    private static String keptExactly(Connection c, Contract contract) {
        Map<String, Integer> rounding = roundingColumns(c, contract);
        return contract.columns().stream()
                .map(col -> {
                    String name = q(col.name());
                    Integer scale = rounding.get(col.name());
                    if (scale == null) {
                        return name;
                    }
                    return "CASE WHEN " + name + " IS NULL OR " + name + " = round(" + name + ", " + scale + ") THEN "
                            + name + " ELSE CAST(error('" + col.name().replace("'", "")
                            + " has more decimals than the warehouse keeps') AS DECIMAL(18,4)) END AS " + name;
                })
                .collect(Collectors.joining(", "));
    }

    /**
     * The contract's decimal input columns whose warehouse column keeps fewer places than the read's DECIMAL(18,4), each
     * with the places it keeps: a value with more is rounded by the column as it loads.
     */
    public static Map<String, Integer> roundingColumns(Connection c, Contract contract) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        Sql.on(c)
                .sql("SELECT column_name, numeric_scale FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = ? AND numeric_scale IS NOT NULL")
                .param(contract.table())
                .query(r -> {
                    scales.put(r.getString(1), r.getInt(2));
                });
        Map<String, Integer> rounding = new LinkedHashMap<>();
        for (ColumnSpec col : contract.columns()) {
            Integer scale = scales.get(col.name());
            if (col.type() == ColumnType.DECIMAL && !col.isDerived() && scale != null && scale < 4) {
                rounding.put(col.name(), scale);
            }
        }
        return rounding;
    }

    /**
     * The values a warehouse column of a number holds: after rounding to {@code scale} places, from {@code min} to
     * {@code max}. A value outside would stop the load's statement, so the checks quarantine its row instead.
     *
     * @param type the column's type as the user knows it (DECIMAL(14,2), INTEGER)
     */
    public record NumberRange(String type, java.math.BigDecimal min, java.math.BigDecimal max, int scale) {}

    /**
     * The contract's number input columns whose warehouse column holds less than the checks' typed value (DECIMAL(18,4)
     * for a decimal, BIGINT for a whole number), each with what it holds: total_sales DECIMAL(14,2) up to
     * 999999999999.99, transactions INTEGER up to 2147483647.
     */
    public static Map<String, NumberRange> numberRanges(Connection c, Contract contract) {
        Map<String, NumberRange> held = new LinkedHashMap<>();
        Sql.on(c)
                .sql(
                        "SELECT column_name, upper(data_type), numeric_precision, numeric_scale FROM information_schema.columns"
                                + " WHERE table_schema = current_schema() AND table_name = ?")
                .param(contract.table())
                .query(r -> {
                    String type = r.getString(2);
                    int precision = r.getInt(3);
                    int scale = r.getInt(4);
                    NumberRange range = null;
                    if (type.startsWith("DECIMAL") || type.startsWith("NUMERIC")) {
                        if (precision > 0 && precision - scale < 14) {
                            java.math.BigDecimal max = java.math.BigDecimal.TEN
                                    .pow(precision - scale)
                                    .subtract(java.math.BigDecimal.ONE.movePointLeft(scale));
                            range = new NumberRange(
                                    "DECIMAL(" + precision + "," + scale + ")", max.negate(), max, scale);
                        }
                    } else if (type.equals("INTEGER") || type.equals("INT") || type.equals("INT4")) {
                        range = new NumberRange(
                                "INTEGER",
                                java.math.BigDecimal.valueOf(Integer.MIN_VALUE),
                                java.math.BigDecimal.valueOf(Integer.MAX_VALUE),
                                0);
                    } else if (type.equals("SMALLINT") || type.equals("INT2")) {
                        range = new NumberRange(
                                "SMALLINT",
                                java.math.BigDecimal.valueOf(Short.MIN_VALUE),
                                java.math.BigDecimal.valueOf(Short.MAX_VALUE),
                                0);
                    }
                    if (range != null) {
                        held.put(r.getString(1), range);
                    }
                });
        Map<String, NumberRange> ranges = new LinkedHashMap<>();
        for (ColumnSpec col : contract.inputColumns()) {
            NumberRange range = held.get(col.name());
            if ((col.type() == ColumnType.DECIMAL || col.type() == ColumnType.INTEGER) && range != null) {
                ranges.put(col.name(), range);
            }
        }
        return ranges;
    }

    /**
     * The fast path's rows passed their checks: they are the checked rows (__chk) the promotion and the feed's summary
     * read, and they are in the fact table.
     */
    public void keepChecked(Connection c, Contract contract, Unchecked rows, long loadSeq) throws SQLException {
        if (!rows.inFactTable()) {
            String names = contract.columns().stream().map(col -> q(col.name())).collect(Collectors.joining(", "));
            Sql.on(c)
                    .sql("INSERT INTO " + contract.table() + " (" + names + ", load_seq) SELECT " + names
                            + ", ? FROM __chk")
                    .param(loadSeq)
                    .update();
            return;
        }
        Dialect.of(c).createTempView(c, "__chk", "SELECT *, FALSE AS __error FROM " + rows.source() + " r");
    }

    /** SQL reading the rows of one load back from the fact table (the engine skips row groups of other loads). */
    public static String rowsOfLoad(Contract contract, long loadSeq) {
        return "(SELECT * FROM " + contract.table() + " WHERE load_seq = " + loadSeq + ")";
    }

    /**
     * Completes a fast-path load whose rows are already in the fact table and visible as __chk: creates
     * placeholders, then settles the load against the rows loaded before, by its mode.
     *
     * @param dates the first and last business date of the load's rows, as its checks counted them (both null when
     *     none has a date): the settling then need not read the load's rows again to find them
     */
    public Result promoteInserted(
            Connection c,
            Contract contract,
            LoadMode mode,
            Map<String, String> loadExpressions,
            Map<String, String> placeholderFlags,
            String feedId,
            long loadSeq,
            long rowsLoaded,
            DateRange dates)
            throws SQLException {
        Placeholders placeholders = createPlaceholders(c, contract, placeholderFlags, feedId);
        return settle(c, contract, mode, loadExpressions, loadSeq, rowsLoaded, placeholders, dates);
    }

    /** The first and last business date of a load's rows (both null when none has one). */
    public record DateRange(LocalDate first, LocalDate last) {}

    /**
     * The rows of load {@code loadSeq} are in the fact table; the rows loaded before meet them by the mode: the
     * slice the file covers is replaced, or the rows with the same key are replaced (upsert), or the new rows
     * whose key is already there are taken out again (append). Nothing the file did not mention is deleted,
     * unless the file is the complete slice.
     *
     * @param dates the load's date range when known, else null
     */
    private Result settle(
            Connection c,
            Contract contract,
            LoadMode mode,
            Map<String, String> load,
            long loadSeq,
            long loaded,
            Placeholders placeholders,
            DateRange dates)
            throws SQLException {
        String rows = rowsOfLoad(contract, loadSeq);
        Map<String, Long> replaced = Map.of();
        Map<String, java.util.SortedSet<LocalDate>> replacedDates = Map.of();
        long alreadyLoaded = 0;
        List<SliceChange> slices = List.of();
        switch (mode) {
            case REPLACE_SLICE -> {
                slices = sliceChanges(c, contract, rows, loadSeq, dates);
                replaced = replaceSlice(c, contract, loadSeq);
            }
            case UPSERT -> {
                Map<String, Dialect.Replaced> earlier = replaceKeys(c, contract, rows, loadSeq, dates);
                replaced = rowsOf(earlier);
                replacedDates = datesOf(earlier);
            }
            case APPEND -> {
                Map<String, Dialect.Replaced> earlier = replaceText(c, contract, rows, loadSeq, dates);
                replaced = rowsOf(earlier);
                replacedDates = datesOf(earlier);
                alreadyLoaded = dropRepeated(c, contract, rows, loadSeq, dates);
            }
        }
        boolean oneDate =
                dates != null && dates.first() != null && dates.first().equals(dates.last());
        TreeSet<LocalDate> touched = oneDate ? new TreeSet<>(Set.of(dates.first())) : datesTouched(c, contract, load);
        long kept = loaded - alreadyLoaded;
        Map<LocalDate, Long> byDate = oneDate
                ? (kept > 0 ? Map.of(dates.first(), kept) : Map.of())
                : contract.dateColumn() == null ? Map.of() : loadedByDate(c, contract, rows);
        // rowsLoaded is what the load added: an append's rows already there are counted once, as alreadyLoaded
        return new Result(kept, replaced, placeholders, touched, mode, alreadyLoaded, slices, byDate, replacedDates);
    }

    private static Map<String, Long> rowsOf(Map<String, Dialect.Replaced> replaced) {
        Map<String, Long> rows = new LinkedHashMap<>();
        replaced.forEach((feed, r) -> rows.put(feed, r.rows()));
        return rows;
    }

    private static Map<String, java.util.SortedSet<LocalDate>> datesOf(Map<String, Dialect.Replaced> replaced) {
        Map<String, java.util.SortedSet<LocalDate>> dates = new LinkedHashMap<>();
        replaced.forEach((feed, r) -> {
            if (feed != null) {
                dates.put(feed, r.dates());
            }
        });
        return dates;
    }

    /** The load's rows per business date (those {@code rows} selects: what the load mode kept). */
    private static Map<LocalDate, Long> loadedByDate(Connection c, Contract contract, String rows) {
        Map<LocalDate, Long> byDate = new java.util.TreeMap<>();
        String date = q(contract.dateColumn());
        Sql.on(c)
                .sql("SELECT " + date + ", COUNT(*) FROM " + rows + " l WHERE " + date + " IS NOT NULL GROUP BY "
                        + date)
                .query(r -> {
                    byDate.put(r.getObject(1, LocalDate.class), r.getLong(2));
                });
        return byDate;
    }

    /**
     * Rows loaded before whose date lies in the load's date range: none is the usual daily case (a new day), and
     * then there is nothing to compare by key.
     */
    private String earlierRowsInRange(Contract contract, String alias, String rows, long loadSeq, DateRange dates) {
        String d = q(contract.dateColumn());
        String range = dates != null && dates.first() != null
                ? "DATE '" + dates.first() + "' AND DATE '" + dates.last() + "'"
                : "(SELECT MIN(" + d + ") FROM " + rows + " x) AND (SELECT MAX(" + d + ") FROM " + rows + " x)";
        return alias + ".load_seq IS DISTINCT FROM " + loadSeq + " AND " + alias + "." + d + " BETWEEN " + range;
    }

    private static boolean any(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next();
        }
    }

    /**
     * Null-safe equality on the row identity (in the engine's hashable form); plain equality where the contract
     * guarantees a value.
     */
    private String keyMatch(Dialect dialect, Contract contract, String a, String b) {
        return match(dialect, contract, contract.identity(), a, b);
    }

    private String match(Dialect dialect, Contract contract, List<String> columns, String a, String b) {
        return columns.stream()
                .map(k -> {
                    Optional<ColumnSpec> col = contract.column(k);
                    boolean neverNull = col.map(spec -> spec.required() || spec.defaultValue() != null)
                            .orElse(false);
                    String left = a + "." + q(k);
                    String right = b + "." + q(k);
                    return neverNull
                            ? left + " = " + right
                            : dialect.nullSafeEquals(
                                    left,
                                    right,
                                    col.map(spec -> spec.type().zero()).orElse("''"));
                })
                .collect(Collectors.joining(" AND "));
    }

    /** Upsert: rows loaded before with the key of a row of this load are replaced by it. */
    private Map<String, Dialect.Replaced> replaceKeys(
            Connection c, Contract contract, String rows, long loadSeq, DateRange dates) throws SQLException {
        return replaceEarlier(c, contract, rows, loadSeq, dates, List.of());
    }

    /**
     * Append with a declared identity (orders): a row loaded before with the identity of a row of this load but other
     * values elsewhere (a description, a customer) is the same line sent again with new text; the row sent now
     * replaces it, so the line's units and money count once.
     */
    private Map<String, Dialect.Replaced> replaceText(
            Connection c, Contract contract, String rows, long loadSeq, DateRange dates) throws SQLException {
        List<String> text = contract.inputColumns().stream()
                .map(ColumnSpec::name)
                .filter(n -> !contract.identity().contains(n))
                .toList();
        return text.isEmpty() ? new LinkedHashMap<>() : replaceEarlier(c, contract, rows, loadSeq, dates, text);
    }

    /**
     * Deletes the rows loaded before with the key (identity) of a row of this load — only those that differ from it in
     * one of {@code differentIn} when that is not empty — and counts them by the feed that loaded them.
     */
    private Map<String, Dialect.Replaced> replaceEarlier(
            Connection c, Contract contract, String rows, long loadSeq, DateRange dates, List<String> differentIn)
            throws SQLException {
        String earlier = earlierRowsInRange(contract, "w", rows, loadSeq, dates);
        if (!any(c, "SELECT 1 FROM " + contract.table() + " w WHERE " + earlier + " LIMIT 1")) {
            return new LinkedHashMap<>();
        }
        Dialect dialect = Dialect.of(c);
        dialect.refreshStatistics(c, contract.table());
        return dialect.deleteCountingByFeed(
                c,
                contract.table(),
                "w",
                contract.dateColumn(),
                earlier + " AND EXISTS (SELECT 1 FROM " + rows + " x WHERE " + keyMatch(dialect, contract, "x", "w")
                        + (differentIn.isEmpty()
                                ? ""
                                : " AND NOT (" + match(dialect, contract, differentIn, "x", "w") + ")")
                        + ")");
    }

    /** Append: rows of this load whose key was loaded before are events already recorded; they are taken out again. */
    private long dropRepeated(Connection c, Contract contract, String rows, long loadSeq, DateRange dates)
            throws SQLException {
        String earlier = earlierRowsInRange(contract, "o", rows, loadSeq, dates);
        if (!any(c, "SELECT 1 FROM " + contract.table() + " o WHERE " + earlier + " LIMIT 1")) {
            return 0;
        }
        Dialect.of(c).refreshStatistics(c, contract.table());
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM " + contract.table() + " n WHERE n.load_seq = " + loadSeq
                    + " AND EXISTS (SELECT 1 FROM " + contract.table() + " o WHERE " + earlier + " AND "
                    + keyMatch(Dialect.of(c), contract, "o", "n") + ")");
        }
    }

    /** Replace_slice: per slice value the file covers, its row count before this load and with it. */
    private List<SliceChange> sliceChanges(Connection c, Contract contract, String rows, long loadSeq, DateRange dates)
            throws SQLException {
        List<String> slice = contract.slice().isEmpty() ? List.of(contract.dateColumn()) : contract.slice();
        String label = "concat_ws(' / ', "
                + slice.stream().map(s -> "CAST(n." + q(s) + " AS VARCHAR)").collect(Collectors.joining(", ")) + ")";
        String cols = slice.stream().map(Promotion::q).collect(Collectors.joining(", "));
        String match = slice.stream().map(s -> "n." + q(s) + " = w." + q(s)).collect(Collectors.joining(" AND "));
        String wCols = slice.stream().map(s -> "w." + q(s)).collect(Collectors.joining(", "));
        String sql =
                "WITH n AS (SELECT " + cols + ", COUNT(*) AS rows_after FROM " + rows + " r GROUP BY " + cols + "),\n"
                        + " b AS (SELECT " + wCols + ", COUNT(*) AS rows_before FROM " + contract.table() + " w WHERE "
                        + earlierRowsInRange(contract, "w", rows, loadSeq, dates)
                        + " AND EXISTS (SELECT 1 FROM n WHERE " + match + ") GROUP BY " + wCols + ")\n"
                        + "SELECT " + label + ", b.rows_before, n.rows_after FROM n JOIN b ON "
                        + slice.stream().map(s -> "n." + q(s) + " = b." + q(s)).collect(Collectors.joining(" AND "))
                        + " ORDER BY 1";
        List<SliceChange> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(new SliceChange(r.getString(1), r.getLong(2), r.getLong(3)));
            }
        }
        return out;
    }

    /**
     * @param spare the load whose rows are already in the table and must stay
     */
    private Map<String, Long> replaceSlice(Connection c, Contract contract, long spare) throws SQLException {
        List<String> slice = contract.slice().isEmpty() ? List.of(contract.dateColumn()) : contract.slice();
        String rows = rowsOfLoad(contract, spare);
        String select = slice.stream().map(Promotion::q).collect(Collectors.joining(", "));
        String match = slice.stream().map(s -> "x." + q(s) + " = w." + q(s)).collect(Collectors.joining(" AND "));
        Map<String, Long> replaced = new LinkedHashMap<>();
        Dialect.of(c).createTempTable(c, "__slice", "SELECT DISTINCT " + select + " FROM " + rows + " r");
        // A date range on the table lets the engine skip every row group outside the file's dates: loading a
        // day costs the day, not the history.
        String range = "";
        if (slice.contains(contract.dateColumn())) {
            String d = q(contract.dateColumn());
            range = " AND w." + d + " BETWEEN (SELECT MIN(" + d + ") FROM __slice) AND (SELECT MAX(" + d
                    + ") FROM __slice)";
        }
        range += " AND w.load_seq IS DISTINCT FROM " + spare;
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery(
                    "SELECT l.feed_id, CAST(SUM(g.n) AS BIGINT) FROM (SELECT w.load_seq, COUNT(*) AS n FROM "
                            + contract.table() + " w WHERE EXISTS (SELECT 1 FROM __slice x WHERE " + match + ")" + range
                            + " GROUP BY w.load_seq) g LEFT JOIN fact_loads l ON l.load_seq = g.load_seq"
                            + " GROUP BY l.feed_id ORDER BY 2 DESC")) {
                while (r.next()) {
                    replaced.put(r.getString(1), r.getLong(2));
                }
            }
            if (!replaced.isEmpty()) {
                s.execute("DELETE FROM " + contract.table() + " w WHERE EXISTS (SELECT 1 FROM __slice x WHERE " + match
                        + ")" + range);
            }
        }
        return replaced;
    }

    private long insertFacts(Connection c, Contract contract, Map<String, String> load, long loadSeq)
            throws SQLException {
        List<String> cols = new ArrayList<>(load.keySet());
        String sql = "INSERT INTO " + contract.table() + " ("
                + cols.stream().map(Promotion::q).collect(Collectors.joining(", ")) + ", load_seq) SELECT "
                + cols.stream().map(load::get).collect(Collectors.joining(", "))
                + ", ? FROM __chk WHERE NOT __error ORDER BY __line";
        return Sql.on(c).sql(sql).param(loadSeq).update();
    }

    /** Takes out of the load the passing rows whose key is already loaded (and not a placeholder); returns how many. */
    private long dropLoadedKeys(Connection c, Contract contract, Map<String, String> load) throws SQLException {
        String keys = contract.key().stream().map(Promotion::q).collect(Collectors.joining(", "));
        String given = contract.key().stream().map(load::get).collect(Collectors.joining(", "));
        String loaded = "SELECT " + keys + " FROM " + contract.table()
                + (hasColumn(c, contract.table(), "is_placeholder") ? " WHERE NOT is_placeholder" : "");
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM __chk WHERE NOT __error AND (" + given + ") IN (" + loaded + ")");
        }
    }

    private long upsert(
            Connection c,
            Contract contract,
            Map<String, String> load,
            List<String> present,
            String feedId,
            boolean onlyNew)
            throws SQLException {
        List<String> cols = new ArrayList<>(load.keySet());
        boolean hasPlaceholder = hasColumn(c, contract.table(), "is_placeholder");
        String insertCols = cols.stream().map(Promotion::q).collect(Collectors.joining(", ")) + ", feed_id, updated_at"
                + (hasPlaceholder ? ", is_placeholder" : "");
        String values = cols.stream().map(load::get).collect(Collectors.joining(", ")) + ", ?, ?"
                + (hasPlaceholder ? ", FALSE" : "");
        List<String> updates = new ArrayList<>();
        for (String col : cols) {
            if (present.contains(col) && !contract.key().contains(col)) {
                updates.add(q(col) + " = EXCLUDED." + q(col));
            }
        }
        updates.add("feed_id = EXCLUDED.feed_id");
        updates.add("updated_at = EXCLUDED.updated_at");
        if (hasPlaceholder) {
            updates.add("is_placeholder = FALSE");
        }
        String conflict =
                " ON CONFLICT (" + contract.key().stream().map(Promotion::q).collect(Collectors.joining(", ")) + ")";
        String onConflict = !onlyNew
                ? conflict + " DO UPDATE SET " + String.join(", ", updates)
                : hasPlaceholder
                        ? conflict + " DO UPDATE SET " + String.join(", ", updates) + " WHERE " + contract.table()
                                + ".is_placeholder"
                        : conflict + " DO NOTHING";
        String sql = "INSERT INTO " + contract.table() + " (" + insertCols + ") SELECT " + values
                + " FROM __chk WHERE NOT __error" + onConflict;
        return Sql.on(c)
                .sql(sql)
                .param(Sql.text(feedId))
                .param(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(Instant.now())))
                .update();
    }

    private Placeholders createPlaceholders(Connection c, Contract contract, Map<String, String> flags, String feedId)
            throws SQLException {
        long created = 0;
        for (Map.Entry<String, String> e : flags.entrySet()) {
            ColumnSpec col = contract.column(e.getKey()).orElseThrow();
            Reference ref = col.reference();
            Contract target = contracts.get(ref.dataset());
            if (!hasColumn(c, target.table(), "is_placeholder")) {
                continue;
            }
            String sql = "INSERT INTO " + target.table() + " (" + q(ref.column())
                    + ", is_placeholder, feed_id, updated_at) SELECT DISTINCT " + q(col.name())
                    + ", TRUE, CAST(? AS VARCHAR), CAST(? AS TIMESTAMP) FROM __chk WHERE " + e.getValue()
                    + " AND NOT __error ON CONFLICT DO NOTHING";
            long n = Sql.on(c)
                    .sql(sql)
                    .param(Sql.text(feedId))
                    .param(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(Instant.now())))
                    .update();
            created += n;
        }
        // the placeholder may be an earlier load's: its rows are as far from the known record's as the first ones
        List<Lookalike> lookalikes = new ArrayList<>();
        for (ColumnSpec col : contract.columns()) {
            Reference ref = col.reference();
            if (ref == null || ref.onMissing() != Reference.OnMissing.PLACEHOLDER) {
                continue;
            }
            Contract target = contracts.get(ref.dataset());
            if (hasColumn(c, target.table(), "is_placeholder")) {
                lookalikes.addAll(placeholdersUsed(c, col.name(), target.table(), q(ref.column())));
            }
        }
        return new Placeholders(created, lookalikes);
    }

    /**
     * The placeholder codes of {@code table} that differ from a known record's only in case or surrounding spaces and
     * that this load's rows (__chk) use. The master's few such placeholders are found first, so a load reads its own
     * rows for them only when there are some.
     */
    private static List<Lookalike> placeholdersUsed(Connection c, String column, String table, String key) {
        Map<String, String> candidates = Sql.on(c)
                .sql("SELECT p." + key + ", MIN(k." + key + ") FROM " + table + " p JOIN " + table
                        + " k ON LOWER(TRIM(k." + key + ")) = LOWER(TRIM(p." + key + ")) AND k." + key + " <> p."
                        + key + " AND NOT k.is_placeholder WHERE p.is_placeholder GROUP BY p." + key)
                .query((ResultSet r) -> {
                    Map<String, String> found = new TreeMap<>();
                    while (r.next()) {
                        found.put(r.getString(1), r.getString(2));
                    }
                    return found;
                });
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<String> codes = new ArrayList<>(candidates.keySet());
        List<Lookalike> used = new ArrayList<>();
        Sql.on(c)
                .sql("SELECT DISTINCT " + q(column) + " FROM __chk WHERE NOT __error AND " + q(column) + " IN ("
                        + codes.stream().map(x -> "?").collect(Collectors.joining(", ")) + ") ORDER BY 1 LIMIT "
                        + LOOKALIKES_NAMED)
                .params(codes.stream().map(x -> (Object) Sql.text(x)).toList())
                .query((ResultSet r) -> {
                    used.add(new Lookalike(column, r.getString(1), candidates.get(r.getString(1))));
                });
        return used;
    }

    /**
     * The values of {@code column} in the checked rows (__chk) that {@code table} has no record of (a placeholder
     * aside) but that differ from a known record's {@code key} only in case or surrounding spaces: read only for a
     * column whose check found unknown values.
     */
    public static List<Lookalike> unknownLookalikes(Connection c, String column, String table, String key)
            throws SQLException {
        boolean placeholders = hasColumn(c, table, "is_placeholder");
        return Sql.on(c)
                .sql("SELECT x.v, MIN(k." + q(key) + ") FROM (SELECT DISTINCT " + q(column) + " AS v FROM __chk WHERE "
                        + q(column) + " IS NOT NULL) x JOIN " + table + " k ON LOWER(TRIM(k." + q(key)
                        + ")) = LOWER(TRIM(x.v)) AND k." + q(key) + " <> x.v"
                        + (placeholders ? " AND NOT k.is_placeholder" : "") + " WHERE NOT EXISTS (SELECT 1 FROM "
                        + table + " e WHERE e." + q(key) + " = x.v" + (placeholders ? " AND NOT e.is_placeholder" : "")
                        + ") GROUP BY x.v ORDER BY x.v LIMIT " + LOOKALIKES_NAMED)
                .query((ResultSet r) -> {
                    List<Lookalike> found = new ArrayList<>();
                    while (r.next()) {
                        found.add(new Lookalike(column, r.getString(1), r.getString(2)));
                    }
                    return found;
                });
    }

    private TreeSet<LocalDate> datesTouched(Connection c, Contract contract, Map<String, String> load)
            throws SQLException {
        TreeSet<LocalDate> dates = new TreeSet<>();
        if (contract.dateColumn() == null) {
            return dates;
        }
        String expr = load.get(contract.dateColumn());
        try (Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery("SELECT DISTINCT " + expr + " FROM __chk WHERE " + expr + " IS NOT NULL")) {
            while (r.next()) {
                Date d = r.getDate(1);
                dates.add(d.toLocalDate());
            }
        }
        return dates;
    }

    static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        return Sql.on(c)
                .sql(
                        "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ? AND table_schema = current_schema()")
                .param(Sql.text(table))
                .param(Sql.text(column))
                .query((ResultSet r) -> {
                    r.next();
                    return r.getLong(1) > 0;
                });
    }

    private static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
