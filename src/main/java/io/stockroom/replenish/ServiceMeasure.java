package io.stockroom.replenish;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a class's service level means (issue 14): the cycle service level (the chance of no stock-out in a replenishment
 * cycle; the default) or the fill rate (the share of the units demanded served from the shelf).
 */
public enum ServiceMeasure {
    CYCLE("cycle"),
    FILL_RATE("fill-rate");

    private final String key;

    ServiceMeasure(String key) {
        this.key = key;
    }

    /** As written in the configuration and a what-if file: {@code cycle} or {@code fill-rate}. */
    @JsonValue
    public String key() {
        return key;
    }

    /** The measure a configured value names; anything else fails, naming {@code what} and the allowed values. */
    public static ServiceMeasure of(String what, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ServiceMeasure m : values()) {
            if (m.key.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                what + " must be cycle (cycle service level) or fill-rate (share of units served from the shelf), got '"
                        + value + "'");
    }
}
