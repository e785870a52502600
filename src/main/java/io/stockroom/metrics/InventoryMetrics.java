package io.stockroom.metrics;

import static io.stockroom.metrics.Numbers.percent;
import static io.stockroom.metrics.Numbers.quantity;
import static io.stockroom.metrics.Numbers.ratio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockroom.metrics.DashboardFilter.Period;
import io.stockroom.metrics.DashboardFilter.Resolved;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The inventory metrics buyers ask for, over a period and the dashboard filters, each defined once here and in
 * docs/metrics.md: sell-through %, weeks of supply on forward demand, inventory turnover, GMROI, stock-to-sales
 * ratio, in-stock % and shrink. A figure whose inputs are missing is null with a note saying what is missing.
 */
@Service
public class InventoryMetrics {

    /**
     * The unit cost in force on a snapshot's day, as the cost of goods takes it (mart_sales_daily): the costs feed's
     * cost valid that day, else the product master's as of that day. Stock and its sales are then valued alike, and a
     * cost change reprices the stock from its day on, never before.
     */
    private static final String COST_ON_THE_DAY =
            " LEFT JOIN cost_periods ct ON ct.sku = i.sku AND ct.valid_from <= i.business_date"
                    + " AND (ct.valid_until IS NULL OR ct.valid_until >= i.business_date)"
                    + " LEFT JOIN products_versions pv ON pv.sku = i.sku AND pv.valid_from <= i.business_date"
                    + " AND (pv.valid_to IS NULL OR pv.valid_to > i.business_date)";
    /** Snapshots in the period: positions, in-stock positions, stock at cost summed over days, snapshot days. */
    private static final String SNAPSHOTS = """
            SELECT COUNT(*), SUM(CASE WHEN i.on_hand > 0 THEN 1 ELSE 0 END), SUM(i.on_hand * COALESCE(ct.unit_cost, pv.unit_cost)), COUNT(DISTINCT i.business_date),
                   MIN(i.business_date), MAX(i.business_date), SUM(CASE WHEN COALESCE(ct.unit_cost, pv.unit_cost) IS NULL THEN 1 ELSE 0 END)
            FROM inventory i JOIN products p ON p.sku = i.sku LEFT JOIN stores s ON s.store_id = i.store_id""" + COST_ON_THE_DAY + "%s";
    /** Stock on one snapshot day: units, at cost, at retail (unit price). */
    private static final String STOCK_ON = """
            SELECT SUM(i.on_hand), SUM(i.on_hand * COALESCE(ct.unit_cost, pv.unit_cost)), SUM(i.on_hand * p.unit_price), SUM(CASE WHEN p.unit_price IS NULL THEN 1 ELSE 0 END)
            FROM inventory i JOIN products p ON p.sku = i.sku LEFT JOIN stores s ON s.store_id = i.store_id""" + COST_ON_THE_DAY + "%s";

    private static final String SALES = """
            SELECT SUM(units), SUM(net_sales), SUM(cogs), SUM(gross_margin)
            FROM mart_sales_daily%s""";
    /**
     * Only sales out of the stock the snapshots count pair with it: those of a store with a snapshot in the period.
     * A web order without a store (a warehouse the chain sends no stock of) came out of no stock counted here; one
     * that names a store, or a web warehouse sent as a store with its own snapshots, is that store's sale.
     */
    private static final String SOLD_FROM_COUNTED_STOCK =
            "store_id IN (SELECT DISTINCT store_id FROM inventory WHERE business_date BETWEEN ? AND ?)";
    /** What the formulas' sales are, in their text. */
    private static final String SALES_COUNTED = " (sales of the stores with a stock snapshot in the period: web orders"
            + " without a store come out of no stock counted here and are left out)";
    /**
     * Stock and demand of every store-SKU in one snapshot (mart_inventory_position), whether or not it has a reorder
     * line: units on hand (stock only, a negative count is none), the average daily sales over the 28 days to it (the
     * days whose store has no sales loaded left out), the positions, and those whose sales are missing on some days.
     */
    private static final String SUPPLY = """
            SELECT SUM(CASE WHEN on_hand > 0 THEN on_hand ELSE 0 END), SUM(avg_daily_sales), COUNT(*),
                   SUM(CASE WHEN sales_days_missing > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN avg_daily_sales IS NULL THEN 1 ELSE 0 END)
            FROM mart_inventory_position%s""";

    private final Marts marts;
    private final MetricsService metrics;

    InventoryMetrics(Marts marts, MetricsService metrics) {
        this.marts = marts;
        this.metrics = metrics;
    }

