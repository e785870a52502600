package io.stockroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import io.stockroom.warehouse.Sql;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daily refresh on PostgreSQL plans with statistics that know the day it refreshes. Without them, the day loaded
 * since the last ANALYZE is estimated at one row, and the one-date inventory position (500,000 snapshots at 100 stores x
 * 5,000 SKUs) was planned as a nested loop that was cancelled after 90 s; with them it takes 2 s.
 */
class PostgresPlannerStatisticsTest {

    private static final LocalDate DAY1 = LocalDate.of(2026, 3, 2);
    private static final LocalDate DAY2 = DAY1.plusDays(1);
    private static final int STORES = 20;
    private static final int SKUS = 1_500;

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

    @Test
    void theDayARefreshReadsAndTheRowsItWritesAreKnownToThePlanner() {
        ModelRunner runner = new ModelRunner(w.warehouse);
        load(DAY1);
        runner.refresh(Set.of(DAY1));
        w.warehouse.withConnection(c -> Sql.on(c).sql("ANALYZE").update()); // as autovacuum would, overnight

        load(DAY2);
        runner.refresh(Set.of(DAY2));

        int pairs = STORES * SKUS;
        assertThat(estimatedRows("inventory", DAY2)).isGreaterThan(pairs / 2);
        assertThat(estimatedRows("sales", DAY2)).isGreaterThan(pairs / 4);
        // written by the refresh and read by the models after it, in the same transaction
        assertThat(estimatedRows("mart_sales_daily", DAY2)).isGreaterThan(pairs / 4);
        assertThat(estimatedRows("mart_inventory_position_base", DAY2)).isGreaterThan(pairs / 2);
    }

    /**
     * mart_sales_daily groups a day of sales lines by store, SKU and channel: each line its own group. Without the
     * sales key's distinct counts (V173) the planner caps the groups of several columns at a tenth of the rows, and a
     * day of 2M lines spilled its hash aggregate to disk in hundreds of batches.
     */
    @Test
    void theGroupsOfADaysSalesLinesAreKnownToThePlanner() {
        load(DAY1);
        new ModelRunner(w.warehouse).refresh(Set.of(DAY1));
        w.warehouse.withConnection(c -> Sql.on(c).sql("ANALYZE").update()); // as autovacuum would, overnight

        long lines = STORES * SKUS / 2;
        long estimated = w.warehouse.withConnection(c -> TestPostgres.estimatedRows(
                c,
                "(SELECT store_id, sku, channel FROM sales WHERE business_date = DATE '" + DAY1
                        + "' GROUP BY business_date, store_id, sku, channel) g"));
        assertThat(estimated).isGreaterThan(lines / 2);
    }

    /** Every pair has a snapshot; every other pair sold. */
    private void load(LocalDate day) {
        w.warehouse.withConnection(c -> {
            Sql.on(c).sql("""
                            INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved)
                            SELECT 'S' || s, 'P' || p, ?, 5, 0, 0
                            FROM generate_series(1, ?) s, generate_series(1, ?) p""").param(Sql.date(day)).param(STORES).param(SKUS).update();
            Sql.on(c).sql("""
                            INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return)
                            SELECT 'S' || s, 'P' || p, ?, 'store', 1, 2.50, FALSE
                            FROM generate_series(1, ?) s, generate_series(1, ?) p WHERE p % 2 = 0""").param(Sql.date(day)).param(STORES).param(SKUS).update();
            return null;
        });
    }

    private long estimatedRows(String table, LocalDate day) {
        return w.warehouse.withConnection(
                c -> TestPostgres.estimatedRows(c, table + " WHERE business_date = DATE '" + day + "'"));
    }
}
