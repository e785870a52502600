package io.stockroom.ingest.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Names and creates the files the decoder writes in its work directory. */
final class WorkFiles {

    private final Path dir;

    WorkFiles(Path dir) {
        this.dir = dir;
    }

    /** A new empty file named after the received one, e.g. {@code sales_2026-01-02.csv-4711.csv}. */
    Path create(String originalName, String suffix) throws IOException {
        Files.createDirectories(dir);
        String base = originalName.replaceAll(".*[/\\\\]", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.length() > 60) {
            base = base.substring(0, 60);
        }
        return Files.createTempFile(dir, base + "-", suffix);
    }
}
