package io.stockroom.metrics;

import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read access to the mart tables, which exist (empty) even before the first refresh. On a Trino deployment a read of a
 * mart kept in the lake (or a view over one: the inventory positions and alerts) is answered by Trino
 * ({@link LakeModels#read}), the same SQL and bound values, the store scope included; every other read by the warehouse.
 */
@Component
class Marts {

    private final JdbcClient jdbc;
    private final ModelRunner models;
    private final LakeModels lake;
    private final AtomicBoolean ready = new AtomicBoolean();

    @org.springframework.beans.factory.annotation.Autowired
    Marts(Warehouse warehouse, ModelRunner models, ObjectProvider<LakeModels> lake) {
        this(warehouse, models, lake.getIfAvailable());
    }

    Marts(Warehouse warehouse, ModelRunner models) {
        this(warehouse, models, (LakeModels) null);
    }

    /** {@code lake}: null without Trino. */
    Marts(Warehouse warehouse, ModelRunner models, LakeModels lake) {
        this.jdbc = JdbcClient.create(warehouse.dataSource());
        this.models = models;
        this.lake = lake;
    }

    <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        ensureTables();
        if (lake != null && lake.readsLake(sql)) {
            return lake.read(sql, params, mapper);
        }
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
