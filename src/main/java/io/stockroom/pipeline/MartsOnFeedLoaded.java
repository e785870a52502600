package io.stockroom.pipeline;

import io.stockroom.ingest.FeedLoaded;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Lake;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A feed loaded outside a run (upload, batch API) refreshes the marts for the dates it touched, so the
 * dashboards show it at once rather than after the next run. Master data changes are picked up by the
 * model runner's fingerprints (the dates a change touches are recomputed).
 *
 * <p>With Trino configured (docs/scale.md) a fact feed is published to the lake as the daily run does (its dates, in
 * one commit per table, with any other dates the lake is behind on) and the Trino models are refreshed from there, the
 * others on the warehouse. A master data feed (no fact dates) refreshes the Trino models on Trino too, for the dates its
 * change touches: at a Trino deployment's size the warehouse would otherwise recompute the per-line and per-store × SKU
 * marts of every date the change reaches, on the one server Trino is there to relieve. If Trino fails, the warehouse
 * refreshes the other models for those dates instead, so the dashboards show the feed where they can; the lake stays behind
 * on them ({@code GET /api/v1/quality} lists them as {@code lake_not_yet_updated}) until the next publish, which takes
 * them along. The marts kept in the lake (the sales lines, the positions) and the models over them (the sales
 * roll-ups, space, positions and alerts) are not computed on the warehouse, whose tables of the lake marts are empty:
 * they wait for that publish and Trino's refresh.
 */
@Component
public final class MartsOnFeedLoaded {

    private static final Logger log = LoggerFactory.getLogger(MartsOnFeedLoaded.class);

    private final ModelRunner models;
    private final Optional<Lake> lake;
    private final Optional<LakeModels> onTrino;

    MartsOnFeedLoaded(ModelRunner models) {
        this(models, Optional.empty(), Optional.empty());
    }

    /** With {@code lake} and {@code onTrino}, a fact feed is published and the Trino models refreshed there. */
    @Autowired
    public MartsOnFeedLoaded(ModelRunner models, Optional<Lake> lake, Optional<LakeModels> onTrino) {
        this.models = models;
        this.lake = lake;
        this.onTrino = onTrino;
    }

    @EventListener
    public void refresh(FeedLoaded event) {
        ModelRunResult result = lake.isPresent() && onTrino.isPresent()
                ? throughLake(event, lake.get(), onTrino.get())
                : models.refresh(event.datesTouched());
        log.info(
                "feed {} ({}) refreshed {} mart rows in {} ms",
                event.feedId(),
                event.dataset(),
                result.rowsWritten(),
                result.totalMillis());
    }

    private ModelRunResult throughLake(FeedLoaded event, Lake lake, LakeModels trino) {
        Set<LocalDate> dates = event.datesTouched();
        try {
            // the feed's own table explicitly (its rows are committed now); the lake's other tables catch up below
            if (!dates.isEmpty() && LakeStep.FACTS.contains(event.dataset()) && lake.holds(event.dataset())) {
                lake.replaceSlices(event.dataset(), Collections.min(dates), Collections.max(dates));
            }
            // both engines, with the dates of loads a failed refresh left out (ModelRunner.refresh(Set, LakeModels)):
            // refreshing only the warehouse's made them look done while the lake's marts still missed them
            return models.refresh(dates, trino);
        } catch (RuntimeException e) {
            log.warn(
                    "feed {} ({}): publishing {} to the lake or refreshing the Trino marts failed ({}); the warehouse "
                            + "refreshes every mart for those dates instead. The lake is behind on them until the next "
                            + "publish (GET /api/v1/quality lists them); the next run, upload or 'stockroom lake models' "
                            + "publishes them.",
                    event.feedId(),
                    event.dataset(),
                    dates,
                    e.getMessage());
            return models.refresh(dates, trino.overLakeMarts());
        }
    }
}
