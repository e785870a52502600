package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecasterTest {

    /**
     * 10 units a day, 25 on promotion days (every second Friday): the baseline ignores the promotion days, the
     * category's uplift is 2.5, and a planned promotion day in the horizon is forecast at 25; a closed day at 0.
     */
    @Test
    void promotionDaysAreLeftOutOfTheBaselineAndGetTheCategoryUplift() {
        int n = 56;
        double[] units = new double[n];
        boolean[] promo = new boolean[n + 7];
        boolean[] closed = new boolean[n + 7];
        for (int t = 0; t < n; t++) {
            promo[t] = t % 14 == 4;
            units[t] = promo[t] ? 25 : 10;
        }
        promo[n + 2] = true;
        closed[n + 5] = true;
        Series s = new Series("S1|K1", "Dairy", units, promo, closed);
        Map<String, Double> uplift = Forecaster.uplifts(List.of(s), n);
        assertThat(uplift.get("Dairy")).isCloseTo(2.5, within(1e-12));
        double[] f = Forecaster.forecast(Method.MOVING_AVERAGE, s, n, 7, uplift.get("Dairy"));
        assertThat(f).containsExactly(new double[] {10, 10, 25, 10, 10, 0, 10}, within(1e-12));
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
        Forecaster.Choice c = f.choose(Series.plain("w", "c", weekly), 140, 14, 1.0, Method.MOVING_AVERAGE);
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
        assertThat(f.choose(Series.plain("a", "c", a), 100, 14, 1, Method.MOVING_AVERAGE))
                .isEqualTo(f.choose(Series.plain("b", "c", b), 100, 14, 1, Method.MOVING_AVERAGE));
    }
}
