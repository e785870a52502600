package io.stockroom.ingest;

import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.quality.CheckPlan;
import io.stockroom.warehouse.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a decoded file into the text staging table __stg (one VARCHAR column per header + __line) in the engine. */
final class Staging {

    private Staging() {}

    record Staged(List<String> headers, long malformedLines) {}

    static Staged stage(Connection c, Dialect dialect, DecodedFile file) throws SQLException {
        String path = file.readable().toAbsolutePath().toString();
        String source = file.parquet()
                ? "(SELECT CAST(COLUMNS(*) AS VARCHAR) FROM " + dialect.readParquet(path) + ")"
                : dialect.readDelimitedText(path, file.delimiter(), file.gzip(), file.header(), file.quotedNewlines());
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS stockroom_reject_errors");
            s.execute("DROP TABLE IF EXISTS stockroom_reject_scans");
            s.execute("CREATE OR REPLACE TEMP TABLE " + CheckPlan.STAGING + " AS SELECT row_number() OVER () AS " + CheckPlan.LINE + ", * FROM " + source);
        }
        List<String> headers = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("DESCRIBE " + CheckPlan.STAGING)) {
            while (r.next()) {
                String name = r.getString(1);
                // the JSON converter's marker column is read by the checks, never shown, mapped or kept as a raw value
                if (!CheckPlan.LINE.equals(name) && !CheckPlan.NESTED.equals(name)) {
                    headers.add(name);
                }
            }
        }
        long malformed = 0;
        if (!file.parquet()) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(DISTINCT line) FROM stockroom_reject_errors")) {
                r.next();
                malformed = r.getLong(1);
            } catch (SQLException noRejectTable) {
                malformed = 0;
            }
        }
        if (malformed > 0) {
            renumberAroundRejects(c);
        }
        return new Staged(headers, malformed);
    }

    /**
     * The staged rows are numbered in file order but only among themselves, so after a rejected line every row's
     * number was one short per reject before it. The j-th rejected line (its file line r_j) has r_j - j - 1 staged rows
     * before it; a staged row moves down by the rejects that precede it. (A record whose quoted value spans lines
     * still counts as one line.)
     */
    private static void renumberAroundRejects(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE __rejected AS SELECT line - row_number() OVER (ORDER BY line) - 1 AS staged_before "
                    + "FROM (SELECT DISTINCT line FROM stockroom_reject_errors)");
            s.execute("UPDATE " + CheckPlan.STAGING + " SET " + CheckPlan.LINE + " = " + CheckPlan.LINE + " + (SELECT COUNT(*) FROM __rejected WHERE staged_before < "
                    + CheckPlan.STAGING + "." + CheckPlan.LINE + ")");
            s.execute("DROP TABLE __rejected");
        }
    }
}
