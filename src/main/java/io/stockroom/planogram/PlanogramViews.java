package io.stockroom.planogram;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the planogram reads answer (JSON in snake_case; a value that cannot be computed is left out, never guessed). */
public final class PlanogramViews {

    private PlanogramViews() {}

    /** A fixture with the placements in place on the date: how many, how many fully recorded (zone, shelf, facings). */
    public record Fixture(
            String storeId,
            String fixtureId,
            String fixtureType,
            String displayZone,
            String section,
            Integer shelfCount,
            BigDecimal widthCm,
            long placements,
            long complete,
            Long facings) {}

    /** A store's fixtures by display zone, with its completeness. */
    public record StoreFloor(String storeId, LocalDate asOf, Completeness completeness, List<Zone> zones) {}

    public record Zone(String displayZone, List<Fixture> fixtures) {}

    /** The placements of a store (or one fixture) in place on a date. */
    public record Placements(String storeId, String fixtureId, LocalDate asOf, List<Placement> placements) {}

    /** Every version of a store × fixture's placements, and the audited changes made through the API. */
    public record History(String storeId, String fixtureId, List<Placement> versions, List<Change> changes) {}

    /** One audited placement change: who, when, what before and after (JSON as written to the audit log). */
    public record Change(
            java.time.Instant occurredAt,
            String actor,
            String actorRole,
            String action,
            String entityId,
            String before,
            String after) {}

    /**
     * Completeness of one store, an area or the chain on {@code asOf} (docs/planogram.md).
     *
     * @param ranged SKUs the store carries (its inventory snapshot); null = no snapshot in the 7 days up to the date
     * @param placedShare placed / ranged; null when ranged is not available or zero
     * @param completeShare placements with zone, shelf and facings / placements; null without placements
     */
    public record Completeness(
            String storeId,
            String name,
            String area,
            LocalDate snapshotDate,
            Long ranged,
            Long placed,
            Double placedShare,
            long placements,
            long withZone,
            long withShelf,
            long withFacings,
            long complete,
            Double completeShare,
            Target target) {}

    /**
     * Progress toward the configured target date ({@code stockroom.planogram.target-date}).
     *
     * @param missing ranged SKUs still to place to reach the target share
     * @param neededPerDay missing ÷ days left (null when the date has passed or nothing is missing)
     * @param status done, on_track (no date set: unknown), in_progress, overdue or not_available (no ranged SKUs known)
     */
    public record Target(
            LocalDate targetDate,
            double targetShare,
            Long daysLeft,
            Long missing,
            Double neededPerDay,
            String status) {}

    public record CompletenessReport(
            LocalDate asOf, Completeness chain, List<Completeness> areas, List<Completeness> stores) {}

    /**
     * Space productivity of one group (zone, fixture type, shelf level or fixture) over a date range.
     *
     * @param margin gross margin of the costed sales (null when no sale in the group has a cost)
     * @param avgFacings facing-days ÷ days in the range
     * @param salesPerFacing net sales ÷ average facings
     * @param daysOfSupply capacity in place at the end ÷ average daily units sold
     */
    public record SpaceRow(
            String group,
            BigDecimal units,
            BigDecimal netSales,
            BigDecimal margin,
            Double marginPct,
            Double avgFacings,
            Double salesPerFacing,
            Double unitsPerFacing,
            Long capacity,
            Double daysOfSupply,
            long placements) {}

    public record SpaceReport(LocalDate from, LocalDate to, String groupBy, String store, List<SpaceRow> rows) {}
}
