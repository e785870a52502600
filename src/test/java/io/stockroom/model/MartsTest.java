package io.stockroom.model;

import static io.stockroom.testdata.RetailFixture.aFeed;
import static io.stockroom.testdata.RetailFixture.aLabourDay;
import static io.stockroom.testdata.RetailFixture.aProduct;
import static io.stockroom.testdata.RetailFixture.aQuarantinedRow;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aSnapshot;
import static io.stockroom.testdata.RetailFixture.aStore;
import static io.stockroom.testdata.RetailFixture.aSupplier;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The numbers a store manager reads off the marts, from a handful of rows worked out by hand. */
class MartsTest {

    /** A Monday. */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private RetailFixture fx;
    private ModelRunner runner;

    @BeforeEach
    void open() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        fx = new RetailFixture(warehouse);
        runner = new ModelRunner(warehouse);
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    private void salesDay() {
        fx.add(
                aStore("S1").inArea("North"),
                aStore("S2").inArea("South"),
                aProduct("A").in("Food", "Snacks").cost(1.00),
                aProduct("B").in("Food", "Drinks").cost(2.50),
                aProduct("C").in("Home", "Candles").noCost(),
                aProduct("R").in("Food", "Snacks").cost(2.00));
        fx.add(
                aSale().atStore("S1")
                        .forSku("A")
                        .on(D)
                        .units(3)
                        .value(12.50)
                        .discount(1.50)
                        .transactions(3),
                aSale().atStore("S1")
                        .forSku("A")
                        .on(D)
                        .channel("online")
                        .units(1)
                        .value(4.00)
                        .transactions(1),
                aSale().atStore("S1").forSku("B").on(D).units(2).value(10.00).transactions(2),
                aSale().atStore("S1").forSku("C").on(D).units(1).value(6.00).transactions(1),
                aSale().atStore("S1").forSku("R").on(D).units(-1).value(-5.00),
                // a store without item detail: one store-level row a day
                aSale().atStore("S2").storeLevel().on(D).value(1000.00).transactions(50),
                // same weekday last week and 364 days back
                aSale().atStore("S1")
                        .forSku("A")
                        .on(D.minusDays(7))
                        .units(2)
                        .value(20.00)
                        .transactions(2),
                aSale().atStore("S1")
                        .forSku("A")
                        .on(D.minusDays(364))
                        .units(2)
                        .value(25.00)
                        .transactions(2));
        fx.add(aLabourDay().atStore("S1").on(D).hours(10).cost(5.50));
    }

    @Test
    void skuRowsCarryNetSalesReturnsCogsAndMargin() {
        salesDay();
        runner.rebuildAll();
        assertThat(fx.rows("""
                SELECT sku, channel, units, net_sales, discounts, return_units, return_value, cogs, gross_margin, gross_margin_pct
                FROM mart_sales_daily WHERE business_date = ? AND store_id = 'S1' ORDER BY sku, channel""", D))
                .containsExactly(
                        List.of("A", "online", "1.000", "4.00", "0.00", "0.000", "0.00", "1.00", "3.00", "75.00"),
                        List.of("A", "store", "3.000", "12.50", "1.50", "0.000", "0.00", "3.00", "9.50", "76.00"),
                        List.of("B", "store", "2.000", "10.00", "0.00", "0.000", "0.00", "5.00", "5.00", "50.00"),
                        List.of("C", "store", "1.000", "6.00", "0.00", "0.000", "0.00", "null", "null", "null"),
                        List.of("R", "store", "-1.000", "-5.00", "0.00", "1.000", "5.00", "-2.00", "-3.00", "60.00"));
    }

