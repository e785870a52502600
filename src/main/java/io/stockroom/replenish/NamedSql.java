package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.SqlScripts;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs SQL with :named parameters (bound, never concatenated) through Spring's JdbcClient on a warehouse connection;
 * loads the .sql files.
 */
final class NamedSql {

    private static final Map<String, List<String>> SCRIPTS = new ConcurrentHashMap<>();

    private NamedSql() {}

    @FunctionalInterface
    interface Rows<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The statements of classpath:replenish/{name}. */
    static List<String> script(String name) {
        return SCRIPTS.computeIfAbsent(name, n -> {
            try {
                return SqlScripts.split(
                        new ClassPathResource("replenish/" + n).getContentAsString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new StockroomException(ErrorCode.INTERNAL, "Missing SQL resource replenish/" + n, e);
            }
        });
    }

    /** Runs every statement of a script; returns the rows changed by the last one. */
    static long run(Connection c, String scriptName, Map<String, ?> params) throws SQLException {
        return run(c, scriptName, params, RunClock.OFF);
    }

    /** As {@link #run(Connection, String, Map)}, timing each statement as "script:n what it does". */
    static long run(Connection c, String scriptName, Map<String, ?> params, RunClock clock) throws SQLException {
        return run(c, scriptName, params, clock, Map.of());
    }

    /**
     * As {@link #run(Connection, String, Map, RunClock)} for a script that names a table chosen by the code:
     * {@code {name}} in the script becomes {@code tables.get(name)} (identifiers only, never from input).
     */
    static long run(Connection c, String scriptName, Map<String, ?> params, RunClock clock, Map<String, String> tables)
            throws SQLException {
        return run(c, scriptName, params, clock, tables, Statements.WAREHOUSE);
    }

    /** As {@link #run(Connection, String, Map, RunClock, Map)}, each statement run where {@code runner} says. */
    static long run(
            Connection c,
            String scriptName,
            Map<String, ?> params,
            RunClock clock,
            Map<String, String> tables,
            Statements runner)
            throws SQLException {
        long changed = 0;
        List<String> statements = script(scriptName);
        for (int i = 0; i < statements.size(); i++) {
            String sql = statements.get(i);
            for (Map.Entry<String, String> table : tables.entrySet()) {
                if (!table.getValue().matches("[a-z_]+")) {
                    throw new IllegalArgumentException("not a table name: " + table.getValue());
                }
                sql = sql.replace("{" + table.getKey() + "}", table.getValue());
            }
            String statement = sql;
            changed = clock.statement(
                    scriptName.replace(".sql", "") + ":" + (i + 1) + " " + summary(sql),
                    () -> runner.run(c, statement, params));
        }
        return changed;
    }

    /** The statement's verb and target, e.g. "INSERT INTO replenishment_lines". */
    static String summary(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        Matcher m = Pattern.compile(
                        "^(INSERT INTO \\w+|CREATE TEMP TABLE \\w+|DROP TABLE IF EXISTS \\w+|DELETE FROM \\w+|UPDATE \\w+|SELECT)",
                        Pattern.CASE_INSENSITIVE)
                .matcher(flat);
        return m.find() ? m.group(1) : flat.substring(0, Math.min(40, flat.length()));
    }

    /**
     * Runs the statement; after a write of {@value Dialect#LARGE_WRITE_ROWS} rows or more into a table (an INSERT, a
     * CREATE TABLE AS), brings that table's planner statistics up to date, since the statements after it read it in the
     * same transaction: PostgreSQL would otherwise plan today's generation of the demand statistics, or a temp table it
     * never analyzes, from what it knew before (see {@link Dialect#refreshStatistics}; nothing on DuckDB).
     */
    static long update(Connection c, String sql, Map<String, ?> params) {
        long rows = client(c, sql, params).update();
        if (rows >= Dialect.LARGE_WRITE_ROWS) {
            java.util.regex.Matcher written = WRITTEN_TABLE.matcher(sql);
            if (written.find()) {
                try {
                    Dialect.of(c).refreshStatistics(c, written.group(1));
                } catch (SQLException e) {
                    throw new org.springframework.jdbc.UncategorizedSQLException(
                            "refreshing the statistics of " + written.group(1), sql, e);
                }
            }
        }
        return rows;
    }

    /** The table an INSERT or CREATE TABLE AS statement writes (comment lines before it skipped). */
    private static final java.util.regex.Pattern WRITTEN_TABLE = java.util.regex.Pattern.compile(
            "\\A\\s*(?:--[^\\n]*\\n\\s*)*(?:INSERT\\s+INTO|CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMP(?:ORARY)?\\s+)?TABLE)"
                    + "\\s+([A-Za-z_][A-Za-z0-9_]*)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    static <T> List<T> query(Connection c, String sql, Map<String, ?> params, Rows<T> rows) {
        return client(c, sql, params).query((rs, n) -> rows.map(rs)).list();
    }

    static long count(Connection c, String sql, Map<String, ?> params) {
        return client(c, sql, params).query((ResultSet rs) -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** The statement with its :named values bound as this class always bound them (dates as DATE, doubles as DECIMAL). */
    private static JdbcClient.StatementSpec client(Connection c, String sql, Map<String, ?> params) {
        Map<String, Object> values = new HashMap<>();
        params.forEach((name, value) -> values.put(name, jdbc(value)));
        return Sql.on(c).sql(sql).params(values);
    }

    private static Object jdbc(Object value) {
        if (value instanceof LocalDate d) {
            return java.sql.Date.valueOf(d);
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return value;
    }

    /**
     * " AND (store predicate)" keeping {@code storeColumn} within the acting user's stores, with its values put in
     * {@code params}; "" for chain-wide users. Every store-bearing replenishment read goes through here.
     */
    static String scope(String storeColumn, Map<String, Object> params) {
        io.stockroom.security.StoreScope scope = io.stockroom.security.CurrentActor.scope();
        String predicate = scope.predicate(storeColumn, ":scope_stores", ":scope_areas");
        if (predicate == null) {
            return "";
        }
        params.put("scope_stores", scope.storeList());
        params.put("scope_areas", scope.areaList());
        return " AND " + predicate;
    }
}
