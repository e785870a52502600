package io.stockroom.ingest.format;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.util.List;
import java.util.regex.Pattern;

/** The decoder's refusals, worded once: what is wrong with the file and what the sender can do about it. */
final class Problems {

    private Problems() {}

    static StockroomException empty(String name) {
        return new StockroomException(
                ErrorCode.FILE_EMPTY,
                "'" + name + "' is empty: export the data again, check the file has a header row and data rows, and"
                        + " send it again.");
    }

    static StockroomException binary(String name) {
        return new StockroomException(
                ErrorCode.FILE_BINARY,
                "'" + name
                        + "' looks like a binary file (e.g. an image or database) renamed .csv; export the data as CSV.");
    }

    static StockroomException zipNotCsv(String name) {
        return new StockroomException(
                ErrorCode.FILE_BINARY,
                "'" + name
                        + "' is a ZIP/Excel workbook, not CSV: save it as CSV or upload it with the .xlsx extension.");
    }

    static StockroomException unreadable(String name, String what) {
        return new StockroomException(ErrorCode.FILE_UNREADABLE, "'" + name + "' " + what);
    }

    static StockroomException unreadable(String name, String what, Throwable cause) {
        return new StockroomException(ErrorCode.FILE_UNREADABLE, "'" + name + "' " + what, cause);
    }

    static StockroomException tooManyColumns(String name, String what) {
        return tooManyColumns(name, what, List.of());
    }

    /**
     * As above; when most of the header's cells name a day ({@code d_1}, {@code 2024-05-01}, {@code 01/05/2024}), the
     * file is a wide layout with one column per day (Kaggle's M5 has 1,913), so the advice is to reshape it, not to
     * check the delimiter.
     */
    static StockroomException tooManyColumns(String name, String what, List<String> header) {
        List<String> days = header.stream()
                .filter(h -> DAY_COLUMN.matcher(h.strip()).matches())
                .toList();
        String advice = days.size() * 2 > header.size() && !header.isEmpty()
                ? String.format(
                        ", %,d of them one per day (%s ... %s): a wide layout, one row per item and a column per day. "
                                + "Stockroom reads one row per store, SKU and day (columns such as store_id, sku, date, "
                                + "units_sold): reshape the file to that long layout (an unpivot, e.g. pandas melt) and send it "
                                + "again",
                        days.size(), days.getFirst().strip(), days.getLast().strip())
                : ". A retail export has tens of columns, not thousands: check the delimiter and that the file is the "
                        + "export you meant to send";
        return new StockroomException(
                ErrorCode.TOO_MANY_COLUMNS, "'" + name + "' cannot be read: " + what + advice + ".");
    }

    /** A header cell that names a day: d_1, day 12, 2024-05-01, 20240501, 01/05/2024, 1.5.24. */
    private static final Pattern DAY_COLUMN = Pattern.compile(
            "(?i)(d|day)[_ ]?\\d{1,5}|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{8}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}");

    /** How a delimiter is shown in a message. */
    static String show(char delimiter) {
        return delimiter == '\t' ? "TAB" : "'" + delimiter + "'";
    }
}