    /**
     * The margin is net sales less the exact cost of the units, rounded once, half a cent away from zero: a cost of
     * 0.335 leaves 0.665 of a 1.00 sale, so the margin is 0.67 while cogs shows 0.34 (net - cogs would give 0.66). The
     * same holds for a return, a sale at zero, a product without a cost and a cost beyond
     * the 64-bit form's 10^10 (100,000,000.5 units at 100.33 cost 10,033,000,050.165).
     */
    @Test
    void theMarginRoundsTheExactDifferenceOnceEvenWhereTheCostEndsInHalfACent() {
        fx.add(
                aStore("S1").inArea("North"),
                aStore("S2").inArea("South"),
                aProduct("H").in("Food", "Snacks").cost(0.335),
                aProduct("N").in("Home", "Candles").noCost(),
                aProduct("L").in("Home", "Lamps").cost(100.33));
        fx.add(
                aSale().atStore("S1").forSku("H").on(D).units(1).value(1.00),
                aSale().atStore("S1")
                        .forSku("H")
                        .on(D)
                        .channel("online")
                        .units(-1)
                        .value(-1.00),
                aSale().atStore("S1").forSku("N").on(D).units(1).value(2.00),
                aSale().atStore("S2").forSku("H").on(D).units(1).value(0.00),
                aSale().atStore("S2")
                        .forSku("L")
                        .on(D)
                        .channel("online")
                        .units(100_000_000.5)
                        .value(9_000_000_000.01));
        runner.rebuildAll();
        assertThat(fx.rows("""
                SELECT store_id, sku, channel, cogs, gross_margin, gross_margin_pct
                FROM mart_sales_daily WHERE business_date = ? ORDER BY store_id, sku, channel""", D))
                .containsExactly(
                        List.of("S1", "H", "online", "-0.34", "-0.67", "66.50"),
                        List.of("S1", "H", "store", "0.34", "0.67", "66.50"),
                        List.of("S1", "N", "store", "null", "null", "null"),
                        List.of("S2", "H", "store", "0.34", "-0.34", "null"),
                        List.of("S2", "L", "online", "10033000050.17", "-1033000050.16", "-11.48"));
    }

    @Test
    void aStoreDayAddsUpEveryChannelAndTakesMarginOnlyWhereCostIsKnown() {
        salesDay();
        runner.rebuildAll();
        // net 12.50 + 4 + 10 + 6 - 5 = 27.50; margin 9.50 + 3 + 5 - 3 = 14.50 on costed sales 21.50 = 67.44 %;
        // S1 reports transactions per item only (3 + 1 + 2 + 1): baskets cannot be added up from those, so none
        assertThat(fx.rows("""
                SELECT units, net_sales, return_value, cogs, gross_margin, gross_margin_pct, transactions, aov
                FROM mart_sales_store_daily WHERE business_date = ? AND store_id = 'S1'""", D))
                .containsExactly(List.of("6.000", "27.50", "5.00", "7.00", "14.50", "67.44", "null", "null"));
    }

    @Test
    void storeLevelSalesCountInStoreAreaAndChainTotalsButNotInCategories() {
        salesDay();
        runner.rebuildAll();
        assertThat(fx.rows(
                        "SELECT net_sales, transactions, aov, gross_margin FROM mart_sales_store_daily WHERE business_date = ? AND store_id = 'S2'",
                        D))
                .containsExactly(List.of("1000.00", "50", "20.00", "null"));
        assertThat(fx.rows(
                        "SELECT area, net_sales, transactions FROM mart_sales_area_daily WHERE business_date = ? ORDER BY area",
                        D))
                .containsExactly(List.of("North", "27.50", "null"), List.of("South", "1000.00", "50"));
        // chain AOV over the sales whose baskets are counted: 1000.00 / 50
        assertThat(fx.rows(
                        "SELECT net_sales, transactions, aov, stores_trading FROM mart_sales_chain_daily WHERE business_date = ?",
                        D))
                .containsExactly(List.of("1027.50", "50", "20.00", "2"));
        assertThat(fx.rows(
                        "SELECT store_id, category, net_sales FROM mart_sales_category_daily WHERE business_date = ? ORDER BY category",
                        D))
                .containsExactly(
                        List.of("S1", "Candles", "6.00"),
                        List.of("S1", "Drinks", "10.00"),
                        List.of("S1", "Snacks", "11.50"));
        assertThat(fx.rows(
                        "SELECT department, net_sales, gross_margin_pct FROM mart_sales_department_daily WHERE business_date = ? ORDER BY 1",
                        D))
                .containsExactly(List.of("Food", "21.50", "67.44"), List.of("Home", "6.00", "null"));
    }

