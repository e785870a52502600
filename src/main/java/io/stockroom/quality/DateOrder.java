package io.stockroom.quality;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.util.Locale;

/** How a date written as two small numbers and a year (03/05/2026, 03.05.2026, 03-05-2026) is read. */
public enum DateOrder {
    /** day first: 03/05/2026 is 3 May 2026 */
    DMY,
    /** month first: 03/05/2026 is March 5, 2026 */
    MDY;

    /**
     * @param value DMY or MDY (any case), or null/blank for "not said"
     * @param where the setting or parameter it came from, for the error message
     */
    public static DateOrder parse(String value, String where) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StockroomException(
                    where.startsWith("stockroom.") ? ErrorCode.CONFIG_INVALID : ErrorCode.BAD_PARAMETER,
                    where + " is '" + value
                            + "'; use DMY (day first, 03/05/2026 = 3 May) or MDY (month first, 03/05/2026 = March 5).");
        }
    }
}
