package io.stockroom.ingest;

import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.quality.Check;
import io.stockroom.quality.HeaderMapping;
import io.stockroom.quality.ValidationOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The first rows of a staged file with the checks each cell fails, and unknown SKUs with their nearest products. */
public final class PreviewRows {

    private PreviewRows() {}

    public record Flag(String column, String header, String code, String severity, String message) {}

    public record Row(long line, Map<String, String> values, List<Flag> flags) {}

    public record Suggestion(String sku, String name, double score) {}

    public record UnknownSku(String sku, String description, long rows, List<Suggestion> suggestions) {}

    static List<Row> raw(Connection c, List<String> headers, int limit) throws SQLException {
        return read(c, "SELECT * FROM __stg ORDER BY __line LIMIT " + limit, headers, List.of(), Map.of());
    }

    static List<Row> flagged(Connection c, List<String> headers, HeaderMapping mapping, ValidationOutcome outcome, int limit) throws SQLException {
        List<Check> checks = outcome.plan().checks();
        String flags = checks.isEmpty() ? "" : ", " + checks.stream().map(k -> "k." + k.flag()).collect(Collectors.joining(", "));
        return read(c, "SELECT s.*" + flags + " FROM __stg s JOIN __chk k ON k.__line = s.__line ORDER BY s.__line LIMIT " + limit, headers, checks,
                mapping.columnToHeader());
    }

    private static List<Row> read(Connection c, String sql, List<String> headers, List<Check> checks, Map<String, String> columnToHeader) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String h : headers) {
                    values.put(h, r.getString(h));
                }
                List<Flag> flags = new ArrayList<>();
                for (Check k : checks) {
                    if (r.getBoolean(k.flag())) {
                        flags.add(new Flag(k.column(), k.column() == null ? null : columnToHeader.get(k.column()), k.code(),
                                k.severity().name().toLowerCase(), k.message()));
                    }
                }
                rows.add(new Row(r.getLong("__line") + 1, values, flags));
            }
        }
        return rows;
    }

    /** SKUs the file names that products does not have, each with the three closest products by code and name. */
    static List<UnknownSku> unknownSkus(Connection c, Contract contract, HeaderMapping mapping, ValidationOutcome outcome, int limit) throws SQLException {
        Check unknown = outcome.plan().checks().stream().filter(k -> "UNKNOWN_SKU".equals(k.code())).findFirst().orElse(null);
        if (unknown == null || outcome.failures().getOrDefault(unknown, 0L) == 0) {
            return List.of();
        }
        String description = contract.column("description").or(() -> contract.column("name")).map(ColumnSpec::name)
                .filter(n -> mapping.header(n).isPresent()).map(n -> "any_value(k.\"" + n + "\")").orElse("CAST(NULL AS VARCHAR)");
        List<UnknownSku> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT k.sku, " + description + ", COUNT(*) FROM __chk k WHERE k." + unknown.flag()
                + " GROUP BY k.sku ORDER BY COUNT(*) DESC, k.sku LIMIT " + limit)) {
            while (r.next()) {
                out.add(new UnknownSku(r.getString(1), r.getString(2), r.getLong(3), new ArrayList<>()));
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT sku, name, GREATEST(jaro_winkler_similarity(lower(sku), lower(?)), "
                + "COALESCE(jaro_winkler_similarity(lower(name), lower(?)), 0)) AS score FROM products WHERE NOT is_placeholder ORDER BY score DESC, sku LIMIT 3")) {
            for (UnknownSku u : out) {
                p.setString(1, u.sku());
                p.setString(2, u.description() == null ? u.sku() : u.description());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        u.suggestions().add(new Suggestion(r.getString(1), r.getString(2), Math.round(r.getDouble(3) * 100) / 100.0));
                    }
                }
            }
        }
        return out;
    }
}
