package io.stockroom.model;

import java.sql.Date;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Model SQL names its two parameters {@code :from_date} and {@code :to_date}; JDBC wants {@code ?}. Each name becomes
 * {@code CAST(? AS DATE)}, so a model can write {@code :from_date - 27} on any engine. Quotes and comments are skipped.
 */
record NamedParameters(String jdbcSql, List<String> names) {

    static final List<String> KNOWN = List.of("from_date", "to_date");

    static NamedParameters parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 32);
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"') {
                int end = sql.indexOf(ch, i + 1);
                end = end < 0 ? sql.length() : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (ch == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end;
            } else if (ch == ':'
                    && i + 1 < sql.length()
                    && Character.isLetter(sql.charAt(i + 1))
                    && (i == 0 || sql.charAt(i - 1) != ':')) {
                int end = i + 1;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                if (!KNOWN.contains(name)) {
                    throw new IllegalArgumentException("unknown parameter :" + name + " (models may use "
                            + KNOWN.stream().map(n -> ":" + n).toList() + ")");
                }
                names.add(name);
                out.append("CAST(? AS DATE)");
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return new NamedParameters(out.toString(), List.copyOf(names));
    }

    /**
     * The values to bind, in order, for {@link #jdbcSql()}: the dates of the named parameters, then {@code extra}
     * (dates as {@link Date}, as setDate and setObject bound them).
     */
    List<Object> values(Map<String, LocalDate> values, Object... extra) {
        List<Object> out = new ArrayList<>();
        for (String name : names) {
            out.add(new SqlParameterValue(Types.DATE, Date.valueOf(values.get(name))));
        }
        for (Object value : extra) {
            out.add(value instanceof LocalDate d ? Date.valueOf(d) : value);
        }
        return out;
    }
}
