package io.stockroom.warehouse;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL (15+, Supabase included). The server cannot read files on the application host, so staging streams
 * the decoded file through {@code COPY ... FROM STDIN} (pgjdbc's CopyManager); the split into records happens on
 * the way, which is where a ragged line is set aside with its line number instead of failing the COPY. The
 * parsing functions live in postgres/functions.sql.
 */
public final class PostgresDialect implements Dialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PostgresDialect.class);

    /** COPY buffer: rows go to the server in chunks of this many bytes. */
    private static final int CHUNK = 1 << 16;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void prepare(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : SqlScripts.split(macroScript())) {
                s.execute(statement);
            }
        }
    }

    @Override
    public String macroScript() {
        return SqlScripts.resource("/warehouse/postgres/functions.sql");
    }

    @Override
    public boolean readsFilesTyped() {
        return true;
    }

    /** The table the fast path's read stages the file's text in. */
    private static final String TYPED_READ = "__typed_read";

    /**
     * Stages the file with the server's own CSV reader ({@link #copyAsCsv}: only a file of the strict shape, else
     * this throws and the general path reads it) and returns the typed columns over it, each value in the plain form
     * or the statement reading it stops. First the dates and decimals are screened for their plain form in Java as
     * the bytes stream by, and the server types them while it copies (its input reads a plain value as the screen in
     * SQL would); only when some value is not plain (or the server refuses one) is the file staged again as text and
     * screened by sr_read_date, sr_read_decimal and sr_read_timestamp (functions.sql), which stop at that value.
     * The key headers' values are hashed as they stream by ({@link CsvShape#keysDistinct()}): 10M distinct hashes
     * take Java about a second to prove, where the server's grouping of 10M keys takes about ten.
     */
    @Override
    public TypedRead readTyped(Connection c, TextFile file, Map<String, String> types, List<String> keyHeaders)
            throws SQLException {
        if (file.parquet()) {
            throw new SQLException("a Parquet file is read through the general path");
        }
        List<String> header = file.header();
        List<String> kinds = new ArrayList<>();
        CsvShape.Plain[] plain = new CsvShape.Plain[header.size()];
        boolean[] key = new boolean[header.size()];
        Map<String, String> columnTypes = new java.util.HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            key[i] = keyHeaders.contains(header.get(i));
            String type = types.getOrDefault(header.get(i), "VARCHAR")
                    .toUpperCase(java.util.Locale.ROOT)
                    .replace(" ", "");
            kinds.add(type);
            plain[i] = switch (type) {
                case "DATE" -> CsvShape.Plain.DATE;
                case "DECIMAL(18,4)" -> CsvShape.Plain.DECIMAL;
                case "VARCHAR", "TEXT", "TIMESTAMP" -> null;
                default -> throw new IllegalArgumentException("no typed read as " + type + " on PostgreSQL");
            };
            if (plain[i] != null) {
                columnTypes.put(header.get(i), type);
            }
        }
        Copied copied = columnTypes.isEmpty() ? null : copyAsCsv(c, TYPED_READ, null, file, plain, key, columnTypes);
        boolean copiedTyped = copied != null;
        if (!copiedTyped) {
            copied = copyAsCsv(c, TYPED_READ, null, file, new CsvShape.Plain[header.size()], key, Map.of());
        }
        if (copied == null) {
            throw new SQLException("the file is not strict CSV of the header's width (ragged or blank lines, loose "
                    + "quoting, mixed line ends), which only the general path reads line by line");
        }
        try (Statement s = c.createStatement()) {
            // the checks that follow group every key of the file (duplicates): with the default 4 MB the grouping of
            // 500,000 keys spills to disk in 21 batches; until the load commits or rolls back only
            s.execute("SET LOCAL work_mem = '64MB'");
        }
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String column = "r." + quote(header.get(i));
            String read = copiedTyped && plain[i] != null
                    ? column
                    : switch (kinds.get(i)) {
                        case "DATE" -> "sr_read_date(" + column + ")";
                        case "TIMESTAMP" -> "sr_read_timestamp(" + column + ")";
                        case "DECIMAL(18,4)" -> "sr_read_decimal(" + column + ")";
                        default -> column;
                    };
            columns.add(read + " AS " + quote(header.get(i)));
        }
        return new TypedRead(
                "(SELECT " + String.join(", ", columns) + " FROM " + TYPED_READ + " r)", copied.keysDistinct());
    }

    /**
     * The server's CSV reader copies the file straight into the fact table: no temp table, no second write. Each
     * record gets the load number and the feed in front of its first value as it streams by ({@link CsvShape} marks
     * where records start). Only where the table's own input reads every value as the typed read's insert would put
     * it: text into text; dates in their plain form; numbers in a plain form with no more digits than both the read's
     * DECIMAL(18,4) and the column hold, so neither rounds (one digit more and the insert's double rounding could
     * differ from the column's one); whole numbers into an integer column without a point. Any other value, a value
     * the column refuses (a NULL in a NOT NULL column, an overflow) or a file of another shape undoes the copy, and the
     * caller reads the file into a temp table. A table column the copy does not name must have no default, as the
     * insert names every contract column.
     *
     * <p>What the insert adds to the file's values ({@code completion}) goes in front of each record too: the value of
     * a defaulted column the file lacks, worked out once by the server as the insert types it; and for a derived
     * column a stand-in that the column takes, which {@link #deriveCopied} then replaces wherever the expression gives
     * another value (sales' is_return: false unless the row is a return).
     */
    @Override
    public java.util.Optional<CopiedRows> copyTyped(
            Connection c,
            TextFile file,
            String table,
            List<String> columns,
            Map<String, String> types,
            List<String> keyHeaders,
            long loadSeq,
            Completion completion)
            throws SQLException {
        List<String> header = file.header();
        if (file.parquet() || header.size() < 2 || columns.size() != header.size() || c.getAutoCommit()) {
            return java.util.Optional.empty();
        }
        Map<String, TableColumn> tableColumns = tableColumns(c, table);
        CsvShape.Plain[] plain = new CsvShape.Plain[header.size()];
        boolean[] key = new boolean[header.size()];
        for (int i = 0; i < header.size(); i++) {
            TableColumn column = tableColumns.get(columns.get(i));
            String read = types.getOrDefault(header.get(i), "VARCHAR")
                    .toUpperCase(java.util.Locale.ROOT)
                    .replace(" ", "");
            if (column == null) {
                return java.util.Optional.empty();
            }
            java.util.Optional<CsvShape.Plain> form = plainFormInto(read, column);
            if (form == null) {
                return java.util.Optional.empty();
            }
            plain[i] = form.orElse(null);
            key[i] = keyHeaders.contains(header.get(i));
        }
        for (TableColumn column : tableColumns.values()) {
            if (column.hasDefault()
                    && !columns.contains(column.name())
                    && !completion.constants().containsKey(column.name())
                    && !completion.derived().containsKey(column.name())
                    && !column.name().equals("load_seq")) {
                return java.util.Optional.empty();
            }
        }
        String d = String.valueOf(file.delimiter());
        // in front of each record: the load, the constants, the derived columns' stand-ins
        List<String> added = new ArrayList<>(List.of("load_seq"));
        StringBuilder front = new StringBuilder().append(loadSeq).append(d);
        Map<String, String> constants = constantTexts(c, completion.constants(), tableColumns);
        if (constants == null) {
            return java.util.Optional.empty();
        }
        for (Map.Entry<String, String> constant : constants.entrySet()) {
            if (columns.contains(constant.getKey())) {
                return java.util.Optional.empty();
            }
            added.add(constant.getKey());
            front.append(csvQuoted(constant.getValue())).append(d);
        }
        for (String column : completion.derived().keySet()) {
            TableColumn target = tableColumns.get(column);
            String standIn = target == null ? null : standIn(target);
            if (standIn == null || columns.contains(column) || constants.containsKey(column)) {
                return java.util.Optional.empty();
            }
            added.add(column);
            front.append(standIn).append(d);
        }
        String names = String.join(", ", columns.stream().map(this::quote).toList());
        String sql = "COPY " + table + " ("
                + String.join(", ", added.stream().map(this::quote).toList()) + ", " + names
                + ") FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER " + literal(d) + ", FORCE_NULL (" + names
                + "))";
        byte[] prefix = front.toString().getBytes(StandardCharsets.UTF_8);
        java.sql.Savepoint before = c.setSavepoint();
        Copied copied = null;
        try {
            try (Statement s = c.createStatement()) {
                // the fast path then asks how many lines were set aside: none, or the copy is undone
                s.execute("DROP TABLE IF EXISTS stockroom_reject_errors");
                s.execute("CREATE TEMP TABLE stockroom_reject_errors (line BIGINT, csv_line TEXT, error_type TEXT)");
                s.execute("SET LOCAL work_mem = '64MB'");
            }
            Copied rows = copyShaped(c, sql, file, plain, key, prefix);
            if (rows != null && !completion.derived().isEmpty()) {
                deriveCopied(c, table, loadSeq, completion);
            }
            if (rows != null) {
                // the checks read the load back by its number, which the table's statistics have never seen: planned
                // as the one row they would expect, its 10M rows would be nested-looped with the master data
                refreshStatistics(c, table);
            }
            copied = rows;
        } catch (SQLException e) {
            log.debug("{}: not copied straight into {} ({})", file.path(), table, e.getMessage());
        } finally {
            if (copied != null) {
                c.releaseSavepoint(before);
            } else {
                c.rollback(before);
            }
        }
        return copied == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(new CopiedRows(copied.rows(), copied.keysDistinct()));
    }

    /**
     * The derived columns of a load just copied with their stand-ins: each computed as the insert computes it, from the
     * input columns read back as the insert's types (DECIMAL(18,4) where the column keeps 3 places, BIGINT where it is
     * an INTEGER), and written only to the rows where it differs from the stand-in. The differing rows are collected
     * first, so that their update is planned on their real number (none in a day without returns).
     */
    private void deriveCopied(Connection c, String table, long loadSeq, Completion completion) throws SQLException {
        List<String> inputs = new ArrayList<>();
        String expressions = String.join(" ", completion.derived().values()).toLowerCase(java.util.Locale.ROOT);
        completion.inputTypes().forEach((column, type) -> {
            // only the columns an expression may name (a superset: a name inside another word is kept too)
            if (expressions.contains(column.toLowerCase(java.util.Locale.ROOT)) || expressions.contains(".*")) {
                inputs.add("CAST(" + quote(column) + " AS " + type + ") AS " + quote(column));
            }
        });
        List<String> values = new ArrayList<>();
        List<String> differs = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> derived : completion.derived().entrySet()) {
            String was = "sr_was_" + i;
            String now = "sr_now_" + i++;
            inputs.add(quote(derived.getKey()) + " AS " + was);
            values.add("(" + derived.getValue() + ") AS " + now);
            values.add(was);
            differs.add(now + " IS DISTINCT FROM " + was);
            sets.add(quote(derived.getKey()) + " = d." + now);
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS sr_derived");
            long rows = s.executeLargeUpdate("CREATE TEMP TABLE sr_derived AS SELECT * FROM (SELECT sr_row, "
                    + String.join(", ", values) + " FROM (SELECT ctid AS sr_row, " + String.join(", ", inputs)
                    + " FROM " + table + " WHERE load_seq = " + loadSeq + ") r) x WHERE "
                    + String.join(" OR ", differs));
            if (rows > 0) {
                s.execute("ANALYZE sr_derived");
                s.execute("UPDATE " + table + " t SET " + String.join(", ", sets) + " FROM sr_derived d"
                        + " WHERE t.ctid = d.sr_row");
            }
            s.execute("DROP TABLE sr_derived");
        }
    }

    /**
     * Per constant, the text of its value as the table's column holds it (the server casts the insert's value to the
     * column's type, and that text reads back as the same value); null when a constant has no such column.
     */
    private static Map<String, String> constantTexts(
            Connection c, Map<String, String> constants, Map<String, TableColumn> tableColumns) throws SQLException {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        if (constants.isEmpty()) {
            return texts;
        }
        List<String> names = new ArrayList<>(constants.keySet());
        List<String> casts = new ArrayList<>();
        for (String name : names) {
            TableColumn column = tableColumns.get(name);
            if (column == null) {
                return null;
            }
            casts.add("CAST(CAST(" + constants.get(name) + " AS " + column.declared() + ") AS TEXT)");
        }
        // in the caller's transaction: a default the server cannot cast leaves it as it was (the file then takes the
        // temp-table route)
        java.sql.Savepoint before = c.setSavepoint();
        try (Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT " + String.join(", ", casts))) {
            r.next();
            for (int i = 0; i < names.size(); i++) {
                texts.put(names.get(i), r.getString(i + 1));
            }
        } catch (SQLException e) {
            c.rollback(before);
            log.debug("the defaults {} are not copied: {}", constants, e.getMessage());
            return null;
        }
        c.releaseSavepoint(before);
        return texts.containsValue(null) ? null : texts;
    }

    /**
     * A value a derived column takes until {@link #deriveCopied} works it out: NULL where the column allows it, else
     * the type's zero; null for a type without one here.
     */
    private static String standIn(TableColumn column) {
        if (column.nullable()) {
            return "";
        }
        return switch (column.type()) {
            case "boolean" -> "false";
            case "numeric", "bigint", "integer", "smallint", "double precision", "real" -> "0";
            case "text", "character varying" -> "\"\"";
            case "date" -> "2000-01-01";
            default -> null;
        };
    }

    /** A CSV value in quotes (the quotes inside doubled): never NULL, whatever it holds. */
    private static String csvQuoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A column of a warehouse table as the catalog has it; {@code declared} its type with modifiers (numeric(14,3)). */
    private record TableColumn(
            String name,
            String type,
            Integer precision,
            Integer scale,
            boolean hasDefault,
            boolean nullable,
            String declared) {}

    private static Map<String, TableColumn> tableColumns(Connection c, String table) throws SQLException {
        Map<String, TableColumn> columns = new java.util.HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT column_name, data_type, numeric_precision, numeric_scale,"
                + " column_default IS NOT NULL, is_nullable = 'YES', format_type(a.atttypid, a.atttypmod)"
                + " FROM information_schema.columns i JOIN pg_attribute a"
                + " ON a.attrelid = to_regclass(quote_ident(i.table_schema) || '.' || quote_ident(i.table_name))"
                + " AND a.attname = i.column_name"
                + " WHERE i.table_schema = current_schema() AND i.table_name = ?")) {
            p.setString(1, table);
            try (java.sql.ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    columns.put(
                            r.getString(1),
                            new TableColumn(
                                    r.getString(1),
                                    r.getString(2),
                                    (Integer) r.getObject(3),
                                    (Integer) r.getObject(4),
                                    r.getBoolean(5),
                                    r.getBoolean(6),
                                    r.getString(7)));
                }
            }
        }
        return columns;
    }

    /**
     * The plain form a value read as {@code read} must have for {@code column}'s input to take it as the typed read's
     * insert would (empty: any text), or null when there is none.
     */
    private static java.util.Optional<CsvShape.Plain> plainFormInto(String read, TableColumn column) {
        String type = column.type();
        return switch (read) {
            case "VARCHAR", "TEXT" ->
                type.equals("text") || type.equals("character varying") ? java.util.Optional.empty() : null;
            case "DATE" -> type.equals("date") ? java.util.Optional.of(CsvShape.Plain.DATE) : null;
            case "DECIMAL(18,4)" -> {
                if (type.equals("numeric") && column.precision() != null && column.scale() != null) {
                    yield java.util.Optional.of(CsvShape.Plain.number(
                            Math.min(14, column.precision() - column.scale()), Math.min(4, column.scale())));
                }
                if (type.equals("bigint") || type.equals("integer") || type.equals("smallint")) {
                    yield java.util.Optional.of(
                            CsvShape.Plain.number(type.equals("bigint") ? 14 : type.equals("integer") ? 9 : 4, 0));
                }
                yield null;
            }
            default -> null;
        };
    }

    /** A file the server's CSV reader copied: whether the key columns' values never repeat together (proved by hashing). */
    private record Copied(long rows, boolean keysDistinct) {}

    @Override
    public boolean readsOneLoadCheaply() {
        return false;
    }

    @Override
    public boolean provesKeysUniqueByHashing() {
        return false;
    }

    @Override
    public Staged stage(Connection c, String table, String lineColumn, TextFile file) throws SQLException {
        if (file.parquet()) {
            return stageParquet(c, table, lineColumn, file);
        }
        if (copyAsCsv(c, table, lineColumn, file)) {
            refreshStatistics(c, table);
            return new Staged(file.header(), 0);
        }
        return stageRecordByRecord(c, table, lineColumn, file);
    }

    /**
     * The staging table (text columns named as the header, and {@code lineColumn}, which numbers the records as they
     * arrive when no number is given; none when null) and an empty {@code stockroom_reject_errors}.
     */
    private void createStagingTables(
            Connection c, String table, String lineColumn, List<String> header, Map<String, String> types)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        if (lineColumn != null) {
            columns.add(quote(lineColumn) + " BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 100000)");
        }
        header.forEach(h -> columns.add(quote(h) + " " + types.getOrDefault(h, "TEXT")));
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            s.execute("DROP TABLE IF EXISTS stockroom_reject_errors");
            s.execute("CREATE TEMP TABLE " + table + " (" + String.join(", ", columns) + ")");
            s.execute("CREATE TEMP TABLE stockroom_reject_errors (line BIGINT, csv_line TEXT, error_type TEXT)");
        }
    }

    /**
     * The server's own CSV reader, fed the file's bytes as they are: several times faster than splitting the records
     * in Java. Only for a file of the shape on which both readers agree ({@link CsvShape}: no ragged or blank line,
     * strict quoting), with more than one column (COPY reads a blank line of a one-column file as an empty value,
     * the Java reader skips it). A quoted empty value is NULL, as an unquoted one (FORCE_NULL), as the Java reader
     * reads both; the records are numbered in file order by the identity column. Returns false, having undone what
     * it wrote, when the file leaves that shape or the server refuses it: then the file is split record by record.
     */
    boolean copyAsCsv(Connection c, String table, String lineColumn, TextFile file) throws SQLException {
        int width = file.header().size();
        return copyAsCsv(c, table, lineColumn, file, new CsvShape.Plain[width], new boolean[width], Map.of()) != null;
    }

    /**
     * {@link #copyAsCsv(Connection, String, String, TextFile)}, the columns given a plain form screened for it and
     * created with their type in {@code types} (the others TEXT): a value of another form leaves the shape too. The
     * values of the {@code key} columns are hashed on the way. A null {@code lineColumn} numbers no records: the fast
     * path's read needs no line numbers (any bad line sends the file to the general path), and numbering them costs a
     * fifth of the copy. Null when not copied.
     */
    private Copied copyAsCsv(
            Connection c,
            String table,
            String lineColumn,
            TextFile file,
            CsvShape.Plain[] plain,
            boolean[] key,
            Map<String, String> types)
            throws SQLException {
        List<String> header = file.header();
        if (header.size() < 2) {
            return null;
        }
        String columns = String.join(", ", header.stream().map(this::quote).toList());
        String sql = "COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER "
                + literal(String.valueOf(file.delimiter())) + ", FORCE_NULL (" + columns + "))";
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        java.sql.Savepoint before = autoCommit ? null : c.setSavepoint();
        Copied copied = null;
        try {
            createStagingTables(c, table, lineColumn, header, types);
            copied = copyShaped(c, sql, file, plain, key, null);
            return copied;
        } catch (SQLException e) {
            log.debug("{}: the server's CSV reader refused it ({}); splitting it in Java", file.path(), e.getMessage());
            return null;
        } finally {
            if (autoCommit) {
                if (copied != null) {
                    c.commit();
                } else {
                    c.rollback();
                }
                c.setAutoCommit(true);
            } else if (copied != null) {
                c.releaseSavepoint(before);
            } else {
                c.rollback(before);
            }
        }
    }

    /** @param prefix bytes written in front of each data record, or null */
    private Copied copyShaped(
            Connection c, String sql, TextFile file, CsvShape.Plain[] plain, boolean[] key, byte[] prefix)
            throws SQLException {
        CsvShape shape = new CsvShape(file.delimiter(), file.header().size(), plain, key);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try (InputStream in = openBytes(file)) {
            byte[] buffer = new byte[CHUNK];
            byte[] out = prefix == null ? null : new byte[CHUNK];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!shape.accept(buffer, n)) {
                    break;
                }
                if (prefix == null) {
                    copy.writeToCopy(buffer, 0, n);
                    continue;
                }
                int starts = shape.recordStarts();
                int length = n + starts * prefix.length;
                if (out.length < length) {
                    out = new byte[length];
                }
                int from = 0;
                int to = 0;
                for (int k = 0; k < starts; k++) {
                    int at = shape.recordStart(k);
                    System.arraycopy(buffer, from, out, to, at - from);
                    to += at - from;
                    System.arraycopy(prefix, 0, out, to, prefix.length);
                    to += prefix.length;
                    from = at;
                }
                System.arraycopy(buffer, from, out, to, n - from);
                copy.writeToCopy(out, 0, length);
            }
        } catch (IOException e) {
            copy.cancelCopy();
            throw new SQLException("cannot read " + file.path().getFileName() + ": " + e.getMessage(), e);
        }
        if (!shape.finish()) {
            log.debug("{}: {}; splitting it in Java", file.path(), shape.problem());
            copy.cancelCopy();
            return null;
        }
        long rows = copy.endCopy();
        if (rows != shape.records()) {
            log.debug(
                    "{}: the server read {} records, the shape {}; splitting it in Java",
                    file.path(),
                    rows,
                    shape.records());
            return null;
        }
        return new Copied(rows, shape.keysDistinct());
    }

    /**
     * The reader for every other file: commons-csv splits the records in Java, and ragged ones are kept aside with
     * their line numbers.
     */
    Staged stageRecordByRecord(Connection c, String table, String lineColumn, TextFile file) throws SQLException {
        List<String> header = file.header();
        createStagingTables(c, table, lineColumn, header, Map.of());
        List<Reject> rejects = new ArrayList<>();
        CopyIn copy =
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv)");
        try {
            copyRecords(file, header.size(), copy, rejects);
            copy.endCopy();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw new SQLException(
                    "cannot read " + file.path().getFileName() + " as delimited text: " + e.getMessage(), e);
        } catch (SQLException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw e;
        }
        if (!rejects.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO stockroom_reject_errors (line, csv_line, error_type) VALUES (?, ?, ?)")) {
                for (Reject r : rejects) {
                    p.setLong(1, r.line());
                    p.setString(2, r.text());
                    p.setString(3, r.problem());
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
        refreshStatistics(c, table);
        return new Staged(header, rejects.size());
    }

    private record Reject(long line, String text, String problem) {}

    /**
     * PostgreSQL reads no Parquet: an in-memory DuckDB (the embedded engine's library, no file, no server) writes the
     * file's rows as CSV text beside it, every value as DuckDB's staging would show it, and that CSV is staged.
     */
    private Staged stageParquet(Connection c, String table, String lineColumn, TextFile file) throws SQLException {
        // a temp file, never beside the source: that may be the raw lake, which is immutable
        java.nio.file.Path csv;
        try {
            csv = Files.createTempFile("stockroom-parquet-", ".csv");
        } catch (IOException e) {
            throw new SQLException(
                    "cannot create a staging copy of " + file.path().getFileName() + ": " + e.getMessage(), e);
        }
        List<String> header = new ArrayList<>();
        try (Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                Statement s = duck.createStatement()) {
            String source = "read_parquet("
                    + literal(DuckDbDialect.literalPath(
                            file.path().toAbsolutePath().toString())) + ")";
            try (java.sql.ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + source)) {
                while (r.next()) {
                    header.add(r.getString(1));
                }
            }
            s.execute("COPY (SELECT CAST(COLUMNS(*) AS VARCHAR) FROM " + source + ") TO "
                    + literal(csv.toAbsolutePath().toString())
                    + " (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"')");
            return stage(c, table, lineColumn, new TextFile(csv, ',', false, header, true, false));
        } finally {
            try {
                Files.deleteIfExists(csv);
            } catch (IOException e) {
                throw new SQLException("cannot remove the staging copy " + csv + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Splits the file into records (the same quoting rules as the DuckDB read: {@link CsvRecords}) and writes each
     * whole one to the COPY as (record number, values...); a record with too many or too few values, or a quoted
     * value followed by more text, is set aside. Empty values stay NULL, as in the DuckDB read.
     */
    private static void copyRecords(TextFile file, int width, CopyIn copy, List<Reject> rejects)
            throws IOException, SQLException {
        CSVFormat out = CSVFormat.POSTGRESQL_CSV;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK * 2);
        Writer writer = new OutputStreamWriter(buffer, StandardCharsets.UTF_8);
        try (Reader reader = open(file);
                CSVPrinter printer = new CSVPrinter(writer, out)) {
            CsvRecords records = new CsvRecords(reader, file.delimiter());
            // Lines are counted as DuckDB's reader counts them: one per record (a quoted value spanning lines does not
            // add any), blank lines included.
            long line = 0;
            long record = 0;
            List<String> values = new ArrayList<>(width + 1);
            for (CsvRecords.Record r = records.next(); r != null; r = records.next()) {
                line++;
                if (line == 1 || r.blank()) {
                    continue; // the header; a blank line
                }
                record++;
                if (r.problem() != null || r.values().size() != width) {
                    String problem = r.problem() != null
                            ? r.problem()
                            : r.values().size() > width ? "TOO MANY COLUMNS" : "MISSING COLUMNS";
                    rejects.add(new Reject(line, r.text(), problem));
                    continue;
                }
                values.clear();
                values.add(Long.toString(record));
                values.addAll(r.values());
                printer.printRecord(values);
                if (buffer.size() >= CHUNK) {
                    printer.flush();
                    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                    buffer.reset();
                }
            }
            printer.flush();
            if (buffer.size() > 0) {
                copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            }
        }
    }

    private static Reader open(TextFile file) throws IOException {
        return new BufferedReader(new InputStreamReader(openBytes(file), StandardCharsets.UTF_8), 1 << 16);
    }

    private static InputStream openBytes(TextFile file) throws IOException {
        InputStream raw = Files.newInputStream(file.path());
        return file.gzip() ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    @Override
    public String readDelimited(
            String path,
            char delimiter,
            boolean gzip,
            List<String> header,
            Map<String, String> types,
            boolean quotedNewlines) {
        throw new UnsupportedOperationException(
                "PostgreSQL cannot read files on the application host; files are staged with COPY (stage)");
    }

    @Override
    public String readParquet(String path) {
        throw new UnsupportedOperationException("PostgreSQL cannot read Parquet files; stage them as text");
    }

    @Override
    public long copyCsv(Connection c, String table, java.nio.file.Path file) throws SQLException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv, HEADER true)", in, CHUNK);
        } catch (IOException e) {
            throw new SQLException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The rows as a CSV file with the header {@code columns}, loaded by {@link #copyCsv}. */
    @Override
    public long loadRows(Connection c, String table, List<String> columns, BulkRows rows) throws SQLException {
        java.nio.file.Path file = null;
        try {
            file = java.nio.file.Files.createTempFile("stockroom-" + table, ".csv");
            try (java.io.Writer out =
                    java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
                out.append(String.join(",", columns)).append('\n');
                rows.writeTo(new CsvSink(out, this));
            }
            return copyCsv(c, table, file);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot write the rows of " + table + " to a temporary file: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    java.nio.file.Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // a temporary file; nothing reads it again
                }
            }
        }
    }

    @Override
    public void createTempTable(Connection c, String name, String query) throws SQLException {
        dropTemp(c, name);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE " + name + " AS " + query);
        }
    }

    @Override
    public void createTempView(Connection c, String name, String query) throws SQLException {
        dropTemp(c, name);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP VIEW " + name + " AS " + query);
        }
    }

    /**
     * Drops this session's temp table or view {@code name}, whichever it is: the fast path reads its checked rows
     * through a view __chk where the general path writes a table __chk, on the same pooled connection, and
     * PostgreSQL's DROP TABLE and DROP VIEW each refuse the other kind.
     */
    private static void dropTemp(Connection c, String name) throws SQLException {
        String kind = null;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT relkind FROM pg_class WHERE relname = ?" + " AND relnamespace = pg_my_temp_schema()")) {
            p.setString(1, name);
            try (java.sql.ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    kind = r.getString(1);
                }
            }
        }
        if (kind != null) {
            try (Statement s = c.createStatement()) {
                s.execute(("v".equals(kind) ? "DROP VIEW " : "DROP TABLE ") + name);
            }
        }
    }

    @Override
    public Map<String, Replaced> deleteCountingByFeed(
            Connection c, String table, String alias, String dateColumn, String condition) throws SQLException {
        try (Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("WITH d AS (DELETE FROM " + table + " " + alias + " WHERE "
                        + condition + " RETURNING " + alias + ".load_seq, " + alias + "." + quote(dateColumn)
                        + " AS d) SELECT l.feed_id, d.d, COUNT(*) FROM d LEFT JOIN fact_loads l ON l.load_seq"
                        + " = d.load_seq GROUP BY l.feed_id, d.d")) {
            return Dialect.replacedByFeed(r);
        }
    }

    @Override
    public String castOrNull(String expression, String sqlType) {
        String type = sqlType.toUpperCase(java.util.Locale.ROOT).replace(" ", "");
        if (type.startsWith("DECIMAL") || type.startsWith("NUMERIC")) {
            return "sr_try_decimal(" + expression + ")";
        }
        return switch (type) {
            case "BIGINT", "INTEGER", "INT", "SMALLINT" -> "CAST(sr_try_bigint(" + expression + ") AS " + sqlType + ")";
            case "DATE" -> "sr_try_date(" + expression + ")";
            case "TIMESTAMP" -> "sr_try_timestamp(" + expression + ")";
            case "DOUBLE", "DOUBLEPRECISION" -> "CAST(sr_try_decimal(" + expression + ") AS DOUBLE PRECISION)";
            case "BOOLEAN" -> "sr_bool(" + expression + ")";
            case "VARCHAR", "TEXT" -> "CAST(" + expression + " AS TEXT)";
            default -> throw new IllegalArgumentException("no cast-or-null for " + sqlType + " on PostgreSQL");
        };
    }

    /** sr_try_timestamptz (functions.sql) reads the offset, which the session's TimeZone then plays no part in. */
    @Override
    public String zonedTimestampOrNull(String expression, java.time.ZoneId zone) {
        return Dialect.wallClock(
                "sr_try_timestamptz(" + expression + ")",
                zone,
                "(%1$s AT TIME ZONE %2$s)",
                "(%s + make_interval(secs => %d))");
    }

    @Override
    public String dropDependents() {
        return " CASCADE";
    }

    /**
     * {@code CREATE INDEX IF NOT EXISTS}: on a table that has rows it reads them once and holds off writes to it (not
     * reads) until it is built, inside the caller's transaction. An index already there is looked up first, without a
     * lock: the statement itself takes the table's share lock before it finds the index (every refresh asks).
     */
    @Override
    public void ensureIndex(Connection c, String table, String index, IndexKind kind, List<String> columns)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            p.setString(1, index);
            try (java.sql.ResultSet r = p.executeQuery()) {
                if (r.next() && r.getBoolean(1)) {
                    return;
                }
            }
        }
        String method = switch (kind) {
            case BRIN -> "brin";
            case BTREE -> "btree";
        };
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS " + index + " ON " + table + " USING " + method + " ("
                    + String.join(", ", columns) + ")");
        }
    }

    /** {@code brin_summarize_new_values}: reads the pages written since the index's last summary (only those). */
    @Override
    public void summarizeIndex(Connection c, String index, IndexKind kind) throws SQLException {
        switch (kind) {
            case BRIN -> {
                try (PreparedStatement p =
                        c.prepareStatement("SELECT brin_summarize_new_values(CAST(? AS regclass))")) {
                    p.setString(1, index);
                    p.execute();
                }
            }
            case BTREE -> {
                // a b-tree takes every row as it is written
            }
        }
    }

    @Override
    public String blobText(byte[] value) {
        return "\\x" + java.util.HexFormat.of().formatHex(value); // bytea's hex format
    }

    @Override
    public String arrayText(CharSequence elements) {
        return "{" + elements + "}";
    }

    @Override
    public long estimatedRows(Connection c, String table) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            p.setString(1, table);
            try (java.sql.ResultSet r = p.executeQuery()) {
                if (r.next() && r.getLong(1) >= 0) {
                    return r.getLong(1);
                }
            }
        }
        return Dialect.super.estimatedRows(c, table); // never analysed (-1): count
    }

    @Override
    public void refreshStatistics(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE " + table);
        }
    }

    /**
     * PostgreSQL (through 17) never runs the {@code SELECT} of an {@code INSERT ... SELECT} in parallel, but it does
     * run the {@code SELECT} of a {@code CREATE TABLE AS} in parallel. A model that reads millions of rows and yields
     * few (a daily sum by SKU, by store, by category) is therefore computed into a temp table and copied from there,
     * when the planner would run its {@code SELECT} in parallel ({@code Gather}) and expects at most
     * {@link #STAGED_WRITE_MAX_ROWS} rows: at 500 stores x 20,000 SKUs that halves those models' wall time for the
     * same CPU (docs/bench.md, session 16). A large output is inserted directly, since writing it twice costs more
     * than the parallel read saves (10M positions: 116 s against 67-89 s).
     */
    @Override
    public long insertSelect(Connection c, String table, String select, List<Object> params) throws SQLException {
        String plan = Sql.on(c)
                .sql("EXPLAIN (FORMAT JSON) " + select)
                .params(params)
                .query(String.class)
                .single();
        if (!plan.contains("\"Gather") || planRows(plan) > STAGED_WRITE_MAX_ROWS) {
            return Dialect.super.insertSelect(c, table, select, params);
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS sr_model_rows");
        }
        Sql.on(c)
                .sql("CREATE TEMP TABLE sr_model_rows AS\n" + select)
                .params(params)
                .update();
        long rows;
        try (Statement s = c.createStatement()) {
            rows = s.executeLargeUpdate("INSERT INTO " + table + " SELECT * FROM sr_model_rows");
            s.execute("DROP TABLE sr_model_rows");
        }
        return rows;
    }

    /** A model's expected rows up to which {@link #insertSelect} computes them in parallel and then copies them. */
    static final long STAGED_WRITE_MAX_ROWS = 500_000;

    /** The rows the planner expects from the top node of an {@code EXPLAIN (FORMAT JSON)}. */
    static long planRows(String plan) {
        java.util.regex.Matcher m = PLAN_ROWS.matcher(plan);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : Long.MAX_VALUE;
    }

    private static final java.util.regex.Pattern PLAN_ROWS =
            java.util.regex.Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

    @Override
    public String nullSafeEquals(String a, String b, String zero) {
        // IS NOT DISTINCT FROM is no hash-join clause here: an append's repeated-row check and a file's duplicate check
        // nested-looped the 536,639 lines of the UCI Online Retail file for over 8 minutes
        return "((" + a + " IS NULL) = (" + b + " IS NULL) AND COALESCE(" + a + ", " + zero + ") = COALESCE(" + b + ", "
                + zero + "))";
    }

    /**
     * The same text DuckDB's {@code json_object} writes (compact, keys in order, {@code null} for a missing value), so
     * quarantined raw values read the same on both engines; {@code json_build_object} would space its separators and
     * stops at 50 keys.
     */
    @Override
    public String jsonObject(List<String> keys, List<String> values) {
        StringBuilder b = new StringBuilder("('{'");
        for (int i = 0; i < keys.size(); i++) {
            b.append(" || ")
                    .append(literal((i == 0 ? "" : ",") + Dialect.jsonString(keys.get(i)) + ":"))
                    .append(" || COALESCE(CAST(to_json(")
                    .append(values.get(i))
                    .append(") AS TEXT), 'null')");
        }
        return b.append(" || '}')").toString();
    }
}
