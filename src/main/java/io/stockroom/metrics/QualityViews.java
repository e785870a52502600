package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What the quality and quarantine endpoints answer. */
public final class QualityViews {

    private QualityViews() {}

    public record QualityReport(
            List<DatasetQuality> datasets,
            List<ScorePoint> scoreTrend,
            List<ReasonCount> quarantineByReason,
            List<StoreFreshness> freshness,
            List<LakeLag> lakeNotYetUpdated,
            List<TrinoMartWait> trinoMartsNotYetUpdated) {}

    /**
     * On a Trino deployment (docs/scale.md), a lake table's business dates whose loaded rows are not in the lake yet (an
     * upload while Trino was down): the Trino marts of those dates were computed by the warehouse meanwhile, and the next
     * publish takes them along. Empty otherwise.
     */
    public record LakeLag(String dataset, List<LocalDate> dates) {}

    /**
     * On a Trino deployment (docs/scale.md), a mart on Trino that waits for Trino's next refresh (Trino down or not
     * answering when a start, a run or an upload asked it): {@code new_or_changed}, a mart this version added or whose
     * model file it changed since Trino last built it, waits on every date (it holds what the previous version built,
     * or nothing); {@code loads_not_in}, a mart the warehouse cannot compute meanwhile (kept in the lake, or over one),
     * misses the loads of {@code dates}. {@code built_by} says what builds it. Empty otherwise.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TrinoMartWait(String mart, String reason, List<LocalDate> dates, String builtBy) {}

    /** missing_store_days is null for datasets without a store per day (master data, e-commerce orders). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DatasetQuality(
            String dataset,
            String lastGoodFeedId,
            Instant lastGoodAt,
            LocalDate lastBusinessDate,
            Long missingStoreDays) {}

    /**
     * score = rows loaded / (loaded + quarantined) times the share of expected feeds that arrived, 0..1; feeds_not_arrived
     * of feeds_expected were missing or failed (docs/pipeline.md).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ScorePoint(LocalDate date, BigDecimal score, long feedsExpected, long feedsNotArrived) {}

    public record ReasonCount(String code, long rows) {}

    /** days_stale: days behind the latest business date in the warehouse. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StoreFreshness(String dataset, String storeId, LocalDate lastBusinessDate, int daysStale) {}

    public record QuarantinePage(long total, List<QuarantinedRow> items) {}

    /** raw_values is the row as received; a line that could not be split into fields comes back as {"raw_line": "..."}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record QuarantinedRow(
            String feedId, String dataset, Long sourceLine, JsonNode rawValues, List<Reason> reasons) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Reason(String code, String column, String message) {}
}
