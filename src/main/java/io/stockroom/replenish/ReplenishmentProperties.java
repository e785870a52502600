package io.stockroom.replenish;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Replenishment settings ({@code stockroom.replenishment.*}); every value has a working default.
 * See docs/replenishment.md for what each one changes.
 */
@ConfigurationProperties("stockroom.replenishment")
public record ReplenishmentProperties(
        /** Trailing window of the demand rate, in days. */
        @DefaultValue("28") int demandWindowDays,
        /** Items with fewer in-stock days than this use their category's rate in the store (NEW_ITEM). */
        @DefaultValue("7") int minHistoryDays,
        /** Window of the net sales that rank items into ABC classes (13 weeks). */
        @DefaultValue("91") int revenueWindowDays,
        /** Rank items per store or chain-wide. */
        @DefaultValue("STORE") AbcScope abcScope,
        /** A until the cumulative share of net sales reaches this. */
        @DefaultValue("0.80") BigDecimal classAShare,
        /** B until the cumulative share reaches this; C the rest. */
        @DefaultValue("0.95") BigDecimal classBShare,
        @DefaultValue Classes classes,
        /** Lead time when neither the supplier-product nor the supplier has one. */
        @DefaultValue("7") int defaultLeadTimeDays,
        /** Review period when the supplier lists no order days. */
        @DefaultValue("7") int defaultReviewDays,
        /** A store's snapshot is stale (its lines held) once it is this many days older than the business date. */
        @DefaultValue("1") int staleInventoryAfterDays,
        /** One purchase order per supplier x store, or per supplier with store allocation. */
        @DefaultValue("SUPPLIER_STORE") PoGrouping poGrouping,
        /** Top up orders below the supplier's minimum order value with cases of their A items (least cover first). */
        @DefaultValue("false") boolean topUpBelowMinOrderValue,
        /** A day's units above mean + this many sigma is a DEMAND_SPIKE. */
        @DefaultValue("3") double spikeSigmas,
        /** Placements feed the policy (issue 15): the shelf's presentation minimum and its capacity cap. */
        @DefaultValue Shelf shelf,
        /**
         * Days of facts a full rebuild of the demand statistics reads per statement (DemandStatistics): its memory and
         * temporary files grow with pairs x these days, not with the longer window's 91.
         */
        @DefaultValue("14") int rebuildBatchDays) {

    public enum AbcScope {
        STORE,
        CHAIN
    }

    public enum PoGrouping {
        SUPPLIER_STORE,
        SUPPLIER
    }

    /**
     * Per-class service level and maximum weeks of supply. The service measure says what the level means (issue 14):
     * {@code cycle} (the default), the probability of no stock-out in a replenishment cycle (turned into z);
     * {@code fill-rate}, the share of the units demanded that are served from the shelf (turned into k per line, see
     * FillRate).
     */
    public record Classes(
            @DefaultValue("0.98") BigDecimal aServiceLevel,
            @DefaultValue("2") BigDecimal aMaxWeeksOfSupply,
            @DefaultValue("0.95") BigDecimal bServiceLevel,
            @DefaultValue("3") BigDecimal bMaxWeeksOfSupply,
            @DefaultValue("0.90") BigDecimal cServiceLevel,
            @DefaultValue("4") BigDecimal cMaxWeeksOfSupply,
            @DefaultValue("cycle") String aServiceMeasure,
            @DefaultValue("cycle") String bServiceMeasure,
            @DefaultValue("cycle") String cServiceMeasure) {

        public Classes {
            aServiceMeasure = configured("a", aServiceMeasure);
            bServiceMeasure = configured("b", bServiceMeasure);
            cServiceMeasure = configured("c", cServiceMeasure);
        }

        /** A measure as configured, or a start-up failure that names the key and the values it takes. */
        private static String configured(String abcClass, String value) {
            try {
                return ServiceMeasure.of("stockroom.replenishment.classes." + abcClass + "-service-measure", value)
                        .key();
            } catch (IllegalArgumentException e) {
                throw new io.stockroom.StockroomException(
                        io.stockroom.ErrorCode.CONFIG_INVALID, e.getMessage() + ". The default is cycle.");
            }
        }

        /** Cycle service level everywhere, as when nothing is configured. */
        public static Classes cycle(
                BigDecimal aServiceLevel,
                BigDecimal aMaxWeeksOfSupply,
                BigDecimal bServiceLevel,
                BigDecimal bMaxWeeksOfSupply,
                BigDecimal cServiceLevel,
                BigDecimal cMaxWeeksOfSupply) {
            return new Classes(
                    aServiceLevel,
                    aMaxWeeksOfSupply,
                    bServiceLevel,
                    bMaxWeeksOfSupply,
                    cServiceLevel,
                    cMaxWeeksOfSupply,
                    "cycle",
                    "cycle",
                    "cycle");
        }

        /** The measure of class A, B or C. */
        public ServiceMeasure measure(char abcClass) {
            return ServiceMeasure.of(
                    "service measure",
                    switch (abcClass) {
                        case 'A' -> aServiceMeasure;
                        case 'B' -> bServiceMeasure;
                        default -> cServiceMeasure;
                    });
        }

        /** The same classes with one class's measure changed. */
        public Classes withMeasure(char abcClass, ServiceMeasure m) {
            return new Classes(
                    aServiceLevel,
                    aMaxWeeksOfSupply,
                    bServiceLevel,
                    bMaxWeeksOfSupply,
                    cServiceLevel,
                    cMaxWeeksOfSupply,
                    abcClass == 'A' ? m.key() : aServiceMeasure,
                    abcClass == 'B' ? m.key() : bServiceMeasure,
                    abcClass == 'C' ? m.key() : cServiceMeasure);
        }
    }

    /**
     * How placements shape the policy. A placement without a presentation minimum asks for {@code unitsPerFacing} units
     * per facing. With {@code backRoomShare} set, the placements' capacity plus that share of it (the back room: 0 =
     * the shelf alone, 0.5 = half a shelf more) caps the order; unset, capacity does not cap.
     */
    public record Shelf(@DefaultValue("1") int unitsPerFacing, BigDecimal backRoomShare) {
        public Shelf {
            if (unitsPerFacing < 0 || backRoomShare != null && backRoomShare.signum() < 0) {
                throw new IllegalArgumentException(
                        "stockroom.replenishment.shelf: units-per-facing and back-room-share must be at least 0, got "
                                + unitsPerFacing + " and " + backRoomShare);
            }
        }
    }

    public ReplenishmentProperties {
        shelf = shelf == null ? new Shelf(1, null) : shelf;
        if (demandWindowDays < 1 || revenueWindowDays < 1 || minHistoryDays < 0 || staleInventoryAfterDays < 1) {
            throw new IllegalArgumentException(
                    "stockroom.replenishment: windows must be at least 1 day (demand-window-days, "
                            + "revenue-window-days, stale-inventory-after-days) and min-history-days at least 0");
        }
        if (rebuildBatchDays < 1) {
            throw new IllegalArgumentException(
                    "stockroom.replenishment.rebuild-batch-days must be at least 1 (days of facts a full rebuild of the"
                            + " demand statistics reads at a time; 14 by default), got " + rebuildBatchDays);
        }
        if (classAShare.signum() <= 0
                || classAShare.compareTo(classBShare) > 0
                || classBShare.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(
                    "stockroom.replenishment: need 0 < class-a-share <= class-b-share <= 1, got " + classAShare
                            + " and " + classBShare);
        }
    }

    /**
     * The longer window of an item out of stock most of the demand window (LONG_OUT_OF_STOCK, step 2 of
     * docs/replenishment.md): the ABC class's revenue window, and never shorter than the demand window.
     */
    public int longWindowDays() {
        return Math.max(revenueWindowDays, demandWindowDays);
    }

    /** The defaults, as when nothing is configured. */
    public static ReplenishmentProperties defaults() {
        return new ReplenishmentProperties(
                28,
                7,
                91,
                AbcScope.STORE,
                new BigDecimal("0.80"),
                new BigDecimal("0.95"),
                Classes.cycle(
                        new BigDecimal("0.98"),
                        new BigDecimal("2"),
                        new BigDecimal("0.95"),
                        new BigDecimal("3"),
                        new BigDecimal("0.90"),
                        new BigDecimal("4")),
                7,
                7,
                1,
                PoGrouping.SUPPLIER_STORE,
                false,
                3.0,
                new Shelf(1, null),
                14);
    }

    public ReplenishmentProperties withAbcScope(AbcScope scope) {
        return new ReplenishmentProperties(
                demandWindowDays,
                minHistoryDays,
                revenueWindowDays,
                scope,
                classAShare,
                classBShare,
                classes,
                defaultLeadTimeDays,
                defaultReviewDays,
                staleInventoryAfterDays,
                poGrouping,
                topUpBelowMinOrderValue,
                spikeSigmas,
                shelf,
                rebuildBatchDays);
    }

    public ReplenishmentProperties withPoGrouping(PoGrouping grouping) {
        return new ReplenishmentProperties(
                demandWindowDays,
                minHistoryDays,
                revenueWindowDays,
                abcScope,
                classAShare,
                classBShare,
                classes,
                defaultLeadTimeDays,
                defaultReviewDays,
                staleInventoryAfterDays,
                grouping,
                topUpBelowMinOrderValue,
                spikeSigmas,
                shelf,
                rebuildBatchDays);
    }

    public ReplenishmentProperties withDemandWindowDays(int days) {
        return new ReplenishmentProperties(
                days,
                minHistoryDays,
                revenueWindowDays,
                abcScope,
                classAShare,
                classBShare,
                classes,
                defaultLeadTimeDays,
                defaultReviewDays,
                staleInventoryAfterDays,
                poGrouping,
                topUpBelowMinOrderValue,
                spikeSigmas,
                shelf,
                rebuildBatchDays);
    }

    public ReplenishmentProperties withRevenueWindowDays(int days) {
        return new ReplenishmentProperties(
                demandWindowDays,
                minHistoryDays,
                days,
                abcScope,
                classAShare,
                classBShare,
                classes,
                defaultLeadTimeDays,
                defaultReviewDays,
                staleInventoryAfterDays,
                poGrouping,
                topUpBelowMinOrderValue,
                spikeSigmas,
                shelf,
                rebuildBatchDays);
    }

    public ReplenishmentProperties withTopUp(boolean topUp) {
        return new ReplenishmentProperties(
                demandWindowDays,
                minHistoryDays,
                revenueWindowDays,
                abcScope,
                classAShare,
                classBShare,
                classes,
                defaultLeadTimeDays,
                defaultReviewDays,
                staleInventoryAfterDays,
                poGrouping,
                topUp,
                spikeSigmas,
                shelf,
                rebuildBatchDays);
    }

    public ReplenishmentProperties withClasses(Classes classSettings) {
        return new ReplenishmentProperties(
                demandWindowDays,
                minHistoryDays,
                revenueWindowDays,
                abcScope,
                classAShare,
                classBShare,
                classSettings,
                defaultLeadTimeDays,
                defaultReviewDays,
                staleInventoryAfterDays,
                poGrouping,
                topUpBelowMinOrderValue,
                spikeSigmas,
                shelf,
                rebuildBatchDays);
    }

    public ReplenishmentProperties withShelf(Shelf shelfSettings) {
        return new ReplenishmentProperties(
                demandWindowDays,
                minHistoryDays,
                revenueWindowDays,
                abcScope,
                classAShare,
                classBShare,
                classes,
                defaultLeadTimeDays,
                defaultReviewDays,
                staleInventoryAfterDays,
                poGrouping,
                topUpBelowMinOrderValue,
                spikeSigmas,
                shelfSettings,
                rebuildBatchDays);
    }

    public ReplenishmentProperties withRebuildBatchDays(int days) {
        return new ReplenishmentProperties(
                demandWindowDays,
                minHistoryDays,
                revenueWindowDays,
                abcScope,
                classAShare,
                classBShare,
                classes,
                defaultLeadTimeDays,
                defaultReviewDays,
                staleInventoryAfterDays,
                poGrouping,
                topUpBelowMinOrderValue,
                spikeSigmas,
                shelf,
                days);
    }
}
