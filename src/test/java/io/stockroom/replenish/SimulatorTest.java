package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockroom.forecast.ForecastProperties;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Small chains replayed by hand. One item sold 10 a day every day for 112 days before the run (σ 0, so SS 0), its
 * store's only item (class A, 2 weeks max), lead time 2, orders possible every day (R 1, P 3): S = s = 30, case 1,
 * price 5, cost 2.5. Seven days are replayed with a demand of 10 a day.
 */
class SimulatorTest {

    static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
    static final int START = 112;
    static final int DAYS = START + 7;

    static SimPair pair(double startOnHand, double[] onHand, double[] sold, double[] onOrder) {
        return SimPairs.pair()
                .history(sold, withStart(onHand, startOnHand), onOrder)
                .build();
    }

    static double[] withStart(double[] onHand, double startOnHand) {
        onHand[START - 1] = startOnHand;
        return onHand;
    }

    static double[] fill(double v) {
        double[] a = new double[DAYS];
        Arrays.fill(a, v);
        return a;
    }

    static SimulationReport run(SimPair... pairs) {
        return new Simulator(
                        SimulationSettings.of(ReplenishmentProperties.defaults()), ForecastProperties.defaults(true))
                .run(List.of(pairs), FIRST, START, START, Simulator.allPolicies(), new LinkedHashMap<>(), Map.of());
    }

    static SimulationReport.Outcome outcome(SimulationReport r, String policy, String cls) {
        return r.policies().stream()
                .filter(p -> p.policy().equals(policy))
                .findFirst()
                .orElseThrow()
                .byClass()
                .get(cls);
    }

    @Test
    void aSteadySellerIsKeptInStockAtTheOrderUpToLevel() {
        // start with 25: day 0 sells 10 → 15, IP 15 < 30 orders 15 (arrives day 2); day 1 → 5, IP 20 orders 10; from
        // day 2 each
        // arrival of 10 or 15 brings it back: ends 15, 5, 10, 10, 10, 10, 10 → mean 10 units = 25.00 at cost 2.5; an
        // order every day.
        SimulationReport r = run(pair(25, fill(50), fill(10), fill(0)));
        for (String policy : List.of("TRAILING_AVERAGE", "FORECAST")) {
            SimulationReport.Outcome o = outcome(r, policy, "A");
            assertThat(o.fillRate()).as(policy).isEqualTo(1.0);
            assertThat(o.stockOutDays()).as(policy).isEqualTo(0.0);
            assertThat(o.lostSalesValue()).as(policy).isEqualTo(0.0);
            assertThat(o.averageInventoryValue()).as(policy).isCloseTo(25.0, within(1e-9));
            assertThat(o.orderLines()).as(policy).isEqualTo(7);
            assertThat(o.neitherShare()).as(policy).isEqualTo(1.0);
            assertThat(o.turns())
                    .as(policy)
                    .isCloseTo(175 / 25.0 * 365 / 7, within(1e-9)); // COGS 70 × 2.5 = 175 per 7 days
        }
        assertThat(outcome(r, "TRAILING_AVERAGE", "all")).isEqualTo(outcome(r, "TRAILING_AVERAGE", "A"));
        assertThat(outcome(r, "TRAILING_AVERAGE", "B").pairs()).isZero();
        assertThat(outcome(r, "TRAILING_AVERAGE", "B").fillRate()).isNull(); // nothing demanded: not available, not 0
        // the actual history held 50 each day: never out, under 2 weeks (140), no order placed (on order never rose)
        SimulationReport.Outcome actual = outcome(r, "ACTUAL", "A");
        assertThat(actual.fillRate()).isEqualTo(1.0);
        assertThat(actual.averageInventoryValue()).isCloseTo(125.0, within(1e-9));
        assertThat(actual.orderLines()).isZero();
        assertThat(r.imputedDays()).isZero();
        assertThat(r.demandDays()).isEqualTo(7);
    }

