package io.stockroom.warehouse;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a lost connection to the warehouse's database (a restart, a failover, a network cut) from any other failure of
 * a statement, so the message says what happened and that the work can run again once the database answers, instead
 * of the driver's or the pool's text: SQLSTATE class 08 (connection exceptions, pgjdbc's I/O errors), 57P01-57P03 (the
 * server shutting down or starting), and the pool's {@link SQLTransientConnectionException} (no connection in time).
 */
public final class ConnectionLoss {

    private ConnectionLoss() {}

    /** True when {@code e}, or what caused it, is a lost or refused connection to the database. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }
}
