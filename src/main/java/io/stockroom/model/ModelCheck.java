package io.stockroom.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test declared in a model header ({@code -- tests: ...}). Each kind compiles to one SQL query over the
 * model's table that counts the rows breaking it. Identifiers come from model files shipped with Stockroom,
 * and are still checked to be plain names.
 */
sealed interface ModelCheck {

    /** The test as written, e.g. {@code unique(business_date, store_id)}. */
    String text();

    /** SQL returning one row: the failing row count, or for a reconciliation the two totals. */
    default String sql(String table) {
        return sql(table, null);
    }

    /**
     * The same over only the rows matching {@code rows}, a condition on the date column (null: every row). A
     * reconciliation applies it to its source too, so the caller passes it only when the source has that column.
     */
    String sql(String table, String rows);

    private static String and(String rows) {
        return rows == null ? "" : "(" + rows + ") AND ";
    }

    /** Every listed column is non-null on every row. */
    record NotNull(String text, List<String> columns) implements ModelCheck {
        @Override
        public String sql(String table, String rows) {
            return "SELECT COUNT(*) FROM " + table + " WHERE " + and(rows) + "("
                    + String.join(
                            " OR ", columns.stream().map(c -> c + " IS NULL").toList()) + ")";
        }
    }

    /** No two rows share the listed columns (NULLs compare equal, as in GROUP BY); counts the rows involved. */
    record Unique(String text, List<String> columns) implements ModelCheck {
        @Override
        public String sql(String table, String rows) {
            String cols = String.join(", ", columns);
            return "SELECT COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM " + table
                    + (rows == null ? "" : " WHERE " + rows) + " GROUP BY " + cols + " HAVING COUNT(*) > 1) duplicates";
        }
    }

    /** Every non-null value of {@code column} exists in {@code refTable.refColumn}. */
    record Relationship(String text, String column, String refTable, String refColumn) implements ModelCheck {
        @Override
        public String sql(String table, String rows) {
            return "SELECT COUNT(*) FROM " + table + " m WHERE " + and(rows) + "m." + column
                    + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + refTable + " r WHERE r." + refColumn + " = m."
                    + column + ")";
        }
    }

    /** Every non-null value of {@code column} is one of {@code values}. */
    record AcceptedValues(String text, String column, List<String> values) implements ModelCheck {
        @Override
        public String sql(String table, String rows) {
            // the values are text: the column cast to VARCHAR compares with them on every engine (Trino does not
            // coerce an integer code to a string literal, as PostgreSQL and DuckDB do)
            return "SELECT COUNT(*) FROM " + table + " WHERE " + and(rows) + column + " IS NOT NULL AND CAST(" + column
                    + " AS VARCHAR) NOT IN ("
                    + String.join(
                            ", ",
                            values.stream()
                                    .map(v -> "'" + v.replace("'", "''") + "'")
                                    .toList()) + ")";
        }
    }

    /**
     * A total of the model equals a total of a source, within one cent:
     * {@code reconcile(sum(net_sales) = sales: sum(total_sales))}; either side may end in {@code where <condition>}.
     */
    record Reconcile(
            String text, String modelExpr, String modelWhere, String sourceTable, String sourceExpr, String sourceWhere)
            implements ModelCheck {
        @Override
        public String sql(String table, String rows) {
            return "SELECT (SELECT " + modelExpr + " FROM " + table + where(modelWhere, rows) + "), (SELECT "
                    + sourceExpr + " FROM " + sourceTable + where(sourceWhere, rows) + ")";
        }

        private static String where(String condition, String rows) {
            if (condition == null) {
                return rows == null ? "" : " WHERE " + rows;
            }
            return " WHERE " + (rows == null ? "" : "(" + rows + ") AND ") + "(" + condition + ")";
        }
    }

    // ------------------------------------------------------------------ parsing

    Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    Pattern CALL = Pattern.compile("(?s)([a-z_]+)\\s*\\((.*)\\)");
    Pattern RELATIONSHIP = Pattern.compile("(\\w+)\\s*->\\s*(\\w+)\\s*\\.\\s*(\\w+)");
    Pattern RECONCILE = Pattern.compile("(?s)(.+?)\\s+=\\s+(\\w+)\\s*:\\s*(.+)");
    Pattern WHERE = Pattern.compile("(?i)\\s+where\\s+");

    /** Parses one test such as {@code not_null(a, b)}; the message of the exception says what is wrong. */
    static ModelCheck parse(String text) {
        String t = text.strip();
        Matcher call = CALL.matcher(t);
        if (!call.matches()) {
            throw new IllegalArgumentException("test '" + t + "' is not of the form kind(arguments)");
        }
        String kind = call.group(1);
        String args = call.group(2).strip();
        return switch (kind) {
            case "not_null" -> new NotNull(t, identifiers(args, t));
            case "unique" -> new Unique(t, identifiers(args, t));
            case "relationships" -> {
                Matcher m = RELATIONSHIP.matcher(args);
                if (!m.matches()) {
                    throw new IllegalArgumentException(
                            "test '" + t + "' must read relationships(column -> table.column)");
                }
                yield new Relationship(t, m.group(1), m.group(2), m.group(3));
            }
            case "accepted_values" -> {
                int colon = args.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException(
                            "test '" + t + "' must read accepted_values(column: value, value, ...)");
                }
                List<String> values = List.of(args.substring(colon + 1).split(",")).stream()
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .toList();
                yield new AcceptedValues(t, identifier(args.substring(0, colon).strip(), t), values);
            }
            case "reconcile" -> {
                Matcher m = RECONCILE.matcher(args);
                if (!m.matches()) {
                    throw new IllegalArgumentException(
                            "test '" + t + "' must read reconcile(expression = table: expression)");
                }
                String[] left = WHERE.split(m.group(1).strip(), 2);
                String[] right = WHERE.split(m.group(3).strip(), 2);
                yield new Reconcile(
                        t,
                        left[0],
                        left.length > 1 ? left[1] : null,
                        m.group(2),
                        right[0],
                        right.length > 1 ? right[1] : null);
            }
            default ->
                throw new IllegalArgumentException("test '" + t + "' has an unknown kind '" + kind
                        + "'; use not_null, unique, relationships, accepted_values or reconcile");
        };
    }

    private static List<String> identifiers(String args, String test) {
        List<String> out = List.of(args.split(",")).stream()
                .map(String::strip)
                .map(a -> identifier(a, test))
                .toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("test '" + test + "' names no column");
        }
        return out;
    }

    private static String identifier(String name, String test) {
        if (!IDENTIFIER.matcher(requireNonNull(name)).matches()) {
            throw new IllegalArgumentException("test '" + test + "': '" + name + "' is not a column name");
        }
        return name;
    }
}
