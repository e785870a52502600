package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.security.CurrentActor;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The data-feeds workbench: an upload is previewed under a token (the file waits on disk), the user fixes the
 * mapping or creates missing products, then commits; the feed is transformed in the background.
 */
@Service
public class UploadService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    private final IngestService ingest;
    private final UploadProperties settings;
    private final Path uploads;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stockroom-transform");
        t.setDaemon(true);
        return t;
    });

    private final org.springframework.context.ApplicationEventPublisher events;
    /** Feeds loaded but whose marts are still being refreshed: not yet visible in the dashboards. */
    private final java.util.Set<String> refreshing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public UploadService(IngestService ingest, UploadProperties settings, Warehouse warehouse, org.springframework.context.ApplicationEventPublisher events) {
        this.ingest = ingest;
        this.settings = settings;
        this.uploads = warehouse.dataDir().resolve("uploads");
        this.events = events;
    }

    /** True while a loaded feed's marts are being refreshed: its data is not in the dashboards yet. */
    public boolean isRefreshing(String feedId) {
        return refreshing.contains(feedId);
    }

    /** Tells the rest of the application (the marts) that a feed loaded; returns the result for chaining. */
    private FeedResult announce(FeedResult r) {
        if (r.loaded()) {
            refreshing.add(r.feedId());
            try {
                events.publishEvent(new FeedLoaded(r.feedId(), r.dataset(), r.datesTouched()));
            } finally {
                refreshing.remove(r.feedId());
            }
        }
        return r;
    }

    /** Where an upload's bytes go while it waits for commit. */
    public record Upload(String token, String fileName, Path file, Instant expiresAt) {}

    /** Stores an upload (streamed from the caller) under a new token that only the caller can use. */
    public Upload receive(String fileName, InputStream content) {
        String token = UUID.randomUUID().toString();
        String safe = RawLake.safe(fileName == null || fileName.isBlank() ? "upload.csv" : fileName);
        Path dir = uploads.resolve(token);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(safe);
            Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(".owner"), CurrentActor.get().name());
            Files.writeString(dir.resolve(".name"), fileName == null ? safe : fileName);
            return new Upload(token, fileName == null ? safe : fileName, file, Instant.now().plus(settings.tokenTtl()));
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.FILE_UNREADABLE, "Cannot store the upload: " + e.getMessage(), e);
        }
    }

    public IngestService.Preview preview(Upload upload, String dataset, Map<String, String> mapping) {
        return ingest.preview(upload.file(), request(upload, dataset, mapping, "upload"), settings.previewRows());
    }

    /**
     * The upload behind a token; 410 when it expired (and its file is removed), 403 when another user uploaded it: a
     * token is bound to its uploader, so nobody previews, commits or creates products from someone else's file.
     */
    public Upload upload(String token) {
        if (token == null || !token.matches("[0-9a-f-]{36}")) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "upload_token is missing or malformed; preview the file first to get one.");
        }
        Path dir = uploads.resolve(token);
        if (!Files.isDirectory(dir)) {
            throw new StockroomException(ErrorCode.UPLOAD_TOKEN_EXPIRED, "This upload token is unknown or has expired. Upload the file again.");
        }
        try {
            Instant created = Files.getLastModifiedTime(dir.resolve(".name")).toInstant();
            if (created.plus(settings.tokenTtl()).isBefore(Instant.now())) {
                deleteTree(dir);
                throw new StockroomException(ErrorCode.UPLOAD_TOKEN_EXPIRED, "This upload token expired after " + settings.tokenTtl().toMinutes()
                        + " minutes (stockroom.upload.token-ttl). Upload the file again.");
            }
            Path owner = dir.resolve(".owner");
            if (!Files.isRegularFile(owner) || !Files.readString(owner).equals(CurrentActor.get().name())) {
                throw new StockroomException(ErrorCode.FORBIDDEN, "This upload token belongs to another user's upload. Upload the file "
                        + "yourself (POST /api/v1/feeds/preview) to preview, commit or create products from it.");
            }
            String name = Files.readString(dir.resolve(".name"));
            try (Stream<Path> files = Files.list(dir)) {
                Path file = files.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow(() -> new StockroomException(
                        ErrorCode.UPLOAD_TOKEN_EXPIRED, "This upload was already committed. Upload the file again to load it once more."));
                return new Upload(token, name, file, created.plus(settings.tokenTtl()));
            }
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.UPLOAD_TOKEN_EXPIRED, "This upload token is no longer usable: " + e.getMessage(), e);
        }
    }

    /** Result of a commit: the feed, queued for transformation. */
    public record Committed(String feedId, FeedStatus status) {}

    /**
     * Commits an upload: a file that would fail (missing required column, too many bad rows) is refused with
     * its row errors and nothing is loaded; otherwise it goes to the raw lake and is transformed in the background.
     */
    public Committed commit(String token, String dataset, Map<String, String> mapping) {
        return commit(token, dataset, mapping, false, false);
    }

    /**
     * @param complete the file is the complete slice of its dates and stores (replace_slice)
     * @param force load it even if the same bytes were loaded before
     */
    public Committed commit(String token, String dataset, Map<String, String> mapping, boolean complete, boolean force) {
        Upload upload = upload(token);
        IngestRequest request = request(upload, dataset, mapping, "upload").with(complete, force);
        ValidationReport report = ingest.validate(upload.file(), request);
        if (report.wouldFail()) {
            throw new RowErrors(report);
        }
        IngestService.Submitted submitted = ingest.submit(upload.file(), request);
        deleteTree(upload.file().getParent());
        refreshing.add(submitted.feedId());
        worker.submit(() -> {
            try {
                announce(ingest.transform(submitted, request));
            } catch (RuntimeException e) {
                log.error("background transform of {} failed", submitted.feedId(), e);
            } finally {
                refreshing.remove(submitted.feedId());
            }
        });
        return new Committed(submitted.feedId(), FeedStatus.QUEUED);
    }

    /** Raised when a commit is refused: carries the report so the API can list the row errors. */
    public static final class RowErrors extends StockroomException {
        private final transient ValidationReport report;

        RowErrors(ValidationReport report) {
            super(ErrorCode.ROW_ERRORS, report.failure() + ". Nothing was loaded; fix the rows or the mapping and commit again.");
            this.report = report;
        }

        public ValidationReport report() {
            return report;
        }
    }

    /** Creates missing products inline (from the preview), through the products contract like any other feed. */
    public FeedResult createProducts(List<Map<String, Object>> products) {
        if (products == null || products.isEmpty()) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "products must list at least one product with a sku.");
        }
        List<String> columns = List.of("sku", "name", "department", "category", "brand", "unit_cost", "unit_price");
        try {
            Path dir = Files.createDirectories(uploads.resolve("_generated"));
            Path file = Files.createTempFile(dir, "products_created_", ".csv");
            try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(file), CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new)).get())) {
                for (Map<String, Object> p : products) {
                    Object sku = p.get("sku");
                    if (sku == null || String.valueOf(sku).isBlank()) {
                        throw new StockroomException(ErrorCode.BAD_PARAMETER, "Every product needs a sku; one of the " + products.size() + " has none.");
                    }
                    out.printRecord(columns.stream().map(c -> p.get(c) == null ? "" : String.valueOf(p.get(c))).toList());
                }
            }
            try {
                // only new SKUs are added (or placeholders filled in); an existing product is never changed, also when
                // another load created it since the caller looked
                return announce(ingest.ingest(file, IngestRequest.of("products_created_in_ui.csv", "products", null, "upload").addingOnlyNew()));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The batch API: records pushed as JSON by an upstream system, through the same path as a file. */
    public FeedResult batch(String sourceId, String dataType, String format, JsonNode data) {
        return batch(sourceId, dataType, format, data, false);
    }

    /** @param complete the records are the complete slice of their dates (and stores): replace_slice instead of the contract's mode */
    public FeedResult batch(String sourceId, String dataType, String format, JsonNode data, boolean complete) {
        if (dataType == null || dataType.isBlank()) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "data_type is required: the dataset of the records (e.g. sales).");
        }
        if (format != null && !format.equalsIgnoreCase("json")) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "format '" + format + "' is not supported by the batch API; send format: json.");
        }
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "data must be a non-empty array of records.");
        }
        try {
            Path dir = Files.createDirectories(uploads.resolve("_batches"));
            String source = sourceId == null || sourceId.isBlank() ? "api" : sourceId.replaceAll("[^A-Za-z0-9_.-]", "_");
            Path file = Files.createTempFile(dir, dataType + "_" + source + "_", ".json");
            Files.writeString(file, data.toString());
            try {
                return announce(ingest.ingest(file, IngestRequest.of(dataType + "_" + source + "_batch.json", dataType, null, "api").with(complete, false)));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a feed's raw file from the lake again, even though its bytes were loaded before: restores what it loaded. */
    public FeedResult reload(String feedId) {
        return announce(ingest.reload(feedId));
    }

    private static IngestRequest request(Upload upload, String dataset, Map<String, String> mapping, String source) {
        return new IngestRequest(upload.fileName(), dataset == null || dataset.isBlank() ? null : dataset, null, source, null, null, mapping, null);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public void close() {
        worker.shutdown();
    }
}
