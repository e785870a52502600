package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.Contract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The receive step: takes a feed's file into the raw lake, finds the raw file again for a replay or reload, checks it
 * still has the bytes it was received with, and files it under its dataset and date.
 */
final class FileReceiver {

    private final FeedStore feeds;
    private final RawLake lake;

    FileReceiver(FeedStore feeds, RawLake lake) {
        this.feeds = feeds;
        this.lake = lake;
    }

    /** Copies the file into the lake; a replay instead finds the original feed's raw file, which must still exist. */
    RawLake.Received receive(String feedId, Path file, IngestRequest request) {
        if (request.replayOf() != null) {
            // the replay checked every file's SHA-256 before re-reading any (verifyRaw); here it only has to exist
            FeedStore.ManifestEntry entry = feeds.manifest(request.replayOf())
                    .orElseThrow(() -> new StockroomException(
                            ErrorCode.NOT_FOUND,
                            "Feed " + request.replayOf()
                                    + " has no raw file in the lake manifest, so it cannot be replayed."));
            Path raw = lake.resolve(entry.lakePath());
            try {
                return new RawLake.Received(raw, null, Files.size(raw));
            } catch (IOException e) {
                throw new StockroomException(
                        ErrorCode.FILE_NOT_FOUND,
                        "The raw file " + entry.lakePath() + " of feed " + request.replayOf()
                                + " is missing from the lake. Restore it from backup to replay.",
                        e);
            }
        }
        return lake.receive(file, feedId, request.originalName());
    }

    /** The raw file of a feed to load again; throws when the manifest has no row for it or the lake lost the file. */
    Path rawToReload(String feedId) {
        String lakePath = feeds.manifest(feedId)
                .map(FeedStore.ManifestEntry::lakePath)
                .orElseThrow(
                        () -> new StockroomException(
                                ErrorCode.NOT_FOUND,
                                "Feed " + feedId
                                        + " has no raw file in the lake manifest, so it cannot be reloaded; send the file again with force."));
        Path raw = lake.resolve(lakePath);
        if (!Files.isRegularFile(raw)) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND,
                    "The raw file " + raw + " of feed " + feedId
                            + " is missing from the lake. Restore it from backup, or send the file again with force.");
        }
        return raw;
    }

    /**
     * Checks that a feed's raw file still has the bytes it was received with (the SHA-256 of its manifest row); throws
     * a {@link StockroomException} naming the file and what to do when it is missing or changed. Replays call this for
     * every file before re-reading any, so a changed file refuses the whole replay.
     */
    void verifyRaw(String feedId) {
        FeedStore.ManifestEntry entry = feeds.manifest(feedId)
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "Feed " + feedId + " has no raw file in the lake manifest, so it cannot be replayed."));
        lake.verify(entry.lakePath(), entry.sha256(), feedId);
    }

    /** Files the received file under its dataset and date in the lake; its manifest row, or null for a replay (already filed). */
    FeedStore.Manifest fileRaw(
            RawLake.Received received,
            String knownLakePath,
            Contract contract,
            LocalDate businessDate,
            String sha,
            IngestRequest request,
            Instant receivedAt) {
        String lakePath = knownLakePath != null ? knownLakePath : lake.file(received, contract.dataset(), businessDate);
        return request.replayOf() != null
                ? null
                : new FeedStore.Manifest(lakePath, sha, received.size(), request.source(), receivedAt);
    }
}
