package io.stockroom.warehouse;

/** DuckDB: files are read by the engine itself, in parallel, straight into staging. */
public final class DuckDbDialect implements Dialect {

    /** The longest line the engine reads; the decoder replaces longer ones by a stand-in that it rejects (LINE_TOO_LONG). */
    static final long MAX_LINE_BYTES = 2_000_000;

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
}
