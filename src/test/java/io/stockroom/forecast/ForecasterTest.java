package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecasterTest {

    /**
     * 10 units a day, 25 on promotion days (every second Friday, 4 of them): the baseline ignores the promotion days;
     * the category's uplift is their ratio 2.5 shrunk toward 1 by K = 7 pseudo-days, (4 · 2.5 + 7) / 11 = 1.54545, the
     * series' (4 · 2.5 + 7 · 1.54545) / 11 = 1.89256 and on its Fridays (4 · 2.5 + 7 · 1.89256) / 11 = 2.11345. A planned
     * promotion on a Friday in the horizon is forecast at 10 × 2.11345, one on another weekday at 10 × 1.89256; a closed
     * day at 0.
     */
    @Test
    void promotionDaysAreLeftOutOfTheBaselineAndGetTheLearnedUplift() {
        int n = 56;
        double[] units = new double[n];
        boolean[] promo = new boolean[n + 7];
        boolean[] closed = new boolean[n + 7];
        for (int t = 0; t < n; t++) {
            promo[t] = t % 14 == 4;
            units[t] = promo[t] ? 25 : 10;
        }
        promo[n + 2] = true;
        promo[n + 4] = true; // the promotions' weekday
        closed[n + 5] = true;
        Series s = new Series("S1|K1", "Dairy", units, promo, closed);
        Uplifts uplifts = Uplifts.learn(List.of(s), n);
        double category = (4 * 2.5 + 7) / 11;
        double own = (4 * 2.5 + 7 * category) / 11;
        double friday = (4 * 2.5 + 7 * own) / 11;
        assertThat(uplifts.category("Dairy")).isCloseTo(category, within(1e-12)).isCloseTo(1.54545, within(1e-5));
        double[] f = Forecaster.forecast(Method.MOVING_AVERAGE, s, n, 7, uplifts.of(s));
        assertThat(f).containsExactly(new double[] {10, 10, 10 * own, 10, 10 * friday, 0, 10}, within(1e-12));
        assertThat(friday).isCloseTo(2.11345, within(1e-5));
    }

    /**
     * One promoted SKU in its category, and its one promotion day sold nothing: the category's uplift is 0 / baseline
     * shrunk toward 1, (1 · 0 + 7) / 8 = 0.875, not 0 — a category's single bad day must not forecast every promotion
     * of it at nothing; the series' and its weekday's shrink toward that in turn: 4 × 0.875³ on the same weekday.
     */
    @Test
    void oneUnsoldPromotionDayDoesNotTeachACategoryAnUpliftOfZero() {
        int n = 56;
        double[] units = new double[n];
        boolean[] promo = new boolean[n + 7];
        java.util.Arrays.fill(units, 4);
        promo[30] = true;
        units[30] = 0;
        promo[n + 2] = true;
        Series s = new Series("S1|K9", "BBQ & Outdoor", units, promo, new boolean[n + 7]);
        Uplifts uplifts = Uplifts.learn(List.of(s), n);
        assertThat(uplifts.category("BBQ & Outdoor")).isCloseTo(7.0 / 8, within(1e-12));
        assertThat(Forecaster.forecast(Method.MOVING_AVERAGE, s, n, 7, uplifts.of(s))[2])
                .isCloseTo(4 * Math.pow(7.0 / 8, 3), within(1e-12));
    }

    /**
     * Worked example of the uplift per series and weekday (K = 7 pseudo-days). Series A sells 10, 8, 9, 10, 14, 20, 5
     * from Monday (day 0) on; for 52 weeks, three weeks in four are promoted on Tuesday and Saturday, which sell ×2
     * (16) and ×1.2 (24). Each promotion day's baseline (the unpromoted same weekdays within four weeks) is 8 or 20, so
     * A has n = 39 + 39 promotion days, Σ units 1,560 over Σ baselines 1,092 (10/7). Series B, same category, sells
     * 10 a day and 30 on its one promotion day, a Tuesday: the category's 79 days have the ratio 1,590 / 1,102 =
     * 1.44283, shrunk toward 1: (79 · 1.44283 + 7) / 86 = 1.40679.
     * <ul>
     *   <li>A: u = (78 · 10/7 + 7 · 1.40679) / 85 = 1.42678; Tuesday (39 · 2 + 7 · 1.42678) / 46 = 1.91277, Saturday
     *       (39 · 1.2 + 7 · 1.42678) / 46 = 1.23451, a weekday without promotions 1.42678.
     *   <li>B: u = (1 · 3 + 7 · 1.40679) / 8 = 1.60594; Tuesday (3 + 7 · 1.60594) / 8 = 1.78020 — mostly the
     *       category's 1.407, not its own single day's 3.
     * </ul>
     * A planned promotion on the next Tuesday and Saturday is forecast at the seasonal naive baseline 8 and 20 × those.
     */
    @Test
    void theUpliftIsLearnedPerSeriesAndWeekdayAndShrunkTowardTheCategory() {
        int n = 52 * 7;
        double[] week = {10, 8, 9, 10, 14, 20, 5};
        double[] a = new double[n];
        double[] b = new double[n];
        boolean[] promoA = new boolean[n + 7];
        boolean[] promoB = new boolean[n + 7];
        for (int t = 0; t < n; t++) {
            boolean promoted = t / 7 % 4 != 3 && (t % 7 == 1 || t % 7 == 5);
            promoA[t] = promoted;
            a[t] = week[t % 7] * (promoted ? (t % 7 == 1 ? 2 : 1.2) : 1);
            b[t] = 10;
        }
        promoB[100] = true; // a Tuesday
        b[100] = 30;
        promoA[n + 1] = true; // the next Tuesday and Saturday
        promoA[n + 5] = true;
        Series seriesA = new Series("S1|A", "Dairy", a, promoA, new boolean[n + 7]);
        Series seriesB = new Series("S1|B", "Dairy", b, promoB, new boolean[n + 7]);

        Uplifts uplifts = Uplifts.learn(List.of(seriesA, seriesB), n);

        double category = (79 * (1590.0 / 1102) + 7) / 86;
        assertThat(uplifts.category("Dairy")).isCloseTo(category, within(1e-12)).isCloseTo(1.40679, within(1e-5));
        double ownA = (78 * 10.0 / 7 + 7 * category) / 85;
        Uplift upA = uplifts.of(seriesA);
        assertThat(upA.on(n + 1))
                .isCloseTo((39 * 2 + 7 * ownA) / 46, within(1e-12))
                .isCloseTo(2, within(0.1));
        assertThat(upA.on(n + 5))
                .isCloseTo((39 * 1.2 + 7 * ownA) / 46, within(1e-12))
                .isCloseTo(1.2, within(0.05));
        assertThat(upA.on(n + 3)).isCloseTo(ownA, within(1e-12));
        double ownB = (3 + 7 * category) / 8;
        assertThat(uplifts.of(seriesB).on(100)).isCloseTo((3 + 7 * ownB) / 8, within(1e-12));
        assertThat(Math.abs(uplifts.of(seriesB).on(100) - category))
                .isLessThan(Math.abs(uplifts.of(seriesB).on(100) - 3));
        // a series never seen gets its category's uplift, one of an unknown category none
        assertThat(uplifts.of(Series.plain("S2|A", "Dairy", a)).on(1)).isCloseTo(category, within(1e-12));
        assertThat(uplifts.of(Series.plain("S2|A", "Bakery", a)).on(1)).isEqualTo(1.0);

        double[] f = Forecaster.forecast(Method.SEASONAL_NAIVE, seriesA, n, 7, upA);
        assertThat(f)
                .containsExactly(new double[] {10, 8 * upA.on(n + 1), 9, 10, 14, 20 * upA.on(n + 5), 5}, within(1e-12));
    }

    /** A strongly weekly series is given a weekly method by the backtest, a flat noisy one is not. */
    @Test
    void theBacktestChoosesAWeeklyMethodForAWeeklySeries() {
        double[] weekly = new double[140];
        double[] season = {2, 2, 2, 2, 10, 30, 1};
        for (int t = 0; t < weekly.length; t++) {
            weekly[t] = season[t % 7];
        }
        Forecaster f = new Forecaster(List.of(Method.values()), 4, 7);
        Forecaster.Choice c = f.choose(Series.plain("w", "c", weekly), 140, 14, Uplift.NONE, Method.MOVING_AVERAGE);
        assertThat(c.method()).isIn(Method.SEASONAL_NAIVE, Method.HOLT_WINTERS, Method.HOLT_WINTERS_DAMPED);
        assertThat(c.rmsse()).isLessThan(0.05);
        assertThat(c.folds()).isEqualTo(4);
    }

    /** The choice never sees the days it forecasts: changing them does not change it. */
    @Test
    void theChoiceUsesOnlyHistoryBeforeTheOrigin() {
        double[] a = new double[120];
        for (int t = 0; t < a.length; t++) {
            a[t] = 5 + (t % 7 == 5 ? 8 : 0) + (t * 7919 % 5);
        }
        double[] b = a.clone();
        for (int t = 100; t < 120; t++) {
            b[t] = 1000;
        }
        Forecaster f = new Forecaster(List.of(Method.values()), 4, 7);
        assertThat(f.choose(Series.plain("a", "c", a), 100, 14, Uplift.NONE, Method.MOVING_AVERAGE))
                .isEqualTo(f.choose(Series.plain("b", "c", b), 100, 14, Uplift.NONE, Method.MOVING_AVERAGE));
    }

    /**
     * Holt-Winters is fitted once per choice, on the days before the oldest fold only (4 folds of 14 days a week apart
     * from day 140: the oldest forecasts days 105..118), and the state the refresh stores continues that very fit over
     * the whole history instead of fitting again: its forecast is the fit run over all 140 days.
     */
    @Test
    void holtWintersIsFittedBeforeTheOldestFoldAndTheStateContinuesThatFit() {
        double[] y = new double[140];
        double[] season = {0, 1, 1, 2, 4, 9, -3};
        for (int t = 0; t < y.length; t++) {
            y[t] = 30 + 0.2 * t + season[t % 7] + (t * 7919 % 11) - 5;
        }
        Forecaster f = new Forecaster(List.of(Method.HOLT_WINTERS_DAMPED), 4, 7);
        Forecaster.Choice c = f.choose(Series.plain("w", "c", y), 140, 14, Uplift.NONE, Method.HOLT_WINTERS_DAMPED);
        assertThat(c.method()).isEqualTo(Method.HOLT_WINTERS_DAMPED);
        assertThat(c.fitted()).isEqualTo(Smoothing.holtWintersSearched(Arrays.copyOf(y, 105), 7, true, null));

        double[] later = y.clone();
        for (int t = 105; t < later.length; t++) {
            later[t] = 3 * later[t] + 50;
        }
        assertThat(f.choose(Series.plain("w", "c", later), 140, 14, Uplift.NONE, Method.HOLT_WINTERS_DAMPED)
                        .fitted())
                .isEqualTo(c.fitted());

        double[] expected = c.fitted().run(y).forecast(14);
        assertThat(SeriesState.start(c, y).forecast(14)).containsExactly(expected, within(1e-9));
        assertThat(Forecaster.forecast(c, Series.plain("w", "c", y), 140, 14, Uplift.NONE))
                .containsExactly(expected, within(1e-9));
    }

    /**
     * A series whose mean interval between demands is above 1.32 days (Syntetos, Boylan & Croston 2005) is not given
     * the undamped Holt-Winters — its backtest does not run it — but still the damped one and the other methods; a
     * series selling on most days is given every method.
     */
    @Test
    void intermittentSeriesAreNotGivenTheUndampedHoltWinters() {
        double[] slow = new double[112];
        double[] steady = new double[112];
        for (int t = 0; t < slow.length; t++) {
            slow[t] = t % 3 == 0 ? 1 + t % 2 : 0; // a demand every 3 days
            steady[t] = t % 7 == 6 ? 0 : 5 + t % 4; // 6 days in 7: interval 1.17
        }
        Forecaster f = new Forecaster(List.of(Method.values()), 4, 7);
        assertThat(f.backtest(Series.plain("slow", "c", slow), 112, 14, Uplift.NONE))
                .doesNotContainKey(Method.HOLT_WINTERS)
                .containsKeys(
                        Method.HOLT_WINTERS_DAMPED,
                        Method.MOVING_AVERAGE,
                        Method.SEASONAL_NAIVE,
                        Method.CROSTON,
                        Method.SBA,
                        Method.TSB);
        assertThat(f.backtest(Series.plain("steady", "c", steady), 112, 14, Uplift.NONE))
                .containsKeys(Method.values());
        assertThat(f.chooseAll(List.of(Series.plain("slow", "c", slow)), new int[] {112}, 14, Uplifts.NONE)
                        .getFirst()
                        .method())
                .isNotEqualTo(Method.HOLT_WINTERS);

        // the cut-off itself: 132 observed days with 100 demands is an interval of 1.32, not above it
        double[] edge = new double[133];
        for (int t = 0; t < 100; t++) {
            edge[t] = 1;
        }
        edge[132] = Double.NaN;
        assertThat(Forecaster.intermittent(edge)).isFalse();
        edge[132] = 0;
        assertThat(Forecaster.intermittent(edge)).isTrue();
        assertThat(Forecaster.intermittent(new double[] {0, 0, Double.NaN})).isTrue();
    }
}
