package io.stockroom.metrics;

import static io.stockroom.metrics.Numbers.quantity;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.metrics.InventoryViews.Alert;
import io.stockroom.metrics.InventoryViews.AlertPage;
import io.stockroom.metrics.InventoryViews.CauseSummary;
import io.stockroom.metrics.InventoryViews.CoverCell;
import io.stockroom.metrics.InventoryViews.CoverHeatmap;
import io.stockroom.metrics.InventoryViews.Position;
import io.stockroom.metrics.InventoryViews.PositionPage;
import io.stockroom.metrics.InventoryViews.SeverityCounts;
import io.stockroom.security.CurrentActor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** Inventory alerts, the cover heatmap and SKU positions, read from mart_inventory_alerts and mart_inventory_position. */
@Service
public class InventoryService {

    enum Severity {
        CRITICAL,
        HIGH,
        MEDIUM,
        LOW
    }

    enum AlertType {
        OUT_OF_STOCK,
        LOW_STOCK,
        OVERSTOCK
    }

    /**
     * Alerts with the money at risk and the cause (docs/metrics.md). Money at risk: a shortage loses a day's sales at the
     * unit price for every day until an order placed now arrives (the lead time) beyond the cover left, from the
     * unrounded figures: daily sales x (lead time - cover) is the lead time's demand less the stock on hand, with the
     * daily sales as units_28d over the known days (not the 4-decimal average, nor the 0.1-day cover shown); an overstock ties
     * up the cost of the stock above 12 weeks of supply (all of it when nothing sold in 28 days), at the cost in force on
     * the alert's day (the costs feed's, else the product's as of that day), as the cost of goods takes it. The cause says what to
     * do: supplier_late (on order now and already a lead time ago: the delivery is overdue), demand_spike (the day's sales
     * were a DEMAND_SPIKE of the replenishment run, docs/replenishment.md), on_order (on its way), no_order_placed, overstock or
     * dead_stock. The snapshots a lead time ago are read for the few days those are (literal dates: the alerts' distinct
     * lead times, within the year before the day), then joined: looked up once per alert instead, PostgreSQL scanned the
     * inventory facts once for each alert on order (4,050 scans of 2.2M snapshots for the demo chain's page, over 97 s).
     */
    /**
     * The first day of the look-back: a year before, never before 0001-01-01 (PostgreSQL has no year 0: a literal
     * '0000-01-01', the year before a date typed as 0001-01-01, fails the statement).
     */
    static java.time.LocalDate yearBefore(java.time.LocalDate day) {
        java.time.LocalDate first = java.time.LocalDate.of(1, 1, 1);
        java.time.LocalDate back = day.minusDays(366);
        return back.isBefore(first) ? first : back;
    }

    static final List<String> CAUSES =
            List.of("no_order_placed", "supplier_late", "demand_spike", "on_order", "overstock", "dead_stock");

