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
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The warehouse: by default one embedded DuckDB database file under the data directory, opened once per process;
 * with {@code stockroom.warehouse.url = jdbc:postgresql://...} a schema on a PostgreSQL server (Supabase included),
 * reached through a small connection pool. Every caller gets its own connection, so the API, the pipeline and the
 * scheduler can work side by side. What differs between the engines is asked of {@link #dialect()}.
 */
@Component
public class Warehouse implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Warehouse.class);
    static final String FILE_NAME = "warehouse.duckdb";

    private final Path dataDir;
    private final Connections connections;
    private final Dialect dialect;
    private final DataSource dataSource;
    private final StockroomProperties.Warehouse settings;

    public Warehouse(StockroomProperties properties) {
        this(properties.resolvedDataDir(), properties.warehouse());
    }

    /**
     * The application's warehouse. {@code stockroom.warehouse.engine=trino} needs {@code stockroom.trino.url} too:
     * without it every model would run on PostgreSQL, which is not what the setting asked for.
     */
    @org.springframework.beans.factory.annotation.Autowired
    public Warehouse(StockroomProperties properties, TrinoSettings trino) {
        this(properties.resolvedDataDir(), requireTrinoUrl(properties.warehouse(), trino));
    }

    private static StockroomProperties.Warehouse requireTrinoUrl(
            StockroomProperties.Warehouse settings, TrinoSettings trino) {
        if ("trino".equalsIgnoreCase(settings.engine())
                && settings.isPostgres()
                && (trino == null || trino.url() == null || trino.url().isBlank())) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.engine is trino but stockroom.trino.url is not set: the marts would run on "
                            + "the PostgreSQL warehouse alone. Set STOCKROOM_TRINO_URL=jdbc:trino://HOST:8080 (the "
                            + "coordinator), or stockroom.warehouse.engine=postgres to run without Trino; see "
                            + "docs/scale.md.");
        }
        return settings;
    }

    public Warehouse(Path dataDir, StockroomProperties.Warehouse settings) {
        this.dataDir = dataDir;
        this.settings = settings;
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(dataDir.resolve("tmp"));
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "Cannot create the data directory " + dataDir + ": " + e.getMessage()
                            + ". Choose a writable folder with --data-dir or STOCKROOM_DATA_DIR.",
                    e);
        }
        String engine = settings.engine() == null ? "duckdb" : settings.engine().toLowerCase(java.util.Locale.ROOT);
        if (settings.isPostgres()) {
            refuseTransactionPooler(settings.url());
            this.dialect = new PostgresDialect();
            this.connections = new PostgresConnections(settings);
        } else if (settings.url() != null
                && !settings.url().isBlank()
                && !settings.url().startsWith("jdbc:duckdb:")) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.url '" + settings.url() + "' names no engine Stockroom runs on. "
                            + "Use jdbc:postgresql://HOST:5432/DB for PostgreSQL or Supabase, or leave it unset for the embedded DuckDB file (docs/engines.md).");
        } else if (engine.startsWith("postgres")) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.engine is " + settings.engine() + " but stockroom.warehouse.url is "
                            + (settings.url() == null ? "not set" : "'" + settings.url() + "'")
                            + ". Set STOCKROOM_WAREHOUSE_URL=jdbc:postgresql://HOST:5432/DB "
                            + "(plus STOCKROOM_WAREHOUSE_USER and STOCKROOM_WAREHOUSE_PASSWORD); see docs/engines.md.");
        } else if (engine.equals("trino")) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.engine is trino: Trino reads the facts from an Iceberg lake whose "
                            + "catalog, with the master data and the marts, lives in PostgreSQL, but stockroom.warehouse.url is "
                            + (settings.url() == null ? "not set" : "'" + settings.url() + "'")
                            + ". Set STOCKROOM_WAREHOUSE_URL=jdbc:postgresql://HOST:5432/DB "
                            + "and STOCKROOM_TRINO_URL=jdbc:trino://HOST:8080; see docs/scale.md.");
        } else if (!engine.equals("duckdb")) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.engine '" + settings.engine()
                            + "' is not an engine Stockroom runs on: use duckdb (default), postgres or trino.");
        } else {
            this.dialect = new DuckDbDialect();
            this.connections = openDuckDb(dataDir, settings);
        }
        this.dataSource = new WarehouseDataSource(this);
        try {
            new SchemaMigrator(this).migrate();
            withConnection(c -> {
                dialect.prepare(c);
                return null;
            });
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        log.debug("warehouse open: {}", connections);
    }

    private Warehouse(Path dataDir, Connections connections, Dialect dialect) {
        this.dataDir = dataDir;
        this.settings = new StockroomProperties.Warehouse("duckdb", "4GB", 0);
        this.connections = connections;
        this.dialect = dialect;
        this.dataSource = new WarehouseDataSource(this);
    }

    /**
     * The embedded warehouse file opened read-only, for commands that only read (the CLI's {@code feeds}, {@code feed},
     * {@code validate}): no schema migration, no macro installation, and it opens beside other readers. Empty when
     * there is no file yet or its schema is older than this build's (then the caller opens it the usual way, which
     * migrates it). A process that holds the file for writing (a running server, an ingest) makes this fail with
     * {@link ErrorCode#WAREHOUSE_LOCKED}.
     */
    public static java.util.Optional<Warehouse> openReadOnly(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        DuckDBConnection root;
        try {
            root = (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
        } catch (SQLException e) {
            throw openFailure(file, e);
        }
        Warehouse w = new Warehouse(dataDir, new DuckDbFile(file, root), new DuckDbDialect());
        try {
            if (!SchemaMigrator.isCurrent(w)) {
                w.close();
                return java.util.Optional.empty();
            }
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
        return java.util.Optional.of(w);
    }

    private static StockroomException openFailure(Path file, SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("lock") || msg.contains("Conflicting")) {
            java.util.regex.Matcher pid =
                    java.util.regex.Pattern.compile("PID (\\d+)").matcher(msg);
            return new StockroomException(
                    ErrorCode.WAREHOUSE_LOCKED,
                    "The warehouse " + file + " is open in another Stockroom process"
                            + (pid.find() ? " (pid " + pid.group(1) + ")" : "")
                            + ": the embedded DuckDB file has one owner at a time. Stop that process (or send the work to its API) and try again.",
                    e);
        }
        return new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Cannot open the warehouse " + file + ": " + msg, e);
    }

    private static Connections openDuckDb(Path dataDir, StockroomProperties.Warehouse settings) {
        Path file = settings.url() != null
                        && settings.url().startsWith("jdbc:duckdb:")
                        && settings.url().length() > "jdbc:duckdb:".length()
                ? Path.of(settings.url().substring("jdbc:duckdb:".length()))
                : dataDir.resolve(FILE_NAME);
        try {
            DuckDBConnection root = (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
            try (Statement s = root.createStatement()) {
                s.execute("SET memory_limit = '" + safeSetting(settings.memoryLimit()) + "'");
                s.execute("SET temp_directory = '"
                        + dataDir.resolve("tmp").toString().replace("'", "''") + "'");
                s.execute("SET preserve_insertion_order = true");
                // Daily loads are many small commits: checkpointing (rewriting the tables' last row groups) every
                // 16 MB of log, the default, made it run every few days of a backfill. 256 MB of log is a few
                // seconds to replay after a crash.
                s.execute("SET checkpoint_threshold = '256MB'");
                if (settings.threads() > 0) {
                    s.execute("SET threads = " + settings.threads());
                }
            }
            return new DuckDbFile(file, root);
        } catch (SQLException e) {
            throw openFailure(file, e);
        }
    }

    private static String safeSetting(String value) {
        if (!value.matches("[0-9]+(\\.[0-9]+)?\\s*[A-Za-z]*")) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.memory-limit '" + value + "' is not a size; use e.g. 4GB or 512MB.");
        }
        return value;
    }

    /** A new connection to the warehouse; close it when done. */
    public Connection connection() {
        try {
            return connections.get();
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                throw lost(e);
            }
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR, "Cannot open a warehouse connection: " + e.getMessage(), e);
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

    /** {@code stockroom.warehouse.model-slice-rows}: how many input rows one statement of a model reads at most. */
    public long modelSliceRows() {
        return settings.modelSliceRows();
    }

    /**
     * How to give a model that ran out of memory on this warehouse more of it: DuckDB's {@code memory-limit}, or the
     * PostgreSQL server's memory.
     */
    public String memorySetting() {
        return dialect instanceof PostgresDialect
                ? "Give the PostgreSQL server more memory (its work_mem, or the machine's)"
                : "Raise stockroom.warehouse.memory-limit (STOCKROOM_WAREHOUSE_MEMORY_LIMIT, now "
                        + settings.memoryLimit() + ")";
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
            throw statementFailed(e);
        } catch (DataAccessException e) {
            throw statementFailed(e);
        }
    }

    /** Runs work on a connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection c = connection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw statementFailed(e);
        } catch (DataAccessException e) {
            throw statementFailed(e);
        }
    }

    private StockroomException statementFailed(SQLException e) {
        if (ConnectionLoss.is(e)) {
            return lost(e);
        }
        return new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Warehouse statement failed: " + e.getMessage(), e);
    }

    private StockroomException lost(SQLException e) {
        connections.connectionLost();
        return new StockroomException(
                ErrorCode.WAREHOUSE_UNREACHABLE,
                "Lost the connection to the warehouse (" + connections.where() + "): " + e.getMessage()
                        + ". Nothing the statement had not committed was kept; try again when the database answers.",
                e);
    }

    /**
     * "the warehouse (PostgreSQL at host:port)" when {@code e} is a lost connection to it (a restart, a failover, a
     * network cut), else null. Until a connection opens again, asking for one then fails at once.
     */
    public String lostConnection(Throwable e) {
        if (!ConnectionLoss.is(e)) {
            return null;
        }
        connections.connectionLost();
        return "the warehouse (" + connections.where() + ")";
    }

    /** A statement run through Spring JDBC ({@link Sql}) fails as one run on the raw connection did. */
    private RuntimeException statementFailed(DataAccessException e) {
        SQLException cause = Sql.sqlException(e);
        return cause == null ? e : statementFailed(cause);
    }

    /** Work against a connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Holds the business date until the returned lock is closed: two runs of the same date never interleave, in this
     * process or (on PostgreSQL, through an advisory lock) in any other process using the same warehouse. Waits
     * for a run of that date that holds it.
     */
    public DateLock lockBusinessDate(java.time.LocalDate date) {
        return connections.lockBusinessDate(date);
    }

    /** Serialises schema migrations of processes that open the same warehouse together (until the transaction ends). */
    void lockMigrations(Connection c) throws SQLException {
        if (connections instanceof PostgresConnections pg) {
            pg.lockMigrations(c);
        }
    }

    /**
     * This process's key, recorded with the runs and feeds it works on: a process that starts beside it on the same
     * warehouse (PostgreSQL: the server, a CLI command, the scheduler) settles only what stopped processes left.
     */
    public long processKey() {
        return connections.processKey();
    }

    /**
     * Makes sure other processes still see this one alive before it starts work (a run, a feed, an upload): on
     * PostgreSQL the session that holds this process's key is opened again, and the key taken again, when a database
     * restart, failover or network cut ended it. Fails with {@link ErrorCode#WAREHOUSE_UNREACHABLE} while it cannot be.
     */
    public void holdProcessKey() {
        connections.holdProcessKey();
    }

    /**
     * Whether the process that recorded work under {@code processKey} still runs (null: recorded before processes had
     * keys, so by a process that has stopped). Embedded DuckDB: only this process can be alive.
     */
    public boolean isAlive(Long processKey) {
        return processKey != null && connections.isAlive(processKey);
    }

    /**
     * Writes the embedded file's log into the file now (DuckDB's CHECKPOINT) and says, when it cannot, why and what the
     * disk needs: the process's end would otherwise try it without a word, and on a full disk leave the log to grow
     * until a later run fails. Empty when done, or when there is nothing to do (PostgreSQL writes its own log).
     */
    public java.util.Optional<String> checkpoint() {
        return connections.checkpoint();
    }

    /** A business date held by {@link #lockBusinessDate}. */
    public interface DateLock extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public void close() {
        connections.close();
    }
    /**
     * Supabase's transaction pooler (port 6543 of {@code *.pooler.supabase.com}) hands a connection's session — the
     * temp tables a load stages in, the run's advisory lock, the schema's search_path — to other clients between
     * transactions: a load would fail part-way with "relation does not exist" or interleave with another. Refused
     * before any connection, with the session pooler of the same host to use instead (docs/engines.md).
     */
    static void refuseTransactionPooler(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "jdbc:postgresql://([^/:?]+\\.pooler\\.supabase\\.com):6543(?=[/?]|$).*")
                .matcher(url.strip());
        if (m.matches()) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.url points at Supabase's transaction pooler (" + m.group(1) + ":6543), which"
                            + " hands a connection's temp tables, locks and search_path to other clients between"
                            + " transactions: loads would fail or interleave. Use the session pooler, "
                            + m.group(1) + ":5432 (the same host, port 5432), or the direct connection"
                            + " (db.<project-ref>.supabase.co:5432); see docs/engines.md, Supabase.");
        }
    }
}
