package io.stockroom.replenish;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The benchmark chain of {@code bench_master.sql} and {@code bench_day.sql} (same stores, SKUs, suppliers, rules and
 * the same shares of stock-outs, open orders and selling SKUs; more negative stock), written with plain inserts so that it
 * loads on PostgreSQL as on DuckDB: those files generate with DuckDB's {@code range()} and {@code hash()}, and stay as
 * they are since the benchmark's measured numbers are of their rows. Deterministic: a position's numbers come from a
 * hash of its store, SKU and seed.
 */
final class BenchChainRows {

    /** The tables it writes. */
    static final java.util.List<String> TABLES = java.util.List.of(
            "stores", "products", "suppliers", "supplier_products", "replenishment_rules", "inventory", "sales");

    private static final Timestamp LOADED = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));

    private final int stores;
    private final int skus;

    BenchChainRows(int stores, int skus) {
        this.stores = stores;
        this.skus = skus;
    }

    /** Stores, products, 20 suppliers, their products and rules, as {@code bench_master.sql} with {@code d}. */
    void master(Connection c, LocalDate d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO stores (store_id, name, area, region, is_placeholder, feed_id, updated_at)"
                        + " VALUES (?, ?, ?, ?, FALSE, 'bench', ?)")) {
            for (int s = 0; s < stores; s++) {
                ps.setString(1, storeId(s));
                ps.setString(2, "Store " + storeId(s));
                ps.setString(3, "Area " + s % 20);
                ps.setString(4, "Region " + s % 4);
                ps.setTimestamp(5, LOADED);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO products (sku, name, department, category, brand, unit_cost, unit_price, do_not_reorder,"
                        + " lto_end_date, struck, presentation_min, is_placeholder, feed_id, updated_at)"
                        + " VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, FALSE, 'bench', ?)")) {
            for (int k = 0; k < skus; k++) {
                ps.setString(1, sku(k));
                ps.setString(2, "Item " + sku(k));
                ps.setString(3, "Dept " + k % 12);
                ps.setString(4, "Cat " + k % 200);
                ps.setBigDecimal(5, unitCost(k));
                ps.setBigDecimal(6, unitPrice(k));
                ps.setBoolean(7, k % 97 == 0);
                if (k % 151 == 0) {
                    ps.setDate(8, Date.valueOf(d.plusDays(k % 10)));
                } else {
                    ps.setNull(8, Types.DATE);
                }
                ps.setBoolean(9, k % 193 == 0);
                if (k % 5 == 0) {
                    ps.setInt(10, 4);
                } else {
                    ps.setNull(10, Types.INTEGER);
                }
                ps.setTimestamp(11, LOADED);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO suppliers (supplier_id, name, lead_time_days, order_days, min_order_value, feed_id,"
                        + " updated_at) VALUES (?, ?, ?, ?, 150, 'bench', ?)")) {
            for (int v = 0; v < 20; v++) {
                ps.setString(1, supplierId(v));
                ps.setString(2, "Vendor " + v);
                ps.setInt(3, 2 + v % 6);
                String[] days = {"MON,THU", "TUE", "MON,WED,FRI", null};
                if (days[v % 4] == null) {
                    ps.setNull(4, Types.VARCHAR);
                } else {
                    ps.setString(4, days[v % 4]);
                }
                ps.setTimestamp(5, LOADED);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO supplier_products (sku, supplier_id, supplier_sku, case_pack, moq, unit_cost,"
                        + " lead_time_days, feed_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'bench', ?)")) {
            for (int k = 0; k < skus; k++) {
                if (k % 211 == 0) {
                    continue; // no supplier: NO_SUPPLIER
                }
                ps.setString(1, sku(k));
                ps.setString(2, supplierId(k % 20));
                ps.setString(3, "VS" + sku(k));
                ps.setInt(4, new int[] {1, 6, 12, 24}[k % 4]);
                if (k % 13 == 0) {
                    ps.setInt(5, 48);
                } else {
                    ps.setNull(5, Types.INTEGER);
                }
                ps.setBigDecimal(6, unitCost(k));
                if (k % 17 == 0) {
                    ps.setInt(7, 10);
                } else {
                    ps.setNull(7, Types.INTEGER);
                }
                ps.setTimestamp(8, LOADED);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO replenishment_rules (store_id, sku, safety_stock, min_qty, max_qty, weeks_of_supply,"
                        + " feed_id, updated_at) VALUES ('*', ?, NULL, 6, 200, NULL, 'bench', ?)")) {
            for (int k = 0; k < skus; k += 50) {
                ps.setString(1, sku(k));
                ps.setTimestamp(2, LOADED);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * One business day, as {@code bench_day.sql}: a snapshot of every store x SKU (5 % out of stock, 0.5 % negative, a
     * seventh with 12 on order) and sales for 2-38 % of each SKU's positions.
     */
    void day(Connection c, LocalDate day, long seed) throws SQLException {
        try (PreparedStatement stock = c.prepareStatement(
                        "INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved)"
                                + " VALUES (?, ?, ?, ?, ?, 0)");
                PreparedStatement sales = c.prepareStatement(
                        "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, discount,"
                                + " transactions, is_return) VALUES (?, ?, ?, 'store', ?, ?, NULL, 1, FALSE)")) {
            Date date = Date.valueOf(day);
            for (int s = 0; s < stores; s++) {
                for (int k = 0; k < skus; k++) {
                    long h = hash(s, k, seed);
                    // 0.5 % negative, where the benchmark has 0.1 %: at 1,600 positions a day that could leave none
                    long onHand = h % 100 < 5 ? 0 : h % 200 == 5 ? -1 : h % 40;
                    stock.setString(1, storeId(s));
                    stock.setString(2, sku(k));
                    stock.setDate(3, date);
                    stock.setBigDecimal(4, BigDecimal.valueOf(onHand));
                    stock.setBigDecimal(5, BigDecimal.valueOf(h % 7 == 0 ? 12 : 0));
                    stock.addBatch();
                    long sold = hash(s, k, seed + 1);
                    if ((sold >>> 20) % 100 < 2 + k % 37) {
                        long units = 1 + sold % (1 + k % 6);
                        sales.setString(1, storeId(s));
                        sales.setString(2, sku(k));
                        sales.setDate(3, date);
                        sales.setBigDecimal(4, BigDecimal.valueOf(units));
                        sales.setBigDecimal(5, unitPrice(k).multiply(BigDecimal.valueOf(units)));
                        sales.addBatch();
                    }
                }
            }
            stock.executeBatch();
            sales.executeBatch();
        }
    }

    private static String storeId(int s) {
        return "S%04d".formatted(s);
    }

    private static String sku(int k) {
        return "K%06d".formatted(k);
    }

    private static String supplierId(int v) {
        return "V%02d".formatted(v);
    }

    private static BigDecimal unitCost(int k) {
        return BigDecimal.ONE.add(BigDecimal.valueOf(k % 50, 1)).setScale(4);
    }

    private static BigDecimal unitPrice(int k) {
        return unitCost(k).multiply(new BigDecimal("1.6")).setScale(4);
    }

    /** A well-mixed non-negative hash of the three numbers (SplitMix64's finaliser). */
    private static long hash(long s, long k, long seed) {
        long z = s * 0x9E3779B97F4A7C15L + k * 0xC2B2AE3D27D4EB4FL + seed * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }
}
