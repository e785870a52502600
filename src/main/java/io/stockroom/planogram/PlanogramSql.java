package io.stockroom.planogram;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.security.CurrentActor;
import io.stockroom.security.StoreScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;

/** The planogram's SQL files (classpath:planogram/*.sql) and the store scope every store-bearing read goes through. */
final class PlanogramSql {

    private static final Map<String, String> FILES = new ConcurrentHashMap<>();

    private PlanogramSql() {}

    static String file(String name) {
        return FILES.computeIfAbsent(name, n -> {
            try {
                return new ClassPathResource("planogram/" + n).getContentAsString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StockroomException(ErrorCode.INTERNAL, "Missing SQL resource planogram/" + n, e);
            }
        });
    }

    /**
     * {@code AND <storeColumn> within the acting user's stores}, binding {@code :scope_stores}/{@code :scope_areas} in
     * {@code params}; "" for chain-wide users (the same seam as metrics/Where.scoped and replenish/NamedSql.scope).
     */
    static String scope(String storeColumn, Map<String, Object> params) {
        StoreScope scope = CurrentActor.scope();
        String predicate = scope.predicate(storeColumn, ":scope_stores", ":scope_areas");
        if (predicate == null) {
            return "";
        }
        params.put("scope_stores", scope.storeList());
        params.put("scope_areas", scope.areaList());
        return " AND " + predicate;
    }
}
