package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.contract.Contract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery at start: settles the feeds a stopped process left unfinished (resumed from their raw file, or
 * failed as interrupted) and reconciles the raw lake with its manifest.
 */
final class FeedRecovery {

    private static final Logger log = LoggerFactory.getLogger(FeedRecovery.class);

    /** Transforms a received feed under its own id, as the orchestrator does. */
    @FunctionalInterface
    interface Transform {
        FeedResult apply(String feedId, RawLake.Received received, IngestRequest request);
    }

    private final FeedStore feeds;
    private final RawLake lake;
    private final Path dataDir;
    private final DatasetDetector detector;
    private final UnloadedFeeds unloaded;
    private final Transform transform;

    FeedRecovery(
            FeedStore feeds,
            RawLake lake,
            Path dataDir,
            DatasetDetector detector,
            UnloadedFeeds unloaded,
            Transform transform) {
        this.feeds = feeds;
        this.lake = lake;
        this.dataDir = dataDir;
        this.detector = detector;
        this.unloaded = unloaded;
        this.transform = transform;
    }

    /**
     * Settles every feed left {@code processing}, {@code queued} or {@code transforming} by a process that stopped (a
     * crash, kill -9, power loss). Call it once at start, before anything else ingests. A feed whose complete raw
     * file is in the lake and that no run picked up (an upload answered 202, the batch API, {@code stockroom ingest})
     * is transformed again from that file under its own id: nothing it was acknowledged for is lost. A feed of a run
     * or a replay fails with the reason (the run is marked failed too; running the date again picks its file up), as
     * does one whose bytes never reached the lake completely. The load transaction was never committed in either
     * case, so nothing of it is in the warehouse. A feed that another live process works on (several processes on a
     * PostgreSQL warehouse) is left to it.
     */
    List<IngestService.Recovered> recoverUnfinished() {
        List<IngestService.Recovered> out = new ArrayList<>();
        for (FeedStore.Unfinished f : feeds.abandoned()) {
            IngestRequest request = f.request();
            Optional<Path> raw =
                    request.replayOf() != null ? Optional.empty() : completeRawFile(f.feedId(), request.originalName());
            FeedResult result;
            boolean resumed = false;
            if (f.runId() != null || request.replayOf() != null) {
                String what = request.replayOf() != null ? "replaying feed " + request.replayOf() : "loading it";
                result = interrupted(
                        f,
                        request,
                        raw,
                        "Stockroom stopped while " + what + " in run " + f.runId() + "; nothing of it was committed. "
                                + "The run is marked failed: run the date again (stockroom run / replay) to load the file.");
            } else if (raw.isEmpty()) {
                result = interrupted(
                        f,
                        request,
                        raw,
                        "Stockroom stopped while receiving " + request.originalName() + ", before its bytes were "
                                + "complete in the raw lake; nothing was loaded. Send the file again.");
            } else {
                log.warn(
                        "feed {} ({}) was {} when Stockroom stopped: transforming it again from its raw file {}",
                        f.feedId(),
                        request.originalName(),
                        f.status().wire(),
                        dataDir.relativize(raw.get()));
                RawLake.Received received =
                        lake.verify(dataDir.relativize(raw.get()).toString(), f.sha256(), f.feedId());
                result = transform.apply(f.feedId(), received, request);
                resumed = true;
            }
            feeds.audit(
                    "recover",
                    "feed",
                    f.feedId(),
                    result.status().wire(),
                    resumed
                            ? "resumed after a restart from its raw file: "
                                    + result.status().wire()
                            : result.summary().error().message());
            out.add(new IngestService.Recovered(
                    f.feedId(), f.source(), f.runId(), f.status(), result, resumed, request.originalName()));
        }
        return out;
    }

    private FeedResult interrupted(FeedStore.Unfinished f, IngestRequest request, Optional<Path> raw, String message) {
        log.warn(
                "feed {} ({}) was {} when Stockroom stopped: marked failed",
                f.feedId(),
                request.originalName(),
                f.status().wire());
        RawLake.Received received = null;
        String sha = null;
        if (raw.isPresent()) {
            received = lake.verify(dataDir.relativize(raw.get()).toString(), null, f.feedId());
            sha = received.sha256();
        }
        // a drop feed is interrupted before its dataset is detected: its file name usually says it (sales.csv)
        String dataset = request.dataset() != null
                ? request.dataset()
                : detector.byName(request.originalName()).map(Contract::dataset).orElse(null);
        return unloaded.failed(
                f.feedId(),
                dataset,
                request.businessDate(),
                request,
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                received,
                null,
                sha,
                Instant.now(),
                ErrorCode.INTERRUPTED,
                message,
                null);
    }

