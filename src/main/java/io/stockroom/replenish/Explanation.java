package io.stockroom.replenish;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a line's explanation from its stored values, in the order of docs/replenishment.md. Rendered on read
 * (one line or one page), never stored: the values are the record, the text is a view of them.
 */
final class Explanation {

    private Explanation() {}

    /**
     * The receipts left out of the observed lead time as outliers (observed_lead.sql), e.g. "; 1 receipt of 112 d left
     * out as an outlier, beyond Q3 + 3·IQR = 8 d"; "" when none.
     */
    static String outliersLeftOut(LineValues v) {
        Integer n = v.leadTimeOutliers();
        if (n == null || n == 0) {
            return "";
        }
        String days = v.leadTimeOutlierMin().equals(v.leadTimeOutlierMax())
                ? v.leadTimeOutlierMin() + " d"
                : v.leadTimeOutlierMin() + "–" + v.leadTimeOutlierMax() + " d";
        boolean high = v.leadTimeOutlierMin() > v.leadTimeFenceHigh();
        boolean low = v.leadTimeOutlierMax() < v.leadTimeFenceLow();
        String fence = high
                ? "beyond Q3 + 3·IQR = " + v.leadTimeFenceHigh() + " d"
                : low
                        ? "below Q1 − 3·IQR = " + v.leadTimeFenceLow() + " d"
                        : "outside Q1 − 3·IQR .. Q3 + 3·IQR = " + v.leadTimeFenceLow() + ".." + v.leadTimeFenceHigh()
                                + " d";
        return "; " + n + (n == 1 ? " receipt of " : " receipts of ") + days + " left out as "
                + (n == 1 ? "an outlier, " : "outliers, ") + fence;
    }

