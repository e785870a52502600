package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static io.stockroom.replenish.Chain.constant;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Textbook cases, one per rule and step of docs/replenishment.md. The base case: 28 days alternating 8 and 12 units
 * (d = 10, σ = 2), lead time 3, order day MON from a Thursday (R = 4), class A (z 2.054, 2 weeks), on hand 20, case 12.
 * SS = 2.054 × 2 × √7 = 10.87; S = 10 × 7 + 10.87 = 80.87; s = d × (L + R) + SS = 80.87; need 60.87 → 61 → 72.
 */
@BesideTheOtherClasses
class ReplenishmentPolicyTest {

    static final LocalDate D = LocalDate.of(2026, 3, 5); // a Thursday

    @TempDir
    Path dir;

    Chain chain;

    @BeforeEach
    void open() {
        chain = new Chain(dir);
        chain.store("S1").supplier("SUP1", 3, "MON", null);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private void baseItem(String sku) {
        chain.product(sku, "Dairy", 5)
                .supplies("SUP1", sku, 12, null, 2.5, null)
                .history("S1", sku, D, alternating(8, 12, 28), 5, 20);
    }

    private LineValues run(String sku) {
        new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
        return chain.line(D, "S1", sku);
    }

    private static List<String> text(LineValues v) {
        return Explanation.texts(v);
    }

    @Test
    void safetyStockOrderUpToReorderPointAndCaseRounding() {
        baseItem("P1");
        LineValues v = run("P1");
        assertThat(v.finalQty()).isEqualTo(72);
        assertThat(text(v))
                .containsExactly(
                        "demand d = 10/day over 28 in-stock days (σ 2)",
                        "class A (net sales 1,400.00 over 13 weeks): service level 98% → z 2.054, max 2 weeks of supply",
                        "lead time L = 3 d (supplier), review period R = 4 d (order days MON, next MON)",
                        "SS = z·σ·√(L + R) = 2.054 × 2 × √7 = 10.87",
                        "S0 = d × 7 + SS = 10 × 7 + 10.87 = 80.87",
                        "order-up-to S = 80.87; reorder point s = min(d × (L + R) + SS, S) = min(10 × 7 + 10.87, 80.87) = 80.87",
                        "IP = on hand 20 + on order 0 − reserved 0 = 20 (snapshot 2026-03-05)",
                        "IP 20 < s 80.87 → need S − IP = 80.87 − 20 = 60.87",
                        "rounded up to whole units 60.87 → 61",
                        "rounded 61 → 72 (case 12)");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void theExplanationShowsDemandAsPreciselyAsThePolicyUsesIt() {
        // 100 units over 28 in-stock days: d = 3.5714 (4 decimals, as every later value is computed), σ 0.4949.
        // Printed as 3.57, the text read "3.57 × 7 + 2.69 = 27.69" — 27.68 by hand — and the buyer could not follow it.
        int[] units = new int[28];
        for (int i = 0; i < 28; i++) {
            units[i] = i < 24 && i % 2 == 1 ? 3 : 4;
        }
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, null)
                .history("S1", "P1", D, units, 5, 1);
        LineValues v = run("P1");
        assertThat(text(v))
                .contains(
                        "demand d = 3.5714/day over 28 in-stock days (σ 0.4949)",
                        "SS = z·σ·√(L + R) = 2.054 × 0.4949 × √7 = 2.69",
                        "S0 = d × 7 + SS = 3.5714 × 7 + 2.69 = 27.69",
                        "order-up-to S = 27.69; reorder point s = min(d × (L + R) + SS, S) = "
                                + "min(3.5714 × 7 + 2.69, 27.69) = 27.69");
        assertThat(v.finalQty()).isEqualTo(36); // need 26.69 → 27 → 36 (case 12)
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void aRuleSafetyStockWinsWhenLarger() {
        baseItem("P1");
        chain.rule("*", "P1", 15.0, null, null, null);
        LineValues v = run("P1");
        // S = 70 + 15 = 85 = s, need 65 → 72
        assertThat(v.safetyStock()).isEqualByComparingTo("15");
        assertThat(v.finalQty()).isEqualTo(72);
        assertThat(text(v))
                .contains(
                        "SS = max(rule 15, z·σ·√(L + R) = 2.054 × 2 × √7 = 10.87) = 15",
                        "IP 20 < s 85 → need S − IP = 85 − 20 = 65");
    }

    @Test
    void caseRoundingOfATextbookNeed() {
        // 20/day, σ 0, no order days (R = 7 default), lead time 7 → S = 20 × 14 = 280; on hand 103 → need 177 → 180
        chain.supplier("SUP2", 7, null, null)
                .product("P2", "Dairy", 1)
                .supplies("SUP2", "P2", 12, null, 0.5, null)
                .history("S1", "P2", D, constant(20, 28), 1, 103);
        LineValues v = run("P2");
        assertThat(v.finalQty()).isEqualTo(180);
        assertThat(text(v))
                .contains(
                        "lead time L = 7 d (supplier), review period R = 7 d (default)",
                        "IP 103 < s 280 → need S − IP = 280 − 103 = 177",
                        "rounded 177 → 180 (case 12)");
    }

    @Test
    void moqFirstThenCase() {
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, 100, 2.5, null)
                .history("S1", "P1", D, alternating(8, 12, 28), 5, 20);
        LineValues v = run("P1");
        assertThat(v.finalQty()).isEqualTo(108);
        assertThat(text(v))
                .containsSubsequence(
                        "rounded up to whole units 60.87 → 61",
                        "raised to the MOQ 100: 61 → 100",
                        "rounded 100 → 108 (case 12)");
    }

    @Test
    void ruleMaxCapsTheLevelAndAgainAfterRounding() {
        baseItem("P1");
        chain.rule("S1", "P1", null, null, 75.0, null);
        LineValues v = run("P1");
        // S = min(80.87, 75) = 75; need 55 → case 60; 20 + 60 > 75 → 4 cases = 48
        assertThat(v.finalQty()).isEqualTo(48);
        assertThat(text(v))
                .contains(
                        "capped at the rule max 75: 80.87 → 75",
                        "rounded 55 → 60 (case 12)",
                        "capped by the rule max 75: IP 20 + 60 > 75 → 48 (whole cases of 12)");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void weeksOfSupplyCapsTheOrderUpToLevel() {
        baseItem("P1");
        chain.rule("*", "P1", null, null, null, 0.5);
        LineValues v = run("P1");
        // d·7·W = 35 < d·L + SS = 40.87: S1 = min(80.87, max(35, 40.87)) = 40.87 = S = s; need 20.87 → 21 → 24
        assertThat(v.finalQty()).isEqualTo(24);
        assertThat(text(v))
                .contains(
                        "class A (net sales 1,400.00 over 13 weeks): service level 98% → z 2.054, max 0.5 weeks of supply (rule)",
                        "capped at 0.5 weeks of supply, never below lead-time demand: S1 = min(80.87, max(d × 7 × 0.5 = 35, d × L + SS = 10 × 3 + 10.87 = 40.87)) = 40.87",
                        "IP 20 < s 40.87 → need S − IP = 40.87 − 20 = 20.87");
    }

    @Test
    void presentationMinimumAndRuleMinRaiseTheLevel() {
        baseItem("P1");
        chain.productFlag("P1", "presentation_min", 100);
        LineValues v = run("P1");
        assertThat(v.finalQty()).isEqualTo(84); // need 80 → 84
        assertThat(text(v)).contains("raised to the presentation minimum 100: 80.87 → 100");

        chain.rule("*", "P1", null, 120.0, null, null);
        v = run("P1");
        assertThat(v.finalQty()).isEqualTo(108); // need 100 → 108
        assertThat(text(v)).contains("raised to the rule min 120: 80.87 → 120");
    }

    /**
     * Periodic review (issue 14): orders can be placed only on order days, so the trigger protects until the next
     * order can arrive, L + R = 7 days: s = d × 7 + SS = 80.87. With on hand 41 the old s = d × L + SS = 40.87 did not
     * trigger, and the stock expected when the next order (placed Monday) arrives was 41 − 70 < 0, below SS.
     */
    @Test
    void periodicReviewProtectsUntilTheNextOrderCanArrive() {
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, null)
                .history("S1", "P1", D, alternating(8, 12, 28), 5, 41);
        LineValues v = run("P1");
        assertThat(v).isNotNull();
        assertThat(v.reorderPoint()).isEqualByComparingTo("80.87");
        assertThat(v.finalQty()).isEqualTo(48); // need 80.87 − 41 = 39.87 → 40 → 48
        assertThat(text(v))
                .contains(
                        "order-up-to S = 80.87; reorder point s = min(d × (L + R) + SS, S) = min(10 × 7 + 10.87, 80.87) = 80.87",
                        "IP 41 < s 80.87 → need S − IP = 80.87 − 41 = 39.87");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    /**
     * A presentation minimum triggers an order (issue 14): an item that sold nothing (d = 0, σ = 0) with a display
     * of 6 and 2 on hand is reordered to its display: s = max(d × (L + R) + SS, 6) = 6, IP 2 < 6 → need 4 → 12 (case).
     * Before, the minimum raised S but not s (s = 0), so it was never reordered.
     */
    @Test
    void aPresentationOrRuleMinimumTriggersAnOrder() {
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, null)
                .history("S1", "P1", D, constant(0, 28), 5, 2);
        chain.productFlag("P1", "presentation_min", 6);
        LineValues v = run("P1");
        assertThat(v).isNotNull();
        assertThat(v.reorderPoint()).isEqualByComparingTo("6");
        assertThat(v.finalQty()).isEqualTo(12);
        assertThat(text(v))
                .contains(
                        "order-up-to S = 6; reorder point s = min(max(d × (L + R) + SS, minimum 6), S) = min(max(0 × 7 + 0, 6), 6) = 6",
                        "IP 2 < s 6 → need S − IP = 6 − 2 = 4");
        assertThat(PolicyCheck.problems(v)).isEmpty();

        chain.productFlag("P1", "presentation_min", null);
        chain.rule("*", "P1", null, 5.0, null, null);
        v = run("P1");
        assertThat(v.reorderPoint()).isEqualByComparingTo("5");
        assertThat(v.finalQty()).isEqualTo(12); // need 3 → 12
    }

    /**
     * The weeks-of-supply cap never pushes S below lead-time demand plus its safety stock (issue 14): lead time 7,
     * no order days (R = 7), W = 0.5: d·7·W = 35 but d × L = 70, so S1 = min(S0, max(35, 70 + SS)). Before, S = 35
     * ordered less than the 70 units that sell before the order arrives.
     */
    @Test
    void theWeeksOfSupplyCapNeverGoesBelowLeadTimeDemand() {
        chain.supplier("SUP2", 7, null, null)
                .product("P2", "Dairy", 5)
                .supplies("SUP2", "P2", 1, null, 2.5, null)
                .history("S1", "P2", D, alternating(8, 12, 28), 5, 5);
        chain.rule("*", "P2", null, null, null, 0.5);
        LineValues v = run("P2");
        // SS = 2.054 × 2 × √14 = 15.37; S0 = 140 + 15.37 = 155.37; S1 = min(155.37, max(35, 70 + 15.37)) = 85.37
        assertThat(v.orderUpTo()).isEqualByComparingTo("85.37");
        assertThat(v.orderUpTo()).isGreaterThan(v.demandRate().multiply(BigDecimal.valueOf(v.leadTimeDays())));
        assertThat(v.finalQty()).isEqualTo(81); // need 85.37 − 5 = 80.37 → 81 (case 1)
        assertThat(text(v))
                .contains("capped at 0.5 weeks of supply, never below lead-time demand: S1 = min(155.37, "
                        + "max(d × 7 × 0.5 = 35, d × L + SS = 10 × 7 + 15.37 = 85.37)) = 85.37");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    /**
     * Lead-time variability (issue 14): with an observed lead-time spread σL = 1.5 d for the supplier × SKU,
     * SS = z·√(P·σ² + d²·σL²) = 2.054 × √(7 × 4 + 100 × 2.25) = 2.054 × √253 = 32.67; S = s = 70 + 32.67 = 102.67;
     * need 82.67 → 83 → 84. Without an observation (no row) SS stays z·σ·√P = 10.87.
     */
    @Test
    void anObservedLeadTimeSpreadRaisesTheSafetyStock() {
        baseItem("P1");
        chain.exec(
                "INSERT INTO supplier_lead_times (supplier_id, sku, mean_days, sd_days, receipts) VALUES ('SUP1', 'P1', 3.2, 1.5, 12)");
        LineValues v = run("P1");
        assertThat(v.leadTimeSd()).isEqualTo(1.5);
        assertThat(v.safetyStockCalc()).isEqualByComparingTo("32.67");
        assertThat(v.finalQty()).isEqualTo(84);
        assertThat(text(v))
                .contains(
                        "SS = z·√(P·σ² + d²·σL²) with the observed lead-time spread σL = 1.5 d: 2.054 × √(7 × 2² + 10² × 1.5²) = 32.67");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    /**
     * Slow movers (issue 14): one unit every other day (d = 0.5, σ = 0.5, variance/mean 0.5 ≤ 1 → Poisson). Demand
     * over P = 7 d has mean 3.5; the Poisson(3.5) CDF passes 98 % at 8 (0.9733 at 7, 0.9901 at 8), so SS = 8 − 3.5 =
     * 4.5 instead of the normal 2.054 × 0.5 × √7 = 2.72. S0 = 8, capped at 2 weeks of supply (0.5 × 14 = 7, above
     * d × L + SS = 6): S = s = 7; on hand 2 → need 5 (case 1).
     * Twice the variance (0, 2 alternating: d 1 is not slow) — 0, 0, 0, 2 repeating: d 0.5, σ² 0.75, ratio 1.5 →
     * negative binomial with mean 3.5 and variance 5.25, whose 98 % quantile is 9 → SS 5.5.
     */
    @Test
    void slowMoversTakeTheirSafetyStockFromACountDistribution() {
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 1, null, 2.5, null)
                .history("S1", "P1", D, alternating(0, 1, 28), 5, 2)
                .sellsEveryDay("S1", D, 28);
        LineValues v = run("P1");
        assertThat(v.ssModel()).isEqualTo("poisson");
        assertThat(v.ssQuantile()).isEqualTo(8);
        assertThat(v.safetyStockCalc()).isEqualByComparingTo("4.5");
        assertThat(v.orderUpTo()).isEqualByComparingTo("7");
        assertThat(v.finalQty()).isEqualTo(5);
        assertThat(text(v))
                .contains(
                        "SS = slow mover (under 1/day, variance/mean 0.5): demand over 7 d ~ Poisson with mean 0.5 × 7 = 3.5, "
                                + "its 98% quantile is 8 → 8 − 3.5 = 4.5");
        assertThat(PolicyCheck.problems(v)).isEmpty();
        assertThat(DiscreteDemand.quantile(3.5, 1.0, 0.98)).isEqualTo(8);
        assertThat(DiscreteDemand.quantile(3.5, 1.0, 0.97)).isEqualTo(7);

        int[] lumpy = new int[28];
        for (int i = 0; i < 28; i++) {
            lumpy[i] = i % 4 == 3 ? 2 : 0;
        }
        chain.product("P2", "Dairy", 5)
                .supplies("SUP1", "P2", 1, null, 2.5, null)
                .history("S1", "P2", D, lumpy, 5, 2);
        LineValues nb = run("P2");
        assertThat(nb.ssModel()).isEqualTo("negbin");
        assertThat(nb.ssQuantile())
                .isEqualTo(DiscreteDemand.quantile(3.5, 1.5, nb.serviceLevel().doubleValue()));
        assertThat(PolicyCheck.problems(nb)).isEmpty();
    }

    private LineValues run(String sku, ReplenishmentProperties settings) {
        new ReplenishmentService(chain.warehouse, settings).run(D, Optional.empty());
        return chain.line(D, "S1", sku);
    }

    /** The defaults with one class's service level read as a fill-rate target β (issue 14). */
    static ReplenishmentProperties fillRate(char abcClass, String level) {
        ReplenishmentProperties.Classes c = ReplenishmentProperties.defaults().classes();
        c = new ReplenishmentProperties.Classes(
                abcClass == 'A' ? new BigDecimal(level) : c.aServiceLevel(),
                c.aMaxWeeksOfSupply(),
                abcClass == 'B' ? new BigDecimal(level) : c.bServiceLevel(),
                c.bMaxWeeksOfSupply(),
                abcClass == 'C' ? new BigDecimal(level) : c.cServiceLevel(),
                c.cMaxWeeksOfSupply(),
                "cycle",
                "cycle",
                "cycle");
        return ReplenishmentProperties.defaults().withClasses(c.withMeasure(abcClass, ServiceMeasure.FILL_RATE));
    }

    /**
     * Fill-rate target (issue 14) on the base case, class A at β = 98 %: at most 2 % of the demand per order cycle
     * d · R = 40 may go unserved, 0.8 units. σ_P = 2 × √7 = 5.29, so G(k) ≤ 0.8 / 5.29 = 0.1512: k = 0.667 (the table's
     * bucket ⌊100 · ln 0.1512⌋ = −189, G⁻¹(e^−1.89) = 0.6665 rounded up); SS = 0.667 × 5.29 = 3.53 instead of the cycle
     * level's 10.87; S = s = 73.53, need 53.53 → 54 → 60 (case 12). At β = 90 % the target 4 units is above σ_P · G(0)
     * = 2.11: k = −0.582 and SS = 0 (the cycle stock alone serves 90 %): S = 70, need 50 → 60.
     */
    @Test
    void aFillRateTargetSizesTheSafetyStockFromTheLossFunction() {
        baseItem("P1");
        LineValues v = run("P1", fillRate('A', "0.98"));
        assertThat(v.serviceMeasure()).isEqualTo("fill-rate");
        assertThat(v.fillK()).isEqualTo(0.667);
        assertThat(v.safetyStockCalc()).isEqualByComparingTo("3.53");
        assertThat(v.orderUpTo()).isEqualByComparingTo("73.53");
        assertThat(v.finalQty()).isEqualTo(60);
        assertThat(text(v))
                .containsSubsequence(
                        "class A (net sales 1,400.00 over 13 weeks): fill-rate target 98% (of the units demanded, served from the shelf), max 2 weeks of supply",
                        "SS = k·σ·√(L + R) = 0.667 × 2 × √7 = 3.53 with the fill-rate target 98% → k 0.667 "
                                + "(expected shortage per cycle σ·√(L + R)·G(k) = 0.8 ≤ 2% of d·R = 2% × 10 × 4 = 0.8)",
                        "S0 = d × 7 + SS = 10 × 7 + 3.53 = 73.53");
        assertThat(PolicyCheck.problems(v)).isEmpty();

        LineValues low = run("P1", fillRate('A', "0.90"));
        assertThat(low.fillK()).isEqualTo(-0.582);
        assertThat(low.safetyStockCalc()).isEqualByComparingTo("0");
        assertThat(low.finalQty()).isEqualTo(60);
        assertThat(text(low))
                .contains(
                        "SS = max(0, k·σ·√(L + R)) = max(0, -0.582 × 2 × √7) = 0 with the fill-rate target 90% → k -0.582 "
                                + "(expected shortage per cycle σ·√(L + R)·G(k) = 4 ≤ 10% of d·R = 10% × 10 × 4 = 4): the cycle "
                                + "stock alone meets it, k < 0 means no safety stock");
        assertThat(PolicyCheck.problems(low)).isEmpty();

        // the other classes keep their cycle service level, and so does every line by default
        LineValues cycle = run("P1", fillRate('B', "0.98"));
        assertThat(cycle.serviceMeasure()).isNull();
        assertThat(cycle.fillK()).isNull();
        assertThat(cycle.safetyStockCalc()).isEqualByComparingTo("10.87");
        assertThat(cycle.finalQty()).isEqualTo(72);
    }

    /**
     * A slow mover under a fill-rate target (issue 14): one unit every other day (Poisson, d = 0.5), lead time 3, order
     * day THU from a Thursday (R = 7): demand over P = 10 d has mean 5 and the target is 2 % of d · R = 0.07 units short
     * per cycle. E[(X − 8)+] = 0.1156 and E[(X − 9)+] = 0.0540, so S = 9 and SS = 4, where the 98 % cycle quantile is
     * 10 (SS 5). A rule of 4 weeks of supply keeps the cap (0.5 × 28 = 14) out of the way: S = s = 9, on hand 2 → 7
     * (cycle: 8).
     */
    @Test
    void aSlowMoversFillRateLevelIsTheSmallestWithTheTargetShortage() {
        chain.supplier("SUP2", 3, "THU", null);
        chain.product("P1", "Dairy", 5)
                .supplies("SUP2", "P1", 1, null, 2.5, null)
                .history("S1", "P1", D, alternating(0, 1, 28), 5, 2)
                .sellsEveryDay("S1", D, 28)
                .rule("S1", "P1", null, null, null, 4.0);
        LineValues v = run("P1", fillRate('A', "0.98"));
        assertThat(v.ssModel()).isEqualTo("poisson");
        assertThat(v.serviceMeasure()).isEqualTo("fill-rate");
        assertThat(v.ssQuantile()).isEqualTo(9);
        assertThat(v.fillK()).isNull();
        assertThat(v.safetyStockCalc()).isEqualByComparingTo("4");
        assertThat(v.finalQty()).isEqualTo(7);
        assertThat(text(v))
                .contains(
                        "SS = slow mover (under 1/day, variance/mean 0.5): demand over 10 d ~ Poisson with mean 0.5 × 10 = 5; "
                                + "fill-rate target 98%: the smallest level S with an expected shortage per cycle E[(X − S)+] ≤ "
                                + "2% of d·R = 2% × 0.5 × 7 = 0.07 is 9 (E[(X − 9)+] = 0.05) → 9 − 5 = 4");
        assertThat(PolicyCheck.problems(v)).isEmpty();

        LineValues cycle = run("P1");
        assertThat(cycle.ssQuantile()).isEqualTo(10);
        assertThat(cycle.finalQty()).isEqualTo(8);
    }

    /** The re-check names a fill-rate line whose k or level does not follow from its values. */
    @Test
    void theRecheckCatchesAWrongK() {
        baseItem("P1");
        LineValues v = run("P1", fillRate('A', "0.98"));
        chain.exec("UPDATE replenishment_lines SET fill_k = 0.7 WHERE sku = 'P1'");
        assertThat(PolicyCheck.problems(chain.line(D, "S1", "P1"))).contains("fill-rate k: expected 0.667, stored 0.7");
        assertThat(v.fillK()).isEqualTo(0.667);
    }

    @Test
    void noLineWhenThePositionIsAtOrAboveTheReorderPoint() {
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, null)
                .history("S1", "P1", D, alternating(8, 12, 28), 5, 81);
        assertThat(run("P1")).isNull();
    }

    @Test
    void stockOutDaysDoNotTeachItToOrderLess() {
        // 28 days: 14 days sold 10, 14 days out of stock with nothing sold → d = 10 over 14 days, not 5 over 28
        int[] units = new int[28];
        boolean[] out = new boolean[28];
        for (int i = 0; i < 28; i++) {
            units[i] = i % 2 == 0 ? 10 : 0;
            out[i] = i % 2 == 1;
        }
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 1, null, 2.5, null)
                .history("S1", "P1", D, units, 5, 0, out);
        LineValues v = run("P1");
        assertThat(v.nDays()).isEqualTo(14);
        assertThat(v.demandRate()).isEqualByComparingTo("10");
        assertThat(v.demandSigma()).isEqualByComparingTo("0");
        assertThat(v.finalQty()).isEqualTo(70); // S = 10 × 7 = 70, IP 0
    }

