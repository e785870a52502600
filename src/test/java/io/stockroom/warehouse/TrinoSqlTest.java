package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a model in the common subset becomes Trino SQL (no server needed). */
class TrinoSqlTest {

    private static final LocalDate FROM = LocalDate.of(2026, 3, 1);
    private static final LocalDate TO = LocalDate.of(2026, 3, 8);

    private static String trino(String sql, String... reads) {
        return TrinoSql.model(
                sql, List.of(reads), t -> (t.equals("sales") ? "iceberg.lake." : "postgresql.s.") + t, FROM, TO);
    }

    @Test
    void theDatesAreBoundAsLiteralsWithTheirOffsetsApplied() {
        assertThat(
                        trino(
                                "WHERE business_date BETWEEN :from_date - 364 AND :to_date - 7 OR business_date = :to_date + 1"))
                .isEqualTo(
                        "WHERE business_date BETWEEN DATE '2025-03-02' AND DATE '2026-03-01' OR business_date = DATE '2026-03-09'");
    }

    @Test
    void theOneJoinFormIsPostgresqlsAndTrinoJoinsPerBranch() {
        assertThat(trino("WHERE n.business_date = :from_date AND sr_join_once() OR NOT SR_JOIN_ONCE ( )"))
                .isEqualTo("WHERE n.business_date = DATE '2026-03-01' AND FALSE OR NOT FALSE");
    }

    @Test
    void dateColumnArithmeticBecomesDateAdd() {
        assertThat(trino("ON w.business_date = d.business_date - 7 AND y.valid_date = valid_date + 364"))
                .isEqualTo(
                        "ON w.business_date = date_add('day', -7, d.business_date) AND y.valid_date = date_add('day', 364, valid_date)");
        assertThat(trino("SELECT units - 7, net_sales + 1 FROM x"))
                .as("only date columns")
                .isEqualTo("SELECT units - 7, net_sales + 1 FROM x");
    }

    @Test
    void eachTableReadIsNamedWithItsCatalogAndNothingElseIs() {
        assertThat(trino(
                        "WITH sales_day AS (SELECT * FROM sales s JOIN stores_versions st ON st.store_id = s.store_id) "
                                + "SELECT sales_day.x FROM sales_day LEFT JOIN\n  stores_versions v ON 1 = 1 WHERE sku NOT IN (SELECT code FROM non_merchandise_codes)",
                        "sales",
                        "stores_versions",
                        "non_merchandise_codes"))
                .isEqualTo(
                        "WITH sales_day AS (SELECT * FROM iceberg.lake.sales s JOIN postgresql.s.stores_versions st ON st.store_id = s.store_id) "
                                + "SELECT sales_day.x FROM sales_day LEFT JOIN\n  postgresql.s.stores_versions v ON 1 = 1 WHERE sku NOT IN "
                                + "(SELECT code FROM postgresql.s.non_merchandise_codes)");
    }

    @Test
    void everyDivisorIsADoubleSoTrinoDividesAsDuckDbDoes() {
        assertThat(
                        TrinoSql.divideAsDouble(
                                "ROUND(CAST(1.0 * f.records_loaded / NULLIF(f.a + f.b, 0) AS DECIMAL(38,9)), 4), x / 28, y/2.0"))
                .isEqualTo(
                        "ROUND(CAST(1.0 * f.records_loaded / CAST(NULLIF(f.a + f.b, 0) AS DOUBLE) AS DECIMAL(38,9)), 4), "
                                + "x / CAST(28 AS DOUBLE), y/ CAST(2.0 AS DOUBLE)");
        assertThat(
                        TrinoSql.divideAsDouble(
                                "a / (b - c) * 2, CAST(SUM(s) OVER (PARTITION BY k) AS DOUBLE) / SUM(s) OVER (PARTITION BY k, d) + 1"))
                .as("a parenthesised divisor, a window call with its OVER clause")
                .isEqualTo("a / CAST((b - c) AS DOUBLE) * 2, CAST(SUM(s) OVER (PARTITION BY k) AS DOUBLE) / "
                        + "CAST(SUM(s) OVER (PARTITION BY k, d) AS DOUBLE) + 1");
        assertThat(TrinoSql.divideAsDouble("a / NULLIF(b / c, 0)"))
                .as("nested")
                .isEqualTo("a / CAST(NULLIF(b / CAST(c AS DOUBLE), 0) AS DOUBLE)");
        assertThat(TrinoSql.divideAsDouble(
                        "-- loaded / (loaded + quarantined)\nSELECT 'a/b', x /* per day / store */ FROM t"))
                .as("comments and strings untouched")
                .isEqualTo("-- loaded / (loaded + quarantined)\nSELECT 'a/b', x /* per day / store */ FROM t");
    }