    static List<Step> steps(LineValues v) {
        List<Step> steps = new ArrayList<>();
        if (v.exception() != null) {
            steps.add(new Step(v.exception(), q(v.afterCap()), BigDecimal.ZERO, exceptionText(v)));
        }
        steps.add(new Step("DEMAND", null, v.demandRate(), demandText(v) + salesMissingText(v)));
        if (v.forecastMethod() != null) {
            steps.add(new Step(
                    "FORECAST",
                    null,
                    v.forecastCover(),
                    "forecast: " + methodLabel(v.forecastMethod())
                            + (v.forecastAwaitingChoice()
                                    ? " (not chosen yet: the pair is new to the forecasts, by a first sale or the first"
                                            + " run with forecasts on, and its method is chosen after this run; the 28-day"
                                            + " moving average stands in)"
                                    : " (chosen by backtest, RMSSE "
                                            + (v.forecastRmsse() == null
                                                    ? "not available"
                                                    : String.format(Locale.ROOT, "%.3f", v.forecastRmsse()))
                                            + ")")
                            + ": " + f(v.forecastCover())
                            + " units over the cover period of " + v.coverDays() + " d, " + f(v.forecastLead())
                            + " over the lead time"
                            + (v.forecastPromoStart() == null
                                    ? ""
                                    : "; includes promotion " + v.forecastPromoStart() + ".." + v.forecastPromoEnd()
                                            + ", uplift ×"
                                            + String.format(Locale.ROOT, "%.2f", v.forecastPromoUplift()))));
        }
        steps.add(new Step(
                "CLASS",
                null,
                null,
                "class " + v.abcClass() + " (net sales " + money(v.revenue()) + " over 13 weeks): "
                        + (v.fillRate()
                                ? "fill-rate target " + percent(v.serviceLevel())
                                        + " (of the units demanded, served from the shelf)"
                                : "service level " + percent(v.serviceLevel()) + " → z " + z(v.z()))
                        + ", max "
                        + f(v.weeksOfSupply()) + " weeks of supply"
                        + ("rule".equals(v.weeksSource()) ? " (rule)" : "")));
        String time = "lead time L = " + v.leadTimeDays() + " d ("
                + ("receipts".equals(v.leadTimeSource())
                        ? "observed: mean of the supplier's receipts, rounded" + outliersLeftOut(v)
                        : v.leadTimeSource().replace('_', '-'))
                + "), review period R = "
                + v.reviewDays() + " d (" + v.reviewSource() + ")";
        if (v.ltoEndDate() != null && v.exception() == null && v.coverDays() < v.leadTimeDays() + v.reviewDays()) {
            time += "; limited-time offer ends " + v.ltoEndDate() + ": cover " + v.coverDays() + " d instead of "
                    + (v.leadTimeDays() + v.reviewDays());
        }
        steps.add(new Step("LEAD_TIME", null, BigDecimal.valueOf(v.coverDays()), time));
        String cover = v.coverDays() == v.leadTimeDays() + v.reviewDays() ? "√(L + R)" : "√" + v.coverDays();
        String calc = v.ssModel() != null
                ? "slow mover (under " + f(BigDecimal.valueOf(DiscreteDemand.SLOW_RATE)) + "/day, variance/mean "
                        + f(sigmaSquaredOverD(v))
                        + "): demand over " + v.coverDays() + " d ~ "
                        + ("poisson".equals(v.ssModel()) ? "Poisson" : "negative binomial")
                        + " with mean " + d(v.demandRate()) + " × " + v.coverDays() + " = "
                        + f(v.demandRate().multiply(BigDecimal.valueOf(v.coverDays())))
                        + (v.fillRate()
                                ? "; fill-rate target " + percent(v.serviceLevel())
                                        + ": the smallest level S with an expected shortage per cycle E[(X − S)+] ≤ "
                                        + shortageTarget(v) + " is " + v.ssQuantile() + " (E[(X − " + v.ssQuantile()
                                        + ")+] = " + f4(discreteShortage(v)) + ")"
                                : ", its " + percent(v.serviceLevel()) + " quantile is " + v.ssQuantile())
                        + " → " + v.ssQuantile() + " − "
                        + f(v.demandRate().multiply(BigDecimal.valueOf(v.coverDays()))) + " = " + f(v.safetyStockCalc())
                : v.fillRate()
                        ? fillRateText(v, cover)
                        : v.leadTimeSd() == null
                                ? "z·σ·" + cover + " = " + z(v.z()) + " × " + d(v.demandSigma()) + " × √"
                                        + v.coverDays() + " = " + f(v.safetyStockCalc())
                                : "z·√(P·σ² + d²·σL²) with the observed lead-time spread σL = "
                                        + f(BigDecimal.valueOf(v.leadTimeSd())) + " d: "
                                        + z(v.z()) + " × √(" + v.coverDays() + " × " + d(v.demandSigma()) + "² + "
                                        + d(v.demandRate()) + "² × "
                                        + f(BigDecimal.valueOf(v.leadTimeSd())) + "²) = " + f(v.safetyStockCalc());
        steps.add(new Step(
                "SAFETY_STOCK",
                null,
                v.safetyStock(),
                v.ruleSafetyStock() == null
                        ? "SS = " + calc
                        : "SS = max(rule " + f(v.ruleSafetyStock()) + ", " + calc + ") = " + f(v.safetyStock())));
        steps.add(new Step(
                "ORDER_UP_TO",
                null,
                v.s0(),
                v.forecastMethod() != null
                        ? "S0 = forecast over " + v.coverDays() + " d + SS = " + f(v.forecastCover()) + " + "
                                + f(v.safetyStock()) + " = " + f(v.s0())
                        : "S0 = d × " + v.coverDays() + " + SS = " + d(v.demandRate()) + " × " + v.coverDays() + " + "
                                + f(v.safetyStock()) + " = " + f(v.s0())));
        if (v.s1().compareTo(v.s0()) != 0) {
            BigDecimal leadDemand = PolicyCheck.leadDemand(v).add(v.safetyStock());
            steps.add(new Step(
                    "WEEKS_OF_SUPPLY",
                    v.s0(),
                    v.s1(),
                    "capped at " + f(v.weeksOfSupply())
                            + " weeks of supply, never below lead-time demand: S1 = min(" + f(v.s0()) + ", max(d × 7 × "
                            + f(v.weeksOfSupply()) + " = " + f(v.wosCap())
                            + (v.forecastMethod() != null
                                    ? ", forecast over L + SS = " + f(v.forecastLead())
                                    : ", d × L + SS = " + d(v.demandRate()) + " × " + v.leadTimeDays())
                            + " + " + f(v.safetyStock()) + " = " + f(leadDemand) + ")) = " + f(v.s1())));
        }
        if (v.shelfPlacements() != null) {
            steps.add(new Step(
                    "SHELF",
                    null,
                    v.shelfFloor() == null ? null : BigDecimal.valueOf(v.shelfFloor()),
                    "placed on " + v.businessDate()
                            + ": " + v.shelfPlacements() + " → presentation minimum "
                            + (v.shelfFloor() == null ? "not recorded" : v.shelfFloor())
                            + (v.shelfMax() != null
                                    ? ", cap " + v.shelfCapacity() + " + back room "
                                            + f(v.shelfMax().subtract(BigDecimal.valueOf(v.shelfCapacity()))) + " = "
                                            + f(v.shelfMax())
                                    : v.shelfCapacity() == null
                                            ? ", capacity not recorded (no cap)"
                                            : ", capacity " + v.shelfCapacity() + " (no cap configured)")));
        }
        if (v.s2().compareTo(v.s1()) != 0) {
            boolean byPresentation = v.presentationMin() != null
                    && v.s2().compareTo(BigDecimal.valueOf(v.presentationMin())) == 0
                    && (v.ruleMin() == null || v.ruleMin().compareTo(v.s2()) != 0);
            steps.add(new Step(
                    "MINIMUM",
                    v.s1(),
                    v.s2(),
                    "raised to the "
                            + (byPresentation
                                    ? "presentation minimum " + v.presentationMin() + presentationSource(v)
                                    : "rule min " + f(v.ruleMin()))
                            + ": "
                            + f(v.s1()) + " → " + f(v.s2())));
        }
        if (v.orderUpTo().compareTo(v.s2()) != 0) {
            steps.add(new Step(
                    "MAXIMUM",
                    v.s2(),
                    v.orderUpTo(),
                    "capped at the " + maxText(v) + ": " + f(v.s2()) + " → " + f(v.orderUpTo())));
        }
        String period = v.coverDays() == v.leadTimeDays() + v.reviewDays() ? "(L + R)" : String.valueOf(v.coverDays());
        String protect = (v.forecastMethod() != null ? f(v.forecastCover()) : d(v.demandRate()) + " × " + v.coverDays())
                + " + " + f(v.safetyStock());
        String demandOverP = v.forecastMethod() != null ? "forecast over " + period : "d × " + period;
        BigDecimal minimum = v.ruleMin();
        if (v.presentationMin() != null) {
            minimum = nz(minimum).max(BigDecimal.valueOf(v.presentationMin()));
        }
        steps.add(new Step(
                "REORDER_POINT",
                null,
                v.reorderPoint(),
                "order-up-to S = " + f(v.orderUpTo()) + "; reorder point s = "
                        + (minimum == null
                                ? "min(" + demandOverP + " + SS, S) = min(" + protect + ", "
                                : "min(max(" + demandOverP + " + SS, minimum " + f(minimum) + "), S) = min(max("
                                        + protect + ", " + f(minimum) + "), ")
                        + f(v.orderUpTo()) + ") = " + f(v.reorderPoint())));
        String negative = v.onHand() != null && v.onHand().signum() < 0
                ? " (negative on hand " + f(v.onHand()) + " counted as 0)"
                : "";
        steps.add(new Step(
                "POSITION",
                null,
                v.position(),
                "IP = on hand " + f(nz(v.onHand()).max(BigDecimal.ZERO)) + " + on order "
                        + f(nz(v.onOrder())) + " − reserved " + f(nz(v.reserved())) + " = " + f(v.position()) + negative
                        + " (snapshot " + v.snapshotDate() + ")"));
        steps.add(new Step(
                "TRIGGER",
                null,
                v.rawNeed(),
                "IP " + f(v.position()) + " < s " + f(v.reorderPoint()) + " → need S − IP = " + f(v.orderUpTo()) + " − "
                        + f(v.position()) + " = " + f(v.rawNeed())));
        if (v.rawNeed().compareTo(BigDecimal.valueOf(v.needUnits())) != 0) {
            steps.add(new Step(
                    "WHOLE_UNITS",
                    v.rawNeed(),
                    q(v.needUnits()),
                    "rounded up to whole units " + f(v.rawNeed()) + " → " + v.needUnits()));
        }
        if (v.afterMoq() != v.needUnits()) {
            steps.add(new Step(
                    "MOQ",
                    q(v.needUnits()),
                    q(v.afterMoq()),
                    "raised to the MOQ " + v.moq() + ": " + v.needUnits() + " → " + v.afterMoq()));
        }
        if (v.afterCase() != v.afterMoq()) {
            steps.add(new Step(
                    "CASE",
                    q(v.afterMoq()),
                    q(v.afterCase()),
                    "rounded " + v.afterMoq() + " → " + v.afterCase() + " (case " + v.casePack() + ")"));
        }
        if (v.afterCap() != v.afterCase()) {
            steps.add(new Step(
                    "CAP",
                    q(v.afterCase()),
                    q(v.afterCap()),
                    "capped by the " + maxText(v) + ": IP "
                            + f(v.position()) + " + " + v.afterCase() + " > " + f(v.hardMax()) + " → " + v.afterCap()
                            + (v.afterCap() == 0
                                    ? " (no whole case of " + v.casePack() + " fits"
                                            + (v.moq() != null ? " at or above the MOQ " + v.moq() : "") + ")"
                                    : " (whole cases of " + v.casePack() + ")")));
        }
        if (v.topUp() > 0) {
            steps.add(new Step(
                    "TOP_UP",
                    q(v.afterCap()),
                    q(v.afterCap() + v.topUp()),
                    "topped up " + v.afterCap() + " → "
                            + (v.afterCap() + v.topUp()) + " (+" + v.topUp() / v.casePack() + " case(s) of "
                            + v.casePack()
                            + ") toward the supplier's minimum order value"));
        }
        if (v.overrideQty() != null) {
            steps.add(new Step(
                    "OVERRIDE",
                    q(v.recommendedQty()),
                    q(v.overrideQty()),
                    "overridden by " + v.overriddenBy() + ": " + v.recommendedQty() + " → " + v.overrideQty() + " ("
                            + v.overrideReason() + ")"));
        }
        return steps;
    }

