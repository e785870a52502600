package io.stockroom.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/** Where the warehouse's connections come from: the one embedded DuckDB file, or a PostgreSQL pool. */
sealed interface Connections extends AutoCloseable permits DuckDbFile, PostgresConnections {

    /** A new connection; the caller closes it. */
    Connection get() throws SQLException;

    /** See {@link Warehouse#processKey}. */
    long processKey();

    /** See {@link Warehouse#holdProcessKey}. */
    void holdProcessKey();

    /** See {@link Warehouse#isAlive}. */
    boolean isAlive(long processKey);

    /**
     * The database does not answer (a statement lost its connection): until one connects again, asking for a
     * connection fails at once instead of after the pool's wait.
     */
    void connectionLost();

    /** Where the warehouse is, for a message: "PostgreSQL at host:port". */
    String where();

    /** See {@link Warehouse#checkpoint}: nothing to do for a server that writes its own log. */
    default java.util.Optional<String> checkpoint() {
        return java.util.Optional.empty();
    }

    /** See {@link Warehouse#lockBusinessDate}. */
    Warehouse.DateLock lockBusinessDate(LocalDate date);

    @Override
    void close();
}