    @Test
    void doNotReorderIsNeverOrdered() {
        baseItem("P1");
        chain.productFlag("P1", "do_not_reorder", true);
        LineValues v = run("P1");
        assertThat(v.exception()).isEqualTo("DNR");
        assertThat(v.finalQty()).isZero();
        assertThat(text(v).get(0))
                .isEqualTo(
                        "DNR: the item is marked do-not-reorder, so nothing is ordered (the policy below would order 72)");
    }

    @Test
    void struckItemsAreNeverOrdered() {
        baseItem("P1");
        chain.productFlag("P1", "struck", true);
        LineValues v = run("P1");
        assertThat(v.exception()).isEqualTo("STRIKE");
        assertThat(v.finalQty()).isZero();
        assertThat(text(v).get(0))
                .isEqualTo(
                        "STRIKE: the item is struck / discontinued, so nothing is ordered (the policy below would order 72)");
    }

    @Test
    void aLimitedTimeOfferEndingBeforeArrivalIsNotOrdered() {
        baseItem("P1");
        chain.productFlag("P1", "lto_end_date", java.sql.Date.valueOf(D.plusDays(2)));
        LineValues v = run("P1");
        assertThat(v.exception()).isEqualTo("LTO_ENDS_BEFORE_ARRIVAL");
        assertThat(v.finalQty()).isZero();
        assertThat(text(v).get(0))
                .isEqualTo(
                        "LTO_ENDS_BEFORE_ARRIVAL: the limited-time offer ends 2026-03-07 but an order placed today "
                                + "arrives 2026-03-08 (lead time 3 d), so nothing is ordered (the policy below would order 72)");
    }

