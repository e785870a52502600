package io.stockroom.replenish;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** Every stored value of one recommendation line: the inputs, each intermediate level and each sizing step. */
public record LineValues(
        long id,
        LocalDate businessDate,
        String storeId,
        String sku,
        String supplierId,
        String poId,
        String category,
        String abcClass,
        BigDecimal revenue,
        LocalDate snapshotDate,
        BigDecimal onHand,
        BigDecimal onOrder,
        BigDecimal reserved,
        BigDecimal position,
        int nDays,
        BigDecimal itemRate,
        BigDecimal demandRate,
        BigDecimal demandSigma,
        boolean newItem,
        BigDecimal serviceLevel,
        double z,
        BigDecimal weeksOfSupply,
        String weeksSource,
        int leadTimeDays,
        String leadTimeSource,
        int reviewDays,
        String reviewSource,
        LocalDate ltoEndDate,
        int coverDays,
        BigDecimal ruleSafetyStock,
        BigDecimal safetyStockCalc,
        BigDecimal safetyStock,
        BigDecimal s0,
        BigDecimal wosCap,
        BigDecimal s1,
        BigDecimal ruleMin,
        Integer presentationMin,
        BigDecimal s2,
        BigDecimal ruleMax,
        BigDecimal orderUpTo,
        BigDecimal reorderPoint,
        BigDecimal rawNeed,
        long needUnits,
        Integer moq,
        long afterMoq,
        int casePack,
        long afterCase,
        long afterCap,
        long topUp,
        String exception,
        long recommendedQty,
        BigDecimal unitCost,
        Long overrideQty,
        String overrideReason,
        String overriddenBy,
        java.time.Instant overriddenAt,
        long finalQty,
        String status,
        String decidedBy,
        java.time.Instant decidedAt,
        String decisionReason,
        String forecastMethod,
        Double forecastRmsse,
        BigDecimal forecastCover,
        BigDecimal forecastLead,
        Double leadTimeSd,
        String ssModel,
        Integer ssQuantile,
        LocalDate forecastPromoStart,
        LocalDate forecastPromoEnd,
        Double forecastPromoUplift,
        boolean forecastAwaitingChoice,
        Integer shelfFloor,
        Integer shelfCapacity,
        BigDecimal shelfMax,
        String shelfPlacements,
        String serviceMeasure,
        Double fillK,
        Integer leadTimeOutliers,
        Integer leadTimeOutlierMin,
        Integer leadTimeOutlierMax,
        Integer leadTimeFenceLow,
        Integer leadTimeFenceHigh,
        Integer salesMissingDays,
        Integer longDays,
        Integer longWindowDays) {

    static LineValues of(ResultSet rs) throws SQLException {
        return new LineValues(
                rs.getLong("id"),
                date(rs, "business_date"),
                rs.getString("store_id"),
                rs.getString("sku"),
                rs.getString("supplier_id"),
                rs.getString("po_id"),
                rs.getString("category"),
                rs.getString("abc_class"),
                rs.getBigDecimal("revenue"),
                date(rs, "snapshot_date"),
                rs.getBigDecimal("on_hand"),
                rs.getBigDecimal("on_order"),
                rs.getBigDecimal("reserved"),
                rs.getBigDecimal("position"),
                rs.getInt("n_days"),
                rs.getBigDecimal("item_rate"),
                rs.getBigDecimal("demand_rate"),
                rs.getBigDecimal("demand_sigma"),
                rs.getBoolean("new_item"),
                rs.getBigDecimal("service_level"),
                rs.getDouble("z"),
                rs.getBigDecimal("weeks_of_supply"),
                rs.getString("weeks_source"),
                rs.getInt("lead_time_days"),
                rs.getString("lead_time_source"),
                rs.getInt("review_days"),
                rs.getString("review_source"),
                date(rs, "lto_end_date"),
                rs.getInt("cover_days"),
                rs.getBigDecimal("rule_safety_stock"),
                rs.getBigDecimal("safety_stock_calc"),
                rs.getBigDecimal("safety_stock"),
                rs.getBigDecimal("s0"),
                rs.getBigDecimal("wos_cap"),
                rs.getBigDecimal("s1"),
                rs.getBigDecimal("rule_min"),
                integer(rs, "presentation_min"),
                rs.getBigDecimal("s2"),
                rs.getBigDecimal("rule_max"),
                rs.getBigDecimal("order_up_to"),
                rs.getBigDecimal("reorder_point"),
                rs.getBigDecimal("raw_need"),
                rs.getLong("need_units"),
                integer(rs, "moq"),
                rs.getLong("after_moq"),
                rs.getInt("case_pack"),
                rs.getLong("after_case"),
                rs.getLong("after_cap"),
                rs.getLong("top_up"),
                rs.getString("exception"),
                rs.getLong("recommended_qty"),
                rs.getBigDecimal("unit_cost"),
                longOrNull(rs, "override_qty"),
                rs.getString("override_reason"),
                rs.getString("overridden_by"),
                time(rs, "overridden_at"),
                rs.getLong("final_qty"),
                rs.getString("status"),
                rs.getString("decided_by"),
                time(rs, "decided_at"),
                rs.getString("decision_reason"),
                rs.getString("forecast_method"),
                doubleOrNull(rs, "forecast_rmsse"),
                rs.getBigDecimal("forecast_cover"),
                rs.getBigDecimal("forecast_lead"),
                doubleOrNull(rs, "lead_time_sd"),
                rs.getString("ss_model"),
                integer(rs, "ss_quantile"),
                date(rs, "forecast_promo_start"),
                date(rs, "forecast_promo_end"),
                doubleOrNull(rs, "forecast_promo_uplift"),
                rs.getBoolean("forecast_awaiting_choice"),
                integer(rs, "shelf_floor"),
                integer(rs, "shelf_capacity"),
                rs.getBigDecimal("shelf_max"),
                rs.getString("shelf_placements"),
                rs.getString("service_measure"),
                doubleOrNull(rs, "fill_k"),
                integer(rs, "lead_time_outliers"),
                integer(rs, "lead_time_outlier_min"),
                integer(rs, "lead_time_outlier_max"),
                integer(rs, "lead_time_fence_low"),
                integer(rs, "lead_time_fence_high"),
                integer(rs, "sales_missing_days"),
                integer(rs, "long_days"),
                integer(rs, "long_window_days"));
    }

    /** The hard limit on the position after ordering: the lower of the rule max and the shelf's capacity + back room. */
    BigDecimal hardMax() {
        return ruleMax == null ? shelfMax : shelfMax == null ? ruleMax : ruleMax.min(shelfMax);
    }

    /** True when the class's service level is a fill-rate target (issue 14), not a cycle service level. */
    boolean fillRate() {
        return ServiceMeasure.FILL_RATE.key().equals(serviceMeasure);
    }

    /** σ_P, the spread of the demand over the cover period: σ·√P, or √(P·σ² + d²·σL²) with an observed σL. */
    double sigmaP() {
        return FillRate.sigmaP(demandSigma.doubleValue(), demandRate.doubleValue(), coverDays, leadTimeSd);
    }

    /** The fill-rate target's expected shortage per cycle, (1 − β) · d · R, in doubles as policy.sql computes it. */
    double shortageTarget() {
        return (1 - serviceLevel.doubleValue()) * demandRate.doubleValue() * reviewDays;
    }

    /**
     * True when the item was in stock too few days of the demand window but enough of the longer window
     * ({@code longWindowDays}, the ABC window) for its own rate over {@code longDays} in-stock days: long out of stock,
     * not new.
     */
    boolean longOutOfStock() {
        return !newItem && longDays != null;
    }

    /** True when the shelf (not a rule) set the hard limit. */
    boolean shelfCaps() {
        return shelfMax != null && (ruleMax == null || shelfMax.compareTo(ruleMax) < 0);
    }

    private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        java.sql.Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    /** Decisions and overrides are kept as UTC date-times (Sql.instant). */
    private static java.time.Instant time(ResultSet rs, String column) throws SQLException {
        return io.stockroom.warehouse.Sql.instant(rs, column);
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
