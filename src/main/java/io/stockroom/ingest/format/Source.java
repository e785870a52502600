package io.stockroom.ingest.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** A file on disk and whether its bytes must be gunzipped before they are read. */
record Source(Path path, boolean gzip) {

    private static final int BUFFER = 1 << 16;

    /** The content as a stream, decompressed when the file is gzip. */
    InputStream open() throws IOException {
        InputStream raw = Files.newInputStream(path);
        try {
            return gzip ? new GZIPInputStream(raw, BUFFER) : new BufferedInputStream(raw, BUFFER);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }
}
