package io.stockroom.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The one seam where warehouse engines differ, asked for whole operations: stage a file, cast or null, build a
 * JSON object, create a temp table, install the parsing functions. Everything else writes portable SQL (ANSI
 * CAST, no '::'). Implementations: embedded DuckDB (the default) and PostgreSQL (Supabase included).
 */
public sealed interface Dialect permits DuckDbDialect, PostgresDialect {

    /** The engine this connection talks to (the warehouse's own connections only). */
    static Dialect of(Connection c) {
        try {
            return c.isWrapperFor(org.postgresql.PGConnection.class)
                    ? PostgresDialect.INSTANCE
                    : DuckDbDialect.INSTANCE;
        } catch (SQLException e) {
            return DuckDbDialect.INSTANCE;
        }
    }

    /**
     * {@code s} as a JSON string literal, escaped as DuckDB's {@code json_object} writes it, so JSON text built in Java or
     * in PostgreSQL reads the same as DuckDB's (quarantine reasons, raw values).
     */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** duckdb or postgres. */
    String name();

    /**
     * Readies a connection-independent part of the warehouse after the migrations: the parsing functions the
     * checks call (sr_num, sr_date_dmy ...), where the engine keeps them in its catalog.
     */
    void prepare(Connection c) throws SQLException;

    /** The parsing functions (sr_num, sr_date_dmy ...) as a script for this engine, from its resource folder. */
    String macroScript();

    /**
     * Reads a decoded file into a new temp table {@code table}: one text column per header, plus {@code lineColumn}
     * numbering the data records of the file (1 = the first after the header, rejected lines counted). Lines that do
     * not split into the header's columns are kept aside in the temp table {@code stockroom_reject_errors} (line,
     * csv_line, error_type) with their physical line numbers.
     */
    Staged stage(Connection c, String table, String lineColumn, TextFile file) throws SQLException;

    /** A file for {@link #stage}. */
    record TextFile(
            Path path, char delimiter, boolean gzip, List<String> header, boolean quotedNewlines, boolean parquet) {
        public TextFile {
            header = List.copyOf(header);
        }
    }

    /** What staging read: the staged columns (file order) and how many lines were kept aside as malformed. */
    record Staged(List<String> headers, long malformedLines) {}

    /** True when the engine itself can read and type a file while inserting (the ingest fast path). */
    boolean readsFilesTyped();

    /**
     * The fast path's read of a delimited file: SQL of its rows, one column per header, those named in {@code types}
     * (header -> SQL type) typed, the others VARCHAR. A value the engine cannot read as its type in the plain form
     * the general parsers read the same way makes its line a reject (kept in {@code stockroom_reject_errors}) or
     * stops the statement that reads it; a file the engine cannot read this way at all throws. {@code keyHeaders}
     * are headers whose values the engine keeps as written (text, plain dates): where the read itself can tell that
     * their combination never repeats, it says so, and the checks need not group the rows by key. Only where
     * {@link #readsFilesTyped()}.
     */
    default TypedRead readTyped(Connection c, TextFile file, Map<String, String> types, List<String> keyHeaders)
            throws SQLException {
        return new TypedRead(
                readDelimited(
                        file.path().toAbsolutePath().toString(),
                        file.delimiter(),
                        file.gzip(),
                        file.header(),
                        types,
                        file.quotedNewlines()),
                false);
    }

    /**
     * The fast path's read and insert in one, where the engine can: the records of a delimited file straight into the
     * existing table {@code table}, the values of the i-th header into the column {@code columns.get(i)}, typed by the
     * table's own columns, every row given {@code load_seq}, inside the caller's transaction and
     * unchecked. Only when every value reads into the table exactly as an insert of the typed read ({@link #readTyped}
     * with {@code types}) would put it there; the caller makes sure that the insert would take each value as it is,
     * and says in {@code completion} what the insert adds to the file's values (defaults of columns the file lacks,
     * derived columns). Empty, with nothing written, when the engine does not load this file so: then the caller reads
     * it with {@link #readTyped} and inserts the rows itself. {@code keyHeaders} as there.
     */
    default java.util.Optional<CopiedRows> copyTyped(
            Connection c,
            TextFile file,
            String table,
            List<String> columns,
            Map<String, String> types,
            List<String> keyHeaders,
            long loadSeq,
            Completion completion)
            throws SQLException {
        return java.util.Optional.empty();
    }

