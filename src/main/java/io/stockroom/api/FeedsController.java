package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.FeedStore;
import io.stockroom.ingest.FeedSummary;
import io.stockroom.ingest.IngestService;
import io.stockroom.ingest.PreviewRows;
import io.stockroom.ingest.UploadService;
import io.stockroom.ingest.ValidationReport;
import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.quality.DateOrder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Feeds: history, one feed's summary, and the upload workbench (preview → commit → status). */
@RestController
@RequestMapping("/api/v1/feeds")
class FeedsController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FeedStore feeds;
    private final UploadService uploads;
    private final io.stockroom.contract.ContractRegistry contracts;
    private final io.stockroom.ingest.KnownProducts known;

    FeedsController(
            FeedStore feeds,
            UploadService uploads,
            io.stockroom.contract.ContractRegistry contracts,
            io.stockroom.ingest.KnownProducts known) {
        this.feeds = feeds;
        this.uploads = uploads;
        this.contracts = contracts;
        this.known = known;
    }

    record FeedView(
            String feedId,
            String dataset,
            LocalDate businessDate,
            String status,
            String source,
            String originalName,
            String sha256,
            String duplicateOf,
            Long recordsRead,
            Long recordsLoaded,
            Long recordsQuarantined,
            Long returns,
            Double qualityScore,
            Instant createdAt,
            Instant updatedAt,
            FeedSummary summary,
            List<QuarantineView> quarantineSample) {

        static FeedView of(FeedStore.Feed f, List<QuarantineView> sample) {
            return new FeedView(
                    f.feedId(),
                    f.dataset(),
                    f.businessDate(),
                    f.status().wire(),
                    f.source(),
                    f.originalName(),
                    f.sha256(),
                    f.duplicateOf(),
                    f.recordsRead(),
                    f.recordsLoaded(),
                    f.recordsQuarantined(),
                    f.recordsReturns(),
                    f.qualityScore(),
                    f.createdAt(),
                    f.updatedAt(),
                    f.summary(),
                    sample);
        }
    }

    record QuarantineView(Long sourceLine, JsonNode rawValues, JsonNode reasons) {
        static QuarantineView of(FeedStore.QuarantinedRow r) {
            return new QuarantineView(r.sourceLine(), JSON.readTree(r.rawValues()), JSON.readTree(r.reasons()));
        }
    }

    @GetMapping
    List<FeedView> list(
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String dataset) {
        Limits.check("limit", limit, 1, 500);
        Limits.check("offset", offset, 0, Integer.MAX_VALUE);
        String statusFilter = FeedStatus.filter(status, "Parameter 'status'");
        return feeds.list(statusFilter, dataset, limit, offset).stream()
                .map(f -> FeedView.of(f, null))
                .toList();
    }

    @GetMapping("/{id}")
    FeedView one(@PathVariable String id) {
        FeedStore.Feed f = find(id);
        return FeedView.of(
                f, feeds.quarantine(id, 20).stream().map(QuarantineView::of).toList());
    }

    record TransformStatus(
            String feedId, String status, Long recordsLoaded, Long recordsQuarantined, FeedSummary.Error error) {}

    @GetMapping("/{id}/transform-status")
    TransformStatus status(@PathVariable String id) {
        FeedStore.Feed f = find(id);
        // A feed counts as transformed once its rows are in the dashboards, i.e. after the marts caught up.
        String status = f.status().isFinal() && uploads.isRefreshing(id)
                ? "transforming"
                : f.status().wire();
        return new TransformStatus(
                f.feedId(),
                status,
                f.recordsLoaded(),
                f.recordsQuarantined(),
                f.summary() == null ? null : f.summary().error());
    }

    record PreviewView(
            String uploadToken,
            Instant expiresAt,
            String fileName,
            String dataset,
            List<io.stockroom.ingest.DatasetDetector.Candidate> candidates,
            String format,
            String encoding,
            String delimiter,
            List<MappingView> mapping,
            List<String> unmappedHeaders,
            List<String> missingRequired,
            List<String> headers,
            List<PreviewRows.Row> rows,
            long recordsRead,
            long rowErrors,
            long warnings,
            double qualityScore,
            boolean wouldFail,
            String failure,
            List<FeedSummary.Issue> issues,
            List<PreviewRows.UnknownSku> unknownSkus,
            List<String> askDateOrder,
            String dateOrder,
            String sheet,
            List<DecodedFile.Sheet> sheets) {}

    record MappingView(String header, String column, boolean required) {}

    @Answers(value = ErrorCode.FILE_TOO_LARGE, when = "The file is larger than spring.servlet.multipart.max-file-size")
    @Answers(
            value = ErrorCode.FILE_UNREADABLE,
            when =
                    "The file cannot be read as a feed (empty, binary, no header, unknown dataset); the problem says which")
    @PostMapping(path = "/preview", consumes = "multipart/form-data")
    PreviewView preview(
            @RequestParam("file") MultipartFile file,
            @RequestParam(required = false) String dataset,
            @RequestParam(name = "date_order", required = false) String dateOrder,
            @RequestParam(required = false) String sheet,
            @RequestParam(name = "business_date", required = false) String businessDate)
            throws IOException {
        DateOrder order = DateOrder.parse(dateOrder, "date_order");
        LocalDate date = businessDate == null || businessDate.isBlank()
                ? null
                : ReplenishmentController.parseDate("business_date", businessDate);
        if (file.isEmpty() && file.getOriginalFilename() == null) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "Send the file as multipart field 'file'.");
        }
        UploadService.Upload upload;
        try (InputStream in = file.getInputStream()) {
            upload = uploads.receive(file.getOriginalFilename(), in);
        }
        return view(upload, uploads.preview(upload, dataset, Map.of(), order, sheet, date), contracts, order, sheet);
    }

    /**
     * @param dateOrder DMY or MDY when the preview asked how the file's day/month dates read
     * @param sheet for a workbook, the sheet to read; absent: the first and every sheet with its columns
     */
    record RepreviewRequest(
            String uploadToken, String dataset, Map<String, String> mapping, String dateOrder, String sheet) {}

    /** Previews an upload again with a corrected mapping or dataset. */
    @Answers(
            value = ErrorCode.UPLOAD_TOKEN_EXPIRED,
            when = "The upload expired or was committed: upload the file again")
    @PostMapping("/preview/{token}")
    PreviewView repreview(@PathVariable String token, @RequestBody RepreviewRequest body) {
        UploadService.Upload upload = uploads.upload(token);
        DateOrder order = DateOrder.parse(body.dateOrder(), "date_order");
        return view(
                upload,
                uploads.preview(
                        upload,
                        body.dataset(),
                        body.mapping() == null ? Map.of() : body.mapping(),
                        order,
                        body.sheet()),
                contracts,
                order,
                body.sheet());
    }

    private static PreviewView view(
            UploadService.Upload upload,
            IngestService.Preview p,
            io.stockroom.contract.ContractRegistry contracts,
            DateOrder order,
            String sheet) {
        ValidationReport r = p.report();
        List<MappingView> mapping = p.headers().stream()
                .map(h -> {
                    String column = r.columnToHeader().entrySet().stream()
                            .filter(e -> e.getValue().equals(h))
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElse(null);
                    boolean required = column != null
                            && contracts
                                    .find(r.dataset())
                                    .flatMap(c -> c.column(column))
                                    .map(c -> c.required() && c.defaultValue() == null)
                                    .orElse(false);
                    return new MappingView(h, column, required);
                })
                .toList();
        return new PreviewView(
                upload.token(),
                upload.expiresAt(),
                upload.fileName(),
                r.dataset(),
                p.candidates(),
                r.format(),
                r.encoding(),
                String.valueOf(r.delimiter()),
                mapping,
                r.unmappedHeaders(),
                r.missingRequired(),
                p.headers(),
                p.rows(),
                r.recordsRead(),
                r.quarantined(),
                r.warnings(),
                r.qualityScore(),
                r.wouldFail(),
                r.failure(),
                r.issues(),
                p.unknownSkus(),
                p.askDateOrder(),
                order == null ? null : order.name(),
                sheet == null || sheet.isBlank() ? null : sheet,
                p.sheets());
    }

    /**
     * @param complete the file is the complete slice of its dates and stores: rows of that slice it does not list are removed
     * @param force load it even if the same bytes were loaded before
     * @param dateOrder DMY or MDY as picked in the preview (needed when it asked)
     * @param sheet for a workbook, the sheet picked in the preview; absent: the first and every sheet with its columns
     */
    record CommitRequest(
            String uploadToken,
            String dataset,
            Map<String, String> mapping,
            Boolean complete,
            Boolean force,
            String dateOrder,
            String sheet) {}

    record CommitResponse(String feedId, String status) {}

    @Answers(
            value = ErrorCode.UPLOAD_TOKEN_EXPIRED,
            when = "The upload expired or was committed: upload the file again")
    @PostMapping("/commit")
    @ResponseStatus(HttpStatus.ACCEPTED)
    CommitResponse commit(@RequestBody CommitRequest body) {
        UploadService.Committed c = uploads.commit(
                body.uploadToken(),
                body.dataset(),
                body.mapping() == null ? Map.of() : body.mapping(),
                Boolean.TRUE.equals(body.complete()),
                Boolean.TRUE.equals(body.force()),
                DateOrder.parse(body.dateOrder(), "date_order"),
                body.sheet());
        return new CommitResponse(c.feedId(), c.status().wire());
    }

    /** Loads a feed's raw file again although its bytes were loaded before (the feed page's Reload for a duplicate). */
    @Answers(value = ErrorCode.RAW_FILE_CHANGED, when = "The raw file no longer has the bytes it was received with")
    @PostMapping("/{id}/reload")
    @ResponseStatus(HttpStatus.CREATED)
    FeedView reload(@PathVariable String id) {
        find(id);
        FeedResult r = uploads.reload(id);
        return FeedView.of(
                find(r.feedId()),
                feeds.quarantine(r.feedId(), 20).stream()
                        .map(QuarantineView::of)
                        .toList());
    }

    @ExceptionHandler(UploadService.RowErrors.class)
    ProblemDetail rowErrors(UploadService.RowErrors e) {
        ProblemDetail p = ApiExceptionHandler.problem(ErrorCode.ROW_ERRORS, e.getMessage());
        ValidationReport r = e.report();
        p.setProperty("row_errors", r.quarantined());
        p.setProperty("missing_required", r.missingRequired());
        p.setProperty("issues", r.issues());
        p.setProperty(
                "rows",
                r.sample().stream()
                        .map(s -> Map.of(
                                "line",
                                s.sourceLine(),
                                "raw_values",
                                JSON.readTree(s.rawValues()),
                                "reasons",
                                JSON.readTree(s.reasons())))
                        .toList());
        return p;
    }

    record CreateProductsRequest(String uploadToken, List<Map<String, Object>> products) {}

    /**
     * @param products every product asked for that exists now: its name (the SKU when none was given) → its id (SKU)
     * @param created  SKUs this call added; {@code existing}: SKUs that were there already and were left unchanged
     * @param feedId   the products feed that added them (null when nothing was missing); its status says whether it loaded
     */
    record CreatedProducts(
            String feedId, String status, Map<String, String> products, List<String> created, List<String> existing) {}

    @Answers(
            value = ErrorCode.UPLOAD_TOKEN_EXPIRED,
            when = "The upload expired or was committed: upload the file again")
    @PostMapping("/auto-create-products")
    // what /api/docs shows: 201 when products were created, 200 when none was missing
    @ResponseStatus(HttpStatus.CREATED)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "Nothing was missing: no product created",
            useReturnTypeSchema = true)
    ResponseEntity<CreatedProducts> createProducts(@RequestBody CreateProductsRequest body) {
        if (body.uploadToken() == null || body.uploadToken().isBlank()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Field 'upload_token' is required: products are created only for "
                            + "the upload you are previewing (POST /api/v1/feeds/preview gives the token).");
        }
        uploads.upload(body.uploadToken()); // 410 when the upload expired, 403 when another user uploaded it
        List<Map<String, Object>> asked = body.products() == null ? List.of() : body.products();
        if (asked.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Field 'products' must list at least one product with a sku.");
        }
        List<String> skus = asked.stream()
                .map(p ->
                        p.get("sku") == null ? "" : String.valueOf(p.get("sku")).strip())
                .toList();
        if (skus.contains("")) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Every product needs a sku; "
                            + skus.stream().filter(String::isEmpty).count() + " of the " + asked.size()
                            + " have none.");
        }
        // only missing products are sent to the load, and the load itself adds only new SKUs: an existing one is never
        // changed
        java.util.Set<String> existing = known.existing(skus);
        List<Map<String, Object>> missing = asked.stream()
                .filter(p -> !existing.contains(String.valueOf(p.get("sku")).strip()))
                .toList();
        FeedResult r = missing.isEmpty() ? null : uploads.createProducts(missing);
        if (r != null && r.status() == io.stockroom.ingest.FeedStatus.FAILED) {
            String reasons = r.summary() == null
                    ? ""
                    : r.summary().issues().stream()
                            .filter(i -> "error".equals(i.type()))
                            .map(i -> (i.column() == null ? "" : i.column() + ": ") + i.message())
                            .distinct()
                            .limit(5)
                            .collect(java.util.stream.Collectors.joining("; "));
            throw new StockroomException(
                    ErrorCode.ROW_ERRORS,
                    "No product was created: " + (reasons.isEmpty() ? "the products feed failed" : reasons)
                            + ". Correct the values and send the products again (feed " + r.feedId()
                            + " has the details).");
        }
        java.util.Set<String> now = known.existing(skus);
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            if (now.contains(skus.get(i))) {
                Object name = asked.get(i).get("name");
                ids.put(
                        name == null || String.valueOf(name).isBlank()
                                ? skus.get(i)
                                : String.valueOf(name).strip(),
                        skus.get(i));
            }
        }
        List<String> created = skus.stream()
                .filter(sku -> now.contains(sku) && !existing.contains(sku))
                .distinct()
                .toList();
        CreatedProducts out = new CreatedProducts(
                r == null ? null : r.feedId(),
                r == null ? "nothing_missing" : r.status().wire(),
                ids,
                created,
                List.copyOf(existing));
        return ResponseEntity.status(created.isEmpty() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(out);
    }

    private FeedStore.Feed find(String id) {
        return feeds.find(id)
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND, "No feed '" + id + "'. GET /api/v1/feeds lists them."));
    }
}