    static List<String> texts(LineValues v) {
        return steps(v).stream().map(Step::text).toList();
    }

    /** Where the presentation minimum came from: the store's placements on the date (named), or the product master. */
    private static String presentationSource(LineValues v) {
        return v.shelfFloor() != null && v.shelfFloor().equals(v.presentationMin())
                ? " of the placements " + v.shelfPlacements()
                : "";
    }

    /** The hard limit that applies: the shelf's capacity + back room (with its placements) or the rule max. */
    private static String maxText(LineValues v) {
        if (!v.shelfCaps()) {
            return "rule max " + f(v.ruleMax());
        }
        BigDecimal room = v.shelfMax().subtract(BigDecimal.valueOf(v.shelfCapacity()));
        return "shelf capacity " + v.shelfCapacity() + " + back room " + f(room) + " = " + f(v.shelfMax())
                + " (placements " + v.shelfPlacements() + ")";
    }

    /**
     * The demand step: the item's own rate over the demand window; with too few in-stock days there, its own rate over
     * the longer window's (LONG_OUT_OF_STOCK), or, too few there too, its category's (NEW_ITEM). A line stored before
     * V238 has no longer window and reads as it did.
     */
    private static String demandText(LineValues v) {
        String rate = "d = " + d(v.demandRate()) + "/day (σ " + d(v.demandSigma()) + ")";
        if (v.longOutOfStock()) {
            return "LONG_OUT_OF_STOCK: only " + v.nDays() + " in-stock days in the demand window, so its own rate over "
                    + v.longDays() + " in-stock days of the last " + v.longWindowDays() + " is used: " + rate;
        }
        if (v.newItem()) {
            return "NEW_ITEM: only " + (v.longDays() == null ? v.nDays() : v.longDays()) + " in-stock days"
                    + (v.longWindowDays() == null ? "" : " of the last " + v.longWindowDays())
                    + ", so the category's rate in this store is used: " + rate;
        }
        return "demand d = " + d(v.demandRate()) + "/day over " + v.nDays() + " in-stock days (σ " + d(v.demandSigma())
                + ")";
    }

