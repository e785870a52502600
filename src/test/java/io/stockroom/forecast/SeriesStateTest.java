package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daily update gives what a refresh from the whole history gives, at a constant cost per day. */
class SeriesStateTest {

    private static final List<Series> HISTORIES = ForecastSpeedBenchmark.synthetic(40, 112, 3);

    @Test
    void aStateBuiltOnceAndUpdatedDailyForecastsAsTheMethodDoesOnTheWholeHistory() {
        for (Series s : HISTORIES) {
            double[] y = s.units();
            for (Method m : List.of(Method.MOVING_AVERAGE, Method.SEASONAL_NAIVE, Method.CROSTON, Method.SBA)) {
                SeriesState state = SeriesState.start(m, Arrays.copyOf(y, 84)); // built at the weekly choice
                for (int t = 84; t < y.length; t++) {
                    state.update(y[t]); // then one day at a time
                }
                assertThat(state.forecast(35))
                        .as("%s on %s", m, s.id())
                        .containsExactly(m.forecast(y, 35), within(1e-9));
            }
        }
    }

    @Test
    void holtWintersKeepsTheWeeksParametersAndTsbItsStartingProbability() {
        for (Series s : HISTORIES) {
            double[] y = s.units();
            double[] first = Arrays.copyOf(y, 84);
            for (Method m : List.of(Method.HOLT_WINTERS, Method.HOLT_WINTERS_DAMPED)) {
                SeriesState state = SeriesState.start(m, first);
                for (int t = 84; t < y.length; t++) {
                    state.update(y[t]);
                }
                // the same as running the parameters fitted on the first 84 days over all 112
                Smoothing.HwParams params = Smoothing.holtWintersParams(first, 7, m == Method.HOLT_WINTERS_DAMPED);
                double[] rerun = Arrays.stream(params.run(y).forecast(35))
                        .map(v -> Math.max(0, v))
                        .toArray();
                assertThat(state.forecast(35)).as("%s on %s", m, s.id()).containsExactly(rerun, within(1e-9));
            }
            SeriesState tsb = SeriesState.start(Method.TSB, first);
            for (int t = 84; t < y.length; t++) {
                tsb.update(y[t]);
            }
            double full = Method.TSB.forecast(y, 1)[0];
            // the start probability differs (share of 84 vs 112 days); its weight after 112 days is 0.95^112 = 0.3 %
            assertThat(tsb.forecast(1)[0]).isCloseTo(full, within(0.01 * Math.max(full, 0.01)));
        }
    }

    @Test
    void aMethodThatCannotForecastYetFallsBackToTheMovingAverageAndANotObservedDayTeachesNothing() {
        SeriesState croston = SeriesState.start(Method.CROSTON, new double[] {0, 0, 0});
        assertThat(croston.forecast(2)).containsExactly(0, 0);
        croston.update(3);
        croston.update(Double.NaN);
        assertThat(croston.forecast(1)[0])
                .isCloseTo(Method.CROSTON.forecast(new double[] {0, 0, 0, 3, Double.NaN}, 1)[0], within(1e-12));
        SeriesState ma = SeriesState.start(Method.MOVING_AVERAGE, new double[] {4, Double.NaN, 2});
        assertThat(ma.forecast(1)).containsExactly(3.0);
        SeriesState hw = SeriesState.start(Method.HOLT_WINTERS, new double[] {1, 2, 3}); // too short for two weeks
        assertThat(hw.forecast(1)).containsExactly(2.0);
    }

    @Test
    void aStateWrittenPackedAndReadBackForecastsAndUpdatesIdentically() {
        for (Series s : HISTORIES.subList(0, 10)) {
            double[] y = s.units();
            for (Method m : Method.values()) {
                SeriesState state = SeriesState.start(m, Arrays.copyOf(y, 84));
                SeriesState copy = SeriesState.fromBytes(state.toBytes());
                assertThat(copy.method()).isEqualTo(m);
                assertThat(copy.toArray()).as("%s on %s", m, s.id()).containsExactly(state.toArray());
                for (int t = 84; t < y.length; t++) { // the stored state goes on as the original would
                    state.update(y[t]);
                    copy.update(y[t]);
                }
                assertThat(copy.forecast(35)).as("%s on %s", m, s.id()).containsExactly(state.forecast(35));
            }
        }
        // a short history: Holt-Winters without parameters yet, seasonal naive with weekdays not seen
        for (Method m : Method.values()) {
            SeriesState state = SeriesState.start(m, new double[] {1, Double.NaN, 3});
            assertThat(SeriesState.fromBytes(state.toBytes()).forecast(7))
                    .as("%s", m)
                    .containsExactly(state.forecast(7));
        }
    }

    @Test
    void anArrayOfAnotherFormatOrShapeIsRefused() {
        double[] a = SeriesState.start(Method.SBA, new double[] {1, 0, 2}).toArray();
        double[] otherVersion = a.clone();
        otherVersion[0] = SeriesState.FORMAT + 1;
        assertThatThrownBy(() -> SeriesState.fromArray(otherVersion)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesState.fromArray(Arrays.copyOf(a, a.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 44 values");
        double[] holtWinters =
                SeriesState.start(Method.HOLT_WINTERS, HISTORIES.get(0).units()).toArray();
        assertThat(holtWinters).hasSize(58);
        double[] notHoltWinters = holtWinters.clone();
        notHoltWinters[1] = Method.MOVING_AVERAGE.ordinal();
        assertThatThrownBy(() -> SeriesState.fromArray(notHoltWinters)).isInstanceOf(IllegalArgumentException.class);
        byte[] packed = SeriesState.start(Method.SBA, new double[] {1, 0, 2}).toBytes();
        assertThat(packed).hasSize(45 * 8);
        assertThatThrownBy(() -> SeriesState.fromBytes(Arrays.copyOf(packed, packed.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesState.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
