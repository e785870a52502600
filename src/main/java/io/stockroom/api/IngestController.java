package io.stockroom.api;

import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedSummary;
import io.stockroom.ingest.UploadService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The batch API: an upstream system pushes JSON records for a dataset; they take the same path as a file. */
@RestController
class IngestController {

    private final UploadService uploads;

    IngestController(UploadService uploads) {
        this.uploads = uploads;
    }

    /** @param complete the records are the complete slice of their dates (and stores): it replaces that slice */
    record BatchRequest(String sourceId, String dataType, String format, JsonNode data, Boolean complete) {}

    record BatchResponse(String batchId, String feedId, long recordsReceived, long recordsLoaded, long recordsQuarantined, String status,
            String validationStatus, FeedSummary summary) {}

    @PostMapping("/api/v1/ingest/batch")
    ResponseEntity<BatchResponse> batch(@RequestBody BatchRequest body) {
        FeedResult r = uploads.batch(body.sourceId(), body.dataType(), body.format(), body.data(), Boolean.TRUE.equals(body.complete()));
        String validation = r.status().wire().equals("failed") ? "rejected" : r.recordsQuarantined() > 0 ? "accepted_with_errors" : "accepted";
        BatchResponse response = new BatchResponse(r.feedId(), r.feedId(), body.data().size(), r.recordsLoaded(), r.recordsQuarantined(), r.status().wire(),
                validation, r.summary());
        return ResponseEntity.status(r.status().wire().equals("failed") ? 422 : 201).body(response);
    }
}