    /** The in-stock days the demand leaves out because the store's sales for them are missing, if any. */
    private static String salesMissingText(LineValues v) {
        int days = v.salesMissingDays() == null ? 0 : v.salesMissingDays();
        if (days == 0) {
            return "";
        }
        return "; SALES_MISSING: sales missing for " + days + (days == 1 ? " more in-stock day" : " more in-stock days")
                + " of the window (the store's sales feed failed or did not arrive), left out rather than counted as"
                + " selling nothing";
    }

    private static String exceptionText(LineValues v) {
        String would = " (the policy below would order " + v.afterCap() + ")";
        return switch (v.exception()) {
            case "DNR" -> "DNR: the item is marked do-not-reorder, so nothing is ordered" + would;
            case "STRIKE" -> "STRIKE: the item is struck / discontinued, so nothing is ordered" + would;
            case "LTO_ENDS_BEFORE_ARRIVAL" ->
                "LTO_ENDS_BEFORE_ARRIVAL: the limited-time offer ends " + v.ltoEndDate()
                        + " but an order placed today arrives "
                        + v.businessDate().plusDays(v.leadTimeDays()) + " (lead time "
                        + v.leadTimeDays() + " d), so nothing is ordered" + would;
            case "STALE_INVENTORY" ->
                "STALE_INVENTORY: the store's latest inventory snapshot is from " + v.snapshotDate()
                        + ", so the line is held, not ordered from old numbers" + would;
            default -> v.exception() + ": nothing is ordered" + would;
        };
    }