    @Test
    void aScriptStatementHasItsParametersBoundAndItsOperatorsInTrinosSpelling() {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("d", TO);
        p.put("lt_window", 365);
        p.put("count_bits", true);
        p.put("store", null);
        assertThat(TrinoSql.statement(
                        "SELECT CAST(:d AS DATE), BIT_OR(CASE WHEN c AND :count_bits THEN CAST(1 AS BIGINT) << CAST(:d - business_date AS INTEGER) ELSE 0 END)"
                                + " FROM sales s JOIN keys k ON k.id = s.id WHERE s.received_date > CAST(:d AS DATE) - :lt_window"
                                + " AND CAST(r.received_date - r.ordered_date AS BIGINT) > 0 AND :store IS NULL",
                        p,
                        t -> "c." + t))
                .isEqualTo(
                        "SELECT DATE '2026-03-08', bitwise_or_agg(CASE WHEN c AND TRUE THEN bitwise_left_shift(CAST(1 AS BIGINT), "
                                + "CAST(date_diff('day', business_date, DATE '2026-03-08') AS INTEGER)) ELSE 0 END)"
                                + " FROM c.sales s JOIN c.keys k ON k.id = s.id WHERE s.received_date > DATE '2025-03-08'"
                                + " AND CAST(date_diff('day', r.ordered_date, r.received_date) AS BIGINT) > 0 AND NULL IS NULL");
    }

    @Test
    void theTablesAStatementReadsLeaveOutItsOwnNames() {
        assertThat(TrinoSql.tablesRead("WITH sourcing AS (SELECT sku FROM supplier_products_versions), observed AS ("
                        + "SELECT * FROM receipts r LEFT JOIN sourcing s ON s.sku = r.sku) SELECT * FROM observed"))
                .containsExactly("receipts", "supplier_products_versions");
    }

    @Test
    void theObservedLeadTimesReadOnlyTheReceiptsAndTheSourcing() throws java.io.IOException {
        // observed_lead.sql runs on Trino in the Trino deployment: its CTEs (the outlier fences too) are its own names
        String script;
        try (var in = TrinoSqlTest.class.getResourceAsStream("/replenish/observed_lead.sql")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // (comment lines left out: "from exact integer sums" reads as a table "exact", which the lake does not hold)
        String statement = script.substring(script.indexOf("CREATE TEMP TABLE")).replaceAll("--[^\n]*", "");
        assertThat(TrinoSql.tablesRead(statement)).containsExactlyInAnyOrder("receipts", "supplier_products_versions");
    }

    @Test
    void aDashboardReadIsBoundInOrderAndReadsTheLakeMartThroughItsView() {
        String read = TrinoSql.read(
                "SELECT * FROM (SELECT * FROM mart_inventory_alerts WHERE store_id = ? AND business_date = ?) a"
                        + " JOIN inventory i ON i.business_date = a.business_date - CAST(a.lead_time_days AS INTEGER)"
                        + " WHERE a.name <> 'why?' AND cause = CAST(? AS VARCHAR) LIMIT ? OFFSET ?",
                List.of("S'1", java.sql.Date.valueOf(TO), "on_order", 50, 100),
                t -> t.equals("mart_inventory_alerts") ? "(SELECT 1 AS x)" : "iceberg.lake." + t);
        assertThat(read)
                .isEqualTo("SELECT * FROM (SELECT * FROM (SELECT 1 AS x) mart_inventory_alerts WHERE store_id = 'S''1'"
                        + " AND business_date = DATE '2026-03-08') a JOIN iceberg.lake.inventory i ON i.business_date ="
                        + " date_add('day', -CAST(a.lead_time_days AS INTEGER), a.business_date)"
                        + " WHERE a.name <> 'why?' AND cause = CAST('on_order' AS VARCHAR) OFFSET 100 LIMIT 50");
    }

    @Test
    void aPlanogramReadHasItsJdbcDatesBoundAndItsDateArithmeticInTrinosSpelling() {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("demand_to", java.sql.Date.valueOf(TO));
        p.put("pre_days", 14);
        p.put("store", "S1");
        assertThat(TrinoSql.statement(
                        "SELECT CAST(u AS DECIMAL(18,8)) / (n * (CAST(:demand_to AS DATE) - h.window_start_date + 1))"
                                + " FROM displays d LEFT JOIN mart_sales_daily s ON s.business_date"
                                + " BETWEEN d.start_date - CAST(:pre_days AS INTEGER) AND d.end_date"
                                + " CROSS JOIN (SELECT GREATEST(CAST(:demand_to AS DATE) - 27, MIN(business_date))"
                                + " AS window_start_date FROM mart_sales_daily WHERE store_id = :store) h",
                        p,
                        t -> "c." + t))
                .isEqualTo("SELECT CAST(u AS DECIMAL(18,8)) / CAST((n * (date_diff('day', h.window_start_date,"
                        + " DATE '2026-03-08') + 1)) AS DOUBLE)"
                        + " FROM c.displays d LEFT JOIN c.mart_sales_daily s ON s.business_date"
                        + " BETWEEN date_add('day', -CAST(14 AS INTEGER), d.start_date) AND d.end_date"
                        + " CROSS JOIN (SELECT GREATEST(DATE '2026-02-09', MIN(business_date))"
                        + " AS window_start_date FROM c.mart_sales_daily WHERE store_id = 'S1') h");
    }
}