    @Test
    void anEmptyShelfLosesSalesUntilTheFirstOrderArrives() {
        // start with nothing: days 0 and 1 lose 10 each (out of stock); day 0 orders 30, arriving day 2; day 1 IP 30 is
        // not
        // below s 30; from day 2 it sells 10 a day and orders 10 each day: demand 70, sold 50, lost 20 × 5 = 100, 6
        // lines.
        SimulationReport r = run(pair(0, fill(50), fill(10), fill(0)));
        SimulationReport.Outcome o = outcome(r, "TRAILING_AVERAGE", "A");
        assertThat(o.demandUnits()).isEqualTo(70.0);
        assertThat(o.soldUnits()).isEqualTo(50.0);
        assertThat(o.fillRate()).isCloseTo(50 / 70.0, within(1e-12));
        assertThat(o.stockOutDays()).isCloseTo(2 / 7.0, within(1e-12));
        assertThat(o.lostSalesValue()).isEqualTo(100.0);
        assertThat(o.orderLines()).isEqualTo(6);
        assertThat(o.neitherShare()).isCloseTo(5 / 7.0, within(1e-12));
    }

    @Test
    void theActualHistoryIsMeasuredFromItsSnapshotsWithCensoredDaysImputed() {
        // actual: on hand 50, except day 3 of the run which ended at 0 after selling 4 (demand censored: imputed as the
        // in-stock mean 10); on order rose once (day 4); day 5 held 200 units, over 2 weeks × 7 × 10 = 140.
        double[] onHand = fill(50);
        double[] sold = fill(10);
        double[] onOrder = fill(0);
        onHand[START + 3] = 0;
        sold[START + 3] = 4;
        onHand[START + 5] = 200;
        onHand[START + 6] = -6; // a negative count: out of stock, and no negative stock value
        onOrder[START + 4] = 20;
        onOrder[START + 5] = 20;
        SimulationReport r = run(pair(50, onHand, sold, onOrder));
        assertThat(r.imputedDays()).isEqualTo(2); // day 3 and the negative count of day 6 (it sold 10: demand 10)
        SimulationReport.Outcome actual = outcome(r, "ACTUAL", "all");
        assertThat(actual.demandUnits()).isEqualTo(70.0);
        assertThat(actual.soldUnits()).isEqualTo(64.0);
        assertThat(actual.lostSalesValue()).isEqualTo(30.0);
        assertThat(actual.stockOutDays()).isCloseTo(2 / 7.0, within(1e-12));
        assertThat(actual.overstockDays()).isCloseTo(1 / 7.0, within(1e-12));
        assertThat(actual.neitherShare()).isCloseTo(4 / 7.0, within(1e-12));
        assertThat(actual.averageInventoryValue()).isCloseTo((50 * 4 + 0 + 200 + 0) * 2.5 / 7, within(1e-9));
        assertThat(actual.orderLines()).isEqualTo(1);
        // the simulated policies face the imputed demand of 10 on that day and serve it
        assertThat(outcome(r, "TRAILING_AVERAGE", "all").demandUnits()).isEqualTo(70.0);
    }

    @Test
    void classesAreReportedApartAndAddUpOverall() {
        SimPair a = pair(25, fill(50), fill(10), fill(0));
        SimPair c = SimPairs.pair()
                .sku("P2")
                .abcClass('C')
                .history(fill(10), withStart(fill(50), 0), fill(0))
                .build();
        SimulationReport r = run(a, c);
        Map<String, SimulationReport.Outcome> avg = r.policies().getFirst().byClass();
        assertThat(avg.get("A").fillRate()).isEqualTo(1.0);
        assertThat(avg.get("C").fillRate()).isCloseTo(50 / 70.0, within(1e-12));
        assertThat(avg.get("all").demandUnits()).isEqualTo(140.0);
        assertThat(avg.get("all").fillRate()).isCloseTo(120 / 140.0, within(1e-12));
        assertThat(avg.get("all").pairs()).isEqualTo(2);
    }

    @Test
    void aWhatIfReviewPeriodOrdersOnlyEveryNDays() {
        SimulationSettings weekly = SimulationSettings.of(ReplenishmentProperties.defaults())
                .with(new SimulationSettings.WhatIf(null, null, null, null, null, null, null, 7));
        SimulationReport r = new Simulator(weekly, ForecastProperties.defaults(true))
                .run(
                        List.of(pair(25, fill(50), fill(10), fill(0))),
                        FIRST,
                        START,
                        START,
                        Simulator.allPolicies(),
                        new LinkedHashMap<>(),
                        Map.of());
        // one order day (day 0) in 7: P = 2 + 7, S = 90, IP 15 → orders 75
        assertThat(outcome(r, "TRAILING_AVERAGE", "A").orderLines()).isEqualTo(1);
        assertThat(outcome(r, "TRAILING_AVERAGE", "A").fillRate()).isEqualTo(1.0);
    }

