package io.stockroom.warehouse;

import io.stockroom.FaultPoint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
    public java.util.Optional<String> checkpoint() {
        Path wal = file.resolveSibling(file.getFileName() + ".wal");
        long logBytes = size(wal);
        if (logBytes == 0) {
            return java.util.Optional.empty(); // nothing written since the last checkpoint
        }
        long free = DiskSpace.free(file.getParent());
        if (free >= 0 && free < logBytes) {
            // DuckDB's failed checkpoint is fatal to the open database (no statement runs after it): not tried
            return java.util.Optional.of(notCheckpointed(wal, logBytes, free, "there is no room for it"));
        }
        try (Connection c = root.duplicate();
                Statement s = c.createStatement()) {
            FaultPoint.reached("warehouse.checkpoint");
            s.execute("CHECKPOINT");
            return java.util.Optional.empty();
        } catch (SQLException | RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("other") && why.contains("transaction") && !why.contains("write file")) {
                // another connection's transaction is open (an API request): DuckDB checkpoints once it is done
                log.debug("checkpoint deferred: {}", why);
                return java.util.Optional.empty();
            }
            log.warn("checkpoint failed", e);
            return java.util.Optional.of(notCheckpointed(wal, logBytes, DiskSpace.free(file.getParent()), why));
        }
    }

    private String notCheckpointed(Path wal, long logBytes, long free, String why) {
        return "The warehouse could not checkpoint: its log " + wal.getFileName() + " (" + DiskSpace.human(logBytes)
                + ") could not be written into " + file.getFileName() + " (" + why + "). "
                + (free < 0 ? "" : DiskSpace.human(free) + " free on " + file.getParent() + "; ")
                + "the checkpoint needs about " + DiskSpace.human(logBytes) + " free there. Nothing is lost (the log is"
                + " read back at the next start), but it only grows: free space on that disk, or move the data"
                + " directory to a larger one, before the next run, which otherwise fails.";
    }

    private static long size(Path path) {
        try {
            return java.nio.file.Files.exists(path) ? java.nio.file.Files.size(path) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
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
