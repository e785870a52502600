package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On PostgreSQL the dashboards' reads of a fact table by business date (the expected-feeds check of the days no run
 * has checked, on every KPI, trend and channel call; the model refresh's days) find the days' pages through an index
 * instead of scanning the table's history, and the inventory alerts find a day's demand spike without scanning every
 * exception (V237).
 */
class PostgresFactDateReadTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    @TempDir
    Path dir;

    private TestWarehouse w;

    @BeforeEach
    void open() {
        w = new TestWarehouse(dir, TestPostgres.newWarehouse());
    }

    @AfterEach
    void close() {
        w.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sales", "inventory", "orders", "labour"})
    void theStoresWithRowsOnTheCalendarsLookBackDaysAreReadFromThoseDaysOnly(String table) {
        String plan = w.warehouse.withConnection(c -> {
            // 120 daily loads, as the ingest appends them
            String insert = switch (table) {
                case "sales" -> """
                                INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales,
                                                   discount, transactions, is_return, load_seq)
                                SELECT 'S' || (r % 20), 'P' || r, CAST(? AS DATE) + d, 'store', 1, 2, 0, 1, FALSE, d
                                FROM generate_series(0, 119) d, generate_series(1, 1000) r ORDER BY d""";
                case "inventory" -> """
                                INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved, load_seq)
                                SELECT 'S' || (r % 20), 'P' || r, CAST(? AS DATE) + d, 1, 0, 0, d
                                FROM generate_series(0, 119) d, generate_series(1, 1000) r ORDER BY d""";
                case "orders" -> """
                                INSERT INTO orders (order_id, ordered_at, business_date, store_id, channel, sku, quantity,
                                                    unit_price, is_cancellation, load_seq, line_number)
                                SELECT 'O' || d || '-' || r, CAST(CAST(? AS DATE) + d AS TIMESTAMP), CAST(? AS DATE) + d,
                                       'S' || (r % 20), 'web', 'P' || r, 1, 2, FALSE, d, 1
                                FROM generate_series(0, 119) d, generate_series(1, 1000) r ORDER BY d""";
                case "labour" -> """
                                INSERT INTO labour (store_id, business_date, hours, labour_cost, load_seq)
                                SELECT 'S' || r, CAST(? AS DATE) + d, 8, 100, d
                                FROM generate_series(0, 119) d, generate_series(1, 1000) r ORDER BY d""";
                default -> throw new IllegalArgumentException(table);
            };
            var load = Sql.on(c).sql(insert).param(Sql.date(START));
            if (table.equals("orders")) {
                load = load.param(Sql.date(START));
            }
            load.update();
            Sql.on(c).sql("ANALYZE " + table).update();
            // ExpectedArrivals.presence: the stores with rows on a day and its look-back weekdays
            return String.join(
                    "\n",
                    Sql.on(c)
                            .sql("EXPLAIN SELECT DISTINCT CAST(store_id AS VARCHAR), business_date FROM " + table
                                    + " WHERE business_date IN (?, ?, ?, ?, ?) AND store_id IS NOT NULL")
                            .params(java.util.stream.IntStream.of(119, 112, 105, 98, 91)
                                    .mapToObj(d -> Sql.date(START.plusDays(d)))
                                    .toList())
                            .query(String.class)
                            .list());
        });
        assertThat(plan).contains(table + "_business_date").doesNotContain("Seq Scan on " + table);
    }

    @Test
    void anAlertsDemandSpikeIsFoundWithoutReadingEveryException() {
        String plan = w.warehouse.withConnection(c -> {
            Sql.on(c).sql("""
                            INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, detail)
                            SELECT CAST(? AS DATE) + (r % 30), CASE WHEN r % 50 = 0 THEN 'DEMAND_SPIKE' ELSE 'NO_SUPPLIER' END,
                                   'S' || (r % 20), 'P' || r, 'x'
                            FROM generate_series(1, 100000) r""").param(Sql.date(START)).update();
            Sql.on(c).sql("ANALYZE replenishment_exceptions").update();
            // InventoryService.ALERTS's look-up, for one alert
            return String.join(
                    "\n",
                    Sql.on(c)
                            .sql("EXPLAIN SELECT 1 FROM replenishment_exceptions sp WHERE sp.code = 'DEMAND_SPIKE'"
                                    + " AND sp.store_id = ? AND sp.sku = ? AND sp.business_date = ?")
                            .param(Sql.text("S0"))
                            .param(Sql.text("P100"))
                            .param(Sql.date(START.plusDays(10)))
                            .query(String.class)
                            .list());
        });
        assertThat(plan)
                .contains("replenishment_exceptions_demand_spike")
                .doesNotContain("Seq Scan on replenishment_exceptions");
    }
}
