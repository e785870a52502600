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

    /**
     * A status filter as a user typed it (CLI {@code --status}, API {@code ?status=}): null stays null (no filter);
     * anything else must be one of the statuses, or the error (starting with {@code what}) lists them.
     */
    public static String filter(String status, String what) {
        if (status == null) {
            return null;
        }
        for (FeedStatus s : values()) {
            if (s.wire().equals(status.strip().toLowerCase(java.util.Locale.ROOT))) {
                return s.wire();
            }
        }
        throw new io.stockroom.StockroomException(
                io.stockroom.ErrorCode.BAD_PARAMETER,
                what + " must be one of "
                        + String.join(
                                ", ",
                                java.util.Arrays.stream(values())
                                        .map(FeedStatus::wire)
                                        .toList()) + "; got '" + status + "'.");
    }

    public boolean isFinal() {
        return this == TRANSFORMED || this == FAILED;
    }
}
