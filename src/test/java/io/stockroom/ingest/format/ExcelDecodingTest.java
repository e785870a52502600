package io.stockroom.ingest.format;

import static io.stockroom.testdata.Workbooks.row;
import static io.stockroom.testdata.Workbooks.sheet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.testdata.Workbooks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Excel workbooks: first or named sheet, cells as Excel shows them, converted to a UTF-8 CSV. */
class ExcelDecodingTest {

    @TempDir
    Path dir;

    private Path workbook;

    @BeforeEach
    void writeWorkbook() throws IOException {
        workbook = dir.resolve("orders.xlsx");
        try (OutputStream out = Files.newOutputStream(workbook)) {
            Workbook book = new Workbook(out, "Stockroom test", "1.0");
            Worksheet sales = book.newWorksheet("Year 2009-2010");
            String[] header = {
                "Invoice", "StockCode", "InvoiceDate", "Day", "Quantity", "Price", "Customer ID", "Gift", " "
            };
            for (int c = 0; c < header.length; c++) {
                sales.value(0, c, header[c]);
            }
            sales.value(1, 0, "489434");
            sales.value(1, 1, "85048");
            sales.value(1, 2, LocalDateTime.of(2009, 12, 1, 7, 45));
            sales.style(1, 2).format("m/d/yyyy h:mm").set();
            sales.value(1, 3, LocalDate.of(2009, 12, 1));
            sales.style(1, 3).format("dd/mm/yyyy").set();
            sales.value(1, 4, 12.0);
            sales.value(1, 5, 6.95);
            sales.value(1, 6, 13085.0);
            sales.value(1, 7, true);
            // row 2 left fully empty; row 3 has a blank trailing cell and a number with float noise
            sales.value(3, 0, "C489449");
            sales.value(3, 1, "22087");
            sales.value(3, 2, LocalDateTime.of(2009, 12, 1, 10, 33));
            sales.style(3, 2).format("yyyy-mm-dd hh:mm:ss").set();
            sales.value(3, 4, -12);
            sales.value(3, 5, 0.1 + 0.2);
            sales.value(3, 6, "");
            Worksheet returns = book.newWorksheet("Year 2010-2011");
            returns.value(0, 0, "Invoice");
            returns.value(0, 1, "Quantity");
            returns.value(1, 0, "536365");
            returns.value(1, 1, 6);
            Worksheet empty = book.newWorksheet("Notes");
            empty.value(0, 0, "Only a header");
            book.finish();
        }
    }

    private DecodedFile decode(Path file, String name, String sheet) {
        return new FileDecoder(dir.resolve("work")).decode(file, name, sheet);
    }

    @Test
    void firstSheetByDefault() {
        DecodedFile f = decode(workbook, "orders.xlsx", null);

        assertThat(f.format()).isEqualTo(SourceFormat.XLSX);
        assertThat(f.parquet()).isFalse();
        assertThat(f.delimiter()).isEqualTo(',');
        assertThat(f.notes()).contains("sheet 'Year 2009-2010'");
        assertThat(f.header())
                .containsExactly(
                        "Invoice", "StockCode", "InvoiceDate", "Day", "Quantity", "Price", "Customer ID", "Gift");
        assertThat(f.dataLinesEstimate()).isEqualTo(2);
        assertThat(f.sheets())
                .as("the other sheets have other columns: listed, not read")
                .containsExactly(
                        new DecodedFile.Sheet("Year 2009-2010", 2, true),
                        new DecodedFile.Sheet("Year 2010-2011", 1, false),
                        new DecodedFile.Sheet("Notes", 0, false));
        assertThat(f.sheetsNotRead()).extracting(DecodedFile.Sheet::name).containsExactly("Year 2010-2011");
        assertThat(EngineReader.read(f).rows())
                .containsExactly(
                        List.of("489434", "85048", "2009-12-01 07:45:00", "2009-12-01", "12", "6.95", "13085", "true"),
                        Arrays.asList("C489449", "22087", "2009-12-01 10:33:00", null, "-12", "0.3", null, null));
    }

