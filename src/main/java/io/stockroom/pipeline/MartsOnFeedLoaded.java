package io.stockroom.pipeline;

import io.stockroom.ingest.FeedLoaded;
import io.stockroom.model.ModelRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A feed loaded outside a run (upload, batch API) refreshes the marts for the dates it touched, so the
 * dashboards show it at once rather than after the next run. Master data changes are picked up by the
 * model runner's fingerprints.
 */
@Component
class MartsOnFeedLoaded {

    private static final Logger log = LoggerFactory.getLogger(MartsOnFeedLoaded.class);

    private final ModelRunner models;

    MartsOnFeedLoaded(ModelRunner models) {
        this.models = models;
    }

    @EventListener
    void refresh(FeedLoaded event) {
        var result = models.refresh(event.datesTouched());
        log.info(
                "feed {} ({}) refreshed {} mart rows in {} ms",
                event.feedId(),
                event.dataset(),
                result.rowsWritten(),
                result.totalMillis());
    }
}
