package io.stockroom.ingest;

/** The life of a feed: processing → queued → transforming → transformed | failed. */
public enum FeedStatus {
    /** Received; being copied to the raw lake and decoded. */
    PROCESSING,
    /** Accepted and waiting to be transformed. */
    QUEUED,
    /** Being validated and loaded. */
    TRANSFORMING,
    /** Loaded (rows that failed checks are in quarantine). */
    TRANSFORMED,
    /** Nothing loaded; the summary's error says why. */
    FAILED;

    public String wire() {
        return name().toLowerCase();
    }

    public boolean isFinal() {
        return this == TRANSFORMED || this == FAILED;
    }
}
