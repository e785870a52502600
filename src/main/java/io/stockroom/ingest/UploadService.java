package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.quality.DateOrder;
import io.stockroom.security.CurrentActor;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
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
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;

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

    private final Warehouse warehouse;
    private final org.springframework.context.ApplicationEventPublisher events;
    /** Feeds loaded but whose marts are still being refreshed: not yet visible in the dashboards. */
    private final java.util.Set<String> refreshing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public UploadService(
            IngestService ingest,
            UploadProperties settings,
            Warehouse warehouse,
            org.springframework.context.ApplicationEventPublisher events) {
        this.ingest = ingest;
        this.settings = settings;
        this.uploads = warehouse.dataDir().resolve("uploads");
        this.warehouse = warehouse;
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
        warehouse.holdProcessKey(); // its working files are this process's only while others see it alive
        String token = UUID.randomUUID().toString();
        String safe = RawLake.safe(fileName == null || fileName.isBlank() ? "upload.csv" : fileName);
        Path dir = uploads.resolve(token);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(safe);
            Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(".owner"), CurrentActor.get().name());
            Files.writeString(dir.resolve(".name"), fileName == null ? safe : fileName);
            return new Upload(
                    token,
                    fileName == null ? safe : fileName,
                    file,
                    Instant.now().plus(settings.tokenTtl()));
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.FILE_UNREADABLE, "Cannot store the upload: " + e.getMessage(), e);
        }
    }

    public IngestService.Preview preview(Upload upload, String dataset, Map<String, String> mapping) {
        return preview(upload, dataset, mapping, null, null);
    }

    /**
     * @param dateOrder the day/month order the user picked for this file (when the preview asked), or null
     * @param sheet for a workbook, the sheet the user picked; null for the first and those with its columns
     */
    public IngestService.Preview preview(
            Upload upload, String dataset, Map<String, String> mapping, DateOrder dateOrder, String sheet) {
        return preview(upload, dataset, mapping, dateOrder, sheet, null);
    }

    /**
     * As above, checking the file as a load filed under {@code businessDate} would (the CLI's {@code validate --date}
     * beside a running server); null takes the date from the file's name or rows, as a commit does.
     */
    public IngestService.Preview preview(
            Upload upload,
            String dataset,
            Map<String, String> mapping,
            DateOrder dateOrder,
            String sheet,
            LocalDate businessDate) {
        return ingest.preview(
                upload.file(),
                request(upload, dataset, mapping, "upload", dateOrder, sheet, businessDate),
                settings.previewRows());
    }

    /**
     * The upload behind a token; 410 when it expired (and its file is removed), 403 when another user uploaded it: a
     * token is bound to its uploader, so nobody previews, commits or creates products from someone else's file.
     */
    public Upload upload(String token) {
        if (token == null || !token.matches("[0-9a-f-]{36}")) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "upload_token is missing or malformed; preview the file first to get one.");
        }
        Path dir = uploads.resolve(token);
        if (!Files.isDirectory(dir)) {
            throw new StockroomException(
                    ErrorCode.UPLOAD_TOKEN_EXPIRED,
                    "This upload token is unknown or has expired. Upload the file again.");
        }
        try {
            Instant created = Files.getLastModifiedTime(dir.resolve(".name")).toInstant();
            if (created.plus(settings.tokenTtl()).isBefore(Instant.now())) {
                deleteTree(dir);
                throw new StockroomException(
                        ErrorCode.UPLOAD_TOKEN_EXPIRED,
                        "This upload token expired after " + settings.tokenTtl().toMinutes()
                                + " minutes (stockroom.upload.token-ttl). Upload the file again.");
            }
            Path owner = dir.resolve(".owner");
            if (!Files.isRegularFile(owner)
                    || !Files.readString(owner).equals(CurrentActor.get().name())) {
                throw new StockroomException(
                        ErrorCode.FORBIDDEN,
                        "This upload token belongs to another user's upload. Upload the file "
                                + "yourself (POST /api/v1/feeds/preview) to preview, commit or create products from it.");
            }
            String name = Files.readString(dir.resolve(".name"));
            try (Stream<Path> files = Files.list(dir)) {
                Path file = files.filter(p -> !p.getFileName().toString().startsWith("."))
                        .findFirst()
                        .orElseThrow(() -> new StockroomException(
                                ErrorCode.UPLOAD_TOKEN_EXPIRED,
                                "This upload was already committed. Upload the file again to load it once more."));
                return new Upload(token, name, file, created.plus(settings.tokenTtl()));
            }
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.UPLOAD_TOKEN_EXPIRED, "This upload token is no longer usable: " + e.getMessage(), e);
        }
    }

    /** Result of a commit: the feed, queued for transformation. */
    public record Committed(String feedId, FeedStatus status) {}

    /**
     * Commits an upload: a file that would fail (missing required column, too many bad rows) is refused with
     * its row errors and nothing is loaded; otherwise it goes to the raw lake and is transformed in the background.
     */
    public Committed commit(String token, String dataset, Map<String, String> mapping) {
        return commit(token, dataset, mapping, false, false, null, null);
    }

    /**
     * @param complete the file is the complete slice of its dates and stores (replace_slice)
     * @param force load it even if the same bytes were loaded before
     * @param dateOrder the day/month order the user picked in the preview, carried into the load; or null
     * @param sheet for a workbook, the sheet picked in the preview; null for the first and those with its columns
     */
    public Committed commit(
            String token,
            String dataset,
            Map<String, String> mapping,
            boolean complete,
            boolean force,
            DateOrder dateOrder,
            String sheet) {
        Upload upload = upload(token);
        IngestRequest request = request(upload, dataset, mapping, "upload", dateOrder, sheet, null)
                .with(complete, force);
        ValidationReport report;
        try {
            report = ingest.validate(upload.file(), request);
        } catch (StockroomException unreadable) {
            // a file that cannot even be read (binary, empty, unknown dataset) is refused and kept all the same
            ingest.refuse(
                    upload.file(),
                    request,
                    unreadable.code(),
                    "The upload was refused at commit: " + unreadable.getMessage());
            throw unreadable;
        }
        if (report.wouldFail()) {
            // refused, but kept like every other input: the bytes go to the raw lake and a failed feed says why
            ingest.refuse(
                    upload.file(),
                    request,
                    ErrorCode.ROW_ERRORS,
                    "The upload was refused at commit: " + report.failure()
                            + ". Nothing was loaded; fix the rows or the mapping and commit again.");
            throw new RowErrors(report);
        }
        IngestService.Submitted submitted = ingest.submit(upload.file(), request);
        deleteTree(upload.file().getParent());
        refreshing.add(submitted.feedId());
        worker.submit(CurrentActor.carry(() -> {
            try {
                announce(ingest.transform(submitted, request));
            } catch (RuntimeException e) {
                log.error("background transform of {} failed", submitted.feedId(), e);
            } finally {
                refreshing.remove(submitted.feedId());
            }
        }));
        return new Committed(submitted.feedId(), FeedStatus.QUEUED);
    }

    /** Raised when a commit is refused: carries the report so the API can list the row errors. */
    public static final class RowErrors extends StockroomException {
        private final transient ValidationReport report;

        RowErrors(ValidationReport report) {
            super(
                    ErrorCode.ROW_ERRORS,
                    report.failure() + ". Nothing was loaded; fix the rows or the mapping and commit again.");
            this.report = report;
        }

        public ValidationReport report() {
            return report;
        }
    }

    /** Creates missing products inline (from the preview), through the products contract like any other feed. */
    public FeedResult createProducts(List<Map<String, Object>> products) {
        if (products == null || products.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "products must list at least one product with a sku.");
        }
        List<String> columns = List.of("sku", "name", "department", "category", "brand", "unit_cost", "unit_price");
        try {
            Path dir = Files.createDirectories(ownFolder("_generated"));
            Path file = Files.createTempFile(dir, "products_created_", ".csv");
            try (CSVPrinter out = new CSVPrinter(
                    Files.newBufferedWriter(file),
                    CSVFormat.RFC4180
                            .builder()
                            .setHeader(columns.toArray(String[]::new))
                            .get())) {
                for (Map<String, Object> p : products) {
                    Object sku = p.get("sku");
                    if (sku == null || String.valueOf(sku).isBlank()) {
                        throw new StockroomException(
                                ErrorCode.BAD_PARAMETER,
                                "Every product needs a sku; one of the " + products.size() + " has none.");
                    }
                    out.printRecord(columns.stream()
                            .map(c -> p.get(c) == null ? "" : String.valueOf(p.get(c)))
                            .toList());
                }
            }
            try {
                // only new SKUs are added (or placeholders filled in); an existing product is never changed, also when
                // another load created it since the caller looked
                return announce(ingest.ingest(
                        file,
                        IngestRequest.of("products_created_in_ui.csv", "products", null, "upload")
                                .addingOnlyNew()));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A batch pushed to the API: its feed and how many records it held. */
    public record Batch(FeedResult result, long records) {}

    /**
     * The batch API's body, {@code {"source_id": .., "data_type": .., "format": "json", "data": [records]}}, read as a
     * stream ({@code "complete": true} declares the records the complete slice of their dates and stores): the records are copied one by one into a file under uploads/, never held in memory whole, and then take
     * the same path as a file.
     */
    public Batch batch(InputStream body) {
        try {
            Path dir = Files.createDirectories(ownFolder("_batches"));
            Path file = Files.createTempFile(dir, "batch_", ".json");
            try {
                String sourceId = null;
                String dataType = null;
                String format = null;
                boolean complete = false;
                long records = -1;
                try (JsonParser p = BATCH_JSON.createParser(ObjectReadContext.empty(), body)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw new StockroomException(
                                ErrorCode.BAD_PARAMETER,
                                "The body must be a JSON object with data_type and data (an array of records).");
                    }
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String field = p.currentName();
                        JsonToken value = p.nextToken();
                        switch (field) {
                            case "source_id" -> sourceId = value == JsonToken.VALUE_NULL ? null : p.getText();
                            case "data_type" -> dataType = value == JsonToken.VALUE_NULL ? null : p.getText();
                            case "format" -> format = value == JsonToken.VALUE_NULL ? null : p.getText();
                            case "complete" -> complete = value == JsonToken.VALUE_TRUE;
                            case "data" -> {
                                if (value != JsonToken.START_ARRAY) {
                                    throw new StockroomException(
                                            ErrorCode.BAD_PARAMETER, "data must be a non-empty array of records.");
                                }
                                records = 0;
                                try (OutputStream out = Files.newOutputStream(file);
                                        JsonGenerator g = BATCH_JSON.createGenerator(ObjectWriteContext.empty(), out)) {
                                    g.writeStartArray();
                                    while (p.nextToken() != JsonToken.END_ARRAY) {
                                        g.copyCurrentStructure(p);
                                        records++;
                                    }
                                    g.writeEndArray();
                                }
                            }
                            // a misspelt "complete" would load the slice as an addition, not its replacement
                            default ->
                                throw new StockroomException(
                                        ErrorCode.BAD_PARAMETER,
                                        "Parameter '" + field + "' is not a field of the batch body; its fields are "
                                                + "source_id, data_type, format, complete, data. A field it does not "
                                                + "know is refused, not ignored.");
                        }
                    }
                } catch (tools.jackson.core.JacksonException e) {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        if (t instanceof StockroomException s) {
                            throw s;
                        }
                    }
                    throw new StockroomException(
                            ErrorCode.BAD_PARAMETER, "The body is not valid JSON: " + e.getOriginalMessage() + ".", e);
                }
                checkBatch(dataType, format, records > 0);
                StoreScopedBatch.check(file, dataType, complete, CurrentActor.scope(), ingest.contracts(), warehouse);
                String source =
                        sourceId == null || sourceId.isBlank() ? "api" : sourceId.replaceAll("[^A-Za-z0-9_.-]", "_");
                return new Batch(
                        announce(ingest.ingest(
                                file,
                                IngestRequest.of(dataType + "_" + source + "_batch.json", dataType, null, "api")
                                        .with(complete, false))),
                        records);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkBatch(String dataType, String format, boolean hasRecords) {
        if (dataType == null || dataType.isBlank()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "data_type is required: the dataset of the records (e.g. sales).");
        }
        if (format != null && !format.equalsIgnoreCase("json")) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "format '" + format + "' is not supported by the batch API; send format: json.");
        }
        if (!hasRecords) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "data must be a non-empty array of records.");
        }
    }

    private static final tools.jackson.core.json.JsonFactory BATCH_JSON = new tools.jackson.core.json.JsonFactory();

    /** Loads a feed's raw file from the lake again, even though its bytes were loaded before: restores what it loaded. */
    public FeedResult reload(String feedId) {
        return announce(ingest.reload(feedId));
    }

    private static IngestRequest request(
            Upload upload,
            String dataset,
            Map<String, String> mapping,
            String source,
            DateOrder dateOrder,
            String sheet,
            LocalDate businessDate) {
        return new IngestRequest(
                upload.fileName(),
                dataset == null || dataset.isBlank() ? null : dataset,
                businessDate,
                source,
                null,
                sheet == null || sheet.isBlank() ? null : sheet,
                mapping,
                null,
                dateOrder);
    }

    /**
     * Removes what the uploads working folder holds past its use: previews whose token expired (never committed)
     * and, with {@code atStart}, the temporary files of batch and product requests a stopped process left behind.
     * Committed and refused uploads are in the raw lake; nothing here is the only copy of an accepted input.
     *
     * @return how many entries were removed
     */
    public int cleanWorkingFolder(boolean atStart) {
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(settings.tokenTtl());
        int removed = 0;
        try (Stream<Path> entries = Files.list(uploads)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                boolean temporaryFolder =
                        name.equals("_generated") || name.equals("_batches") || name.equals(RECEIVING);
                if (temporaryFolder && atStart) {
                    try (Stream<Path> files = Files.list(entry)) {
                        for (Path f : files.toList()) {
                            if (!ofALiveProcess(f)) {
                                deleteTree(f);
                                removed++;
                            }
                        }
                    }
                } else if (!temporaryFolder && lastTouched(entry).isBefore(cutoff)) {
                    deleteTree(entry);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("cannot clean {}: {}", uploads, e.getMessage());
        }
        if (removed > 0) {
            log.info("removed {} expired or abandoned entries from {}", removed, uploads);
        }
        return removed;
    }

    /** Where the web server writes a multipart upload while it arrives, one folder per process (see below). */
    private static final String RECEIVING = "_receiving";

    /**
     * The folder the web server writes uploads into while they arrive (created): in the data directory, so a start
     * removes what a killed server was receiving, instead of a random folder of /tmp that nothing cleans.
     */
    public Path receivingFolder() {
        Path folder = ownFolder(RECEIVING);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.FILE_UNREADABLE, "Cannot create the uploads folder " + folder + ": " + e.getMessage(), e);
        }
        return folder;
    }

    /**
     * This process's folder under {@code _generated} or {@code _batches}, named by its process key: at start a process
     * removes what stopped processes left there, never the files another live one (PostgreSQL) is writing.
     */
    private Path ownFolder(String temporaryFolder) {
        return uploads.resolve(temporaryFolder).resolve(Long.toHexString(warehouse.processKey()));
    }

    private boolean ofALiveProcess(Path entry) {
        if (!Files.isDirectory(entry)) {
            return false; // a file of a version that wrote them here directly
        }
        try {
            return warehouse.isAlive(Long.parseUnsignedLong(entry.getFileName().toString(), 16));
        } catch (NumberFormatException notAProcessFolder) {
            return false;
        }
    }

    private static Instant lastTouched(Path uploadDir) throws IOException {
        Path name = uploadDir.resolve(".name");
        return Files.getLastModifiedTime(Files.exists(name) ? name : uploadDir).toInstant();
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
