package io.stockroom.ingest.format;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * An .xlsx workbook to a UTF-8 CSV, streamed row by row. Cells are written as a person sees them in Excel's General
 * format: dates as ISO text, whole numbers without {@code .0}, at most 15 significant digits; fully empty rows are left
 * out and the first non-empty row of a sheet is its header.
 *
 * <p>Which sheets: the one named; else the first sheet with data (blank ones before it are skipped) and every later
 * sheet with the same columns (a year or a month per sheet is common in exports), one table in workbook order. A sheet with other columns is not read, and the
 * decoded file lists it with its row count, so the feed can say it was left out.
 */
final class XlsxConverter {

    /** Excel shows at most 15 significant digits; more are binary floating-point noise. */
    private static final MathContext EXCEL_DIGITS = new MathContext(15);

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final WorkFiles work;
    private final Headers.Limit limit;

    XlsxConverter(WorkFiles work, Headers.Limit limit) {
        this.work = work;
        this.limit = limit;
    }

    DecodedFile convert(Path original, Path workbook, String name, String sheetName, List<String> notes)
            throws IOException {
        try (ReadableWorkbook book = new ReadableWorkbook(workbook.toFile(), new ReadingOptions(true, false))) {
            List<Sheet> all = book.getSheets().toList();
            boolean named = sheetName != null && !sheetName.isBlank();
            List<Sheet> toRead = named ? List.of(choose(all, sheetName, name)) : all;
            Path csv = work.create(name, ".csv");
            try {
                return write(original, name, toRead, all, csv, notes);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(csv);
                throw e;
            }
        } catch (UncheckedIOException e) {
            throw unreadable(name, e.getCause());
        } catch (IOException | ExcelReaderException e) {
            throw unreadable(name, e);
        }
    }

    private static RuntimeException unreadable(String name, Exception e) {
        return Problems.unreadable(
                name,
                "could not be read as an Excel workbook (" + e.getMessage()
                        + "); open it in Excel and save it again as .xlsx, or export the sheet as CSV.",
                e);
    }

    private static Sheet choose(List<Sheet> sheets, String sheetName, String name) {
        Optional<Sheet> exact =
                sheets.stream().filter(s -> s.getName().equals(sheetName)).findFirst();
        return exact.or(() -> sheets.stream()
                        .filter(s -> s.getName().strip().equalsIgnoreCase(sheetName.strip()))
                        .findFirst())
                .orElseThrow(() -> Problems.unreadable(
                        name,
                        "has no sheet '" + sheetName + "'; its sheets are: "
                                + sheets.stream()
                                        .map(s -> "'" + s.getName() + "'")
                                        .collect(Collectors.joining(", "))
                                + ". Name one of them."));
    }

