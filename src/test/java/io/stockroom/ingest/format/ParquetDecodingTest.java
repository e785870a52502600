package io.stockroom.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet is passed to the engine as it is; only a gzip wrapper is taken off. */
class ParquetDecodingTest {

    @TempDir
    Path dir;

    private Path parquet;

    @BeforeEach
    void writeParquet() {
        parquet = dir.resolve("sales.parquet");
        EngineReader.execute(
                "COPY (SELECT * FROM (VALUES ('S1', 'A1', 3), ('S2', 'B2', 5)) t(store_id, sku, units_sold)) TO "
                        + EngineReader.quote(parquet.toString()) + " (FORMAT parquet)");
    }

    private DecodedFile decode(Path file, String name) {
        return new FileDecoder(dir.resolve("work")).decode(file, name, null);
    }

    @Test
    void parquetPassesThrough() {
        DecodedFile f = decode(parquet, "sales.parquet");

        assertThat(f.format()).isEqualTo(SourceFormat.PARQUET);
        assertThat(f.parquet()).isTrue();
        assertThat(f.readable()).isEqualTo(parquet);
        assertThat(f.header()).isEmpty();
        assertThat(f.dataLinesEstimate()).isEqualTo(-1);
        EngineReader.Table t = EngineReader.read(f);
        assertThat(t.columns()).containsExactly("store_id", "sku", "units_sold");
        assertThat(t.rows()).containsExactly(List.of("S1", "A1", "3"), List.of("S2", "B2", "5"));
    }

    @Test
    void parquetIsKnownByItsContentWhateverItsName() {
        assertThat(decode(parquet, "sales.csv").format()).isEqualTo(SourceFormat.PARQUET);
    }

    @Test
    void gzippedParquetIsDecompressedForTheEngine() throws IOException {
        Path gz = dir.resolve("sales.parquet.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(parquet, out);
        }

        DecodedFile f = decode(gz, "sales.parquet.gz");

        assertThat(f.parquet()).isTrue();
        assertThat(f.source()).isEqualTo(gz);
        assertThat(EngineReader.read(f).rows()).hasSize(2);
        f.deleteTemporaryFiles();
        assertThat(f.readable()).doesNotExist();
    }

    @Test
    void truncatedParquetIsUnreadable() throws IOException {
        byte[] bytes = Files.readAllBytes(parquet);
        Path cut = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length - 10));

        assertThatThrownBy(() -> decode(cut, "cut.parquet"))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("truncated Parquet")
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.FILE_UNREADABLE));
    }
}
