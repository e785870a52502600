package io.stockroom.metrics;

import static io.stockroom.metrics.Numbers.money;
import static io.stockroom.metrics.Numbers.percent;
import static io.stockroom.metrics.Numbers.quantity;
import static io.stockroom.metrics.Numbers.ratio;

import io.stockroom.metrics.DashboardFilter.Period;
import io.stockroom.metrics.DashboardFilter.Resolved;
import io.stockroom.metrics.KpiReport.Kpi;
import io.stockroom.security.CurrentActor;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Sales KPIs, trends and top products for the dashboards, read from the sales marts (docs/models.md). Without a
 * department or category filter the store-day mart answers (it includes sales without item detail); with one, the
 * store × category mart does, and the store-level figures (transactions, AOV, labour) are null there.
 */
@Service
public class MetricsService {

    private static final String STORE_TOTALS = """
            SELECT SUM(net_sales), SUM(units), SUM(transactions), SUM(CASE WHEN transactions IS NOT NULL THEN net_sales END),
                   SUM(gross_margin), SUM(costed_sales), SUM(return_value), COUNT(*)
            FROM mart_sales_store_daily""";
    private static final String CATEGORY_TOTALS = """
            SELECT SUM(net_sales), SUM(units), CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(18,2)),
                   SUM(gross_margin), SUM(costed_sales), SUM(return_value), COUNT(*)
            FROM mart_sales_category_daily""";
    private static final String LABOUR_TOTALS = """
            SELECT SUM(hours), SUM(labour_cost), SUM(net_sales), SUM(CASE WHEN labour_cost IS NOT NULL THEN net_sales END), COUNT(*)
            FROM mart_labour_daily""";
    private static final String STORE_DAYS = """
            SELECT business_date, SUM(net_sales), SUM(units), SUM(transactions), SUM(gross_margin)
            FROM mart_sales_store_daily%s GROUP BY business_date""";
    private static final String CATEGORY_DAYS = """
            SELECT business_date, SUM(net_sales), SUM(units), CAST(NULL AS BIGINT), SUM(gross_margin)
            FROM mart_sales_category_daily%s GROUP BY business_date""";
    private static final String TOP_PRODUCTS = """
            SELECT m.sku, p.name, m.department, m.category, m.units, m.net_sales, m.gross_margin, m.costed_sales
            FROM (SELECT sku, department, category, SUM(units) AS units, SUM(net_sales) AS net_sales,
                         SUM(gross_margin) AS gross_margin, SUM(CASE WHEN cogs IS NOT NULL THEN net_sales END) AS costed_sales
                  FROM %s%s
                  GROUP BY sku, department, category) m
            LEFT JOIN products p ON p.sku = m.sku
            ORDER BY %s DESC NULLS LAST, m.sku
            LIMIT ?""";

    enum GroupBy { DAY, WEEK, MONTH }

    enum TopOrder {
        NET_SALES("m.net_sales"), UNITS("m.units"), GROSS_MARGIN("m.gross_margin");

        private final String column;

        TopOrder(String column) {
            this.column = column;
        }
    }

    private final Marts marts;

    MetricsService(Marts marts) {
        this.marts = marts;
    }

    public KpiReport kpi(DashboardFilter filter) {
        Resolved f = resolve(filter);
        List<Totals> totals = totals(f);
        Totals now = totals.get(0);
        Totals before = totals.get(1);
        List<Labour> labour = f.byProduct() ? List.of(Labour.NONE, Labour.NONE) : labour(f);
        Labour labourNow = labour.get(0);
        Labour labourBefore = labour.get(1);
        return new KpiReport(f.period(), f.comparison(), new KpiReport.Kpis(
                Kpi.of(money(now.netSales), money(before.netSales)),
                Kpi.of(quantity(now.units), quantity(before.units)),
                Kpi.of(quantity(now.transactions), quantity(before.transactions)),
                Kpi.of(ratio(now.transactedSales, now.transactions, 2), ratio(before.transactedSales, before.transactions, 2)),
                Kpi.of(money(now.grossMargin), money(before.grossMargin)),
                Kpi.of(percent(now.grossMargin, now.costedSales), percent(before.grossMargin, before.costedSales)),
                Kpi.of(ratio(labourNow.netSales, labourNow.hours, 2), ratio(labourBefore.netSales, labourBefore.hours, 2)),
                Kpi.of(percent(labourNow.cost, labourNow.costedSales), percent(labourBefore.cost, labourBefore.costedSales)),
                Kpi.of(money(now.returns), money(before.returns))));
    }

