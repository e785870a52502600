package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * The raw lake: every received file, byte for byte and never modified, under
 * lake/raw/<dataset>/<business-date>/<feed-id>__<original-name>. Files arrive in lake/raw/_incoming first
 * (hashed while copied) and move to their dataset and date once those are known.
 */
final class RawLake {

    private final Path dataDir;

    RawLake(Path dataDir) {
        this.dataDir = dataDir;
    }

    record Received(Path path, String sha256, long size) {}

    Received receive(Path file, String feedId, String originalName) {
        Path incoming = dataDir.resolve("lake/raw/_incoming");
        Path target = incoming.resolve(feedId + "__" + safe(originalName));
        try {
            Files.createDirectories(incoming);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size;
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha); OutputStream out = Files.newOutputStream(target)) {
                size = in.transferTo(out);
            }
            return new Received(target, HexFormat.of().formatHex(sha.digest()), size);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new StockroomException(ErrorCode.FILE_NOT_FOUND, "File " + file + " does not exist. Check the path.", e);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new StockroomException(ErrorCode.FILE_UNREADABLE, "Cannot copy " + originalName + " into the raw lake: " + e.getMessage(), e);
        }
    }

    /** Moves a received file to its final place; returns the path relative to the data directory. */
    String file(Received received, String dataset, LocalDate businessDate) {
        Path dir = dataDir.resolve("lake/raw").resolve(dataset == null ? "_unknown" : dataset)
                .resolve(businessDate == null ? "undated" : businessDate.toString());
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(received.path().getFileName());
            Files.move(received.path(), target, StandardCopyOption.ATOMIC_MOVE);
            return dataDir.relativize(target).toString();
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Cannot file " + received.path() + " in the raw lake: " + e.getMessage(), e);
        }
    }

    Path resolve(String lakePath) {
        return dataDir.resolve(lakePath);
    }

    static String safe(String name) {
        String base = Path.of(name).getFileName().toString();
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
