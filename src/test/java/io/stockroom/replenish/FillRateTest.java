package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fill-rate arithmetic (issue 14) against published values: the standard normal loss function G(k) as tabulated in
 * Silver, Pyke &amp; Thomas (Appendix B: G(0) = 0.3989, G(0.5) = 0.1978, G(1) = 0.0833, G(1.5) = 0.0293, G(2) = 0.0085,
 * G(3) = 0.0004), the normal tail 1 − Φ to double precision, and the Poisson expected shortage.
 */
class FillRateTest {

    @Test
    void theLossFunctionMatchesThePublishedTable() {
        assertThat(FillRate.loss(0)).isCloseTo(0.3989, within(5e-5));
        assertThat(FillRate.loss(0.5)).isCloseTo(0.1978, within(5e-5));
        assertThat(FillRate.loss(1)).isCloseTo(0.0833, within(5e-5));
        assertThat(FillRate.loss(1.5)).isCloseTo(0.0293, within(5e-5));
        assertThat(FillRate.loss(2)).isCloseTo(0.0085, within(5e-5));
        assertThat(FillRate.loss(3)).isCloseTo(0.0004, within(5e-5));
        // to more places (scipy.stats.norm: pdf(k) − k·sf(k)), and G(−k) = G(k) + k
        assertThat(FillRate.loss(1)).isCloseTo(0.08331547058768629, within(1e-13));
        assertThat(FillRate.loss(2)).isCloseTo(0.008490702616829673, within(1e-13));
        assertThat(FillRate.loss(4)).isCloseTo(7.145258432405914e-06, within(1e-15));
        assertThat(FillRate.loss(6) / 1.5635697959711905e-10).isCloseTo(1, within(1e-6));
        assertThat(FillRate.loss(-1)).isCloseTo(1.0833154705876864, within(1e-13));
        assertThat(FillRate.loss(-3)).isCloseTo(3.0003821543170477, within(1e-13));
    }

    @Test
    void theNormalTailToDoublePrecision() {
        assertThat(FillRate.upperTail(0)).isCloseTo(0.5, within(1e-15));
        assertThat(FillRate.upperTail(1)).isCloseTo(0.15865525393145707, within(1e-15));
        assertThat(FillRate.upperTail(-2)).isCloseTo(0.9772498680518208, within(1e-15));
        assertThat(FillRate.upperTail(3) / 0.0013498980316300933).isCloseTo(1, within(1e-12));
        // beyond 7.07 a continued fraction: relative error about 1e-8, where G(k) is below 1e-13 anyway
        assertThat(FillRate.upperTail(8) / 6.22096057427178e-16).isCloseTo(1, within(1e-7));
    }

    @Test
    void theInverseFindsTheKOfALoss() {
        assertThat(FillRate.inverseLoss(0.3989422804014327)).isCloseTo(0, within(1e-9));
        assertThat(FillRate.inverseLoss(0.08331547058768629)).isCloseTo(1, within(1e-9));
        assertThat(FillRate.inverseLoss(3.0003821543170477)).isCloseTo(-3, within(1e-9));
        assertThat(FillRate.inverseLoss(7.145258432405914e-06)).isCloseTo(4, within(1e-9));
        assertThatThrownBy(() -> FillRate.inverseLoss(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The table's k never asks for less than the target (G(k) ≤ g) and, where it means safety stock (k > 0), is within
     * 0.01 of the exact k (a bucket is 1 % of g: dk = 0.01 · G(k) / (1 − Φ(k)) ≤ 0.008 for k ≥ 0).
     */
    @Test
    void theTablesKIsNeverLooserThanTheTarget() {
        Random random = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            double g = Math.exp(-25 + 26 * random.nextDouble()); // 1.4e-11 .. 2.7
            double k = FillRate.k(FillRate.bucket(g));
            double exact = FillRate.inverseLoss(g);
            assertThat(FillRate.loss(k)).as("G(k) for g %s", g).isLessThanOrEqualTo(g);
            assertThat(k - exact).as("k − exact for g %s", g).isBetween(-1e-9, exact > 0 ? 0.01 : 0.05);
        }
        assertThat(FillRate.bucket(0)).isEqualTo(FillRate.MIN_BUCKET);
        assertThat(FillRate.bucket(100)).isEqualTo(FillRate.MAX_BUCKET);
        assertThat(FillRate.k(FillRate.MAX_BUCKET)).isCloseTo(-4.01, within(0.01));
        assertThat(FillRate.k(FillRate.MIN_BUCKET)).isCloseTo(7.09, within(0.01));
    }

    /**
     * Poisson(3.5): E[(X − S)+] = 3.5, 2.5302, 1.6661, 0.9869, 0.5236, 0.2490, 0.1066, 0.0413, 0.0146 for S = 0 .. 8
     * (scipy: L(S + 1) = L(S) − P(X > S)); the smallest S with at most 0.04 short is 8, with 0.1 short 7.
     */
    @Test
    void theExpectedShortageOfACountDistribution() {
        double[] l = DiscreteDemand.losses(3.5, 1.0);
        double[] expected = {
            3.5,
            2.5301973834223186,
            1.6660856088227518,
            0.986932807684886,
            0.523565475585671,
            0.2490104288952753,
            0.10662398199105355,
            0.04133588496209985,
            0.014596962870780151
        };
        for (int s = 0; s < expected.length; s++) {
            assertThat(l[s]).as("E[(X − %d)+]", s).isCloseTo(expected[s], within(1e-12));
        }
        assertThat(l[l.length - 1]).isLessThanOrEqualTo(DiscreteDemand.LOSS_FLOOR);
        assertThat(DiscreteDemand.fillLevel(3.5, 1.0, 0.04)).isEqualTo(8);
        assertThat(DiscreteDemand.fillLevel(3.5, 1.0, 0.1)).isEqualTo(7);
        assertThat(DiscreteDemand.fillLevel(3.5, 1.0, 5)).isZero();
        assertThat(DiscreteDemand.fillLevel(5.0, 1.0, 0.07)).isEqualTo(9);
        // the simulator's walk stops where the policy's table (every level's loss) says
        Random random = new Random(15);
        for (int i = 0; i < 2_000; i++) {
            double mean = (1 + random.nextInt(600)) / 10.0;
            double ratio = DiscreteDemand.RATIOS[random.nextInt(DiscreteDemand.RATIOS.length)];
            double target = Math.exp(-22 + 26 * random.nextDouble());
            double[] losses = DiscreteDemand.losses(mean, ratio);
            int fromTable = losses.length - 1;
            for (int level = 0; level < losses.length; level++) {
                if (losses[level] <= target) {
                    fromTable = level;
                    break;
                }
            }
            assertThat(DiscreteDemand.fillLevel(mean, ratio, target))
                    .as("mean %s ratio %s target %s", mean, ratio, target)
                    .isEqualTo(fromTable);
        }
        // negative binomial: the same recursion over its pmf; E[(X − 0)+] is the mean
        assertThat(DiscreteDemand.losses(3.5, 1.5)[0]).isEqualTo(3.5);
        assertThat(DiscreteDemand.fillLevel(3.5, 1.5, 0.04)).isGreaterThan(8);
    }
}