    @Test
    void namedSheet() {
        DecodedFile f = decode(workbook, "orders.xlsx", "Year 2010-2011");

        assertThat(f.notes()).contains("sheet 'Year 2010-2011'");
        assertThat(f.header()).containsExactly("Invoice", "Quantity");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("536365", "6"));
    }

    @Test
    void aNamedSheetLeavesTheOthersUncounted() {
        DecodedFile f = decode(workbook, "orders.xlsx", "Year 2010-2011");

        assertThat(f.sheets())
                .containsExactly(
                        new DecodedFile.Sheet("Year 2009-2010", -1, false),
                        new DecodedFile.Sheet("Year 2010-2011", 1, true),
                        new DecodedFile.Sheet("Notes", -1, false));
        assertThat(f.sheetsNotRead()).as("the sender chose the sheet").isEmpty();
    }

    private static final Workbooks.Sheet JAN = sheet("Jan", row("Invoice", "Quantity"), row("J1", 1), row("J2", 2));
    /** February's header has other cases and a leading empty row: still January's columns. */
    private static final Workbooks.Sheet FEB = sheet("Feb", row(), row("INVOICE", " quantity "), row("F1", 3));

    private static final Workbooks.Sheet PIVOT = sheet("Pivot", row("Invoice", "Total"), row("all", 6));

    @Test
    void anEmptyFirstSheetIsSkippedAndTheFirstWithDataLeads() throws IOException {
        Path file = Workbooks.write(dir.resolve("by_month.xlsx"), sheet("Cover"), JAN, FEB, PIVOT);

        DecodedFile f = decode(file, "by_month.xlsx", null);

        assertThat(f.header()).containsExactly("Invoice", "Quantity");
        assertThat(EngineReader.read(f).rows())
                .containsExactly(List.of("J1", "1"), List.of("J2", "2"), List.of("F1", "3"));
        assertThat(f.notes())
                .as("an empty cover sheet is skipped, and said so")
                .contains("empty sheet(s) 'Cover' skipped")
                .contains("sheets 'Jan', 'Feb' read as one table (they have the same columns): "
                        + "'Jan' lines 2-3; 'Feb' line 4");
        assertThat(f.sheetsNotRead()).extracting(DecodedFile.Sheet::name).containsExactly("Pivot");

        DecodedFile jan = decode(file, "by_month.xlsx", "Jan");
        assertThat(EngineReader.read(jan).rows()).containsExactly(List.of("J1", "1"), List.of("J2", "2"));
        assertThatThrownBy(() -> decode(file, "by_month.xlsx", "Cover"))
                .as("a sheet named is read, empty or not")
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("Sheet 'Cover' of 'by_month.xlsx' is empty");
    }

    @Test
    void aWorkbookWithNoDataOnAnySheetIsEmpty() throws IOException {
        Path file = Workbooks.write(dir.resolve("blank.xlsx"), sheet("Sheet1"), sheet("Sheet2", row(), row()));

        assertThatThrownBy(() -> decode(file, "blank.xlsx", null))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_EMPTY))
                .hasMessageContaining("'blank.xlsx' has no data on any of its sheets ('Sheet1', 'Sheet2')");
    }

    @Test
    void theFirstSheetAndItsLikesAreOneTableAndTheRestIsListed() throws IOException {
        Path file = Workbooks.write(dir.resolve("by_month.xlsx"), JAN, PIVOT, FEB);

        DecodedFile f = decode(file, "by_month.xlsx", null);

        assertThat(f.header()).containsExactly("Invoice", "Quantity");
        assertThat(f.dataLinesEstimate()).isEqualTo(3);
        assertThat(EngineReader.read(f).rows())
                .containsExactly(List.of("J1", "1"), List.of("J2", "2"), List.of("F1", "3"));
        assertThat(f.notes())
                .contains("sheets 'Jan', 'Feb' read as one table (they have the same columns): "
                        + "'Jan' lines 2-3; 'Feb' line 4");
        assertThat(f.sheets())
                .containsExactly(
                        new DecodedFile.Sheet("Jan", 2, true),
                        new DecodedFile.Sheet("Pivot", 1, false),
                        new DecodedFile.Sheet("Feb", 1, true));
    }

    @Test
    void unknownSheetIsRefusedListingTheSheets() {
        assertThatThrownBy(() -> decode(workbook, "orders.xlsx", "2012"))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("has no sheet '2012'")
                .hasMessageContaining("'Year 2009-2010', 'Year 2010-2011', 'Notes'")
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.FILE_UNREADABLE));
    }

    @Test
    void sheetWithOnlyAHeaderIsHeaderOnly() {
        DecodedFile f = decode(workbook, "orders.xlsx", "Notes");

        assertThat(f.headerOnly()).isTrue();
        assertThat(f.header()).containsExactly("Only a header");
    }

    @Test
    void gzippedWorkbook() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(Files.readAllBytes(workbook));
        }
        Path gz = Files.write(dir.resolve("orders.xlsx.gz"), bytes.toByteArray());

        DecodedFile f = decode(gz, "orders.xlsx.gz", "Year 2010-2011");

        assertThat(f.format()).isEqualTo(SourceFormat.XLSX);
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("536365", "6"));
        assertThat(dir.resolve("work")).isDirectoryNotContaining("glob:**.xlsx");
    }

    @Test
    void damagedWorkbookIsUnreadable() throws IOException {
        byte[] bytes = Files.readAllBytes(workbook);
        Path broken = Files.write(dir.resolve("broken.xlsx"), Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> decode(broken, "broken.xlsx", null))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("save it again as .xlsx")
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.FILE_UNREADABLE));
    }
}
