package io.stockroom.warehouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Trino's SQL differs from the common subset the models are written in (docs/models.md), rewritten here so
 * the model files stay one per model: Trino has no {@code date - integer} (it wants {@code date_add}); it divides
 * decimals at the larger of the two scales ({@code 1.0 * 19 / 20} is 0.9 there, 0.95 on DuckDB and PostgreSQL), so
 * every divisor is made a DOUBLE and Trino divides as DuckDB does; and one session cannot put two catalogs on a search
 * path, so each table a model reads is named with its catalog.
 */
final class TrinoSql {

    /** The warehouse table naming each fact load's feed (V233), which any model may read. */
    static final String FACT_LOADS = "fact_loads";

    /** {@code :from_date - 7}: the bound dates are known before the statement runs, so the offset is applied here. */
    private static final Pattern PARAMETER_OFFSET = Pattern.compile(":(from_date|to_date)\\s*([-+])\\s*(\\d+)\\b");

    private static final Pattern PARAMETER = Pattern.compile(":(from_date|to_date)\\b");
    /** {@code d.business_date - 364}: a date column (its name ends in 'date') plus or minus whole days. */
    private static final Pattern DATE_COLUMN_OFFSET =
            Pattern.compile("\\b((?:[a-z_][a-z0-9_]*\\.)?[a-z_]*date)\\s*([-+])\\s*(\\d+)\\b");