    private static final String ALERTS = """
            SELECT a.store_id, a.sku, a.name, a.category, a.alert_type, a.severity, a.on_hand, a.avg_daily_sales, a.days_of_cover,
                   CASE WHEN a.alert_type = 'OVERSTOCK'
                        THEN GREATEST(a.on_hand - 84 * COALESCE(a.avg_daily_sales, 0), 0) * COALESCE(ct.unit_cost, pv.unit_cost)
                        WHEN a.sales_days_missing < 28
                        THEN p.unit_price * GREATEST(a.units_28d * a.lead_time_days - GREATEST(a.on_hand, 0) * (28 - a.sales_days_missing), 0)
                             / (28 - a.sales_days_missing) END AS money_at_risk,
                   CASE WHEN a.alert_type = 'OVERSTOCK' THEN CASE WHEN COALESCE(a.avg_daily_sales, 0) <= 0 THEN 'dead_stock' ELSE 'overstock' END
                        WHEN COALESCE(a.on_order, 0) > 0 AND late.sku IS NOT NULL THEN 'supplier_late'
                        WHEN EXISTS (SELECT 1 FROM replenishment_exceptions sp WHERE sp.code = 'DEMAND_SPIKE' AND sp.store_id = a.store_id
                                 AND sp.sku = a.sku AND sp.business_date = a.business_date) THEN 'demand_spike'
                        WHEN COALESCE(a.on_order, 0) > 0 THEN 'on_order'
                        ELSE 'no_order_placed' END AS cause,
                   CASE WHEN x.action = 'acknowledged' AND x.until >= a.business_date THEN 'acknowledged' ELSE 'open' END AS status,
                   CASE WHEN x.action = 'acknowledged' AND x.until >= a.business_date THEN x.until END AS until,
                   a.severity_rank, a.sales_days_missing
            FROM (SELECT * FROM mart_inventory_alerts%1$s) a LEFT JOIN products p ON p.sku = a.sku
            LEFT JOIN cost_periods ct ON ct.sku = a.sku AND ct.valid_from <= a.business_date
                AND (ct.valid_until IS NULL OR ct.valid_until >= a.business_date)
            LEFT JOIN products_versions pv ON pv.sku = a.sku AND pv.valid_from <= a.business_date
                AND (pv.valid_to IS NULL OR pv.valid_to > a.business_date)
            LEFT JOIN alert_actions x ON x.store_id = a.store_id AND x.sku = a.sku AND x.alert_type = a.alert_type
            LEFT JOIN (SELECT store_id, sku, business_date FROM inventory WHERE on_order > 0 AND business_date IN (%2$s)) late
                ON late.store_id = a.store_id AND late.sku = a.sku
                AND late.business_date = a.business_date - CAST(a.lead_time_days AS INTEGER)""";

    /** Open alerts first, then by the money at risk; under an optional cause. */
    private static final String RANKED_ALERTS =
            "SELECT * FROM (" + ALERTS + ") t WHERE (CAST(? AS VARCHAR) IS NULL OR cause = CAST(? AS VARCHAR))"
                    + " ORDER BY status DESC, money_at_risk DESC NULLS LAST, severity_rank, avg_daily_sales DESC, store_id, sku LIMIT ? OFFSET ?";

    /** Snoozed alerts stay hidden until the day after their date. */
    private static final String NOT_SNOOZED = """
            NOT EXISTS (SELECT 1 FROM alert_actions x WHERE x.store_id = mart_inventory_alerts.store_id
                AND x.sku = mart_inventory_alerts.sku AND x.alert_type = mart_inventory_alerts.alert_type
                AND x.action = 'snoozed' AND x.until >= mart_inventory_alerts.business_date)""";

    enum AlertAction {
        ACKNOWLEDGE,
        SNOOZE,
        REOPEN
    }

    /**
     * Acknowledges (still listed, after the open ones), snoozes (hidden) or reopens an alert until a date (default: a
     * week after the latest snapshot); the change is audited with its actor.
     */
    public AlertDecision act(String store, String sku, String type, String action, LocalDate until, String note) {
        String storeId = Params.optional(store);
        String code = Params.optional(sku);
        if (storeId == null) {
            throw Params.bad("store_id", "is required: the alert's store.");
        }
        if (code == null) {
            throw Params.bad("sku", "is required: the alert's SKU.");
        }
        AlertType alertType = Params.choice("alert_type", type, AlertType.class, null);
        if (alertType == null) {
            throw Params.bad("alert_type", "is required: out_of_stock, low_stock or overstock.");
        }
        AlertAction act = Params.choice("action", action, AlertAction.class, null);
        if (act == null) {
            throw Params.bad("action", "is required: acknowledge, snooze or reopen.");
        }
        Where inScope = new Where().scoped("store_id").eq("store_id", storeId);
        if (marts.count("SELECT COUNT(*) FROM stores" + inScope.sql(), inScope.params()) == 0) {
            throw new StockroomException(
                    ErrorCode.NOT_FOUND,
                    "No store '" + storeId + "' among your stores; GET /api/v1/stores lists them.");
        }
        LocalDate day = latestSnapshot();
        LocalDate till = until != null ? until : day.plusDays(7);
        if (act != AlertAction.REOPEN && till.isBefore(day)) {
            throw Params.bad(
                    "until", "(" + till + ") is before the latest snapshot (" + day + "); choose a later date.");
        }
        String actor = CurrentActor.get().name();
        List<Object> key = List.of(storeId, code, alertType.name());
        marts.update("DELETE FROM alert_actions WHERE store_id = ? AND sku = ? AND alert_type = ?", key);
        String state = switch (act) {
            case ACKNOWLEDGE -> "acknowledged";
            case SNOOZE -> "snoozed";
            case REOPEN -> "open";
        };
        if (act != AlertAction.REOPEN) {
            List<Object> row = new ArrayList<>(key);
            row.addAll(List.of(state, java.sql.Date.valueOf(till), actor));
            row.add(Params.optional(note));
            marts.update("""
                    INSERT INTO alert_actions (store_id, sku, alert_type, action, until, actor, note, acted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""", row);
        }
        audit.record(io.stockroom.security.AuditTrail.Entry.write(
                act.name().toLowerCase(Locale.ROOT),
                "inventory_alert",
                storeId + "/" + code + "/" + alertType.name(),
                null,
                Map.of("status", state, "until", String.valueOf(till)),
                1L));
        return new AlertDecision(
                storeId, code, alertType.name(), state, act == AlertAction.REOPEN ? null : till, actor);
    }

