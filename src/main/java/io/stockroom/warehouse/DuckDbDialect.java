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
        return "read_csv(" + literal(path)
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
        return "read_parquet(" + literal(path) + ")";
    }
}