    /**
     * What the fast path's insert adds to a file's values, for {@link #copyTyped}: per table column the file lacks and
     * the insert fills all the same, SQL of that one value ({@code constants}, a contract default); per derived column,
     * SQL computing it from the row ({@code derived}, a contract expression over the input columns by name); and per
     * input column, the SQL type the insert's derived expressions see it as ({@code inputTypes}).
     */
    record Completion(Map<String, String> constants, Map<String, String> derived, Map<String, String> inputTypes) {
        /** Nothing added: the file's values are the rows. */
        public static final Completion NONE = new Completion(Map.of(), Map.of(), Map.of());

        public Completion {
            constants = Map.copyOf(constants);
            derived = Map.copyOf(derived);
            inputTypes = Map.copyOf(inputTypes);
        }
    }

    /** What {@link #copyTyped} loaded: how many rows, and whether their key values never repeat (false: not proven). */
    record CopiedRows(long rows, boolean keysDistinct) {}

    /**
     * The fast path's read: SQL of the typed rows, and whether the read proved that the values of the key headers
     * never repeat together (false: not proven either way).
     */
    record TypedRead(String select, boolean keysDistinct) {}

    /**
     * True when the fast path's typed rows go straight into the fact table and are checked there: DuckDB skips the
     * row groups of other loads by their load_seq range. PostgreSQL checks the inserted rows in a temp table first:
     * there the checks see the read's DECIMAL(18,4) values, as the general path does, and not the fact column's
     * rounding of them (with this true, -0.0004 in inventory's DECIMAL(14,3) on_hand is 0.000 and no longer warns);
     * only a file whose values the fact table holds exactly is copied straight in ({@link #copyTyped}).
     */
    default boolean readsOneLoadCheaply() {
        return true;
    }

    /**
     * True when the engine proves a key never repeats more cheaply than by grouping on it: DuckDB with a bitmap per
     * group ({@code bitstring_agg}) or a 64-bit hash of the key columns ({@code hash}). PostgreSQL has neither, and
     * its COUNT(DISTINCT) sorts, so there the exact grouping decides at once.
     */
    default boolean provesKeysUniqueByHashing() {
        return true;
    }

    /**
     * SQL that reads a UTF-8 delimited text file as one VARCHAR column per header, keeping unparseable lines
     * aside (ragged rows, broken quoting) with their line numbers. Only where {@link #readsFilesTyped()}.
     *
     * @param quotedNewlines some quoted values span lines: read serially, since a parallel scan can split them
     */
    default String readDelimitedText(
            String path, char delimiter, boolean gzip, List<String> header, boolean quotedNewlines) {
        return readDelimited(path, delimiter, gzip, header, Map.of(), quotedNewlines);
    }

    /**
     * The same read, with the engine typing the columns named in {@code types} (header -> SQL type) as it parses;
     * the others stay VARCHAR. A value that does not parse as its type makes its line a reject, like a ragged one.
     * Only where {@link #readsFilesTyped()}.
     */
    String readDelimited(
            String path,
            char delimiter,
            boolean gzip,
            List<String> header,
            Map<String, String> types,
            boolean quotedNewlines);

    /** SQL that reads a Parquet file. Only where {@link #readsFilesTyped()}. */
    String readParquet(String path);

    /**
     * The engine's own plain bulk load of a clean comma-separated file with a header into the existing table
     * {@code table} (DuckDB {@code COPY ... FROM 'file'}, PostgreSQL {@code COPY ... FROM STDIN}): no checks, no
     * lineage. The benchmarks' reference, and the forecast refresh's write of rows it computed itself; a received file
     * never goes through it (ingest stages and checks). Returns the rows loaded.
     */
    long copyCsv(Connection c, String table, Path file) throws SQLException;

