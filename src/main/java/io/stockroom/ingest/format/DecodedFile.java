package io.stockroom.ingest.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public record DecodedFile(
        Path source,
        String originalName,
        SourceFormat format,
        Path readable,
        boolean parquet,
        char delimiter,
        boolean gzip,
        String sourceEncoding,
        List<String> header,
        long dataLinesEstimate,
        List<String> notes) {

    public void deleteTemporaryFiles() {
        if (!readable.equals(source)) {
            try {
                Files.deleteIfExists(readable);
            } catch (IOException ignored) {
                // best effort: the work directory is cleaned on the next start
            }
        }
    }
}
