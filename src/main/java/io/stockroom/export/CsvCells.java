package io.stockroom.export;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV cells that are safe to open in a spreadsheet, for every CSV download (quarantine, audit, purchase orders,
 * exceptions): a text cell starting with {@code = + - @}, a tab or a carriage return would be run as a formula by Excel
 * or LibreOffice (CSV injection), so it gets a leading single quote that makes it text. A plain number ({@code -2.99},
 * {@code -24}) runs nothing and keeps its sign unquoted, so the spreadsheet reads it as the number it is.
 */
public final class CsvCells {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private CsvCells() {}

    public static String safe(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String s = value.toString();
        if (!s.isEmpty()
                && "=+-@\t\r".indexOf(s.charAt(0)) >= 0
                && !PLAIN_NUMBER.matcher(s).matches()) {
            return "'" + s;
        }
        return s;
    }

    /** A whole CSV document: header, then rows, every cell through {@link #safe}, each record ending in "\n". */
    public static String write(List<String> header, List<List<Object>> rows) {
        return write(header, rows, "\n");
    }

    /** As {@link #write(List, List)}, each record ending in {@code recordSeparator} (RFC 4180's is "\r\n"). */
    public static String write(List<String> header, List<List<Object>> rows, String recordSeparator) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(
                out,
                CSVFormat.DEFAULT.builder().setRecordSeparator(recordSeparator).get())) {
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
