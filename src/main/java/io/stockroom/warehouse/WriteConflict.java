package io.stockroom.warehouse;

import java.sql.SQLException;

/**
 * Tells a write that lost to another transaction writing the same rows at the same moment from any other failure of a
 * statement: DuckDB refuses the second writer ({@code TransactionContext Error: Conflict on update!}, {@code Conflict on
 * tuple deletion!}), PostgreSQL answers SQLSTATE 40001 (serialization failure) or 40P01 (deadlock). Nothing of the
 * losing transaction is kept; the caller can say which object was busy instead of a 500.
 */
public final class WriteConflict {

    private WriteConflict() {}

    /** True when {@code e}, or what caused it, is a write that conflicted with a concurrent one. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState()))) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.contains("TransactionContext Error") && m.contains("Conflict on")) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }
}
