package io.stockroom.warehouse;

import java.time.LocalDate;
import java.util.Collection;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Trino's SQL differs from the common subset the models are written in (docs/models.md), rewritten here so
 * the model files stay one per model: Trino has no {@code date - integer} (it wants {@code date_add}), and one session
 * cannot put two catalogs on a search path, so each table a model reads is named with its catalog.
 */
final class TrinoSql {

    /** {@code :from_date - 7}: the bound dates are known before the statement runs, so the offset is applied here. */
    private static final Pattern PARAMETER_OFFSET = Pattern.compile(":(from_date|to_date)\\s*([-+])\\s*(\\d+)\\b");

    private static final Pattern PARAMETER = Pattern.compile(":(from_date|to_date)\\b");
    /** {@code d.business_date - 364}: a date column (its name ends in 'date') plus or minus whole days. */
    private static final Pattern DATE_COLUMN_OFFSET =
            Pattern.compile("\\b((?:[a-z_][a-z0-9_]*\\.)?[a-z_]*date)\\s*([-+])\\s*(\\d+)\\b");

    private TrinoSql() {}

    /**
     * A model's SELECT as Trino runs it: the parameters as date literals, date arithmetic as {@code date_add}, and every
     * table in {@code reads} named by {@code qualify}.
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
        for (String table : reads) {
            Pattern read = Pattern.compile("(?i)\\b(FROM|JOIN)(\\s+)" + Pattern.quote(table) + "\\b(?!\\s*\\()");
            out = replace(read, out, m -> m.group(1) + m.group(2) + qualify.apply(table));
        }
        return out;
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
