package io.stockroom.warehouse;

import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;

/**
 * Spring JDBC on a connection the caller already holds (inside {@link Warehouse#inTransaction} or
 * {@link Warehouse#withConnection}): the connection is never closed here, so its transaction stays the caller's.
 * Code without a connection of its own uses {@code JdbcClient.create(warehouse.dataSource())}.
 */
public final class Sql {

    private Sql() {}

    /** A client whose statements run on {@code c}. */
    public static JdbcClient on(Connection c) {
        return JdbcClient.create(named(c));
    }

    /** Whether {@code table} (a table or view) is in the connection's current schema. */
    public static boolean tableExists(Connection c, String table) {
        return on(c).sql(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()")
                .param(text(table))
                .query(r -> r.next() && r.getLong(1) > 0);
    }

    /** For batches ({@code batchUpdate}) on {@code c}. */
    public static JdbcTemplate template(Connection c) {
        JdbcTemplate template = new JdbcTemplate();
        template.setDataSource(new SingleConnectionDataSource(c, true));
        // Translating by SQLException subclass needs no database metadata, so a failed statement inside an aborted
        // PostgreSQL transaction is reported as it was raised.
        template.setExceptionTranslator(new SQLExceptionSubclassTranslator());
        return template;
    }

    /** For named-parameter batches on {@code c}. */
    public static NamedParameterJdbcTemplate named(Connection c) {
        return new NamedParameterJdbcTemplate(template(c));
    }

    /** A VARCHAR value that may be null (bound as {@code setString} binds it). */
    public static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    /** A TIMESTAMP value that may be null (bound as {@code setTimestamp} binds it). */
    public static SqlParameterValue timestamp(LocalDateTime value) {
        return new SqlParameterValue(Types.TIMESTAMP, value == null ? null : Timestamp.valueOf(value));
    }

    /**
     * An instant as the warehouse keeps one: its UTC date-time in a TIMESTAMP column, the same whatever the JVM's zone.
     * A {@code Timestamp} bound or read as it is goes through the JVM's zone, so a server started in another zone than
     * the process that wrote a time read it hours off. Bound as a {@code LocalDateTime}, not a {@code Timestamp}, so a
     * UTC time that does not exist on the JVM's clock (a spring-forward hour) is kept as it is.
     */
    public static SqlParameterValue instant(Instant value) {
        return new SqlParameterValue(
                Types.TIMESTAMP, value == null ? null : LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    }

    /** A time written with {@link #instant(Instant)}, or null. */
    public static Instant instant(ResultSet r, int column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** A time written with {@link #instant(Instant)}, or null. */
    public static Instant instant(ResultSet r, String column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** A DATE value that may be null (bound as {@code setDate} binds it). */
    public static SqlParameterValue date(LocalDate value) {
        return new SqlParameterValue(Types.DATE, value == null ? null : Date.valueOf(value));
    }

    /**
     * {@code value} as it is (bound with {@code setObject}), or a null of {@code sqlType} (bound with {@code setNull}),
     * as code binding a nullable number with setObject did.
     */
    public static Object orNull(Object value, int sqlType) {
        return value != null ? value : new SqlParameterValue(sqlType, null);
    }

    /** The engine's own exception behind a Spring JDBC one, or null when it did not come from the engine. */
    public static SQLException sqlException(DataAccessException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
