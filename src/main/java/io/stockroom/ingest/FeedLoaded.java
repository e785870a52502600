package io.stockroom.ingest;

import java.time.LocalDate;
import java.util.Set;

/**
 * Published when a feed loaded outside a pipeline run (upload, batch API, products created in the UI), so the
 * marts can catch up without ingest knowing about them. Listeners run in the publishing thread.
 */
public record FeedLoaded(String feedId, String dataset, Set<LocalDate> datesTouched) {}
