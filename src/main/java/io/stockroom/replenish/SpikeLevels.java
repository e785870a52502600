package io.stockroom.replenish;

/**
 * How many units a day make a DEMAND_SPIKE of an item that sells λ a day on average when its day's sales are a Poisson
 * count: the smallest x with P(X ≥ x) no larger than the normal tail beyond {@code spike-sigmas} (3: 0.135 %), so both
 * halves of the rule ask for the same rarity. The mean + kσ rule alone read a slow mover's ordinary day as a spike: at
 * λ = 0.2 and σ 0.45 a day of 2 units passes 1.55, yet happens on 1.8 % of days, and on a 12-store demo Saturday 564 of
 * the 1,060 spikes were such days. Per λ in tenths up to {@link #MAX_TENTHS}; above it (60 a day) the normal rule alone
 * decides, as the normal approximation then holds.
 */
final class SpikeLevels {

    /** λ in tenths up to which the table has a row. */
    static final int MAX_TENTHS = 600;

    private SpikeLevels() {}

    /** The chance a spike must be rarer than: the standard normal's tail beyond {@code sigmas}. */
    static double chance(double sigmas) {
        return FillRate.upperTail(sigmas);
    }

    /** The smallest whole x with P(X ≥ x) ≤ {@code chance} for X Poisson with mean {@code tenths} / 10. */
    static int minUnits(int tenths, double chance) {
        double mean = tenths / 10.0;
        double pmf = Math.exp(-mean); // P(X = x)
        double below = 0; // P(X < x)
        for (int x = 0; ; x++) {
            if (1 - below <= chance) {
                return x;
            }
            below += pmf;
            pmf *= mean / (x + 1);
        }
    }

    /** The table's min_units by mean_t: index t is λ = t / 10, from 0 to {@link #MAX_TENTHS} tenths. */
    static int[] levels(double sigmas) {
        double chance = chance(sigmas);
        int[] levels = new int[MAX_TENTHS + 1];
        for (int t = 0; t <= MAX_TENTHS; t++) {
            levels[t] = minUnits(t, chance);
        }
        return levels;
    }
}
