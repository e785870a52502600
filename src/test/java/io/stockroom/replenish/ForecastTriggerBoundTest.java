package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.forecast.ForecastProperties;
import io.stockroom.forecast.ForecastService;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trigger's bound in a run with forecasts (docs/replenishment.md, "The trigger's bound"): each pair stands less
 * than one unit under its s, and is under it only through the forecast's part of s that the bound approximates — the
 * rate × (L + R) alone would be a unit or more below s. A bound that leaves that part out (or takes it too small) drops
 * the pair, and the store gets no order where the policy says it needs one.
 *
 * <p>The forecasts are the refresh's own, so s is read from a first chain with the pairs at a position of 1, and a
 * second chain, the same but for each pair's position (s − 0.5), is the one checked. Every pair is alone in its store
 * (class A); from a Thursday, SUP2 (L = 2, order day MON) gives P = 6, SUP1 (L = 3) P = 7.
 */
@BesideTheOtherClasses
class ForecastTriggerBoundTest {

    static final LocalDate D = LocalDate.of(2026, 3, 5); // a Thursday

    /** The pairs, each in its own store, in the order they are built. */
    static final Map<String, String> PAIRS = Map.of("S1", "RISING", "S2", "PROMO", "S3", "FLAT", "S4", "NOROW");

    @TempDir
    Path dir;

    @Test
    void aPairJustUnderItsForecastReorderPointIsOrderedWhateverPartOfTheForecastPutsItThere() {
        Map<String, BigDecimal> s = new LinkedHashMap<>();
        try (Chain first = new Chain(dir.resolve("first"))) {
            build(first, Map.of());
            for (String store : new String[] {"S1", "S2", "S3", "S4"}) {
                s.put(store, first.line(D, store, PAIRS.get(store)).reorderPoint());
            }
        }
        Map<String, Double> onHand = new LinkedHashMap<>();
        s.forEach((store, rp) ->
                onHand.put(store, rp.subtract(new BigDecimal("0.5")).doubleValue()));
        try (Chain chain = new Chain(dir.resolve("second"))) {
            build(chain, onHand);
            SoftAssertions soft = new SoftAssertions(); // every pair checked, so a failure names each part a bound lost
            // a weekly pattern (30 Fri–Sun, 2 the other days): the forecast over Fri .. Wed is 3 × 30 + 3 × 2 = 96, the
            // rate × (L + R) 14 × 6 = 84
            assertForecastAboveTheRate(soft, chain, "S1", "RISING", false);
            // the same pattern with a past promotion that doubled the sales (the rate is 21) and one planned Sat ..
            // Mon:
            // ~155 over P at the learned uplift against 21 × 6 = 126
            assertForecastAboveTheRate(soft, chain, "S2", "PROMO", false);
            // 20 a day but 2 a day on the 14 days of a past promotion (the rate over 28 days is 11): the forecast
            // leaves
            // the promotion days out and is flat at 20 a day, stored as its rate: 140 over P against 11 × 7 = 77
            assertForecastAboveTheRate(soft, chain, "S3", "FLAT", true);
            // added after the previous day's refresh, with no sale since (8 and 12 a day, none on the day): no state
            // and
            // nothing new to start one from, so the day has no forecast row for it and it takes the rate
            LineValues noRow = chain.line(D, "S4", "NOROW");
            soft.assertThat(chain.count(
                            "SELECT COUNT(*) FROM demand_forecasts WHERE as_of = ? AND sku = 'NOROW'",
                            java.sql.Date.valueOf(D)))
                    .as("NOROW has no forecast row")
                    .isZero();
            soft.assertThat(noRow).as("S4/NOROW has a line").isNotNull();
            if (noRow != null) {
                soft.assertThat(noRow.forecastMethod()).as("S4/NOROW forecast").isNull();
                assertJustUnderAndOrdered(soft, noRow, "S4/NOROW");
            }
            soft.assertAll();
        }
    }

