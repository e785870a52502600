package io.stockroom.pipeline;

/** What started a run. */
public enum Trigger {
    CLI,
    SCHEDULE,
    API,
    REPLAY,
    BACKFILL,
    DEMO;

    public String wire() {
        return name().toLowerCase();
    }
}
