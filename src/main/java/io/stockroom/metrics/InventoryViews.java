package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the inventory endpoints answer. */
public final class InventoryViews {

    private InventoryViews() {}

    /**
     * Alerts of one business date; counts are by severity under every filter except severity itself; byCause groups
     * the alerts under every filter except cause and severity.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AlertPage(
            LocalDate date, SeverityCounts counts, long total, List<CauseSummary> byCause, List<Alert> items) {}

    /**
     * One cause of alerts: how many, and the money at risk they add up to.
     *
     * @param withoutPrice alerts whose money at risk is unknown (no price or cost): not in the sum, counted here
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CauseSummary(String cause, long alerts, BigDecimal moneyAtRisk, long withoutPrice) {}

    public record SeverityCounts(long critical, long high, long medium, long low) {}

    /**
     * @param moneyAtRisk lost sales until an order placed now arrives (shortages) or the cost tied up above 12 weeks
     *                    of supply (overstock); null when the product has no price or cost
     * @param cause       no_order_placed, supplier_late, demand_spike, on_order, overstock or dead_stock
     * @param status      open, or acknowledged (until the date given); snoozed alerts are not listed
     * @param salesDaysMissing days of the 28 whose store has no sales loaded (feed failed or missing): the average
     *                    daily sales is over the other days; 0 when none
     * @param note        what the average leaves out ("sales missing for 1 of the 28 days ..."); null when nothing
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Alert(
            String storeId,
            String sku,
            String name,
            String category,
            String alertType,
            String severity,
            BigDecimal onHand,
            BigDecimal avgDailySales,
            BigDecimal daysOfCover,
            BigDecimal moneyAtRisk,
            String cause,
            String status,
            LocalDate until,
            int salesDaysMissing,
            String note) {}

    /** Days of cover by store and category; a cell's cover is its on-hand units over its average daily sales. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CoverHeatmap(LocalDate date, List<String> stores, List<String> categories, List<CoverCell> cells) {}

    /**
     * @param daysOfCover      null when the cell sold nothing in its known days of the 28, or none is known
     * @param stockOutShare    share (0..1) of the cell's SKUs that are out of stock
     * @param salesDaysMissing days of the 28 whose store has no sales loaded (28: the cover is not available, not
     *                         "no recent sales"; 1-27: the cover is over the other days)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CoverCell(
            String storeId, String category, BigDecimal daysOfCover, BigDecimal stockOutShare, int salesDaysMissing) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PositionPage(LocalDate date, long total, List<Position> items) {}

    /**
     * @param velocityClass    fast, medium, slow or stagnant (no net sales on the known days); null when none of the
     *                         28 days is known: not available, {@code note} says why
     * @param salesDaysMissing days of the 28 whose store has no sales loaded: left out of the average daily sales
     * @param note             what the average and the class leave out ("sales missing for 10 of the 28 days ..."); null
     *                         when nothing
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Position(
            String storeId,
            String sku,
            String name,
            String department,
            String category,
            BigDecimal onHand,
            BigDecimal onOrder,
            BigDecimal unitsLast28Days,
            BigDecimal avgDailySales,
            BigDecimal daysOfCover,
            BigDecimal weeksOfSupply,
            BigDecimal sellThroughPct,
            boolean stockOut,
            boolean overstock,
            String velocityClass,
            int salesDaysMissing,
            String note) {}
}
