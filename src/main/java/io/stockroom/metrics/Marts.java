package io.stockroom.metrics;

import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read access to the mart tables, which exist (empty) even before the first refresh. */
@Component
class Marts {

    private final JdbcClient jdbc;
    private final ModelRunner models;
    private final AtomicBoolean ready = new AtomicBoolean();

    Marts(Warehouse warehouse, ModelRunner models) {
        this.jdbc = JdbcClient.create(warehouse.dataSource());
        this.models = models;
    }

    <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        ensureTables();
        return jdbc.sql(sql).params(params).query(mapper).list();
    }

    /** A write (alert actions, their audit row); values are bound. */
    int update(String sql, List<Object> params) {
        ensureTables();
        return jdbc.sql(sql).params(params).update();
    }

    <T> T one(String sql, List<Object> params, RowMapper<T> mapper) {
        List<T> rows = query(sql, params, mapper);
        return rows.isEmpty() ? null : rows.get(0);
    }

    long count(String sql, List<Object> params) {
        Long n = one(sql, params, (r, i) -> r.getLong(1));
        return n == null ? 0 : n;
    }

    /** The latest date in a mart's date column, or null when it is empty. */
    LocalDate latest(String table, String column) {
        return one("SELECT MAX(" + column + ") FROM " + table, List.of(), (r, i) -> date(r, 1));
    }

    static LocalDate date(ResultSet r, int column) throws SQLException {
        java.sql.Date d = r.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    private void ensureTables() {
        if (!ready.get()) {
            models.ensureTables();
            ready.set(true);
        }
    }
}