    @Test
    void growthComparesWithTheSameWeekdayLastWeekAndLastYear() {
        salesDay();
        runner.rebuildAll();
        assertThat(fx.rows("""
                SELECT net_sales_last_week, wow_growth_pct, net_sales_last_year, yoy_growth_pct
                FROM mart_sales_store_daily WHERE business_date = ? AND store_id = 'S1'""", D)).containsExactly(List.of("20.00", "37.50", "25.00", "10.00"));
        assertThat(fx.rows(
                        "SELECT wow_growth_pct FROM mart_sales_store_daily WHERE business_date = ? AND store_id = 'S2'",
                        D))
                .containsExactly(List.of("null"));
    }

    @Test
    void labourShowsSalesPerHourAndLabourShareOfSales() {
        salesDay();
        runner.rebuildAll();
        assertThat(
                        fx.rows(
                                "SELECT hours, labour_cost, net_sales, sales_per_labour_hour, labour_pct_of_sales FROM mart_labour_daily"))
                .containsExactly(List.of("10.00", "5.50", "27.50", "2.75", "20.00"));
    }

    private void stockDay() {
        fx.add(
                aStore("S1"),
                aProduct("F").in("Food", "Snacks"),
                aProduct("M1").in("Food", "Snacks"),
                aProduct("M2").in("Food", "Drinks").cost(2),
                aProduct("S1").in("Home", "Candles"),
                aProduct("S2").in("Home", "Candles"),
                aProduct("G").in("Home", "Candles"),
                aProduct("X").in("Food", "Snacks").doNotReorder(),
                aSupplier("V1").leadTime(10).supplies("M1"));
        fx.add(
                aSale().forSku("F").on(D.minusDays(28)).units(100).value(100), // one day before the 28-day window
                aSale().forSku("F").on(D.minusDays(27)).units(28).value(28),
                aSale().forSku("F").on(D).units(28).value(28),
                aSale().forSku("M1").on(D.minusDays(10)).units(28).value(28),
                aSale().forSku("M2").on(D.minusDays(1)).units(14).value(14),
                aSale().forSku("S1").on(D.minusDays(5)).units(7).value(7),
                aSale().forSku("S2").on(D.minusDays(20)).units(2).value(2));
        // the store reports sales every day of the window (lines of 0 units for G), so no day is a missing store-day
        for (int back = 0; back <= 28; back++) {
            fx.add(aSale().forSku("G").on(D.minusDays(back)).units(0).value(0));
        }
        fx.add(
                aSnapshot().forSku("F").on(D).onHand(0).onOrder(24),
                aSnapshot().forSku("M1").on(D).onHand(3),
                aSnapshot().forSku("M2").on(D).onHand(100),
                aSnapshot().forSku("S1").on(D).onHand(1),
                aSnapshot().forSku("S2").on(D).onHand(2),
                aSnapshot().forSku("G").on(D).onHand(5),
                aSnapshot().forSku("X").on(D).onHand(0));
    }

