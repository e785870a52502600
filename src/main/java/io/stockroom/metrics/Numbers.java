package io.stockroom.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding for the API: money and percentages to 2 places, quantities without trailing zeros. */
final class Numbers {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Numbers() {}

    static BigDecimal money(BigDecimal v) {
        return v == null ? null : v.setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal quantity(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** a / b, or null when b is missing or zero. */
    static BigDecimal ratio(BigDecimal a, BigDecimal b, int scale) {
        if (a == null || b == null || b.signum() == 0) {
            return null;
        }
        return a.divide(b, scale, RoundingMode.HALF_UP);
    }

    /** 100 * a / b, to 2 places, or null. */
    static BigDecimal percent(BigDecimal a, BigDecimal b) {
        if (a == null || b == null || b.signum() == 0) {
            return null;
        }
        return a.multiply(HUNDRED).divide(b, 2, RoundingMode.HALF_UP);
    }

    /** Relative change in %, to 1 place: null when there is nothing to compare with. */
    static BigDecimal change(BigDecimal value, BigDecimal previous) {
        if (value == null || previous == null || previous.signum() == 0) {
            return null;
        }
        return value.subtract(previous).multiply(HUNDRED).divide(previous.abs(), 1, RoundingMode.HALF_UP);
    }
}
