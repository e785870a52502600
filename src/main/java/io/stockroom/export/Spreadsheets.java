package io.stockroom.export;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes XLSX workbooks. Cells are typed: numbers as numbers, dates as dates, the rest as text — fastexcel writes text
 * as a shared string, never as a formula, so a cell that starts with "=" shows as typed and cannot run.
 */
public final class Spreadsheets {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** Excel's limits: a sheet holds 1,048,576 rows; a sheet name is 31 characters without []:*?/\ . */
    static final int MAX_ROWS = 1_048_575;

    private static final Pattern BAD_SHEET_CHARS = Pattern.compile("[\\[\\]:*?/\\\\]");

    private Spreadsheets() {}

    /** One sheet of a workbook: its name, the header and the rows (cells: Number, LocalDate, LocalDateTime, Boolean, text, null). */
    public record Sheet(String name, List<String> header, List<List<Object>> rows) {}

    /** A workbook with one sheet. */
    public static byte[] xlsx(String sheetName, List<String> header, List<List<Object>> rows) {
        return xlsx(List.of(new Sheet(sheetName, header, rows)));
    }

    /** A workbook with the sheets in order; the header row is bold and stays in view while scrolling. */
    public static byte[] xlsx(List<Sheet> sheets) {
        if (sheets.isEmpty()) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "A workbook needs at least one sheet.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "Stockroom", "1.0");
            java.util.Set<String> used = new java.util.HashSet<>();
            for (Sheet sheet : sheets) {
                if (sheet.rows().size() > MAX_ROWS) {
                    throw new StockroomException(
                            ErrorCode.BAD_PARAMETER,
                            "Sheet '" + sheet.name() + "' has " + sheet.rows().size()
                                    + " rows; a spreadsheet holds at most " + MAX_ROWS
                                    + ". Narrow the filter or download CSV.");
                }
                Worksheet ws = wb.newWorksheet(uniqueName(sheetName(sheet.name()), used));
                for (int c = 0; c < sheet.header().size(); c++) {
                    ws.value(0, c, sheet.header().get(c));
                    ws.style(0, c).bold().set();
                }
                ws.freezePane(0, 1);
                int r = 1;
                for (List<Object> row : sheet.rows()) {
                    for (int c = 0; c < row.size(); c++) {
                        write(ws, r, c, row.get(c));
                    }
                    r++;
                }
                for (int c = 0; c < sheet.header().size(); c++) {
                    ws.width(c, Math.min(60, Math.max(10, width(sheet, c))));
                }
                ws.finish();
            }
            wb.finish();
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.INTERNAL, "Cannot write the spreadsheet: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void write(Worksheet ws, int r, int c, Object v) {
        switch (v) {
            case null -> {}
            case BigDecimal d -> ws.value(r, c, d);
            case Number n -> ws.value(r, c, n);
            case Boolean b -> ws.value(r, c, b);
            case LocalDate d -> {
                ws.value(r, c, d);
                ws.style(r, c).format("yyyy-mm-dd").set();
            }
            case LocalDateTime t -> {
                ws.value(r, c, t);
                ws.style(r, c).format("yyyy-mm-dd hh:mm").set();
            }
            case Map<?, ?> m -> ws.value(r, c, m.toString());
            default -> ws.value(r, c, v.toString());
        }
    }

    private static int width(Sheet sheet, int c) {
        int w = sheet.header().get(c).length() + 2;
        int seen = 0;
        for (List<Object> row : sheet.rows()) {
            if (c < row.size() && row.get(c) != null) {
                w = Math.max(w, row.get(c).toString().length() + 2);
            }
            if (++seen > 200) {
                break;
            }
        }
        return w;
    }

    static String sheetName(String name) {
        String s = BAD_SHEET_CHARS
                .matcher(name == null || name.isBlank() ? "Sheet" : name.strip())
                .replaceAll(" ");
        s = s.replaceAll("^'+|'+$", "");
        if (s.isBlank()) {
            s = "Sheet";
        }
        return s.length() > 31 ? s.substring(0, 31) : s;
    }

    private static String uniqueName(String name, java.util.Set<String> used) {
        String n = name;
        for (int i = 2; !used.add(n.toLowerCase(java.util.Locale.ROOT)); i++) {
            String suffix = " (" + i + ")";
            n = (name.length() + suffix.length() > 31 ? name.substring(0, 31 - suffix.length()) : name) + suffix;
        }
        return n;
    }
}