    @Test
    void aLimitedTimeOfferCountsDemandOnlyUpToItsEnd() {
        baseItem("P1");
        chain.productFlag("P1", "lto_end_date", java.sql.Date.valueOf(D.plusDays(5)));
        LineValues v = run("P1");
        // cover 5 d instead of 7: SS = 2.054 × 2 × √5 = 9.19; S = 50 + 9.19 = 59.19; need 39.19 → 40 → 48
        assertThat(v.exception()).isNull();
        assertThat(v.coverDays()).isEqualTo(5);
        assertThat(v.finalQty()).isEqualTo(48);
        assertThat(text(v))
                .contains(
                        "lead time L = 3 d (supplier), review period R = 4 d (order days MON, next MON); "
                                + "limited-time offer ends 2026-03-10: cover 5 d instead of 7",
                        "SS = z·σ·√5 = 2.054 × 2 × √5 = 9.19");
    }

    @Test
    void noSupplierMeansNoLineButAnException() {
        chain.product("P9", "Dairy", 5).history("S1", "P9", D, alternating(8, 12, 28), 5, 0);
        assertThat(run("P9")).isNull();
        assertThat(
                        chain.count(
                                "SELECT COUNT(*) FROM replenishment_exceptions WHERE code = 'NO_SUPPLIER' AND store_id = 'S1' AND sku = 'P9'"))
                .isEqualTo(1);
    }

