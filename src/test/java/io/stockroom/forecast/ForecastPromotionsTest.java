package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockroom.StockroomProperties;
import io.stockroom.TestEngine;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promotion calendar in the stored refresh, on a real warehouse: P01 sells 10 a day in both stores, twice that
 * in a past promotion of every store (days −20..−7, inside the moving average's 28 days), and S1 plans one on days
 * +4..+10. Its baseline is not inflated by the past promotion (10 a day, not 15), and S1's forecast of the planned
 * days is the baseline × the uplift learned from the past one: ×2 on every day, shrunk by K = 7 pseudo-days at each
 * level — the category's 28 days (2 stores × 14) toward 1: (28 · 2 + 7) / 35 = 1.8; S1's 14 toward that:
 * (14 · 2 + 7 · 1.8) / 21 = 1.93333; each weekday's 2 toward that: (2 · 2 + 7 · 1.93333) / 9 = 1.94815. S2, without
 * the planned one, gets the baseline.
 */
class ForecastPromotionsTest {

    static final LocalDate D = LocalDate.of(2026, 12, 3);

    @TempDir
    Path dir;

    Warehouse w;

    /** A new, empty warehouse on the engine under test ({@link ForecastPromotionsPostgresTest}: PostgreSQL). */
    StockroomProperties.Warehouse engine() {
        return TestEngine.newWarehouse(new StockroomProperties.Warehouse("duckdb", "1GB", 2));
    }

    @BeforeEach
    void chain() {
        w = new Warehouse(dir.resolve("w"), engine());
        w.inTransaction(c -> {
            try (PreparedStatement sale = c.prepareStatement("INSERT INTO sales (store_id, sku, business_date, channel,"
                            + " units_sold, total_sales, is_return) VALUES (?, ?, ?, 'store', ?, ?, FALSE)");
                    PreparedStatement product = c.prepareStatement(
                            "INSERT INTO products (sku, name, category, department, unit_cost, unit_price)"
                                    + " VALUES (?, ?, 'Snacks', 'Grocery', 1, 2)");
                    PreparedStatement promotion = c.prepareStatement(
                            "INSERT INTO promotions (sku, store_id, start_date, end_date, kind, feed_id)"
                                    + " VALUES ('P01', ?, ?, ?, 'promotion', 't')")) {
                for (String sku : List.of("P01", "P02")) {
                    product.setString(1, sku);
                    product.setString(2, sku);
                    product.addBatch();
                }
                product.executeBatch();
                for (int day = -120; day <= 1; day++) {
                    LocalDate date = D.plusDays(day);
                    for (String store : List.of("S1", "S2")) {
                        for (String sku : List.of("P01", "P02")) {
                            int units = sku.equals("P02") ? 4 : day >= -20 && day <= -7 ? 20 : 10;
                            sale.setString(1, store);
                            sale.setString(2, sku);
                            sale.setDate(3, java.sql.Date.valueOf(date));
                            sale.setBigDecimal(4, BigDecimal.valueOf(units));
                            sale.setBigDecimal(5, BigDecimal.valueOf(units * 2L));
                            sale.addBatch();
                        }
                    }
                }
                sale.executeBatch();
                promotion.setString(1, "*");
                promotion.setDate(2, java.sql.Date.valueOf(D.minusDays(20)));
                promotion.setDate(3, java.sql.Date.valueOf(D.minusDays(7)));
                promotion.addBatch();
                promotion.setString(1, "S1");
                promotion.setDate(2, java.sql.Date.valueOf(D.plusDays(4)));
                promotion.setDate(3, java.sql.Date.valueOf(D.plusDays(10)));
                promotion.addBatch();
                promotion.executeBatch();
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void promotionDaysAreLeftOutOfTheBaselineAndThePlannedOnesGetTheLearnedUplift() {
        ForecastService service =
                new ForecastService(ForecastProperties.choosingInTheRun(true), List.of(Method.MOVING_AVERAGE));
        for (LocalDate d = D; !d.isAfter(D.plusDays(1)); d = d.plusDays(1)) {
            LocalDate day = d;
            w.inTransaction(c -> service.refresh(c, day));
            int before = (int) (D.plusDays(3).toEpochDay() - day.toEpochDay()); // days up to the planned promotion
            double[] s1 = cumulative("S1", "P01", day);
            double[] s2 = cumulative("S2", "P01", day);
            assertThat(s1[before - 1]).as("S1 baseline on %s", day).isCloseTo(10.0 * before, within(1e-6));
            assertThat(s1[before + 6] - s1[before - 1])
                    .as("S1 over its 7 promotion days, as of %s", day)
                    .isCloseTo((2 * 2 + 7 * ((14 * 2 + 7 * 1.8) / 21)) / 9 * 70.0, within(1e-4)); // stored to 4 places
            assertThat(s2[before + 6] - s2[before - 1])
                    .as("S2 over the same days, no promotion planned there")
                    .isCloseTo(70.0, within(1e-6));
            assertThat(s1[34])
                    .isCloseTo(35 * 10.0 + ((2 * 2 + 7 * ((14 * 2 + 7 * 1.8) / 21)) / 9 - 1) * 70.0, within(1e-4));
            assertThat(cumulative("S1", "P02", day)[34]).isCloseTo(35 * 4.0, within(1e-6));
        }
    }

    private double[] cumulative(String store, String sku, LocalDate d) {
        Map<String, double[]> out = new HashMap<>();
        w.withConnection(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT cumulative, flat_rate, horizon_days FROM demand_forecasts"
                            + " WHERE as_of = ? AND store_id = ? AND sku = ?")) {
                ps.setDate(1, java.sql.Date.valueOf(d));
                ps.setString(2, store);
                ps.setString(3, sku);
                try (var rs = ps.executeQuery()) {
                    assertThat(rs.next())
                            .as("a forecast row for %s/%s on %s", store, sku, d)
                            .isTrue();
                    if (rs.getArray(1) == null) { // a flat forecast stored as its rate (V229), as the policy reads it
                        double[] f = new double[rs.getInt(3)];
                        for (int k = 1; k <= f.length; k++) {
                            f[k - 1] = ForecastService.flatCumulative(rs.getDouble(2), k);
                        }
                        out.put("f", f);
                        return null;
                    }
                    Object[] values = (Object[]) rs.getArray(1).getArray();
                    double[] f = new double[values.length];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = Double.parseDouble(values[i].toString());
                    }
                    out.put("f", f);
                }
            }
            return null;
        });
        return out.get("f");
    }
}
