package io.stockroom.api;

import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedSummary;
import io.stockroom.ingest.UploadService;
import java.io.InputStream;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The batch API: an upstream system pushes JSON records for a dataset; they take the same path as a file. */
@RestController
class IngestController {

    private final UploadService uploads;

    IngestController(UploadService uploads) {
        this.uploads = uploads;
    }

    /** The body's shape, for the API docs: {@code data} is an array of records; {@code complete: true} makes them replace their slice. The body is read as a stream, never held whole. */
    record BatchRequest(String sourceId, String dataType, String format, JsonNode data, Boolean complete) {}

    record BatchResponse(
            String batchId,
            String feedId,
            long recordsReceived,
            long recordsLoaded,
            long recordsQuarantined,
            String status,
            String validationStatus,
            FeedSummary summary) {}

    @PostMapping(path = "/api/v1/ingest/batch", consumes = "application/json")
    // what /api/docs shows: 201 loaded (with or without quarantined records), 422 the batch failed
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.CREATED)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "422",
            description = "The batch failed (status failed, validation_status rejected); its summary says why",
            useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = BatchRequest.class)))
    ResponseEntity<BatchResponse> batch(InputStream body) {
        UploadService.Batch batch = uploads.batch(body);
        FeedResult r = batch.result();
        String validation = r.status().wire().equals("failed")
                ? "rejected"
                : r.recordsQuarantined() > 0 ? "accepted_with_errors" : "accepted";
        BatchResponse response = new BatchResponse(
                r.feedId(),
                r.feedId(),
                batch.records(),
                r.recordsLoaded(),
                r.recordsQuarantined(),
                r.status().wire(),
                validation,
                r.summary());
        return ResponseEntity.status(r.status().wire().equals("failed") ? 422 : 201)
                .body(response);
    }
}
