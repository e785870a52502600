package io.stockroom.bench;

import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Statement;

/** Writes the benchmark's CSV files with the engine itself (fast, and not what is being measured). */
final class BenchChain {

    private BenchChain() {}

    record Files(Path stores, Path products, Path sales, Path inventory) {}

    static Files write(Warehouse scratch, Path dir, BenchScale scale) {
        Files f = new Files(
                dir.resolve("stores.csv"),
                dir.resolve("products.csv"),
                dir.resolve("sales_" + scale.day() + ".csv"),
                dir.resolve("inventory_" + scale.day() + ".csv"));
        int modulo = (int) Math.round(1 / scale.salesDensity());
        String day = "DATE '" + scale.day() + "'";
        scratch.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(
                        "COPY (SELECT 'S' || lpad(CAST(i AS VARCHAR), 4, '0') AS store_id, 'Store ' || i AS name, 'Area ' || (i % 10) AS area "
                                + "FROM range(" + scale.stores() + ") t(i)) TO '" + f.stores()
                                + "' (HEADER, DELIMITER ',')");
                s.execute(
                        "COPY (SELECT 'K' || lpad(CAST(i AS VARCHAR), 7, '0') AS sku, 'Product ' || i AS name, 'Dept ' || (i % 8) AS department, "
                                + "'Cat ' || (i % 60) AS category, round(1 + (i % 97) / 10.0, 2) AS unit_cost, round(2 + (i % 97) / 6.0, 2) AS unit_price "
                                + "FROM range(" + scale.skus() + ") t(i)) TO '" + f.products()
                                + "' (HEADER, DELIMITER ',')");
                s.execute(
                        "COPY (SELECT 'S' || lpad(CAST(s AS VARCHAR), 4, '0') AS store_id, 'K' || lpad(CAST(k AS VARCHAR), 7, '0') AS sku, "
                                + day
                                + " AS date, 1 + (s * 7 + k) % 9 AS units_sold, round((1 + (s * 7 + k) % 9) * (2 + (k % 97) / 6.0), 2) AS total_sales, "
                                + "1 + (s + k) % 4 AS transactions FROM range(" + scale.stores() + ") a(s), range("
                                + scale.skus() + ") b(k) "
                                + "WHERE (s * 31 + k * 17) % " + modulo + " = 0) TO '" + f.sales()
                                + "' (HEADER, DELIMITER ',')");
                s.execute(
                        "COPY (SELECT 'S' || lpad(CAST(s AS VARCHAR), 4, '0') AS store_id, 'K' || lpad(CAST(k AS VARCHAR), 7, '0') AS sku, "
                                + day
                                + " AS date, (s * 13 + k * 7) % 60 AS on_hand, CASE WHEN k % 5 = 0 THEN 12 ELSE 0 END AS on_order "
                                + "FROM range(" + scale.stores() + ") a(s), range(" + scale.skus() + ") b(k)) TO '"
                                + f.inventory() + "' (HEADER, DELIMITER ',')");
            }
            return null;
        });
        return f;
    }
}
