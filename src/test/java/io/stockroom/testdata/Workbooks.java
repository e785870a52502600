package io.stockroom.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** Excel workbooks for tests, sheet by sheet and row by row, written as a spreadsheet program saves them. */
public final class Workbooks {

    private Workbooks() {}

    /**
     * One sheet.
     *
     * @param rows each row's cells from column A: String, Number or Boolean; null leaves the cell empty, and an empty
     *     row is left empty
     */
    public record Sheet(String name, List<List<Object>> rows) {}

    /** A sheet of these rows. */
    public static Sheet sheet(String name, List<?>... rows) {
        return new Sheet(
                name, Arrays.stream(rows).map(r -> List.<Object>copyOf(r)).toList());
    }

    /** A row of cells; null leaves a cell empty. */
    public static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    public static Path write(Path file, Sheet... sheets) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, sheets);
        }
        return file;
    }

    public static byte[] bytes(Sheet... sheets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, sheets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(OutputStream out, Sheet... sheets) throws IOException {
        Workbook book = new Workbook(out, "Stockroom test", "1.0");
        for (Sheet sheet : sheets) {
            Worksheet w = book.newWorksheet(sheet.name());
            for (int r = 0; r < sheet.rows().size(); r++) {
                List<Object> cells = sheet.rows().get(r);
                for (int c = 0; c < cells.size(); c++) {
                    switch (cells.get(c)) {
                        case null -> {}
                        case String s -> w.value(r, c, s);
                        case Number n -> w.value(r, c, n);
                        case Boolean b -> w.value(r, c, b);
                        default -> throw new IllegalArgumentException("no cell for " + cells.get(c));
                    }
                }
            }
        }
        book.finish();
    }
}