    public Trend trend(DashboardFilter filter, String groupByParam) {
        GroupBy groupBy = Params.choice("group_by", groupByParam, GroupBy.class, GroupBy.DAY);
        Resolved f = resolve(filter);
        long offset = f.comparisonOffsetDays();
        Map<LocalDate, Trend.Point> points = new LinkedHashMap<>();
        for (LocalDate d = f.period().from(); !d.isAfter(f.period().to()); d = d.plusDays(1)) {
            LocalDate p = periodOf(d, groupBy);
            // gross margin stays null unless some sales carry a known cost
            points.putIfAbsent(p, new Trend.Point(p, BigDecimal.ZERO, BigDecimal.ZERO, f.byProduct() ? null : BigDecimal.ZERO, null, null));
        }
        for (Day day : days(f, f.period())) {
            LocalDate p = periodOf(day.date, groupBy);
            Trend.Point pt = points.get(p);
            points.put(p, new Trend.Point(p, pt.netSales().add(day.netSales), pt.units().add(day.units),
                    pt.transactions() == null || day.transactions == null ? pt.transactions() : pt.transactions().add(day.transactions),
                    day.grossMargin == null ? pt.grossMargin() : zero(pt.grossMargin()).add(day.grossMargin), pt.previousNetSales()));
        }
        for (Day day : days(f, f.comparison())) {
            LocalDate p = periodOf(day.date.plusDays(offset), groupBy);
            Trend.Point pt = points.get(p);
            if (pt != null) {
                BigDecimal prev = pt.previousNetSales() == null ? day.netSales : pt.previousNetSales().add(day.netSales);
                points.put(p, new Trend.Point(p, pt.netSales(), pt.units(), pt.transactions(), pt.grossMargin(), prev));
            }
        }
        List<Trend.Point> out = points.values().stream().map(pt -> new Trend.Point(pt.period(), money(pt.netSales()),
                quantity(pt.units()), quantity(pt.transactions()), money(pt.grossMargin()), money(pt.previousNetSales()))).toList();
        return new Trend(groupBy.name().toLowerCase(Locale.ROOT), out);
    }

    public TopProducts topProducts(DashboardFilter filter, Integer limitParam, String orderByParam) {
        int limit = Params.limit("limit", limitParam, 10, 500);
        TopOrder order = Params.choice("order_by", orderByParam, TopOrder.class, TopOrder.NET_SALES);
        Resolved f = resolve(filter);
        // without a store or area filter the chain-wide SKU mart (one row per SKU and day) answers
        boolean chainWide = f.store() == null && f.area() == null && CurrentActor.scope().all();
        Where where = productWhere(f, f.period()).condition("sku IS NOT NULL");
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        String table = chainWide ? "mart_sales_sku_daily" : "mart_sales_daily";
        return new TopProducts(marts.query(TOP_PRODUCTS.formatted(table, where.sql(), order.column), params, (r, i) -> new TopProducts.Item(
                r.getString(1), r.getString(2), r.getString(3), r.getString(4), quantity(r.getBigDecimal(5)), money(r.getBigDecimal(6)),
                money(r.getBigDecimal(7)), percent(r.getBigDecimal(7), r.getBigDecimal(8)))));
    }

