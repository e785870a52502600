package io.stockroom.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large Windows-1252 export is decoded in a JVM whose heap is a fraction of the file: nothing holds it whole. */
class LargeFileDecodingTest {

    private static final long TARGET_BYTES = 100L << 20;
    private static final String HEAP = "-Xmx32m";

    @TempDir
    Path dir;

    @Test
    void hundredMegabyteLatin1FileDecodesInA32MegabyteHeap() throws Exception {
        Path csv = dir.resolve("sales_big.csv");
        long rows = writeLatin1(csv);
        assertThat(Files.size(csv)).isGreaterThan(TARGET_BYTES);

        Process child = new ProcessBuilder(
                        javaBinary(),
                        HEAP,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DecodeInSmallHeap.class.getName(),
                        csv.toString(),
                        dir.resolve("work").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();

        String[] result = out.lines().reduce((a, b) -> b).orElseThrow().split("\\|");
        assertThat(result[0]).isEqualTo("windows-1252");
        assertThat(result[1]).isEqualTo(";");
        assertThat(Long.parseLong(result[2])).isEqualTo(rows);
        Path readable = Path.of(result[3]);
        DecodedFile f = new DecodedFile(
                csv,
                "sales_big.csv",
                SourceFormat.CSV,
                readable,
                false,
                ';',
                false,
                "windows-1252",
                List.of("store_id", "sku", "name", "date", "units", "total"),
                rows,
                List.of(),
                false,
                List.of(),
                0L,
                List.of());
        EngineReader.Table t = EngineReader.query(
                "SELECT count(*), count(*) FILTER (WHERE name = 'Café crème Müller €') FROM "
                        + EngineReader.readCsvCall(f),
                true);
        assertThat(t.rows().get(0)).containsExactly(String.valueOf(rows), String.valueOf(rows));
        assertThat(t.rejects()).isZero();
    }

    private static long writeLatin1(Path csv) throws IOException {
        Charset cp1252 = Charset.forName("windows-1252");
        byte[] name = ";Café crème Müller €;2026-01-02;".getBytes(cp1252);
        long rows = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 20)) {
            out.write("store_id;sku;name;date;units;total\n".getBytes(cp1252));
            long written = 0;
            StringBuilder line = new StringBuilder(64);
            while (written <= TARGET_BYTES) {
                line.setLength(0);
                line.append('S').append(rows % 500).append(";SKU").append(rows);
                byte[] head = line.toString().getBytes(StandardCharsets.US_ASCII);
                line.setLength(0);
                line.append(rows % 9).append(';').append(rows % 1000).append(",50\n");
                byte[] tail = line.toString().getBytes(StandardCharsets.US_ASCII);
                out.write(head);
                out.write(name);
                out.write(tail);
                written += head.length + name.length + tail.length;
                rows++;
            }
        }
        return rows;
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
