package io.stockroom.replenish;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes a line from its stored inputs with the documented policy, independently of the SQL that produced it.
 * An empty result means the explanation reproduces the quantity; anything else names the step that disagrees.
 */
final class PolicyCheck {

    private PolicyCheck() {}

    static List<String> problems(LineValues v) {
        List<String> out = new ArrayList<>();
        int expectedCover = v.leadTimeDays() + v.reviewDays();
        if (v.ltoEndDate() != null) {
            long toEnd = v.ltoEndDate().toEpochDay() - v.businessDate().toEpochDay();
            if (toEnd >= v.leadTimeDays()) {
                expectedCover = (int) Math.min(expectedCover, toEnd);
            }
        }
        check(out, "cover days", BigDecimal.valueOf(expectedCover), BigDecimal.valueOf(v.coverDays()));
        double sigma = v.demandSigma().doubleValue();
        double ssRaw = v.leadTimeSd() == null
                ? v.z() * sigma * Math.sqrt(v.coverDays())
                : v.z()
                        * Math.sqrt(v.coverDays() * sigma * sigma
                                + v.demandRate().doubleValue()
                                        * v.demandRate().doubleValue()
                                        * v.leadTimeSd()
                                        * v.leadTimeSd());
        if (v.ssModel() != null) {
            double mean = v.demandRate().doubleValue() * v.coverDays();
            double meanB = DiscreteDemand.meanBucket(mean);
            double ratioB =
                    DiscreteDemand.ratioBucket(sigma * sigma / v.demandRate().doubleValue());
            int q = v.fillRate()
                    ? DiscreteDemand.fillLevel(meanB, ratioB, v.shortageTarget())
                    : DiscreteDemand.quantile(meanB, ratioB, v.serviceLevel().doubleValue());
            check(
                    out,
                    v.fillRate() ? "slow-mover fill-rate level" : "slow-mover quantile",
                    q,
                    v.ssQuantile() == null ? -1 : v.ssQuantile());
            ssRaw = Math.max(q - mean, 0);
        } else if (v.fillRate()) {
            ssRaw = fillRateSafetyStock(v, out);
        }
        BigDecimal ssCalc = BigDecimal.valueOf(ssRaw).setScale(2, RoundingMode.HALF_UP);
        if (ssCalc.subtract(v.safetyStockCalc()).abs().compareTo(new BigDecimal("0.01")) > 0) {
            out.add("safety stock z·σ·√P: expected " + ssCalc + ", stored " + v.safetyStockCalc());
        }
        BigDecimal ss = nz(v.ruleSafetyStock()).max(v.safetyStockCalc());
        check(out, "SS", ss, v.safetyStock());
        BigDecimal demandOverCover = v.forecastMethod() != null
                ? v.forecastCover()
                : v.demandRate().multiply(BigDecimal.valueOf(v.coverDays()));
        BigDecimal s0 = demandOverCover.add(v.safetyStock());
        check(out, "S0", s0, v.s0());
        BigDecimal cap = v.demandRate().multiply(BigDecimal.valueOf(7)).multiply(v.weeksOfSupply());
        check(out, "d·7·W", cap, v.wosCap());
        BigDecimal leadDemand = leadDemand(v).add(v.safetyStock());
        BigDecimal s1 = v.s0().min(v.wosCap().max(leadDemand));
        check(out, "S1", s1, v.s1());
        BigDecimal s2 = v.s1().max(nz(v.ruleMin()));
        if (v.presentationMin() != null) {
            s2 = s2.max(BigDecimal.valueOf(v.presentationMin()));
        }
        check(out, "S2", s2, v.s2());
        if (v.shelfFloor() != null && (v.presentationMin() == null || v.presentationMin() < v.shelfFloor())) {
            out.add("presentation minimum " + v.presentationMin() + " is below the placements' " + v.shelfFloor());
        }
        BigDecimal s = v.hardMax() == null ? v.s2() : v.s2().min(v.hardMax());
        check(out, "S", s, v.orderUpTo());
        BigDecimal rop = v.s0().max(nz(v.ruleMin()));
        if (v.presentationMin() != null) {
            rop = rop.max(BigDecimal.valueOf(v.presentationMin()));
        }
        rop = rop.min(v.orderUpTo());
        check(out, "s", rop, v.reorderPoint());
        BigDecimal ip = nz(v.onHand()).max(BigDecimal.ZERO).add(nz(v.onOrder())).subtract(nz(v.reserved()));
        check(out, "IP", ip, v.position());
        if (v.position().compareTo(v.reorderPoint()) >= 0) {
            out.add("IP " + v.position() + " is not below s " + v.reorderPoint() + ": the line should not exist");
        }
        BigDecimal raw = v.orderUpTo().subtract(v.position());
        check(out, "raw need", raw, v.rawNeed());
        long need = v.rawNeed().setScale(0, RoundingMode.CEILING).longValueExact();
        check(out, "whole units", need, v.needUnits());
        long afterMoq = Math.max(v.needUnits(), v.moq() == null ? 0 : v.moq());
        check(out, "MOQ", afterMoq, v.afterMoq());
        long afterCase = (v.afterMoq() + v.casePack() - 1) / v.casePack() * v.casePack();
        check(out, "case", afterCase, v.afterCase());
        long afterCap = v.afterCase();
        if (v.hardMax() != null
                && v.position().add(BigDecimal.valueOf(v.afterCase())).compareTo(v.hardMax()) > 0) {
            long room = v.hardMax()
                            .subtract(v.position())
                            .divide(BigDecimal.valueOf(v.casePack()), 0, RoundingMode.FLOOR)
                            .longValueExact()
                    * v.casePack();
            afterCap = room >= Math.max(v.moq() == null ? 0 : v.moq(), 1) ? room : 0;
        }
        check(out, "cap", afterCap, v.afterCap());
        if (v.topUp() > 0
                && v.hardMax() != null
                && v.position()
                                .add(BigDecimal.valueOf(v.afterCap() + v.topUp()))
                                .compareTo(v.hardMax())
                        > 0) {
            out.add("top-up: IP " + v.position().stripTrailingZeros().toPlainString() + " + "
                    + (v.afterCap() + v.topUp()) + " is above the limit "
                    + v.hardMax().stripTrailingZeros().toPlainString());
        }
        long recommended = v.exception() == null ? v.afterCap() + v.topUp() : 0;
        check(out, "recommended", recommended, v.recommendedQty());
        long fin = v.overrideQty() != null ? v.overrideQty() : v.recommendedQty();
        check(out, "final", fin, v.finalQty());
        return out;
    }

