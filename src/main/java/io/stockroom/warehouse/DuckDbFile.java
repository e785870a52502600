package io.stockroom.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded file: one process owns it, so every connection is a cheap duplicate of the root one and a business
 * date is held by a lock in this process.
 */
final class DuckDbFile implements Connections {

    private static final Logger log = LoggerFactory.getLogger(DuckDbFile.class);

    private final Path file;
    private final DuckDBConnection root;
    private final ConcurrentHashMap<LocalDate, ReentrantLock> dates = new ConcurrentHashMap<>();
    private final long processKey = new java.security.SecureRandom().nextLong();

    DuckDbFile(Path file, DuckDBConnection root) {
        this.file = file;
        this.root = root;
    }

    @Override
    public Connection get() throws SQLException {
        return root.duplicate();
    }

    @Override
    public long processKey() {
        return processKey;
    }

    /** One process owns the file: any other process that recorded work in it has stopped. */
    /** An embedded file has no connection to lose. */
    @Override
    public void connectionLost() {}

    @Override
    public String where() {
        return "the DuckDB file " + file;
    }

    /** One process owns the file: no other can take its work for that of a stopped one. */
    @Override
    public void holdProcessKey() {}

    @Override
    public boolean isAlive(long key) {
        return key == processKey;
    }

    @Override
    public Warehouse.DateLock lockBusinessDate(LocalDate date) {
        ReentrantLock lock = dates.computeIfAbsent(date, d -> new ReentrantLock());
        lock.lock();
        return lock::unlock;
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            log.warn("closing the warehouse: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "duckdb " + file;
    }
}