    @Test
    void positionsShowCoverSellThroughAndVelocity() {
        stockDay();
        runner.rebuildAll();
        assertThat(fx.rows("""
                SELECT sku, on_hand, on_order, units_28d, avg_daily_sales, days_of_cover, weeks_of_supply, sell_through_pct,
                       stock_out, overstock, velocity_class
                FROM mart_inventory_position WHERE business_date = ? ORDER BY sku""", D))
                .containsExactly(
                        List.of(
                                "F", "0.000", "24.000", "56.000", "2.0000", "0.0", "0.00", "100.00", "true", "false",
                                "fast"),
                        List.of(
                                "G",
                                "5.000",
                                "0.000",
                                "0.000",
                                "0.0000",
                                "null",
                                "null",
                                "0.00",
                                "false",
                                "true",
                                "stagnant"),
                        List.of(
                                "M1", "3.000", "0.000", "28.000", "1.0000", "3.0", "0.43", "90.32", "false", "false",
                                "medium"),
                        List.of(
                                "M2", "100.000", "0.000", "14.000", "0.5000", "200.0", "28.57", "12.28", "false",
                                "true", "medium"),
                        List.of(
                                "S1", "1.000", "0.000", "7.000", "0.2500", "4.0", "0.57", "87.50", "false", "false",
                                "slow"),
                        List.of(
                                "S2", "2.000", "0.000", "2.000", "0.0714", "28.0", "4.00", "50.00", "false", "false",
                                "slow"),
                        List.of(
                                "X",
                                "0.000",
                                "0.000",
                                "0.000",
                                "0.0000",
                                "0.0",
                                "0.00",
                                "null",
                                "true",
                                "false",
                                "stagnant"));
    }

    @Test
    void aDayWithoutTheStoresSalesIsLeftOutOfTheAverageDailySales() {
        // one unit of F a day for 28 days, but the store's sales of D-5 never loaded (its feed failed): 27 units over
        // the 27 known days is 1 a day, not 27 / 28 = 0.9643; 27 on hand cover 27 days, 3.86 weeks
        fx.add(aStore("S1"), aProduct("F").in("Food", "Snacks"));
        for (int back = 0; back < 28; back++) {
            if (back != 5) {
                fx.add(aSale().forSku("F").on(D.minusDays(back)).units(1).value(1));
            }
        }
        fx.add(aSnapshot().forSku("F").on(D).onHand(27));
        runner.rebuildAll();
        assertThat(fx.rows("""
                SELECT units_28d, sales_days_missing, avg_daily_sales, days_of_cover, weeks_of_supply
                FROM mart_inventory_position WHERE business_date = ? AND sku = 'F'""", D)).containsExactly(List.of("27.000", "1", "1.0000", "27.0", "3.86"));
    }

    @Test
    void aLowStockAlertIsRaisedOnTheDaysWhoseSalesArrivedNotHiddenByTheDaysThatDidNot() {
        // S1 sells one F and one E a day, but its sales feed of D-14..D-5 never arrived: 18 units over the 18 known
        // days is 1 a day. 6 F on hand cover 6 days, under the 7-day lead time: LOW_STOCK. Read as 28 days (18/28 a
        // day) they covered 9.3 days and raised nothing. 80 E cover 80 days (11.4 weeks), not the 17.8 weeks that
        // made it an OVERSTOCK.
        fx.add(aStore("S1"), aProduct("F").in("Food", "Snacks"), aProduct("E").in("Food", "Snacks"));
        for (int back = 0; back < 28; back++) {
            if (back < 5 || back > 14) {
                fx.add(aSale().forSku("F").on(D.minusDays(back)).units(1).value(1));
                fx.add(aSale().forSku("E").on(D.minusDays(back)).units(1).value(1));
            }
        }
        fx.add(
                aSnapshot().forSku("F").on(D).onHand(6),
                aSnapshot().forSku("E").on(D).onHand(80));
        runner.rebuildAll();
        List<List<String>> expected = List.of(
                List.of("E", "10", "80.0", "11.43", "false", "fast", "null", "null"),
                List.of("F", "10", "6.0", "0.86", "false", "fast", "LOW_STOCK", "high"));
        String positions = """
                SELECT sku, sales_days_missing, days_of_cover, weeks_of_supply, overstock, velocity_class, alert_type, severity
                FROM mart_inventory_position WHERE business_date = ? ORDER BY sku""";
        assertThat(fx.rows(positions, D)).containsExactlyElementsOf(expected);
        assertThat(fx.rows("SELECT sku, alert_type FROM mart_inventory_alerts WHERE business_date = ?", D))
                .containsExactly(List.of("F", "LOW_STOCK"));
        // the daily refresh of that one date says the same as the rebuild
        runner.refresh(Set.of(D));
        assertThat(fx.rows(positions, D)).containsExactlyElementsOf(expected);
    }

