package io.stockroom.ingest.format;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;

/** The decoder's refusals, worded once: what is wrong with the file and what the sender can do about it. */
final class Problems {

    private Problems() {}

    static StockroomException empty(String name) {
        return new StockroomException(
                ErrorCode.FILE_EMPTY,
                "'" + name + "' is empty: export the data again and check the file has a header row and data rows.");
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
        return new StockroomException(
                ErrorCode.TOO_MANY_COLUMNS,
                "'" + name + "' cannot be read: " + what
                        + ". A retail export has tens of columns, not thousands: check the delimiter and that the file is the export you meant to send.");
    }

    /** How a delimiter is shown in a message. */
    static String show(char delimiter) {
        return delimiter == '\t' ? "TAB" : "'" + delimiter + "'";
    }
}
