package io.stockroom.replenish;

import io.stockroom.warehouse.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Each store's weekday index for a run's DEMAND_SPIKE check (docs/replenishment.md): the store's units on the business
 * date's weekday over the 8 weeks before it, against its average day of those 8 weeks. A store that sells 40 % more
 * on Saturdays has an index of 1.4 on a Saturday, and an item's Saturday is compared with its mean and sigma times
 * 1.4, so the store's usual busy day is not reported as a spike of every fast mover.
 *
 * <p>Read from the store-day mart ({@code mart_sales_store_daily}, built before replenishment by every run), not from
 * the sales facts: 8 weeks of item rows at 500 stores × 20,000 SKUs are 560M rows a run. A store with fewer than 6 of
 * those 8 weekdays sold, or a warehouse whose mart is not built (a replenishment run before any model run), gets no
 * index: the plain mean and sigma, as before.
 */
final class WeekdayIndex {

    /** The weekdays of the 8 weeks that must have sales for an index. */
    static final int MIN_WEEKS = 6;

    private WeekdayIndex() {}

    /** (Re)creates the temporary table {@code repl_weekday_index (store_id, idx)} for a run of {@code d}. */
    static void prepare(Connection c, LocalDate d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS repl_weekday_index");
            s.execute("CREATE TEMP TABLE repl_weekday_index (store_id VARCHAR, idx DOUBLE)");
        }
        if (!Sql.tableExists(c, "mart_sales_store_daily")) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        StringBuilder sameDays = new StringBuilder();
        for (int w = 1; w <= 8; w++) {
            p.put("wd" + w, d.minusWeeks(w));
            sameDays.append(w == 1 ? "" : ", ").append(":wd").append(w);
        }
        p.put("last", d.minusDays(1));
        p.put("min_weeks", MIN_WEEKS);
        NamedSql.update(c, """
                INSERT INTO repl_weekday_index (store_id, idx)
                SELECT store_id,
                       AVG(CASE WHEN business_date IN (%1$s) THEN CAST(units AS DOUBLE) END) / AVG(CAST(units AS DOUBLE))
                FROM mart_sales_store_daily
                WHERE business_date BETWEEN :wd8 AND :last AND store_id IS NOT NULL AND units > 0
                GROUP BY store_id
                HAVING COUNT(CASE WHEN business_date IN (%1$s) THEN 1 END) >= :min_weeks
                """.formatted(sameDays), p);
    }
}
