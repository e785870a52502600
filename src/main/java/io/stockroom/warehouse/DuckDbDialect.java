package io.stockroom.warehouse;

/** DuckDB: files are read by the engine itself, in parallel, straight into staging. */
public final class DuckDbDialect implements Dialect {

    static final DuckDbDialect INSTANCE = new DuckDbDialect();

    /** The longest line the engine reads; the decoder replaces longer ones by a stand-in that it rejects (LINE_TOO_LONG). */
    static final long MAX_LINE_BYTES = 2_000_000;

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String readDelimited(
            String path,
            char delimiter,
            boolean gzip,
            java.util.List<String> header,
            java.util.Map<String, String> types,
            boolean quotedNewlines) {
        StringBuilder columns = new StringBuilder("{");
        for (int i = 0; i < header.size(); i++) {
            columns.append(i == 0 ? "" : ", ")
                    .append(literal(header.get(i)))
                    .append(": ")
                    .append(literal(types.getOrDefault(header.get(i), "VARCHAR")));
        }
        columns.append('}');
        return "read_csv(" + literal(literalPath(path))
                + ", delim = " + literal(String.valueOf(delimiter))
                + ", quote = '\"', escape = '\"', header = true, auto_detect = false, columns = " + columns
                + ", max_line_size = " + MAX_LINE_BYTES
                + ", store_rejects = true, rejects_scan = 'stockroom_reject_scans', rejects_table = 'stockroom_reject_errors'"
                + ", compression = " + (gzip ? "'gzip'" : "'none'")
                + (quotedNewlines ? ", parallel = false" : "")
                + ")";
    }

    @Override
    public String readParquet(String path) {
        return "read_parquet(" + literal(literalPath(path)) + ")";
    }