    private static void assertForecastAboveTheRate(
            SoftAssertions soft, Chain chain, String store, String sku, boolean flat) {
        LineValues v = chain.line(D, store, sku);
        String pair = store + "/" + sku;
        soft.assertThat(v).as("%s has a line", pair).isNotNull();
        if (v == null) {
            return;
        }
        soft.assertThat(v.forecastMethod()).as("%s forecast", pair).isNotNull();
        // only the forecast puts the pair under s: the rate over L + R is more than a unit below the forecast over P
        soft.assertThat(v.forecastCover().subtract(v.demandRate().multiply(BigDecimal.valueOf(v.coverDays()))))
                .as("%s forecast over P − d × (L + R)", pair)
                .isGreaterThan(BigDecimal.ONE);
        soft.assertThat(chain.count(
                        "SELECT COUNT(*) FROM demand_forecasts WHERE as_of = ? AND sku = ? AND flat_rate IS NOT NULL",
                        java.sql.Date.valueOf(D),
                        sku))
                .as("%s stored as a flat rate", pair)
                .isEqualTo(flat ? 1 : 0);
        assertJustUnderAndOrdered(soft, v, pair);
    }

    private static void assertJustUnderAndOrdered(SoftAssertions soft, LineValues v, String pair) {
        soft.assertThat(v.position()).as("%s IP", pair).isLessThan(v.reorderPoint());
        soft.assertThat(v.reorderPoint().subtract(v.position()))
                .as("%s stands less than a unit under s", pair)
                .isLessThanOrEqualTo(BigDecimal.ONE);
        soft.assertThat(v.finalQty()).as("%s orders", pair).isPositive();
        soft.assertThat(PolicyCheck.problems(v)).as("%s checks", pair).isEmpty();
    }

    /**
     * The four pairs at the given positions (1 where none is given), run with forecasts the day before and the day,
     * NOROW added between the two runs.
     */
    private static void build(Chain chain, Map<String, Double> onHand) {
        chain.supplier("SUP1", 3, "MON", null).supplier("SUP2", 2, "MON", null);
        int[] weekly = new int[56];
        for (int i = 0; i < weekly.length; i++) {
            DayOfWeek dow = D.minusDays(weekly.length - 1L - i).getDayOfWeek();
            weekly[i] = dow == DayOfWeek.FRIDAY || dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 30 : 2;
        }
        item(chain, "S1", "RISING", "SUP2", weekly, onHand.getOrDefault("S1", 1.0));
        int[] promoted = weekly.clone();
        for (int i = 56 - 21; i <= 56 - 8; i++) { // days −20 .. −7
            promoted[i] *= 2;
        }
        item(chain, "S2", "PROMO", "SUP2", promoted, onHand.getOrDefault("S2", 1.0));
        promotion(chain, "PROMO", D.minusDays(20), D.minusDays(7));
        promotion(chain, "PROMO", D.plusDays(2), D.plusDays(4));
        int[] flat = new int[56];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i >= 56 - 28 && i < 56 - 14 ? 2 : 20; // days −27 .. −14 at 2
        }
        item(chain, "S3", "FLAT", "SUP1", flat, onHand.getOrDefault("S3", 1.0));
        promotion(chain, "FLAT", D.minusDays(27), D.minusDays(14));
        run(chain, D.minusDays(1));
        int[] noSaleOnTheDay = alternating(8, 12, 28);
        noSaleOnTheDay[27] = 0;
        item(chain, "S4", "NOROW", "SUP1", noSaleOnTheDay, onHand.getOrDefault("S4", 1.0));
        run(chain, D);
    }

    private static void item(Chain chain, String store, String sku, String supplier, int[] units, double onHand) {
        chain.store(store)
                .product(sku, "Dairy", 5)
                .supplies(supplier, sku, 1, null, 2.5, null)
                .history(store, sku, D, units, 5, onHand);
    }

    private static void promotion(Chain chain, String sku, LocalDate from, LocalDate to) {
        chain.exec(
                "INSERT INTO promotions (sku, store_id, start_date, end_date, kind, feed_id)"
                        + " VALUES (?, '*', ?, ?, 'promotion', 't')",
                sku,
                java.sql.Date.valueOf(from),
                java.sql.Date.valueOf(to));
    }

    private static void run(Chain chain, LocalDate d) {
        new ReplenishmentService(
                        chain.warehouse,
                        ReplenishmentProperties.defaults(),
                        new ForecastService(ForecastProperties.choosingInTheRun(true)))
                .run(d, Optional.empty());
    }
}