    public List<StoreView> stores() {
        Where mine = new Where().scoped("store_id");
        return marts.query("SELECT store_id, name, area, region FROM stores" + mine.sql() + " ORDER BY store_id", mine.params(),
                (r, i) -> new StoreView(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
    }

    public Filters filters() {
        Where mine = new Where().scoped("store_id");
        List<String> areas = marts.query("SELECT DISTINCT area FROM stores" + mine.condition("area IS NOT NULL").sql() + " ORDER BY area",
                mine.params(), (r, i) -> r.getString(1));
        Where mineToo = new Where().scoped("store_id");
        List<Filters.StoreRef> stores = marts.query("SELECT store_id, name, area FROM stores" + mineToo.sql() + " ORDER BY store_id", mineToo.params(),
                (r, i) -> new Filters.StoreRef(r.getString(1), r.getString(2), r.getString(3)));
        List<String> departments = marts.query("SELECT DISTINCT department FROM products WHERE department IS NOT NULL ORDER BY 1",
                List.of(), (r, i) -> r.getString(1));
        List<Filters.CategoryRef> categories = marts.query("""
                SELECT DISTINCT department, category FROM products WHERE category IS NOT NULL ORDER BY department, category""",
                List.of(), (r, i) -> new Filters.CategoryRef(r.getString(1), r.getString(2)));
        Where sold = new Where().scoped("store_id");
        Filters.DateBounds bounds = marts.one("SELECT MIN(business_date), MAX(business_date) FROM mart_sales_store_daily" + sold.sql(), sold.params(),
                (r, i) -> new Filters.DateBounds(Marts.date(r, 1), Marts.date(r, 2)));
        return new Filters(areas, stores, departments, categories, bounds);
    }

    // ------------------------------------------------------------------ queries

    private Resolved resolve(DashboardFilter filter) {
        LocalDate latest = marts.latest("mart_sales_store_daily", "business_date");
        return filter.resolve(latest != null ? latest : LocalDate.now());
    }

    private record Totals(BigDecimal netSales, BigDecimal units, BigDecimal transactions, BigDecimal transactedSales,
            BigDecimal grossMargin, BigDecimal costedSales, BigDecimal returns) {
        static final Totals NONE = new Totals(null, null, null, null, null, null, null);
    }

    private record Labour(BigDecimal hours, BigDecimal cost, BigDecimal netSales, BigDecimal costedSales) {
        static final Labour NONE = new Labour(null, null, null, null);
    }

    private record Day(LocalDate date, BigDecimal netSales, BigDecimal units, BigDecimal transactions, BigDecimal grossMargin) {}

    /** The totals of the period and of its comparison, in one statement. */
    private List<Totals> totals(Resolved f) {
        String select = f.byProduct() ? CATEGORY_TOTALS : STORE_TOTALS;
        Where now = f.byProduct() ? productWhere(f, f.period()) : storeWhere(f, f.period());
        Where before = f.byProduct() ? productWhere(f, f.comparison()) : storeWhere(f, f.comparison());
        List<Object> params = new ArrayList<>(now.params());
        params.addAll(before.params());
        Totals[] out = {Totals.NONE, Totals.NONE};
        marts.query("SELECT 0, t.* FROM (" + select + now.sql() + ") t UNION ALL SELECT 1, t.* FROM (" + select + before.sql() + ") t",
                params, (r, i) -> out[r.getInt(1)] = r.getLong(9) == 0 ? Totals.NONE
                        : new Totals(r.getBigDecimal(2), r.getBigDecimal(3), r.getBigDecimal(4), r.getBigDecimal(5), r.getBigDecimal(6),
                                r.getBigDecimal(7), r.getBigDecimal(8)));
        return List.of(out);
    }

    private List<Labour> labour(Resolved f) {
        Where now = storeWhere(f, f.period());
        Where before = storeWhere(f, f.comparison());
        List<Object> params = new ArrayList<>(now.params());
        params.addAll(before.params());
        Labour[] out = {Labour.NONE, Labour.NONE};
        marts.query("SELECT 0, t.* FROM (" + LABOUR_TOTALS + now.sql() + ") t UNION ALL SELECT 1, t.* FROM (" + LABOUR_TOTALS
                + before.sql() + ") t", params, (r, i) -> out[r.getInt(1)] = r.getLong(6) == 0 ? Labour.NONE
                        : new Labour(r.getBigDecimal(2), r.getBigDecimal(3), r.getBigDecimal(4), r.getBigDecimal(5)));
        return List.of(out);
    }

    private List<Day> days(Resolved f, Period period) {
        Where where = f.byProduct() ? productWhere(f, period) : storeWhere(f, period);
        String sql = (f.byProduct() ? CATEGORY_DAYS : STORE_DAYS).formatted(where.sql());
        return marts.query(sql, where.params(), (r, i) -> new Day(Marts.date(r, 1), zero(r.getBigDecimal(2)), zero(r.getBigDecimal(3)),
                r.getBigDecimal(4), r.getBigDecimal(5)));
    }

    private static Where storeWhere(Resolved f, Period period) {
        return new Where().scoped("store_id").between("business_date", period.from(), period.to()).eq("store_id", f.store()).eq("area", f.area());
    }

    private static Where productWhere(Resolved f, Period period) {
        return storeWhere(f, period).eq("department", f.department()).eq("category", f.category());
    }

    private static BigDecimal zero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private static LocalDate periodOf(LocalDate d, GroupBy groupBy) {
        return switch (groupBy) {
            case DAY -> d;
            case WEEK -> d.with(DayOfWeek.MONDAY);
            case MONTH -> d.withDayOfMonth(1);
        };
    }
}
