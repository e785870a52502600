package io.stockroom.planogram;

import io.stockroom.model.LakeModels;
import io.stockroom.warehouse.Warehouse;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The planogram's reads. On a Trino deployment the line-level sales mart stays in the lake (docs/scale.md, "Large
 * marts in the lake"): a read of it (the days with sales, the 28-day demand of the placements, the display lift) runs
 * on Trino through {@link LakeModels#read(String, Map, RowMapper)}, the same SQL file with the same values and store
 * scope; every other read on the warehouse.
 */
final class PlanogramReads {

    private final JdbcClient jdbc;
    private final LakeModels lake;

    /** {@code lake}: null without Trino. */
    PlanogramReads(Warehouse warehouse, LakeModels lake) {
        this.jdbc = JdbcClient.create(warehouse.dataSource());
        this.lake = lake;
    }

    <T> List<T> query(String sql, Map<String, ?> params, RowMapper<T> mapper) {
        if (lake != null && lake.readsLake(sql)) {
            return lake.read(sql, params, mapper);
        }
        return jdbc.sql(sql).params(params).query(mapper).list();
    }

    /** The first row, or null when there is none. */
    <T> T one(String sql, Map<String, ?> params, RowMapper<T> mapper) {
        List<T> rows = query(sql, params, mapper);
        return rows.isEmpty() ? null : rows.getFirst();
    }
}
