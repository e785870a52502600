package io.stockroom.ingest.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/** The streaming passes give the same answer however the file's bytes are cut into reads. */
class StreamingPiecesTest {

    private static final String CSV =
            "\r\n ,\r\nsku,name,note\r\nA1,\"Mug, \"\"red\"\"\",\"two\r\nlines\"\r\n\r\nB2,plain,\"\"\r\n,,\nC3,é,x";

    @Test
    void recordScannerKeepsItsPlaceAcrossChunks() {
        byte[] bytes = CSV.getBytes(UTF_8);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            RecordScanner scanner = new RecordScanner(',');
            for (int off = 0; off < bytes.length; off += chunk) {
                scanner.update(bytes, off, Math.min(chunk, bytes.length - off));
            }
            assertThat(scanner.finish()).isZero();
            assertThat(scanner.records).as("chunk %d", chunk).isEqualTo(4);
            assertThat(scanner.blankLinesBeforeHeader).isEqualTo(2);
            assertThat(scanner.headerOffset).isEqualTo(6);
            assertThat(scanner.quotedNewlines).isTrue();
        }
    }

    @Test
    void lenientTranscodingKeepsUtf8AndReadsOtherBytesAsWindows1252EvenWhenReadsSplitSequences() throws IOException {
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        mixed.writeBytes("Zoë €5 ".getBytes(UTF_8));
        mixed.writeBytes("Café €5".getBytes(Charset.forName("windows-1252")));
        mixed.writeBytes(new byte[] {(byte) 0xE2, (byte) 0x82}); // a UTF-8 sequence cut off by the end of the file

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8.transcodeLenient(oneByteAtATime(mixed.toByteArray()), out);

        assertThat(out.toString(UTF_8)).isEqualTo("Zoë €5 Café €5â‚");
    }

    @Test
    void validatorCountsOnlyBytesThatAreNotUtf8() {
        byte[] bytes = "ok é € 𝄞 ".getBytes(UTF_8);
        byte[] withBad = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, withBad, 0, bytes.length);
        withBad[bytes.length] = (byte) 0xC0; // overlong lead
        withBad[bytes.length + 1] = (byte) 0xAF;
        withBad[bytes.length + 2] = (byte) 0xED; // surrogate lead cut at the end

        Utf8.Validator validator = new Utf8.Validator();
        assertThat(validator.update(withBad, withBad.length, true)).isEqualTo(withBad.length);

        assertThat(validator.invalidBytes).isEqualTo(3);
        assertThat(validator.multiByteSequences).isEqualTo(3);
    }

    @Test
    void validatorFindsEveryByteThatIsNotAsciiWhereverItFallsInARunOfAscii() {
        // the validator skips ASCII eight bytes at a time: a sequence or a bad byte at any offset must still be seen
        for (int at = 0; at < 24; at++) {
            for (int tail = 0; tail < 10; tail++) {
                byte[] bytes = ("x".repeat(at) + "é" + "y".repeat(tail)).getBytes(UTF_8);
                Utf8.Validator valid = new Utf8.Validator();
                assertThat(valid.update(bytes, bytes.length, true)).isEqualTo(bytes.length);
                assertThat(valid.multiByteSequences).as("é after %d bytes", at).isEqualTo(1);
                assertThat(valid.invalidBytes).isZero();

                bytes[at] = (byte) 0xE9; // é in Windows-1252, then its own former continuation byte: two bad bytes
                Utf8.Validator invalid = new Utf8.Validator();
                assertThat(invalid.update(bytes, bytes.length, true)).isEqualTo(bytes.length);
                assertThat(invalid.invalidBytes).as("0xE9 after %d bytes", at).isEqualTo(2);
                assertThat(invalid.multiByteSequences).isZero();
            }
        }
    }

    private static InputStream oneByteAtATime(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }
}
