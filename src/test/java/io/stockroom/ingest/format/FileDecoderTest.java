package io.stockroom.ingest.format;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delimited text in the shapes retailers send it, decoded and read back by the engine. */
class FileDecoderTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    @TempDir
    Path dir;

    private FileDecoder decoder() {
        return new FileDecoder(dir.resolve("work"));
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(UTF_8));
    }

    private DecodedFile decode(Path file) {
        return decoder().decode(file, file.getFileName().toString(), null);
    }

    private AbstractThrowableAssert<?, ?> assertRefused(Path file, ErrorCode code) {
        return assertThatThrownBy(() -> decode(file))
                .isInstanceOf(StockroomException.class)
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(code));
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void commaSeparatedUtf8IsReadInPlace() throws IOException {
        Path csv = file("sales.csv", "store_id,sku,units\nS1,A1,3\nS2,B2,5\n");

        DecodedFile f = decode(csv);

        assertThat(f.format()).isEqualTo(SourceFormat.CSV);
        assertThat(f.readable()).isEqualTo(csv);
        assertThat(f.converted()).isFalse();
        assertThat(f.delimiter()).isEqualTo(',');
        assertThat(f.sourceEncoding()).isEqualTo("UTF-8");
        assertThat(f.header()).containsExactly("store_id", "sku", "units");
        assertThat(f.dataLinesEstimate()).isEqualTo(2);
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("S1", "A1", "3"), List.of("S2", "B2", "5"));
    }

    @Test
    void semicolonWithDecimalCommas() throws IOException {
        DecodedFile f = decode(file("sales.csv", "store_id;sku;total_sales\nS1;A1;12,50\nS2;B2;1.234,00\nS3;C3;7\n"));

        assertThat(f.delimiter()).isEqualTo(';');
        assertThat(f.header()).containsExactly("store_id", "sku", "total_sales");
        assertThat(EngineReader.read(f).column("total_sales")).containsExactly("12,50", "1.234,00", "7");
    }

    @Test
    void pipeSeparated() throws IOException {
        DecodedFile f = decode(file("stores.txt", "store_id|name|area\nS1|Leeds, Briggate|North\nS2|York|North\n"));

        assertThat(f.delimiter()).isEqualTo('|');
        assertThat(EngineReader.read(f).column("name")).containsExactly("Leeds, Briggate", "York");
    }

    @Test
    void tabSeparated() throws IOException {
        DecodedFile f = decode(file("inventory.tsv", "store_id\tsku\ton_hand\nS1\tA1\t10\nS1\tB2\t0\n"));

        assertThat(f.delimiter()).isEqualTo('\t');
        assertThat(f.header()).containsExactly("store_id", "sku", "on_hand");
        assertThat(EngineReader.read(f).column("on_hand")).containsExactly("10", "0");
    }

    @Test
    void quotedDelimitersQuotesAndNewlinesStayInsideTheirValue() throws IOException {
        DecodedFile f = decode(file(
                "products.csv",
                "sku,name,note\r\nA1,\"Mug, red\",\"line one\r\nline two\"\r\nB2,\"12\"\" plate\",plain\r\n"));

        assertThat(f.delimiter()).isEqualTo(',');
        assertThat(f.dataLinesEstimate()).isEqualTo(2);
        assertThat(f.quotedNewlines()).isTrue();
        EngineReader.Table t = EngineReader.read(f);
        assertThat(t.rejects()).isZero();
        assertThat(t.rows())
                .containsExactly(
                        List.of("A1", "Mug, red", "line one\r\nline two"), List.of("B2", "12\" plate", "plain"));
    }

    @Test
    void withoutQuotedNewlinesTheEngineMayReadInParallel() throws IOException {
        DecodedFile f = decode(file("products.csv", "sku,name\nA1,\"Mug, red\"\n"));

        assertThat(f.quotedNewlines()).isFalse();
    }

    @Test
    void utf8ByteOrderMarkIsLeftToTheEngine() throws IOException {
        Path csv = file(
                "stores.csv",
                concat(
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        "store_id,name\nS1,Zürich\n".getBytes(UTF_8)));

        DecodedFile f = decode(csv);

        assertThat(f.sourceEncoding()).isEqualTo("UTF-8 (BOM)");
        assertThat(f.readable()).isEqualTo(csv);
        assertThat(f.header()).containsExactly("store_id", "name");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("S1", "Zürich"));
        // DuckDB strips the mark itself, also when it names the columns from the header
        assertThat(EngineReader.autoDetectedColumns(f)).containsExactly("store_id", "name");
    }

    @Test
    void latin1AccentsAndTheWindows1252EuroSignAreConvertedToUtf8() throws IOException {
        Path csv = file("products.csv", "sku;name;supplier;price\nA1;Café crème;Müller GmbH;€5\n".getBytes(CP1252));
        assertThat(Files.readAllBytes(csv)).contains((byte) 0x80);

        DecodedFile f = decode(csv);

        assertThat(f.sourceEncoding()).isEqualTo("windows-1252");
        assertThat(f.converted()).isTrue();
        assertThat(f.readable().startsWith(dir.resolve("work"))).isTrue();
        assertThat(f.notes()).contains("converted from Latin-1/Windows-1252 to UTF-8");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("A1", "Café crème", "Müller GmbH", "€5"));
    }

    @Test
    void utf16LittleEndianWithByteOrderMark() throws IOException {
        byte[] bytes = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "sku\tname\nA1\tNaïve tea\n".getBytes(UTF_16LE));

        DecodedFile f = decode(file("products.txt", bytes));

        assertThat(f.sourceEncoding()).isEqualTo("UTF-16LE");
        assertThat(f.delimiter()).isEqualTo('\t');
        assertThat(f.header()).containsExactly("sku", "name");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("A1", "Naïve tea"));
    }

    @Test
    void utf16BigEndianWithByteOrderMark() throws IOException {
        byte[] bytes = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, "sku,name\nA1,Øl\n".getBytes(UTF_16BE));

        DecodedFile f = decode(file("products.csv", bytes));

        assertThat(f.sourceEncoding()).isEqualTo("UTF-16BE");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("A1", "Øl"));
    }

    @Test
    void utf16WithoutByteOrderMarkIsRecognisedByItsNulPattern() throws IOException {
        DecodedFile f = decode(file("products.csv", "sku,name\nA1,Größe\nB2,Weiß\n".getBytes(UTF_16LE)));

        assertThat(f.sourceEncoding()).isEqualTo("UTF-16LE");
        assertThat(EngineReader.read(f).column("name")).containsExactly("Größe", "Weiß");
    }

    @Test
    void utf8WithStrayWindows1252BytesKeepsBoth() throws IOException {
        byte[] bytes = concat("sku,name\nA1,Zoë\n".getBytes(UTF_8), "B2,Café\n".getBytes(CP1252));

        DecodedFile f = decode(file("products.csv", bytes));

        assertThat(f.sourceEncoding()).isEqualTo("windows-1252");
        assertThat(f.notes()).anyMatch(n -> n.contains("mixes UTF-8 and Windows-1252"));
        assertThat(EngineReader.read(f).column("name")).containsExactly("Zoë", "Café");
    }

    @Test
    void gzipNamedCsvGzIsReadCompressed() throws IOException {
        Path gz = file("sales.csv.gz", gzip("store_id,sku,units\nS1,A1,3\n".getBytes(UTF_8)));

        DecodedFile f = decode(gz);

        assertThat(f.gzip()).isTrue();
        assertThat(f.readable()).isEqualTo(gz);
        assertThat(f.header()).containsExactly("store_id", "sku", "units");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("S1", "A1", "3"));
    }

    @Test
    void gzipNamedCsvIsRecognisedByItsContent() throws IOException {
        Path gz = file("sales.csv", gzip("store_id;sku;units\nS1;A1;3\n".getBytes(UTF_8)));

        DecodedFile f = decode(gz);

        assertThat(f.gzip()).isTrue();
        assertThat(f.delimiter()).isEqualTo(';');
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("S1", "A1", "3"));
    }

    @Test
    void gzippedWindows1252IsConvertedToPlainUtf8() throws IOException {
        DecodedFile f = decode(file("products.csv.gz", gzip("sku,name\nA1,Crème brûlée\n".getBytes(CP1252))));

        assertThat(f.gzip()).isFalse();
        assertThat(f.sourceEncoding()).isEqualTo("windows-1252");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("A1", "Crème brûlée"));
    }

    @Test
    void truncatedGzipIsUnreadable() throws IOException {
        byte[] whole = gzip("store_id,sku\nS1,A1\nS2,B2\n".repeat(2000).getBytes(UTF_8));

        assertRefused(file("sales.csv.gz", java.util.Arrays.copyOf(whole, whole.length / 2)), ErrorCode.FILE_UNREADABLE)
                .hasMessageContaining("damaged or truncated gzip");
    }

    @Test
    void headerAndRowsSeparatedDifferentlyIsRefusedNamingBoth() throws IOException {
        assertRefused(file("sales.csv", "store_id;sku;units\nS1,A1,3\nS2,B2,5\n"), ErrorCode.FILE_UNREADABLE)
                .hasMessageContaining("header is separated by ';' but data rows by ','")
                .hasMessageContaining("re-export it with one delimiter");
    }

    @Test
    void raggedRowsAreLeftForTheEngineToReject() throws IOException {
        DecodedFile f = decode(file("sales.csv", "store_id,sku,units\nS1,A1,3\nS2,B2\nS3,C3,1,extra\nS4,D4,2\n"));

        assertThat(f.delimiter()).isEqualTo(',');
        assertThat(f.dataLinesEstimate()).isEqualTo(4);
        EngineReader.Table t = EngineReader.read(f);
        assertThat(t.column("sku")).containsExactly("A1", "D4");
        assertThat(t.rejects()).isEqualTo(2);
    }

    @Test
    void binaryRenamedCsvIsRefused() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 1, 0
        };
        assertRefused(file("sales.csv", png), ErrorCode.FILE_BINARY)
                .hasMessageContaining("looks like a binary file")
                .hasMessageContaining("export the data as CSV");
    }

    @Test
    void controlCharacterNoiseIsBinaryToo() throws IOException {
        byte[] noise = new byte[4000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i % 3 == 0 ? 0x01 + i % 8 : 'a');
        }
        assertRefused(file("sales.csv", noise), ErrorCode.FILE_BINARY);
    }

    @Test
    void zipRenamedCsvIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("sales.csv"));
            zip.write("store_id,sku\nS1,A1\n".getBytes(UTF_8));
        }
        assertRefused(file("sales.csv", bytes.toByteArray()), ErrorCode.FILE_BINARY)
                .hasMessageContaining("is a ZIP/Excel workbook, not CSV")
                .hasMessageContaining("upload it with the .xlsx extension");
    }

    @Test
    void legacyExcelIsUnsupported() throws IOException {
        byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
        assertRefused(file("sales.xls", xls), ErrorCode.UNSUPPORTED_FORMAT)
                .hasMessageContaining("save it as .xlsx or CSV");
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        assertRefused(file("sales.csv", new byte[0]), ErrorCode.FILE_EMPTY)
                .hasMessageContaining("'sales.csv' is empty");
    }

    @Test
    void whitespaceOnlyFileIsEmpty() throws IOException {
        assertRefused(file("sales.csv", " \r\n\t\n  \n"), ErrorCode.FILE_EMPTY);
    }

    @Test
    void emptyGzipIsEmpty() throws IOException {
        assertRefused(file("sales.csv.gz", gzip(new byte[0])), ErrorCode.FILE_EMPTY);
    }

    @Test
    void headerOnlyIsDecodedAndMarkedSoTheLoadCanJudgeItByItsDataset() throws IOException {
        // whether no rows is a normal day or a broken export is the dataset's call (contract empty_day), not the
        // decoder's: ingest refuses it for sales (IngestServiceTest) and loads it as an empty day for
        // support_conversations (EmptyDayTest)
        DecodedFile f = decode(file("sales.csv", "store_id,sku,units\n"));

        assertThat(f.headerOnly()).isTrue();
        assertThat(f.header()).containsExactly("store_id", "sku", "units");
        assertThat(decode(file("sales2.csv", "store_id,sku,units\nS1,A,1\n")).headerOnly())
                .isFalse();
    }

    @Test
    void headerFollowedByBlankAndDelimiterOnlyLinesIsHeaderOnly() throws IOException {
        assertThat(decode(file("sales.csv", "store_id,sku,units\r\n\r\n,,\r\n   \r\n"))
                        .headerOnly())
                .isTrue();
    }

    @Test
    void blankHeaderCellsAreNamedByPosition() throws IOException {
        DecodedFile f = decode(file("sales.csv", " store_id , ,units,\nS1,x,3,\n"));

        assertThat(f.header()).containsExactly("store_id", "column_2", "units", "column_4");
        assertThat(EngineReader.read(f).rows()).containsExactly(java.util.Arrays.asList("S1", "x", "3", null));
    }

    @Test
    void duplicateHeaderNamesAreRefusedNamingThem() throws IOException {
        assertRefused(file("sales.csv", "store_id,sku,units,SKU\nS1,A1,3,A1\n"), ErrorCode.FILE_UNREADABLE)
                .hasMessageContaining("duplicate column names")
                .hasMessageContaining("'sku' (columns 2, 4)");
    }

    @Test
    void singleColumnFileIsLegalWhenNoDelimiterAppears() throws IOException {
        DecodedFile f = decode(file("skus.csv", "sku\nA1\nB2\n"));

        assertThat(f.header()).containsExactly("sku");
        assertThat(EngineReader.read(f).column("sku")).containsExactly("A1", "B2");
    }

    @Test
    void singleColumnHeaderOverDelimitedRowsIsRefused() throws IOException {
        assertRefused(file("sales.csv", "sales export\nS1,A1,3\nS2,B2,5\n"), ErrorCode.FILE_UNREADABLE)
                .hasMessageContaining("data rows separated by ','");
    }

    @Test
    void blankLinesBeforeTheHeaderAreLeftOut() throws IOException {
        DecodedFile f = decode(file("sales.csv", "\n \nstore_id,sku\nS1,A1\n"));

        assertThat(f.header()).containsExactly("store_id", "sku");
        assertThat(f.notes()).anyMatch(n -> n.contains("blank line(s) before the header"));
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("S1", "A1"));
    }

    @Test
    void unclosedQuoteIsRefusedWithItsLine() throws IOException {
        assertRefused(file("sales.csv", "sku,name\nA1,mug\nB2,\"plate\nC3,bowl\n"), ErrorCode.FILE_UNREADABLE)
                .hasMessageContaining("opens a value on line 3 and is never closed");
    }

    @Test
    void missingFileIsNotFound() {
        assertThatThrownBy(() -> decoder().decode(dir.resolve("nope.csv"), "nope.csv", null))
                .isInstanceOf(StockroomException.class)
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.FILE_NOT_FOUND));
    }

    @Test
    void temporaryFilesAreDeletedButNeverTheSource() throws IOException {
        Path converted = file("a.csv", "sku,name\nA1,Café\n".getBytes(CP1252));
        Path inPlace = file("b.csv", "sku,name\nA1,Cafe\n");
        DecodedFile c = decode(converted);
        DecodedFile p = decode(inPlace);

        c.deleteTemporaryFiles();
        p.deleteTemporaryFiles();

        assertThat(c.readable()).doesNotExist();
        assertThat(converted).exists();
        assertThat(inPlace).exists();
    }
}