    @Test
    void aNewItemUsesItsCategoryRateInTheStore() {
        baseItem("P1");
        chain.product("N1", "Dairy", 5)
                .supplies("SUP1", "N1", 6, null, 2.5, null)
                .history("S1", "N1", D, new int[] {3, 4, 5}, 5, 0);
        LineValues v = run("N1");
        assertThat(v.newItem()).isTrue();
        assertThat(v.nDays()).isEqualTo(2); // the last day ended out of stock (on hand 0): not an in-stock day
        assertThat(v.itemRate()).isEqualByComparingTo("3.5");
        assertThat(v.demandRate()).isEqualByComparingTo("10");
        // class: P1 holds 1,400 of 1,460 net sales (95.9 %), so N1 starts above 95 % → C (z 1.282, 4 weeks)
        // SS = 1.282 × 2 × √7 = 6.78; S = 70 + 6.78 = 76.78; IP 0 → need 76.78 → 77 → 78 (case 6)
        assertThat(v.abcClass()).isEqualTo("C");
        assertThat(v.finalQty()).isEqualTo(78);
        assertThat(text(v).get(0))
                .isEqualTo(
                        "NEW_ITEM: only 2 in-stock days of the last 91, so the category's rate in this store is used:"
                                + " d = 10/day (σ 2)");
    }