    @Test
    void aWarmUpMeasuresThePolicyNotTheStockItInherited() {
        // the policy takes over 3 days early with an empty shelf: those 2 lost days are not measured; its first order
        // (30,
        // placed 3 days before the run) arrives the day before, and from then it ends each day at 10 with an order a
        // day
        double[] onHand = fill(50);
        onHand[START - 4] = 0;
        SimulationReport r = new Simulator(
                        SimulationSettings.of(ReplenishmentProperties.defaults()), ForecastProperties.defaults(true))
                .run(
                        List.of(pair(50, onHand, fill(10), fill(0))),
                        FIRST,
                        START - 3,
                        START,
                        Simulator.allPolicies(),
                        new LinkedHashMap<>(),
                        Map.of());
        assertThat(r.warmUpDays()).isEqualTo(3);
        assertThat(r.from()).isEqualTo(FIRST.plusDays(START));
        SimulationReport.Outcome o = outcome(r, "TRAILING_AVERAGE", "A");
        assertThat(o.demandUnits()).isEqualTo(70.0);
        assertThat(o.fillRate()).isEqualTo(1.0);
        assertThat(o.averageInventoryValue()).isCloseTo(25.0, within(1e-9));
        assertThat(o.orderLines()).isEqualTo(7);
        // without the warm-up the same empty shelf loses the first two days
        double[] empty = fill(50);
        SimulationReport cold = run(pair(0, empty, fill(10), fill(0)));
        assertThat(outcome(cold, "TRAILING_AVERAGE", "A").fillRate()).isCloseTo(50 / 70.0, within(1e-12));
    }

    @Test
    void overstockThatOneCaseForcesIsCountedApart() {
        // case 200 for 10 a day (2 weeks = 140): day 0 ends at 15 and orders one case, arriving day 2; the shelf then
        // holds
        // 195, 185, 175, 165, 155 — over the 2 weeks on 5 of 7 days, each time because of the case alone
        SimPair big = SimPairs.pair()
                .casePack(200)
                .history(fill(10), withStart(fill(50), 25), fill(0))
                .build();
        SimulationReport.Outcome o = outcome(run(big), "TRAILING_AVERAGE", "A");
        assertThat(o.orderLines()).isEqualTo(1);
        assertThat(o.overstockDays()).isCloseTo(5 / 7.0, within(1e-12));
        assertThat(o.packBoundDays()).isCloseTo(5 / 7.0, within(1e-12));
        assertThat(o.neitherShare()).isCloseTo(2 / 7.0, within(1e-12));
        assertThat(outcome(run(pair(25, fill(50), fill(10), fill(0))), "TRAILING_AVERAGE", "A")
                        .packBoundDays())
                .isZero();
    }

    @Test
    void stockTheReplayTookOverIsCountedApartFromThePolicysOwnShelf() {
        // 500 on hand for 10 a day (2 weeks = 140): the shelf holds 490 … 430 over the 7 days, above s 30, so no order
        // is placed: every day is over the limit because of the stock taken over, and no day comes after a first order
        SimulationReport.Outcome o = outcome(run(pair(500, fill(50), fill(10), fill(0))), "TRAILING_AVERAGE", "A");
        assertThat(o.orderLines()).isZero();
        assertThat(o.overstockDays()).isEqualTo(1.0);
        assertThat(o.overstockCauses().inherited()).isEqualTo(1.0);
        assertThat(o.overstockCauses().packBound()).isZero();
        assertThat(o.settledDays()).isZero();
        assertThat(o.neitherShareSettled()).isNull();
        // the steady seller: its first order (day 0) arrives on day 2, so days 2..6 come after it, all in neither state
        SimulationReport.Outcome steady = outcome(run(pair(25, fill(50), fill(10), fill(0))), "TRAILING_AVERAGE", "A");
        assertThat(steady.settledDays()).isCloseTo(5 / 7.0, within(1e-12));
        assertThat(steady.neitherShareSettled()).isEqualTo(1.0);
        assertThat(outcome(run(pair(25, fill(50), fill(10), fill(0))), "ACTUAL", "A")
                        .overstockCauses())
                .isNull();
    }

