package io.stockroom.forecast;

import static java.util.Objects.requireNonNull;

/**
 * One store × item daily demand history. {@code units[t]} is NaN on a day with no data (shown as missing, never
 * treated as zero); {@code promo} covers the history and, beyond it, the known future (promotions and limited-time
 * offers are planned ahead), so it may be longer than {@code units}; so may {@code closed}, the days the store is
 * known to be closed (public holidays, refits): no demand is expected then and they teach the methods nothing.
 */
public record Series(String id, String category, double[] units, boolean[] promo, boolean[] closed) {

    /** A series with no promotion and no closed day. */
    public static Series plain(String id, String category, double[] units) {
        return new Series(id, category, units, new boolean[units.length], new boolean[units.length]);
    }

    public Series {
        requireNonNull(id, "id is null");
        requireNonNull(category, "category is null");
        requireNonNull(units, "units is null");
        requireNonNull(promo, "promo is null");
        requireNonNull(closed, "closed is null");
        if (promo.length < units.length || closed.length < units.length) {
            throw new IllegalArgumentException("promo and closed flags must cover the history: " + promo.length + ", "
                    + closed.length + " < " + units.length);
        }
    }

    boolean promoOn(int day) {
        return day < promo.length && promo[day];
    }

    boolean closedOn(int day) {
        return day < closed.length && closed[day];
    }
}
