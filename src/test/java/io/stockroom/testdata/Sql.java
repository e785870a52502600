package io.stockroom.testdata;

import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The one scalar query helper of the tests: the first column of the first row, as the type asked for, with bound values. */
public final class Sql {

    private Sql() {}

    /**
     * @return the value, or null when it is SQL NULL
     * @throws AssertionError when the query returns no row (a test that expected one should say so, not read a default)
     */
    public static <T> T scalar(Warehouse warehouse, Class<T> type, String sql, Object... args) {
        return warehouse.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new AssertionError("No row from: " + sql);
                    }
                    Object v = r.getObject(1);
                    return v == null ? null : type.cast(convert(v, type));
                }
            }
        });
    }

    /** A count or another whole number that cannot be NULL. */
    public static long count(Warehouse warehouse, String sql, Object... args) {
        Long n = scalar(warehouse, Long.class, sql, args);
        if (n == null) {
            throw new AssertionError("NULL from: " + sql);
        }
        return n;
    }

    private static Object convert(Object v, Class<?> type) {
        if (type.isInstance(v)) {
            return v;
        }
        if (type == Long.class && v instanceof Number n) {
            return n.longValue();
        }
        if (type == Integer.class && v instanceof Number n) {
            return n.intValue();
        }
        if (type == BigDecimal.class && v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (type == String.class) {
            return v.toString();
        }
        throw new AssertionError(
                "Cannot read " + v.getClass().getSimpleName() + " '" + v + "' as " + type.getSimpleName());
    }
}
