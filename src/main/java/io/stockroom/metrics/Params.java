package io.stockroom.metrics;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.util.Arrays;
import java.util.Locale;

/** Checks request parameters; every failure is a 400 whose message starts with the parameter's name. */
final class Params {

    private Params() {}

    static StockroomException bad(String parameter, String problem) {
        return new StockroomException(ErrorCode.BAD_PARAMETER, "Parameter '" + parameter + "' " + problem);
    }

    /** A value of {@code type} whose lower-case name equals {@code value}, else {@code fallback} when absent. */
    static <E extends Enum<E>> E choice(String parameter, String value, Class<E> type, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return e;
            }
        }
        throw bad(
                parameter,
                "must be one of "
                        + String.join(
                                ", ",
                                Arrays.stream(type.getEnumConstants())
                                        .map(e -> e.name().toLowerCase(Locale.ROOT))
                                        .toList())
                        + "; got '" + value + "'.");
    }

    static int limit(String parameter, Integer value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw bad(parameter, "must be between 1 and " + max + ", got " + value + ".");
        }
        return value;
    }

    static int offset(Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw bad("offset", "must be 0 or more, got " + value + ".");
        }
        return value;
    }

    /** Blank means absent. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