    /** The feed's raw file if the lake holds it complete (in _incoming or already filed under its dataset and date). */
    private Optional<Path> completeRawFile(String feedId, String originalName) {
        String name = RawLake.fileName(feedId, originalName);
        return lake.files().stream()
                .map(lake::resolve)
                .filter(p -> p.getFileName().toString().equals(name))
                .findFirst();
    }

    /**
     * Whether a manifest row names a place where its file is not, while the lake holds a file of the same name (the
     * feed's id first, so no other feed's) with the SHA-256 the row recorded, at {@code path}.
     */
    private boolean misplaced(FeedStore.ManifestEntry entry, String path) {
        if (Files.exists(lake.resolve(entry.lakePath()))
                || !Path.of(entry.lakePath()).getFileName().equals(Path.of(path).getFileName())) {
            return false;
        }
        try {
            lake.verify(path, entry.sha256(), entry.feedId());
            return true;
        } catch (io.stockroom.StockroomException changed) {
            return false;
        }
    }

    /**
     * Reconciles the raw lake with the manifest after a crash: a complete file of a finished feed that has no manifest
     * row gets one; a partial copy ({@code .part}, from a process that stopped mid-copy) is removed, its source still
     * has the bytes; a manifest row that names another place than its file (same name, same SHA-256) is pointed at it;
     * a file of no known feed is left in place and reported; a manifest row whose file is gone is reported (restore it
     * from backup; a replay that needs it refuses). Every finding goes to the log and the audit log.
     */
    IngestService.LakeReport reconcileLake() {
        Map<String, FeedStore.ManifestEntry> byPath = new LinkedHashMap<>();
        feeds.manifest().forEach(m -> byPath.put(m.lakePath(), m));
        List<String> added = new ArrayList<>();
        List<String> corrected = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<String> onDisk = new java.util.HashSet<>();
        for (String path : lake.files()) {
            onDisk.add(path);
            if (byPath.containsKey(path)) {
                continue;
            }
            String name = Path.of(path).getFileName().toString();
            int sep = name.indexOf("__");
            if (sep > 0 && feeds.inHandsOfAnotherProcess(name.substring(0, sep))) {
                continue; // a live process is copying or has just copied it (a PostgreSQL warehouse's other process)
            }
            if (name.endsWith(RawLake.PART)) {
                try {
                    Files.deleteIfExists(lake.resolve(path));
                    partial.add(path);
                } catch (IOException e) {
                    log.warn("cannot remove the partial lake file {}: {}", path, e.getMessage());
                }
                continue;
            }
            Optional<FeedStore.Feed> feed = sep < 0 ? Optional.empty() : feeds.find(name.substring(0, sep));
            Optional<FeedStore.ManifestEntry> entry = feed.flatMap(f -> feeds.manifest(f.feedId()));
            if (entry.isPresent() && misplaced(entry.get(), path)) {
                // a load that failed after filing its file once recorded the incoming folder as its place
                feeds.moveManifest(entry.get().feedId(), path);
                byPath.remove(entry.get().lakePath());
                corrected.add(path);
            } else if (feed.isPresent() && feed.get().status().isFinal() && entry.isEmpty()) {
                RawLake.Received r = lake.verify(path, null, feed.get().feedId());
                feeds.addManifest(
                        feed.get().feedId(),
                        new FeedStore.Manifest(
                                path,
                                r.sha256(),
                                r.size(),
                                feed.get().source(),
                                feed.get().createdAt()));
                added.add(path);
            } else {
                unknown.add(path);
            }
        }
        byPath.keySet().stream().filter(p -> !onDisk.contains(p)).forEach(missing::add);
        IngestService.LakeReport report = new IngestService.LakeReport(added, corrected, partial, unknown, missing);
        if (!report.clean()) {
            String text = String.format(
                    "raw lake reconciled with the manifest: %d manifest rows added %s; %d manifest rows pointed at "
                            + "their file %s; %d partial copies removed %s; %d files of no known feed left in place %s; "
                            + "%d manifest rows whose file is missing (restore them from backup) %s",
                    added.size(),
                    added,
                    corrected.size(),
                    corrected,
                    partial.size(),
                    partial,
                    unknown.size(),
                    unknown,
                    missing.size(),
                    missing);
            log.warn(text);
            feeds.audit(
                    "reconcile",
                    "lake",
                    "lake/raw",
                    missing.isEmpty() && unknown.isEmpty() ? "succeeded" : "warning",
                    text);
        }
        return report;
    }
}
