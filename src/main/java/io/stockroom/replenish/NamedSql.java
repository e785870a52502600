package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.SqlScripts;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/** Runs SQL with :named parameters (bound, never concatenated) on a warehouse connection; loads the .sql files. */
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
                return SqlScripts.split(new ClassPathResource("replenish/" + n).getContentAsString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new StockroomException(ErrorCode.INTERNAL, "Missing SQL resource replenish/" + n, e);
            }
        });
    }

    /** Runs every statement of a script; returns the rows changed by the last one. */
    static long run(Connection c, String scriptName, Map<String, ?> params) throws SQLException {
        long changed = 0;
        for (String sql : script(scriptName)) {
            changed = update(c, sql, params);
        }
        return changed;
    }

    static long update(Connection c, String sql, Map<String, ?> params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeLargeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, Map<String, ?> params, Rows<T> rows) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rows.map(rs));
            }
        }
        return out;
    }

    static long count(Connection c, String sql, Map<String, ?> params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Map<String, ?> params) throws SQLException {
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
        MapSqlParameterSource source = new MapSqlParameterSource(params);
        String jdbcSql = NamedParameterUtils.substituteNamedParameters(parsed, source);
        Object[] values = NamedParameterUtils.buildValueArray(parsed, source, null);
        PreparedStatement ps = c.prepareStatement(jdbcSql);
        for (int i = 0; i < values.length; i++) {
            ps.setObject(i + 1, jdbc(values[i]));
        }
        return ps;
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
}
