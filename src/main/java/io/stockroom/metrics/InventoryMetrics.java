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
import org.springframework.stereotype.Service;

/**
 * The inventory metrics buyers ask for, over a period and the dashboard filters, each defined once here and in
 * docs/metrics.md: sell-through %, weeks of supply on forward demand, inventory turnover, GMROI, stock-to-sales
 * ratio, in-stock % and shrink. A figure whose inputs are missing is null with a note saying what is missing.
 */
@Service
public class InventoryMetrics {

    /** Snapshots in the period: positions, in-stock positions, stock at cost summed over days, snapshot days. */
    private static final String SNAPSHOTS = """
            SELECT COUNT(*), SUM(CASE WHEN i.on_hand > 0 THEN 1 ELSE 0 END), SUM(i.on_hand * p.unit_cost), COUNT(DISTINCT i.business_date),
                   MIN(i.business_date), MAX(i.business_date), SUM(CASE WHEN p.unit_cost IS NULL THEN 1 ELSE 0 END)
            FROM inventory i JOIN products p ON p.sku = i.sku LEFT JOIN stores s ON s.store_id = i.store_id%s""";
    /** Stock on one snapshot day: units, at cost, at retail (unit price). */
    private static final String STOCK_ON = """
            SELECT SUM(i.on_hand), SUM(i.on_hand * p.unit_cost), SUM(i.on_hand * p.unit_price), SUM(CASE WHEN p.unit_price IS NULL THEN 1 ELSE 0 END)
            FROM inventory i JOIN products p ON p.sku = i.sku LEFT JOIN stores s ON s.store_id = i.store_id%s""";

    private static final String SALES = """
            SELECT SUM(units), SUM(net_sales), SUM(cogs), SUM(gross_margin)
            FROM mart_sales_daily%s""";
    /** Forward demand: the daily rate the latest replenishment run on or before the period's end forecast per store-SKU. */
    private static final String FORWARD = """
            SELECT SUM(l.on_hand), SUM(l.demand_rate), MAX(l.business_date)
            FROM replenishment_lines l JOIN products p ON p.sku = l.sku LEFT JOIN stores s ON s.store_id = l.store_id%s""";

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
                .eq("store_id", f.store())
                .eq("area", f.area())
                .eq("department", f.department())
                .eq("category", f.category())
                .eq("sku", f.sku())
                .eq("channel", f.channel());
        BigDecimal[] sales = marts.one(SALES.formatted(salesWhere.sql()), salesWhere.params(), (r, i) ->
                new BigDecimal[] {r.getBigDecimal(1), r.getBigDecimal(2), r.getBigDecimal(3), r.getBigDecimal(4)});

        Where fwdWhere = scope(f, "l")
                .condition(
                        "l.business_date = (SELECT MAX(business_date) FROM replenishment_lines WHERE business_date <= ?)",
                        java.sql.Date.valueOf(p.to()));
        BigDecimal[] fwd = marts.one(FORWARD.formatted(fwdWhere.sql()), fwdWhere.params(), (r, i) ->
                new BigDecimal[] {r.getBigDecimal(1), r.getBigDecimal(2)});

        String noSnapshots = "Not available: no inventory snapshot in the period for these filters.";
        String noCost = "Not available: inventory at cost needs a unit cost for every product in stock.";
        BigDecimal units = sales[0];
        BigDecimal sellThrough = end[0] == null || units == null
                ? null
                : percent(units.max(BigDecimal.ZERO), units.max(BigDecimal.ZERO).add(end[0].max(BigDecimal.ZERO)));
        BigDecimal wos = fwd[1] == null || fwd[1].signum() == 0
                ? null
                : fwd[0].divide(fwd[1].multiply(BigDecimal.valueOf(7)), 2, RoundingMode.HALF_UP);
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
                        "100 x units sold in the period / (units sold + units on hand at the period's last snapshot)",
                        sellThrough == null
                                ? (end[0] == null ? noSnapshots : "Not available: no sales in the period.")
                                : null),
                new Metric(
                        wos,
                        "units on hand / (7 x forward daily demand), both from the latest replenishment run on or before the period's end",
                        wos == null
                                ? "Not available: no replenishment run with a demand forecast for these filters yet."
                                : null),
                new Metric(
                        turnover,
                        "COGS of the period / average inventory at cost (mean over the period's snapshot days)",
                        turnover == null ? (positions == 0 ? noSnapshots : noCost) : null),
                new Metric(
                        annualTurnover,
                        "inventory turnover x 365 / days in the period",
                        annualTurnover == null ? (positions == 0 ? noSnapshots : noCost) : null),
                new Metric(
                        gmroi,
                        "gross margin of the period / average inventory at cost",
                        gmroi == null ? (positions == 0 ? noSnapshots : noCost) : null),
                new Metric(
                        annualGmroi,
                        "GMROI x 365 / days in the period",
                        annualGmroi == null ? (positions == 0 ? noSnapshots : noCost) : null),
                new Metric(
                        stockToSales,
                        "stock at retail (units x unit price) at the period's first snapshot / net sales of the period",
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
                        "Not available: shrink needs receipts (deliveries) as well as stock counts; Stockroom has no receipts feed yet, "
                                + "and without one a count difference cannot be told apart from a delivery."));
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
