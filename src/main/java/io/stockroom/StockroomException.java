package io.stockroom;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type Stockroom throws on purpose. Its message says what was wrong and how to fix it;
 * its code decides the HTTP status and the CLI exit code.
 */
public class StockroomException extends RuntimeException {

    private final ErrorCode code;

    public StockroomException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public StockroomException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    /** The first StockroomException in a cause chain, or null. */
    public static StockroomException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StockroomException se) {
                return se;
            }
        }
        return null;
    }
}
