package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape on which PostgreSQL's CSV reader and the Java reader agree, fed in chunks as the file streams. */
class CsvShapeTest {

    @Test
    void strictCsvKeepsItsShapeAndCountsTheRecordsAfterTheHeader() {
        assertThat(shape("a,b,c\n1,2,3\n4,5,6\n", ',', 3)).isEqualTo("2 records");
        assertThat(shape("a,b,c\n1,2,3", ',', 3)).as("no final line end").isEqualTo("1 records");
        assertThat(shape("a,b,c\r\n1,2,3\r\n", ',', 3)).as("CRLF throughout").isEqualTo("1 records");
        assertThat(shape("a;b\n\"x;y\";\"say \"\"hi\"\"\"\n\"two\nlines\";\"\"\n", ';', 2))
                .as("quoted delimiters, escaped quotes, a value over two lines, a quoted empty value")
                .isEqualTo("2 records");
        assertThat(shape("a\tb\n\t\n\t\n", '\t', 2)).as("empty values").isEqualTo("2 records");
        assertThat(shape("a,b\n\"x\r\ny\",z\n", ',', 2))
                .as("CRLF inside quotes is data")
                .isEqualTo("1 records");
        assertThat(shape("a,b\n", ',', 2)).as("a header only").isEqualTo("0 records");
    }

    @Test
    void whatTheReadersWouldReadDifferentlyLeavesTheShape() {
        assertThat(shape("a,b,c\n1,2\n", ',', 3)).isEqualTo("a record has 2 fields instead of 3");
        assertThat(shape("a,b,c\n1,2,3,4\n", ',', 3)).isEqualTo("a record has 4 fields instead of 3");
        assertThat(shape("a,b\n1,2\n\n3,4\n", ',', 2)).isEqualTo("a blank line");
        assertThat(shape("a,b\n1,2\n\n", ',', 2)).as("a blank last line").isEqualTo("a blank line");
        assertThat(shape("a,b\n\"x\"y,2\n", ',', 2)).isEqualTo("a character after a closing quote");
        assertThat(shape("a,b\nx\"y,2\n", ',', 2)).isEqualTo("a quote inside an unquoted value");
        assertThat(shape("a,b\n \"x\",2\n", ',', 2)).isEqualTo("a quote inside an unquoted value");
        assertThat(shape("a,b\n\"x,2\n3,4\n", ',', 2)).isEqualTo("a quote is never closed");
        assertThat(shape("a,b\n1,2\r\n", ',', 2)).isEqualTo("lines end both in LF and in CRLF");
        assertThat(shape("a,b\r1,2\r", ',', 2)).isEqualTo("a line ends in a lone carriage return");
        assertThat(shape("a,b\n\\.\n1,2\n", ',', 2)).isEqualTo("a line starts with \\.");
        assertThat(shape("a,b\n\"x\n\\.\",2\n", ',', 2))
                .as("even inside quotes")
                .isEqualTo("a line starts with \\.");
        assertThat(shape("a,b\n1,\0\n", ',', 2)).isEqualTo("a NUL byte");
        assertThat(shape("a,b,c\n1,2\n", ',', 2)).isEqualTo("the header has 3 fields instead of 2");
    }

    @Test
    void screenedColumnsKeepTheShapeOnlyWithTheirPlainFormOrEmpty() {
        CsvShape.Plain[] dateAndNumber = {null, CsvShape.Plain.DATE, CsvShape.Plain.DECIMAL};
        assertThat(shape("s,d,n\nA,2026-12-03,12\n\"B,1\",,-0.5\nC,2026-01-31,.5\nD,2026-02-01,7.\n", dateAndNumber))
                .as("plain values, empty ones, a quoted value in an unscreened column")
                .isEqualTo("4 records");
        assertThat(shape("\"s\",\"d\",\"n\"\r\nA,2026-12-03,-12.25", dateAndNumber))
                .as("a quoted header, CRLF, no final line end")
                .isEqualTo("1 records");
        for (String notPlain : List.of(
                "A,2026-2-3,1",
                "A,2026/02/03,1",
                "A,2026-02-031,1",
                "A,03-02-2026,1",
                "A, 2026-02-03,1",
                "A,\"2026-02-03\",1",
                "A,2026-02-03,1e2",
                "A,2026-02-03,+3",
                "A,2026-02-03,1.2.3",
                "A,2026-02-03,5-",
                "A,2026-02-03,-",
                "A,2026-02-03,.",
                "A,2026-02-03,1 ",
                "A,2026-02-03,\"\"",
                "A,2026-02-03,NaN",
                "A,2026-02-03,1_000")) {
            assertThat(shape("s,d,n\n" + notPlain + "\n", dateAndNumber))
                    .as(notPlain)
                    .startsWith("a ")
                    .contains("column");
        }
        assertThat(shape("s,d,n\nA,2026-02-03,12", dateAndNumber))
                .as("the last value of a file without a final line end is screened too")
                .isEqualTo("1 records");
        assertThat(shape("s,d,n\nA,2026-02-03,1x", dateAndNumber))
                .isEqualTo("a value in column 3 is not in its plain form");
    }

