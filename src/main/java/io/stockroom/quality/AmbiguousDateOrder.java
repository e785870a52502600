package io.stockroom.quality;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.util.List;

/**
 * A file whose day/month dates cannot be read without a guess: no value in a column proves day-first or
 * month-first, and neither the request nor the configuration says which. The upload preview asks the user; every
 * other path fails the feed with this message.
 */
public final class AmbiguousDateOrder extends StockroomException {

    private final transient List<String> headers;

    AmbiguousDateOrder(List<String> headers, String message) {
        super(ErrorCode.DATE_ORDER_AMBIGUOUS, message);
        this.headers = List.copyOf(headers);
    }

    /** The file's headers of the columns whose order is undecided. */
    public List<String> headers() {
        return headers;
    }
}
