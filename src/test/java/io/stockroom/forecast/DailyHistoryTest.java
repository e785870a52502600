package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestEngine;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily demand the refresh reads, on a real warehouse (with {@code -Dstockroom.test.engine=postgres}, PostgreSQL):
 * the units of a day's sales rows summed, a return as no demand, fractional, negative and the largest counts
 * ({@code DECIMAL(14,3)}) as their own value, a day the store reported nothing and an out-of-stock day as not observed.
 */
class DailyHistoryTest {

    static final LocalDate D = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    Warehouse w;

    @BeforeEach
    void chain() {
        w = new Warehouse(
                dir.resolve("w"), TestEngine.newWarehouse(new StockroomProperties.Warehouse("duckdb", "1GB", 2)));
        w.inTransaction(c -> {
            try (PreparedStatement sale = c.prepareStatement("INSERT INTO sales (store_id, sku, business_date, channel,"
                            + " units_sold, total_sales, is_return) VALUES ('S1', ?, ?, 'store', ?, 0, ?)");
                    PreparedStatement stock = c.prepareStatement("INSERT INTO inventory (store_id, sku, business_date,"
                            + " on_hand, on_order, reserved) VALUES ('S1', 'P01', ?, 0, 0, 0)")) {
                Object[][] rows = {
                    {"P01", 0, "2.5", false},
                    {"P01", 1, "1.125", false},
                    {"P01", 1, "3", false},
                    {"P01", 2, "4", true},
                    {"P02", 3, "99999999999.999", false},
                    {"P02", 5, "-2.5", false},
                    {"P01", 6, "7", false},
                };
                for (Object[] r : rows) {
                    sale.setString(1, (String) r[0]);
                    sale.setDate(2, java.sql.Date.valueOf(D.plusDays((Integer) r[1])));
                    sale.setBigDecimal(3, new BigDecimal((String) r[2]));
                    sale.setBoolean(4, (Boolean) r[3]);
                    sale.addBatch();
                }
                sale.executeBatch();
                stock.setDate(1, java.sql.Date.valueOf(D.plusDays(6)));
                stock.executeUpdate();
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void readsEachDaysUnitsAsTheyWereSold() {
        DailyHistory h = w.withConnection(c -> DailyHistory.read(c, D, D.plusDays(6), null, Map.of()));
        String p01 = DailyHistory.key("S1", "P01");
        String p02 = DailyHistory.key("S1", "P02");
        // day 4: no sales row in the store (not observed); day 6: out of stock
        assertThat(h.observed(p01, D, D.plusDays(6))).containsExactly(2.5, 4.125, 0, 0, Double.NaN, 0, Double.NaN);
        assertThat(h.observed(p02, D, D.plusDays(6))).containsExactly(0, 0, 0, 99999999999.999, Double.NaN, -2.5, 0);
        assertThat(h.sold(p01, D.plusDays(2), D.plusDays(2))).isTrue(); // a return is a sales row
        assertThat(h.sold(p02, D.plusDays(4), D.plusDays(4))).isFalse();
    }

    /**
     * A day's units are its rows' exact sum, however many rows (channels) and in whatever order the engine aggregates
     * them: 0.1 + 0.2 + 0.7 is 1, not 1.0000000000000002 or 0.9999999999999999 depending on the order.
     */
    @Test
    void aDaysUnitsAreTheExactSumOfItsRowsInAnyOrder() {
        w.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return)"
                            + " VALUES ('S3', 'P01', ?, ?, ?, 0, FALSE)")) {
                String[][] rows = {
                    {"0", "store", "0.1"},
                    {"0", "online", "0.2"},
                    {"0", "phone", "0.7"},
                    {"1", "phone", "0.7"},
                    {"1", "online", "0.2"},
                    {"1", "store", "0.1"}
                };
                for (String[] r : rows) {
                    s.setDate(1, java.sql.Date.valueOf(D.plusDays(Integer.parseInt(r[0]))));
                    s.setString(2, r[1]);
                    s.setBigDecimal(3, new BigDecimal(r[2]));
                    s.executeUpdate();
                }
            }
            return null;
        });
        String key = DailyHistory.key("S3", "P01");
        DailyHistory byPair = w.withConnection(c -> DailyHistory.read(c, D, D.plusDays(1), null, Map.of()));
        DailyHistory byStore = w.withConnection(c -> DailyHistory.readByStore(c, D, D.plusDays(1)));
        assertThat(byPair.observed(key, D, D.plusDays(1))).containsExactly(1.0, 1.0);
        assertThat(byStore.observed(key, D, D.plusDays(1))).containsExactly(1.0, 1.0);
    }

    /**
     * The window of a few pairs read by name (a daily refresh's new pairs) is that of the same pairs read through
     * their query, and holds only them: not the other pairs of their stores and SKUs, nor their out-of-stock days.
     */
    @Test
    void pairsReadByNameAreThoseOfTheirQueryAndOnlyThem() {
        w.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return)"
                                    + " VALUES ('S2', 'P01', ?, 'store', 5, 0, FALSE), ('S2', 'P02', ?, 'store', 1, 0, FALSE)");
                    PreparedStatement stock = c.prepareStatement("INSERT INTO inventory (store_id, sku, business_date,"
                            + " on_hand, on_order, reserved) VALUES ('S2', 'P02', ?, 0, 0, 0)")) {
                s.setDate(1, java.sql.Date.valueOf(D.plusDays(2)));
                s.setDate(2, java.sql.Date.valueOf(D.plusDays(3)));
                s.executeUpdate();
                stock.setDate(1, java.sql.Date.valueOf(D.plusDays(2)));
                stock.executeUpdate();
            }
            return null;
        });
        String s1p02 = DailyHistory.key("S1", "P02");
        String s2p01 = DailyHistory.key("S2", "P01");
        DailyHistory named = w.withConnection(c -> DailyHistory.read(c, D, D.plusDays(6), Set.of(s1p02, s2p01)));
        DailyHistory queried = w.withConnection(c -> DailyHistory.read(
                c, D, D.plusDays(6), "SELECT 'S1' AS store_id, 'P02' AS sku UNION ALL SELECT 'S2', 'P01'", Map.of()));
        assertThat(named.units.keySet()).containsExactlyInAnyOrder(s1p02, s2p01);
        assertThat(queried.units.keySet()).containsExactlyInAnyOrder(s1p02, s2p01);
        for (String key : List.of(s1p02, s2p01)) {
            assertThat(named.observed(key, D, D.plusDays(6)))
                    .as(key)
                    .containsExactly(queried.observed(key, D, D.plusDays(6)));
            assertThat(named.category.get(key)).isEqualTo(queried.category.get(key));
        }
        // S2 reported sales on days 2 and 3 only; S2/P01 sold 5 on day 2, and S2/P02's out-of-stock day is not its
        assertThat(named.observed(s2p01, D, D.plusDays(6)))
                .containsExactly(Double.NaN, Double.NaN, 5, 0, Double.NaN, Double.NaN, Double.NaN);
        assertThat(w.withConnection(c -> DailyHistory.read(c, D, D.plusDays(6), Set.of())).units)
                .isEmpty();
    }

    /**
     * Every pair's days read one row per store (the new days of the pairs keeping their state) are those read one row
     * per pair, to the bit: fractional, negative, the largest counts, a return, several rows a day, the days a store
     * reported nothing and the out-of-stock days; SKUs holding the separators ({@code ; : ,}), digits after them,
     * characters outside the BMP and a combining mark are read back whole.
     */
    @Test
    void everyPairReadByStoreIsAsReadByPair() {
        List<String> skus = List.of("a;b:c,1", "12:", ";", "\uD83C\uDF4Ex", "e\u0301", "P01");
        w.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return)"
                                    + " VALUES (?, ?, ?, 'store', ?, 0, ?)");
                    PreparedStatement stock = c.prepareStatement("INSERT INTO inventory (store_id, sku, business_date,"
                            + " on_hand, on_order, reserved) VALUES (?, ?, ?, 0, 0, 0)")) {
                for (int k = 0; k < skus.size(); k++) {
                    for (int day = 0; day < 7; day += 1 + k % 3) {
                        for (String store : List.of("S2", "S;3")) {
                            s.setString(1, store);
                            s.setString(2, skus.get(k));
                            s.setDate(3, java.sql.Date.valueOf(D.plusDays(day)));
                            s.setBigDecimal(4, new BigDecimal(day == 3 ? "-0.125" : (k + 1) + "." + day + "07"));
                            s.setBoolean(5, day == 5 && k == 1);
                            s.addBatch();
                        }
                    }
                    stock.setString(1, "S2");
                    stock.setString(2, skus.get(k));
                    stock.setDate(3, java.sql.Date.valueOf(D.plusDays(k % 7)));
                    stock.addBatch();
                }
                s.executeBatch();
                stock.executeBatch();
            }
            return null;
        });
        DailyHistory byPair = w.withConnection(c -> DailyHistory.read(c, D, D.plusDays(6), null, Map.of()));
        DailyHistory byStore = w.withConnection(c -> DailyHistory.readByStore(c, D, D.plusDays(6)));
        assertThat(byStore.units.keySet()).isEqualTo(byPair.units.keySet()).hasSize(2 + 2 * skus.size());
        for (String key : byPair.units.keySet()) {
            double[] expected = byPair.observed(key, D, D.plusDays(6));
            double[] actual = byStore.observed(key, D, D.plusDays(6));
            for (int t = 0; t < 7; t++) {
                assertThat(Double.doubleToRawLongBits(actual[t]))
                        .as(key.replace('\u0000', '/') + " day " + t)
                        .isEqualTo(Double.doubleToRawLongBits(expected[t]));
                assertThat(byStore.sold(key, D.plusDays(t), D.plusDays(t)))
                        .isEqualTo(byPair.sold(key, D.plusDays(t), D.plusDays(t)));
            }
        }
        assertThat(byStore.observed(DailyHistory.key("S2", "12:"), D, D.plusDays(6))[1])
                .isNaN(); // its out-of-stock day
        assertThat(byStore.observed(DailyHistory.key("S1", "P01"), D, D.plusDays(6)))
                .containsExactly(2.5, 4.125, 0, 0, Double.NaN, 0, Double.NaN);
    }
}
