package io.stockroom.ingest;

import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.quality.Check;
import io.stockroom.quality.CheckPlan;
import io.stockroom.quality.HeaderMapping;
import io.stockroom.quality.ValidationOutcome;
import io.stockroom.warehouse.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The first rows of a staged file with the checks each cell fails, and unknown SKUs with their nearest products. */
public final class PreviewRows {

    private PreviewRows() {}

    public record Flag(String column, String header, String code, String severity, String message) {}

    public record Row(long line, Map<String, String> values, List<Flag> flags) {}

    public record Suggestion(String sku, String name, double score) {}

    /** @param nonMerchandise what the code is when it is a postage / fee / adjustment code (non_merchandise_codes), else null */
    public record UnknownSku(
            String sku, String description, long rows, List<Suggestion> suggestions, String nonMerchandise) {}

    /**
     * Products that could be the unknown code, by code and by name, never by a code against a name (that matched "POST"
     * to a deodorant): the same code once case and punctuation go (1.0); a code of 5+ characters one edit away (0.9,
     * halved when the file's description shares no word with the product's name); the description against the name by
     * shared words (Dice) or a near-identical spelling (Jaro-Winkler 0.9+). Below 0.5 is no suggestion. The distances and
     * the word Dice are the engine's (DuckDB built-ins and macros; PostgreSQL functions of the same names and results).
     */
    private static final String SUGGEST = """
            WITH q AS (SELECT lower(CAST(? AS VARCHAR)) AS code, lower(CAST(? AS VARCHAR)) AS descr),
            p AS (
                SELECT pr.sku, pr.name, q.descr,
                       CASE WHEN regexp_replace(lower(pr.sku), '[^a-z0-9]', '', 'g') = regexp_replace(q.code, '[^a-z0-9]', '', 'g') THEN 1.0
                            WHEN length(q.code) >= 5 AND levenshtein(lower(pr.sku), q.code) <= 1 THEN 0.9 ELSE 0.0 END AS code_score,
                       sr_word_dice(lower(COALESCE(pr.name, '')), COALESCE(q.descr, '')) AS dice,
                       CASE WHEN q.descr IS NULL OR pr.name IS NULL THEN 0.0 ELSE jaro_winkler_similarity(lower(pr.name), q.descr) END AS jw
                FROM products pr, q
                WHERE NOT pr.is_placeholder),
            s AS (
                SELECT sku, name, descr, code_score, jw, dice
                FROM p),
            scored AS (
                SELECT sku, name,
                       GREATEST(CASE WHEN descr IS NOT NULL AND dice = 0 AND code_score < 1 THEN code_score / 2 ELSE code_score END,
                                dice, CASE WHEN jw >= 0.9 THEN jw ELSE 0 END) AS score
                FROM s)
            SELECT sku, name, score FROM scored WHERE score >= 0.5 ORDER BY score DESC, sku LIMIT 3""";

    static List<Row> raw(Connection c, List<String> headers, int limit) throws SQLException {
        return read(c, "SELECT * FROM __stg ORDER BY __line LIMIT " + limit, headers, List.of(), Map.of());
    }

    static List<Row> flagged(
            Connection c, List<String> headers, HeaderMapping mapping, ValidationOutcome outcome, int limit)
            throws SQLException {
        List<Check> checks = outcome.plan().checks();
        String flags = checks.isEmpty()
                ? ""
                : ", " + checks.stream().map(k -> "k." + k.flag()).collect(Collectors.joining(", "))
                        + (checks.stream()
                                        .anyMatch(k -> k.rowMessage() != null
                                                && k.rowMessage().contains("{line}"))
                                ? ", k." + CheckPlan.FIRST_LINE
                                : "");
        return read(
                c,
                "SELECT s.*" + flags + " FROM __stg s JOIN __chk k ON k.__line = s.__line ORDER BY s.__line LIMIT "
                        + limit,
                headers,
                checks,
                mapping.columnToHeader());
    }

    private static List<Row> read(
            Connection c, String sql, List<String> headers, List<Check> checks, Map<String, String> columnToHeader)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String h : headers) {
                    values.put(h, r.getString(h));
                }
                List<Flag> flags = new ArrayList<>();
                for (Check k : checks) {
                    if (r.getBoolean(k.flag())) {
                        flags.add(new Flag(
                                k.column(),
                                k.column() == null ? null : columnToHeader.get(k.column()),
                                k.code(),
                                k.severity().name().toLowerCase(),
                                k.rowMessage() == null ? k.message() : rowMessage(k, r, values, columnToHeader)));
                    }
                }
                rows.add(new Row(r.getLong("__line") + 1, values, flags));
            }
        }
        return rows;
    }

    /** A check's message for one row: the line it repeats, or its value, in place of {line} and {value}. */
    private static String rowMessage(
            Check k, ResultSet r, Map<String, String> values, Map<String, String> columnToHeader) throws SQLException {
        String message = k.rowMessage();
        if (message.contains("{line}")) {
            message = message.replace("{line}", r.getString(CheckPlan.FIRST_LINE));
        }
        return message.replace("{value}", String.valueOf(values.get(columnToHeader.get(k.column()))));
    }

    /** SKUs the file names that products does not have, each with the three closest products by code and name. */
    static List<UnknownSku> unknownSkus(
            Connection c, Contract contract, HeaderMapping mapping, ValidationOutcome outcome, int limit)
            throws SQLException {
        Check unknown = outcome.plan().checks().stream()
                .filter(k -> "UNKNOWN_SKU".equals(k.code()))
                .findFirst()
                .orElse(null);
        if (unknown == null || outcome.failures().getOrDefault(unknown, 0L) == 0) {
            return List.of();
        }
        String description = contract.column("description")
                .or(() -> contract.column("name"))
                .map(ColumnSpec::name)
                .filter(n -> mapping.header(n).isPresent())
                .map(n -> "any_value(k.\"" + n + "\")")
                .orElse("CAST(NULL AS VARCHAR)");
        List<UnknownSku> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT k.sku, " + description + ", COUNT(*) FROM __chk k WHERE k."
                        + unknown.flag() + " GROUP BY k.sku ORDER BY COUNT(*) DESC, k.sku LIMIT " + limit)) {
            while (r.next()) {
                out.add(new UnknownSku(r.getString(1), r.getString(2), r.getLong(3), new ArrayList<>(), null));
            }
        }
        List<UnknownSku> answered = new ArrayList<>();
        JdbcClient jdbc = Sql.on(c);
        for (UnknownSku u : out) {
            String kind = jdbc.sql(
                            "SELECT kind || ': ' || description FROM non_merchandise_codes WHERE upper(code) = upper(?)")
                    .param(Sql.text(u.sku()))
                    .query((ResultSet r) -> Optional.ofNullable(r.next() ? r.getString(1) : null))
                    .orElse(null);
            if (kind != null) {
                // postage, fees and adjustments are not products: no product is offered for them
                answered.add(new UnknownSku(u.sku(), u.description(), u.rows(), List.of(), kind));
                continue;
            }
            jdbc.sql(SUGGEST)
                    .param(Sql.text(u.sku()))
                    .param(Sql.text(u.description() == null || u.description().isBlank() ? null : u.description()))
                    .query((ResultSet r) -> {
                        u.suggestions()
                                .add(new Suggestion(
                                        r.getString(1), r.getString(2), Math.round(r.getDouble(3) * 100) / 100.0));
                    });
            answered.add(u);
        }
        return answered;
    }
}