    /**
     * 120 days of history: 20 a day on the first 29 (before the 13-week window), then 2 a day, then out of stock on 25
     * of the last 28 days (selling nothing, on hand 0) and 2 a day on the last 3. Only 3 in-stock days of 28, but 66 of
     * the last 91: it is not new, and its own rate over those 66 days is used (d = 2, σ 0), not the category's (10).
     */
    static void longOutOfStockItem(Chain chain, String sku, int casePack) {
        int days = 120;
        int[] units = new int[days];
        boolean[] out = new boolean[days];
        for (int i = 0; i < days; i++) {
            out[i] = i >= 92 && i < 117;
            units[i] = out[i] ? 0 : i < 29 ? 20 : 2;
        }
        chain.product(sku, "Dairy", 5)
                .supplies("SUP1", sku, casePack, null, 2.5, null)
                .history("S1", sku, D, units, 5, 1, out);
    }

    @Test
    void anItemOutOfStockMostOfTheWindowTakesItsOwnRateOverTheLongerWindowNotItsCategorys() {
        baseItem("P1");
        longOutOfStockItem(chain, "L1", 1);
        LineValues v = run("L1");
        // before: NEW_ITEM with the category's d = 10, σ 2 → SS 10.87, S = 80.87, IP 1 → 80 units of an item selling 2
        assertThat(v.newItem()).isFalse();
        assertThat(v.nDays()).isEqualTo(3);
        assertThat(v.longDays()).isEqualTo(66);
        assertThat(v.longWindowDays()).isEqualTo(91);
        assertThat(v.demandRate()).isEqualByComparingTo("2");
        assertThat(v.demandSigma()).isEqualByComparingTo("0");
        // net sales 660 of 2,060 (P1 1,400 first: 68 %) → A (z 2.054, 2 weeks); SS 0; S0 = 2 × 7 = 14 (cap 28);
        // s = 14; IP 1 → need 13
        assertThat(v.abcClass()).isEqualTo("A");
        assertThat(v.finalQty()).isEqualTo(13);
        assertThat(Recommendations.flags(v)).contains("LONG_OUT_OF_STOCK").doesNotContain("NEW_ITEM");
        assertThat(text(v).get(0))
                .isEqualTo("LONG_OUT_OF_STOCK: only 3 in-stock days in the demand window, so its own rate over 66"
                        + " in-stock days of the last 91 is used: d = 2/day (σ 0)");
        assertThat(PolicyCheck.problems(v)).isEmpty();
        // the buyer's queue: the flag filters it, and the line asks for attention
        Views.RecommendationPage flagged = new Recommendations(chain.warehouse)
                .list(new Views.LineQuery(D, null, null, null, "LONG_OUT_OF_STOCK", null, 50, 0));
        assertThat(flagged.items()).singleElement().satisfies(item -> {
            assertThat(item.sku()).isEqualTo("L1");
            assertThat(item.attention()).isTrue();
            assertThat(item.flags()).contains("LONG_OUT_OF_STOCK");
        });
        assertThat(new Recommendations(chain.warehouse)
                        .list(new Views.LineQuery(D, null, null, null, "NEW_ITEM", null, 50, 0))
                        .items())
                .isEmpty();
    }

    @Test
    void anItemInStockTooFewDaysOfTheLongerWindowTooTakesItsCategorysRate() {
        baseItem("P1");
        // 2 a day for 60 days, then in stock on only 4 of the last 91 days: too few days to tell its own rate
        int[] units = new int[151];
        boolean[] out = new boolean[151];
        for (int i = 0; i < 151; i++) {
            out[i] = i >= 60 && i < 147;
            units[i] = out[i] ? 0 : 2;
        }
        chain.product("L2", "Dairy", 5)
                .supplies("SUP1", "L2", 1, null, 2.5, null)
                .history("S1", "L2", D, units, 5, 1, out);
        LineValues v = run("L2");
        assertThat(v.newItem()).isTrue();
        assertThat(v.nDays()).isEqualTo(4);
        assertThat(v.longDays()).isEqualTo(4);
        assertThat(v.demandRate()).isEqualByComparingTo("10");
        assertThat(Recommendations.flags(v)).contains("NEW_ITEM").doesNotContain("LONG_OUT_OF_STOCK");
        assertThat(text(v).get(0))
                .isEqualTo("NEW_ITEM: only 4 in-stock days of the last 91, so the category's rate in this store is"
                        + " used: d = 10/day (σ 2)");
    }

