package io.stockroom.replenish;

import io.stockroom.StockroomProperties;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A tiny chain written straight into a real warehouse, for replenishment tests: a builder over SQL inserts. Its facts
 * carry a load number as a load's rows do (load_seq): the demand statistics tell changed facts by them, so a test that
 * corrects a fact gives the row a new number, as the later load of a corrected file would.
 */
public final class Chain implements AutoCloseable {

    final Warehouse warehouse;
    private final boolean owned;

    public Chain(Path dir) {
        this.warehouse = new Warehouse(
                dir, io.stockroom.TestEngine.newWarehouse(new StockroomProperties.Warehouse("duckdb", "1GB", 2)));
        this.owned = true;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    /** Over a warehouse someone else owns (e.g. the Spring context's); close() leaves it open. */
    public Chain(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.owned = false;
    }

    public Chain exec(String sql, Object... args) {
        warehouse.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    Object a = args[i];
                    ps.setObject(i + 1, a instanceof LocalDate d ? java.sql.Date.valueOf(d) : a);
                }
                ps.execute();
            }
            return null;
        });
        return this;
    }

    public Chain store(String id) {
        return exec("INSERT INTO stores (store_id, name) VALUES (?, ?)", id, "Store " + id);
    }

    public Chain product(String sku, String category, double price) {
        return exec(
                "INSERT INTO products (sku, name, category, department, unit_cost, unit_price) VALUES (?, ?, ?, 'Grocery', ?, ?)",
                sku,
                "Product " + sku,
                category,
                BigDecimal.valueOf(price / 2),
                BigDecimal.valueOf(price));
    }

    public Chain productFlag(String sku, String column, Object value) {
        return exec("UPDATE products SET " + column + " = ? WHERE sku = ?", value, sku);
    }

    public Chain supplier(String id, Integer leadTime, String orderDays, Double minOrderValue) {
        return exec(
                "INSERT INTO suppliers (supplier_id, name, lead_time_days, order_days, min_order_value) VALUES (?, ?, ?, ?, ?)",
                id,
                "Supplier " + id,
                leadTime,
                orderDays,
                minOrderValue == null ? null : BigDecimal.valueOf(minOrderValue));
    }

    public Chain supplies(String supplier, String sku, int casePack, Integer moq, Double unitCost, Integer leadTime) {
        return exec(
                "INSERT INTO supplier_products (sku, supplier_id, supplier_sku, case_pack, moq, unit_cost, lead_time_days) VALUES (?, ?, ?, ?, ?, ?, ?)",
                sku,
                supplier,
                "V-" + sku,
                casePack,
                moq,
                unitCost == null ? null : BigDecimal.valueOf(unitCost),
                leadTime);
    }

    public Chain rule(String store, String sku, Double safetyStock, Double min, Double max, Double weeks) {
        return exec(
                "INSERT INTO replenishment_rules (store_id, sku, safety_stock, min_qty, max_qty, weeks_of_supply) VALUES (?, ?, ?, ?, ?, ?)",
                store,
                sku,
                dec(safetyStock),
                dec(min),
                dec(max),
                dec(weeks));
    }

    public Chain sale(String store, String sku, LocalDate day, double units, double total) {
        return exec(
                "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return, load_seq) VALUES (?, ?, ?, 'store', ?, ?, ?, nextval('load_seq_ids'))",
                store,
                sku,
                day,
                BigDecimal.valueOf(units),
                BigDecimal.valueOf(total),
                units < 0 || total < 0);
    }

    public Chain snapshot(String store, String sku, LocalDate day, double onHand, double onOrder, double reserved) {
        return exec(
                "INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved, load_seq) VALUES (?, ?, ?, ?, ?, ?, nextval('load_seq_ids'))",
                store,
                sku,
                day,
                BigDecimal.valueOf(onHand),
                BigDecimal.valueOf(onOrder),
                BigDecimal.valueOf(reserved));
    }

    /**
     * Daily history ending at {@code end}: units[i] sold on day end-(n-1)+i at {@code price} each, a snapshot each day with
     * {@code stockedOnHand} (0 where {@code outOfStock} says so), and the snapshot of {@code end} with {@code onHand}.
     */
    public Chain history(
            String store, String sku, LocalDate end, int[] units, double price, double onHand, boolean... outOfStock) {
        int n = units.length;
        warehouse.inTransaction(c -> {
            try (PreparedStatement sales = c.prepareStatement(
                            "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, "
                                    + "total_sales, is_return, load_seq) VALUES (?, ?, ?, 'store', ?, ?, FALSE, nextval('load_seq_ids'))");
                    PreparedStatement stock = c.prepareStatement(
                            "INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, "
                                    + "reserved, load_seq) VALUES (?, ?, ?, ?, 0, 0, nextval('load_seq_ids'))")) {
                for (int i = 0; i < n; i++) {
                    java.sql.Date day = java.sql.Date.valueOf(end.minusDays(n - 1L - i));
                    if (units[i] != 0) {
                        sales.setString(1, store);
                        sales.setString(2, sku);
                        sales.setDate(3, day);
                        sales.setBigDecimal(4, BigDecimal.valueOf(units[i]));
                        sales.setBigDecimal(5, BigDecimal.valueOf(units[i] * price));
                        sales.addBatch();
                    }
                    boolean out = i < outOfStock.length && outOfStock[i];
                    stock.setString(1, store);
                    stock.setString(2, sku);
                    stock.setDate(3, day);
                    stock.setBigDecimal(4, BigDecimal.valueOf(i == n - 1 ? onHand : out ? 0 : 500));
                    stock.addBatch();
                }
                sales.executeBatch();
                stock.executeBatch();
            }
            return null;
        });
        return this;
    }

    /**
     * The store's other sales: one unit a day of a cheap item without a supplier over the {@code days} days ending at
     * {@code end}, so that a one-item test store's day without a sale of its item is not a day whose sales are missing
     * (a store-day with no sales rows at all, which the demand leaves out).
     */
    public Chain sellsEveryDay(String store, LocalDate end, int days) {
        if (count("SELECT COUNT(*) FROM products WHERE sku = 'OTHER'") == 0) {
            product("OTHER", "Other", 0.1);
        }
        for (int i = 0; i < days; i++) {
            sale(store, "OTHER", end.minusDays(i), 1, 0.1);
        }
        return this;
    }

    public static int[] alternating(int a, int b, int days) {
        int[] u = new int[days];
        for (int i = 0; i < days; i++) {
            u[i] = i % 2 == 0 ? a : b;
        }
        return u;
    }

    static int[] constant(int a, int days) {
        return alternating(a, a, days);
    }

    public long count(String sql, Object... args) {
        return warehouse.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i] instanceof LocalDate d ? java.sql.Date.valueOf(d) : args[i]);
                }
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    public List<Map<String, Object>> rows(String sql, Object... args) {
        return warehouse.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i] instanceof LocalDate d ? java.sql.Date.valueOf(d) : args[i]);
                }
                try (var rs = ps.executeQuery()) {
                    List<Map<String, Object>> out = new java.util.ArrayList<>();
                    while (rs.next()) {
                        Map<String, Object> row = new java.util.LinkedHashMap<>();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                        }
                        out.add(row);
                    }
                    return out;
                }
            }
        });
    }

    /** The one line of a store x SKU on a date, with every stored value. */
    LineValues line(LocalDate d, String store, String sku) {
        return warehouse.withConnection(c -> {
            List<LineValues> found = NamedSql.query(
                    c,
                    "SELECT * FROM replenishment_lines WHERE business_date = :d AND store_id = :s AND sku = :k",
                    Map.of("d", d, "s", store, "k", sku),
                    LineValues::of);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private static BigDecimal dec(Double d) {
        return d == null ? null : BigDecimal.valueOf(d);
    }

    @Override
    public void close() {
        if (owned) {
            warehouse.close();
        }
    }
}