    /**
     * The normal approximation under a fill-rate target: SS = max(0, k · σ_P) with the k that keeps the expected
     * shortage per cycle σ_P · G(k) within (1 − β) · d · R.
     */
    private static String fillRateText(LineValues v, String cover) {
        boolean spread = v.leadTimeSd() != null;
        String sigmaP = spread ? "√(P·σ² + d²·σL²)" : "σ·" + cover;
        String sigmaPValues = spread
                ? "√(" + v.coverDays() + " × " + d(v.demandSigma()) + "² + " + d(v.demandRate()) + "² × "
                        + f(BigDecimal.valueOf(v.leadTimeSd())) + "²)"
                : d(v.demandSigma()) + " × √" + v.coverDays();
        String observed =
                spread ? " (observed lead-time spread σL = " + f(BigDecimal.valueOf(v.leadTimeSd())) + " d)" : "";
        if (v.fillK() == null) {
            return "0: fill-rate target " + percent(v.serviceLevel()) + ", and with no spread in demand (" + sigmaP
                    + " = " + sigmaPValues + " = 0" + observed + ") no shortage is expected";
        }
        double k = v.fillK();
        String target =
                "fill-rate target " + percent(v.serviceLevel()) + " → k " + z(k) + " (expected shortage per cycle "
                        + sigmaP + "·G(k) = " + f4(v.sigmaP() * FillRate.loss(k)) + " ≤ " + shortageTarget(v) + ")";
        return k > 0
                ? "k·" + sigmaP + " = " + z(k) + " × " + sigmaPValues + " = " + f(v.safetyStockCalc()) + observed
                        + " with the " + target
                : "max(0, k·" + sigmaP + ") = max(0, " + z(k) + " × " + sigmaPValues + ") = 0" + observed + " with the "
                        + target + ": the cycle stock alone meets it, k < 0 means no safety stock";
    }

    /** (1 − β) of d·R, with its numbers. */
    private static String shortageTarget(LineValues v) {
        BigDecimal share = BigDecimal.ONE.subtract(v.serviceLevel());
        return percent(share) + " of d·R = " + percent(share) + " × " + d(v.demandRate()) + " × " + v.reviewDays()
                + " = " + f4(v.shortageTarget());
    }

    /** E[(X − S)+] of a slow mover's level, from the same count distribution the policy used. */
    private static double discreteShortage(LineValues v) {
        double sigma = v.demandSigma().doubleValue();
        double[] losses = DiscreteDemand.losses(
                DiscreteDemand.meanBucket(v.demandRate().doubleValue() * v.coverDays()),
                DiscreteDemand.ratioBucket(sigma * sigma / v.demandRate().doubleValue()));
        return losses[Math.min(v.ssQuantile(), losses.length - 1)];
    }

    /** A small expected shortage as printed: at most 4 significant decimals, no trailing zeros. */
    private static String f4(double x) {
        BigDecimal r = BigDecimal.valueOf(x)
                .setScale(x < 0.01 ? 4 : 2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return r.signum() == 0 ? "0" : r.toPlainString();
    }

    private static BigDecimal sigmaSquaredOverD(LineValues v) {
        return v.demandRate().signum() == 0
                ? BigDecimal.ZERO
                : v.demandSigma().multiply(v.demandSigma()).divide(v.demandRate(), 2, RoundingMode.HALF_UP);
    }

    private static String methodLabel(String name) {
        try {
            return io.stockroom.forecast.Method.valueOf(name).label();
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /**
     * The demand rate d or its σ as printed: the 4 decimals they are stored (and every later value computed) with, no
     * trailing zeros — at 2 decimals "3.57 × 7 + 2.69 = 27.69" (d 3.5714) did not add up by hand.
     */
    static String d(BigDecimal x) {
        if (x == null) {
            return "-";
        }
        BigDecimal r = x.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return r.signum() == 0 ? "0" : r.toPlainString();
    }

    /** A quantity or level as printed: at most 2 decimals, no trailing zeros. */
    static String f(BigDecimal x) {
        if (x == null) {
            return "-";
        }
        BigDecimal r = x.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return r.signum() == 0 ? "0" : r.toPlainString();
    }

    private static String money(BigDecimal x) {
        return x == null ? "0.00" : String.format(Locale.ROOT, "%,.2f", x);
    }

    private static String percent(BigDecimal p) {
        return f(p.multiply(BigDecimal.valueOf(100))) + "%";
    }

    private static String z(double z) {
        return String.format(Locale.ROOT, "%.3f", z);
    }

    private static BigDecimal nz(BigDecimal x) {
        return x == null ? BigDecimal.ZERO : x;
    }

    private static BigDecimal q(long x) {
        return BigDecimal.valueOf(x);
    }
}
