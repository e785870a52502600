package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.math.BigDecimal;

/**
 * The policy settings a simulation replays with: per-class service level and maximum weeks of supply, the demand
 * window of the trailing-average policy (and the longer window of an item out of stock most of it, the ABC window: step 2
 * of docs/replenishment.md) and, for a what-if, one review period for every supplier (orders every
 * {@code reviewDays} days instead of on the suppliers' order days; null = the suppliers' order days). Starts from the
 * configuration ({@link #of(ReplenishmentProperties)}); a buyer's what-if changes some values before the configuration.
 */
public record SimulationSettings(
        double aServiceLevel,
        double bServiceLevel,
        double cServiceLevel,
        double aMaxWeeksOfSupply,
        double bMaxWeeksOfSupply,
        double cMaxWeeksOfSupply,
        int demandWindowDays,
        int minHistoryDays,
        int longWindowDays,
        int defaultLeadTimeDays,
        int defaultReviewDays,
        Integer reviewDays,
        ServiceMeasure aServiceMeasure,
        ServiceMeasure bServiceMeasure,
        ServiceMeasure cServiceMeasure) {

    public SimulationSettings {
        level("a-service-level", aServiceLevel);
        level("b-service-level", bServiceLevel);
        level("c-service-level", cServiceLevel);
        weeks("a-max-weeks-of-supply", aMaxWeeksOfSupply);
        weeks("b-max-weeks-of-supply", bMaxWeeksOfSupply);
        weeks("c-max-weeks-of-supply", cMaxWeeksOfSupply);
        if (demandWindowDays < 1 || demandWindowDays > 365) {
            throw bad("demand-window-days must be between 1 and 365, got " + demandWindowDays);
        }
        if (reviewDays != null && (reviewDays < 1 || reviewDays > 28)) {
            throw bad("review-days must be between 1 and 28 (an order every N days), got " + reviewDays
                    + "; leave it out to use the suppliers' order days");
        }
        aServiceMeasure = aServiceMeasure == null ? ServiceMeasure.CYCLE : aServiceMeasure;
        bServiceMeasure = bServiceMeasure == null ? ServiceMeasure.CYCLE : bServiceMeasure;
        cServiceMeasure = cServiceMeasure == null ? ServiceMeasure.CYCLE : cServiceMeasure;
    }

    /** The configured policy. */
    public static SimulationSettings of(ReplenishmentProperties p) {
        ReplenishmentProperties.Classes c = p.classes();
        return new SimulationSettings(
                c.aServiceLevel().doubleValue(),
                c.bServiceLevel().doubleValue(),
                c.cServiceLevel().doubleValue(),
                c.aMaxWeeksOfSupply().doubleValue(),
                c.bMaxWeeksOfSupply().doubleValue(),
                c.cMaxWeeksOfSupply().doubleValue(),
                p.demandWindowDays(),
                p.minHistoryDays(),
                p.longWindowDays(),
                p.defaultLeadTimeDays(),
                p.defaultReviewDays(),
                null,
                c.measure('A'),
                c.measure('B'),
                c.measure('C'));
    }

    /** A what-if: each non-null value replaces this one. */
    public SimulationSettings with(WhatIf w) {
        return new SimulationSettings(
                or(w.aServiceLevel(), aServiceLevel),
                or(w.bServiceLevel(), bServiceLevel),
                or(w.cServiceLevel(), cServiceLevel),
                or(w.aMaxWeeksOfSupply(), aMaxWeeksOfSupply),
                or(w.bMaxWeeksOfSupply(), bMaxWeeksOfSupply),
                or(w.cMaxWeeksOfSupply(), cMaxWeeksOfSupply),
                w.demandWindowDays() == null ? demandWindowDays : w.demandWindowDays(),
                minHistoryDays,
                w.demandWindowDays() == null ? longWindowDays : Math.max(longWindowDays, w.demandWindowDays()),
                defaultLeadTimeDays,
                defaultReviewDays,
                w.reviewDays() == null ? reviewDays : w.reviewDays(),
                measure("a-service-measure", w.aServiceMeasure(), aServiceMeasure),
                measure("b-service-measure", w.bServiceMeasure(), bServiceMeasure),
                measure("c-service-measure", w.cServiceMeasure(), cServiceMeasure));
    }

    /** The values a buyer may try (null = keep the configured one); the keys of a --policy file. */
    public record WhatIf(
            Double aServiceLevel,
            Double bServiceLevel,
            Double cServiceLevel,
            Double aMaxWeeksOfSupply,
            Double bMaxWeeksOfSupply,
            Double cMaxWeeksOfSupply,
            Integer demandWindowDays,
            Integer reviewDays,
            String aServiceMeasure,
            String bServiceMeasure,
            String cServiceMeasure) {
        public static WhatIf none() {
            return new WhatIf(null, null, null, null, null, null, null, null, null, null, null);
        }

        /** The service levels and weeks of supply, the demand window and the review period; no measure changed. */
        public WhatIf(
                Double aServiceLevel,
                Double bServiceLevel,
                Double cServiceLevel,
                Double aMaxWeeksOfSupply,
                Double bMaxWeeksOfSupply,
                Double cMaxWeeksOfSupply,
                Integer demandWindowDays,
                Integer reviewDays) {
            this(
                    aServiceLevel,
                    bServiceLevel,
                    cServiceLevel,
                    aMaxWeeksOfSupply,
                    bMaxWeeksOfSupply,
                    cMaxWeeksOfSupply,
                    demandWindowDays,
                    reviewDays,
                    null,
                    null,
                    null);
        }
    }

    double serviceLevel(char abcClass) {
        return switch (abcClass) {
            case 'A' -> aServiceLevel;
            case 'B' -> bServiceLevel;
            default -> cServiceLevel;
        };
    }

    /** What the class's service level means: a cycle service level or a fill-rate target (issue 14). */
    ServiceMeasure serviceMeasure(char abcClass) {
        return switch (abcClass) {
            case 'A' -> aServiceMeasure;
            case 'B' -> bServiceMeasure;
            default -> cServiceMeasure;
        };
    }

    double maxWeeksOfSupply(char abcClass) {
        return switch (abcClass) {
            case 'A' -> aMaxWeeksOfSupply;
            case 'B' -> bMaxWeeksOfSupply;
            default -> cMaxWeeksOfSupply;
        };
    }

    double z(char abcClass) {
        return ServiceLevels.z(BigDecimal.valueOf(serviceLevel(abcClass)));
    }

    private static double or(Double v, double fallback) {
        return v == null ? fallback : v;
    }

    private static ServiceMeasure measure(String key, String value, ServiceMeasure fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return ServiceMeasure.of(key, value);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private static void level(String key, double v) {
        if (!(v > 0.5 && v < 1)) {
            throw bad(key + " must be a share between 0.5 and 1 (e.g. 0.98 for 98 %), got " + v);
        }
    }

    private static void weeks(String key, double v) {
        if (!(v > 0 && v <= 52)) {
            throw bad(key + " must be between 0 and 52 weeks, got " + v);
        }
    }

    private static StockroomException bad(String message) {
        return new StockroomException(ErrorCode.BAD_PARAMETER, "Simulation policy: " + message + ".");
    }
}