    @Test
    void keyHashesProveAKeyNeverRepeatsAndNeverProveItWhenItDoes() {
        boolean[] firstTwo = {true, true, false};
        assertThat(keysDistinct("s,k,n\nA,1,5\nA,2,5\nB,1,5\n", firstTwo)).isTrue();
        assertThat(keysDistinct("s,k,n\nA,1,5\nB,1,6\nA,1,7\n", firstTwo)).isFalse();
        assertThat(keysDistinct("s,k,n\nA,1,5\n\"A\",1,7\n", firstTwo))
                .as("a quoted value is the value inside the quotes")
                .isFalse();
        assertThat(keysDistinct("s,k,n\n\"a\"\"b\",1,5\n\"a\"\"b\",1,7\n", firstTwo))
                .as("an escaped quote is one quote, the same in both records")
                .isFalse();
        assertThat(keysDistinct("s,k,n\nab,c,5\na,bc,5\n", firstTwo))
                .as("the values end where they end")
                .isTrue();
        assertThat(keysDistinct("s,k,n\n,1,5\n\"\",1,6\n", firstTwo))
                .as("empty and quoted empty are both NULL")
                .isFalse();
        assertThat(keysDistinct("s,k,n\r\nA,1,5\r\nA,1,6", firstTwo))
                .as("CRLF, the last record without a line end")
                .isFalse();
        assertThat(keysDistinct("s,k,n\nA,1,5\nA,2,5\n", new boolean[3]))
                .as("no key column: nothing proven")
                .isFalse();
    }

    @Test
    void numbersKeepTheShapeOnlyWithinTheirDigits() {
        CsvShape.Plain[] number = {null, CsvShape.Plain.number(3, 2)};
        for (String plain : List.of("123.45", "-1.5", ".5", "5.", "007", "")) {
            assertThat(shape("s,n\nx," + plain + "\n", number)).as(plain).isEqualTo("1 records");
        }
        for (String notPlain : List.of("1234", "1.234", "1234.5")) {
            assertThat(shape("s,n\nx," + notPlain + "\n", number)).as(notPlain).contains("not in its plain form");
        }
        CsvShape.Plain[] whole = {null, CsvShape.Plain.number(9, 0)};
        assertThat(shape("s,n\nx,-12\n", whole)).isEqualTo("1 records");
        assertThat(shape("s,n\nx,12.\n", whole)).contains("not in its plain form");
        assertThat(shape("s,n\nx,1.0\n", whole)).contains("not in its plain form");
    }

    @Test
    void everyDataRecordStartIsMarkedOnceAndNoneAfterTheLastLineEnd() {
        for (String text : List.of(
                "a,b\nx,1\n\"y\nz\",2\nw,3\n", "a,b\r\nx,1\r\n\"y\r\nz\",2\r\nw,3", "a,b\nx,1\n\"y\nz\",2\nw,3")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            CsvShape shape = new CsvShape(',', 2);
            List<Integer> starts = new java.util.ArrayList<>();
            for (int i = 0; i < bytes.length; i += 3) {
                byte[] chunk = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 3));
                assertThat(shape.accept(chunk, chunk.length)).isTrue();
                for (int k = 0; k < shape.recordStarts(); k++) {
                    starts.add(i + shape.recordStart(k));
                }
            }
            assertThat(shape.finish()).isTrue();
            assertThat(starts.stream().map(at -> text.charAt(at)).toList())
                    .as(text)
                    .containsExactly('x', '"', 'w');
        }
    }

    private static boolean keysDistinct(String text, boolean[] key) {
        CsvShape shape = new CsvShape(',', key.length, new CsvShape.Plain[key.length], key);
        assertThat(shape(shape, text)).endsWith("records");
        return shape.keysDistinct();
    }

    private static String shape(String text, CsvShape.Plain[] plain) {
        return shape(new CsvShape(',', plain.length, plain, new boolean[plain.length]), text);
    }

    /** The shape's verdict on {@code text}, fed three bytes at a time so every state crosses a chunk boundary. */
    private static String shape(String text, char delimiter, int width) {
        return shape(new CsvShape(delimiter, width), text);
    }

    private static String shape(CsvShape shape, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean ok = true;
        for (int i = 0; i < bytes.length && ok; i += 3) {
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 3));
            ok = shape.accept(chunk, chunk.length);
        }
        ok = ok && shape.finish();
        return ok ? shape.records() + " records" : shape.problem();
    }
}
