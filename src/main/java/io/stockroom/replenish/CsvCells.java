package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** CSV that is safe to open in a spreadsheet: a text cell starting with = + - @ TAB or CR gets a leading ' (no formula runs). */
public final class CsvCells {

    private CsvCells() {}

    public static String safe(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }

    /** A whole CSV document: header, then rows, every cell through {@link #safe}. */
    public static String write(List<String> header, List<List<Object>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(
                out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            printer.printRecord(header.stream().map(CsvCells::safe).toList());
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(CsvCells::safe).toList());
            }
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.INTERNAL, "Cannot write CSV: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
