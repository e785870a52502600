package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small generated chain (the benchmark chain's rules at 4 stores x 400 SKUs, 35 days, written row by row so that it
 * loads on either engine: {@link BenchChainRows}), run day after day as the pipeline would: nothing that must not be
 * ordered is ordered, every line's explanation reproduces its quantity, and the incrementally kept demand statistics
 * equal a rebuild from the facts. On DuckDB and, with -Dstockroom.test.engine=postgres, on PostgreSQL.
 */
@BesideTheOtherClasses
class ReplenishmentIntegrationTest {

    static final LocalDate END = ReplenishmentBenchmark.END;

    @TempDir
    static Path dir;

    static Chain chain;
    static ReplenishmentService service;

    @BeforeAll
    static void generate() {
        chain = new Chain(dir);
        BenchChainRows rows = new BenchChainRows(4, 400);
        chain.warehouse.inTransaction(c -> {
            rows.master(c, END);
            for (int back = 0; back <= 35; back++) {
                LocalDate day = END.minusDays(back);
                rows.day(c, day, day.toEpochDay() * 2);
            }
            return null;
        });
        // a load leaves its tables' planner statistics current (PostgreSQL; nothing on DuckDB), and so must rows
        // written
        // by hand: planned as the empty tables they were, the first demand statistics ran for over 8 minutes
        chain.warehouse.withConnection(c -> {
            for (String table : BenchChainRows.TABLES) {
                io.stockroom.warehouse.Dialect.of(c).refreshStatistics(c, table);
            }
            return null;
        });
        service = new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults());
        for (int back = 3; back >= 0; back--) {
            service.run(END.minusDays(back), Optional.empty());
        }
    }

    @AfterAll
    static void close() {
        chain.close();
    }

    @Test
    void theDailyRunsBuiltTheStatisticsIncrementally() {
        assertThat(chain.rows("SELECT built FROM demand_stats_state ORDER BY as_of"))
                .extracting(r -> r.get("built"))
                .containsExactly("incremental", "incremental");
        assertThat(chain.count("SELECT COUNT(*) FROM replenishment_lines WHERE business_date = ?", END))
                .isGreaterThan(100);
    }

    @Test
    void lineIdsAreUniqueAndExactInJavaScript() {
        assertThat(chain.count("SELECT COUNT(DISTINCT id) - COUNT(*) FROM replenishment_lines"))
                .isZero();
        assertThat(chain.count("SELECT MAX(id) FROM replenishment_lines"))
                .isPositive()
                .isLessThan(1L << 53);
    }

    @Test
    void noDoNotReorderStruckOrExpiredOfferIsEverOrdered() {
        assertThat(chain.count(
                        "SELECT COUNT(*) FROM products WHERE do_not_reorder OR struck OR lto_end_date IS NOT NULL"))
                .isGreaterThan(5);
        assertThat(chain.count("""
                SELECT COUNT(*) FROM replenishment_lines l JOIN products p ON p.sku = l.sku
                WHERE p.do_not_reorder OR p.struck OR (p.lto_end_date IS NOT NULL AND p.lto_end_date - l.business_date < l.lead_time_days)""")).isGreaterThan(0);
        assertThat(chain.count("""
                SELECT COUNT(*) FROM replenishment_lines l JOIN products p ON p.sku = l.sku
                WHERE l.final_qty > 0
                  AND (p.do_not_reorder OR p.struck OR (p.lto_end_date IS NOT NULL AND p.lto_end_date - l.business_date < l.lead_time_days))""")).isZero();
        assertThat(chain.count("""
                SELECT COUNT(*) FROM replenishment_lines l JOIN products p ON p.sku = l.sku
                WHERE p.do_not_reorder AND l.exception IS DISTINCT FROM 'DNR'""")).isZero();
    }

    @Test
    void everyLinesExplanationReproducesItsQuantity() {
        List<LineValues> lines = chain.warehouse.withConnection(
                c -> NamedSql.query(c, "SELECT * FROM replenishment_lines", Map.of(), LineValues::of));
        assertThat(lines).hasSizeGreaterThan(400);
        for (LineValues v : lines) {
            assertThat(PolicyCheck.problems(v))
                    .as("line %s %s %s", v.businessDate(), v.storeId(), v.sku())
                    .isEmpty();
            assertThat(Explanation.steps(v)).isNotEmpty();
        }
        assertThat(lines)
                .anyMatch(v -> v.afterCase() != v.afterMoq())
                .anyMatch(v -> v.afterMoq() != v.needUnits())
                .anyMatch(v -> v.exception() == null && v.finalQty() > 0);
    }

    @Test
    void incrementalStatisticsEqualARebuildFromTheFacts() {
        String stats =
                "SELECT store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units, last_counted, revenue, snapshot_date, "
                        + "on_hand, on_order, reserved, missing_days, missing_bits, long_days, long_units, long_units_sq, long_bits "
                        + "FROM demand_daily_stats WHERE as_of = ?";
        List<Map<String, Object>> incremental = chain.rows(stats + " ORDER BY store_no, sku_no", END);
        chain.warehouse.inTransaction(
                c -> new DemandStatistics(ReplenishmentProperties.defaults()).update(c, END, true));
        List<Map<String, Object>> rebuilt = chain.rows(stats + " ORDER BY store_no, sku_no", END);
        assertThat(incremental).hasSizeGreaterThan(1000).isEqualTo(rebuilt);
    }

    @Test
    void aDemandWindowTooLongForTheDayBitsIsKeptFromTheFactsAndEqualsARebuild() throws Exception {
        // 63 days: the leaving day's stock is read back from the inventory (demand_stats_incremental_facts.sql)
        DemandStatistics longWindow = new DemandStatistics(
                ReplenishmentProperties.defaults().withDemandWindowDays(DemandStatistics.MAX_COUNTED_DAYS + 1));
        String stats =
                "SELECT store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units, last_counted, revenue, snapshot_date, "
                        + "on_hand, on_order, reserved, missing_days, missing_bits, long_days, long_units, long_units_sq, long_bits "
                        + "FROM demand_daily_stats WHERE as_of = ? ORDER BY store_no, sku_no";
        try (java.sql.Connection c = chain.warehouse.connection()) {
            c.setAutoCommit(false); // rolled back: the other tests keep the 28-day statistics
            try {
                assertThat(longWindow.update(c, END.minusDays(1), true)).isEqualTo(DemandStatistics.Mode.FULL);
                assertThat(longWindow.update(c, END)).isEqualTo(DemandStatistics.Mode.INCREMENTAL);
                List<Map<String, Object>> incremental = rows(c, stats, END);
                assertThat(longWindow.update(c, END, true)).isEqualTo(DemandStatistics.Mode.FULL);
                assertThat(incremental).hasSizeGreaterThan(1000).isEqualTo(rows(c, stats, END));
            } finally {
                c.rollback();
            }
        }
    }

    private static List<Map<String, Object>> rows(java.sql.Connection c, String sql, LocalDate d)
            throws java.sql.SQLException {
        return NamedSql.query(c, sql.replace("?", ":d"), Map.of("d", d), rs -> {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            return row;
        });
    }

    @Test
    void aLateCorrectionInTheWindowForcesARebuildAndARerunReusesUnchangedStatistics() {
        chain.warehouse.inTransaction(c -> {
            assertThat(new DemandStatistics(ReplenishmentProperties.defaults()).update(c, END))
                    .isEqualTo(DemandStatistics.Mode.REUSED);
            return null;
        });
        chain.exec(
                "UPDATE sales SET units_sold = units_sold + 1, load_seq = nextval('load_seq_ids') WHERE store_id = 'S0001' AND business_date = ?",
                END.minusDays(10));
        chain.warehouse.inTransaction(c -> {
            assertThat(new DemandStatistics(ReplenishmentProperties.defaults()).update(c, END))
                    .isEqualTo(DemandStatistics.Mode.FULL);
            return null;
        });
    }

    @Test
    void theExceptionReportCoversTheChain() {
        Map<String, Long> counts = new ReplenishmentExceptions(chain.warehouse)
                .list(END, null, null, 10, 0)
                .counts();
        assertThat(counts).containsKeys("NO_SUPPLIER", "NEGATIVE_ON_HAND");
    }
}