    /** The metrics; their values are null (with a note) when an input is missing. */
    public record Report(
            Period range,
            Metric sellThroughPct,
            Metric weeksOfSupply,
            Metric inventoryTurnover,
            Metric annualizedTurnover,
            Metric gmroi,
            Metric annualizedGmroi,
            Metric stockToSales,
            Metric inStockPct,
            Metric shrink) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Metric(BigDecimal value, String formula, String note) {}

    public Report report(DashboardFilter filter) {
        Resolved f = metrics.resolveFilter(filter);
        Period p = f.period();
        long days = p.days();

        Where snapWhere = scope(f, "i").between("i.business_date", p.from(), p.to());
        Object[] snap = marts.one(SNAPSHOTS.formatted(snapWhere.sql()), snapWhere.params(), (r, i) -> new Object[] {
            r.getLong(1),
            r.getLong(2),
            r.getBigDecimal(3),
            r.getLong(4),
            Marts.date(r, 5),
            Marts.date(r, 6),
            r.getLong(7)
        });
        long positions = (Long) snap[0];
        BigDecimal avgStockCost = (Long) snap[3] == 0 || (Long) snap[6] > 0
                ? null
                : ((BigDecimal) snap[2]).divide(BigDecimal.valueOf((Long) snap[3]), 6, RoundingMode.HALF_UP);
        LocalDate first = (LocalDate) snap[4];
        LocalDate last = (LocalDate) snap[5];
        BigDecimal[] end = last == null ? new BigDecimal[4] : stockOn(f, last);
        BigDecimal[] begin = first == null ? new BigDecimal[4] : stockOn(f, first);

        Where salesWhere = new Where()
                .scoped("store_id")
                .between("business_date", p.from(), p.to())
                .condition("sku IS NOT NULL")
                .condition(SOLD_FROM_COUNTED_STOCK, List.of(p.from(), p.to()))
                .eq("store_id", f.store())
                .eq("area", f.area())
                .eq("department", f.department())
                .eq("category", f.category())
                .eq("sku", f.sku())
                .eq("channel", f.channel());
        BigDecimal[] sales = marts.one(SALES.formatted(salesWhere.sql()), salesWhere.params(), (r, i) ->
                new BigDecimal[] {r.getBigDecimal(1), r.getBigDecimal(2), r.getBigDecimal(3), r.getBigDecimal(4)});

        Object[] supply = last == null ? new Object[] {null, null, 0L, 0L, 0L} : supplyOn(f, last);

        String noSnapshots = "Not available: no inventory snapshot in the period for these filters.";
        String noCost =
                "Not available: inventory at cost needs a unit cost for every product in stock (the costs feed's"
                        + " on the day, or the product's unit_cost).";
        BigDecimal units = sales[0];
        BigDecimal sellThrough = end[0] == null || units == null
                ? null
                : percent(units.max(BigDecimal.ZERO), units.max(BigDecimal.ZERO).add(end[0].max(BigDecimal.ZERO)));
        BigDecimal supplyUnits = (BigDecimal) supply[0];
        BigDecimal dailySales = (BigDecimal) supply[1];
        BigDecimal wos = supplyUnits == null || dailySales == null || dailySales.signum() <= 0
                ? null
                : supplyUnits.divide(dailySales.multiply(BigDecimal.valueOf(7)), 2, RoundingMode.HALF_UP);
        BigDecimal turnover = ratio(sales[2], avgStockCost, 2);
        BigDecimal gmroi = ratio(sales[3], avgStockCost, 2);
        BigDecimal annualTurnover = avgStockCost == null || sales[2] == null
                ? null
                : ratio(sales[2].multiply(BigDecimal.valueOf(365)), avgStockCost.multiply(BigDecimal.valueOf(days)), 2);
        BigDecimal annualGmroi = avgStockCost == null || sales[3] == null
                ? null
                : ratio(sales[3].multiply(BigDecimal.valueOf(365)), avgStockCost.multiply(BigDecimal.valueOf(days)), 2);
        BigDecimal stockToSales = begin[3] != null && begin[3].signum() > 0 ? null : ratio(begin[2], sales[1], 2);
        BigDecimal inStock =
                positions == 0 ? null : percent(BigDecimal.valueOf((Long) snap[1]), BigDecimal.valueOf(positions));

        return new Report(
                p,
                new Metric(
                        sellThrough,
                        "100 x units sold in the period / (units sold + units on hand at the period's last snapshot)"
                                + SALES_COUNTED,
                        sellThrough == null
                                ? (end[0] == null ? noSnapshots : "Not available: no sales in the period.")
                                : null),
                new Metric(
                        wos,
                        "units on hand / (7 x average daily sales over the 28 days to it), over every store-SKU of the"
                                + " period's last snapshot"
                                + (last == null
                                        ? ""
                                        : " (" + last + ", " + supply[2]
                                                + " store-SKUs, with or without a reorder line)"),
                        weeksOfSupplyNote(wos, last, supply)),
                new Metric(
                        turnover,
                        "COGS of the period / average inventory at cost (mean over the period's snapshot days; each day's stock at the"
                                + " cost in force on the day: the costs feed's, else the product's)"
                                + SALES_COUNTED,
                        turnover == null ? (positions == 0 ? noSnapshots : noCost) : null),
                new Metric(
                        annualTurnover,
                        "inventory turnover x 365 / days in the period" + SALES_COUNTED,
                        annualTurnover == null ? (positions == 0 ? noSnapshots : noCost) : null),
                new Metric(
                        gmroi,
                        "gross margin of the period / average inventory at cost" + SALES_COUNTED,
                        gmroi == null ? (positions == 0 ? noSnapshots : noCost) : null),
                new Metric(
                        annualGmroi,
                        "GMROI x 365 / days in the period" + SALES_COUNTED,
                        annualGmroi == null ? (positions == 0 ? noSnapshots : noCost) : null),
                new Metric(
                        stockToSales,
                        "stock at retail (units x unit price) at the period's first snapshot / net sales of the period"
                                + SALES_COUNTED,
                        stockToSales == null
                                ? (begin[0] == null
                                        ? noSnapshots
                                        : "Not available: stock at retail needs a unit price for every product in stock, and sales in the period.")
                                : null),
                new Metric(
                        inStock,
                        "100 x store-SKU snapshots with stock on hand / all store-SKU snapshots in the period",
                        inStock == null ? noSnapshots : null),
                new Metric(
                        null,
                        "counted on hand - (previous on hand + units received - units sold)",
                        "Not available: Stockroom does not compute shrink yet. The receipts feed loads deliveries, but"
                                + " reconciling counts with deliveries and sales per store and SKU also needs the transfers"
                                + " and adjustments no feed carries, so a count difference would read as shrink."));
    }