    @Test
    void aStoreWhoseSalesDidNotArriveForTheWholeWindowHasNoDeadStockAndNoClass() {
        // S1 and S2 sold G every day until D-28; from D-27 S2's sales feed never arrived while S1's did. S2's 50 G
        // are not dead stock (nothing says they did not sell) and its class is not stagnant: neither can be known.
        // Its empty shelf of H is still out of stock, rated high (how fast H sells is not known either).
        fx.add(
                aStore("S1"),
                aStore("S2"),
                aProduct("G").in("Home", "Candles"),
                aProduct("H").in("Home", "Candles"));
        for (int back = 0; back <= 40; back++) {
            fx.add(aSale().atStore("S1")
                    .forSku("G")
                    .on(D.minusDays(back))
                    .units(1)
                    .value(1));
            if (back >= 28) {
                fx.add(aSale().atStore("S2")
                        .forSku("G")
                        .on(D.minusDays(back))
                        .units(1)
                        .value(1));
                fx.add(aSale().atStore("S2")
                        .forSku("H")
                        .on(D.minusDays(back))
                        .units(1)
                        .value(1));
            }
        }
        fx.add(
                aSnapshot().atStore("S1").forSku("G").on(D).onHand(5),
                aSnapshot().atStore("S2").forSku("G").on(D).onHand(50),
                aSnapshot().atStore("S2").forSku("H").on(D).onHand(0));
        runner.rebuildAll();
        String positions = """
                SELECT store_id, sku, sales_days_missing, avg_daily_sales, overstock, velocity_class, alert_type, severity
                FROM mart_inventory_position WHERE business_date = ? ORDER BY store_id, sku""";
        List<List<String>> expected = List.of(
                List.of("S1", "G", "0", "1.0000", "false", "fast", "LOW_STOCK", "high"),
                List.of("S2", "G", "28", "null", "false", "null", "null", "null"),
                List.of("S2", "H", "28", "null", "false", "null", "OUT_OF_STOCK", "high"));
        assertThat(fx.rows(positions, D)).containsExactlyElementsOf(expected);
        assertThat(fx.rows(
                        "SELECT store_id, sku, alert_type FROM mart_inventory_alerts WHERE business_date = ? ORDER BY 1, 2",
                        D))
                .containsExactly(List.of("S1", "G", "LOW_STOCK"), List.of("S2", "H", "OUT_OF_STOCK"));
        runner.refresh(Set.of(D));
        assertThat(fx.rows(positions, D)).containsExactlyElementsOf(expected);
        assertThat(runner.test())
                .allSatisfy(t -> assertThat(t.failingRows())
                        .as(t.model() + " " + t.test() + " " + t.detail())
                        .isZero());
    }

    @Test
    void alertsRateOutOfStockLowStockAndOverstockBySeverity() {
        stockDay();
        runner.rebuildAll();
        assertThat(fx.rows(
                        "SELECT sku, alert_type, severity, lead_time_days FROM mart_inventory_alerts WHERE business_date = ? ORDER BY sku",
                        D))
                .containsExactly(
                        List.of("F", "OUT_OF_STOCK", "critical", "7"), // the fastest mover is out
                        List.of("G", "OVERSTOCK", "high", "7"), // dead stock
                        List.of("M1", "LOW_STOCK", "high", "10"), // 3 days of cover, supplier needs 10: under half
                        List.of("M2", "OVERSTOCK", "medium", "7"), // 28.6 weeks of supply
                        List.of("S1", "LOW_STOCK", "low", "7")); // slow mover, 4 of 7 days
        // X is out of stock but marked do-not-reorder: no alert
    }