    /** {@code :d - business_date}, {@code r.received_date - r.ordered_date}: days between two dates. */
    private static final Pattern DATE_DIFFERENCE = Pattern.compile(
            "(DATE '\\d{4}-\\d{2}-\\d{2}'|\\b(?:[a-z_][a-z0-9_]*\\.)?[a-z_]*date)\\s*-\\s*((?:[a-z_][a-z0-9_]*\\.)?[a-z_]*date)\\b");

    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<![:\\w]):([a-z_][a-z0-9_]*)\\b");
    private static final Pattern TABLE_READ =
            Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_][a-z0-9_]*)\\b(?!\\s*\\()");
    private static final Pattern DEFINED = Pattern.compile("(?i)\\b([a-z_][a-z0-9_]*)\\s+AS\\s*\\(");

    private TrinoSql() {}

    /**
     * One statement of a warehouse script (not a model) as Trino runs it: its {@code :name} parameters bound as
     * literals (a date parameter plus or minus days, or minus an integer parameter, as the date it is), a date minus a
     * cast to INTEGER as {@code date_add}, days between two dates as {@code date_diff}, {@code <<} and {@code BIT_OR} by Trino's names, every divisor a DOUBLE, and each
     * table it reads named by {@code qualify}.
     */
    static String statement(String sql, Map<String, ?> named, Function<String, String> qualify) {
        // a JDBC date binds as the date it is (the planogram's reads bind java.sql.Date)
        Map<String, Object> params = new java.util.HashMap<>();
        named.forEach((k, v) -> params.put(k, v instanceof java.sql.Date d ? d.toLocalDate() : v));
        String out = replace(
                Pattern.compile("(?i)CAST\\(\\s*:([a-z_][a-z0-9_]*)\\s+AS\\s+DATE\\s*\\)"),
                sql,
                m -> params.get(m.group(1)) instanceof LocalDate ? ":" + m.group(1) : m.group());
        out = replace(Pattern.compile(":([a-z_][a-z0-9_]*)\\s*([-+])\\s*(:[a-z_][a-z0-9_]*|\\d+)\\b"), out, m -> {
            if (!(params.get(m.group(1)) instanceof LocalDate base)) {
                return m.group();
            }
            Object offset = m.group(3).startsWith(":") ? params.get(m.group(3).substring(1)) : m.group(3);
            long days = Long.parseLong(String.valueOf(offset));
            return Lake.dateLiteral(m.group(2).equals("-") ? base.minusDays(days) : base.plusDays(days));
        });
        out = replace(NAMED_PARAMETER, out, m -> {
            if (!params.containsKey(m.group(1))) {
                throw new IllegalArgumentException("no value for :" + m.group(1));
            }
            return literal(params.get(m.group(1)));
        });
        out = replace(DATE_MINUS_CAST, out, m -> "date_add('day', -" + m.group(2) + ", " + m.group(1) + ")");
        out = replace(DATE_DIFFERENCE, out, m -> "date_diff('day', " + m.group(2) + ", " + m.group(1) + ")");
        out = replace(
                DATE_COLUMN_OFFSET,
                out,
                m -> "date_add('day', " + (m.group(2).equals("-") ? "-" : "") + m.group(3) + ", " + m.group(1) + ")");
        out = shiftsAsCalls(out);
        out = out.replaceAll("(?i)\\bBIT_OR\\s*\\(", "bitwise_or_agg(")
                .replaceAll("(?i)\\bBIT_AND\\s*\\(", "bitwise_and_agg(");
        out = divideAsDouble(out);
        Set<String> reads = tablesRead(out);
        for (String table : reads) {
            Pattern read = Pattern.compile("(?i)\\b(FROM|JOIN)(\\s+)" + Pattern.quote(table) + "\\b(?!\\s*\\()");
            out = replace(read, out, m -> m.group(1) + m.group(2) + qualify.apply(table));
        }
        return out;
    }

    /** {@code a.business_date - CAST(a.lead_time_days AS INTEGER)}: a date minus a whole number of days. */
    private static final Pattern DATE_MINUS_CAST = Pattern.compile(
            "\\b((?:[a-z_][a-z0-9_]*\\.)?[a-z_]*date)\\s*-\\s*(CAST\\([^()]*\\s+AS\\s+INTEGER\\))",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern LIMIT_OFFSET = Pattern.compile("(?i)\\bLIMIT\\s+(\\d+)\\s+OFFSET\\s+(\\d+)\\b");

    /**
     * A read of the dashboards' services (portable SQL with {@code ?} values) as Trino runs it: the values bound as
     * literals in order, a date minus a cast to INTEGER as {@code date_add}, {@code LIMIT n OFFSET m} in Trino's order
     * ({@code OFFSET m LIMIT n}), and each table it reads named by {@code relation} (a catalog-qualified table, or a
     * parenthesised query for a view that Trino computes).
     */
    static String read(String sql, java.util.List<?> params, Function<String, String> relation) {
        StringBuilder bound = new StringBuilder(sql.length() + 64);
        int next = 0;
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            }
            if (ch == '?' && !quoted) {
                if (next >= params.size()) {
                    throw new IllegalArgumentException("more ? than values in: " + sql);
                }
                bound.append(literal(params.get(next++)));
            } else {
                bound.append(ch);
            }
        }
        if (next != params.size()) {
            throw new IllegalArgumentException(params.size() + " values for " + next + " ? in: " + sql);
        }
        String out = replace(
                DATE_MINUS_CAST, bound.toString(), m -> "date_add('day', -" + m.group(2) + ", " + m.group(1) + ")");
        out = replace(LIMIT_OFFSET, out, m -> "OFFSET " + m.group(2) + " LIMIT " + m.group(1));
        for (String table : tablesRead(out)) {
            Pattern read = Pattern.compile("(?i)\\b(FROM|JOIN)(\\s+)" + Pattern.quote(table) + "\\b(?!\\s*\\()");
            String named = relation.apply(table);
            out = replace(read, out, m -> m.group(1) + m.group(2) + named + (named.startsWith("(") ? " " + table : ""));
        }
        return out;
    }

    /** The tables a statement reads (after FROM or JOIN), less the names its WITH clause defines. */
    static Set<String> tablesRead(String sql) {
        Set<String> defined = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Matcher d = DEFINED.matcher(sql);
        while (d.find()) {
            defined.add(d.group(1));
        }
        Set<String> out = new TreeSet<>();
        Matcher m = TABLE_READ.matcher(sql);
        while (m.find()) {
            if (!defined.contains(m.group(1)) && !m.group(1).equalsIgnoreCase("SELECT")) {
                out.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    private static String literal(Object value) {
        return switch (value) {
            case null -> "NULL";
            case LocalDate date -> Lake.dateLiteral(date);
            case java.sql.Date date -> Lake.dateLiteral(date.toLocalDate());
            case Boolean b -> b ? "TRUE" : "FALSE";
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case java.math.BigDecimal b -> "DECIMAL '" + b.toPlainString() + "'";
            case Double v -> "DOUBLE '" + v + "'";
            case String text -> "'" + text.replace("'", "''") + "'";
            default ->
                throw new IllegalArgumentException(
                        "cannot bind " + value.getClass().getSimpleName());
        };
    }

    /** {@code a << b} as {@code bitwise_left_shift(a, b)}: Trino has the function, not the operator. */
    static String shiftsAsCalls(String sql) {
        String out = sql;
        int at;
        while ((at = out.indexOf("<<")) >= 0) {
            int leftEnd = at;
            while (leftEnd > 0 && Character.isWhitespace(out.charAt(leftEnd - 1))) {
                leftEnd--;
            }
            int leftStart = operandStart(out, leftEnd);
            int rightStart = skipSpaces(out, at + 2);
            int rightEnd = operandEnd(out, rightStart);
            out = out.substring(0, leftStart) + "bitwise_left_shift(" + out.substring(leftStart, leftEnd) + ", "
                    + out.substring(rightStart, rightEnd) + ")" + out.substring(rightEnd);
        }
        return out;
    }

    /** The start of the operand that ends at {@code end}: a name, a number, a call or a parenthesised expression. */
    private static int operandStart(String sql, int end) {
        int i = end;
        if (i > 0 && sql.charAt(i - 1) == ')') {
            int depth = 0;
            do {
                i--;
                char ch = sql.charAt(i);
                if (ch == ')') {
                    depth++;
                } else if (ch == '(') {
                    depth--;
                }
            } while (depth > 0 && i > 0);
        }
        while (i > 0
                && (Character.isLetterOrDigit(sql.charAt(i - 1))
                        || sql.charAt(i - 1) == '_'
                        || sql.charAt(i - 1) == '.')) {
            i--;
        }
        if (i == end) {
            throw new IllegalArgumentException(
                    "Cannot tell the operand before: " + sql.substring(end, Math.min(sql.length(), end + 40)));
        }
        return i;
    }

    /**
     * A model's SELECT as Trino runs it: the parameters as date literals, date arithmetic as {@code date_add},
     * {@code sr_join_once()} as FALSE, and every table in {@code reads} named by {@code qualify}.
     */
    static String model(
            String sql, Collection<String> reads, Function<String, String> qualify, LocalDate from, LocalDate to) {
        String out = replace(PARAMETER_OFFSET, sql, m -> {
            LocalDate base = m.group(1).equals("from_date") ? from : to;
            long days = Long.parseLong(m.group(3));
            return Lake.dateLiteral(m.group(2).equals("-") ? base.minusDays(days) : base.plusDays(days));
        });
        out = replace(PARAMETER, out, m -> Lake.dateLiteral(m.group(1).equals("from_date") ? from : to));
        out = replace(
                DATE_COLUMN_OFFSET,
                out,
                m -> "date_add('day', " + (m.group(2).equals("-") ? "-" : "") + m.group(3) + ", " + m.group(1) + ")");
        // the one-join form is PostgreSQL's (sr_join_once, functions.sql); Trino runs the per-branch joins, as DuckDB
        out = out.replaceAll("(?i)\\bsr_join_once\\s*\\(\\s*\\)", "FALSE");
        out = divideAsDouble(out);
        // a model may join fact_loads (each fact row's feed, by its load) without declaring it: a load adds to it only
        // with fact rows of its own, whose dates the model recomputes anyway, so it is no dimension to fingerprint
        java.util.Set<String> tables = new java.util.LinkedHashSet<>(reads);
        tables.add(FACT_LOADS);
        for (String table : tables) {
            Pattern read = Pattern.compile("(?i)\\b(FROM|JOIN)(\\s+)" + Pattern.quote(table) + "\\b(?!\\s*\\()");
            out = replace(read, out, m -> m.group(1) + m.group(2) + qualify.apply(table));
        }
        return out;
    }

    /**
     * Every {@code a / b} as {@code a / CAST(b AS DOUBLE)}. DuckDB divides decimals (and integers) in DOUBLE; Trino
     * divides decimals exactly but rounds the quotient to the larger scale of the two operands, which the models'
     * {@code ROUND(CAST(quotient AS DECIMAL(38,9)), n)} then rounds a second time. With a DOUBLE divisor Trino computes
     * the quotient DuckDB computes (both turn a decimal into the nearest double, exactly so below 2^53 units of its last
     * digit, and divide), and the models' casts and rounding see the same value. A divisor is one operand: a number, a
     * name, a call (with its {@code OVER (...)}) or a parenthesised expression; comments and strings are left alone.
     */
    static String divideAsDouble(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                int end = sql.indexOf('\'', i + 1);
                while (end >= 0 && end + 1 < n && sql.charAt(end + 1) == '\'') {
                    end = sql.indexOf('\'', end + 2);
                }
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (ch == '/') {
                int start = i + 1;
                while (start < n && Character.isWhitespace(sql.charAt(start))) {
                    start++;
                }
                int end = operandEnd(sql, start);
                String divisor = divideAsDouble(sql.substring(start, end));
                out.append("/ CAST(").append(divisor).append(" AS DOUBLE)");
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    /** The end of the operand that starts at {@code start}: a number, a name, a call or a parenthesised expression. */
    private static int operandEnd(String sql, int start) {
        int n = sql.length();
        int i = start;
        if (i < n && sql.charAt(i) == '(') {
            return closing(sql, i);
        }
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '.')) {
            i++;
        }
        if (i == start) {
            throw new IllegalArgumentException("Cannot tell the divisor at: "
                    + sql.substring(start, Math.min(n, start + 40))
                    + " (write it as a number, a name, a call or in parentheses)");
        }
        int call = skipSpaces(sql, i);
        if (call < n && sql.charAt(call) == '(') {
            i = closing(sql, call);
            // a window or filtered aggregate belongs to its call
            int next = skipSpaces(sql, i);
            for (String clause : new String[] {"FILTER", "OVER"}) {
                if (sql.regionMatches(true, next, clause, 0, clause.length())) {
                    int paren = skipSpaces(sql, next + clause.length());
                    if (paren < n && sql.charAt(paren) == '(') {
                        i = closing(sql, paren);
                        next = skipSpaces(sql, i);
                    }
                }
            }
        }
        return i;
    }

    /** The index after the parenthesis that closes the one at {@code open} (strings may hold parentheses). */
    private static int closing(String sql, int open) {
        int depth = 0;
        for (int i = open; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                i = sql.indexOf('\'', i + 1);
                if (i < 0) {
                    break;
                }
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(
                "Unbalanced parentheses after: " + sql.substring(open, Math.min(sql.length(), open + 40)));
    }

    private static int skipSpaces(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