    /**
     * Writes the first sheet of {@code toRead} that holds data (empty ones before it are skipped) and the later ones
     * with its columns into {@code csv}.
     *
     * @param toRead the sheet named, or every sheet in order
     * @param all every sheet of the workbook, in order, for the list of sheets
     */
    private DecodedFile write(
            Path original, String name, List<Sheet> toRead, List<Sheet> all, Path csv, List<String> notes)
            throws IOException {
        Table table;
        Map<Sheet, Long> rows = new HashMap<>();
        List<String> readNames = new ArrayList<>();
        List<String> readRanges = new ArrayList<>();
        List<String> emptyBefore = new ArrayList<>();
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), Utf8.BUFFER);
                CSVPrinter printer = new CSVPrinter(out, JsonConverter.CSV)) {
            table = new Table(printer, name);
            long line = 2; // the converted table's first data line (line 1 is the header)
            for (Sheet sheet : toRead) {
                boolean leads = table.header == null;
                long before = table.rows;
                long n = table.read(sheet);
                rows.put(sheet, n);
                if (leads && table.header == null) {
                    emptyBefore.add("'" + sheet.getName() + "'"); // not one non-empty cell
                } else if (leads || table.rows > before) {
                    readNames.add(sheet.getName());
                    readRanges.add(range(sheet, line, n));
                    line += n;
                }
            }
        }
        table.refuseUncalculated();
        if (table.header == null) {
            throw new StockroomException(
                    ErrorCode.FILE_EMPTY,
                    toRead.size() == 1
                            ? "Sheet '" + toRead.get(0).getName() + "' of '" + name
                                    + "' is empty: name the sheet that holds the data, or export the data again."
                            : "'" + name + "' has no data on any of its sheets (" + String.join(", ", emptyBefore)
                                    + "): export the data again.");
        }
        List<String> allNotes = new ArrayList<>(notes);
        if (!emptyBefore.isEmpty()) {
            allNotes.add("empty sheet(s) " + String.join(", ", emptyBefore) + " skipped");
        }
        if (readNames.size() == 1) {
            allNotes.add("sheet '" + readNames.get(0) + "'");
        } else {
            allNotes.add(String.format(
                    "sheets %s read as one table (they have the same columns): %s",
                    readNames.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")),
                    String.join("; ", readRanges)));
        }
        allNotes.add("converted from Excel to CSV");
        if (table.errorCount > 0) {
            // #N/A reads as empty and #DIV/0! fails a number column: said here so an empty value is never a surprise
            allNotes.add(String.format(
                    "%,d cell(s) hold Excel errors instead of values (first: %s); they load as empty or fail their "
                            + "column's type",
                    table.errorCount, String.join(", ", table.errorCells)));
        }
        List<DecodedFile.Sheet> sheets = all.stream()
                .map(s ->
                        new DecodedFile.Sheet(s.getName(), rows.getOrDefault(s, -1L), readNames.contains(s.getName())))
                .toList();
        return new DecodedFile(
                original,
                name,
                SourceFormat.XLSX,
                csv,
                false,
                ',',
                false,
                "binary",
                table.header,
                table.rows,
                allNotes,
                false,
                List.of(),
                table.underscores,
                sheets);
    }

    private static String range(Sheet sheet, long firstLine, long rows) {
        if (rows == 0) {
            return String.format("'%s' no data rows", sheet.getName());
        }
        return rows == 1
                ? String.format("'%s' line %,d", sheet.getName(), firstLine)
                : String.format("'%s' lines %,d-%,d", sheet.getName(), firstLine, firstLine + rows - 1);
    }

    /** The converted table: the header of the first sheet with data, then the data rows of every sheet read. */
    private final class Table {

        private final CSVPrinter printer;
        private final String name;
        private List<String> header;
        private long rows;
        private final List<String> uncalculated = new ArrayList<>();
        private long uncalculatedCount;
        private final List<String> errorCells = new ArrayList<>();
        private long errorCount;
        private long underscores;

        Table(CSVPrinter printer, String name) {
            this.printer = printer;
            this.name = name;
        }

        /**
         * Reads a sheet and returns its data rows. While the table has no header, the sheet's header becomes the
         * table's and its rows are copied; after that, a sheet's rows are copied when its header is the table's (names
         * compared as the engine does, ignoring case), and only counted otherwise.
         */
        long read(Sheet sheet) throws IOException {
            boolean first = header == null;
            long count = 0;
            boolean headerSeen = false;
            boolean copying = first;
            try (Stream<Row> stream = sheet.openStream()) {
                Iterator<Row> it = stream.iterator();
                List<String> values = new ArrayList<>();
                while (it.hasNext()) {
                    Row row = it.next();
                    if (!headerSeen && first) {
                        limit.check(row.getCellCount(), name);
                    }
                    int last = cells(sheet.getName(), row, values, copying);
                    if (last < 0) {
                        continue; // a fully empty row
                    }
                    if (!headerSeen) {
                        headerSeen = true;
                        if (first) {
                            header = Headers.normalize(values.subList(0, last + 1), name);
                            printer.printRecord(header);
                        } else {
                            copying = sameColumns(values.subList(0, last + 1));
                        }
                        continue;
                    }
                    count++;
                    if (copying) {
                        print(values, last);
                    }
                }
            }
            return count;
        }

        /** The row's cells as text into {@code values}; returns the index of the last non-blank one, -1 if none. */
        private int cells(String sheetName, Row row, List<String> values, boolean copying) {
            values.clear();
            int last = -1;
            for (int i = 0; i < row.getCellCount(); i++) {
                Cell cell = row.getCell(i);
                if (copying && cell != null && cell.getType() == CellType.ERROR) {
                    if (errorCells.size() < 5) {
                        errorCells.add(cell.getAddress() + " " + cell.getRawValue());
                    }
                    errorCount++;
                }
                if (copying && cell != null && cell.getType() == CellType.FORMULA && cell.getRawValue() == null) {
                    if (uncalculated.size() < 5) {
                        uncalculated.add("'" + sheetName + "'!" + cell.getAddress());
                    }
                    uncalculatedCount++;
                }
                String text = text(cell);
                values.add(text);
                if (!text.isBlank()) {
                    last = i;
                }
            }
            return last;
        }

        private boolean sameColumns(List<String> cells) {
            if (cells.size() != header.size()) {
                return false;
            }
            for (int i = 0; i < cells.size(); i++) {
                if (!Headers.name(cells.get(i), i).equalsIgnoreCase(header.get(i))) {
                    return false;
                }
            }
            return true;
        }

        private void print(List<String> values, int last) throws IOException {
            int width = Math.max(header.size(), last + 1);
            while (values.size() < width) {
                values.add(""); // Excel leaves out empty trailing cells: they are empty, not missing
            }
            for (int i = 0; i < width; i++) {
                if (values.get(i).indexOf('_') >= 0) {
                    underscores = DecodedFile.withUnderscore(underscores, i);
                }
            }
            printer.printRecord(values.subList(0, width));
            rows++;
        }

        /**
         * A workbook saved by a program that does not calculate has formulas without a cached value: the value a
         * person would see is unknown, and an empty cell would load as a silent NULL.
         */
        void refuseUncalculated() {
            if (uncalculatedCount > 0) {
                throw new StockroomException(
                        ErrorCode.FILE_UNREADABLE,
                        String.format(
                                "'%s' has %,d formula cell(s) that were never calculated, so their values are unknown "
                                        + "(first: %s). Nothing was loaded: open the workbook in Excel or LibreOffice and "
                                        + "save it (which calculates the formulas), or export the sheet as CSV.",
                                name, uncalculatedCount, String.join(", ", uncalculated)));
            }
        }
    }

    /** A cell as text, the way Excel shows it in General format. */
    static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        return switch (cell.getType()) {
            case EMPTY -> "";
            case STRING -> cell.asString() == null ? "" : cell.asString();
            case BOOLEAN -> Boolean.TRUE.equals(cell.asBoolean()) ? "true" : "false";
            case NUMBER -> number(cell);
            case FORMULA -> {
                String cached = cell.getRawValue();
                if (cached == null) {
                    yield "";
                }
                yield isNumeric(cached) ? number(cell) : cached;
            }
            case ERROR -> cell.getRawValue() == null ? "" : cell.getRawValue();
        };
    }

    private static String number(Cell cell) {
        String raw = cell.getRawValue();
        if (raw == null || raw.isBlank()) {
            return "";
        }
        if (DateFormats.isDate(cell.getDataFormatId(), cell.getDataFormatString())) {
            LocalDateTime at = cell.asDate().plusNanos(500_000_000).truncatedTo(ChronoUnit.SECONDS);
            if (DateFormats.isTimeOnly(cell.getDataFormatId(), cell.getDataFormatString())
                    && Double.parseDouble(raw) < 1) {
                return at.format(TIME);
            }
            return at.toLocalTime().equals(LocalTime.MIDNIGHT)
                    ? at.toLocalDate().toString()
                    : at.format(DATE_TIME);
        }
        BigDecimal value = new BigDecimal(raw.strip()).round(EXCEL_DIGITS).stripTrailingZeros();
        return value.signum() == 0 ? "0" : value.toPlainString();
    }

    private static boolean isNumeric(String s) {
        try {
            new BigDecimal(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Which number formats show a date or a time. */
    static final class DateFormats {

        private DateFormats() {}

        static boolean isDate(Integer id, String format) {
            if (id != null && builtInDate(id)) {
                return true;
            }
            String f = significant(format);
            return !f.isEmpty() && f.chars().anyMatch(c -> c == 'y' || c == 'd' || c == 'm' || c == 'h' || c == 's');
        }

        static boolean isTimeOnly(Integer id, String format) {
            if (id != null && (id >= 18 && id <= 21 || id >= 45 && id <= 47)) {
                return true;
            }
            String f = significant(format);
            return !f.isEmpty()
                    && f.indexOf('y') < 0
                    && f.indexOf('d') < 0
                    && (f.indexOf('h') >= 0 || f.indexOf('s') >= 0);
        }

        private static boolean builtInDate(int id) {
            return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58;
        }

        /** The first section of a format, lower case, without literal text, colours and locale tags. */
        private static String significant(String format) {
            if (format == null) {
                return "";
            }
            String lower = format.toLowerCase(Locale.ROOT);
            if (lower.equals("general") || lower.equals("@")) {
                return "";
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < lower.length(); i++) {
                char c = lower.charAt(i);
                if (c == ';') {
                    break;
                }
                switch (c) {
                    case '"' -> {
                        int close = lower.indexOf('"', i + 1);
                        i = close < 0 ? lower.length() : close;
                    }
                    case '\\', '_', '*' -> i++;
                    case '[' -> {
                        int close = lower.indexOf(']', i + 1);
                        String inside = lower.substring(i + 1, close < 0 ? lower.length() : close);
                        if (inside.matches("h+|m+|s+")) {
                            out.append(inside); // elapsed time, e.g. [h]:mm
                        }
                        i = close < 0 ? lower.length() : close;
                    }
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }
}
