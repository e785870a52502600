package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The raw lake: every received file, byte for byte and never modified, under
 * lake/raw/<dataset>/<business-date>/<feed-id>__<original-name>. Files arrive in lake/raw/_incoming first
 * (hashed while copied, as a {@code .part} file renamed when complete, so a file there without that suffix is
 * whole) and move to their dataset and date once those are known. Files are made read-only once complete: the
 * lake is append-only, and a replay checks each file's SHA-256 against the manifest.
 */
final class RawLake {

    static final String INCOMING = "lake/raw/_incoming";
    static final String PART = ".part";
    private static final Set<PosixFilePermission> READ_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path dataDir;

    RawLake(Path dataDir) {
        this.dataDir = dataDir;
    }

    record Received(Path path, String sha256, long size) {}

    Received receive(Path file, String feedId, String originalName) {
        return receive(file, feedId, originalName, false);
    }

    /**
     * Copies a file into the lake's incoming folder, hashing it on the way.
     *
     * @param sync force the bytes to disk before returning: for a file whose receipt is acknowledged before it is
     *     loaded (an upload answered with 202), so the acknowledgement survives a crash of the machine too
     */
    Received receive(Path file, String feedId, String originalName, boolean sync) {
        Path incoming = dataDir.resolve(INCOMING);
        Path target = incoming.resolve(fileName(feedId, originalName));
        Path part = incoming.resolve(target.getFileName() + PART);
        try {
            Files.createDirectories(incoming);
            if (Files.isRegularFile(file)) {
                // the kernel copies (copy_file_range), then the copy itself is hashed: 310 MB in ~85 + ~240 ms against
                // ~430 ms hashed on the way through the JVM, and the hash is of the bytes the lake holds
                Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
            } else { // a pipe or another special file: its bytes, not the file
                try (InputStream in = Files.newInputStream(file);
                        OutputStream out = Files.newOutputStream(part)) {
                    in.transferTo(out);
                }
            }
            Hashed hashed = sha256(part);
            if (sync) {
                try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            readOnly(target);
            return new Received(target, hashed.sha256(), hashed.size());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND, "File " + file + " does not exist. Check the path.", e);
        } catch (IOException | NoSuchAlgorithmException e) {
            if (e instanceof IOException io && lakeSide(io, file)) {
                Path lake = dataDir.resolve("lake").toAbsolutePath().normalize();
                throw new StockroomException(
                        ErrorCode.LAKE_NOT_WRITABLE,
                        "Cannot copy " + originalName + " into the raw lake: " + e.getMessage() + ". The file is not"
                                + " at fault: make " + lake + " writable by the user running Stockroom (a read-only"
                                + " mount remounted read-write, the owner changed, a file in the place of a folder"
                                + " removed) and free space there if the disk is full, then run the date again.",
                        e);
            }
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE,
                    "Cannot copy " + originalName + " into the raw lake: " + e.getMessage(),
                    e);
        }
    }

    /** Whether a failed copy failed on the lake's side (writing), not on reading the file sent. */
    private boolean lakeSide(IOException e, Path source) {
        if (String.valueOf(e.getMessage()).contains("No space left")) {
            return true;
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            Path failed = Path.of(fs.getFile()).toAbsolutePath().normalize();
            return failed.startsWith(dataDir.resolve("lake").toAbsolutePath().normalize())
                    && !failed.equals(source.toAbsolutePath().normalize());
        }
        return false;
    }

    static String fileName(String feedId, String originalName) {
        return feedId + "__" + safe(originalName);
    }

    /** Moves a received file to its final place; returns the path relative to the data directory. */
    String file(Received received, String dataset, LocalDate businessDate) {
        Path dir = dataDir.resolve("lake/raw")
                .resolve(dataset == null ? "_unknown" : dataset)
                .resolve(businessDate == null ? "undated" : businessDate.toString());
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(received.path().getFileName());
            if (!received.path().equals(target)) {
                Files.move(received.path(), target, StandardCopyOption.ATOMIC_MOVE);
            }
            return dataDir.relativize(target).toString();
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR,
                    "Cannot file " + received.path() + " in the raw lake: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Where a received file is filed already, when it has left the incoming folder: a load files it under the date its
     * rows give before it commits, so a load that then fails left it there. Its name (the feed's id first) is the
     * lake's only file of that name; the path is relative to the data directory.
     */
    Optional<String> filed(Received received, String dataset) {
        if (Files.exists(received.path())) {
            return Optional.empty();
        }
        Path datasetDir = dataDir.resolve("lake/raw").resolve(dataset == null ? "_unknown" : dataset);
        if (!Files.isDirectory(datasetDir)) {
            return Optional.empty();
        }
        try (Stream<Path> dates = Files.list(datasetDir)) {
            return dates.map(d -> d.resolve(received.path().getFileName()))
                    .filter(Files::isRegularFile)
                    .map(p -> dataDir.relativize(p).toString())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Path resolve(String lakePath) {
        return dataDir.resolve(lakePath);
    }

    /**
     * Checks a lake file against the SHA-256 its manifest row recorded when it was received; a changed or missing
     * file is refused with a message naming the file and what to do.
     */
    Received verify(String lakePath, String expectedSha256, String feedId) {
        Path raw = resolve(lakePath);
        Hashed hashed;
        try {
            hashed = sha256(raw);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND,
                    "The raw file " + lakePath + " of feed " + feedId
                            + " is missing from the lake. Restore it from backup to replay.",
                    e);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE,
                    "Cannot read the raw file " + lakePath + " of feed " + feedId + ": " + e.getMessage(),
                    e);
        }
        String actual = hashed.sha256();
        if (expectedSha256 != null && !expectedSha256.equals(actual)) {
            throw new StockroomException(
                    ErrorCode.RAW_FILE_CHANGED,
                    "The raw file " + lakePath + " of feed " + feedId
                            + " has changed since it was received (SHA-256 is now " + actual
                            + ", the manifest recorded " + expectedSha256
                            + "). The raw lake is append-only: restore the original file from backup to replay, or send the corrected data as a new file "
                            + "(stockroom ingest, or the drop folder) instead of editing the lake.");
        }
        return new Received(raw, actual, hashed.size());
    }

    private record Hashed(String sha256, long size) {}

    /** The SHA-256 and size of a file, read in 1 MB blocks. */
    private static Hashed sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] block = new byte[1 << 20];
            for (int n; (n = in.read(block)) > 0; ) {
                sha.update(block, 0, n);
                size += n;
            }
        }
        return new Hashed(HexFormat.of().formatHex(sha.digest()), size);
    }

    /** Every file of the lake, relative to the data directory (partial copies included). */
    List<String> files() {
        Path root = dataDir.resolve("lake/raw");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> dataDir.relativize(p).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Cannot list the raw lake: " + e.getMessage(), e);
        }
    }

    /** Makes a lake file read-only (where the file system has POSIX permissions). */
    static void readOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, READ_ONLY);
        } catch (UnsupportedOperationException e) {
            file.toFile().setReadOnly();
        }
    }

    static String safe(String name) {
        String base = Path.of(name).getFileName().toString();
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
