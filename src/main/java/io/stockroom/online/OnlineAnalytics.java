package io.stockroom.online;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.model.ModelRunner;
import io.stockroom.online.OnlineReports.AgentRow;
import io.stockroom.online.OnlineReports.CarrierRow;
import io.stockroom.online.OnlineReports.Cohort;
import io.stockroom.online.OnlineReports.CohortMonth;
import io.stockroom.online.OnlineReports.Cohorts;
import io.stockroom.online.OnlineReports.CountRow;
import io.stockroom.online.OnlineReports.CustomerDay;
import io.stockroom.online.OnlineReports.CustomerTotals;
import io.stockroom.online.OnlineReports.Customers;
import io.stockroom.online.OnlineReports.Fulfilment;
import io.stockroom.online.OnlineReports.Growth;
import io.stockroom.online.OnlineReports.GrowthMonth;
import io.stockroom.online.OnlineReports.Health;
import io.stockroom.online.OnlineReports.Metric;
import io.stockroom.online.OnlineReports.MetricSeries;
import io.stockroom.online.OnlineReports.Milestone;
import io.stockroom.online.OnlineReports.Period;
import io.stockroom.online.OnlineReports.Problem;
import io.stockroom.online.OnlineReports.Pulse;
import io.stockroom.online.OnlineReports.SegmentRow;
import io.stockroom.online.OnlineReports.Service;
import io.stockroom.online.OnlineReports.Spread;
import io.stockroom.online.OnlineReports.SupplierRow;
import io.stockroom.online.OnlineReports.Suppliers;
import io.stockroom.online.OnlineReports.TopCustomer;
import io.stockroom.online.OnlineReports.TopSku;
import io.stockroom.security.CurrentActor;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * E-commerce and operations analytics over the online marts (models/online): customers, cohorts, fulfilment, customer
 * service, growth, the sales pulse and supplier performance. The figures are chain-wide (a customer buys across
 * stores), so a store-scoped user gets a 403 that says so rather than numbers that would reveal other stores.
 */
@org.springframework.stereotype.Service
public class OnlineAnalytics {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * An order line that places an order: not a cancellation and not at unit price 0 (a stock adjustment, which the sales
     * marts count as no basket; a line without a price still counts). The online marts use the same rule.
     */
    private static final String PLACED = "NOT is_cancellation AND (unit_price IS NULL OR unit_price <> 0)";

    private static final int MAX_DAYS = 3 * 366;

    private final JdbcClient jdbc;
    private final ModelRunner models;
    private final OnlineProperties properties;
    private final ExpectedArrivals arrivals;
    private final java.time.ZoneId zone;
    private final AtomicBoolean ready = new AtomicBoolean();

    /** The feeds behind each figure: a day without one of them is marked, and a week over week across it not given. */
    private static final List<String> ORDERS = List.of("orders");

    private static final List<String> PULSE = List.of("orders", "shipments");
    private static final List<String> GROWTH_REVENUE = List.of("orders", "sales");
    private static final List<String> GROWTH = List.of("orders", "sales", "web_sessions", "marketing_spend");