    /**
     * The engine reads every file argument as a glob pattern: a file named {@code sales_x*.csv} would also read
     * {@code sales_xa.csv} beside it, {@code sales_[1].csv} would read {@code sales_1.csv} instead. Each pattern
     * character is written as a one-character class ({@code [*]}), which matches only itself, so a path is always
     * the one file it names.
     */
    static String literalPath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch == '*' || ch == '?' || ch == '[' || ch == '{' || ch == '}') {
                out.append('[').append(ch).append(']');
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    @Override
    public void prepare(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            for (String m : SqlScripts.split(macroScript())) {
                s.execute(m);
            }
        }
    }

    @Override
    public String macroScript() {
        return SqlScripts.resource("/quality/duckdb-macros.sql");
    }

    @Override
    public boolean readsFilesTyped() {
        return true;
    }

    @Override
    public Staged stage(java.sql.Connection c, String table, String lineColumn, TextFile file)
            throws java.sql.SQLException {
        String path = file.path().toAbsolutePath().toString();
        String source = file.parquet()
                ? "(SELECT CAST(COLUMNS(*) AS VARCHAR) FROM " + readParquet(path) + ")"
                : readDelimitedText(path, file.delimiter(), file.gzip(), file.header(), file.quotedNewlines());
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS stockroom_reject_errors");
            s.execute("DROP TABLE IF EXISTS stockroom_reject_scans");
            s.execute("CREATE OR REPLACE TEMP TABLE " + table + " AS SELECT row_number() OVER () AS " + lineColumn
                    + ", * FROM " + source);
        }
        java.util.List<String> headers = new java.util.ArrayList<>();
        try (java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("DESCRIBE " + table)) {
            while (r.next()) {
                String name = r.getString(1);
                if (!lineColumn.equals(name)) {
                    headers.add(name);
                }
            }
        }
        long malformed = 0;
        if (!file.parquet()) {
            try (java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet r = s.executeQuery("SELECT COUNT(DISTINCT line) FROM stockroom_reject_errors")) {
                r.next();
                malformed = r.getLong(1);
            } catch (java.sql.SQLException noRejectTable) {
                malformed = 0;
            }
        }
        if (malformed > 0) {
            renumberAroundRejects(c, table, lineColumn);
        }
        return new Staged(headers, malformed);
    }

    /**
     * The staged rows are numbered in file order but only among themselves, so after a rejected line every row's
     * number was one short per reject before it. The j-th rejected line (its file line r_j) has r_j - j - 1 staged rows
     * before it; a staged row moves down by the rejects that precede it. (A record whose quoted value spans lines
     * still counts as one line.)
     */
    private static void renumberAroundRejects(java.sql.Connection c, String table, String lineColumn)
            throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(
                    "CREATE OR REPLACE TEMP TABLE __rejected AS SELECT line - row_number() OVER (ORDER BY line) - 1 AS staged_before "
                            + "FROM (SELECT DISTINCT line FROM stockroom_reject_errors)");
            s.execute("UPDATE " + table + " SET " + lineColumn + " = " + lineColumn
                    + " + (SELECT COUNT(*) FROM __rejected WHERE staged_before < " + table + "." + lineColumn + ")");
            s.execute("DROP TABLE __rejected");
        }
    }

    @Override
    public long copyCsv(java.sql.Connection c, String table, java.nio.file.Path file) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            return s.executeLargeUpdate(
                    "COPY " + table + " FROM " + literal(literalPath(file.toString())) + " (HEADER, DELIMITER ',')");
        }
    }

    /** The appender: values go into DuckDB's vectors as they are (a CSV of the same rows costs ~3× in text alone). */
    @Override
    public long loadRows(java.sql.Connection c, String table, java.util.List<String> columns, BulkRows rows)
            throws java.sql.SQLException {
        long[] count = {0};
        if (!c.getAutoCommit()) {
            // the driver begins the caller's transaction at its next statement, and an appender is not one: without a
            // statement first, the appended rows would commit on their own even if the caller then rolls back
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        }
        Long temporaries = Sql.on(c)
                .sql("SELECT COUNT(*) FROM duckdb_tables() WHERE temporary AND table_name = ?")
                .param(table)
                .query(Long.class)
                .single();
        boolean temporary = temporaries != null && temporaries > 0;
        org.duckdb.DuckDBConnection duck = c.unwrap(org.duckdb.DuckDBConnection.class);
        // a temp table of the connection (it shadows a table of the same name, as in a query) lives in catalog "temp"
        try (org.duckdb.DuckDBAppender a =
                temporary ? duck.createAppender("temp", "main", table) : duck.createAppender(c.getSchema(), table)) {
            rows.writeTo(new BulkRows.Sink() {
                private boolean open;

                private org.duckdb.DuckDBAppender row() throws java.sql.SQLException {
                    if (!open) {
                        a.beginRow();
                        open = true;
                    }
                    return a;
                }

                @Override
                public BulkRows.Sink text(String value) throws java.sql.SQLException {
                    row().append(value);
                    return this;
                }

                @Override
                public BulkRows.Sink number(Double value) throws java.sql.SQLException {
                    if (value == null) {
                        row().appendNull();
                    } else {
                        row().append(value.doubleValue());
                    }
                    return this;
                }

                @Override
                public BulkRows.Sink integer(int value) throws java.sql.SQLException {
                    row().append(value);
                    return this;
                }

                @Override
                public BulkRows.Sink bool(boolean value) throws java.sql.SQLException {
                    row().append(value);
                    return this;
                }

                @Override
                public BulkRows.Sink date(java.time.LocalDate value) throws java.sql.SQLException {
                    if (value == null) {
                        row().appendNull();
                    } else {
                        row().append(value);
                    }
                    return this;
                }

                @Override
                public BulkRows.Sink numbers(double[] values) throws java.sql.SQLException {
                    if (values == null) {
                        row().appendNull();
                    } else {
                        row().append(values);
                    }
                    return this;
                }

                @Override
                public BulkRows.Sink bytes(byte[] value) throws java.sql.SQLException {
                    row().append(value); // into a BLOB column the bytes as they are (appendByteArray: a TINYINT[])
                    return this;
                }

                @Override
                public void endRow() throws java.sql.SQLException {
                    row().endRow();
                    open = false;
                    count[0]++;
                }
            });
        }
        return count[0];
    }

    @Override
    public void createTempTable(java.sql.Connection c, String name, String query) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE " + name + " AS " + query);
        }
    }

    /**
     * DuckDB's TRY_CAST behind a screen, so that it reads exactly the forms PostgreSQL's {@code sr_try_*} functions read
     * (warehouse/postgres/functions.sql) and a file loads alike on both engines. On its own TRY_CAST also reads
     * {@code 1_000} and {@code 0x1F} as numbers, rounds {@code 2.5} into a whole number, and reads {@code epoch},
     * {@code infinity} and year 0 as dates; those are left to the general parsers, which quarantine them. Cheap
     * screens (contains, translate) rather than a regular expression: this runs on every value of a plain column.
     */
    @Override
    public String castOrNull(String expression, String sqlType) {
        String type = sqlType.toUpperCase(java.util.Locale.ROOT).replace(" ", "");
        String e = expression;
        if (type.startsWith("DECIMAL") || type.startsWith("NUMERIC")) {
            return "TRY_CAST(CASE WHEN NOT contains(" + e + ", '_') THEN " + e + " END AS " + sqlType + ")";
        }
        return switch (type) {
            case "BIGINT", "INTEGER", "INT", "SMALLINT" ->
                "TRY_CAST(CASE WHEN translate(" + e + ", '_xXbBoOeE.', '') = " + e + " THEN " + e + " END AS " + sqlType
                        + ")";
            case "DOUBLE", "DOUBLEPRECISION" ->
                "CAST(TRY_CAST(CASE WHEN NOT contains(" + e + ", '_') THEN " + e + " END AS DECIMAL(18,4)) AS DOUBLE)";
            case "DATE" ->
                "TRY_CAST(CASE WHEN translate(" + e + ", ' 0123456789', '') = '--' AND " + isoYear(e) + " THEN " + e
                        + " END AS DATE)";
            case "TIMESTAMP" ->
                "TRY_CAST(CASE WHEN translate(" + e + ", ' 0123456789', '') IN ("
                        + "'--', '--:', '--::', '--::.', '--T:', '--T::', '--T::.', "
                        + "'--Z', '--:Z', '--::Z', '--::.Z', '--T:Z', '--T::Z', '--T::.Z') AND " + isoYear(e) + " THEN "
                        + e + " END AS TIMESTAMP)";
            default -> "TRY_CAST(" + e + " AS " + sqlType + ")";
        };
    }

    /**
     * ICU's TIMESTAMPTZ (built into the embedded engine, no extension to download) reads the offset; the cheap screen
     * (a Z, a plus, or a third minus) spares the regular expression the plain values of a column.
     */
    @Override
    public String zonedTimestampOrNull(String expression, java.time.ZoneId zone) {
        String e = expression;
        String instant = "TRY_CAST(CASE WHEN (contains(" + e + ", 'Z') OR contains(" + e + ", '+') OR strlen(" + e
                + ") - strlen(replace(" + e + ", '-', '')) > 2) AND regexp_full_match(" + e + ", "
                + literal(OFFSET_TIMESTAMP) + ") AND NOT starts_with(trim(" + e + "), '0000') THEN " + e
                + " END AS TIMESTAMPTZ)";
        return Dialect.wallClock(instant, zone, "timezone(%2$s, %1$s)", "(%s + INTERVAL (%d) SECOND)");
    }

    /**
     * The default read, with each TIMESTAMP column read as text and cast here: a value written with a UTC offset or Z
     * stops the read (the engine's own typed read would drop the offset), and the general path stores it in the
     * retailer's zone ({@link #zonedTimestampOrNull}).
     */
    @Override
    public TypedRead readTyped(
            java.sql.Connection c,
            TextFile file,
            java.util.Map<String, String> types,
            java.util.List<String> keyHeaders)
            throws java.sql.SQLException {
        java.util.Map<String, String> asText = new java.util.LinkedHashMap<>(types);
        asText.replaceAll((h, t) -> t.equalsIgnoreCase("TIMESTAMP") ? "VARCHAR" : t);
        if (asText.equals(types)) {
            return Dialect.super.readTyped(c, file, types, keyHeaders);
        }
        java.util.List<String> columns = new java.util.ArrayList<>();
        for (String h : file.header()) {
            String v = "r." + quote(h);
            columns.add((types.getOrDefault(h, "VARCHAR").equalsIgnoreCase("TIMESTAMP")
                            ? "CAST(CASE WHEN " + v + " IS NULL OR translate(" + v + ", ' 0123456789', '') IN ('--', "
                                    + "'--:', '--::', '--::.', '--T:', '--T::', '--T::.') THEN " + v
                                    + " ELSE error('not a plain timestamp without an offset: ' || " + v
                                    + ") END AS TIMESTAMP)"
                            : v)
                    + " AS " + quote(h));
        }
        return new TypedRead(
                "(SELECT " + String.join(", ", columns) + " FROM "
                        + readDelimited(
                                file.path().toAbsolutePath().toString(),
                                file.delimiter(),
                                file.gzip(),
                                file.header(),
                                asText,
                                file.quotedNewlines())
                        + " r)",
                false);
    }

    /** A year of four digits, not 0000 (PostgreSQL has no year 0). */
    private static String isoYear(String e) {
        return "strpos(trim(" + e + "), '-') = 5 AND NOT starts_with(trim(" + e + "), '0000')";
    }

    @Override
    public String jsonObject(java.util.List<String> keys, java.util.List<String> values) {
        StringBuilder b = new StringBuilder("CAST(json_object(");
        for (int i = 0; i < keys.size(); i++) {
            b.append(i == 0 ? "" : ", ")
                    .append(literal(keys.get(i)))
                    .append(", ")
                    .append(values.get(i));
        }
        return b.append(") AS VARCHAR)").toString();
    }

    @Override
    public java.util.Map<String, Replaced> deleteCountingByFeed(
            java.sql.Connection c, String table, String alias, String dateColumn, String condition)
            throws java.sql.SQLException {
        java.util.Map<String, Replaced> replaced;
        try (java.sql.Statement s = c.createStatement()) {
            // one join finds the rows to replace; counting and deleting them then read that small list, not the table
            // again
            s.execute("CREATE OR REPLACE TEMP TABLE __replaced AS SELECT " + alias + ".rowid AS rid, " + alias
                    + ".load_seq, " + alias + "." + quote(dateColumn) + " AS d FROM " + table + " " + alias + " WHERE "
                    + condition);
            try (java.sql.ResultSet r = s.executeQuery("SELECT l.feed_id, d.d, COUNT(*) FROM __replaced d"
                    + " LEFT JOIN fact_loads l ON l.load_seq = d.load_seq GROUP BY l.feed_id, d.d")) {
                replaced = Dialect.replacedByFeed(r);
            }
            if (!replaced.isEmpty()) {
                s.execute("DELETE FROM " + table + " WHERE rowid IN (SELECT rid FROM __replaced)");
            }
            s.execute("DROP TABLE __replaced");
        }
        return replaced;
    }
}
