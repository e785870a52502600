package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static io.stockroom.replenish.Chain.constant;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy statement drops a pair whose position is at or above an upper bound of its reorder point before working
 * s out (docs/replenishment.md, "The trigger's bound"). Each pair here stands less than one unit under its s, and is
 * under it only through a part of s that the bound approximates rather than computes: a bound that leaves that part
 * out (or takes it too small) drops the pair, and the store gets no order where the policy says it needs one.
 *
 * <p>Every pair is alone in its store (class A: z 2.054, 2 weeks of supply), supplier lead time L = 3, order day MON
 * from a Thursday (R = 4), so P = 7.
 */
@BesideTheOtherClasses
class TriggerBoundTest {

    static final LocalDate D = LocalDate.of(2026, 3, 5); // a Thursday

    @TempDir
    Path dir;

    Chain chain;

    @BeforeEach
    void open() {
        chain = new Chain(dir);
        chain.supplier("SUP1", 3, "MON", null);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private Chain item(String store, String sku, int[] units, double onHand) {
        return chain.store(store)
                .product(sku, "Dairy", 5)
                .supplies("SUP1", sku, 1, null, 2.5, null)
                .history(store, sku, D, units, 5, onHand);
    }

    @Test
    void aPairJustUnderItsReorderPointIsOrderedWhateverPartOfSPutsItThere() {
        // the review period: s = d·(L + R) + SS = 10 × 7 + 2.054 × 2 × √7 = 80.87 (over L alone: 30 + 7.11)
        item("S1", "REVIEW", alternating(8, 12, 28), 80);
        // the lead-time spread σL = 3 d (a buyer's entry): SS = 2.054 × √(7 × 2² + 10² × 3²) = 62.57 (10.87 without)
        item("S2", "SPREAD", alternating(8, 12, 28), 132);
        chain.exec("INSERT INTO supplier_lead_times (supplier_id, sku, mean_days, sd_days, receipts, source)"
                + " VALUES ('SUP1', 'SPREAD', 3, 3, 12, 'manual')");
        // a rule's safety stock: SS = max(100, 10.87) = 100, s = 170 (4 weeks of supply by rule: the cap stays above
        // it)
        item("S3", "RULE_SS", alternating(8, 12, 28), 169);
        chain.rule("*", "RULE_SS", 100.0, null, null, 4.0);
        // a rule minimum: d = 1, σ = 0, s = max(7, 40) = 40
        item("S4", "RULE_MIN", constant(1, 28), 39);
        chain.rule("*", "RULE_MIN", null, 40.0, null, null);
        // the product's presentation minimum: s = max(7, 50) = 50
        item("S5", "DISPLAY", constant(1, 28), 49);
        chain.productFlag("DISPLAY", "presentation_min", 50);
        // a slow mover (d = 0.5, σ = 0.5: Poisson): the 98 % quantile of demand over P (mean 3.5) is 8, so SS = 4.5 and
        // s = 8 (4 weeks of supply by rule, so the cap stays above it); the normal approximation gives 3.5 + 2.72
        item("S6", "SLOW", alternating(0, 1, 28), 7).sellsEveryDay("S6", D, 28);
        chain.rule("*", "SLOW", null, null, null, 4.0);

        new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());

        SoftAssertions soft = new SoftAssertions(); // every pair checked, so a failure names each part a bound lost
        assertJustUnderAndOrdered(soft, "S1", "REVIEW", "80.87");
        assertJustUnderAndOrdered(soft, "S2", "SPREAD", "132.57");
        assertJustUnderAndOrdered(soft, "S3", "RULE_SS", "170");
        assertJustUnderAndOrdered(soft, "S4", "RULE_MIN", "40");
        assertJustUnderAndOrdered(soft, "S5", "DISPLAY", "50");
        assertJustUnderAndOrdered(soft, "S6", "SLOW", "8");
        soft.assertAll();
        assertThat(chain.line(D, "S6", "SLOW").ssModel()).isEqualTo("poisson");
    }

    /** A pair at its reorder point does not trigger (IP < s): the bound only decides sooner, it orders nothing more. */
    @Test
    void aPairAtItsReorderPointIsNotOrdered() {
        item("S1", "AT_S", constant(1, 28), 50);
        chain.productFlag("AT_S", "presentation_min", 50);
        item("S2", "UNDER_S", constant(1, 28), 49);
        chain.productFlag("UNDER_S", "presentation_min", 50);

        new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());

        assertThat(chain.line(D, "S1", "AT_S")).isNull();
        SoftAssertions soft = new SoftAssertions();
        assertJustUnderAndOrdered(soft, "S2", "UNDER_S", "50");
        soft.assertAll();
    }

    private void assertJustUnderAndOrdered(SoftAssertions soft, String store, String sku, String reorderPoint) {
        LineValues v = chain.line(D, store, sku);
        soft.assertThat(v).as("%s/%s has a line", store, sku).isNotNull();
        if (v == null) {
            return;
        }
        soft.assertThat(v.reorderPoint()).as("%s/%s s", store, sku).isEqualByComparingTo(reorderPoint);
        soft.assertThat(v.position()).as("%s/%s IP", store, sku).isLessThan(v.reorderPoint());
        soft.assertThat(v.reorderPoint().subtract(v.position()))
                .as("%s/%s stands less than a unit under s", store, sku)
                .isLessThanOrEqualTo(BigDecimal.ONE);
        soft.assertThat(v.finalQty()).as("%s/%s orders", store, sku).isPositive();
        soft.assertThat(PolicyCheck.problems(v)).as("%s/%s checks", store, sku).isEmpty();
    }
}
