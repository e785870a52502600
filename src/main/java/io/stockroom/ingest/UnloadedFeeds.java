package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a feed that loads nothing: a failure with its error, or a duplicate of bytes loaded before. Either way its
 * raw file keeps a manifest row (a replay's is the original's).
 */
final class UnloadedFeeds {

    private static final Logger log = LoggerFactory.getLogger(UnloadedFeeds.class);

    private final FeedStore feeds;
    private final RawLake lake;
    private final Path dataDir;

    UnloadedFeeds(FeedStore feeds, RawLake lake, Path dataDir) {
        this.feeds = feeds;
        this.lake = lake;
        this.dataDir = dataDir;
    }

    /** Finishes the feed as a duplicate of {@code previous}, which loaded the same bytes: transformed, nothing loaded. */
    FeedResult duplicate(
            String feedId,
            String dataset,
            LocalDate businessDate,
            String previous,
            IngestRequest request,
            Map<String, String> times,
            Map<String, Long> millis,
            String lakePath,
            String sha,
            long size,
            Instant receivedAt) {
        times.put("finished_at", Instant.now().toString());
        FeedSummary summary = new FeedSummary(
                "duplicate",
                times,
                millis,
                new FeedSummary.Metrics(0, 0, 0, 0, 0, null, null, null, null, null, null, null, null),
                List.of(new FeedSummary.Issue(
                        "info",
                        "DUPLICATE_FILE",
                        null,
                        "the same bytes were received before as feed " + previous + "; nothing was loaded again",
                        0)),
                null);
        FeedResult result = new FeedResult(
                feedId, dataset, businessDate, FeedStatus.TRANSFORMED, 0, 0, 0, 0, 100, previous, Set.of(), summary);
        feeds.finish(
                result,
                summary,
                request.originalName(),
                new FeedStore.Manifest(lakePath, sha, size, request.source(), receivedAt));
        return result;
    }

    /** Finishes the feed as failed with its error; an internal error is logged with its trace id and cause. */
    FeedResult failed(
            String feedId,
            String dataset,
            LocalDate businessDate,
            IngestRequest request,
            Map<String, String> times,
            Map<String, Long> millis,
            RawLake.Received received,
            String lakePath,
            String sha,
            Instant receivedAt,
            ErrorCode code,
            String message,
            Exception cause) {
        String traceId = UUID.randomUUID().toString();
        if (code == ErrorCode.INTERNAL) {
            log.error("feed {} failed [trace {}]", feedId, traceId, cause);
        } else {
            log.info("feed {} failed: {}", feedId, message);
        }
        String path = lakePath;
        if (path == null && request.replayOf() == null && received != null) {
            // a load that failed after filing the file under its rows' date left it there: the manifest names it
            path = lake.filed(received, dataset).orElse(null);
        }
        if (path == null && request.replayOf() == null && received != null) {
            try {
                path = lake.file(received, dataset, businessDate);
            } catch (StockroomException e) {
                path = dataDir.relativize(received.path()).toString();
            }
        }
        times.put("finished_at", Instant.now().toString());
        FeedSummary summary = new FeedSummary(
                "failed",
                times,
                millis,
                new FeedSummary.Metrics(0, 0, 0, 0, 0, null, null, null, null, null, null, null, null),
                List.of(),
                new FeedSummary.Error(code.name(), message, traceId));
        FeedResult result = new FeedResult(
                feedId, dataset, businessDate, FeedStatus.FAILED, 0, 0, 0, 0, 0, null, Set.of(), summary);
        FeedStore.Manifest manifest = request.replayOf() != null || sha == null
                ? null
                : new FeedStore.Manifest(path, sha, received.size(), request.source(), receivedAt);
        feeds.finish(result, summary, request.originalName(), manifest);
        return result;
    }
}