    /** What an alert action left: the alert's state and until when. */
    public record AlertDecision(
            String storeId, String sku, String alertType, String status, LocalDate until, String actor) {}

    private final Marts marts;

    private final io.stockroom.security.AuditTrail audit;
    private final java.time.ZoneId zone;

    @org.springframework.beans.factory.annotation.Autowired
    InventoryService(Marts marts, io.stockroom.security.AuditTrail audit, io.stockroom.StockroomProperties properties) {
        this(marts, audit, properties.zone());
    }

    /** @param zone the retailer's time zone: whose today an empty warehouse's pages show */
    InventoryService(Marts marts, io.stockroom.security.AuditTrail audit, java.time.ZoneId zone) {
        this.marts = marts;
        this.audit = audit;
        this.zone = zone;
    }

    /**
     * Alerts on {@code date} (default: the latest snapshot date), open ones first by the money at risk; {@code byCause}
     * summarises every alert under the filters except the cause and severity, the largest money at risk first.
     */
    public AlertPage alerts(
            LocalDate date,
            String store,
            String area,
            String severity,
            String type,
            String category,
            Integer limit,
            Integer offset) {
        return alerts(date, store, area, severity, type, category, null, limit, offset);
    }

    public AlertPage alerts(
            LocalDate date,
            String store,
            String area,
            String severity,
            String type,
            String category,
            String cause,
            Integer limit,
            Integer offset) {
        Severity sev = severity == null || severity.isBlank()
                ? null
                : Params.choice("severity", severity, Severity.class, null);
        AlertType alertType =
                type == null || type.isBlank() ? null : Params.choice("type", type, AlertType.class, null);
        String why = Params.optional(cause) == null ? null : cause.strip().toLowerCase(Locale.ROOT);
        if (why != null && !CAUSES.contains(why)) {
            throw Params.bad("cause", "must be one of " + String.join(", ", CAUSES) + ", got '" + cause + "'.");
        }
        int lim = Params.limit("limit", limit, 50, 500);
        int off = Params.offset(offset);
        LocalDate day = date != null ? date : latestSnapshot();
        String late = onOrderDaysBefore(day);
        Where base = new Where()
                .scoped("store_id")
                .eq("business_date", day)
                .eq("store_id", Params.optional(store))
                .eq("area", Params.optional(area))
                .eq("alert_type", alertType == null ? null : alertType.name())
                .eq("category", Params.optional(category))
                .condition(NOT_SNOOZED);
        // a cause's money at risk is the sum of its alerts' figures as listed (in cents), so the card and the list
        // agree
        List<CauseSummary> byCause = marts.query(
                "SELECT cause, COUNT(*), SUM(ROUND(CAST(money_at_risk AS DECIMAL(38,9)), 2)),"
                        + " SUM(CASE WHEN money_at_risk IS NULL THEN 1 ELSE 0 END)"
                        + " FROM (" + ALERTS.formatted(base.sql(), late)
                        + ") t GROUP BY cause ORDER BY 3 DESC NULLS LAST, cause",
                base.params(),
                (r, i) -> new CauseSummary(
                        r.getString(1), r.getLong(2), Numbers.money(r.getBigDecimal(3)), r.getLong(4)));
        List<Object> causeParams = new ArrayList<>(base.params());
        causeParams.add(why);
        causeParams.add(why);
        Map<String, Long> bySeverity = marts
                .query(
                        "SELECT severity, COUNT(*) FROM (" + ALERTS.formatted(base.sql(), late)
                                + ") t"
                                + " WHERE (CAST(? AS VARCHAR) IS NULL OR cause = CAST(? AS VARCHAR)) GROUP BY severity",
                        causeParams,
                        (r, i) -> Map.entry(r.getString(1), r.getLong(2)))
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        SeverityCounts counts = new SeverityCounts(
                bySeverity.getOrDefault("critical", 0L),
                bySeverity.getOrDefault("high", 0L),
                bySeverity.getOrDefault("medium", 0L),
                bySeverity.getOrDefault("low", 0L));
        long total = sev == null
                ? bySeverity.values().stream().mapToLong(Long::longValue).sum()
                : bySeverity.getOrDefault(sev.name().toLowerCase(Locale.ROOT), 0L);
        Where where = base.eq("severity", sev == null ? null : sev.name().toLowerCase(Locale.ROOT));
        List<Object> params = new ArrayList<>(where.params());
        params.add(why);
        params.add(why);
        params.add(lim);
        params.add(off);
        List<Alert> items = marts.query(
                RANKED_ALERTS.formatted(where.sql(), late),
                params,
                (r, i) -> new Alert(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6),
                        quantity(r.getBigDecimal(7)),
                        r.getBigDecimal(8),
                        r.getBigDecimal(9),
                        Numbers.money(r.getBigDecimal(10)),
                        r.getString(11),
                        r.getString(12),
                        Marts.date(r, 13),
                        r.getInt(15),
                        salesMissingNote(r.getInt(15))));
        return new AlertPage(day, counts, total, byCause, items);
    }

    /**
     * The days a lead time before {@code day} of its alerts with units on order (within the year before it), as SQL date
     * literals for {@link #ALERTS}' look-up of the snapshots then; NULL (no day) when there are none.
     */
    private String onOrderDaysBefore(LocalDate day) {
        LocalDate first = yearBefore(day);
        String days = marts
                .query(
                        "SELECT DISTINCT CAST(lead_time_days AS INTEGER) FROM mart_inventory_alerts"
                                + " WHERE business_date = ? AND on_order > 0",
                        List.of(day),
                        (r, i) -> day.minusDays(r.getInt(1)))
                .stream()
                .filter(d -> !d.isBefore(first) && !d.isAfter(day))
                .sorted()
                .map(d -> "DATE '" + d + "'")
                .collect(Collectors.joining(", "));
        return days.isEmpty() ? "NULL" : days;
    }

    /** What an alert's average daily sales leaves out: the days of its 28 whose store has no sales loaded. */
    static String salesMissingNote(int days) {
        if (days == 0) {
            return null;
        }
        return days >= 28
                ? "Not available: sales missing for all 28 days (the store's sales feed failed or did not arrive):"
                        + " no average, velocity class, low-stock or overstock alert can be worked out."
                : "Sales missing for " + days + " of the 28 days (the store's sales feed failed or did not arrive):"
                        + " the average daily sales is over the other " + (28 - days) + " days.";
    }

    /** Days of cover and stock-out share by store × category on {@code date} (default: the latest snapshot date). */
    public CoverHeatmap coverHeatmap(LocalDate date, String area) {
        LocalDate day = date != null ? date : latestSnapshot();
        Where where = new Where().scoped("store_id").eq("business_date", day).eq("area", Params.optional(area));
        List<CoverCell> cells = marts.query(
                """
                SELECT store_id, COALESCE(category, '(none)'),
                       SUM(CASE WHEN on_hand > 0 THEN on_hand ELSE 0 END), SUM(avg_daily_sales),
                       SUM(CASE WHEN stock_out THEN 1 ELSE 0 END), COUNT(*), MAX(sales_days_missing)
                FROM mart_inventory_position""" + where.sql() + " GROUP BY store_id, COALESCE(category, '(none)') ORDER BY 1, 2",
                where.params(),
                (r, i) -> new CoverCell(
                        r.getString(1),
                        r.getString(2),
                        cover(r.getBigDecimal(3), r.getBigDecimal(4)),
                        BigDecimal.valueOf(r.getLong(5))
                                .divide(BigDecimal.valueOf(r.getLong(6)), 4, RoundingMode.HALF_UP),
                        r.getInt(7)));
        List<String> stores =
                List.copyOf(cells.stream().map(CoverCell::storeId).collect(Collectors.toCollection(TreeSet::new)));
        List<String> categories =
                List.copyOf(cells.stream().map(CoverCell::category).collect(Collectors.toCollection(TreeSet::new)));
        return new CoverHeatmap(day, stores, categories, cells);
    }

    /** SKU positions on {@code date}: out-of-stock first, then the least cover. */
    public PositionPage positions(LocalDate date, String store, String category, Integer limit, Integer offset) {
        return positions(date, store, category, null, limit, offset);
    }

    /** As above, for one SKU ({@code sku}, exact) in every store the caller sees when it is given. */
    public PositionPage positions(
            LocalDate date, String store, String category, String sku, Integer limit, Integer offset) {
        int lim = Params.limit("limit", limit, 100, 1000);
        int off = Params.offset(offset);
        LocalDate day = date != null ? date : latestSnapshot();
        Where where = new Where()
                .scoped("store_id")
                .eq("business_date", day)
                .eq("store_id", Params.optional(store))
                .eq("category", Params.optional(category))
                .eq("sku", Params.optional(sku));
        long total = marts.count("SELECT COUNT(*) FROM mart_inventory_position" + where.sql(), where.params());
        List<Object> params = new ArrayList<>(where.params());
        params.add(lim);
        params.add(off);
        List<Position> items = marts.query(
                """
                SELECT store_id, sku, name, department, category, on_hand, on_order, units_28d, avg_daily_sales, days_of_cover,
                       weeks_of_supply, sell_through_pct, stock_out, overstock, velocity_class, sales_days_missing
                FROM mart_inventory_position""" + where.sql()
                        + " ORDER BY stock_out DESC, days_of_cover ASC NULLS LAST, store_id, sku LIMIT ? OFFSET ?",
                params,
                (r, i) -> new Position(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        quantity(r.getBigDecimal(6)),
                        quantity(r.getBigDecimal(7)),
                        quantity(r.getBigDecimal(8)),
                        r.getBigDecimal(9),
                        r.getBigDecimal(10),
                        r.getBigDecimal(11),
                        r.getBigDecimal(12),
                        r.getBoolean(13),
                        r.getBoolean(14),
                        r.getString(15),
                        r.getInt(16),
                        salesMissingNote(r.getInt(16))));
        return new PositionPage(day, total, items);
    }

    private LocalDate latestSnapshot() {
        // the small store-day mart knows the latest snapshot date without scanning the positions
        LocalDate latest = marts.one(
                "SELECT MAX(business_date) FROM mart_store_days WHERE dataset = 'inventory'",
                List.of(),
                (r, i) -> Marts.date(r, 1));
        return latest != null ? latest : LocalDate.now(zone);
    }

    private static BigDecimal cover(BigDecimal onHand, BigDecimal avgDailySales) {
        if (avgDailySales == null || avgDailySales.signum() <= 0) {
            return null;
        }
        return onHand.divide(avgDailySales, 1, RoundingMode.HALF_UP);
    }
}
