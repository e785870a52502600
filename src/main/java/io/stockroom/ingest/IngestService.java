package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.FaultPoint;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.ingest.format.FileDecoder;
import io.stockroom.quality.DateOrder;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Promotion;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Files in, warehouse rows out: receive into the raw lake, decode, detect the dataset, stage in the engine,
 * check, gate, then promote and quarantine in one transaction. Every step leaves a trace in the feed.
 *
 * <p>This class orders the steps; each lives in its own class: {@link FileReceiver}, {@link FileStaging},
 * {@link FileInspection} (the checks alone), {@link FeedLoader}, {@link FeedSummaries}, {@link UnloadedFeeds} and
 * {@link FeedRecovery}.
 */
@Service
public class IngestService {

    private static final Pattern DATE_IN_NAME =
            Pattern.compile("(20\\d{2}|19\\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\\d|3[01])");

    /**
     * Files at least this big are shown as transforming while they load. A smaller one loads in well under a
     * second and goes from processing to its final status in one step: the status write would cost a commit
     * (a disk sync) per file, which over a backfill of hundreds of daily files adds up to seconds.
     */
    private static final long PROGRESS_BYTES = 16L << 20;

    private final Warehouse warehouse;
    private final ContractRegistry contracts;
    private final FeedStore feeds;
    private final RawLake lake;
    private final DatasetDetector detector;
    private final FileReceiver receiver;
    private final FileStaging staging;
    private final FileInspection inspection;
    private final FeedLoader loader;
    private final UnloadedFeeds unloaded;
    private final FeedRecovery recovery;
    private final java.time.ZoneId zone;

    public IngestService(
            Warehouse warehouse,
            ContractRegistry contracts,
            Validator validator,
            Quarantine quarantine,
            Promotion promotion,
            FeedStore feeds,
            StockroomProperties properties) {
        this(
                warehouse,
                contracts,
                validator,
                quarantine,
                promotion,
                feeds,
                properties,
                FileDecoder.DEFAULT_MAX_COLUMNS);
    }

    /** @param maxColumns the most columns a received file may have (stockroom.ingest.max-columns) */
    @org.springframework.beans.factory.annotation.Autowired
    public IngestService(
            Warehouse warehouse,
            ContractRegistry contracts,
            Validator validator,
            Quarantine quarantine,
            Promotion promotion,
            FeedStore feeds,
            StockroomProperties properties,
            @org.springframework.beans.factory.annotation.Value(
                            "${stockroom.ingest.max-columns:" + FileDecoder.DEFAULT_MAX_COLUMNS + "}")
                    int maxColumns) {
        this.warehouse = warehouse;
        this.contracts = contracts;
        this.feeds = feeds;
        this.lake = new RawLake(warehouse.dataDir());
        this.zone = properties.zone();
        this.detector = new DatasetDetector(contracts);
        StockroomProperties.Quality quality = properties.quality();
        this.receiver = new FileReceiver(feeds, lake);
        this.staging = new FileStaging(warehouse, contracts, detector, maxColumns);
        this.inspection = new FileInspection(warehouse, validator, quarantine, detector, quality, staging);
        this.loader = new FeedLoader(
                warehouse,
                contracts,
                validator,
                quarantine,
                promotion,
                feeds,
                quality,
                receiver,
                staging,
                new FeedSummaries(quality));
        this.unloaded = new UnloadedFeeds(feeds, lake, warehouse.dataDir());
        this.recovery = new FeedRecovery(
                feeds,
                lake,
                warehouse.dataDir(),
                detector,
                unloaded,
                (feedId, received, request) -> transform(feedId, received, request, 0, null));
    }

    ContractRegistry contracts() {
        return contracts;
    }

    /**
     * Refuses a dataset named on the command line that no contract has (a typo: {@code --dataset salez}) before any
     * file is read: a mistyped option is a usage error, not a failed feed and a raw-lake folder of that name.
     */
    public void checkDatasetName(String dataset) {
        if (dataset != null) {
            contracts.get(dataset.strip());
        }
    }