    static SimPair capped(int casePack, int moq) {
        return SimPairs.pair()
                .casePack(casePack)
                .moq(moq)
                .leadDays(1)
                .ruleWeeks(0.4)
                .history(fill(10), withStart(fill(50), 25), fill(0))
                .build();
    }

    @Test
    void overstockThatRoundingOrTheMoqCausesIsNamed() {
        // 10 a day, lead time 1, an order possible every day (P 2): S0 = 20, cap 0.4 weeks = 28 (the limit too),
        // S = s = 20. Case 25: day 0 ends at 15 and orders 5 → 25 (position 40 > 28), arriving day 1: 40 − 10 = 30 >
        // 28,
        // over because of the rounding; day 2 ends at 20 (no order: IP 20 is not below s); day 3 at 10, orders 25;
        // day 4 ends at 25; day 5 at 15, orders 25; day 6 ends at 30, over again. Lines on days 0, 3, 5.
        SimulationReport.Outcome rounded = outcome(run(capped(25, 0)), "TRAILING_AVERAGE", "A");
        assertThat(rounded.orderLines()).isEqualTo(3);
        assertThat(rounded.overstockDays()).isCloseTo(2 / 7.0, within(1e-12));
        assertThat(rounded.packBoundDays()).isZero(); // a case of 25 fits under 28
        assertThat(rounded.overstockCauses().rounding()).isCloseTo(2 / 7.0, within(1e-12));
        assertThat(rounded.overstockCauses().moq()).isZero();
        // the same with case 1 and an MOQ of 25: the MOQ, not the case, raised the 5 to 25
        SimulationReport.Outcome moq = outcome(run(capped(1, 25)), "TRAILING_AVERAGE", "A");
        assertThat(moq.overstockDays()).isCloseTo(2 / 7.0, within(1e-12));
        assertThat(moq.overstockCauses().moq()).isCloseTo(2 / 7.0, within(1e-12));
        assertThat(moq.overstockCauses().rounding()).isZero();
    }

    @Test
    void anOrderUpToLevelAboveTheCapIsNamedWithItsLeadTime() {
        // 10 a day, lead time 2, daily orders (P 3), a rule safety stock of 20 and 0.2 weeks of supply (cap and limit
        // 14): S0 = 30 + 20 = 50, S1 = min(50, max(14, d·L + SS = 40)) = 40 = s. Day 0 ends at 15 (over, the stock
        // taken
        // over) and orders 25; day 1 ends at 5 and orders 10; from day 2 each arrival brings it to 30 and it ends at
        // 20,
        // over 14 because S was above the cap — and the lead-time demand 20 alone is above it.
        SimPair p = SimPairs.pair()
                .ruleSafetyStock(20.0)
                .ruleWeeks(0.2)
                .history(fill(10), withStart(fill(50), 25), fill(0))
                .build();
        SimulationReport.Outcome o = outcome(run(p), "TRAILING_AVERAGE", "A");
        assertThat(o.orderLines()).isEqualTo(7);
        assertThat(o.overstockDays()).isCloseTo(6 / 7.0, within(1e-12));
        assertThat(o.overstockCauses().inherited()).isCloseTo(1 / 7.0, within(1e-12));
        assertThat(o.overstockCauses().aboveCap()).isCloseTo(5 / 7.0, within(1e-12));
        assertThat(o.overstockCauses().aboveCapLeadTime()).isCloseTo(5 / 7.0, within(1e-12));
        assertThat(o.neitherShareSettled()).isZero(); // days 2..6 come after the first order, all over
    }

