package io.stockroom.ingest.format;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a decoded file back with DuckDB the way ingest stages it: every column VARCHAR, named from
 * {@link DecodedFile#header()}, no type sniffing, rejects stored instead of failing, single-threaded when a quoted
 * value spans lines.
 */
final class EngineReader {

    /** What the engine read: column names, rows (nulls for empty values) and how many lines it rejected. */
    record Table(List<String> columns, List<List<String>> rows, long rejects) {
        List<String> column(String name) {
            int i = columns.indexOf(name);
            if (i < 0) {
                throw new AssertionError("no column " + name + " in " + columns);
            }
            return rows.stream().map(r -> r.get(i)).toList();
        }
    }

    private EngineReader() {}

    static String readCsvCall(DecodedFile f) {
        String columns =
                f.header().stream().map(h -> quote(h) + ": 'VARCHAR'").collect(Collectors.joining(", ", "{", "}"));
        return "read_csv(" + quote(f.readable().toString())
                + ", delim=" + quote(String.valueOf(f.delimiter()))
                + ", header=true, quote='\"', escape='\"', auto_detect=false"
                + ", compression=" + (f.gzip() ? "'gzip'" : "'none'")
                + ", columns=" + columns
                + ", store_rejects=true"
                + (f.quotedNewlines() ? ", parallel=false" : "") + ")";
    }

    static Table read(DecodedFile f) {
        String from = f.parquet() ? "read_parquet(" + quote(f.readable().toString()) + ")" : readCsvCall(f);
        return query("SELECT * FROM " + from, !f.parquet());
    }

    /** DuckDB's own sniffer with the decoder's delimiter: what the engine makes of the header by itself. */
    static List<String> autoDetectedColumns(DecodedFile f) {
        String sql = "SELECT * FROM read_csv(" + quote(f.readable().toString()) + ", delim="
                + quote(String.valueOf(f.delimiter()))
                + ", header=true, all_varchar=true, quote='\"', escape='\"', compression="
                + (f.gzip() ? "'gzip'" : "'none'")
                + ") LIMIT 0";
        return query(sql, false).columns();
    }

    static Table query(String sql, boolean countRejects) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            List<String> columns = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                ResultSetMetaData m = r.getMetaData();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    columns.add(m.getColumnName(i));
                }
                while (r.next()) {
                    List<String> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(r.getString(i));
                    }
                    rows.add(row);
                }
            }
            long rejects = 0;
            if (countRejects) {
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT count(*) FROM reject_errors")) {
                    r.next();
                    rejects = r.getLong(1);
                }
            }
            return new Table(columns, rows, rejects);
        } catch (SQLException e) {
            throw new AssertionError("DuckDB could not read it: " + sql, e);
        }
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("DuckDB could not run: " + sql, e);
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
