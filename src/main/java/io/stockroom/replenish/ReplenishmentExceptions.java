package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.export.CsvCells;
import io.stockroom.replenish.Views.ExceptionItem;
import io.stockroom.replenish.Views.ExceptionPage;
import io.stockroom.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/** The exception report of a run: in the API (paged, with counts per code) and as a spreadsheet-safe CSV. */
@Service
public final class ReplenishmentExceptions {

    public static final Set<String> CODES = Set.of(
            "NO_SUPPLIER",
            "MISSING_COST",
            "NEGATIVE_ON_HAND",
            "STALE_INVENTORY",
            "DEMAND_SPIKE",
            "SALES_WITHOUT_INVENTORY");
    private static final String FILTER = """
             WHERE business_date = :d
               AND (CAST(:code AS VARCHAR) IS NULL OR code = CAST(:code AS VARCHAR))
               AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))
            """;

    private final Warehouse warehouse;

    public ReplenishmentExceptions(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public ExceptionPage list(LocalDate date, String code, String store, int limit, int offset) {
        Map<String, Object> p = params(date, code, store);
        p.put("limit", limit);
        p.put("offset", offset);
        return warehouse.withConnection(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            String filter = FILTER + NamedSql.scope("store_id", p);
            NamedSql.query(
                    c,
                    "SELECT code, COUNT(*) FROM replenishment_exceptions" + filter + " GROUP BY code ORDER BY code",
                    p,
                    rs -> counts.put(rs.getString(1), rs.getLong(2)));
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            List<ExceptionItem> items = NamedSql.query(
                    c,
                    "SELECT * FROM replenishment_exceptions" + filter
                            + " ORDER BY code, store_id, sku LIMIT :limit OFFSET :offset",
                    p,
                    ReplenishmentExceptions::item);
            return new ExceptionPage(date, total, counts, items);
        });
    }

    public String csv(LocalDate date, String code, String store) {
        Map<String, Object> p = params(date, code, store);
        List<List<Object>> rows = warehouse.withConnection(c -> NamedSql.query(
                c,
                "SELECT * FROM replenishment_exceptions" + FILTER + NamedSql.scope("store_id", p)
                        + " ORDER BY code, store_id, sku",
                p,
                rs -> {
                    ExceptionItem e = item(rs);
                    return List.<Object>of(
                            date.toString(),
                            e.code(),
                            nz(e.storeId()),
                            nz(e.sku()),
                            nz(e.supplierId()),
                            e.value() == null
                                    ? ""
                                    : e.value().stripTrailingZeros().toPlainString(),
                            e.detail());
                }));
        return CsvCells.write(
                List.of("business_date", "code", "store_id", "sku", "supplier_id", "value", "detail"), rows);
    }

    private static Map<String, Object> params(LocalDate date, String code, String store) {
        if (code != null && !CODES.contains(code)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'code' must be one of "
                            + String.join(", ", CODES.stream().sorted().toList()) + ", got '" + code + "'.");
        }
        Map<String, Object> p = new HashMap<>();
        p.put("d", date);
        p.put("code", code);
        p.put("store", store);
        return p;
    }

    private static ExceptionItem item(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ExceptionItem(
                rs.getString("code"),
                rs.getString("store_id"),
                rs.getString("sku"),
                rs.getString("supplier_id"),
                rs.getBigDecimal("value"),
                rs.getString("detail"));
    }

    private static Object nz(Object o) {
        return o == null ? "" : o;
    }
}
