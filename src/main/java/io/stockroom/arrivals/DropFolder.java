package io.stockroom.arrivals;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The drop folder the pipeline scans: files in <drop>/<YYYY-MM-DD>/ (and its sub-folders) belong to that business
 * date; files at the top level belong to whichever run sees them first. A file is picked up once (by path, size and
 * time), and read once however many links lead to it; what the scan does not read is said, with why ({@link #scan}).
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

    /** The folder scanned (stockroom.drop-dir). */
    public Path root() {
        return root;
    }

    /**
     * A file waiting in the drop folder.
     *
     * @param sameFileAs the other paths in the drop folder that lead to the same file (through a link): not read, and
     *     recorded as picked with it so that no later run reads the file again by one of them
     */
    public record Pending(
            Path file, String relative, LocalDate folderDate, long size, Instant modified, List<String> sameFileAs) {
        public Pending {
            sameFileAs = List.copyOf(sameFileAs);
        }

        /**
         * Whether the sender declared the file the complete slice of each store-day (or date) it holds by its name,
         * {@code <name>.complete.<ext>} ({@code sales_fix.complete.csv}, {@code sales.complete.csv.gz}): it loads as
         * {@code stockroom ingest --complete} does, replacing those slices, where a plain file only adds and updates.
         */
        public boolean declaredComplete() {
            return file.getFileName()
                    .toString()
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains(".complete.");
        }
    }

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
        return scan(upTo).pending();
    }

    /**
     * An entry of the drop folder that a scan does not read, and why (with what to do about it).
     *
     * @param nothingToFix nobody needs to act: a file still being written ({@code .part}, {@code .tmp}, read once
     *     renamed), or a second path to a file read by its first
     */
    public record Skipped(String relative, String why, boolean nothingToFix) {
        @Override
        public String toString() {
            return relative + " (" + why + ")";
        }
    }

    /** What a scan found: the files to read, and every entry it does not read (hidden ones aside). */
    public record Scan(List<Pending> pending, List<Skipped> skipped) {}

    /**
     * Walks the drop folder, following symbolic links (a drop folder, a date folder or a file may be a link to a
     * mount; a link back to a folder above it is reported, not followed round). Files in the folder of a date on or
     * before {@code upTo}, at any depth (drop/D/S001/sales.csv is a file of D), and at the top level are pending; a
     * folder named as a compact ISO date (20261201) is that date's. What is not read is said with why: a top-level
     * folder whose name is no date, a {@code .part}/{@code .tmp} file still being written, a broken link, an entry that
     * cannot be read. Hidden entries (a name starting with a dot) are passed over, as {@code stockroom ingest} does;
     * folders of later dates are not opened (a catch-up of months would otherwise list every later day's files on
     * every day).
     */
    public Scan scan(LocalDate upTo) {
        if (!Files.isDirectory(root)) {
            return new Scan(List.of(), List.of());
        }
        Walk walk = new Walk(upTo);
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, walk);
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE, "Cannot scan the drop folder " + root + ": " + e.getMessage(), e);
        }
        List<Pending> pending = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>(walk.skipped);
        Set<String> seen = picked();
        for (List<Pending> routes : sameFiles(walk.files)) {
            Pending read = routes.getFirst();
            boolean readBefore = routes.stream().anyMatch(p -> seen.contains(pickedKey(p)));
            if (routes.stream().allMatch(p -> seen.contains(pickedKey(p)))) {
                continue;
            }
            List<String> others = routes.stream().skip(1).map(Pending::relative).toList();
            if (!readBefore) {
                pending.add(new Pending(
                        read.file(), read.relative(), read.folderDate(), read.size(), read.modified(), others));
            }
            // a link to a sibling folder (a 'latest' beside the store folders, a compact date name kept beside the
            // date folder) reaches the same files again: read twice, each would make a second feed
            routes.stream()
                    .skip(1)
                    .filter(p -> !seen.contains(pickedKey(p)))
                    .forEach(p -> skipped.add(new Skipped(
                            p.relative(),
                            "reached twice, read once: the same file as " + read.relative()
                                    + (readBefore ? ", read by an earlier run" : "") + " (through a link)",
                            true)));
        }
        pending.sort(java.util.Comparator.comparing(Pending::file));
        skipped.sort(java.util.Comparator.comparing(Skipped::relative));
        return new Scan(pending, skipped);
    }

    /**
     * The files found, grouped by the file they are on disk ({@link Path#toRealPath}), each group's first the one to
     * read: the path that goes through no link inside the drop folder when there is one, else the first by name.
     */
    private List<List<Pending>> sameFiles(List<Pending> found) {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            realRoot = root;
        }
        java.util.Map<Path, List<Pending>> byReal = new java.util.LinkedHashMap<>();
        for (Pending p : found) {
            Path real;
            try {
                real = p.file().toRealPath();
            } catch (IOException e) {
                real = p.file(); // gone since the walk saw it: on its own, as found
            }
            byReal.computeIfAbsent(real, k -> new ArrayList<>()).add(p);
        }
        Path base = realRoot;
        List<List<Pending>> out = new ArrayList<>();
        for (java.util.Map.Entry<Path, List<Pending>> e : byReal.entrySet()) {
            List<Pending> routes = new ArrayList<>(e.getValue());
            routes.sort(java.util.Comparator.comparing(
                            (Pending p) -> !base.resolve(p.relative()).equals(e.getKey()))
                    .thenComparing(Pending::relative));
            out.add(routes);
        }
        return out;
    }

    private static String pickedKey(Pending p) {
        return p.relative() + "|" + p.size() + "|" + p.modified().toEpochMilli();
    }

    /** One scan's walk: what it reads and what it does not, by the rules of {@link #scan}. */
    private final class Walk extends SimpleFileVisitor<Path> {
        private final LocalDate upTo;
        /** Every readable file found, by each path that leads to it (picked up before or not). */
        private final List<Pending> files = new ArrayList<>();

        private final List<Skipped> skipped = new ArrayList<>();

        Walk(LocalDate upTo) {
            this.upTo = upTo;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
            }
            String name = dir.getFileName().toString();
            if (name.startsWith(".")) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            Path rel = root.relativize(dir);
            if (rel.getNameCount() > 1) {
                return FileVisitResult.CONTINUE; // a sub-folder of a date folder: its files are of that date
            }
            LocalDate folderDate = folderDate(name);
            if (folderDate == null) {
                skipped.add(new Skipped(key(rel) + "/", notADate(name), false));
                return FileVisitResult.SKIP_SUBTREE;
            }
            return folderDate.isAfter(upTo) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            String name = f.getFileName().toString();
            if (name.startsWith(".")) {
                return FileVisitResult.CONTINUE;
            }
            Path rel = root.relativize(f);
            String key = key(rel);
            if (attrs.isSymbolicLink()) {
                // following it failed: the file it names is gone or out of reach
                skipped.add(new Skipped(key, "a link to a file that is not there: fix or remove the link", false));
            } else if (!attrs.isRegularFile()) {
                skipped.add(new Skipped(key, "not a regular file: drop the data as a file", false));
            } else if (name.endsWith(".part") || name.endsWith(".tmp")) {
                skipped.add(new Skipped(key, "still being written: a .part or .tmp file is read once renamed", true));
            } else {
                LocalDate folderDate =
                        rel.getNameCount() > 1 ? folderDate(rel.getName(0).toString()) : null;
                files.add(new Pending(
                        f,
                        key,
                        folderDate,
                        attrs.size(),
                        attrs.lastModifiedTime().toInstant(),
                        List.of()));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
            if (f.equals(root)) {
                throw e;
            }
            String key = key(root.relativize(f));
            skipped.add(
                    e instanceof FileSystemLoopException
                            ? new Skipped(key + "/", "a link to a folder above it: not followed, it would loop", false)
                            : new Skipped(key, "cannot be read (" + e + "): check its permissions", false));
            return FileVisitResult.CONTINUE;
        }
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

    /**
     * What the drop folder holds that no run of {@code date} reads and that needs a hand (files still being written
     * aside): a date folder named 2026-12-1 may hold the very data an alert would ask the sender for.
     */
    public List<Skipped> notRead(LocalDate date) {
        return scan(date).skipped().stream().filter(n -> !n.nothingToFix()).toList();
    }

    private static String key(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    private static final Pattern COMPACT_DATE = Pattern.compile("\\d{8}");
    private static final Pattern LOOSE_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");

    /**
     * The business date a top-level folder is named after, or null when it is not a date folder: YYYY-MM-DD, or the
     * same date without its dashes (20261201), which ISO 8601 writes the same date as and nothing else.
     */
    static LocalDate folderDate(String name) {
        try {
            return COMPACT_DATE.matcher(name).matches()
                    ? LocalDate.parse(name, DateTimeFormatter.BASIC_ISO_DATE)
                    : LocalDate.parse(name);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Why a top-level folder is not read, with its right name when it is plainly a date written without its leading
     * zeros (2026-12-1): the scan does not guess that; renaming it is one command.
     */
    static String notADate(String name) {
        Matcher loose = LOOSE_DATE.matcher(name);
        if (loose.matches()) {
            try {
                LocalDate d = LocalDate.of(
                        Integer.parseInt(loose.group(1)),
                        Integer.parseInt(loose.group(2)),
                        Integer.parseInt(loose.group(3)));
                return "not a YYYY-MM-DD date folder: rename it " + d + " to have its files read for " + d;
            } catch (java.time.DateTimeException e) {
                // not a day of the calendar: said below
            }
        }
        return "not a date folder: files are read from the top of the drop folder and from folders named"
                + " YYYY-MM-DD; move them into the folder of their date";
    }

    /** A file the run ingested, and the feed it became. */
    public record Picked(Pending file, String feedId) {}

    /** Records the files a run picked up, by every path that leads to each, in one transaction. */
    public void markPicked(List<Picked> picked, String runId) {
        if (picked.isEmpty()) {
            return;
        }
        warehouse.inTransaction(c -> {
            JdbcClient jdbc = Sql.on(c);
            for (Picked f : picked) {
                Pending read = f.file();
                List<String> paths = new ArrayList<>(List.of(read.relative()));
                paths.addAll(read.sameFileAs());
                for (String path : paths) {
                    Pending p =
                            new Pending(read.file(), path, read.folderDate(), read.size(), read.modified(), List.of());
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
