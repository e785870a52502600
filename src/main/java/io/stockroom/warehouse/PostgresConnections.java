package io.stockroom.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL schema (plain PostgreSQL 15+ or Supabase) through a small pool. Several Stockroom processes may share
 * it, so a business date is held by a session advisory lock that every one of them sees.
 */
final class PostgresConnections implements Connections {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PostgresConnections.class);

    /** How often the process checks that its session still holds its key ({@link #holdProcessKey()}). */
    static final java.time.Duration LEASE_CHECK = java.time.Duration.ofSeconds(10);

    /** Who owns the schema and whether the connected user may use it and create in it; no row when it is missing. */
    private static final String SCHEMA_RIGHTS = """
            SELECT pg_get_userbyid(nspowner) AS owner,
                   has_schema_privilege(oid, 'USAGE') AS may_use,
                   has_schema_privilege(oid, 'CREATE') AS may_create
            FROM pg_namespace WHERE nspname = ?""";

    /**
     * The tables (views, sequences) of the schema whose owner the connected user does not act for: another role
     * created them (a separate migration account).
     */
    private static final String FOREIGN_TABLES = """
            SELECT pg_get_userbyid(c.relowner) AS owner, c.relname AS name
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT pg_has_role(c.relowner, 'USAGE')
            ORDER BY c.relname <> 'schema_version', c.relname""";

    private final String url;
    private final String schema;
    private final int lockSpace;
    private final HikariDataSource pool;
    private final long processKey = new java.security.SecureRandom().nextLong();
    private final StockroomProperties.Warehouse settings;
    /**
     * This process's own session, holding the advisory lock of {@link #processKey} for as long as it lives; null while
     * it is lost and cannot be opened again (the database down).
     */
    private volatile Connection lease;
    /** Set when a connection was lost, until one connects again ({@link #probe}). */
    private volatile boolean unreachable;
    /** Whether {@link #lease} holds the key (false only while this process's old session still does). */
    private volatile boolean keyHeld;
    /** Checks {@link #lease} every {@link #LEASE_CHECK} and takes the key again when the session was lost. */
    private final java.util.concurrent.ScheduledExecutorService leaseWatch;

    PostgresConnections(StockroomProperties.Warehouse settings) {
        this.url = settings.url();
        this.schema = settings.schema() == null || settings.schema().isBlank() ? "stockroom" : settings.schema();
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.warehouse.schema '" + schema
                            + "' is not a plain PostgreSQL name; use letters, digits and underscores (e.g. stockroom).");
        }
        // One lock space per schema: two warehouses in one database never wait for each other.
        this.lockSpace = ("stockroom:" + schema).hashCode();
        this.settings = settings;
        createSchema(settings);
        this.lease = openKeySession(settings);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setSchema(schema);
        config.setMaximumPoolSize(Math.max(2, settings.poolSize()));
        config.setPoolName("stockroom-warehouse");
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            closeQuietly(lease);
            throw unreachable(e);
        }
        this.leaseWatch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stockroom-process-key");
            t.setDaemon(true);
            return t;
        });
        leaseWatch.scheduleWithFixedDelay(
                this::watchProcessKey, LEASE_CHECK.toMillis(), LEASE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Properties login(StockroomProperties.Warehouse settings) {
        Properties props = new Properties();
        if (settings.user() != null) {
            props.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        return props;
    }

    /**
     * Creates the schema unless it exists, and checks that the user may work in it. A schema a DBA made for the user
     * needs no CREATE on the database (PostgreSQL checks that right before it looks whether the schema exists, even
     * with IF NOT EXISTS), and one the user may not use is named with the grant it lacks rather than failing later at
     * the first migration statement ("no schema has been selected to create in").
     */
    private void createSchema(StockroomProperties.Warehouse settings) {
        try (Connection c = DriverManager.getConnection(url, login(settings))) {
            String owner;
            boolean usable;
            try (PreparedStatement p = c.prepareStatement(SCHEMA_RIGHTS)) {
                p.setString(1, schema);
                try (java.sql.ResultSet r = p.executeQuery()) {
                    owner = r.next() ? r.getString("owner") : null;
                    usable = owner != null && r.getBoolean("may_use") && r.getBoolean("may_create");
                }
            }
            if (owner == null) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
                }
            } else if (!usable) {
                String user =
                        Sql.on(c).sql("SELECT current_user").query(String.class).single();
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "The PostgreSQL user " + user + " may not create tables in the existing schema " + schema
                                + " (owner " + owner + ") at " + url
                                + ". Have its owner run: GRANT USAGE, CREATE ON SCHEMA "
                                + schema + " TO " + user + "; or set stockroom.warehouse.schema to a schema " + user
                                + " owns (docs/engines.md).");
            } else {
                refuseForeignTables(c);
            }
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /**
     * A schema whose tables another role created (separate migration and service accounts) is named with their owner
     * and what to do, rather than failing at the first statement with "permission denied for table schema_version":
     * at every start Stockroom migrates the tables and replaces its functions, and a model change recreates its
     * table, which PostgreSQL lets only the owner (or a member of the owner role) do, whatever the table grants.
     */
    private void refuseForeignTables(Connection c) throws SQLException {
        java.util.Map<String, List<String>> byOwner = new java.util.TreeMap<>();
        try (PreparedStatement p = c.prepareStatement(FOREIGN_TABLES)) {
            p.setString(1, schema);
            try (java.sql.ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    byOwner.computeIfAbsent(r.getString("owner"), o -> new ArrayList<>())
                            .add(r.getString("name"));
                }
            }
        }
        if (byOwner.isEmpty()) {
            return;
        }
        String user = Sql.on(c).sql("SELECT current_user").query(String.class).single();
        String owners = String.join(", ", byOwner.keySet());
        StringBuilder tables = new StringBuilder();
        byOwner.forEach((owner, names) -> tables.append(tables.isEmpty() ? "" : "; ")
                .append(String.join(", ", names.subList(0, Math.min(5, names.size()))))
                .append(names.size() > 5 ? " and " + (names.size() - 5) + " more" : "")
                .append(" (owner ")
                .append(owner)
                .append(")"));
        throw new StockroomException(
                ErrorCode.CONFIG_INVALID,
                "The PostgreSQL user " + user + " may not change the tables another role created in the schema "
                        + schema + " at " + url + ": " + tables + ". Stockroom migrates them, replaces its functions"
                        + " and recreates a model's table when it changes, which only their owner may (table grants"
                        + " such as GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema
                        + " are not enough). Run Stockroom as " + owners + ", or have "
                        + owners + " (or a superuser) run: GRANT " + owners + " TO " + user
                        + "; (docs/engines.md).");
    }

    /**
     * Opens this process's own session (outside the pool, which retires connections after a while) and takes the
     * advisory lock of its key in it: while the process lives the lock is held, and when it stops in any way (kill -9,
     * power loss, a lost network) PostgreSQL ends the session and frees it. So another process tells a run or a feed
     * recorded under that key from one whose process is gone ({@link #isAlive}).
     */
    private Connection openKeySession(StockroomProperties.Warehouse settings) {
        Properties props = login(settings);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "stockroom process");
        props.setProperty("connectTimeout", "10");
        try {
            Connection c = DriverManager.getConnection(url, props);
            try {
                keyHeld = takeKey(c);
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /**
     * Takes the key in the session without waiting: false while another session holds it, which is this process's old
     * one after a network cut until PostgreSQL notices that it is gone (others still see this process alive then).
     */
    private boolean takeKey(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            p.setLong(1, processKey);
            try (java.sql.ResultSet r = p.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    @Override
    public long processKey() {
        return processKey;
    }

    /**
     * Makes sure this process's session still holds its key. A database restart, a failover or a network cut ends the
     * session (and frees the key) while the pool reconnects by itself: other processes would then take this one's
     * runs, feeds and uploads for those of a stopped process and settle them. So the session is checked before work
     * starts and every {@link #LEASE_CHECK}, and opened again, with the key taken again, when it was lost; while it
     * cannot be, this fails and the process takes no new work.
     */
    @Override
    public synchronized void holdProcessKey() {
        Connection held = lease;
        if (held != null && isOpen(held)) {
            if (!keyHeld) {
                try {
                    keyHeld = takeKey(held);
                } catch (SQLException e) {
                    log.debug("cannot take the process key again yet", e);
                }
            }
            return;
        }
        if (held != null) {
            closeQuietly(held);
            lease = null;
            // what ended this session ended the pool's too: a statement on one would fail where a new one works
            pool.getHikariPoolMXBean().softEvictConnections();
            log.warn(
                    "lost the session holding this process's key {} in the PostgreSQL warehouse at {} (a database"
                            + " restart, failover or network cut): opening it again",
                    Long.toHexString(processKey),
                    url);
        }
        try {
            lease = openKeySession(settings);
        } catch (StockroomException e) {
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_UNREACHABLE,
                    "Stockroom lost its session to the PostgreSQL warehouse at " + hostAndPort()
                            + " (a restart, failover or network cut) and cannot open it again: "
                            + rootMessage(e) + ". It takes no new run, feed or upload until it can (other"
                            + " processes would take this one's work for that of a stopped one). Try again when the"
                            + " database answers.",
                    e);
        }
        log.warn(
                keyHeld
                        ? "the session holding this process's key {} is open again, and holds the key"
                        : "the session of this process's key {} is open again; its old session still holds the key"
                                + " (PostgreSQL has not noticed it is gone), taken over when it does",
                Long.toHexString(processKey));
    }

    private void watchProcessKey() {
        try {
            holdProcessKey();
        } catch (RuntimeException e) {
            unreachable = true;
            log.debug("the process key's session cannot be opened again yet", e);
        }
    }

    private static boolean isOpen(Connection c) {
        try {
            return c.isValid((int) LEASE_CHECK.toSeconds());
        } catch (SQLException e) {
            return false;
        }
    }

    /** host:port of the url, for messages that must not repeat its options. */
    String hostAndPort() {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("jdbc:postgresql://([^/?]*)").matcher(url);
        return m.find() && !m.group(1).isEmpty() ? m.group(1) : url;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /**
     * Whether the process that recorded work under {@code key} still runs: its session holds the key's advisory lock,
     * so this session cannot take it. (The one-number form of the lock: it never meets the date locks' two-number
     * form.)
     */
    @Override
    public boolean isAlive(long key) {
        if (key == processKey) {
            return true;
        }
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            p.setLong(1, key);
            boolean taken;
            try (java.sql.ResultSet r = p.executeQuery()) {
                r.next();
                taken = r.getBoolean(1);
            }
            if (taken) {
                try (PreparedStatement u = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    u.setLong(1, key);
                    u.execute();
                }
            }
            return !taken;
        } catch (SQLException e) {
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR,
                    "Cannot tell whether the Stockroom process " + Long.toHexString(key) + " still runs: "
                            + e.getMessage(),
                    e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a session that failed: nothing to keep
        }
    }

    private StockroomException unreachable(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StockroomException(
                ErrorCode.WAREHOUSE_ERROR,
                "Cannot use the PostgreSQL warehouse at " + url + " (schema " + schema + "): "
                        + root.getMessage()
                        + ". Check stockroom.warehouse.url, user and password, that the server is reachable, and that the user may "
                        + "create the schema (docs/engines.md).",
                e);
    }

    @Override
    public Connection get() throws SQLException {
        if (unreachable) {
            probe();
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (ConnectionLoss.is(e)) {
                unreachable = true;
            }
            throw e;
        }
    }

    @Override
    public void connectionLost() {
        unreachable = true;
    }

    @Override
    public String where() {
        return "PostgreSQL at " + hostAndPort();
    }

    /**
     * While the database is known not to answer, one direct connection (refused at once, or within 5 s) tells whether
     * it is back, instead of the pool waiting its 30 s for a connection at every statement: a command whose database
     * went away ends in seconds, not minutes.
     */
    private void probe() throws SQLException {
        Properties props = login(settings);
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "stockroom probe");
        try (Connection c = DriverManager.getConnection(url, props)) {
            unreachable = false;
        }
    }

    @Override
    public Warehouse.DateLock lockBusinessDate(LocalDate date) {
        try {
            Connection c = pool.getConnection();
            try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                p.setInt(1, lockSpace);
                p.setInt(2, (int) date.toEpochDay());
                p.execute();
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            return () -> {
                try (c;
                        PreparedStatement p = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    p.setInt(1, lockSpace);
                    p.setInt(2, (int) date.toEpochDay());
                    p.execute();
                } catch (SQLException e) {
                    throw new StockroomException(
                            ErrorCode.WAREHOUSE_ERROR,
                            "Cannot release the run lock of " + date + ": " + e.getMessage(),
                            e);
                }
            };
        } catch (SQLException e) {
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR, "Cannot take the run lock of " + date + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serialises schema migrations of processes that start together (held until the transaction ends), and defines
     * the types the common scripts spell the DuckDB way (warehouse/postgres/types.sql).
     */
    void lockMigrations(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?, 0)")) {
            p.setInt(1, lockSpace - 1);
            p.execute();
        }
        try (Statement s = c.createStatement()) {
            for (String statement : SqlScripts.split(SqlScripts.resource("/warehouse/postgres/types.sql"))) {
                s.execute(statement);
            }
        }
    }

    @Override
    public void close() {
        leaseWatch.shutdownNow();
        pool.close();
        synchronized (this) {
            if (lease != null) {
                closeQuietly(lease); // other processes now see this one as stopped
            }
        }
    }

    @Override
    public String toString() {
        return "postgresql " + url + " schema " + schema;
    }
}
