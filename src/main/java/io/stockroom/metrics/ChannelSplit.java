package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockroom.metrics.DashboardFilter.Period;
import java.math.BigDecimal;
import java.util.List;

/**
 * The period's sales split by channel (store, online, marketplace, ...) and the non-merchandise order lines kept apart
 * from them (postage, fees, adjustments: docs/metrics.md). The range and comparison checks are the KPIs' (a change
 * against a comparison period with days or store-days missing is not a like-for-like gain).
 */
public record ChannelSplit(
        Period range,
        KpiReport.PeriodCheck rangeCheck,
        KpiReport.PeriodCheck comparisonCheck,
        List<Channel> channels,
        List<NonMerchandise> nonMerchandise) {

    /** One channel; transactions and AOV are null where its baskets are not counted (item-level POS counts). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Channel(
            String channel,
            BigDecimal netSales,
            BigDecimal sharePct,
            BigDecimal units,
            BigDecimal transactions,
            BigDecimal aov,
            BigDecimal previousNetSales,
            BigDecimal changePct) {}

    /** Postage, fees, adjustments, vouchers or test lines by kind: not in net sales. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record NonMerchandise(String kind, long lines, BigDecimal value) {}
}
