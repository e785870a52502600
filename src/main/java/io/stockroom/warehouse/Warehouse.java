package io.stockroom.warehouse;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The embedded warehouse: one DuckDB database file under the data directory, opened once per process.
 * Every caller gets its own connection to the same database (DuckDB connections are cheap duplicates),
 * so the API, the pipeline and the scheduler can work side by side.
 */
@Component
public class Warehouse implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Warehouse.class);
    static final String FILE_NAME = "warehouse.duckdb";

    private final Path dataDir;
    private final DuckDBConnection root;
    private final Dialect dialect = new DuckDbDialect();
    private final DataSource dataSource;

    @org.springframework.beans.factory.annotation.Autowired
    public Warehouse(StockroomProperties properties) {
        this(properties.resolvedDataDir(), properties.warehouse());
    }

    public Warehouse(Path dataDir, StockroomProperties.Warehouse settings) {
        this.dataDir = dataDir;
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(dataDir.resolve("tmp"));
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.CONFIG_INVALID,
                    "Cannot create the data directory " + dataDir + ": " + e.getMessage()
                            + ". Choose a writable folder with --data-dir or STOCKROOM_DATA_DIR.", e);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            this.root = (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
            try (Statement s = root.createStatement()) {
                s.execute("SET memory_limit = '" + safeSetting(settings.memoryLimit()) + "'");
                s.execute("SET temp_directory = '" + dataDir.resolve("tmp").toString().replace("'", "''") + "'");
                s.execute("SET preserve_insertion_order = true");
                // Daily loads are many small commits: checkpointing (rewriting the tables' last row groups) every
                // 16 MB of log, the default, made it run every few days of a backfill. 256 MB of log is a few
                // seconds to replay after a crash.
                s.execute("SET checkpoint_threshold = '256MB'");
                if (settings.threads() > 0) {
                    s.execute("SET threads = " + settings.threads());
                }
            }
        } catch (SQLException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("lock") || msg.contains("Conflicting")) {
                throw new StockroomException(ErrorCode.WAREHOUSE_LOCKED,
                        "The warehouse " + file + " is open in another Stockroom process. Stop that process "
                                + "(or send the work to its API) and try again.", e);
            }
            throw new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Cannot open the warehouse " + file + ": " + msg, e);
        }
        this.dataSource = new WarehouseDataSource(this);
        new SchemaMigrator(this).migrate();
        log.debug("warehouse open at {}", file);
    }

    private static String safeSetting(String value) {
        if (!value.matches("[0-9]+(\\.[0-9]+)?\\s*[A-Za-z]*")) {
            throw new StockroomException(ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.memory-limit '" + value + "' is not a size; use e.g. 4GB or 512MB.");
        }
        return value;
    }

    /** A new connection to the warehouse; close it when done. */
    public Connection connection() {
        try {
            return root.duplicate();
        } catch (SQLException e) {
            throw new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Cannot open a warehouse connection: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Runs work in one transaction: all of it commits, or none of it does. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Warehouse statement failed: " + e.getMessage(), e);
        }
    }

    /** Runs work on a connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = connection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Warehouse statement failed: " + e.getMessage(), e);
        }
    }

    /** Work against a connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            log.warn("closing the warehouse: {}", e.getMessage());
        }
    }
}
