package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The simulator's policy reproduces the worked examples of docs/replenishment.md (each checked against the SQL stage in
 * {@link ReplenishmentPolicyTest}): 28 days alternating 8 and 12 (d = 10, σ = 2), class A, lead time 3, order day MON
 * from Thursday 2026-03-05 (R = 4), case 12, on hand 20 → 72.
 */
class SimPolicyTest {

    static final LocalDate D = LocalDate.of(2026, 3, 5);
    static final SimulationSettings DEFAULTS = SimulationSettings.of(ReplenishmentProperties.defaults());

    static SimPair item(
            int casePack,
            int moq,
            Integer presentationMin,
            Double ruleSs,
            Double ruleMin,
            Double ruleMax,
            Double ruleWeeks,
            LocalDate ltoEnd) {
        return SimPairs.pair()
                .casePack(casePack)
                .moq(moq)
                .leadDays(3)
                .orderDays("MON")
                .presentationMin(presentationMin)
                .ruleSafetyStock(ruleSs)
                .ruleMin(ruleMin)
                .ruleMax(ruleMax)
                .ruleWeeks(ruleWeeks)
                .ltoEnd(ltoEnd)
                .build();
    }

    static SimPair base() {
        return item(12, 0, null, null, null, null, null, null);
    }

    static SimPolicy.Demand alternating(double a, double b, int days) {
        double[] sales = new double[days];
        boolean[] in = new boolean[days];
        for (int i = 0; i < days; i++) {
            sales[i] = i % 2 == 0 ? a : b;
            in[i] = true;
        }
        return SimPolicy.Demand.of(sales, in, days - 1, 28);
    }

    private static int order(SimPair p, double onHand) {
        return SimPolicy.order(p, DEFAULTS, D, alternating(8, 12, 28), null, 4, onHand);
    }

    @Test
    void theBaseCaseAndItsVariations() {
        assertThat(alternating(8, 12, 28)).isEqualTo(new SimPolicy.Demand(10, 2, 28));
        assertThat(order(base(), 20)).isEqualTo(72);
        assertThat(order(base(), 41)).isEqualTo(48); // s protects L + R: 80.87
        assertThat(order(base(), 81)).isZero(); // IP ≥ s
        assertThat(order(item(12, 0, null, 15.0, null, null, null, null), 20)).isEqualTo(72); // rule SS 15
        assertThat(order(item(12, 100, null, null, null, null, null, null), 20)).isEqualTo(108); // MOQ 100
        assertThat(order(item(12, 0, null, null, null, 75.0, null, null), 20)).isEqualTo(48); // rule max 75
        assertThat(order(item(12, 0, null, null, null, null, 0.5, null), 20)).isEqualTo(24); // WOS 0.5, floor d·L + SS
        assertThat(order(item(12, 0, 100, null, null, null, null, null), 20)).isEqualTo(84); // presentation min 100
        assertThat(order(item(12, 0, null, null, 120.0, null, null, null), 20)).isEqualTo(108); // rule min 120
        assertThat(order(item(12, 0, null, null, null, null, null, LocalDate.of(2026, 3, 7)), 20))
                .isZero(); // LTO ends first
        assertThat(order(item(12, 0, null, null, null, null, null, LocalDate.of(2026, 3, 10)), 20))
                .isEqualTo(48); // cover 5 d
    }

    /**
     * Fill-rate targets (issue 14), as ReplenishmentPolicyTest works them: the base case at β = 98 % → k 0.667, SS 3.53,
     * 60; at 90 % → k < 0, SS 0, 60. A Poisson slow mover (d 0.5), lead time 3, order day THU (R = 7), 4 weeks of supply:
     * level 9 for the fill rate (98 % cycle quantile 10) → on hand 2 orders 7 (cycle: 8).
     */
    @Test
    void aFillRateTargetAsTheDailyStageComputesIt() {
        SimulationSettings fill = SimulationSettings.of(ReplenishmentPolicyTest.fillRate('A', "0.98"));
        assertThat(fill.serviceMeasure('A')).isEqualTo(ServiceMeasure.FILL_RATE);
        assertThat(fill.serviceMeasure('B')).isEqualTo(ServiceMeasure.CYCLE);
        assertThat(SimPolicy.order(base(), fill, D, alternating(8, 12, 28), null, 4, 20))
                .isEqualTo(60);
        assertThat(SimPolicy.order(
                        base(),
                        SimulationSettings.of(ReplenishmentPolicyTest.fillRate('A', "0.90")),
                        D,
                        alternating(8, 12, 28),
                        null,
                        4,
                        20))
                .isEqualTo(60);
        SimPair slow =
                SimPairs.pair().leadDays(3).orderDays("THU").ruleWeeks(4.0).build();
        assertThat(SimPolicy.order(slow, fill, D, alternating(0, 1, 28), null, 7, 2))
                .isEqualTo(7);
        assertThat(SimPolicy.order(slow, DEFAULTS, D, alternating(0, 1, 28), null, 7, 2))
                .isEqualTo(8);
    }