    /** With the retailer in UTC. */
    public OnlineAnalytics(
            Warehouse warehouse, ModelRunner models, OnlineProperties properties, ExpectedArrivals arrivals) {
        this(warehouse, models, properties, arrivals, java.time.ZoneOffset.UTC);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public OnlineAnalytics(
            Warehouse warehouse,
            ModelRunner models,
            OnlineProperties properties,
            ExpectedArrivals arrivals,
            io.stockroom.StockroomProperties stockroom) {
        this(warehouse, models, properties, arrivals, stockroom.zone());
    }

    /** @param zone the retailer's time zone: whose today a range without data ends on */
    private OnlineAnalytics(
            Warehouse warehouse,
            ModelRunner models,
            OnlineProperties properties,
            ExpectedArrivals arrivals,
            java.time.ZoneId zone) {
        this.jdbc = JdbcClient.create(warehouse.dataSource());
        this.models = models;
        this.properties = properties;
        this.arrivals = arrivals;
        this.zone = zone;
    }

    // ------------------------------------------------------------------------------------------------ customers

    public Customers customers(LocalDate fromParam, LocalDate toParam) {
        Period p = period(fromParam, toParam);
        List<Object> range = List.of(Date.valueOf(p.from()), Date.valueOf(p.to()));
        List<CustomerDay> daily = query(
                """
                SELECT business_date, orders, new_customers, returning_customers, guest_orders, revenue
                FROM mart_customer_daily WHERE business_date BETWEEN ? AND ? ORDER BY business_date""",
                range,
                (r, i) -> new CustomerDay(
                        date(r, 1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), money(r.getBigDecimal(6))));
        long orders = daily.stream().mapToLong(CustomerDay::orders).sum();
        long guests = daily.stream().mapToLong(CustomerDay::guestOrders).sum();
        BigDecimal revenue = money(daily.stream().map(CustomerDay::revenue).reduce(BigDecimal.ZERO, BigDecimal::add));
        // unique and new customers of the period are counted from the orders: a customer of two days is one customer
        long[] counts = one(
                """
                SELECT COUNT(DISTINCT o.customer_id),
                       COUNT(DISTINCT CASE WHEN m.first_order_date BETWEEN ? AND ? THEN o.customer_id END),
                       COUNT(DISTINCT CASE WHEN m.first_order_date < ? THEN o.customer_id END)
                FROM orders o JOIN mart_customers m ON m.customer_id = o.customer_id
                WHERE NOT o.is_cancellation AND (o.unit_price IS NULL OR o.unit_price <> 0)
                  AND o.business_date BETWEEN ? AND ?""",
                List.of(
                        Date.valueOf(p.from()),
                        Date.valueOf(p.to()),
                        Date.valueOf(p.from()),
                        Date.valueOf(p.from()),
                        Date.valueOf(p.to())),
                (r, i) -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
        // repeat rate and lifetime value are as of the period's end: every customer who has ordered by then, with the
        // orders and revenue up to it, so that a past period's figures do not change as later orders arrive
        Object[] lifetime = one("""
                SELECT COUNT(*), SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END), AVG(revenue)
                FROM (SELECT customer_id,
                             COUNT(DISTINCT CASE WHEN NOT is_cancellation AND (unit_price IS NULL OR unit_price <> 0)
                                                 THEN order_id END) AS orders,
                             CAST(SUM(COALESCE(quantity * unit_price, 0)) AS DECIMAL(18,2)) AS revenue
                      FROM orders WHERE customer_id IS NOT NULL AND business_date <= ?
                      GROUP BY customer_id) c
                WHERE orders > 0""", List.of(Date.valueOf(p.to())), (r, i) ->
                new Object[] {r.getLong(1), r.getLong(2), r.getBigDecimal(3)});
        long customersAllTime = (long) lifetime[0];
        String noneYet = "no customer had ordered by " + p.to();
        Metric repeat = Metric.of(
                percent(BigDecimal.valueOf((long) lifetime[1]), BigDecimal.valueOf(customersAllTime)),
                noneYet + " (orders without a customer id are guests)");
        Metric clv = Metric.of(money((BigDecimal) lifetime[2]), noneYet);
        CustomerTotals totals = new CustomerTotals(
                counts[0], counts[1], counts[2], orders, guests, revenue, repeat, clv, customersAllTime);
        List<SegmentRow> rfm = query(
                """
                SELECT rfm_segment, COUNT(*), SUM(revenue) FROM mart_customers WHERE orders > 0
                GROUP BY rfm_segment ORDER BY SUM(revenue) DESC, rfm_segment""", List.of(), (r, i) -> new SegmentRow(r.getString(1), r.getLong(2), money(r.getBigDecimal(3))));
        List<SegmentRow> own = query(
                """
                SELECT segment, COUNT(*), SUM(revenue) FROM mart_customers WHERE orders > 0 AND segment IS NOT NULL
                GROUP BY segment ORDER BY SUM(revenue) DESC, segment""", List.of(), (r, i) -> new SegmentRow(r.getString(1), r.getLong(2), money(r.getBigDecimal(3))));
        List<TopCustomer> top = query(
                """
                SELECT customer_id, segment, rfm_segment, orders, revenue, last_order_date FROM mart_customers WHERE orders > 0
                ORDER BY revenue DESC, customer_id LIMIT 10""",
                List.of(),
                (r, i) -> new TopCustomer(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getLong(4),
                        money(r.getBigDecimal(5)),
                        date(r, 6)));
        return new Customers(p, totals, daily, rfm, own, top, marks(p, ORDERS));
    }

    public Cohorts cohorts() {
        chainWide();
        Map<LocalDate, List<CohortMonth>> months = new LinkedHashMap<>();
        Map<LocalDate, Long> sizes = new LinkedHashMap<>();
        LocalDate latest =
                one("SELECT MAX(business_date) FROM orders WHERE " + PLACED, List.of(), (r, i) -> date(r, 1));
        query("""
                SELECT cohort_month, cohort_size, months_since, active_customers, retention_pct FROM mart_customer_cohorts
                ORDER BY cohort_month, months_since""", List.of(), (r, i) -> {
            LocalDate cohort = date(r, 1);
            sizes.put(cohort, r.getLong(2));
            LocalDate month = cohort.plusMonths(r.getInt(3));
            int length = month.lengthOfMonth();
            int held = latest != null && month.equals(latest.withDayOfMonth(1)) ? latest.getDayOfMonth() : length;
            months.computeIfAbsent(cohort, c -> new ArrayList<>())
                    .add(new CohortMonth(r.getInt(3), r.getLong(4), r.getBigDecimal(5), held, length));
            return null;
        });
        return new Cohorts(months.entrySet().stream()
                .map(e -> new Cohort(e.getKey(), sizes.get(e.getKey()), e.getValue()))
                .toList());
    }

    // ------------------------------------------------------------------------------------------------ fulfilment

    /** Shipments whose promised date falls in the period. */
    public Fulfilment fulfilment(LocalDate fromParam, LocalDate toParam) {
        Period p = period(fromParam, toParam);
        List<Object> range = List.of(Date.valueOf(p.from()), Date.valueOf(p.to()));
        String in = " FROM mart_shipments WHERE promised_date BETWEEN ? AND ?";
        Object[] t = one(
                "SELECT COUNT(*), SUM(CASE WHEN on_time IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN on_time THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN NOT on_time THEN 1 ELSE 0 END), MAX(as_of_date)" + in,
                range,
                (r, i) -> new Object[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), date(r, 5)});
        long due = (long) t[1];
        long onTime = (long) t[2];
        // a shop that never sent a shipments feed has no verdict for another reason than a period with nothing due
        boolean anyShipment = !query("SELECT 1 FROM shipments LIMIT 1", List.of(), (r, i) -> 1)
                .isEmpty();
        Metric pct = Metric.of(
                percent(BigDecimal.valueOf(onTime), BigDecimal.valueOf(due)),
                anyShipment
                        ? "no shipment of the period was due yet"
                        : "no shipments feed has been loaded. Send one (order_id, promised_date, status, shipped_at,"
                                + " delivered_at) with stockroom ingest shipments.csv, the Data feeds page or POST"
                                + " /api/v1/ingest/batch with data_type shipments (docs/ecommerce.md)");
        Spread ship = spread("days_to_ship", in, range);
        Spread deliver = spread("days_to_deliver", in, range);
        List<CarrierRow> carriers = query(
                "SELECT COALESCE(carrier, '(none)'), COUNT(*), SUM(CASE WHEN NOT on_time THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN has_issue THEN 1 ELSE 0 END), SUM(CASE WHEN on_time THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN on_time IS NOT NULL THEN 1 ELSE 0 END)" + in
                        + " GROUP BY COALESCE(carrier, '(none)') ORDER BY 1",
                range,
                (r, i) -> new CarrierRow(
                        r.getString(1),
                        r.getLong(2),
                        r.getLong(3),
                        r.getLong(4),
                        percent(BigDecimal.valueOf(r.getLong(5)), BigDecimal.valueOf(r.getLong(6)))));
        List<CountRow> issues = query(
                "SELECT problem, COUNT(*)" + in
                        + " AND problem IS NOT NULL GROUP BY problem ORDER BY COUNT(*) DESC, problem",
                range,
                (r, i) -> new CountRow(r.getString(1), r.getLong(2)));
        // open problems are the current state: every one, whatever its promised date
        List<Problem> open = query(
                """
                SELECT order_id, shipment_id, carrier, status, problem, promised_date, as_of_date - promised_date
                FROM mart_shipments WHERE is_open_problem ORDER BY promised_date, order_id LIMIT 200""",
                List.of(),
                (r, i) -> new Problem(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        date(r, 6),
                        Math.max(0, r.getLong(7))));
        return new Fulfilment(
                p,
                (LocalDate) t[4],
                (long) t[0],
                due,
                onTime,
                pct,
                (long) t[3],
                ship,
                deliver,
                carriers,
                issues,
                open,
                marks(p, List.of("shipments")));
    }

    // ------------------------------------------------------------------------------------------------ customer service

    /** Conversations opened in the period; open escalations are the current state. */
    public Service service(LocalDate fromParam, LocalDate toParam) {
        Period p = period(fromParam, toParam);
        List<Object> range = List.of(Date.valueOf(p.from()), Date.valueOf(p.to()));
        String in = " FROM mart_support_conversations WHERE business_date BETWEEN ? AND ?";
        long[] t = one(
                "SELECT COUNT(*), SUM(CASE WHEN is_open THEN 1 ELSE 0 END), SUM(CASE WHEN sla_breached IS NOT NULL THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN sla_breached THEN 1 ELSE 0 END), SUM(CASE WHEN escalated THEN 1 ELSE 0 END)"
                        + in,
                range,
                (r, i) -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)});
        Metric breachPct = Metric.of(
                percent(BigDecimal.valueOf(t[3]), BigDecimal.valueOf(t[2])),
                "no conversation of the period has an SLA verdict yet");
        List<CountRow> sentiment = query(
                "SELECT COALESCE(sentiment, '(none)'), COUNT(*)" + in
                        + " GROUP BY COALESCE(sentiment, '(none)') ORDER BY 1",
                range,
                (r, i) -> new CountRow(r.getString(1), r.getLong(2)));
        List<CountRow> escalations = query("""
                SELECT COALESCE(priority, '(none)'), COUNT(*) FROM mart_support_conversations WHERE is_open AND escalated
                GROUP BY COALESCE(priority, '(none)')
                ORDER BY CASE COALESCE(priority, '(none)') WHEN 'urgent' THEN 1 WHEN 'high' THEN 2 WHEN 'normal' THEN 3 WHEN 'low' THEN 4 ELSE 5 END""", List.of(), (r, i) -> new CountRow(r.getString(1), r.getLong(2)));
        List<AgentRow> agents = query(
                "SELECT COALESCE(agent, '(unassigned)'), COUNT(*), "
                        + "percentile_cont(0.5) WITHIN GROUP (ORDER BY CAST(resolution_minutes AS DOUBLE PRECISION)), percentile_cont(0.9) WITHIN GROUP (ORDER BY CAST(resolution_minutes AS DOUBLE PRECISION)), "
                        + "SUM(CASE WHEN sla_breached THEN 1 ELSE 0 END)" + in
                        + " GROUP BY COALESCE(agent, '(unassigned)') ORDER BY 1",
                range,
                (r, i) -> new AgentRow(r.getString(1), r.getLong(2), decimal(r, 3, 1), decimal(r, 4, 1), r.getLong(5)));
        return new Service(
                p,
                t[0],
                t[1],
                t[2],
                t[3],
                breachPct,
                spread("first_response_minutes", in, range),
                spread("resolution_minutes", in, range),
                sentiment,
                escalations,
                t[4],
                health(p.to()),
                agents,
                marks(p, List.of("support_conversations")));
    }

    /** The 7 days up to {@code to}. */
    private Health health(LocalDate to) {
        Period week = new Period(to.minusDays(6), to);
        return one(
                """
                SELECT COUNT(*), SUM(CASE WHEN sla_breached IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN sla_breached THEN 1 ELSE 0 END),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY CAST(first_response_minutes AS DOUBLE PRECISION)),
                       SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END), SUM(CASE WHEN escalated THEN 1 ELSE 0 END)
                FROM mart_support_conversations WHERE business_date BETWEEN ? AND ?""",
                List.of(Date.valueOf(week.from()), Date.valueOf(week.to())),
                (r, i) -> new Health(
                        week,
                        r.getLong(1),
                        r.getLong(3),
                        Metric.of(
                                percent(BigDecimal.valueOf(r.getLong(3)), BigDecimal.valueOf(r.getLong(2))),
                                "no SLA verdict in the last 7 days"),
                        decimal(r, 4, 1),
                        r.getLong(5),
                        r.getLong(6)));
    }

    // ------------------------------------------------------------------------------------------------ growth

    /** Monthly revenue (web orders + store sales) over the period's months, growth rates and progress to the target. */
    public Growth growth(LocalDate fromParam, LocalDate toParam) {
        Period p = period(fromParam, toParam);
        if (fromParam == null) {
            p = new Period(p.to().withDayOfMonth(1).minusMonths(11), p.to());
        }
        Period period = p;
        List<Object> range = List.of(Date.valueOf(period.from()), Date.valueOf(period.to()));
        // the days a month holds: those inside the period and the history of revenue (a day the shop and the stores
        // were closed inside it still counts, a day before the first or after the last loaded does not)
        LocalDate[] history = one("""
                SELECT MIN(business_date), MAX(business_date) FROM mart_online_daily
                WHERE online_revenue IS NOT NULL OR store_sales IS NOT NULL""", List.of(), (r, i) -> new LocalDate[] {date(r, 1), date(r, 2)});
        List<GrowthMonth> monthly = query("""
                SELECT CAST(DATE_TRUNC('month', business_date) AS DATE) AS month,
                       SUM(online_revenue), SUM(store_sales), SUM(orders), SUM(new_customers),
                       SUM(sessions), SUM(CASE WHEN sessions IS NOT NULL THEN orders END),
                       SUM(marketing_spend), SUM(CASE WHEN marketing_spend IS NOT NULL THEN new_customers END),
                       COUNT(sessions), COUNT(marketing_spend)
                FROM mart_online_daily WHERE business_date BETWEEN ? AND ?
                GROUP BY CAST(DATE_TRUNC('month', business_date) AS DATE) ORDER BY 1""", range, (r, i) -> {
            BigDecimal online = zero(r.getBigDecimal(2));
            BigDecimal store = zero(r.getBigDecimal(3));
            Long sessions = r.getLong(10) == 0 ? null : r.getLong(6);
            BigDecimal conversion = sessions == null ? null : percent(r.getBigDecimal(7), BigDecimal.valueOf(sessions));
            BigDecimal spend = r.getLong(11) == 0 ? null : money(r.getBigDecimal(8));
            BigDecimal cac = spend == null ? null : ratio(spend, r.getBigDecimal(9));
            return new GrowthMonth(
                    date(r, 1),
                    money(online),
                    money(store),
                    money(online.add(store)),
                    r.getLong(4),
                    r.getLong(5),
                    sessions,
                    conversion,
                    spend,
                    cac,
                    daysHeld(date(r, 1), period, history),
                    date(r, 1).lengthOfMonth());
        });
        // trailing 3-month average over the last three complete months of the period
        LocalDate lastComplete = period.to().plusDays(1).getDayOfMonth() == 1
                ? period.to().withDayOfMonth(1)
                : period.to().withDayOfMonth(1).minusMonths(1);
        // a month the history (or the period) holds only part of is not a whole month of revenue
        List<GrowthMonth> complete = monthly.stream()
                .filter(m -> !m.month().isAfter(lastComplete) && m.month().isAfter(lastComplete.minusMonths(3)))
                .filter(m -> m.days() == m.periodDays())
                .toList();
        BigDecimal trailing3 = complete.size() < 3
                ? null
                : money(complete.stream()
                        .map(GrowthMonth::revenue)
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                        .divide(BigDecimal.valueOf(3), 2, RoundingMode.HALF_UP));
        BigDecimal last7 = revenue(period.to().minusDays(6), period.to());
        BigDecimal prev7 = revenue(period.to().minusDays(13), period.to().minusDays(7));
        BigDecimal lastYear7 =
                revenue(period.to().minusDays(6 + 364), period.to().minusDays(364));
        Metric wow = acrossGaps(
                Metric.of(change(last7, prev7), "no revenue in the 7 days before the last 7"),
                GROWTH_REVENUE,
                period.to().minusDays(13),
                period.to());
        Metric yoy = acrossGaps(
                acrossGaps(
                        Metric.of(
                                change(last7, lastYear7),
                                "no revenue in the same 7 days a year earlier (364 days back)"),
                        GROWTH_REVENUE,
                        period.to().minusDays(6),
                        period.to()),
                GROWTH_REVENUE,
                period.to().minusDays(6 + 364),
                period.to().minusDays(364));
        // progress: revenue of the 12 months up to the period's end, against the target
        LocalDate ttmFrom = period.to().minusMonths(12).plusDays(1);
        BigDecimal ttm = money(zero(revenue(ttmFrom, period.to())));
        int covered = one("""
                SELECT COUNT(DISTINCT CAST(DATE_TRUNC('month', business_date) AS DATE)) FROM mart_online_daily
                WHERE business_date BETWEEN ? AND ? AND (online_revenue IS NOT NULL OR store_sales IS NOT NULL)""", List.of(Date.valueOf(ttmFrom), Date.valueOf(period.to())), (r, i) -> r.getInt(1));
        BigDecimal target = properties.revenueTarget();
        Metric progress = Metric.of(percent(ttm, target), "no revenue target (stockroom.online.revenue-target)");
        List<Milestone> milestones = properties.milestones().stream()
                .sorted()
                .map(m -> new Milestone(m, ttm.compareTo(m) >= 0))
                .toList();
        // conversion and CAC over the whole period, on the days their feed covers only
        Object[] feeds = one("""
                SELECT SUM(sessions), SUM(CASE WHEN sessions IS NOT NULL THEN orders END), COUNT(sessions),
                       SUM(marketing_spend), SUM(CASE WHEN marketing_spend IS NOT NULL THEN new_customers END), COUNT(marketing_spend)
                FROM mart_online_daily WHERE business_date BETWEEN ? AND ?""", range, (r, i) -> new Object[] {
            r.getBigDecimal(1), r.getBigDecimal(2), r.getLong(3), r.getBigDecimal(4), r.getBigDecimal(5), r.getLong(6)
        });
        Metric conversion = (long) feeds[2] == 0
                ? Metric.of(
                        null, "no web_sessions feed for this period (send sessions per day to get the conversion rate)")
                : Metric.of(
                        percent((BigDecimal) feeds[1], (BigDecimal) feeds[0]),
                        "no sessions on the days the web_sessions feed covers");
        Metric cac = (long) feeds[5] == 0
                ? Metric.of(null, "no marketing_spend feed for this period (send spend per day and channel to get CAC)")
                : Metric.of(
                        ratio(money((BigDecimal) feeds[3]), (BigDecimal) feeds[4]),
                        "no new customers on the days the marketing_spend feed covers");
        return new Growth(
                period,
                monthly,
                trailing3,
                wow,
                yoy,
                ttm,
                covered,
                target,
                progress,
                milestones,
                conversion,
                cac,
                marks(period, GROWTH));
    }

    private static int daysHeld(LocalDate month, Period period, LocalDate[] history) {
        LocalDate from = month;
        LocalDate to = month.plusMonths(1).minusDays(1);
        for (LocalDate bound : new LocalDate[] {period.from(), history[0]}) {
            if (bound != null && bound.isAfter(from)) {
                from = bound;
            }
        }
        for (LocalDate bound : new LocalDate[] {period.to(), history[1]}) {
            if (bound != null && bound.isBefore(to)) {
                to = bound;
            }
        }
        return to.isBefore(from) ? 0 : (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    private BigDecimal revenue(LocalDate from, LocalDate to) {
        return one(
                "SELECT SUM(COALESCE(online_revenue, 0) + COALESCE(store_sales, 0)), COUNT(online_revenue) + COUNT(store_sales) "
                        + "FROM mart_online_daily WHERE business_date BETWEEN ? AND ?",
                List.of(Date.valueOf(from), Date.valueOf(to)),
                (r, i) -> r.getLong(2) == 0 ? null : r.getBigDecimal(1));
    }

    // ------------------------------------------------------------------------------------------------ pulse and
    // suppliers

    /** The web shop's sales pulse: revenue, orders, AOV, fulfilment on time, week-over-week growth, top 5 SKUs. */
    public Pulse pulse(LocalDate fromParam, LocalDate toParam) {
        Period p = period(fromParam, toParam);
        List<Object> range = List.of(Date.valueOf(p.from()), Date.valueOf(p.to()));
        Object[] t = one(
                "SELECT SUM(revenue), SUM(orders) FROM mart_customer_daily WHERE business_date BETWEEN ? AND ?",
                range,
                (r, i) -> new Object[] {zero(r.getBigDecimal(1)), r.getLong(2)});
        BigDecimal revenue = money((BigDecimal) t[0]);
        long orders = (long) t[1];
        Metric aov = Metric.of(ratio(revenue, BigDecimal.valueOf(orders)), "no web orders in the period");
        Metric onTime = fulfilment(p.from(), p.to()).onTimePct();
        BigDecimal last7 = onlineRevenue(p.to().minusDays(6), p.to());
        BigDecimal prev7 = onlineRevenue(p.to().minusDays(13), p.to().minusDays(7));
        Metric wow = acrossGaps(
                Metric.of(change(last7, prev7), "no web orders in the 7 days before the last 7"),
                ORDERS,
                p.to().minusDays(13),
                p.to());
        // the lines the sales marts leave out (mart_sales_daily): the codes of non_merchandise_codes, shipped and the
        // retailer's own, unless the product master sells a product under that code
        List<TopSku> top = query(
                """
                SELECT o.sku, MAX(p.name), SUM(o.quantity), SUM(o.quantity * o.unit_price) FROM orders o LEFT JOIN products p ON p.sku = o.sku
                WHERE o.business_date BETWEEN ? AND ? AND o.unit_price IS NOT NULL
                  AND upper(o.sku) NOT IN (SELECT upper(code) FROM non_merchandise_codes WHERE code NOT IN (SELECT sku FROM products_versions))
                GROUP BY o.sku HAVING SUM(o.quantity * o.unit_price) > 0 ORDER BY 4 DESC, 1 LIMIT 5""",
                range,
                (r, i) -> new TopSku(
                        r.getString(1), r.getString(2), quantity(r.getBigDecimal(3)), money(r.getBigDecimal(4))));
        return new Pulse(p, revenue, orders, aov, onTime, wow, top, marks(p, PULSE));
    }

    private BigDecimal onlineRevenue(LocalDate from, LocalDate to) {
        return one(
                "SELECT SUM(revenue), COUNT(*) FROM mart_customer_daily WHERE business_date BETWEEN ? AND ?",
                List.of(Date.valueOf(from), Date.valueOf(to)),
                (r, i) -> r.getLong(2) == 0 ? null : r.getBigDecimal(1));
    }

    /** Supplier deliveries received in the period: on time against the promise, fill rate, observed vs promised lead time. */
    public Suppliers suppliers(LocalDate fromParam, LocalDate toParam) {
        Period p = period(fromParam, toParam);
        return new Suppliers(
                p,
                query(
                        """
                SELECT r.supplier_id, MAX(s.name), COUNT(*), SUM(CASE WHEN r.on_time THEN 1 ELSE 0 END), COUNT(r.on_time),
                       SUM(r.quantity_received), SUM(CASE WHEN r.quantity_ordered IS NOT NULL THEN r.quantity_received END), SUM(r.quantity_ordered),
                       AVG(r.lead_time_days), AVG(r.promised_lead_time_days)
                FROM mart_supplier_receipts r LEFT JOIN suppliers s ON s.supplier_id = r.supplier_id
                WHERE r.received_date BETWEEN ? AND ?
                GROUP BY r.supplier_id ORDER BY r.supplier_id""",
                        List.of(Date.valueOf(p.from()), Date.valueOf(p.to())),
                        (r, i) -> new SupplierRow(
                                r.getString(1),
                                r.getString(2),
                                r.getLong(3),
                                percent(BigDecimal.valueOf(r.getLong(4)), BigDecimal.valueOf(r.getLong(5))),
                                percent(r.getBigDecimal(7), r.getBigDecimal(8)),
                                decimal(r, 9, 1),
                                decimal(r, 10, 1))));
    }

    /** Days of the period whose web revenue or orders sit more than 3.5 robust z-scores from the 28 days before. */
    public OnlineReports.Anomalies anomalies(LocalDate fromParam, LocalDate toParam) {
        Period p = period(fromParam, toParam);
        return new OnlineReports.Anomalies(
                p,
                query(
                        """
                SELECT business_date, metric, value, median_value, robust_z FROM mart_online_anomalies
                WHERE is_anomaly AND business_date BETWEEN ? AND ? ORDER BY business_date DESC, metric""",
                        List.of(Date.valueOf(p.from()), Date.valueOf(p.to())),
                        (r, i) -> new OnlineReports.Anomaly(
                                date(r, 1),
                                r.getString(2),
                                money(r.getBigDecimal(3)),
                                money(r.getBigDecimal(4)),
                                r.getBigDecimal(5),
                                r.getBigDecimal(5).signum() > 0 ? "above" : "below")));
    }

    /**
     * Category trends over 30 and 90 days and the weekday and monthly seasonal indexes of chain net sales, as of the latest
     * sales date (mart_category_trends, mart_seasonal_indexes). Each figure that the history is too short for says so and
     * how much history it needs: a 30-day trend 60 days, a 90-day trend 180, weekday indexes 28, monthly indexes 365.
     */
    public OnlineReports.Seasonality seasonality() {
        chainWide();
        List<Object[]> span =
                query("SELECT MAX(as_of_date), MAX(history_days) FROM mart_category_trends", List.of(), (r, i) ->
                        new Object[] {date(r, 1), r.getObject(2) == null ? 0 : r.getInt(2)});
        LocalDate asOf = (LocalDate) span.getFirst()[0];
        int days = (Integer) span.getFirst()[1];
        List<OnlineReports.CategoryTrend> categories = query(
                """
                SELECT category, sales_30d, sales_prev_30d, trend_30d_pct, sales_90d, sales_prev_90d, trend_90d_pct
                FROM mart_category_trends ORDER BY sales_30d DESC, category""",
                List.of(),
                (r, i) -> new OnlineReports.CategoryTrend(
                        r.getString(1),
                        money(r.getBigDecimal(2)),
                        money(r.getBigDecimal(3)),
                        trend(r.getBigDecimal(4), r.getBigDecimal(3), days, 60),
                        money(r.getBigDecimal(5)),
                        money(r.getBigDecimal(6)),
                        trend(r.getBigDecimal(7), r.getBigDecimal(6), days, 180)));
        return new OnlineReports.Seasonality(
                asOf, days, categories, indexes("weekday", days, 28), indexes("month", days, 365));
    }

    private static final String[] WEEKDAYS = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
    };
    private static final String[] MONTHS = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"
    };

    private static Metric trend(BigDecimal pct, BigDecimal previous, int historyDays, int needed) {
        if (pct != null) {
            return new Metric(pct, null);
        }
        return new Metric(
                null,
                historyDays < needed
                        ? "not available: needs " + needed + " days of sales history, there are " + historyDays
                        : "not available: the category sold nothing in the earlier window");
    }

    private OnlineReports.SeasonalIndexes indexes(String kind, int historyDays, int needed) {
        if (historyDays < needed) {
            return new OnlineReports.SeasonalIndexes(
                    List.of(),
                    "not available: " + (kind.equals("weekday") ? "weekday" : "monthly") + " indexes need " + needed
                            + " days of sales history, there are " + historyDays);
        }
        return new OnlineReports.SeasonalIndexes(
                query(
                        "SELECT period, mean_sales, days, seasonal_index FROM mart_seasonal_indexes WHERE kind = ? ORDER BY period",
                        List.of(kind),
                        (r, i) -> new OnlineReports.SeasonalIndex(
                                r.getInt(1),
                                (kind.equals("weekday") ? WEEKDAYS : MONTHS)[r.getInt(1) - 1],
                                money(r.getBigDecimal(2)),
                                r.getInt(3),
                                r.getBigDecimal(4))),
                null);
    }

    // ------------------------------------------------------------------------------------------------ metrics query

    /** The web-order metrics the e-commerce seed asks for, bucketed by hour, day, week (from Monday) or month. */
    public enum OrderMetric {
        REVENUE("SUM(COALESCE(quantity * unit_price, 0))"),
        ORDERS("COUNT(DISTINCT CASE WHEN " + PLACED + " THEN order_id END)"),
        AVERAGE_ORDER_VALUE("SUM(COALESCE(quantity * unit_price, 0)) / NULLIF(COUNT(DISTINCT CASE WHEN " + PLACED
                + " THEN order_id END), 0)"),
        CUSTOMERS("COUNT(DISTINCT CASE WHEN " + PLACED + " THEN customer_id END)"),
        // merchandise only, as the sales marts and the top SKUs count them: a postage or fee line (any case) or a
        // stock adjustment at price 0 is not a unit sold
        UNITS("COALESCE(SUM(CASE WHEN upper(sku) NOT IN (SELECT upper(code) FROM non_merchandise_codes"
                + " WHERE code NOT IN (SELECT sku FROM products_versions))"
                + " AND (unit_price IS NULL OR unit_price <> 0) THEN quantity END), 0)");

        private final String sql;

        OrderMetric(String sql) {
            this.sql = sql;
        }
    }

    public enum Granularity {
        HOURLY,
        DAILY,
        WEEKLY,
        MONTHLY
    }

    /**
     * One metric over time from the order lines (hourly buckets from the order timestamps), optionally for one channel
     * and/or country. A bucket without orders is absent, not 0 (the caller sees which hours had none).
     */
    public MetricSeries metrics(
            String metricParam,
            LocalDate fromParam,
            LocalDate toParam,
            String granularityParam,
            String channel,
            String country) {
        long started = System.nanoTime();
        OrderMetric metric = choice("metric", metricParam, OrderMetric.class, null);
        Granularity granularity = choice("granularity", granularityParam, Granularity.class, Granularity.DAILY);
        Period p = period(fromParam, toParam);
        String unit = switch (granularity) {
            case HOURLY -> "hour";
            case DAILY -> "day";
            case WEEKLY -> "week";
            case MONTHLY -> "month";
        };
        List<Object> params = new ArrayList<>(List.of(Date.valueOf(p.from()), Date.valueOf(p.to())));
        StringBuilder where = new StringBuilder(" WHERE business_date BETWEEN ? AND ?");
        Map<String, String> filters = new LinkedHashMap<>();
        if (channel != null && !channel.isBlank()) {
            where.append(" AND COALESCE(channel, 'online') = ?");
            params.add(channel.strip());
            filters.put("channel", channel.strip());
        }
        if (country != null && !country.isBlank()) {
            where.append(" AND country = ?");
            params.add(country.strip());
            filters.put("country", country.strip());
        }
        String bucket = "DATE_TRUNC('" + unit + "', ordered_at)";
        List<OnlineReports.MetricPoint> data = query(
                "SELECT " + bucket + ", " + metric.sql + " FROM orders" + where + " GROUP BY " + bucket + " ORDER BY 1",
                params,
                (r, i) -> new OnlineReports.MetricPoint(
                        bucketLabel(r.getTimestamp(1).toLocalDateTime(), granularity),
                        metric == OrderMetric.ORDERS || metric == OrderMetric.CUSTOMERS
                                ? BigDecimal.valueOf(r.getLong(2))
                                : money(r.getBigDecimal(2))));
        return new MetricSeries(
                data,
                new OnlineReports.MetricsMetadata(
                        metric.name().toLowerCase(java.util.Locale.ROOT),
                        granularity.name().toLowerCase(java.util.Locale.ROOT),
                        p,
                        filters,
                        (System.nanoTime() - started) / 1_000_000,
                        false),
                marks(p, ORDERS));
    }

    private static String bucketLabel(java.time.LocalDateTime start, Granularity granularity) {
        return granularity == Granularity.HOURLY
                ? start.toString()
                : start.toLocalDate().toString();
    }

    private static <E extends Enum<E>> E choice(String parameter, String value, Class<E> type, E fallback) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "Parameter '" + parameter + "' is required: one of " + names(type) + ".");
            }
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.strip().replace('-', '_'))) {
                return e;
            }
        }
        throw new StockroomException(
                ErrorCode.BAD_PARAMETER,
                "Parameter '" + parameter + "' must be one of " + names(type) + "; got '" + value + "'.");
    }

    private static String names(Class<? extends Enum<?>> type) {
        return String.join(
                ", ",
                java.util.Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase(java.util.Locale.ROOT))
                        .toList());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The period asked for; by default the 30 days up to the latest web order (or today when there is none). */
    private Period period(LocalDate from, LocalDate to) {
        chainWide();
        if (from != null && to != null && from.isAfter(to)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'from' (" + from + ") is after 'to' (" + to + "); swap them.");
        }
        LocalDate end = to;
        if (end == null) {
            LocalDate latest = dataEnd();
            end = from != null && latest != null && latest.isBefore(from)
                    ? from.plusDays(29)
                    : latest == null ? LocalDate.now(zone) : latest;
        }
        LocalDate start = from == null ? end.minusDays(29) : from;
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'from' is more than " + MAX_DAYS + " days before 'to'; ask for a shorter period.");
        }
        return new Period(start, end);
    }

    private static void chainWide() {
        if (!CurrentActor.scope().all()) {
            throw new StockroomException(
                    ErrorCode.FORBIDDEN,
                    "Online and customer analytics are chain-wide (a customer buys across stores), "
                            + "and your access is limited to some stores. Ask an admin for a chain-wide role to see them.");
        }
    }

    /**
     * The days of the period that lack an expected feed of these datasets (docs/pipeline.md), chain-wide; its last days
     * up to the latest day with data that no run has checked yet are compared with the calendar now, as the sales
     * pages do: orders sent through the day by the API, or a failed orders file, before the morning's run.
     */
    private ExpectedArrivals.Marks marks(Period p, List<String> datasets) {
        return arrivals.marks(p.from(), p.to(), datasets, null, null, dataEnd());
    }

    /** The latest day with online data (web orders, store sales, sessions or spend): the live check's last day. */
    private LocalDate dataEnd() {
        return one("SELECT MAX(business_date) FROM mart_online_daily", List.of(), (r, i) -> date(r, 1));
    }

    /**
     * A change between two windows is not given when a feed it sums was missing or failed on a day of them: the gap
     * would read as a drop (or, in the earlier window, as growth).
     */
    private Metric acrossGaps(Metric change, List<String> datasets, LocalDate from, LocalDate to) {
        if (change.value() == null) {
            return change;
        }
        List<ExpectedArrivals.Gap> gaps = arrivals.gapsNow(from, to, datasets, dataEnd());
        if (gaps.isEmpty()) {
            return change;
        }
        ExpectedArrivals.Gap first = gaps.getFirst();
        long days = gaps.stream().map(ExpectedArrivals.Gap::date).distinct().count();
        return Metric.of(
                null,
                first.describe() + " on " + first.date() + (days > 1 ? " and " + (days - 1) + " more day(s)" : "")
                        + ": a week with a missing feed is not comparable");
    }

    private Spread spread(String column, String from, List<Object> range) {
        String x = "CAST(" + column
                + " AS DOUBLE PRECISION)"; // a decimal column would be interpolated then truncated to its scale
        return one(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY " + x
                        + "), percentile_cont(0.9) WITHIN GROUP (ORDER BY " + x
                        + "), percentile_cont(0.95) WITHIN GROUP (ORDER BY " + x + "), COUNT(" + column + ")" + from,
                range,
                (r, i) -> new Spread(decimal(r, 1, 2), decimal(r, 2, 2), decimal(r, 3, 2), r.getLong(4)));
    }

    private <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        if (!ready.get()) {
            models.ensureTables();
            ready.set(true);
        }
        return jdbc.sql(sql).params(params).query(mapper).list();
    }

    private <T> T one(String sql, List<Object> params, RowMapper<T> mapper) {
        return query(sql, params, mapper).getFirst();
    }

    private static LocalDate date(ResultSet r, int column) throws SQLException {
        Date d = r.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    private static BigDecimal decimal(ResultSet r, int column, int scale) throws SQLException {
        double v = r.getDouble(column);
        // interpolated in binary floating point: 0.625 may come back as 0.62499999; settle at 6 places before rounding
        return r.wasNull()
                ? null
                : BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_UP).setScale(scale, RoundingMode.HALF_UP);
    }

    private static BigDecimal money(BigDecimal v) {
        return v == null ? null : v.setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal quantity(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static BigDecimal zero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private static BigDecimal ratio(BigDecimal a, BigDecimal b) {
        return a == null || b == null || b.signum() == 0 ? null : a.divide(b, 2, RoundingMode.HALF_UP);
    }

    static BigDecimal percent(BigDecimal a, BigDecimal b) {
        return a == null || b == null || b.signum() == 0
                ? null
                : a.multiply(HUNDRED).divide(b, 2, RoundingMode.HALF_UP);
    }

    private static BigDecimal change(BigDecimal value, BigDecimal previous) {
        return value == null || previous == null || previous.signum() == 0
                ? null
                : value.subtract(previous).multiply(HUNDRED).divide(previous.abs(), 1, RoundingMode.HALF_UP);
    }
}
