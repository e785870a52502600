package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.replenish.Chain;
import io.stockroom.replenish.ReplenishmentProperties;
import io.stockroom.replenish.ReplenishmentService;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flat forecast stored as its rate (V229, {@link ForecastService#flatRate}) gives the policy the numbers the 35
 * cumulative values gave, to the last digit: the same chain replenished twice, once by the refresh that stores every
 * row's list (the reference) and once by the one that stores flat forecasts as their rate, gives the same lines —
 * forecast over the cover period and the lead time, order-up-to level, reorder point, quantity — for 20 SKUs of
 * steady, intermittent and weekly demand, lead times 1 .. 20 days and cover periods up to and past the horizon, on
 * the day every pair gets the moving average (before the weekly choice reaches it) and on the day after, with the
 * methods chosen. On DuckDB, or the engine {@code -Dstockroom.test.engine} names.
 */
class FlatForecastRateTest {

    static final LocalDate D = LocalDate.of(2026, 3, 5);
    static final int SKUS = 20;

    @TempDir
    Path dir;

    private Chain compact;
    private Chain lists;

    @AfterEach
    void close() {
        if (compact != null) {
            compact.close();
        }
        if (lists != null) {
            lists.close();
        }
    }

    private static Chain chain(Path dir) {
        Chain chain = new Chain(dir);
        chain.store("S1");
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 1; k <= SKUS; k++) {
            String sku = String.format("P%02d", k);
            // lead times 1 .. 20 (P20: a cover period past the 35-day horizon with its review days)
            chain.supplier("SUP" + k, k == SKUS ? 33 : k, k % 2 == 0 ? "MON" : "MON,WED,FRI", null)
                    .product(sku, k % 3 == 0 ? "Dairy" : "Snacks", 4)
                    .supplies("SUP" + k, sku, 1, null, 2.0, null);
            int[] units = new int[84];
            for (int i = 0; i < units.length; i++) {
                int weekday = D.minusDays(units.length - 1L - i).getDayOfWeek().ordinal();
                units[i] = switch (k % 4) {
                    case 0 -> 1 + rnd.nextInt(9); // steady, noisy
                    case 1 -> rnd.nextDouble() < 0.15 ? 1 + rnd.nextInt(3) : 0; // intermittent
                    case 2 -> weekday >= 4 ? 12 + rnd.nextInt(3) : 3 + rnd.nextInt(2); // weekly pattern
                    default -> rnd.nextDouble() < 0.4 ? 1 + rnd.nextInt(6) : 0; // lumpy
                };
            }
            if (k == 4) {
                java.util.Arrays.fill(units, 5); // sells every day: the store reports every day
            }
            chain.history("S1", sku, D, units, 4, 0);
        }
        // nothing on hand the day before either, so every pair's line is written on both days
        chain.exec("UPDATE inventory SET on_hand = 0 WHERE business_date = ?", java.sql.Date.valueOf(D.minusDays(1)));
        return chain;
    }

    private static ReplenishmentService replenishment(Chain chain, boolean flatAsRate) {
        return new ReplenishmentService(
                chain.warehouse(),
                ReplenishmentProperties.defaults(),
                new ForecastService(
                        new ForecastProperties(true, 112, 35, 4, 14, false),
                        List.of(Method.values()),
                        false,
                        flatAsRate));
    }

    private static List<Map<String, Object>> lines(Chain chain, LocalDate d) {
        return chain.rows(
                "SELECT sku, forecast_method, cover_days, lead_time_days, forecast_cover, forecast_lead, s0,"
                        + " order_up_to, reorder_point, recommended_qty FROM replenishment_lines"
                        + " WHERE business_date = ? ORDER BY sku",
                d);
    }

    @Test
    void aFlatForecastStoredAsItsRateGivesThePolicyTheNumbersOfItsCumulativeValues() {
        compact = chain(dir.resolve("compact"));
        lists = chain(dir.resolve("lists"));
        ReplenishmentService byRate = replenishment(compact, true);
        ReplenishmentService byList = replenishment(lists, false);
        int flatLines = 0;
        java.util.Set<Object> flatCovers = new java.util.HashSet<>();
        for (LocalDate d : List.of(D.minusDays(1), D)) {
            byRate.run(d, Optional.empty());
            byList.run(d, Optional.empty());
            List<Map<String, Object>> got = lines(compact, d);
            assertThat(got).as("lines on %s", d).hasSize(SKUS);
            assertThat(got).as("lines on %s", d).isEqualTo(lines(lists, d));
            assertThat(lists.count("SELECT COUNT(*) FROM demand_forecasts WHERE cumulative IS NULL"))
                    .as("rows of the reference without their list")
                    .isZero();
            Map<String, Object> flat = compact
                    .rows(
                            "SELECT sku, flat_rate FROM demand_forecasts WHERE as_of = ? AND cumulative IS NULL"
                                    + " AND horizon_days = 35",
                            d)
                    .stream()
                    .collect(Collectors.toMap(r -> (String) r.get("sku"), r -> r.get("flat_rate")));
            for (Map<String, Object> line : got) {
                if (flat.containsKey((String) line.get("sku")) && line.get("forecast_cover") != null) {
                    flatLines++;
                    flatCovers.add(line.get("cover_days"));
                }
            }
            if (d.equals(D.minusDays(1))) {
                assertThat(flat)
                        .as("the moving average of every pair before its choice: all flat")
                        .hasSize(SKUS);
            } else {
                assertThat(flat)
                        .as("flat forecasts among the chosen methods")
                        .isNotEmpty()
                        .hasSizeLessThan(SKUS);
            }
        }
        assertThat(flatCovers).as("cover periods a flat rate gave the policy").hasSizeGreaterThan(10);
        assertThat(flatLines).isGreaterThan(SKUS);
    }

    /** The rounding the policy's SQL repeats: every value of a flat forecast's list, or no rate stored. */
    @Test
    void aRateIsStoredOnlyWhenItGivesBackEveryCumulativeValue() {
        double[] f = new double[35];
        java.util.Arrays.fill(f, 1.0 / 7);
        double[] cumulative = new double[35];
        double sum = 0;
        for (int h = 0; h < 35; h++) {
            sum += f[h];
            cumulative[h] = Math.round(sum * 10_000) / 10_000.0;
        }
        assertThat(ForecastService.flatRate(f, cumulative)).isEqualTo(1.0 / 7);
        for (int k = 1; k <= 35; k++) {
            assertThat(ForecastService.flatCumulative(1.0 / 7, k)).isEqualTo(cumulative[k - 1]);
        }
        double[] other = cumulative.clone();
        other[20] = Math.nextUp(other[20]);
        assertThat(ForecastService.flatRate(f, other)).as("one value off").isNull();
        double[] promoted = f.clone();
        promoted[3] *= 1.5;
        assertThat(ForecastService.flatRate(promoted, cumulative))
                .as("not flat")
                .isNull();
    }
}