    @Test
    void aWhatIfSwitchesAClassToAFillRateTarget() {
        SimulationSettings w = DEFAULTS.with(
                new SimulationSettings.WhatIf(null, null, null, null, null, null, null, null, null, null, "fill-rate"));
        assertThat(w.serviceMeasure('C')).isEqualTo(ServiceMeasure.FILL_RATE);
        assertThat(w.serviceMeasure('A')).isEqualTo(ServiceMeasure.CYCLE);
        assertThat(DEFAULTS.serviceMeasure('C')).isEqualTo(ServiceMeasure.CYCLE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DEFAULTS.with(new SimulationSettings.WhatIf(
                        null, null, null, null, null, null, null, null, "fill", null, null)))
                .isInstanceOf(io.stockroom.StockroomException.class)
                .hasMessageContaining("a-service-measure must be cycle (cycle service level) or fill-rate")
                .extracting(e -> ((io.stockroom.StockroomException) e).code())
                .isEqualTo(io.stockroom.ErrorCode.BAD_PARAMETER);
    }

    @Test
    void anObservedLeadTimeSpreadRaisesTheSafetyStock() {
        // the worked example: σL = 1.5 d, SS = 2.054 × √(7 × 2² + 10² × 1.5²) = 32.67; S = s = 102.67; need 82.67 → 84
        SimPair spread = SimPairs.pair()
                .casePack(12)
                .leadDays(3)
                .orderDays("MON")
                .leadSpread(1.5)
                .build();
        assertThat(order(spread, 20)).isEqualTo(84);
    }

    @Test
    void aMinimumTriggersAnItemThatDoesNotSell() {
        SimPolicy.Demand none = SimPolicy.Demand.of(new double[28], filled(28), 27, 28);
        assertThat(SimPolicy.order(item(12, 0, 6, null, null, null, null, null), DEFAULTS, D, none, null, 4, 2))
                .isEqualTo(12);
    }

    @Test
    void aSlowMoverTakesItsSafetyStockFromThePoissonQuantile() {
        // one unit every other day: d 0.5, σ 0.5, Poisson(3.5) 98 % quantile 8 → SS 4.5; S0 8 capped at 2 weeks = 7; on
        // hand 2 → 5
        SimPair p = SimPairs.pair().leadDays(3).orderDays("MON").build();
        assertThat(SimPolicy.order(p, DEFAULTS, D, alternating(1, 0, 28), null, 4, 2))
                .isEqualTo(5);
    }

    @Test
    void anItemOutOfStockMostOfTheWindowTakesItsOwnRateOverTheLongerWindow() {
        // as ReplenishmentPolicyTest's: 20 a day on 29 days, 2 a day on the next 63, out of stock on 25 of the last 28
        // days, 2 a day on the last 3 → 3 in-stock days of 28, 66 of the last 91: d = 2, σ 0 (not 3 days' rate)
        double[] sales = new double[120];
        boolean[] in = new boolean[120];
        for (int i = 0; i < 120; i++) {
            in[i] = i < 92 || i >= 117;
            sales[i] = !in[i] ? 0 : i < 29 ? 20 : 2;
        }
        SimPolicy.Demand d = SimPolicy.Demand.of(sales, in, 119, 28, 7, 91);
        assertThat(d.days()).isEqualTo(66);
        assertThat(d.rate()).isEqualTo(2);
        assertThat(d.sigma()).isEqualTo(0);
        // S = s = 2 × 7 = 14, on hand 1 → 13, as the daily run orders
        SimPair p = SimPairs.pair().leadDays(3).orderDays("MON").build();
        assertThat(SimPolicy.order(p, DEFAULTS, D, d, null, 4, 1)).isEqualTo(13);
        // in stock on only 4 days of the 91 as well: too few, the demand window's days stand
        for (int i = 29; i < 116; i++) {
            in[i] = false;
        }
        assertThat(SimPolicy.Demand.of(sales, in, 119, 28, 7, 91).days()).isEqualTo(3);
    }

    @Test
    void theForecastPolicyUsesTheForecastOverTheCoverAndTheLead() {
        // 14 a day on average, but the forecast says 96 over the 6-day cover and 60 over the 2-day lead
        // (ForecastReplenishmentTest)
        double[] cumulative = {30, 60, 90, 92, 94, 96, 126};
        SimPair p = SimPairs.pair().orderDays("MON").build();
        SimPolicy.Demand flat = SimPolicy.Demand.of(constant(14, 28), filled(28), 27, 28);
        assertThat(SimPolicy.order(p, DEFAULTS, D, flat, null, 4, 0)).isEqualTo(84); // d × 6, σ 0
        assertThat(SimPolicy.order(p, DEFAULTS, D, flat, cumulative, 4, 0)).isEqualTo(96); // the forecast over 6 d
    }

    static boolean[] filled(int n) {
        boolean[] b = new boolean[n];
        java.util.Arrays.fill(b, true);
        return b;
    }

    static double[] constant(double v, int n) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, v);
        return d;
    }
}
