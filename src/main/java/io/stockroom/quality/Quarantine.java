package io.stockroom.quality;

import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.SqlParameterValue;
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
    public long write(Connection c, String feedId, String dataset, ValidationOutcome outcome, List<String> headers)
            throws SQLException {
        return write(c, feedId, dataset, outcome, headers, false);
    }

    /**
     * @param feedFailed the feed failed its gate and loads nothing: every row it read is quarantined, the ones that
     *     passed their checks with the reason FEED_FAILED, so rows read = loaded + quarantined holds for it too
     */
    public long write(
            Connection c,
            String feedId,
            String dataset,
            ValidationOutcome outcome,
            List<String> headers,
            boolean feedFailed)
            throws SQLException {
        String sql =
                "INSERT INTO quarantine (feed_id, dataset, source_line, raw_values, reasons, quarantined_at) SELECT ?, ?, source_line, raw_values, reasons, ? FROM ("
                        + select(Dialect.of(c), outcome, headers, feedFailed) + ") q";
        return Sql.on(c)
                .sql(sql)
                .param(Sql.text(feedId))
                .param(Sql.text(dataset))
                .param(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(Instant.now())))
                .update();
    }

    /** A row that would be quarantined: its line, raw values and reasons (both JSON text). */
    public record Row(long sourceLine, String rawValues, String reasons) {}

    /** The first rows that would be quarantined, without writing anything. */
    public List<Row> sample(Connection c, ValidationOutcome outcome, List<String> headers, int limit)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM (" + select(Dialect.of(c), outcome, headers, false)
                        + ") q ORDER BY source_line LIMIT " + limit)) {
            while (r.next()) {
                rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3)));
            }
        }
        return rows;
    }

    /** SQL selecting (source_line, raw_values, reasons) of every row that cannot be loaded. */
    private static String select(Dialect dialect, ValidationOutcome outcome, List<String> headers, boolean feedFailed) {
        List<String> parts = new ArrayList<>();
        if (outcome.errorRows() > 0 || feedFailed && outcome.rowsStaged() > 0) {
            List<String> reasons = new ArrayList<>();
            for (Check check : outcome.plan().checks()) {
                if (outcome.failures().getOrDefault(check, 0L) == 0) {
                    continue;
                }
                String json = "{\"code\":" + Dialect.jsonString(check.code()) + ",\"column\":"
                        + (check.column() == null ? "null" : Dialect.jsonString(check.column())) + ",\"severity\":"
                        + Dialect.jsonString(check.severity().name().toLowerCase()) + ",\"message\":"
                        + Dialect.jsonString(check.rowMessage() == null ? check.message() : check.rowMessage()) + "}";
                reasons.add("CASE WHEN k." + check.flag() + " THEN " + namingLine(json, check) + " END");
            }
            String raw = dialect.jsonObject(
                    headers,
                    headers.stream().map(h -> "s." + CheckCompiler.quote(h)).toList());
            String own =
                    reasons.isEmpty() ? "'[]'" : "'[' || concat_ws(',', " + String.join(", ", reasons) + ") || ']'";
            parts.add("SELECT k.__line + 1 AS source_line, " + raw + " AS raw_values, "
                    + (feedFailed
                            ? "CASE WHEN k.__error THEN " + own + " ELSE " + CheckCompiler.literal(FEED_FAILED) + " END"
                            : own)
                    + " AS reasons FROM __chk k JOIN __stg s ON s.__line = k.__line"
                    + (feedFailed ? "" : " WHERE k.__error"));
        }
        if (outcome.malformedLines() > 0) {
            // A line too long for the engine reaches it as a stand-in (see the decoder's LongLines) or as the engine's
            // own
            // LINE SIZE OVER MAXIMUM: either way it is quarantined under its own code, not as a ragged line.
            String tooLong = "(starts_with(csv, 'LINE_TOO_LONG') OR problem LIKE '%LINE SIZE%')";
            parts.add(
                    "SELECT line AS source_line, "
                            + dialect.jsonObject(
                                    List.of("csv_line"), List.of("CASE WHEN " + tooLong + " THEN NULL ELSE csv END"))
                            + " AS raw_values, "
                            + "CASE WHEN " + tooLong
                            + " THEN '[{\"code\":\"LINE_TOO_LONG\",\"column\":null,\"severity\":\"error\",\"message\":\"the line is longer "
                            + "than 2,000,000 bytes, which no row of a retail export is; it was not read (it is kept in the raw lake): check the export, "
                            + "e.g. a missing line break or an unclosed quote\"}]' "
                            + "ELSE '[{\"code\":\"MALFORMED_ROW\",\"column\":null,\"severity\":\"error\",\"message\":' || to_json(problem || ': the line does not split "
                            + "into the header''s columns; check quoting and delimiters on that line') || '}]' END AS reasons "
                            + "FROM (SELECT line, MIN(csv_line) AS csv, string_agg(DISTINCT error_type, ', ') AS problem FROM stockroom_reject_errors GROUP BY line) e");
        }
        if (parts.isEmpty()) {
            return "SELECT CAST(NULL AS BIGINT) AS source_line, CAST(NULL AS VARCHAR) AS raw_values, CAST(NULL AS VARCHAR) AS reasons WHERE FALSE";
        }
        return String.join(" UNION ALL ", parts);
    }

    /**
     * The reason as SQL text: a message naming another line of the file gets that row's line in place of {@code {line}}
     * (a line number needs no JSON escaping), one naming the row's value its raw value of the check's column in place of
     * {@code {value}} (escaped as in a JSON string).
     */
    private static String namingLine(String json, Check check) {
        if (check.rowMessage() == null) {
            return CheckCompiler.literal(json);
        }
        String line = "CAST(k." + CheckPlan.FIRST_LINE + " AS VARCHAR)";
        String quoted =
                "CAST(to_json(CAST(k." + CheckCompiler.quote("__raw_" + check.column()) + " AS VARCHAR)) AS VARCHAR)";
        String value = "substr(" + quoted + ", 2, length(" + quoted + ") - 2)";
        return Arrays.stream(json.split("\\{line}", -1))
                .map(part -> Arrays.stream(part.split("\\{value}", -1))
                        .map(CheckCompiler::literal)
                        .collect(Collectors.joining(" || " + value + " || ")))
                .collect(Collectors.joining(" || " + line + " || "));
    }

    private static final String FEED_FAILED =
            "[{\"code\":\"FEED_FAILED\",\"column\":null,\"severity\":\"error\",\"message\":\"this row passed its "
                    + "checks but was not loaded: too many other rows of the file failed (stockroom.quality.error-threshold), so the feed loaded nothing; "
                    + "fix those rows and send the file again\"}]";
}
