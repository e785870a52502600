package io.stockroom.ingest;

import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.quality.CheckPlan;
import io.stockroom.warehouse.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Reads a decoded file into the text staging table __stg (one VARCHAR column per header + __line): the engine's operation. */
final class Staging {

    private Staging() {}

    /** @param emptyLines the file lines that held nothing but delimiters (and blanks), skipped, in file order */
    record Staged(List<String> headers, long malformedLines, List<Long> emptyLines) {}

    static Staged stage(Connection c, Dialect dialect, DecodedFile file) throws SQLException {
        Dialect.Staged staged = dialect.stage(
                c,
                CheckPlan.STAGING,
                CheckPlan.LINE,
                new Dialect.TextFile(
                        file.readable(),
                        file.delimiter(),
                        file.gzip(),
                        file.header(),
                        file.quotedNewlines(),
                        file.parquet()));
        // the JSON converter's marker column is read by the checks, never shown, mapped or kept as a raw value
        List<String> headers = staged.headers().stream()
                .filter(h -> !CheckPlan.NESTED.equals(h))
                .toList();
        return new Staged(headers, staged.malformedLines(), skipEmptyRows(c, dialect, headers));
    }

    /**
     * Removes the rows whose every cell is empty ({@code ,,,,,,}: what a spreadsheet leaves below its data when rows
     * are cleared, not deleted) as the engine skips a blank line: checked, each would be a row of missing values and
     * a duplicate of the others, and a few of them fail a small file. Returns their lines (as quarantine counts
     * lines, the header being line 1) for the feed to name.
     */
    private static List<Long> skipEmptyRows(Connection c, Dialect dialect, List<String> headers) throws SQLException {
        if (headers.isEmpty()) {
            return List.of();
        }
        String empty = headers.stream()
                .map(h -> "COALESCE(trim(" + dialect.quote(h) + "), '') = ''")
                .collect(java.util.stream.Collectors.joining(" AND "));
        List<Long> lines = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + CheckPlan.LINE + " + 1 FROM " + CheckPlan.STAGING + " WHERE "
                        + empty + " ORDER BY 1")) {
            while (r.next()) {
                lines.add(r.getLong(1));
            }
        }
        if (!lines.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + CheckPlan.STAGING + " WHERE " + empty);
            }
        }
        return List.copyOf(lines);
    }
}