    @Test
    void anObservedLeadTimeDelaysTheArrivalsAndWidensTheTrigger() {
        // the receipts measured L = 5 (configured 2) with σL = 1: orders arrive 5 days after they are placed, and the
        // trigger protects L + R = 6 days with SS = z·√(P·σ² + d²·σL²) = 2.0537 × √(6·0 + 100·1) = 20.54 (A, 98 %):
        // s = S = 60 + 20.54 = 80.54. Start with 80: day 0 ends at 70 and orders 11 (80.54 − 70, rounded up), days
        // 1–4 end at 60, 50, 40, 30 and order 10 each (position 71); day 5 receives day 0's 11 and ends at 31, day 6
        // receives 10 and ends at 31 again. Ends 70, 60, 50, 40, 30, 31, 31: never out, an order every day.
        SimPair p = SimPairs.pair()
                .leadDays(5)
                .leadSpread(1.0)
                .history(fill(10), withStart(fill(50), 80), fill(0))
                .build();
        SimulationReport r = run(p);
        for (String policy : List.of("TRAILING_AVERAGE", "FORECAST")) {
            SimulationReport.Outcome o = outcome(r, policy, "A");
            assertThat(o.fillRate()).as(policy).isEqualTo(1.0);
            assertThat(o.orderLines()).as(policy).isEqualTo(7);
            assertThat(o.averageInventoryValue()).as(policy).isCloseTo(312 * 2.5 / 7, within(1e-9));
        }
        // the same pair without the observed spread orders nothing before its position falls below s = 60 (day 2)
        SimPair noSpread = SimPairs.pair()
                .leadDays(5)
                .history(fill(10), withStart(fill(50), 80), fill(0))
                .build();
        assertThat(outcome(run(noSpread), "TRAILING_AVERAGE", "A").orderLines()).isEqualTo(5);
    }

    /**
     * 10 a day, with a promotion a month before the run (days 70–76 of the history, 30 a day) and one planned on days
     * 2 and 3 of a 4-day run (demand 30 a day); lead time 2, daily orders (P 3), 25 on hand.
     */
    static SimPair promoted() {
        int days = START + 4;
        double[] sold = new double[days];
        Arrays.fill(sold, 10);
        double[] onHand = new double[days];
        Arrays.fill(onHand, 50);
        boolean[] promotions =
                new boolean[days + ForecastProperties.defaults(true).horizonDays()];
        for (int t : new int[] {70, 71, 72, 73, 74, 75, 76, START + 2, START + 3}) {
            sold[t] = 30;
            promotions[t] = true;
        }
        return SimPairs.pair()
                .promotions(promotions)
                .history(sold, withStart(onHand, 25), new double[days])
                .build();
    }

    @Test
    void theForecastPolicyOrdersForAPlannedPromotion() {
        // The forecast leaves the past promotion out of its baseline (10 a day) and learns its uplift (Uplifts, K = 7):
        // category (7 days, 210 units on a baseline of 70) (210 + 7·10) / (70 + 70) = 2; series (210 + 7·2·10) / 140
        // = 2.5; each weekday, one day of 30 on 10: (30 + 7·2.5·10) / (10 + 70) = 2.5625, so a promotion day is
        // forecast at 25.625. Day 0 ends at 15; S = 10 + 2 × 25.625 = 61.25 → orders 47 (arriving day 2). Day 1 ends
        // at 5, S = 2 × 25.625 + 10 = 61.25, position 52 → orders 10 (arriving day 3). Day 2: 47 in, sells 30, ends at
        // 22; day 3: 10 in, sells 30, ends at 2. Nothing lost.
        SimulationReport r = run(promoted());
        SimulationReport.Outcome forecast = outcome(r, "FORECAST", "A");
        assertThat(forecast.demandUnits()).isEqualTo(80.0);
        assertThat(forecast.fillRate()).isEqualTo(1.0);
        assertThat(forecast.stockOutDays()).isZero();
        assertThat(forecast.averageInventoryValue()).isCloseTo((15 + 5 + 22 + 2) * 2.5 / 4, within(1e-9));
        // the 28-day policy does not look ahead (S = 30): day 0 orders 15, day 1 10; day 2 has 15 + 5 and sells 20 of
        // 30, day 3 sells the 10 that arrive: 30 units lost (× 5), both days out of stock
        SimulationReport.Outcome trailing = outcome(r, "TRAILING_AVERAGE", "A");
        assertThat(trailing.soldUnits()).isEqualTo(50.0);
        assertThat(trailing.lostSalesValue()).isEqualTo(150.0);
        assertThat(trailing.stockOutDays()).isCloseTo(2 / 4.0, within(1e-12));
    }
}