    @Test
    void aLateSalesCorrectionMovesCoverForTheFollowingFourWeeks() {
        stockDay();
        fx.add(aSnapshot().forSku("M1").on(D.plusDays(10)).onHand(3));
        runner.rebuildAll();
        fx.add(aSale().forSku("M1").on(D.minusDays(3)).units(28).value(28).feed("F-late"));
        runner.refresh(Set.of(D.minusDays(3)));
        assertThat(
                        fx.rows(
                                "SELECT business_date, units_28d, days_of_cover FROM mart_inventory_position WHERE sku = 'M1' ORDER BY 1"))
                .containsExactly(
                        List.of(D.toString(), "56.000", "1.5"),
                        List.of(D.plusDays(10).toString(), "56.000", "1.5"));
    }

    private void qualityDays() {
        LocalDate next = D.plusDays(1);
        fx.add(aStore("S1"), aStore("S2"), aProduct("A"));
        fx.add(
                aFeed("F1").dataset("sales").on(D).loaded(100).updatedAt(Instant.parse("2026-03-10T06:00:00Z")),
                aFeed("F2")
                        .dataset("sales")
                        .on(next)
                        .loaded(90)
                        .quarantined(10)
                        .updatedAt(Instant.parse("2026-03-11T06:00:00Z")),
                aFeed("F3")
                        .dataset("inventory")
                        .on(next)
                        .failed()
                        .quarantined(40)
                        .updatedAt(Instant.parse("2026-03-11T06:05:00Z")),
                aFeed("F4").dataset("inventory").on(D).loaded(50).updatedAt(Instant.parse("2026-03-10T06:05:00Z")));
        fx.add(
                aSale().atStore("S1").on(D).feed("F1"),
                aSale().atStore("S2").on(D).feed("F1"),
                aSale().atStore("S1").on(next).feed("F2"),
                aSnapshot().atStore("S1").on(D).feed("F4"),
                aSnapshot().atStore("S2").on(D).feed("F4"));
        fx.add(
                aQuarantinedRow()
                        .feed("F2")
                        .line(4)
                        .reason("NOT_A_NUMBER", "units_sold", "'abc' is not a number")
                        .reason("UNKNOWN_SKU", "sku", "ZZ is not a product"),
                aQuarantinedRow().feed("F2").line(9).reason("UNKNOWN_SKU", "sku", "ZY is not a product"));
    }

    @Test
    void qualityMartsShowScoreFreshnessMissingDaysAndReasons() {
        qualityDays();
        runner.rebuildAll();
        assertThat(
                        fx.rows(
                                "SELECT business_date, records_loaded, records_quarantined, score FROM mart_quality_daily ORDER BY 1"))
                .containsExactly(
                        List.of(D.toString(), "150", "0", "1.0000"),
                        List.of(D.plusDays(1).toString(), "90", "50", "0.6429"));
        assertThat(fx.rows("SELECT dataset, store_id, business_date FROM mart_missing_store_days"))
                .containsExactly(List.of("sales", "S2", D.plusDays(1).toString()));
        assertThat(
                        fx.rows(
                                "SELECT dataset, store_id, last_business_date, last_good_feed_id, days_stale FROM mart_store_freshness ORDER BY 1, 2"))
                .containsExactly(
                        List.of("inventory", "S1", D.toString(), "F4", "1"),
                        List.of("inventory", "S2", D.toString(), "F4", "1"),
                        List.of("sales", "S1", D.plusDays(1).toString(), "F2", "0"),
                        List.of("sales", "S2", D.toString(), "F1", "1"));
        assertThat(
                        fx.rows(
                                "SELECT dataset, last_good_feed_id, last_business_date, feeds_failed, missing_store_days FROM mart_dataset_freshness ORDER BY 1"))
                .containsExactly(
                        List.of("inventory", "F4", D.toString(), "1", "0"),
                        List.of("sales", "F2", D.plusDays(1).toString(), "0", "1"));
        assertThat(fx.rows("SELECT code, COUNT(*) FROM mart_quarantine_reasons GROUP BY code ORDER BY code"))
                .containsExactly(List.of("NOT_A_NUMBER", "1"), List.of("UNKNOWN_SKU", "2"));
    }
}