    private Object[] supplyOn(Resolved f, LocalDate day) {
        Where w = new Where()
                .scoped("store_id")
                .eq("business_date", day)
                .eq("store_id", f.store())
                .eq("area", f.area())
                .eq("department", f.department())
                .eq("category", f.category())
                .eq("sku", f.sku());
        return marts.one(SUPPLY.formatted(w.sql()), w.params(), (r, i) ->
                new Object[] {r.getBigDecimal(1), r.getBigDecimal(2), r.getLong(3), r.getLong(4), r.getLong(5)});
    }

    /** Why weeks of supply is not available, or what its average leaves out; null when nothing. */
    private static String weeksOfSupplyNote(BigDecimal wos, LocalDate last, Object[] supply) {
        if (last == null) {
            return "Not available: no inventory snapshot in the period for these filters.";
        }
        if (wos == null) {
            return "Not available: no sales in the 28 days to the last snapshot (" + last
                    + "), so the stock covers no known demand.";
        }
        long missing = (Long) supply[3];
        long unknown = (Long) supply[4];
        if (missing == 0) {
            return null;
        }
        return missing + " of the " + supply[2] + " store-SKUs have days without sales loaded in their 28 days: their"
                + " average is over the days that are known"
                + (unknown > 0 ? "; " + unknown + " with no known day are left out of the demand" : "") + ".";
    }

    private BigDecimal[] stockOn(Resolved f, LocalDate day) {
        Where w = scope(f, "i").eq("i.business_date", day);
        return marts.one(STOCK_ON.formatted(w.sql()), w.params(), (r, i) -> new BigDecimal[] {
            quantity(r.getBigDecimal(1)), r.getBigDecimal(2), r.getBigDecimal(3), r.getBigDecimal(4)
        });
    }

    /**
     * The acting user's stores and the store, area and product filters on an inventory-grain table aliased {@code
     * alias} (joined to p = products, s = stores).
     */
    private static Where scope(Resolved f, String alias) {
        return new Where()
                .scoped(alias + ".store_id")
                .eq(alias + ".store_id", f.store())
                .eq("s.area", f.area())
                .eq("p.department", f.department())
                .eq("p.category", f.category())
                .eq(alias + ".sku", f.sku());
    }
}