    /** Ingests one file end to end and returns its feed. Never throws for bad input: the feed says what failed. */
    public FeedResult ingest(Path file, IngestRequest given) {
        warehouse.holdProcessKey(); // other processes must see this feed's process alive
        String feedId = newFeedId();
        IngestRequest request = withRecordedDateOrder(given);
        feeds.create(feedId, request);
        long t0 = System.nanoTime();
        if (request.replayOf() != null) {
            RawLake.Received received;
            try {
                received = receiver.receive(feedId, file, request);
            } catch (StockroomException e) {
                // the raw file is missing or changed: the replay feed fails with that reason instead of staying
                // "processing"
                return unloaded.failed(
                        feedId,
                        request.dataset(),
                        null,
                        request,
                        new LinkedHashMap<>(),
                        new LinkedHashMap<>(),
                        null,
                        null,
                        null,
                        Instant.now(),
                        e.code(),
                        e.getMessage(),
                        e);
            }
            return transform(feedId, received, request, (System.nanoTime() - t0) / 1_000_000, null);
        }
        FaultPoint.reached("ingest.before-lake-copy");
        // Copying into the lake (with its SHA-256) and decoding (encoding, delimiter, structure) each read the whole
        // file once, single-threaded: they run side by side.
        CompletableFuture<DecodedFile> decoding = staging.decodeAside(feedId, file, request);
        RawLake.Received received;
        try {
            received = receiver.receive(feedId, file, request);
        } catch (RuntimeException e) {
            decoding.thenAccept(DecodedFile::deleteTemporaryFiles);
            throw e;
        }
        FaultPoint.reached("ingest.after-lake-copy");
        return transform(feedId, received, request, (System.nanoTime() - t0) / 1_000_000, decoding);
    }

