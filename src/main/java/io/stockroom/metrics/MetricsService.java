package io.stockroom.metrics;

import static io.stockroom.metrics.Numbers.percent;
import static io.stockroom.metrics.Numbers.quantity;
import static io.stockroom.metrics.Numbers.ratio;

import io.stockroom.arrivals.ExpectedArrivals;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
    /**
     * Store-days per channel from the line-level mart, for SKU and product filters: baskets are the sku-NULL rows'
     * counts (store-level POS rows, order baskets), so a SKU filter leaves them out and transactions stay NULL.
     */
    private static final String LINE_STORE_DAYS = """
            SELECT business_date, store_id, channel, SUM(net_sales) AS net_sales, SUM(units) AS units,
                   SUM(CASE WHEN sku IS NULL THEN transactions END) AS transactions, SUM(gross_margin) AS gross_margin,
                   SUM(CASE WHEN cogs IS NOT NULL THEN net_sales END) AS costed_sales, SUM(return_value) AS return_value
            FROM mart_sales_daily%s GROUP BY business_date, store_id, channel""";
    /**
     * The same store-days per channel without a product filter: the channel roll-up holds them already summed from
     * the line-level mart (its rows are the store-days per channel), a few thousand rows where that mart has millions.
     */
    private static final String CHANNEL_STORE_DAYS = """
            SELECT business_date, store_id, channel, net_sales, units, transactions, gross_margin, costed_sales,
                   return_value
            FROM mart_sales_store_channel_daily%s""";

    private static final String LINE_TOTALS = """
            SELECT SUM(net_sales), SUM(units), SUM(transactions), SUM(CASE WHEN transactions IS NOT NULL THEN net_sales END),
                   SUM(gross_margin), SUM(costed_sales), SUM(return_value), COUNT(*)
            FROM (%s) t""";
    private static final String LINE_DAYS = """
            SELECT business_date, SUM(net_sales), SUM(units), SUM(transactions), SUM(gross_margin)
            FROM (%s) t GROUP BY business_date""";
    private static final String CHANNELS = """
            SELECT channel, SUM(net_sales), SUM(units), SUM(transactions), SUM(CASE WHEN transactions IS NOT NULL THEN net_sales END)
            FROM (%s) t GROUP BY channel""";
    private static final String NON_MERCHANDISE = """
            SELECT kind, SUM(lines), SUM(value) FROM mart_non_merchandise_daily%s GROUP BY kind ORDER BY kind""";
    /**
     * Stores open long enough for the comp rule (opened_on, else their first day with sales), within the filters, and
     * whether each has sales in the period and in its comparison: those with both are the comp stores.
     */
    private static final String COMP_CANDIDATES = """
            SELECT s.store_id,
                   CASE WHEN s.store_id IN (SELECT store_id FROM mart_sales_store_daily%s) THEN 1 ELSE 0 END,
                   CASE WHEN s.store_id IN (SELECT store_id FROM mart_sales_store_daily%s) THEN 1 ELSE 0 END
            FROM stores s%s
            ORDER BY s.store_id""";

    /**
     * Labour of the store-days that also have sales loaded: a day whose sales feed failed or never came has hours but
     * no sales to set against them (mart_labour_daily reads its sales as 0), so it is left out and counted apart.
     */
    private static final String LABOUR_TOTALS = """
            SELECT SUM(CASE WHEN sold THEN hours END), SUM(CASE WHEN sold THEN labour_cost END),
                   SUM(CASE WHEN sold THEN net_sales END), SUM(CASE WHEN sold AND labour_cost IS NOT NULL THEN net_sales END),
                   COUNT(*), COUNT(CASE WHEN NOT sold THEN 1 END), SUM(hours), SUM(labour_cost)
            FROM (SELECT l.business_date, l.store_id, l.area, l.hours, l.labour_cost, l.net_sales,
                         EXISTS (SELECT 1 FROM mart_sales_store_daily s
                                 WHERE s.business_date = l.business_date AND s.store_id = l.store_id) AS sold
                  FROM mart_labour_daily l) t""";

    private static final String STORE_DAYS = """
            SELECT business_date, SUM(net_sales), SUM(units), SUM(transactions), SUM(gross_margin)
            FROM mart_sales_store_daily%s GROUP BY business_date""";
    private static final String CATEGORY_DAYS = """
            SELECT business_date, SUM(net_sales), SUM(units), CAST(NULL AS BIGINT), SUM(gross_margin)
            FROM mart_sales_category_daily%s GROUP BY business_date""";
    private static final String TOP_PRODUCTS = """
            SELECT m.sku, COALESCE(p.name, (SELECT MAX(o.description) FROM orders o WHERE o.sku = m.sku)), m.department, m.category, m.units, m.net_sales, m.gross_margin, m.costed_sales
            FROM (SELECT sku, department, category, SUM(units) AS units, SUM(net_sales) AS net_sales,
                         SUM(gross_margin) AS gross_margin, SUM(CASE WHEN cogs IS NOT NULL THEN net_sales END) AS costed_sales
                  FROM %s%s
                  GROUP BY sku, department, category) m
            LEFT JOIN products p ON p.sku = m.sku
            ORDER BY %s DESC NULLS LAST, m.sku
            LIMIT ?""";

    enum GroupBy {
        DAY,
        WEEK,
        MONTH,
        FISCAL_WEEK,
        FISCAL_MONTH
    }

    enum TopOrder {
        NET_SALES("m.net_sales"),
        UNITS("m.units"),
        GROSS_MARGIN("m.gross_margin");

        private final String column;

        TopOrder(String column) {
            this.column = column;
        }
    }

    private final Marts marts;
    private final MetricsProperties properties;
    private final RetailCalendar calendar;
    private final Display display;
    private final ExpectedArrivals arrivals;

    MetricsService(Marts marts, MetricsProperties properties, ExpectedArrivals arrivals) {
        this.marts = marts;
        this.arrivals = arrivals;
        this.properties = properties;
        this.calendar = properties.retailCalendar();
        this.display = new Display(properties);
    }

    /** How numbers are shown (currency, locale), for the console and exports. */
    public Display display() {
        return display;
    }

    public RetailCalendar calendar() {
        return calendar;
    }

    public KpiReport kpi(DashboardFilter filter) {
        Resolved f = resolve(filter);
        List<Totals> totals = totals(f, null);
        Totals now = totals.get(0);
        Totals before = totals.get(1);
        List<Labour> labour = f.byProduct() || f.channel() != null ? List.of(Labour.NONE, Labour.NONE) : labour(f);
        Labour labourNow = labour.get(0);
        Labour labourBefore = labour.get(1);
        KpiReport.PeriodCheck range = rangeCheck(f);
        KpiReport.PeriodCheck check = comparisonCheck(f);
        // a change is like-for-like only when both periods are whole for the scope: a store-day missing from either
        // side moves it as much as a real gain or loss would
        boolean ok = range.complete() && check.complete();
        LocalDate openedBy = f.period().from().minusMonths(properties.compMinOpenMonths());
        List<CompCandidate> candidates = compCandidates(f, openedBy);
        List<String> compStores = candidates.stream()
                .filter(c -> c.soldNow() && c.soldBefore())
                .map(CompCandidate::store)
                .toList();
        List<Totals> comp = compStores.isEmpty() ? List.of(Totals.NONE, Totals.NONE) : totals(f, compStores);

        String basketNote = basketNote(f, now);
        BigDecimal coverage = now.transactions == null ? null : percent(now.transactedSales, now.netSales);
        if (coverage != null && coverage.compareTo(HUNDRED) >= 0) {
            coverage = null;
        }
        String coverageNote = coverage == null
                ? basketNote
                : "Counts the baskets of " + display.percent(coverage)
                        + " of net sales: the other stores report transactions per item only, "
                        + "which cannot be added up into baskets.";
        // the margin covers the sales whose product has a unit cost: say which share when it is not all of them
        BigDecimal costCoverage = now.costedSales == null
                        || now.netSales == null
                        || now.costedSales.signum() <= 0
                        || now.costedSales.compareTo(now.netSales) >= 0
                ? null
                : percent(now.costedSales, now.netSales);
        String labourNote = f.byProduct() || f.channel() != null
                ? "Not available with a department, category, SKU or channel filter: labour is per store."
                : labourNow.hours == null && labourNow.withoutSales > 0
                        ? "Not available: the labour hours loaded for the period are all on store-days with no sales loaded."
                        : labourNow.hours == null ? "Not available: no labour hours loaded for the period." : null;
        String labourLeftOut = labourNow.hours == null || labourNow.withoutSales == 0
                ? null
                : "Leaves out " + labourNow.withoutSales + " store-day" + (labourNow.withoutSales == 1 ? "" : "s")
                        + " with labour hours but no sales loaded (a missing or failed sales feed), rather than count "
                        + "those hours as selling nothing.";
        String compNote = compStores.isEmpty()
                ? compNote(candidates, openedBy)
                : comp.get(0).netSales == null
                        ? "Not available: the " + compStores.size() + " comp store"
                                + (compStores.size() == 1 ? " has" : "s have")
                                + " no sales in this selection (a channel or product they do not sell; online orders "
                                + "without a store are in no store)."
                        : null;
        return new KpiReport(
                f.period(),
                f.comparison(),
                range,
                check,
                new KpiReport.CompRule(properties.compMinOpenMonths(), openedBy, compStores.size()),
                display.currencyCode(),
                new KpiReport.Kpis(
                        money(now.netSales, before.netSales, ok, null, null),
                        units(now, before, ok, itemlessSales(f)),
                        new Kpi(
                                quantity(now.transactions),
                                quantity(before.transactions),
                                Numbers.change(now.transactions, before.transactions),
                                null,
                                "count",
                                display.count(quantity(now.transactions)),
                                display.count(quantity(before.transactions)),
                                ok,
                                coverage,
                                coverageNote),
                        money(
                                ratio(now.transactedSales, now.transactions, 2),
                                ratio(before.transactedSales, before.transactions, 2),
                                ok,
                                coverage,
                                coverageNote),
                        money(now.grossMargin, before.grossMargin, ok, costCoverage, marginNote(now, costCoverage)),
                        partial(
                                pct(
                                        percent(now.grossMargin, now.costedSales),
                                        percent(before.grossMargin, before.costedSales),
                                        ok,
                                        marginNote(now, costCoverage)),
                                costCoverage,
                                marginNote(now, costCoverage)),
                        partial(
                                money(
                                        ratio(labourNow.netSales, labourNow.hours, 2),
                                        ratio(labourBefore.netSales, labourBefore.hours, 2),
                                        ok,
                                        null,
                                        labourNote),
                                null,
                                labourLeftOut),
                        partial(
                                pct(
                                        percent(labourNow.cost, labourNow.costedSales),
                                        percent(labourBefore.cost, labourBefore.costedSales),
                                        ok,
                                        labourNote == null && labourNow.cost == null
                                                ? "Not available: labour costs are not loaded."
                                                : labourNote),
                                null,
                                labourLeftOut),
                        money(now.returns, before.returns, ok, null, null),
                        money(comp.get(0).netSales, comp.get(1).netSales, ok, null, compNote),
                        // the labour feed's own hours and cost, for the Stores page: never worked back from the ratios
                        count(
                                labourNow.allHours,
                                labourBefore.allHours,
                                ok,
                                labourNote == null
                                        ? "Not available: no labour hours loaded for the period."
                                        : labourNote),
                        money(
                                labourNow.allCost,
                                labourBefore.allCost,
                                ok,
                                null,
                                labourNote == null ? "Not available: labour costs are not loaded." : labourNote)));
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * Net sales and the part of them without item detail (store-level rows with no units: a POS that sends store-day
     * totals only), in the period and its comparison. Basket-count rows (no SKU, no sales) are neither. The channel
     * roll-up sums both per store-day; the line-level mart was most of a KPI call on PostgreSQL.
     */
    private static final String ITEMLESS_SALES =
            "SELECT SUM(net_sales), SUM(itemless_sales) FROM mart_sales_store_channel_daily";

    private List<BigDecimal[]> itemlessSales(Resolved f) {
        if (f.byProduct()) {
            // a row without item detail has no SKU, so no department or category: none is within a product filter (as
            // in the trend), and reading the line-level mart for none was half of such a call on PostgreSQL
            return List.of(new BigDecimal[2], new BigDecimal[2]);
        }
        Where now = productWhere(f, f.period());
        Where before = productWhere(f, f.comparison());
        List<Object> params = new ArrayList<>(now.params());
        params.addAll(before.params());
        BigDecimal[][] out = {new BigDecimal[2], new BigDecimal[2]};
        marts.query(
                "SELECT 0, t.* FROM (" + ITEMLESS_SALES + now.sql() + ") t UNION ALL SELECT 1, t.* FROM ("
                        + ITEMLESS_SALES + before.sql() + ") t",
                params,
                (r, i) -> out[r.getInt(1)] = new BigDecimal[] {r.getBigDecimal(2), r.getBigDecimal(3)});
        return List.of(out);
    }

    /**
     * Units are unknown, not 0, where the sales are store-day totals without item detail: not available when all of a
     * period's sales are, and with the share of net sales they cover when some are.
     */
    private Kpi units(Totals now, Totals before, boolean comparable, List<BigDecimal[]> itemless) {
        boolean unknownNow = unknownUnits(itemless.get(0));
        Kpi units = count(
                unknownNow ? null : now.units,
                unknownUnits(itemless.get(1)) ? null : before.units,
                comparable,
                unknownNow
                        ? "Not available: the sales of the period are store-day totals without item detail (no SKU, "
                                + "no units_sold), so their units are unknown, not 0. Send item-level rows (sku, "
                                + "units_sold) to count units."
                        : null);
        BigDecimal[] sales = itemless.get(0);
        if (unknownNow || sales[1] == null || sales[1].signum() <= 0) {
            return units;
        }
        BigDecimal coverage = percent(sales[0].subtract(sales[1]), sales[0]);
        return partial(
                units,
                coverage,
                "Counts the units of the " + display.percent(coverage) + " of net sales with item detail: the rest are "
                        + "store-day totals without item detail (no SKU, no units_sold), whose units are unknown.");
    }

    private static boolean unknownUnits(BigDecimal[] sales) {
        return sales[0] != null && sales[1] != null && sales[1].signum() > 0 && sales[1].compareTo(sales[0]) >= 0;
    }

    private Kpi money(BigDecimal value, BigDecimal previous, boolean comparable, BigDecimal coverage, String note) {
        BigDecimal v = Numbers.money(value);
        BigDecimal p = Numbers.money(previous);
        return new Kpi(
                v,
                p,
                Numbers.change(v, p),
                null,
                "money",
                display.money(v),
                display.money(p),
                comparable,
                coverage,
                v == null ? note : coverage == null ? null : note);
    }

    private Kpi count(BigDecimal value, BigDecimal previous, boolean comparable, String note) {
        BigDecimal v = quantity(value);
        BigDecimal p = quantity(previous);
        return new Kpi(
                v,
                p,
                Numbers.change(v, p),
                null,
                "count",
                display.count(v),
                display.count(p),
                comparable,
                null,
                v == null ? note : null);
    }

    /**
     * The figure with the share of net sales it covers and a note on what it leaves out, when it has a value; a figure
     * not available keeps its own note.
     */
    private static Kpi partial(Kpi kpi, BigDecimal coverage, String note) {
        if (note == null || kpi.value() == null) {
            return kpi;
        }
        return new Kpi(
                kpi.value(),
                kpi.previous(),
                kpi.changePct(),
                kpi.changePp(),
                kpi.unit(),
                kpi.formatted(),
                kpi.previousFormatted(),
                kpi.comparable(),
                coverage,
                note);
    }

    /** Percent metrics change in percentage points, never in percent of a percent. */
    private Kpi pct(BigDecimal value, BigDecimal previous, boolean comparable, String note) {
        BigDecimal pp = value == null || previous == null ? null : value.subtract(previous);
        return new Kpi(
                value,
                previous,
                null,
                pp,
                "percent",
                display.percent(value),
                display.percent(previous),
                comparable,
                null,
                value == null ? note : null);
    }

    private static String basketNote(Resolved f, Totals now) {
        if (f.byProduct()) {
            return "Not available with a department, category or SKU filter: one basket holds products of many categories.";
        }
        if (now.netSales != null && now.transactions == null) {
            return "Not available: the POS counts transactions per item only, not baskets. One basket holding three items is one "
                    + "transaction, not three: send a store-level row (no SKU, total_sales 0) with the day's basket count.";
        }
        return null;
    }

    private String marginNote(Totals now, BigDecimal costCoverage) {
        if (now.netSales != null && now.costedSales == null) {
            return "Not available: no sold product has a unit cost.";
        }
        return costCoverage == null
                ? null
                : "Covers the " + display.percent(costCoverage) + " of net sales whose products have a unit cost: "
                        + "the others have no unit cost (load the costs feed or the products' unit_cost), so their margin "
                        + "is left out.";
    }

    public Trend trend(DashboardFilter filter, String groupByParam) {
        GroupBy groupBy = Params.choice("group_by", groupByParam, GroupBy.class, GroupBy.DAY);
        Resolved f = resolve(filter);
        long offset = f.comparisonOffsetDays();
        Map<LocalDate, PeriodSums> points = new LinkedHashMap<>();
        for (LocalDate d = f.period().from(); !d.isAfter(f.period().to()); d = d.plusDays(1)) {
            LocalDate p = periodOf(d, groupBy);
            points.computeIfAbsent(p, q -> new PeriodSums(q, label(q, groupBy), periodDays(q, groupBy))).days++;
        }
        for (Day day : days(f, f.period())) {
            points.get(periodOf(day.date, groupBy)).add(day);
        }
        if (!f.byProduct()) {
            itemlessSalesByDay(f, f.period())
                    .forEach((d, sales) -> points.get(periodOf(d, groupBy)).addItemless(sales));
        }
        for (Day day : days(f, f.comparison())) {
            PeriodSums pt = points.get(periodOf(day.date.plusDays(offset), groupBy));
            if (pt != null) {
                pt.previousNetSales =
                        pt.previousNetSales == null ? day.netSales : pt.previousNetSales.add(day.netSales);
            }
        }
        // each point counts its days with sales and its missing store-days, and its comparison's (aligned day by day),
        // so a week short of a day, or compared with one cut by the start of the history, says so
        Coverage now = coverage(f, f.period());
        for (LocalDate d : now.loaded()) {
            points.get(periodOf(d, groupBy)).daysWithSales++;
        }
        for (LocalDate d : now.notExpected()) {
            points.get(periodOf(d, groupBy)).daysNotExpected++;
        }
        for (StoreDay m : now.missing()) {
            points.get(periodOf(m.date(), groupBy)).storeDaysMissing++;
        }
        Coverage before = coverage(f, f.comparison());
        for (LocalDate d : before.loaded()) {
            PeriodSums pt = points.get(periodOf(d.plusDays(offset), groupBy));
            if (pt != null) {
                pt.previousDaysWithSales++;
            }
        }
        for (LocalDate d : before.notExpected()) {
            PeriodSums pt = points.get(periodOf(d.plusDays(offset), groupBy));
            if (pt != null) {
                pt.previousDaysNotExpected++;
            }
        }
        for (StoreDay m : before.missing()) {
            PeriodSums pt = points.get(periodOf(m.date().plusDays(offset), groupBy));
            if (pt != null) {
                pt.previousStoreDaysMissing++;
            }
        }
        List<Trend.Point> out = points.values().stream().map(PeriodSums::point).toList();
        return new Trend(groupBy.name().toLowerCase(Locale.ROOT), out);
    }

    /** One trend period's sums while its days are added. */
    private static final class PeriodSums {
        final LocalDate period;
        final String label;
        final int periodDays;
        int days;
        int daysWithSales;
        int daysNotExpected;
        int storeDaysMissing;
        int previousDaysWithSales;
        int previousDaysNotExpected;
        int previousStoreDaysMissing;
        BigDecimal netSales = BigDecimal.ZERO;
        BigDecimal units = BigDecimal.ZERO;
        BigDecimal itemlessSales = BigDecimal.ZERO; // of store-day totals without item detail: their units are unknown
        BigDecimal transactions; // null unless some day has them
        BigDecimal grossMargin; // null unless some sales carry a known cost
        BigDecimal previousNetSales;

        PeriodSums(LocalDate period, String label, int periodDays) {
            this.period = period;
            this.label = label;
            this.periodDays = periodDays;
        }

        void add(Day day) {
            netSales = netSales.add(day.netSales);
            units = units.add(day.units);
            if (day.transactions != null) {
                transactions = zero(transactions).add(day.transactions);
            }
            if (day.grossMargin != null) {
                grossMargin = zero(grossMargin).add(day.grossMargin);
            }
        }

        void addItemless(BigDecimal sales) {
            itemlessSales = itemlessSales.add(sales);
        }

        /**
         * The period as shown; its units are not available (null, not 0) when all of its sales are store-day totals
         * without item detail, as the units KPI. One in which no sales are loaded at all for the scope (before the history starts, after
         * the last run, a day nothing arrived) has no figures: "not available", never a drop to zero.
         */
        Trend.Point point() {
            boolean loaded = daysWithSales > 0;
            return new Trend.Point(
                    period,
                    label,
                    days,
                    periodDays,
                    daysWithSales,
                    daysNotExpected,
                    storeDaysMissing,
                    daysWithSales + daysNotExpected == days && storeDaysMissing == 0,
                    loaded ? Numbers.money(netSales) : null,
                    loaded && !(netSales.signum() != 0 && itemlessSales.compareTo(netSales) == 0)
                            ? quantity(units)
                            : null,
                    loaded ? quantity(transactions) : null,
                    loaded ? Numbers.money(grossMargin) : null,
                    Numbers.money(previousNetSales),
                    previousDaysWithSales,
                    previousDaysNotExpected,
                    previousStoreDaysMissing,
                    previousDaysWithSales + previousDaysNotExpected == days && previousStoreDaysMissing == 0);
        }
    }

    public TopProducts topProducts(DashboardFilter filter, Integer limitParam, String orderByParam) {
        int limit = Params.limit("limit", limitParam, 10, 500);
        TopOrder order = Params.choice("order_by", orderByParam, TopOrder.class, TopOrder.NET_SALES);
        Resolved f = resolve(filter);
        // without a store or area filter the chain-wide SKU mart (one row per SKU and day) answers
        boolean chainWide = f.store() == null
                && f.area() == null
                && f.channel() == null
                && CurrentActor.scope().all();
        Where where = productWhere(f, f.period()).condition("sku IS NOT NULL");
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        String table = chainWide ? "mart_sales_sku_daily" : "mart_sales_daily";
        return new TopProducts(
                f.period(),
                marts.query(
                        TOP_PRODUCTS.formatted(table, where.sql(), order.column),
                        params,
                        (r, i) -> new TopProducts.Item(
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                quantity(r.getBigDecimal(5)),
                                Numbers.money(r.getBigDecimal(6)),
                                Numbers.money(r.getBigDecimal(7)),
                                percent(r.getBigDecimal(7), r.getBigDecimal(8)))));
    }

    public List<StoreView> stores() {
        Where mine = new Where().scoped("store_id");
        return marts.query(
                "SELECT store_id, name, area, region FROM stores" + mine.sql() + " ORDER BY store_id",
                mine.params(),
                (r, i) -> new StoreView(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
    }

    public Filters filters() {
        Where mine = new Where().scoped("store_id");
        List<String> areas = marts.query(
                "SELECT DISTINCT area FROM stores"
                        + mine.condition("area IS NOT NULL").sql() + " ORDER BY area",
                mine.params(),
                (r, i) -> r.getString(1));
        Where mineToo = new Where().scoped("store_id");
        List<Filters.StoreRef> stores = marts.query(
                "SELECT store_id, name, area FROM stores" + mineToo.sql() + " ORDER BY store_id",
                mineToo.params(),
                (r, i) -> new Filters.StoreRef(r.getString(1), r.getString(2), r.getString(3)));
        List<String> departments = marts.query(
                "SELECT DISTINCT department FROM products WHERE department IS NOT NULL ORDER BY 1",
                List.of(),
                (r, i) -> r.getString(1));
        List<Filters.CategoryRef> categories =
                marts.query("""
                SELECT DISTINCT department, category FROM products WHERE category IS NOT NULL ORDER BY department, category""", List.of(), (r, i) -> new Filters.CategoryRef(r.getString(1), r.getString(2)));
        Where sold = new Where().scoped("store_id");
        Filters.DateBounds bounds = marts.one(
                "SELECT MIN(business_date), MAX(business_date) FROM mart_sales_store_daily" + sold.sql(),
                sold.params(),
                (r, i) -> new Filters.DateBounds(Marts.date(r, 1), Marts.date(r, 2)));
        return new Filters(
                areas,
                stores,
                departments,
                categories,
                new Filters.DateBounds(bounds.min(), later(bounds.max(), lastDaySalesMissing())));
    }

    /**
     * The last business date whose run found sales missing or failed in the actor's stores. When it is after the last
     * day with sales (at 9 the run of yesterday found no store's file), the dashboards end on it and mark it: ending on
     * the day before showed that day as the latest and the range as complete.
     */
    private LocalDate lastDaySalesMissing() {
        Where mine = new Where().scoped("store_id").condition("dataset = 'sales' AND status <> 'arrived'");
        return marts.one(
                "SELECT MAX(business_date) FROM feed_arrivals" + mine.sql(), mine.params(), (r, i) -> Marts.date(r, 1));
    }

    /**
     * The last business date with data for the dashboards (sales of any channel, or a later day whose sales a run found
     * missing): the to-date ranges end on it, and the days up to it that no run has checked yet are compared with the
     * expected-feeds calendar live.
     */
    public LocalDate dataEnd() {
        return later(marts.latest("mart_sales_store_daily", "business_date"), lastDaySalesMissing());
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
    }

    // ------------------------------------------------------------------ queries

    /**
     * The filters checked and resolved against the latest business date with sales (or a later one whose sales did not
     * arrive), on the configured calendar.
     */
    Resolved resolveFilter(DashboardFilter filter) {
        return resolve(filter);
    }

    private Resolved resolve(DashboardFilter filter) {
        LocalDate latest = later(marts.latest("mart_sales_store_daily", "business_date"), lastDaySalesMissing());
        return filter.resolve(latest != null ? latest : LocalDate.now(properties.zone()), calendar);
    }

    private record Totals(
            BigDecimal netSales,
            BigDecimal units,
            BigDecimal transactions,
            BigDecimal transactedSales,
            BigDecimal grossMargin,
            BigDecimal costedSales,
            BigDecimal returns) {
        static final Totals NONE = new Totals(null, null, null, null, null, null, null);
    }

    /**
     * @param hours        hours of the store-days that have sales (the ratios' denominators); cost likewise
     * @param withoutSales store-days with labour left out of the ratios because no sales are loaded for them
     * @param allHours     every hour the labour feed holds for the period, those days included; allCost likewise
     */
    private record Labour(
            BigDecimal hours,
            BigDecimal cost,
            BigDecimal netSales,
            BigDecimal costedSales,
            long withoutSales,
            BigDecimal allHours,
            BigDecimal allCost) {
        static final Labour NONE = new Labour(null, null, null, null, 0, null, null);
    }

    private record Day(
            LocalDate date, BigDecimal netSales, BigDecimal units, BigDecimal transactions, BigDecimal grossMargin) {}

    /** The totals of the period and of its comparison, in one statement; over {@code onlyStores} when given (comp sales). */
    private List<Totals> totals(Resolved f, List<String> onlyStores) {
        Where now = f.byProduct() || f.byLine() ? productWhere(f, f.period()) : storeWhere(f, f.period());
        Where before = f.byProduct() || f.byLine() ? productWhere(f, f.comparison()) : storeWhere(f, f.comparison());
        if (onlyStores != null) {
            now.in("store_id", onlyStores);
            before.in("store_id", onlyStores);
        }
        List<Object> params = new ArrayList<>(now.params());
        params.addAll(before.params());
        Totals[] out = {Totals.NONE, Totals.NONE};
        marts.query(
                "SELECT 0, t.* FROM (" + totalsSql(f, now) + ") t UNION ALL SELECT 1, t.* FROM (" + totalsSql(f, before)
                        + ") t",
                params,
                (r, i) -> out[r.getInt(1)] = r.getLong(9) == 0
                        ? Totals.NONE
                        : new Totals(
                                r.getBigDecimal(2),
                                r.getBigDecimal(3),
                                r.getBigDecimal(4),
                                r.getBigDecimal(5),
                                r.getBigDecimal(6),
                                r.getBigDecimal(7),
                                r.getBigDecimal(8)));
        return List.of(out);
    }

    /**
     * The store-days per channel within {@code where} (a {@link #productWhere}): from the channel roll-up unless a
     * product filter needs the lines.
     */
    private static String storeDays(Resolved f, Where where) {
        return (f.byProduct() ? LINE_STORE_DAYS : CHANNEL_STORE_DAYS).formatted(where.sql());
    }

    private static String totalsSql(Resolved f, Where where) {
        if (f.byLine()) {
            return LINE_TOTALS.formatted(storeDays(f, where));
        }
        return (f.byProduct() ? CATEGORY_TOTALS : STORE_TOTALS) + where.sql();
    }

    /** Net sales, units and baskets per channel, against the comparison; non-merchandise order lines apart. */
    public ChannelSplit channels(DashboardFilter filter) {
        Resolved f = resolve(filter);
        Map<String, BigDecimal> previous = new LinkedHashMap<>();
        Where before = productWhere(f, f.comparison());
        marts.query(
                CHANNELS.formatted(storeDays(f, before)),
                before.params(),
                (r, i) -> previous.put(r.getString(1), r.getBigDecimal(2)));
        Where now = productWhere(f, f.period());
        List<Object[]> rows = marts.query(CHANNELS.formatted(storeDays(f, now)), now.params(), (r, i) -> new Object[] {
            r.getString(1), r.getBigDecimal(2), r.getBigDecimal(3), r.getBigDecimal(4), r.getBigDecimal(5)
        });
        BigDecimal total = rows.stream().map(r -> zero((BigDecimal) r[1])).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<ChannelSplit.Channel> channels = rows.stream()
                .map(r -> {
                    BigDecimal net = Numbers.money((BigDecimal) r[1]);
                    BigDecimal prev = Numbers.money(previous.get((String) r[0]));
                    return new ChannelSplit.Channel(
                            (String) r[0],
                            net,
                            percent(net, total),
                            quantity((BigDecimal) r[2]),
                            quantity((BigDecimal) r[3]),
                            ratio((BigDecimal) r[4], (BigDecimal) r[3], 2),
                            prev,
                            Numbers.change(net, prev));
                })
                .sorted((a, b) -> zero(b.netSales()).compareTo(zero(a.netSales())))
                .toList();
        Where nm = new Where()
                .scoped("store_id")
                .between("business_date", f.period().from(), f.period().to())
                .eq("store_id", f.store())
                .eq("channel", f.channel());
        if (f.area() != null) {
            nm.condition("store_id IN (SELECT store_id FROM stores WHERE area = ?)", f.area());
        }
        List<ChannelSplit.NonMerchandise> non = f.byProduct()
                ? List.of()
                : marts.query(
                        NON_MERCHANDISE.formatted(nm.sql()),
                        nm.params(),
                        (r, i) -> new ChannelSplit.NonMerchandise(
                                r.getString(1), r.getLong(2), Numbers.money(r.getBigDecimal(3))));
        return new ChannelSplit(f.period(), rangeCheck(f), comparisonCheck(f), channels, non);
    }

    /** A store open long enough for the comp rule, and whether it has sales loaded in the period and its comparison. */
    private record CompCandidate(String store, boolean soldNow, boolean soldBefore) {}

    /** The stores open long enough before the period, within the store and area filters and the user's stores. */
    private List<CompCandidate> compCandidates(Resolved f, LocalDate openedBy) {
        Where now = storeWhere(f, f.period());
        Where before = storeWhere(f, f.comparison());
        Where open = new Where()
                .condition(
                        "COALESCE(s.opened_on, (SELECT MIN(f.business_date) FROM mart_sales_store_daily f"
                                + " WHERE f.store_id = s.store_id)) <= ?",
                        java.sql.Date.valueOf(openedBy))
                .scoped("s.store_id")
                .eq("s.store_id", f.store())
                .eq("s.area", f.area());
        List<Object> params = new ArrayList<>(now.params());
        params.addAll(before.params());
        params.addAll(open.params());
        return marts.query(
                COMP_CANDIDATES.formatted(now.sql(), before.sql(), open.sql()),
                params,
                (r, i) -> new CompCandidate(r.getString(1), r.getInt(2) == 1, r.getInt(3) == 1));
    }

    /**
     * Why no store is comp: none was open long enough, or those that were lack sales in one period or both (a sales
     * feed missing or failed, or a store that did not trade), which is not the same thing to fix.
     */
    private String compNote(List<CompCandidate> candidates, LocalDate openedBy) {
        String open =
                properties.compMinOpenMonths() + " months before the period (opened on or before " + openedBy + ")";
        if (candidates.isEmpty()) {
            return "Not available: no store was open " + open + ".";
        }
        boolean noneNow = candidates.stream().noneMatch(CompCandidate::soldNow);
        boolean noneBefore = candidates.stream().noneMatch(CompCandidate::soldBefore);
        String why = " (a sales feed missing or failed, or days without trading).";
        if (candidates.size() == 1) {
            String when = noneNow && noneBefore
                    ? "in either period"
                    : noneNow ? "in this period" : "in the comparison period";
            return "Not available: " + candidates.get(0).store() + ", the one store open " + open
                    + ", has no sales loaded " + when + why;
        }
        String when = noneNow && noneBefore
                ? "in either period"
                : noneNow ? "in this period" : noneBefore ? "in the comparison period" : "in both periods";
        return "Not available: none of the " + candidates.size() + " stores open " + open + " has sales loaded " + when
                + why;
    }

    /**
     * What a period's sales cover, for its checks and the trend's points.
     *
     * @param loaded         days with any sales loaded for the filter's stores (whatever its product filters)
     * @param storeSalesDays of those, the days on which some store has its sales (not only online orders)
     * @param notExpected    days without sales on which no sales or orders feed was due: a shop that does not trade
     *                       that weekday, a day a rule of the expected-feeds calendar takes off
     * @param missing        store-days whose sales were due and are missing
     * @param lastStoreSales the last day any store's sales are loaded: a day after it has not had its stores' files
     *                       yet, one before it had them due and they failed or never came
     */
    private record Coverage(
            List<LocalDate> loaded,
            Set<LocalDate> storeSalesDays,
            Set<LocalDate> notExpected,
            List<StoreDay> missing,
            LocalDate lastStoreSales) {

        /** Every day of the period has sales or had none due, and no store-day is missing. */
        boolean whole(long days) {
            return loaded.size() + notExpected.size() == days && missing.isEmpty();
        }
    }

    /**
     * A period's coverage. A day inside the history without any sales is missing unless no feed of sales was due that
     * day (ExpectedArrivals.notDue: the calendar, its rules, closed stores); so is a store-day. The days after the last
     * day with store sales up to the data's last day (web orders of today, whose store files come tomorrow) are the
     * store-days of every store that sends sales: missing, not whole days.
     */
    private Coverage coverage(Resolved f, Period period) {
        Where loadedWhere = storeWhere(f, period);
        List<LocalDate> loaded = new ArrayList<>();
        Set<LocalDate> storeSalesDays = new TreeSet<>();
        marts.query(
                "SELECT business_date, COUNT(store_id) FROM mart_sales_store_daily" + loadedWhere.sql()
                        + " GROUP BY business_date",
                loadedWhere.params(),
                (r, i) -> {
                    LocalDate d = Marts.date(r, 1);
                    loaded.add(d);
                    if (r.getLong(2) > 0) {
                        storeSalesDays.add(d);
                    }
                    return d;
                });
        LocalDate end = dataEnd();
        Where history = new Where().scoped("store_id").eq("store_id", f.store()).eq("area", f.area());
        LocalDate historyStart = marts.one(
                "SELECT MIN(business_date) FROM mart_sales_store_daily" + history.sql(),
                history.params(),
                (r, i) -> Marts.date(r, 1));
        List<Sender> senders = salesSenders(f);
        List<StoreDay> candidates = new ArrayList<>(missingStoreDays(f, period));
        LocalDate lastStoreSales = marts.one(
                "SELECT MAX(business_date) FROM mart_store_days WHERE dataset = 'sales'",
                List.of(),
                (r, i) -> Marts.date(r, 1));
        if (lastStoreSales != null && end != null) {
            LocalDate from = period.from().isAfter(lastStoreSales) ? period.from() : lastStoreSales.plusDays(1);
            LocalDate to = period.to().isBefore(end) ? period.to() : end;
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                for (Sender s : senders) {
                    if (s.trades(d)) {
                        candidates.add(new StoreDay(s.store(), d));
                    }
                }
            }
        }
        // the days without any sales inside the history, and who was due to send them
        List<LocalDate> gaps = new ArrayList<>();
        if (historyStart != null && end != null) {
            for (LocalDate d = period.from(); !d.isAfter(period.to()); d = d.plusDays(1)) {
                if (!d.isBefore(historyStart) && !d.isAfter(end) && !loaded.contains(d)) {
                    gaps.add(d);
                }
            }
        }
        Map<LocalDate, Set<String>> absentSales = new TreeMap<>();
        candidates.forEach(
                m -> absentSales.computeIfAbsent(m.date(), k -> new TreeSet<>()).add(m.store()));
        for (LocalDate d : gaps) {
            Set<String> due = absentSales.computeIfAbsent(d, k -> new TreeSet<>());
            senders.stream().filter(s -> s.trades(d)).forEach(s -> due.add(s.store()));
        }
        absentSales.values().removeIf(Set::isEmpty);
        Map<LocalDate, Set<String>> salesNotDue = arrivals.notDue("sales", absentSales);
        // online orders have no store: they count for a view of the whole chain only
        boolean online =
                f.store() == null && f.area() == null && CurrentActor.scope().all();
        boolean webOrders = online && !gaps.isEmpty() && ordersSent();
        Map<LocalDate, Set<String>> ordersNotDue = webOrders
                ? arrivals.notDue(
                        "orders",
                        gaps.stream()
                                .collect(java.util.stream.Collectors.toMap(
                                        d -> d, d -> Set.of(ExpectedArrivals.ALL_STORES))))
                : Map.of();
        Set<LocalDate> notExpected = new TreeSet<>();
        for (LocalDate d : gaps) {
            boolean storesOff =
                    salesNotDue.getOrDefault(d, Set.of()).containsAll(absentSales.getOrDefault(d, Set.of()));
            boolean ordersOff = !online
                    || !webOrders
                    || ordersNotDue.getOrDefault(d, Set.of()).contains(ExpectedArrivals.ALL_STORES);
            if (storesOff && ordersOff) {
                notExpected.add(d);
            }
        }
        List<StoreDay> missing = candidates.stream()
                .filter(m -> !salesNotDue.getOrDefault(m.date(), Set.of()).contains(m.store()))
                .sorted(java.util.Comparator.comparing(StoreDay::date).thenComparing(StoreDay::store))
                .toList();
        return new Coverage(List.copyOf(loaded), storeSalesDays, notExpected, missing, lastStoreSales);
    }

    /** Whether any online order is loaded (a chain that sells online only on the web has its days judged by them). */
    private boolean ordersSent() {
        return marts.one("SELECT COUNT(*) FROM (SELECT 1 FROM orders LIMIT 1) t", List.of(), (r, i) -> r.getLong(1))
                > 0;
    }

    /** A store that sends sales, within the filter's stores, and the days it trades between opening and closing. */
    private record Sender(String store, LocalDate openedOn, LocalDate closedOn) {
        boolean trades(LocalDate d) {
            return (openedOn == null || !d.isBefore(openedOn)) && (closedOn == null || d.isBefore(closedOn));
        }
    }

    /** The stores, within the filters and the user's stores, that have ever sent sales (mart_missing_store_days' senders). */
    private List<Sender> salesSenders(Resolved f) {
        Where w = new Where()
                .scoped("m.store_id")
                .condition("m.dataset = 'sales'")
                .eq("m.store_id", f.store());
        if (f.area() != null) {
            w.condition("m.store_id IN (SELECT store_id FROM stores WHERE area = ?)", f.area());
        }
        return marts.query(
                "SELECT DISTINCT m.store_id, s.opened_on, s.closed_on FROM mart_store_days m"
                        + " LEFT JOIN stores s ON s.store_id = m.store_id" + w.sql(),
                w.params(),
                (r, i) -> new Sender(r.getString(1), Marts.date(r, 2), Marts.date(r, 3)));
    }

    /**
     * Whether every day of the range itself has sales loaded, for every store of the filter: a range that starts before
     * the history (or ends after the last run) sums fewer days than it names, and one whose store-days are missing (a
     * store's sales file missing or failed while other stores have theirs, or not come yet on a day of web orders) sums
     * fewer stores. Either says so. A day no sales were due on (no trading) is neither.
     */
    private KpiReport.PeriodCheck rangeCheck(Resolved f) {
        Period r = f.period();
        Coverage cov = coverage(f, r);
        List<LocalDate> days = cov.loaded();
        List<String> notes = new ArrayList<>();
        if (days.size() + cov.notExpected().size() < r.days()) {
            String span = days.isEmpty()
                    ? ""
                    : " (" + days.stream().min(LocalDate::compareTo).orElseThrow() + " to "
                            + days.stream().max(LocalDate::compareTo).orElseThrow() + ")";
            String off = cov.notExpected().isEmpty()
                    ? ""
                    : "; " + cov.notExpected().size() + " more had no sales feed due (no trading)";
            notes.add("Sales are loaded for " + days.size() + " of the " + r.days() + " days from " + r.from() + " to "
                    + r.to() + span + off + ": these figures cover those days only.");
            // a day inside the history whose sales failed or never came for every store, by name
            List<String> gaps = days.isEmpty()
                    ? List.of()
                    : days.stream()
                            .min(LocalDate::compareTo)
                            .orElseThrow()
                            .datesUntil(days.stream().max(LocalDate::compareTo).orElseThrow())
                            .filter(d -> !days.contains(d) && !cov.notExpected().contains(d))
                            .map(LocalDate::toString)
                            .toList();
            if (!gaps.isEmpty()) {
                notes.add("No store has sales loaded on " + String.join(", ", gaps) + ".");
            }
        }
        // a day with online orders only: its stores' files have not come yet (after the last day with store sales),
        // or failed or never came (before it: later days have theirs), so all its store-days are out
        Map<LocalDate, List<StoreDay>> onlineOnly = new TreeMap<>();
        cov.missing().stream()
                .filter(m -> days.contains(m.date()) && !cov.storeSalesDays().contains(m.date()))
                .forEach(m -> onlineOnly
                        .computeIfAbsent(m.date(), k -> new ArrayList<>())
                        .add(m));
        onlineOnly.forEach((d, storeDays) -> notes.add(("No store's sales are loaded "
                        + (cov.lastStoreSales() == null || d.isAfter(cov.lastStoreSales())
                                ? "yet on " + d + " (only online orders are)"
                                : "on " + d + " (only online orders are: its sales feed failed or did not come)"))
                + ": these figures leave out its " + storeDays.size() + " store-day"
                + (storeDays.size() == 1 ? "" : "s") + " (" + describe(storeDays) + ")."));
        // the store-days of days with some store sales: a day with none is the sentences above's
        List<StoreDay> partial = cov.missing().stream()
                .filter(m -> cov.storeSalesDays().contains(m.date()))
                .toList();
        if (!partial.isEmpty()) {
            notes.add("Sales are missing for " + describe(partial) + ": these figures leave "
                    + (partial.size() == 1 ? "that store-day" : "those store-days") + " out.");
        }
        boolean complete = cov.whole(r.days());
        return new KpiReport.PeriodCheck(
                complete,
                r.days(),
                days.size(),
                cov.notExpected().size(),
                cov.missing().size(),
                complete ? null : String.join(" ", notes));
    }

    /** The comparison period is complete when every one of its days has sales and no store-day in it is missing. */
    private KpiReport.PeriodCheck comparisonCheck(Resolved f) {
        Period c = f.comparison();
        Coverage cov = coverage(f, c);
        long days = cov.loaded().size();
        List<StoreDay> missing = cov.missing();
        long expected = c.days();
        List<String> problems = new ArrayList<>();
        if (days + cov.notExpected().size() < expected) {
            problems.add("only " + days + " of its " + expected + " days have sales loaded"
                    + (cov.notExpected().isEmpty()
                            ? ""
                            : " (and " + cov.notExpected().size() + " had no sales feed due)"));
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " store-day" + (missing.size() == 1 ? " has" : "s have")
                    + " no sales loaded (" + describe(missing) + ")");
        }
        String note = problems.isEmpty()
                ? null
                : "The comparison period " + c.from() + " to " + c.to() + " is incomplete: "
                        + String.join(" and ", problems) + ", so its change is not a like-for-like gain or loss.";
        return new KpiReport.PeriodCheck(
                problems.isEmpty(), expected, days, cov.notExpected().size(), missing.size(), note);
    }

    /** A store without its sales on a day when the sales feed was loaded for the chain (mart_missing_store_days). */
    private record StoreDay(String store, LocalDate date) {}

    /** How many store-days a note names before it says "and N more". */
    private static final int NAMED_STORE_DAYS = 5;

    /** The store-days of a period, within the filter's stores, whose sales are missing or failed. */
    private List<StoreDay> missingStoreDays(Resolved f, Period period) {
        Where missing = new Where()
                .scoped("store_id")
                .condition("dataset = 'sales'")
                .between("business_date", period.from(), period.to())
                .eq("store_id", f.store());
        if (f.area() != null) {
            missing.condition("store_id IN (SELECT store_id FROM stores WHERE area = ?)", f.area());
        }
        return marts.query(
                "SELECT store_id, business_date FROM mart_missing_store_days" + missing.sql()
                        + " ORDER BY business_date, store_id",
                missing.params(),
                (r, i) -> new StoreDay(r.getString(1), Marts.date(r, 2)));
    }

    /** "store S2 on 2026-03-09, store S3 on 2026-03-10 and 4 more": a numeric store id never reads as a count. */
    private static String describe(List<StoreDay> storeDays) {
        String named = storeDays.stream()
                .limit(NAMED_STORE_DAYS)
                .map(m -> "store " + m.store() + " on " + m.date())
                .collect(java.util.stream.Collectors.joining(", "));
        return storeDays.size() > NAMED_STORE_DAYS
                ? named + " and " + (storeDays.size() - NAMED_STORE_DAYS) + " more"
                : named;
    }

    private List<Labour> labour(Resolved f) {
        Where now = storeWhere(f, f.period());
        Where before = storeWhere(f, f.comparison());
        List<Object> params = new ArrayList<>(now.params());
        params.addAll(before.params());
        Labour[] out = {Labour.NONE, Labour.NONE};
        marts.query(
                "SELECT 0, t.* FROM (" + LABOUR_TOTALS + now.sql() + ") t UNION ALL SELECT 1, t.* FROM ("
                        + LABOUR_TOTALS + before.sql() + ") t",
                params,
                (r, i) -> out[r.getInt(1)] = r.getLong(6) == 0
                        ? Labour.NONE
                        : new Labour(
                                r.getBigDecimal(2),
                                r.getBigDecimal(3),
                                r.getBigDecimal(4),
                                r.getBigDecimal(5),
                                r.getLong(7),
                                r.getBigDecimal(8),
                                r.getBigDecimal(9)));
        return List.of(out);
    }

    /**
     * Per day, the net sales of store-day totals without item detail (a store-level row with no units) within the
     * filter: units cannot be counted for them (the units KPI's {@code ITEMLESS_SALES}, by day).
     */
    private Map<LocalDate, BigDecimal> itemlessSalesByDay(Resolved f, Period period) {
        Where where = productWhere(f, period).condition("itemless_sales <> 0");
        Map<LocalDate, BigDecimal> out = new java.util.HashMap<>();
        marts.query(
                "SELECT business_date, SUM(itemless_sales) FROM mart_sales_store_channel_daily" + where.sql()
                        + " GROUP BY business_date",
                where.params(),
                (r, i) -> out.put(Marts.date(r, 1), r.getBigDecimal(2)));
        return out;
    }

    private List<Day> days(Resolved f, Period period) {
        Where where = f.byProduct() ? productWhere(f, period) : storeWhere(f, period);
        Where where2 = f.byLine() ? productWhere(f, period) : where;
        String sql = f.byLine()
                ? LINE_DAYS.formatted(storeDays(f, where2))
                : (f.byProduct() ? CATEGORY_DAYS : STORE_DAYS).formatted(where2.sql());
        return marts.query(
                sql,
                where2.params(),
                (r, i) -> new Day(
                        Marts.date(r, 1),
                        zero(r.getBigDecimal(2)),
                        zero(r.getBigDecimal(3)),
                        r.getBigDecimal(4),
                        r.getBigDecimal(5)));
    }

    private static Where storeWhere(Resolved f, Period period) {
        return new Where()
                .scoped("store_id")
                .between("business_date", period.from(), period.to())
                .eq("store_id", f.store())
                .eq("area", f.area());
    }

    private static Where productWhere(Resolved f, Period period) {
        return storeWhere(f, period)
                .eq("department", f.department())
                .eq("category", f.category())
                .eq("sku", f.sku())
                .eq("channel", f.channel());
    }

    private static BigDecimal zero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private LocalDate periodOf(LocalDate d, GroupBy groupBy) {
        return switch (groupBy) {
            case DAY -> d;
            case WEEK -> d.with(DayOfWeek.MONDAY);
            case MONTH -> d.withDayOfMonth(1);
            case FISCAL_WEEK -> calendar.weekStart(d);
            case FISCAL_MONTH -> calendar.position(d).monthPeriod().from();
        };
    }

    /** The days of the whole period that starts on {@code period}. */
    private int periodDays(LocalDate period, GroupBy groupBy) {
        return switch (groupBy) {
            case DAY -> 1;
            case WEEK, FISCAL_WEEK -> 7;
            case MONTH -> period.lengthOfMonth();
            case FISCAL_MONTH -> (int) calendar.position(period).monthPeriod().days();
        };
    }

    /** Fiscal periods are named ("FY2023 W05", "FY2023 P01 Feb"); calendar ones are known by their first day. */
    private String label(LocalDate period, GroupBy groupBy) {
        return switch (groupBy) {
            case DAY, WEEK, MONTH -> period.toString();
            case FISCAL_WEEK -> calendar.weekLabel(period);
            case FISCAL_MONTH -> calendar.monthLabel(period);
        };
    }
}