    /**
     * A fill-rate line's calculated safety stock max(0, k · σ_P), after checking its k: the table's k for the bucket of g
     * = (1 − β) · d · R / σ_P (or a neighbour's, when g sits on a bucket edge and the engine's logarithm rounded the
     * other way). No spread, no k: 0.
     */
    private static double fillRateSafetyStock(LineValues v, List<String> out) {
        double sigmaP = v.sigmaP();
        if (!(sigmaP > 0)) {
            if (v.fillK() != null) {
                out.add("fill-rate k: expected none (no spread in demand), stored " + v.fillK());
            }
            return 0;
        }
        double g = v.shortageTarget() / sigmaP;
        int bucket = FillRate.bucket(g);
        double k = FillRate.k(bucket);
        Double stored = v.fillK();
        boolean edge = g > 0 && Math.abs(100 * Math.log(g) - Math.rint(100 * Math.log(g))) < 1e-6;
        if (stored == null
                || stored != k && !(edge && (stored == FillRate.k(bucket - 1) || stored == FillRate.k(bucket + 1)))) {
            out.add("fill-rate k: expected " + k + ", stored " + stored);
            return k > 0 ? k * sigmaP : 0;
        }
        return stored > 0 ? stored * sigmaP : 0;
    }

    /** Demand over the lead time: the forecast's when the line used one, else d × L. */
    static BigDecimal leadDemand(LineValues v) {
        return v.forecastMethod() != null
                ? v.forecastLead()
                : v.demandRate().multiply(BigDecimal.valueOf(v.leadTimeDays()));
    }

    private static void check(List<String> out, String what, BigDecimal expected, BigDecimal stored) {
        if (stored == null || expected.compareTo(stored) != 0) {
            out.add(what + ": expected " + expected.stripTrailingZeros().toPlainString() + ", stored " + stored);
        }
    }

    private static void check(List<String> out, String what, long expected, long stored) {
        if (expected != stored) {
            out.add(what + ": expected " + expected + ", stored " + stored);
        }
    }

    private static BigDecimal nz(BigDecimal x) {
        return x == null ? BigDecimal.ZERO : x;
    }
}