    /**
     * Loads the raw file of a feed again from the lake, although the same bytes were loaded before (a duplicate
     * feed, or a slice to restore), as a new feed of the same dataset and date with the original's name.
     */
    public FeedResult reload(String feedId) {
        FeedStore.Feed feed = feeds.find(feedId)
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND, "No feed '" + feedId + "'. GET /api/v1/feeds lists them."));
        Path raw = receiver.rawToReload(feedId);
        return ingest(
                raw,
                new IngestRequest(
                        feed.originalName(),
                        feed.dataset(),
                        feed.businessDate(),
                        "reload",
                        null,
                        feeds.sheet(feedId),
                        Map.of(),
                        null,
                        false,
                        true,
                        feeds.dateOrder(feedId).map(DateOrder::valueOf).orElse(null)));
    }

    /** Receives a file (lake copy, feed row) and returns its feed id with status queued; transform it later. */
    public Submitted submit(Path file, IngestRequest request) {
        warehouse.holdProcessKey();
        String feedId = newFeedId();
        feeds.create(feedId, request);
        // the caller acknowledges the feed as soon as this returns: its bytes are on disk before the feed is queued
        RawLake.Received received = lake.receive(file, feedId, request.originalName(), true);
        feeds.status(feedId, FeedStatus.QUEUED, request.dataset(), request.businessDate(), received.sha256());
        return new Submitted(feedId, received);
    }

    /** A replay reads the dates the way the original load was told to (the preview's answer, --date-order). */
    private IngestRequest withRecordedDateOrder(IngestRequest request) {
        if (request.replayOf() == null || request.dateOrder() != null) {
            return request;
        }
        return feeds.dateOrder(request.replayOf())
                .map(order -> new IngestRequest(
                        request.originalName(),
                        request.dataset(),
                        request.businessDate(),
                        request.source(),
                        request.runId(),
                        request.sheet(),
                        request.mapping(),
                        request.replayOf(),
                        request.complete(),
                        request.force(),
                        DateOrder.valueOf(order)))
                .orElse(request);
    }

    /** A received file waiting to be transformed. */
    public record Submitted(String feedId, RawLake.Received received) {}

    public FeedResult transform(Submitted submitted, IngestRequest request) {
        return transform(submitted.feedId(), submitted.received(), request, 0, null);
    }

    /**
     * Checks that a feed's raw file still has the bytes it was received with (the SHA-256 of its manifest row); throws
     * a {@link StockroomException} naming the file and what to do when it is missing or changed. Replays call this for
     * every file before re-reading any, so a changed file refuses the whole replay.
     */
    public void verifyRaw(String feedId) {
        receiver.verifyRaw(feedId);
    }

    /**
     * @param decoding the received file being decoded already (side by side with the lake copy), or null to decode
     *     the lake copy now
     */
    private FeedResult transform(
            String feedId,
            RawLake.Received received,
            IngestRequest request,
            long receiveMillis,
            CompletableFuture<DecodedFile> decoding) {
        Map<String, Long> millis = new LinkedHashMap<>();
        millis.put("receive", receiveMillis);
        long decodeStart = System.nanoTime();
        Map<String, String> times = new LinkedHashMap<>();
        times.put("received_at", Instant.now().toString());
        Instant receivedAt = Instant.now();
        String dataset = request.dataset();
        LocalDate businessDate =
                request.businessDate() != null ? request.businessDate() : dateFromName(request.originalName());
        String lakePath = null;
        DecodedFile decoded = null;
        String sha = received.sha256();
        boolean replay = request.replayOf() != null;
        if (replay) {
            sha = feeds.find(request.replayOf()).map(FeedStore.Feed::sha256).orElse(null);
            lakePath = feeds.manifest(request.replayOf())
                    .map(FeedStore.ManifestEntry::lakePath)
                    .orElse(null);
        }
        try {
            decoded = decoding != null ? FileStaging.decoded(decoding) : staging.decode(received.path(), request);
            millis.put("decode", (System.nanoTime() - decodeStart) / 1_000_000);
            Contract contract = staging.contract(request, decoded);
            dataset = contract.dataset();
            if (!contract.isFact() && businessDate == null) {
                // master data applies from the day it arrives, on the retailer's clock (a file that came in at 20:00
                // in New York is that day's, though the server's UTC clock says tomorrow)
                businessDate = LocalDate.ofInstant(receivedAt, zone);
            }
            if (!replay && !request.force()) {
                // a header-only file has the same bytes on every empty day: only the same day's copy repeats it
                var previous = !decoded.headerOnly()
                        ? feeds.loadedWithSameBytes(sha, dataset, request.sheet())
                        : businessDate == null
                                ? java.util.Optional.<String>empty()
                                : feeds.loadedWithSameBytes(sha, dataset, request.sheet(), businessDate);
                if (previous.isPresent()) {
                    lakePath = lake.file(received, dataset, businessDate);
                    return unloaded.duplicate(
                            feedId,
                            dataset,
                            businessDate,
                            previous.get(),
                            request,
                            times,
                            millis,
                            lakePath,
                            sha,
                            received.size(),
                            receivedAt);
                }
            }
            if (replay || received.size() >= PROGRESS_BYTES) {
                feeds.status(feedId, FeedStatus.TRANSFORMING, dataset, businessDate, sha);
            }
            times.put("transforming_at", Instant.now().toString());
            final Contract c = contract;
            final DecodedFile d = decoded;
            final LocalDate requestedDate = businessDate;
            final String knownLakePath = lakePath;
            final String finalSha = sha;
            return warehouse.withConnection(conn -> loader.load(
                    conn,
                    feedId,
                    c,
                    d,
                    request,
                    requestedDate,
                    received,
                    knownLakePath,
                    finalSha,
                    times,
                    millis,
                    receivedAt));
        } catch (StockroomException e) {
            if (dataset == null && decoded == null) {
                // a file that cannot be read at all (empty, binary) still arrived: when its name names its dataset, as
                // the drop folder's detection reads it for other files, it is that dataset's failed feed, so the day's
                // completeness says the feed failed rather than that nothing came
                dataset = detector.byName(request.originalName())
                        .map(Contract::dataset)
                        .orElse(null);
            }
            return unloaded.failed(
                    feedId,
                    dataset,
                    businessDate,
                    request,
                    times,
                    millis,
                    received,
                    lakePath,
                    sha,
                    receivedAt,
                    e.code(),
                    e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            return unloaded.failed(
                    feedId,
                    dataset,
                    businessDate,
                    request,
                    times,
                    millis,
                    received,
                    lakePath,
                    sha,
                    receivedAt,
                    ErrorCode.INTERNAL,
                    "Unexpected error while ingesting " + request.originalName() + ": " + e.getMessage(),
                    e);
        } finally {
            if (decoded != null) {
                decoded.deleteTemporaryFiles();
            }
        }
    }

    /** Decodes, stages and checks a file exactly as ingest would, and reports; writes nothing anywhere. */
    public ValidationReport validate(Path file, IngestRequest request) {
        return inspection.validate(file, request);
    }

    /** The upload preview: the validation report plus the first rows with per-cell flags and unknown SKUs. */
    public Preview preview(Path file, IngestRequest request, int rows) {
        return inspection.preview(file, request, rows);
    }

    /**
     * What the preview shows.
     *
     * @param askDateOrder headers whose day/month order the file cannot prove: the user must pick DMY or MDY (empty when none)
     * @param sheets for a workbook, its sheets: read or not, with their data rows (empty for other formats)
     */
    public record Preview(
            ValidationReport report,
            List<String> headers,
            List<PreviewRows.Row> rows,
            List<PreviewRows.UnknownSku> unknownSkus,
            List<DatasetDetector.Candidate> candidates,
            List<String> askDateOrder,
            List<DecodedFile.Sheet> sheets) {}

    /**
     * Keeps a refused upload like every other input: its bytes go to the raw lake with a manifest row, and a feed
     * records the refusal (status failed, the reason as its error). Nothing is loaded.
     */
    public FeedResult refuse(Path file, IngestRequest request, ErrorCode code, String reason) {
        String feedId = newFeedId();
        feeds.create(feedId, request);
        RawLake.Received received = lake.receive(file, feedId, request.originalName());
        Map<String, String> times = new LinkedHashMap<>();
        times.put("received_at", Instant.now().toString());
        return unloaded.failed(
                feedId,
                request.dataset(),
                request.businessDate(),
                request,
                times,
                new LinkedHashMap<>(),
                received,
                null,
                received.sha256(),
                Instant.now(),
                code,
                reason,
                null);
    }

    /** What a restart did with a feed the process left unfinished. */
    public record Recovered(
            String feedId,
            String source,
            String runId,
            FeedStatus before,
            FeedResult result,
            boolean resumed,
            String originalName) {}

    /**
     * Settles every feed left {@code processing}, {@code queued} or {@code transforming} by a process that stopped (a
     * crash, kill -9, power loss). Call it once at start, before anything else ingests. A feed whose complete raw
     * file is in the lake and that no run picked up (an upload answered 202, the batch API, {@code stockroom ingest})
     * is transformed again from that file under its own id: nothing it was acknowledged for is lost. A feed of a run
     * or a replay fails with the reason (the run is marked failed too; running the date again picks its file up), as
     * does one whose bytes never reached the lake completely. The load transaction was never committed in either
     * case, so nothing of it is in the warehouse.
     */
    public List<Recovered> recoverUnfinished() {
        return recovery.recoverUnfinished();
    }

    /**
     * What reconciling the lake with its manifest found.
     *
     * @param manifestCorrected files whose manifest row named another place (the incoming folder of a load that failed
     *     after filing its file, before that was recorded): the row now names the file
     */
    public record LakeReport(
            List<String> manifestAdded,
            List<String> manifestCorrected,
            List<String> partialRemoved,
            List<String> unknownFiles,
            List<String> missingFiles) {
        public boolean clean() {
            return manifestAdded.isEmpty()
                    && manifestCorrected.isEmpty()
                    && partialRemoved.isEmpty()
                    && unknownFiles.isEmpty()
                    && missingFiles.isEmpty();
        }
    }

    /**
     * Reconciles the raw lake with the manifest after a crash: a complete file of a finished feed that has no manifest
     * row gets one; a partial copy ({@code .part}, from a process that stopped mid-copy) is removed, its source still
     * has the bytes; a manifest row that names another place than its file (same name, same SHA-256) is pointed at it;
     * a file of no known feed is left in place and reported; a manifest row whose file is gone is reported (restore it
     * from backup; a replay that needs it refuses). Every finding goes to the log and the audit log.
     */
    public LakeReport reconcileLake() {
        return recovery.reconcileLake();
    }

    /** Master data before facts, so references resolve: the order files of one folder are loaded in. */
    public static final List<String> LOAD_ORDER = List.of(
            "stores",
            "products",
            "suppliers",
            "supplier_products",
            "replenishment_rules",
            "fixtures",
            "placements",
            "displays",
            "promotions",
            "customers",
            "costs",
            "sales",
            "inventory",
            "orders",
            "labour",
            "shipments",
            "support_conversations",
            "marketing_spend",
            "web_sessions",
            "receipts");

    /** Sorts files into load order by the dataset their name starts with (unknown names last, by name). */
    public List<Path> inLoadOrder(List<Path> files) {
        return files.stream()
                .sorted(java.util.Comparator.comparingInt((Path f) -> {
                            int i = detector.byName(f.getFileName().toString())
                                    .map(c -> LOAD_ORDER.indexOf(c.dataset()))
                                    .orElse(-1);
                            return i < 0 ? LOAD_ORDER.size() : i;
                        })
                        .thenComparing(Path::toString))
                .toList();
    }

    static LocalDate dateFromName(String name) {
        Matcher m = DATE_IN_NAME.matcher(name);
        LocalDate found = null;
        while (m.find()) {
            try {
                found = LocalDate.of(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (java.time.DateTimeException ignored) {
                // not a date after all
            }
        }
        return found;
    }

    private static String newFeedId() {
        return "feed-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }
}
