package io.stockroom.warehouse;

/**
 * The one seam where warehouse engines differ. Everything else writes portable SQL (ANSI CAST, no '::').
 * Only DuckDB exists today; PostgreSQL joins as a second implementation.
 */
public sealed interface Dialect permits DuckDbDialect {

    String name();

    /**
     * SQL that reads a UTF-8 delimited text file as one VARCHAR column per header, keeping unparseable lines
     * aside (ragged rows, broken quoting) with their line numbers.
     *
     * @param quotedNewlines some quoted values span lines: read serially, since a parallel scan can split them
     */
    default String readDelimitedText(String path, char delimiter, boolean gzip, java.util.List<String> header, boolean quotedNewlines) {
        return readDelimited(path, delimiter, gzip, header, java.util.Map.of(), quotedNewlines);
    }

    /**
     * The same read, with the engine typing the columns named in {@code types} (header -> SQL type) as it parses;
     * the others stay VARCHAR. A value that does not parse as its type makes its line a reject, like a ragged one.
     */
    String readDelimited(String path, char delimiter, boolean gzip, java.util.List<String> header, java.util.Map<String, String> types,
            boolean quotedNewlines);

    /** SQL that reads a Parquet file. */
    String readParquet(String path);

    /** Quotes an identifier that came from a contract (never from user input). */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A SQL string literal. */
    default String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
