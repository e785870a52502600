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
import java.util.Properties;

/**
 * A PostgreSQL schema (plain PostgreSQL 15+ or Supabase) through a small pool. Several Stockroom processes may share
 * it, so a business date is held by a session advisory lock that every one of them sees.
 */
final class PostgresConnections implements Connections {

    /** Who owns the schema and whether the connected user may use it and create in it; no row when it is missing. */
    private static final String SCHEMA_RIGHTS = """
            SELECT pg_get_userbyid(nspowner) AS owner,
                   has_schema_privilege(oid, 'USAGE') AS may_use,
                   has_schema_privilege(oid, 'CREATE') AS may_create
            FROM pg_namespace WHERE nspname = ?""";

    private final String url;
    private final String schema;
    private final int lockSpace;
    private final HikariDataSource pool;
    private final long processKey = new java.security.SecureRandom().nextLong();
    /** This process's own session, holding the advisory lock of {@link #processKey} for as long as it lives. */
    private final Connection lease;

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
        createSchema(settings);
        this.lease = holdProcessKey(settings);
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
            }
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /**
     * Opens this process's own session (outside the pool, which retires connections after a while) and takes the
     * advisory lock of its key in it: while the process lives the lock is held, and when it stops in any way (kill -9,
     * power loss, a lost network) PostgreSQL ends the session and frees it. So another process tells a run or a feed
     * recorded under that key from one whose process is gone ({@link #isAlive}).
     */
    private Connection holdProcessKey(StockroomProperties.Warehouse settings) {
        Properties props = login(settings);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "stockroom process");
        try {
            Connection c = DriverManager.getConnection(url, props);
            try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                p.setLong(1, processKey);
                p.execute();
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    @Override
    public long processKey() {
        return processKey;
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
        return pool.getConnection();
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
        pool.close();
        closeQuietly(lease); // other processes now see this one as stopped
    }

    @Override
    public String toString() {
        return "postgresql " + url + " schema " + schema;
    }
}
