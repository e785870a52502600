package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;

/** Range checks for request parameters, with a message that names the parameter. */
final class Limits {

    private Limits() {}

    static void check(String parameter, long value, long min, long max) {
        if (value < min || value > max) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '" + parameter + "' must be between " + min + " and "
                            + (max == Integer.MAX_VALUE ? "2147483647" : max) + "; got " + value + ".");
        }
    }
}
