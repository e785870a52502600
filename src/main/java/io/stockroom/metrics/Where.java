package io.stockroom.metrics;

import io.stockroom.security.CurrentActor;
import io.stockroom.security.StoreScope;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A WHERE clause of fixed column conditions whose values are bound, never spliced into the SQL. */
final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    Where between(String column, LocalDate from, LocalDate to) {
        conditions.add(column + " BETWEEN ? AND ?");
        params.add(Date.valueOf(from));
        params.add(Date.valueOf(to));
        return this;
    }

    /** {@code column = value} when the value is present. */
    Where eq(String column, Object value) {
        if (value != null) {
            conditions.add(column + " = ?");
            params.add(value instanceof LocalDate d ? Date.valueOf(d) : value);
        }
        return this;
    }

    /** {@code column IN (...)}; an empty list matches nothing. */
    Where in(String column, List<String> values) {
        if (values.isEmpty()) {
            conditions.add("1 = 0");
        } else {
            conditions.add(
                    column + " IN (" + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")");
            params.addAll(values);
        }
        return this;
    }

    Where condition(String sql) {
        conditions.add(sql);
        return this;
    }

    /** A fixed condition with one bound value. */
    Where condition(String sql, Object value) {
        conditions.add(sql);
        params.add(value);
        return this;
    }

    /** A fixed condition with its bound values, in order. */
    Where condition(String sql, List<?> values) {
        conditions.add(sql);
        for (Object v : values) {
            params.add(v instanceof LocalDate d ? Date.valueOf(d) : v);
        }
        return this;
    }

    /**
     * Keeps {@code storeColumn} within the acting user's stores (nothing added for chain-wide users). Every
     * store-bearing query of the dashboards goes through here, so the scope is applied in one place.
     */
    Where scoped(String storeColumn) {
        StoreScope scope = CurrentActor.scope();
        String predicate = scope.predicate(storeColumn, "?", "?");
        if (predicate != null) {
            conditions.add(predicate);
            params.add(scope.storeList());
            params.add(scope.areaList());
        }
        return this;
    }

    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    List<Object> params() {
        return List.copyOf(params);
    }
}
