package io.stockroom.bench;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.warehouse.TrinoSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The write path alone: Trino's postgresql connector writing N generated rows shaped like
 * {@code mart_inventory_position_base} (a date, two short texts, decimals, small integers) into the warehouse with
 * {@code CREATE TABLE AS}, the statement {@code Lake.replaceModelRows} uses, under each set of connector session
 * properties. No model is computed, so the time is the connector's. A benchmark, not a test: {@code ./mvnw -Ptrino test
 * -Dtest=TrinoWriteBenchmark -Dstockroom.bench=true [-Dstockroom.bench.rows=1000000]}.
 */
@EnabledIfSystemProperty(named = "stockroom.bench", matches = "true")
class TrinoWriteBenchmark {

    private record Variant(String name, List<String> session) {}

    @Test
    void createTableAsIntoTheWarehouseUnderEachSetting() throws Exception {
        int rows = Integer.getInteger("stockroom.bench.rows", 1_000_000);
        StockroomProperties.Warehouse pg = TestPostgres.newWarehouse();
        try (Connection w = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                Statement s = w.createStatement()) {
            s.execute("CREATE SCHEMA " + pg.schema());
        }
        TrinoSettings trino = TestTrino.settings("lake_" + pg.schema());
        String cat = trino.postgresCatalog();
        List<Variant> variants = List.of(
                new Variant("defaults (batch 1,000, temp table + copy)", List.of()),
                new Variant("non_transactional_insert", List.of(cat + ".non_transactional_insert = true")),
                new Variant("write_batch_size 10,000", List.of(cat + ".write_batch_size = 10000")),
                new Variant(
                        "both, batch 10,000",
                        List.of(cat + ".non_transactional_insert = true", cat + ".write_batch_size = 10000")),
                new Variant(
                        "both, batch 50,000",
                        List.of(cat + ".non_transactional_insert = true", cat + ".write_batch_size = 50000")));
        int side = (int) Math.ceil(Math.sqrt(rows));
        String select =
                "SELECT DATE '2026-12-02' AS business_date, 'S' || lpad(CAST(a AS VARCHAR), 5, '0') AS store_id,"
                        + " 'SKU' || lpad(CAST(b AS VARCHAR), 6, '0') AS sku, CAST(a * 0.5 AS DECIMAL(14,3)) AS on_hand,"
                        + " CAST(b * 0.25 AS DECIMAL(14,3)) AS on_order, CAST(0 AS DECIMAL(14,3)) AS reserved,"
                        + " CAST(a + b AS DECIMAL(18,3)) AS units_28d, CAST(a % 4 + 1 AS SMALLINT) AS velocity_code,"
                        + " CAST(IF(b % 7 = 0, 2) AS SMALLINT) AS alert_code, CAST(IF(b % 7 = 0, 3) AS SMALLINT) AS severity_rank"
                        + " FROM UNNEST(sequence(1, " + side + ")) x (a) CROSS JOIN UNNEST(sequence(1, " + side
                        + ")) y (b)"
                        + " LIMIT " + rows;
        Properties p = new Properties();
        p.setProperty("user", trino.user());
        System.out.printf(Locale.ROOT, "Trino CREATE TABLE AS into PostgreSQL, %,d rows%n", rows);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get(i);
                String table = cat + "." + pg.schema() + ".w" + i;
                try (Connection c = DriverManager.getConnection(trino.url(), p);
                        Statement s = c.createStatement()) {
                    for (String set : v.session()) {
                        s.execute("SET SESSION " + set);
                    }
                    s.execute("DROP TABLE IF EXISTS " + table);
                    long t = System.nanoTime();
                    s.execute("CREATE TABLE " + table + " AS " + select);
                    long ms = (System.nanoTime() - t) / 1_000_000;
                    long written;
                    try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        r.next();
                        written = r.getLong(1);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "round %d  %-42s %,8d ms  %,9d rows/s  (%,d rows)%n",
                            round + 1,
                            v.name(),
                            ms,
                            written * 1000 / Math.max(1, ms),
                            written);
                    s.execute("DROP TABLE " + table);
                }
            }
        }
    }
}