    @Test
    void aDayWhoseSalesFeedFailedIsLeftOutOfTheDemandAndTheLineSaysSo() {
        // 10 units every day for 28 days, but the store's sales of D-10 never loaded (its feed failed) while its stock
        // count did: that day is unknown, not a day that sold nothing. d = 270 / 27 = 10, not 270 / 28 = 9.6429.
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, null)
                .history("S1", "P1", D, constant(10, 28), 5, 20);
        chain.exec("DELETE FROM sales WHERE store_id = 'S1' AND business_date = ?", D.minusDays(10));
        LineValues v = run("P1");
        assertThat(v.nDays()).isEqualTo(27);
        assertThat(v.demandRate()).isEqualByComparingTo("10");
        assertThat(v.salesMissingDays()).isEqualTo(1);
        assertThat(Recommendations.flags(v)).contains("SALES_MISSING");
        assertThat(text(v))
                .contains("demand d = 10/day over 27 in-stock days (σ 0); SALES_MISSING: sales missing for 1 more"
                        + " in-stock day of the window (the store's sales feed failed or did not arrive), left out"
                        + " rather than counted as selling nothing");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void missingSalesDaysAreKeptIncrementallyAsARebuildKeepsThem() throws Exception {
        // 70 days of 10 units a day; the store's sales are missing on D-65 and D-30 (in D-3's 63- and 28-day windows,
        // gone from D-2's), D-10 and D-1 (day D-1 arrives missing in an incremental step). Both incremental paths (the
        // 28-day window with its day bits, a 63-day window read back from the facts) must equal a rebuild.
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, null)
                .history("S1", "P1", D, constant(10, 70), 5, 20);
        for (int back : new int[] {65, 30, 10, 1}) {
            chain.exec("DELETE FROM sales WHERE store_id = 'S1' AND business_date = ?", D.minusDays(back));
        }
        String stats = "SELECT store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units,"
                + " last_counted, revenue, snapshot_date, on_hand, missing_days, missing_bits, long_days, long_units,"
                + " long_units_sq, long_bits FROM demand_daily_stats WHERE as_of = :d ORDER BY store_no, sku_no";
        for (int window : new int[] {28, DemandStatistics.MAX_COUNTED_DAYS + 1}) {
            DemandStatistics demand =
                    new DemandStatistics(ReplenishmentProperties.defaults().withDemandWindowDays(window));
            try (java.sql.Connection c = chain.warehouse.connection()) {
                c.setAutoCommit(false);
                try {
                    assertThat(demand.update(c, D.minusDays(3), true)).isEqualTo(DemandStatistics.Mode.FULL);
                    for (int back = 2; back >= 0; back--) {
                        assertThat(demand.update(c, D.minusDays(back))).isEqualTo(DemandStatistics.Mode.INCREMENTAL);
                    }
                    List<Map<String, Object>> incremental = rows(c, stats);
                    assertThat(demand.update(c, D, true)).isEqualTo(DemandStatistics.Mode.FULL);
                    assertThat(incremental).as("window %d", window).isEqualTo(rows(c, stats));
                    assertThat(incremental).singleElement().satisfies(r -> {
                        int missing = window == 28 ? 2 : 3; // D-10 and D-1, and D-30 in the 63 days
                        assertThat(((Number) r.get("missing_days")).intValue()).isEqualTo(missing);
                        assertThat(((Number) r.get("n_days")).intValue()).isEqualTo(window - missing);
                        assertThat(new BigDecimal(r.get("sum_units").toString()))
                                .isEqualByComparingTo(BigDecimal.valueOf(10L * (window - missing)));
                    });
                } finally {
                    c.rollback();
                }
            }
        }
    }

    @Test
    void theLongerWindowIsKeptIncrementallyAsARebuildKeepsIt() throws Exception {
        // 130 days of 1..5 units a day (back = days before D); out of stock (on hand 0, yet sold) on most of the demand
        // window (back 3..25), on back 40..45 and on back 92; the store's sales missing on back 50 and 93. The days
        // leaving the 91-day window in the four incremental steps D-3..D: back 94 (in stock: subtracted), 93 (sales
        // missing), 92 (out of stock) and 91 (in stock). Every path must equal a rebuild: the day bits (28 of 91), the
        // facts (a 63-day demand window; 120 days, too many for the bits), and a longer window that is the demand
        // window (revenue window 28, or shorter than a 35-day demand window).
        int days = 130;
        int[] units = new int[days];
        boolean[] out = new boolean[days];
        for (int i = 0; i < days; i++) {
            int back = days - 1 - i;
            units[i] = 1 + i % 5;
            out[i] = (back >= 3 && back <= 25) || (back >= 40 && back <= 45) || back == 92;
        }
        chain.product("L1", "Dairy", 5)
                .supplies("SUP1", "L1", 1, null, 2.5, null)
                .history("S1", "L1", D, units, 5, 5, out);
        int[] missing = {50, 93};
        for (int back : missing) {
            chain.exec("DELETE FROM sales WHERE store_id = 'S1' AND business_date = ?", D.minusDays(back));
        }
        String stats = "SELECT store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units,"
                + " last_counted, revenue, snapshot_date, on_hand, missing_days, missing_bits, long_days, long_units,"
                + " long_units_sq, long_bits FROM demand_daily_stats WHERE as_of = :d ORDER BY store_no, sku_no";
        for (int[] windows : new int[][] {{28, 91}, {63, 91}, {28, 120}, {28, 28}, {35, 28}}) {
            ReplenishmentProperties settings = ReplenishmentProperties.defaults()
                    .withDemandWindowDays(windows[0])
                    .withRevenueWindowDays(windows[1]);
            DemandStatistics demand = new DemandStatistics(settings);
            int longWindow = settings.longWindowDays();
            long[] expected = new long[3]; // in-stock days of the longer window, their units, their squares
            for (int back = 0; back < longWindow; back++) {
                int i = days - 1 - back;
                boolean salesKnown = back != missing[0] && back != missing[1];
                if (!out[i] && salesKnown) {
                    expected[0]++;
                    expected[1] += units[i];
                    expected[2] += (long) units[i] * units[i];
                }
            }
            String as = "windows " + windows[0] + "/" + windows[1];
            try (java.sql.Connection c = chain.warehouse.connection()) {
                c.setAutoCommit(false);
                try {
                    assertThat(demand.update(c, D.minusDays(4), true)).isEqualTo(DemandStatistics.Mode.FULL);
                    for (int back = 3; back >= 0; back--) {
                        assertThat(demand.update(c, D.minusDays(back)))
                                .as(as)
                                .isEqualTo(DemandStatistics.Mode.INCREMENTAL);
                    }
                    List<Map<String, Object>> incremental = rows(c, stats);
                    assertThat(demand.update(c, D, true)).isEqualTo(DemandStatistics.Mode.FULL);
                    assertThat(incremental).as(as).isEqualTo(rows(c, stats));
                    assertThat(incremental).as(as).singleElement().satisfies(r -> {
                        assertThat(((Number) r.get("long_days")).longValue()).isEqualTo(expected[0]);
                        assertThat(new BigDecimal(r.get("long_units").toString()))
                                .isEqualByComparingTo(BigDecimal.valueOf(expected[1]));
                        assertThat(new BigDecimal(r.get("long_units_sq").toString()))
                                .isEqualByComparingTo(BigDecimal.valueOf(expected[2]));
                    });
                } finally {
                    c.rollback();
                }
            }
        }
    }

    @Test
    void aRebuildInBatchesOfDatesEqualsOneBatchAndTheIncrementalPath() throws Exception {
        // the facts of the longer window read 3 days at a time (batches D-2..D, D-5..D-3, ..., a boundary inside the
        // demand window and 29 inside the 13 weeks) must give the generation that one batch of the whole window gives,
        // and that four incremental steps give, every column to the last digit. L1: out of stock on most of the demand
        // window, on back 40..45 and 92, its store's sales missing on back 50 and 93, a fraction of a unit on back 2
        // and 28. R1: sold on back 80, returned on back 10 (net sales 0 over the window, in two batches), never in a
        // snapshot: no row (with a 28-day revenue window, only the return: a row). Windows 28/91 (the day bits), 28/120
        // (too long for them) and 35/28 (one window).
        int days = 130;
        int[] units = new int[days];
        boolean[] out = new boolean[days];
        for (int i = 0; i < days; i++) {
            int back = days - 1 - i;
            units[i] = 1 + i % 5;
            out[i] = (back >= 3 && back <= 25) || (back >= 40 && back <= 45) || back == 92;
        }
        chain.product("L1", "Dairy", 5)
                .supplies("SUP1", "L1", 1, null, 2.5, null)
                .history("S1", "L1", D, units, 5, 5, out);
        for (int back : new int[] {50, 93}) {
            chain.exec("DELETE FROM sales WHERE store_id = 'S1' AND business_date = ?", D.minusDays(back));
        }
        chain.sale("S1", "L1", D.minusDays(2), 0.125, 0.63).sale("S1", "L1", D.minusDays(28), 1.375, 6.88);
        chain.product("R1", "Dairy", 5)
                .sale("S1", "R1", D.minusDays(80), 0, 15)
                .sale("S1", "R1", D.minusDays(10), -3, -15);
        String stats = "SELECT as_of, store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units,"
                + " last_counted, revenue, snapshot_date, on_hand, on_order, reserved, missing_days, missing_bits,"
                + " long_days, long_units, long_units_sq, long_bits FROM demand_daily_stats WHERE as_of = :d"
                + " ORDER BY store_no, sku_no";
        for (int[] windows : new int[][] {{28, 91}, {28, 120}, {35, 28}}) {
            ReplenishmentProperties settings = ReplenishmentProperties.defaults()
                    .withDemandWindowDays(windows[0])
                    .withRevenueWindowDays(windows[1]);
            int longWindow = settings.longWindowDays();
            List<LocalDate[]> batches = new java.util.ArrayList<>();
            Statements recording = (c, sql, params) -> {
                if (sql.contains("INSERT INTO repl_stats_partials")) {
                    batches.add(
                            new LocalDate[] {(LocalDate) params.get("batch_from"), (LocalDate) params.get("batch_to")});
                }
                return NamedSql.update(c, sql, params);
            };
            DemandStatistics inBatches = new DemandStatistics(settings.withRebuildBatchDays(3), recording);
            DemandStatistics oneBatch = new DemandStatistics(settings.withRebuildBatchDays(longWindow), recording);
            String as = "windows " + windows[0] + "/" + windows[1];
            try (java.sql.Connection c = chain.warehouse.connection()) {
                c.setAutoCommit(false);
                try {
                    assertThat(oneBatch.update(c, D.minusDays(4), true)).isEqualTo(DemandStatistics.Mode.FULL);
                    for (int back = 3; back >= 0; back--) {
                        assertThat(oneBatch.update(c, D.minusDays(back)))
                                .as(as)
                                .isEqualTo(DemandStatistics.Mode.INCREMENTAL);
                    }
                    List<Map<String, Object>> incremental = rows(c, stats);
                    batches.clear();
                    assertThat(oneBatch.update(c, D, true)).isEqualTo(DemandStatistics.Mode.FULL);
                    assertThat(batches).as(as).hasSize(1);
                    List<Map<String, Object>> whole = rows(c, stats);
                    batches.clear();
                    assertThat(inBatches.update(c, D, true)).isEqualTo(DemandStatistics.Mode.FULL);
                    List<Map<String, Object>> batched = rows(c, stats);

                    // newest first, 3 days each, every date of the longer window read once
                    assertThat(batches).as(as).hasSize((longWindow + 2) / 3);
                    for (int k = 0; k < batches.size(); k++) {
                        LocalDate to = D.minusDays(3L * k);
                        LocalDate from = D.minusDays(Math.min(3L * k + 2, longWindow - 1L));
                        assertThat(batches.get(k)).as(as + " batch " + k).containsExactly(from, to);
                    }
                    // R1's net sales add up to 0 in a window that holds both its days: no row
                    assertThat(whole).as(as).hasSize(windows[1] > 80 ? 1 : 2);
                    assertThat(batched).as(as).isEqualTo(whole);
                    assertThat(batched).as(as).isEqualTo(incremental);
                } finally {
                    c.rollback();
                }
            }
        }
    }

    @Test
    void aLateStockCorrectionInTheLongerWindowForcesARebuild() throws Exception {
        // a snapshot of D-60 corrected after the run: outside the demand window, inside the longer one, whose in-stock
        // days it changes. Before, the checksums covered 28 days of snapshots and the run reused stale statistics.
        longOutOfStockItem(chain, "L1", 1);
        DemandStatistics demand = new DemandStatistics(ReplenishmentProperties.defaults());
        try (java.sql.Connection c = chain.warehouse.connection()) {
            c.setAutoCommit(false);
            try {
                assertThat(demand.update(c, D.minusDays(1), true)).isEqualTo(DemandStatistics.Mode.FULL);
                assertThat(demand.update(c, D)).isEqualTo(DemandStatistics.Mode.INCREMENTAL);
                assertThat(demand.update(c, D)).isEqualTo(DemandStatistics.Mode.REUSED);
                NamedSql.update(
                        c,
                        "UPDATE inventory SET on_hand = 0, load_seq = nextval('load_seq_ids') WHERE store_id = 'S1' AND sku = 'L1' AND business_date = :day",
                        Map.of("day", D.minusDays(60)));
                assertThat(demand.update(c, D)).isEqualTo(DemandStatistics.Mode.FULL);
                assertThat(rows(c, "SELECT long_days FROM demand_daily_stats WHERE as_of = :d"))
                        .singleElement()
                        .satisfies(r -> assertThat(((Number) r.get("long_days")).intValue())
                                .isEqualTo(65));
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void aResentFileThatMovesASaleToAnotherItemForcesARebuild() throws Exception {
        // a sales file of D-3 sent again with a line keyed to the wrong SKU fixed: 2 of P1's 4 units were P2's. The
        // day keeps its row count, units and net sales (both sell at 5). Before, the checksums compared those totals,
        // so the run reused statistics that still gave P1 the 2 units.
        for (String sku : List.of("P1", "P2")) {
            chain.product(sku, "Dairy", 5)
                    .supplies("SUP1", sku, 1, null, 2.5, null)
                    .history("S1", sku, D, constant(4, 28), 5, 20);
        }
        DemandStatistics demand = new DemandStatistics(ReplenishmentProperties.defaults());
        String units = """
                SELECT k.sku, s.sum_units FROM demand_daily_stats s
                JOIN replenishment_sku_keys k ON k.sku_no = s.sku_no
                WHERE s.as_of = :d ORDER BY k.sku""";
        try (java.sql.Connection c = chain.warehouse.connection()) {
            c.setAutoCommit(false);
            try {
                assertThat(demand.update(c, D.minusDays(1), true)).isEqualTo(DemandStatistics.Mode.FULL);
                assertThat(demand.update(c, D)).isEqualTo(DemandStatistics.Mode.INCREMENTAL);
                // the new file's load replaces the store's rows of the day, as FeedLoader does: new rows, a new load
                NamedSql.update(
                        c,
                        "DELETE FROM sales WHERE store_id = 'S1' AND business_date = :day",
                        Map.of("day", D.minusDays(3)));
                NamedSql.update(c, """
                        INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return, load_seq)
                        SELECT 'S1', sku, CAST(:day AS DATE), 'store', units, units * 5, FALSE, nextval('load_seq_ids')
                        FROM (VALUES ('P1', 2), ('P2', 6)) v(sku, units)""", Map.of("day", D.minusDays(3)));
                assertThat(demand.update(c, D)).isEqualTo(DemandStatistics.Mode.FULL);
                assertThat(rows(c, units))
                        .extracting(r -> r.get("sku") + " " + ((Number) r.get("sum_units")).intValue())
                        .containsExactly("P1 110", "P2 114");
            } finally {
                c.rollback();
            }
        }
    }

    private static List<Map<String, Object>> rows(java.sql.Connection c, String sql) throws java.sql.SQLException {
        return NamedSql.query(c, sql, Map.of("d", D), rs -> {
            Map<String, Object> row = new TreeMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            return row;
        });
    }

    @Test
    void staleInventoryHoldsTheStoresLines() {
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, null)
                .history("S1", "P1", D.minusDays(1), alternating(8, 12, 28), 5, 20);
        LineValues v = run("P1");
        assertThat(v.exception()).isEqualTo("STALE_INVENTORY");
        assertThat(v.finalQty()).isZero();
        assertThat(text(v).get(0))
                .startsWith(
                        "STALE_INVENTORY: the store's latest inventory snapshot is from 2026-03-04, so the line is held");
        assertThat(
                        chain.count(
                                "SELECT COUNT(*) FROM replenishment_exceptions WHERE code = 'STALE_INVENTORY' AND store_id = 'S1' AND value = 1"))
                .isEqualTo(1);
    }

    @Test
    void abcClassesTheItemThatCrossesABoundaryBelongsToTheHigherClass() {
        // net sales shares 50, 30, 10, 6, 4 %: cumulative before each item 0, 50, 80, 90, 96
        // → A, A (reaches 80 exactly), B (starts at 80), B (crosses 95), C
        String[] skus = {"K1", "K2", "K3", "K4", "K5"};
        double[] price = {50, 30, 10, 6, 4};
        for (int i = 0; i < skus.length; i++) {
            chain.product(skus[i], "Dairy", price[i])
                    .supplies("SUP1", skus[i], 1, null, 1.0, null)
                    .history("S1", skus[i], D, constant(1, 28), price[i], 0);
        }
        new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
        assertThat(List.of(skus).stream()
                        .map(s -> chain.line(D, "S1", s).abcClass())
                        .toList())
                .containsExactly("A", "A", "B", "B", "C");
        // z by class: A 2.054, B 1.645, C 1.282
        assertThat(chain.line(D, "S1", "K5").z()).isEqualTo(1.282);
        assertThat(chain.line(D, "S1", "K3").z()).isEqualTo(1.645);
    }

    @Test
    void abcClassesOfManyItemsWithTiedRevenuesMatchAPlainRanking() {
        // 2 stores x 150 items with few distinct revenues (many ties, some at a boundary), SKUs not in insertion order;
        // every item triggers (a chain-wide rule safety stock of 1, nothing on hand). The expected classes come from
        // the rule itself: rank by revenue DESC, sku; compare the cumulative share before each item with 80 % and 95 %.
        chain.store("S2");
        chain.exec(
                "INSERT INTO products (sku, name, category, department, unit_cost, unit_price) "
                        + "SELECT 'T' || CAST(i AS VARCHAR), 'Tied', 'Dairy', 'Grocery', 1, 1 FROM generate_series(0, 149) r(i)");
        chain.exec(
                "INSERT INTO supplier_products (sku, supplier_id, case_pack, unit_cost) SELECT sku, 'SUP1', 1, 1 FROM products WHERE name = 'Tied'");
        chain.exec(
                "INSERT INTO replenishment_rules (store_id, sku, safety_stock) SELECT '*', sku, 1 FROM products WHERE name = 'Tied'");
        Random random = new Random(42);
        Map<String, Map<String, BigDecimal>> revenue = new TreeMap<>();
        StringBuilder sales = new StringBuilder();
        for (String store : List.of("S1", "S2")) {
            for (int i = 149; i >= 0; i--) {
                String sku = "T" + (i * 37 % 150);
                BigDecimal r = BigDecimal.valueOf(1 + random.nextInt(random.nextBoolean() ? 4 : 40), 2)
                        .multiply(BigDecimal.valueOf(25));
                revenue.computeIfAbsent(store, s -> new TreeMap<>()).put(sku, r);
                sales.append(sales.isEmpty() ? "" : ", ")
                        .append("('")
                        .append(store)
                        .append("', '")
                        .append(sku)
                        .append("', ")
                        .append(r)
                        .append(')');
            }
        }
        chain.exec(
                "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return) "
                        + "SELECT s, k, ?, 'store', 1, t, FALSE FROM (VALUES " + sales + ") v(s, k, t)",
                D);
        chain.exec(
                "INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved) "
                        + "SELECT store_id, sku, business_date, 0, 0, 0 FROM sales WHERE business_date = ?",
                D);
        new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
        revenue.forEach((store, bySku) -> {
            List<String> ranked = bySku.keySet().stream()
                    .sorted(Comparator.comparing((String k) -> bySku.get(k))
                            .reversed()
                            .thenComparing(k -> k))
                    .toList();
            BigDecimal total = bySku.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal before = BigDecimal.ZERO;
            for (String sku : ranked) {
                String expected = before.compareTo(total.multiply(new BigDecimal("0.80"))) < 0
                        ? "A"
                        : before.compareTo(total.multiply(new BigDecimal("0.95"))) < 0 ? "B" : "C";
                assertThat(chain.line(D, store, sku).abcClass())
                        .as(store + " " + sku + " ranked after " + before + " of " + total)
                        .isEqualTo(expected);
                before = before.add(bySku.get(sku));
            }
        });
    }

    @Test
    void abcCanRankChainWide() {
        // S1 sells K1 for 90 a day, S2 sells K2 for 10 a day: per store both are A; chain-wide K2 starts at 90 % → B
        chain.store("S2");
        chain.product("K1", "Dairy", 90)
                .supplies("SUP1", "K1", 1, null, 1.0, null)
                .history("S1", "K1", D, constant(1, 28), 90, 0);
        chain.product("K2", "Dairy", 10)
                .supplies("SUP1", "K2", 1, null, 1.0, null)
                .history("S2", "K2", D, constant(1, 28), 10, 0);
        new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
        assertThat(chain.line(D, "S2", "K2").abcClass()).isEqualTo("A");
        new ReplenishmentService(
                        chain.warehouse,
                        ReplenishmentProperties.defaults().withAbcScope(ReplenishmentProperties.AbcScope.CHAIN))
                .run(D, Optional.empty());
        assertThat(chain.line(D, "S1", "K1").abcClass()).isEqualTo("A");
        assertThat(chain.line(D, "S2", "K2").abcClass()).isEqualTo("B");
        assertThat(Explanation.texts(chain.line(D, "S2", "K2")))
                .contains(
                        "class B (net sales 280.00 over 13 weeks): service level 95% → z 1.645, max 3 weeks of supply");
    }

    @Test
    void reviewPeriodIsTheDaysToTheSuppliersNextOrderDay() {
        assertThat(ReviewPeriod.of("MON,THU", D, 7)).isEqualTo(new ReviewPeriod(4, "order days MON,THU, next MON"));
        assertThat(ReviewPeriod.of("FRI", D, 7).days()).isEqualTo(1);
        assertThat(ReviewPeriod.of("thu", D, 7).days()).isEqualTo(7);
        assertThat(ReviewPeriod.of("Tue; Wed", D, 7).days()).isEqualTo(5);
        assertThat(ReviewPeriod.of("", D, 7)).isEqualTo(new ReviewPeriod(7, "default"));
        assertThat(ReviewPeriod.of(null, D, 3).days()).isEqualTo(3);
    }

    @Test
    void leadTimeComesFromTheSupplierProductOverride() {
        chain.product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 12, null, 2.5, 5)
                .history("S1", "P1", D, alternating(8, 12, 28), 5, 20);
        LineValues v = run("P1");
        assertThat(v.leadTimeDays()).isEqualTo(5);
        assertThat(text(v))
                .contains("lead time L = 5 d (supplier-product), review period R = 4 d (order days MON, next MON)");
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void serviceLevelsBecomeZ() {
        assertThat(ServiceLevels.z(new BigDecimal("0.98"))).isEqualTo(2.054);
        assertThat(ServiceLevels.z(new BigDecimal("0.95"))).isEqualTo(1.645);
        assertThat(ServiceLevels.z(new BigDecimal("0.90"))).isEqualTo(1.282);
        assertThat(ServiceLevels.z(new BigDecimal("0.999"))).isEqualTo(3.090);
    }
}
