package io.stockroom.warehouse;

/** DuckDB: files are read by the engine itself, in parallel, straight into staging. */
public final class DuckDbDialect implements Dialect {

    static final DuckDbDialect INSTANCE = new DuckDbDialect();

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String readDelimited(String path, char delimiter, boolean gzip, java.util.List<String> header, java.util.Map<String, String> types,
            boolean quotedNewlines) {
        StringBuilder columns = new StringBuilder("{");
        for (int i = 0; i < header.size(); i++) {
            columns.append(i == 0 ? "" : ", ").append(literal(header.get(i))).append(": ")
                    .append(literal(types.getOrDefault(header.get(i), "VARCHAR")));
        }
        columns.append('}');
        return "read_csv(" + literal(path)
                + ", delim = " + literal(String.valueOf(delimiter))
                + ", quote = '\"', escape = '\"', header = true, auto_detect = false, columns = " + columns
                + ", store_rejects = true, rejects_scan = 'stockroom_reject_scans', rejects_table = 'stockroom_reject_errors'"
                + ", compression = " + (gzip ? "'gzip'" : "'none'")
                + (quotedNewlines ? ", parallel = false" : "")
                + ")";
    }

    @Override
    public String readParquet(String path) {
        return "read_parquet(" + literal(path) + ")";
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
    public Staged stage(java.sql.Connection c, String table, String lineColumn, TextFile file) throws java.sql.SQLException {
        String path = file.path().toAbsolutePath().toString();
        String source = file.parquet()
                ? "(SELECT CAST(COLUMNS(*) AS VARCHAR) FROM " + readParquet(path) + ")"
                : readDelimitedText(path, file.delimiter(), file.gzip(), file.header(), file.quotedNewlines());
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS stockroom_reject_errors");
            s.execute("DROP TABLE IF EXISTS stockroom_reject_scans");
            s.execute("CREATE OR REPLACE TEMP TABLE " + table + " AS SELECT row_number() OVER () AS " + lineColumn + ", * FROM " + source);
        }
        java.util.List<String> headers = new java.util.ArrayList<>();
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery("DESCRIBE " + table)) {
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
        return new Staged(headers, malformed);
    }

    @Override
    public void createTempTable(java.sql.Connection c, String name, String query) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE " + name + " AS " + query);
        }
    }

    @Override
    public String castOrNull(String expression, String sqlType) {
        return "TRY_CAST(" + expression + " AS " + sqlType + ")";
    }

    @Override
    public String jsonObject(java.util.List<String> keys, java.util.List<String> values) {
        StringBuilder b = new StringBuilder("CAST(json_object(");
        for (int i = 0; i < keys.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(literal(keys.get(i))).append(", ").append(values.get(i));
        }
        return b.append(") AS VARCHAR)").toString();
    }

    @Override
    public java.util.Map<String, Long> deleteCountingByFeed(java.sql.Connection c, String table, String alias, String condition)
            throws java.sql.SQLException {
        java.util.Map<String, Long> replaced = new java.util.LinkedHashMap<>();
        try (java.sql.Statement s = c.createStatement()) {
            // one join finds the rows to replace; counting and deleting them then read that small list, not the table again
            s.execute("CREATE OR REPLACE TEMP TABLE __replaced AS SELECT " + alias + ".rowid AS rid, " + alias + ".feed_id FROM " + table + " " + alias
                    + " WHERE " + condition);
            try (java.sql.ResultSet r = s.executeQuery("SELECT feed_id, COUNT(*) FROM __replaced GROUP BY feed_id ORDER BY 2 DESC")) {
                while (r.next()) {
                    replaced.put(r.getString(1), r.getLong(2));
                }
            }
            if (!replaced.isEmpty()) {
                s.execute("DELETE FROM " + table + " WHERE rowid IN (SELECT rid FROM __replaced)");
            }
            s.execute("DROP TABLE __replaced");
        }
        return replaced;
    }
}
