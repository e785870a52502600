package io.stockroom.ingest.format;

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
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON records (array or one per line, nested order lines) become a UTF-8 CSV the engine reads. */
class JsonDecodingTest {

    @TempDir
    Path dir;

    private DecodedFile decode(String name, byte[] content) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        return new FileDecoder(dir.resolve("work")).decode(file, name, null);
    }

    private DecodedFile decode(String name, String content) throws IOException {
        return decode(name, content.getBytes(UTF_8));
    }

    private void assertRefused(String content, ErrorCode code, String phrase) {
        assertThatThrownBy(() -> decode("orders.json", content))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining(phrase)
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(code));
    }

    @Test
    void arrayOfObjectsWithTheUnionOfKeysAsHeader() throws IOException {
        DecodedFile f = decode("sales.json", """
                [ {"store_id": "S1", "sku": "A1", "units_sold": 3, "total_sales": 12.50, "promo": true},
                  {"store_id": "S2", "sku": "B2", "units_sold": -1, "total_sales": 1e2, "channel": null, "note": "say \\"hi\\", ok"} ]
                """);

        assertThat(f.format()).isEqualTo(SourceFormat.JSON);
        assertThat(f.delimiter()).isEqualTo(',');
        assertThat(f.converted()).isTrue();
        assertThat(f.header())
                .containsExactly("store_id", "sku", "units_sold", "total_sales", "promo", "channel", "note");
        assertThat(f.dataLinesEstimate()).isEqualTo(2);
        EngineReader.Table t = EngineReader.read(f);
        assertThat(t.rows())
                .containsExactly(
                        Arrays.asList("S1", "A1", "3", "12.50", "true", null, null),
                        Arrays.asList("S2", "B2", "-1", "1e2", null, null, "say \"hi\", ok"));
    }

    @Test
    void newlineDelimitedJson() throws IOException {
        DecodedFile f = decode("sales.ndjson", """
                {"store_id":"S1","sku":"A1","units_sold":3}

                {"store_id":"S2","sku":"B2","units_sold":5}
                """);

        assertThat(f.header()).containsExactly("store_id", "sku", "units_sold");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("S1", "A1", "3"), List.of("S2", "B2", "5"));
    }

    @Test
    void nestedOrderLinesBecomeOneRowPerLine() throws IOException {
        DecodedFile f = decode("orders.json", """
                [{"order_id":"1","customer":{"id":"C1","country":"UK"},"id":"X-1",
                  "lines":[{"sku":"A","quantity":2,"id":"L1"},{"sku":"B","quantity":1,"id":"L2"}],"tags":["web","gift"]},
                 {"order_id":"2","customer":{"id":"C2"},"lines":[]}]
                """);

        // the last column lists, per row, the keys that held an object or array (the checks flag them in scalar
        // columns)
        assertThat(f.header())
                .containsExactly(
                        "order_id",
                        "customer_id",
                        "customer_country",
                        "id",
                        "tags",
                        "sku",
                        "quantity",
                        "lines_id",
                        "__json_nested");
        assertThat(f.notes()).anyMatch(n -> n.contains("one row per element of 'lines'"));
        assertThat(EngineReader.read(f).rows())
                .containsExactly(
                        List.of("1", "C1", "UK", "X-1", "[\"web\",\"gift\"]", "A", "2", "L1", "|customer|tags|"),
                        List.of("1", "C1", "UK", "X-1", "[\"web\",\"gift\"]", "B", "1", "L2", "|customer|tags|"),
                        Arrays.asList("2", "C2", null, null, null, null, null, null, "|customer|lines|"));
    }

    @Test
    void gzippedJsonWithByteOrderMark() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            out.write("[{\"sku\":\"A1\",\"name\":\"Thé vert\"}]".getBytes(UTF_8));
        }
        DecodedFile f = decode("products.json.gz", bytes.toByteArray());

        assertThat(f.format()).isEqualTo(SourceFormat.JSON);
        assertThat(f.sourceEncoding()).isEqualTo("UTF-8 (BOM)");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("A1", "Thé vert"));
    }

    @Test
    void windows1252JsonIsReadAsSuch() throws IOException {
        DecodedFile f = decode(
                "products.json", "[{\"sku\":\"A1\",\"name\":\"Café\"}]".getBytes(Charset.forName("windows-1252")));

        assertThat(f.sourceEncoding()).isEqualTo("windows-1252");
        assertThat(EngineReader.read(f).rows()).containsExactly(List.of("A1", "Café"));
    }

    @Test
    void malformedJsonIsRefusedWithWhere() {
        assertRefused(
                "[{\"sku\":\"A1\"},\n{\"sku\" \"B2\"}]", ErrorCode.FILE_UNREADABLE, "is not valid JSON near line 2");
    }

    @Test
    void arrayOfScalarsIsRefused() {
        assertRefused(
                "[\"A1\", \"B2\"]",
                ErrorCode.FILE_UNREADABLE,
                "element 1 of the top-level array is a string, not an object");
    }

    @Test
    void emptyArrayIsEmpty() {
        assertRefused("[ ]", ErrorCode.FILE_EMPTY, "is empty");
    }
}
