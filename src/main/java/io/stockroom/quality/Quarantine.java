package io.stockroom.quality;

import io.stockroom.warehouse.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Writes every row that cannot be loaded to the quarantine table: the row as received, its line, and every
 * reason it failed. Set-based, from the checked table; nothing is silently dropped.
 */
@Component
public class Quarantine {

    /**
     * @param headers the staged file's headers (the raw values are kept under these names)
     * @return rows quarantined
     */
    public long write(Connection c, String feedId, String dataset, ValidationOutcome outcome, List<String> headers) throws SQLException {
        String sql = "INSERT INTO quarantine (feed_id, dataset, source_line, raw_values, reasons, quarantined_at) SELECT ?, ?, source_line, raw_values, reasons, ? FROM ("
                + select(Dialect.of(c), outcome, headers) + ") q";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, feedId);
            p.setString(2, dataset);
            p.setTimestamp(3, Timestamp.from(Instant.now()));
            return p.executeUpdate();
        }
    }

    /** A row that would be quarantined: its line, raw values and reasons (both JSON text). */
    public record Row(long sourceLine, String rawValues, String reasons) {}

    /** The first rows that would be quarantined, without writing anything. */
    public List<Row> sample(Connection c, ValidationOutcome outcome, List<String> headers, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM (" + select(Dialect.of(c), outcome, headers) + ") q ORDER BY source_line LIMIT " + limit)) {
            while (r.next()) {
                rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3)));
            }
        }
        return rows;
    }

    /** SQL selecting (source_line, raw_values, reasons) of every row that cannot be loaded. */
    private static String select(Dialect dialect, ValidationOutcome outcome, List<String> headers) {
        List<String> parts = new ArrayList<>();
        if (outcome.errorRows() > 0) {
            List<String> reasons = new ArrayList<>();
            for (Check check : outcome.plan().checks()) {
                if (outcome.failures().getOrDefault(check, 0L) == 0) {
                    continue;
                }
                String json = "{\"code\":" + jsonString(check.code()) + ",\"column\":" + (check.column() == null ? "null" : jsonString(check.column()))
                        + ",\"severity\":" + jsonString(check.severity().name().toLowerCase()) + ",\"message\":" + jsonString(check.message()) + "}";
                reasons.add("CASE WHEN k." + check.flag() + " THEN " + CheckCompiler.literal(json) + " END");
            }
            String raw = dialect.jsonObject(headers, headers.stream().map(h -> "s." + CheckCompiler.quote(h)).toList());
            parts.add("SELECT k.__line + 1 AS source_line, " + raw + " AS raw_values, '[' || concat_ws(',', "
                    + String.join(", ", reasons) + ") || ']' AS reasons FROM __chk k JOIN __stg s ON s.__line = k.__line WHERE k.__error");
        }
        if (outcome.malformedLines() > 0) {
            parts.add("SELECT line AS source_line, " + dialect.jsonObject(List.of("csv_line"), List.of("csv")) + " AS raw_values, "
                    + "'[{\"code\":\"MALFORMED_ROW\",\"column\":null,\"severity\":\"error\",\"message\":' || to_json(problem || ': the line does not split "
                    + "into the header''s columns; check quoting and delimiters on that line') || '}]' AS reasons "
                    + "FROM (SELECT line, MIN(csv_line) AS csv, string_agg(DISTINCT error_type, ', ') AS problem FROM stockroom_reject_errors GROUP BY line) e");
        }
        if (parts.isEmpty()) {
            return "SELECT CAST(NULL AS BIGINT) AS source_line, CAST(NULL AS VARCHAR) AS raw_values, CAST(NULL AS VARCHAR) AS reasons WHERE FALSE";
        }
        return String.join(" UNION ALL ", parts);
    }

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
}
