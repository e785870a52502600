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

    private final String url;
    private final String schema;
    private final int lockSpace;
    private final HikariDataSource pool;

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
            throw unreachable(e);
        }
    }

    private void createSchema(StockroomProperties.Warehouse settings) {
        Properties props = new Properties();
        if (settings.user() != null) {
            props.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        try (Connection c = DriverManager.getConnection(url, props);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
        } catch (SQLException e) {
            throw unreachable(e);
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
    }

    @Override
    public String toString() {
        return "postgresql " + url + " schema " + schema;
    }
}