    /**
     * Appends rows computed in Java to the existing table {@code table} (every column, in the table's order) by the
     * engine's fastest bulk path: DuckDB's appender (values go in as they are, no text), PostgreSQL's COPY of a CSV
     * file with the header {@code columns}. Inside the caller's transaction; the table may be a temp table of the
     * connection. Returns the rows loaded.
     */
    long loadRows(Connection c, String table, List<String> columns, BulkRows rows) throws SQLException;

    /** (Re)creates the temp table {@code name} from a query, on this connection only. */
    void createTempTable(Connection c, String name, String query) throws SQLException;

    /** (Re)creates the temp view {@code name} of a query, on this connection only (in place of a temp table so named). */
    default void createTempView(Connection c, String name, String query) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP VIEW " + name + " AS " + query);
        }
    }

    /**
     * Deletes the rows of {@code table} (aliased {@code alias} in {@code condition}) that match, and returns how many
     * each feed had loaded (by their load_seq's feed in fact_loads) and on which business dates ({@code dateColumn}),
     * most rows first: the delete half of merge-by-key and replace-slice.
     */
    java.util.Map<String, Replaced> deleteCountingByFeed(
            Connection c, String table, String alias, String dateColumn, String condition) throws SQLException;

    /** The rows one earlier feed had loaded that a delete took, and their business dates. */
    record Replaced(long rows, java.util.SortedSet<java.time.LocalDate> dates) {
        public Replaced {
            dates = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(dates));
        }
    }

    /**
     * Reads (feed_id, date, rows) rows into {@link Replaced} per feed, the feed with the most rows first (a feed's
     * own order otherwise).
     */
    static java.util.Map<String, Replaced> replacedByFeed(java.sql.ResultSet r) throws SQLException {
        java.util.Map<String, long[]> rows =
                new java.util.TreeMap<>(java.util.Comparator.nullsFirst(String::compareTo));
        java.util.Map<String, java.util.SortedSet<java.time.LocalDate>> dates =
                new java.util.TreeMap<>(java.util.Comparator.nullsFirst(String::compareTo));
        while (r.next()) {
            String feed = r.getString(1);
            java.sql.Date d = r.getDate(2);
            rows.computeIfAbsent(feed, k -> new long[1])[0] += r.getLong(3);
            java.util.SortedSet<java.time.LocalDate> of = dates.computeIfAbsent(feed, k -> new java.util.TreeSet<>());
            if (d != null) {
                of.add(d.toLocalDate());
            }
        }
        java.util.Map<String, Replaced> out = new java.util.LinkedHashMap<>();
        rows.entrySet().stream()
                .sorted(java.util.Comparator.comparingLong((java.util.Map.Entry<String, long[]> e) -> -e.getValue()[0]))
                .forEach(e -> out.put(e.getKey(), new Replaced(e.getValue()[0], dates.get(e.getKey()))));
        return out;
    }

    /**
     * Brings the planner's statistics of {@code table} up to date with rows this transaction has just written, before a
     * query that joins them with the rows already there. DuckDB plans from the data itself; PostgreSQL would otherwise
     * plan a load of 500,000 rows as the one row its statistics knew of (a nested loop).
     */
    default void refreshStatistics(Connection c, String table) throws SQLException {}

    /**
     * About how many rows {@code table} holds, as seen by this transaction: how a model's refresh sizes the slices of
     * dates it writes in. DuckDB counts them (its count of a table reads no column); PostgreSQL, where a count reads the
     * whole table, answers from its statistics (kept current by {@link #refreshStatistics} after large writes), and
     * counts only a table never analysed.
     */
    default long estimatedRows(Connection c, String table) throws SQLException {
        try (java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Writes the rows of {@code select} (bound with {@code params}) into {@code table}, whose columns it yields in
     * order, and returns how many: a model's write.
     */
    default long insertSelect(Connection c, String table, String select, List<Object> params) throws SQLException {
        return Sql.on(c)
                .sql("INSERT INTO " + table + "\n" + select)
                .params(params)
                .update();
    }

    /**
     * A write of at least this many rows refreshes the written table's statistics when later statements of the same
     * transaction read it (a model refresh, a replenishment run); below it any plan is fast.
     */
    long LARGE_WRITE_ROWS = 10_000;

    /** SQL: {@code expression} (text) as {@code sqlType}, or NULL where it does not parse. */
    String castOrNull(String expression, String sqlType);

    /**
     * SQL: {@code expression} (text), an ISO date and time written with a UTC offset or Z ({@code
     * 2026-01-06T03:10:00Z}, {@code 2026-01-06 03:10:00+01:00}, {@code -0500}, {@code +01}), as a TIMESTAMP: that
     * instant's wall-clock time in {@code zone}; NULL for any other text (a time without an offset is the retailer's
     * own and is read by {@link #castOrNull} and the general parsers as written).
     */
    String zonedTimestampOrNull(String expression, java.time.ZoneId zone);

    /** The ISO forms {@link #zonedTimestampOrNull} reads (a regular expression both engines read alike). */
    String OFFSET_TIMESTAMP = "^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?"
            + "(Z|[+-][0-9]{2}(:?[0-9]{2})?)\\s*$";

    /**
     * SQL: the TIMESTAMP WITH TIME ZONE {@code instant} as wall-clock time in {@code zone}. A fixed offset (a zone
     * such as +02:00) is added to UTC here: PostgreSQL's AT TIME ZONE reads '+02:00' with the POSIX sign, inverted.
     */
    static String wallClock(String instant, java.time.ZoneId zone, String inZone, String plusSeconds) {
        java.time.ZoneId z = zone.normalized();
        if (z instanceof java.time.ZoneOffset offset) {
            String utc = String.format(inZone, instant, "'UTC'");
            return offset.getTotalSeconds() == 0 ? utc : String.format(plusSeconds, utc, offset.getTotalSeconds());
        }
        return String.format(inZone, instant, "'" + z.getId().replace("'", "") + "'");
    }

    /** SQL: a JSON object (as text) of the given keys (literal strings) and value expressions, in that order. */
    String jsonObject(List<String> keys, List<String> values);

    /**
     * SQL: {@code a} and {@code b}, of the same type, are equal or both NULL, in a form the engine can join on by
     * hashing; {@code zero} is any literal of that type. DuckDB hashes {@code IS NOT DISTINCT FROM} itself; PostgreSQL
     * can only nested-loop it, so there it is two equalities of one side each.
     */
    default String nullSafeEquals(String a, String b, String zero) {
        return a + " IS NOT DISTINCT FROM " + b;
    }

    /**
     * The clause that makes a DROP take the views built on the object with it ({@code ""} where the engine does not
     * keep track of them, as DuckDB does not).
     */
    default String dropDependents() {
        return "";
    }

    /** How an index finds rows: BRIN keeps each block range's least and greatest value, a b-tree every row's. */
    enum IndexKind {
        BRIN,
        BTREE
    }

    /**
     * Creates the index {@code index} of {@code table} on {@code columns} unless it exists (a model's declared index,
     * docs/models.md). Nothing on DuckDB: its zone maps find a date's rows in a table written in date order, and an
     * index would cost every write. PostgreSQL reads a table without one whole, whatever the filter.
     */
    default void ensureIndex(Connection c, String table, String index, IndexKind kind, List<String> columns)
            throws SQLException {}

    /**
     * Brings {@code index} up to date with the rows just written, where the engine leaves part of that for later. A
     * PostgreSQL BRIN index summarizes a range of pages only when a VACUUM gets to it: until then every query that
     * uses the index reads those pages, so a mart just rebuilt was read whole, and slower than without the index.
     */
    default void summarizeIndex(Connection c, String index, IndexKind kind) throws SQLException {}

    /** The text of an array (a DuckDB list) of the given comma-separated elements, for a CAST to {@code TYPE[]}. */
    default String arrayText(CharSequence elements) {
        return "[" + elements + "]";
    }

    /** The text of a BLOB (PostgreSQL: BYTEA) value, as the engine's COPY of a CSV file reads it. */
    default String blobText(byte[] value) {
        StringBuilder b = new StringBuilder(value.length * 4);
        for (byte v : value) {
            b.append("\\x").append(Character.forDigit((v >> 4) & 0xf, 16)).append(Character.forDigit(v & 0xf, 16));
        }
        return b.toString();
    }

    /** Quotes an identifier that came from a contract (never from user input). */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A SQL string literal. */
    default String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
