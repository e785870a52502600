package io.stockroom.arrivals;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The drop folder the pipeline scans: files in <drop>/<YYYY-MM-DD>/ belong to that business date; files at
 * the top level belong to whichever run sees them first. A file is picked up once (by path, size and time).
 * The SLA check reads it too: a deadline missed by files that arrived but were not loaded is not the sender's.
 */
public final class DropFolder {

    private final Path root;
    private final Warehouse warehouse;
    /** How long a file must stay unchanged to count as complete (stockroom.drop-settle-time). */
    private final Duration quiet;

    public DropFolder(Path root, Warehouse warehouse, Duration quiet) {
        this.root = root;
        this.warehouse = warehouse;
        this.quiet = quiet == null ? QUIET : quiet;
    }

    /** A file waiting in the drop folder. */
    public record Pending(Path file, String relative, LocalDate folderDate, long size, Instant modified) {}

    /**
     * How long a file must stay unchanged to count as complete, by default. A file copied in with its final name (an
     * SFTP upload, a {@code cp} from a share) is there while it is still being written; picked up then, its rows so far
     * load as if they were the whole file and the run counts the day as arrived. Local writers append far more often
     * than this; a slow link's can stall longer, for which stockroom.drop-settle-time is raised.
     */
    static final Duration QUIET = Duration.ofMillis(500);

    /** The pending files ready to load, and those still being written (left for the next run). */
    public record Settled(List<Pending> ready, List<Pending> stillWritten) {}

    /**
     * Splits {@code pending} into the files that are complete and those still being written: a file modified less than
     * the settle time ago is looked at again once it is that old (one wait for all of them, at most the settle time),
     * and one whose size or modification time changed meanwhile is left for the next run.
     */
    public Settled settled(List<Pending> pending) {
        Instant now = Instant.now();
        Instant newest = pending.stream()
                .map(Pending::modified)
                .filter(m -> m.isAfter(now.minus(quiet)))
                .max(Instant::compareTo)
                .orElse(null);
        if (newest == null) {
            return new Settled(pending, List.of());
        }
        long wait = Math.min(
                quiet.toMillis(), Duration.between(now, newest.plus(quiet)).toMillis());
        try {
            Thread.sleep(Math.max(0, wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StockroomException(ErrorCode.INTERNAL, "Interrupted while waiting for files to be complete", e);
        }
        List<Pending> ready = new ArrayList<>();
        List<Pending> stillWritten = new ArrayList<>();
        for (Pending p : pending) {
            if (!p.modified().isAfter(now.minus(quiet)) || unchanged(p)) {
                ready.add(p);
            } else {
                stillWritten.add(p);
            }
        }
        return new Settled(ready, stillWritten);
    }

    private static boolean unchanged(Pending p) {
        try {
            BasicFileAttributes now = Files.readAttributes(p.file(), BasicFileAttributes.class);
            return now.size() == p.size()
                    && now.lastModifiedTime().toInstant().toEpochMilli()
                            == p.modified().toEpochMilli();
        } catch (IOException e) {
            return false; // moved or removed while we looked: the next scan sees what is there
        }
    }

    /** Files not yet picked up whose folder date is on or before the run's date (plus top-level files). */
    public List<Pending> pending(LocalDate upTo) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Set<String> seen = picked();
        List<Pending> out = new ArrayList<>();
        try {
            // one walk with the attributes it reads anyway; folders of later dates are not opened (a catch-up of
            // months would otherwise list every later day's files on every day)
            Files.walkFileTree(root, Set.of(), 2, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    LocalDate folderDate = folderDate(dir);
                    return folderDate == null || folderDate.isAfter(upTo)
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    String name = f.getFileName().toString();
                    if (!attrs.isRegularFile()
                            || name.startsWith(".")
                            || name.endsWith(".part")
                            || name.endsWith(".tmp")) {
                        return FileVisitResult.CONTINUE; // still being written, or not a file
                    }
                    Path rel = root.relativize(f);
                    LocalDate folderDate = rel.getNameCount() == 2 ? folderDate(f.getParent()) : null;
                    long size = attrs.size();
                    Instant modified = attrs.lastModifiedTime().toInstant();
                    String key = rel.toString().replace('\\', '/');
                    if (!seen.contains(key + "|" + size + "|" + modified.toEpochMilli())) {
                        out.add(new Pending(f, key, folderDate, size, modified));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE, "Cannot scan the drop folder " + root + ": " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(Pending::file));
        return out;
    }

    /**
     * Files that arrived for {@code date} and no run has picked up: those in its date folder and those at the top
     * level (which the next run takes as its own). Their dataset is not known before a run reads them.
     */
    public List<Pending> waiting(LocalDate date) {
        return pending(date).stream()
                .filter(p -> p.folderDate() == null || p.folderDate().equals(date))
                .toList();
    }

    /** The business date a folder of the drop folder is named after, or null when it is not a date folder (not ours). */
    private static LocalDate folderDate(Path dir) {
        try {
            return LocalDate.parse(dir.getFileName().toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A file the run ingested, and the feed it became. */
    public record Picked(Pending file, String feedId) {}

    /** Records the files a run picked up, in one transaction. */
    public void markPicked(List<Picked> picked, String runId) {
        if (picked.isEmpty()) {
            return;
        }
        warehouse.inTransaction(c -> {
            JdbcClient jdbc = Sql.on(c);
            for (Picked f : picked) {
                Pending p = f.file();
                jdbc.sql("INSERT INTO drop_files VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
                                + "size_bytes = EXCLUDED.size_bytes, modified_at = EXCLUDED.modified_at, feed_id = EXCLUDED.feed_id, run_id = EXCLUDED.run_id, "
                                + "picked_at = EXCLUDED.picked_at")
                        .param(Sql.text(p.relative()))
                        .param(p.size())
                        .param(Sql.instant(Instant.ofEpochMilli(p.modified().toEpochMilli())))
                        .param(Sql.text(f.feedId()))
                        .param(Sql.text(runId))
                        .param(Sql.instant(Instant.now()))
                        .update();
            }
            return null;
        });
    }

    private Set<String> picked() {
        return warehouse.withConnection(c -> {
            Set<String> out = new HashSet<>();
            Sql.on(c)
                    .sql("SELECT path, size_bytes, modified_at FROM drop_files")
                    .query((ResultSet r) -> {
                        out.add(r.getString(1) + "|" + r.getLong(2) + "|"
                                + Sql.instant(r, 3).toEpochMilli());
                    });
            return out;
        });
    }
}
