package io.stockroom;

/** Every error Stockroom reports carries one of these codes; the API maps them to HTTP statuses in one place. */
public enum ErrorCode {
    // input files and feeds
    FILE_NOT_FOUND(404),
    FILE_EMPTY(422),
    FILE_HEADER_ONLY(422),
    FILE_BINARY(422),
    FILE_UNREADABLE(422),
    FILE_TOO_LARGE(413),
    UNSUPPORTED_FORMAT(415),
    DATASET_UNKNOWN(422),
    DATASET_AMBIGUOUS(422),
    MISSING_REQUIRED_COLUMN(422),
    ERROR_THRESHOLD_EXCEEDED(422),
    DUPLICATE_FILE(409),
    UPLOAD_TOKEN_EXPIRED(410),
    ROW_ERRORS(422),
    TOO_MANY_COLUMNS(422),
    DATE_ORDER_AMBIGUOUS(422),
    /** A file that carries no business date (a header-only empty day) was sent without one. */
    BUSINESS_DATE_REQUIRED(422),
    REQUEST_TOO_LARGE(413),
    /** A raw lake file no longer has the bytes its manifest recorded. */
    RAW_FILE_CHANGED(409),
    /** Retention removed a raw lake file: the dates it held can no longer be replayed from the lake. */
    RAW_FILE_REMOVED(409),
    // configuration
    CONTRACT_INVALID(500),
    CONFIG_INVALID(500),
    // requests
    BAD_PARAMETER(400),
    NOT_FOUND(404),
    /** An operation exists at that path, but not for that HTTP method. */
    METHOD_NOT_ALLOWED(405),
    /** The request body's Content-Type is not one the operation reads. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** The operation cannot answer in any type the request's Accept header allows. */
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    FORBIDDEN(403),
    // engine and pipeline
    WAREHOUSE_LOCKED(503),
    /** The lake's query engine (Trino) does not answer: what is read from the lake cannot be shown until it does. */
    LAKE_UNAVAILABLE(503),
    /**
     * The raw lake under the data directory cannot be written (read-only, full, a file where a folder must be): a
     * problem of the machine, not of the file; {@code stockroom run} exits 2.
     */
    LAKE_NOT_WRITABLE(503),
    /**
     * The warehouse (or Trino) ran out of memory answering: a narrower request may go through, and the administrator
     * can give the engine more (docs/engines.md).
     */
    OUT_OF_MEMORY(503),
    /**
     * The warehouse's database does not answer (a restart, a failover, a lost network): what was not committed is not
     * kept, and the work can run again once it answers.
     */
    WAREHOUSE_UNREACHABLE(503),
    WAREHOUSE_ERROR(500),
    RUN_FAILED(500),
    /** The process stopped (crash, kill) while a feed or run was under way. */
    INTERRUPTED(500),
    MODEL_TEST_FAILED(500),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
