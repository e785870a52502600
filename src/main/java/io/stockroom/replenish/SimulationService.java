package io.stockroom.replenish;

import static java.util.Objects.requireNonNull;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.forecast.ForecastProperties;
import io.stockroom.forecast.PromotionCalendar;
import io.stockroom.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * {@code stockroom simulate}: replays the warehouse's history from {@code from} to {@code to} with the 28-day average
 * policy and the forecast policy, beside the retailer's actual history ({@link Simulator}). Reads only; writes nothing
 * but the session's temp table of observed lead times (observed_lead.sql, as the daily run computes them).
 */
@Service
public final class SimulationService {

    /** Longest replay, in days. */
    static final int MAX_DAYS = 366;
    /** Pair-days held in memory at most (a few hundred MB); above it the caller narrows the stores or the dates. */
    static final long MAX_PAIR_DAYS = 40_000_000L;

    private final Warehouse warehouse;
    private final ReplenishmentProperties replenishment;
    private final ForecastProperties forecast;
    private final ObservedLeadTimeProperties observedLeadTime;

    public SimulationService(
            Warehouse warehouse,
            ReplenishmentProperties replenishment,
            ForecastProperties forecast,
            ObservedLeadTimeProperties observedLeadTime) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.replenishment = requireNonNull(replenishment, "replenishment is null");
        this.forecast = requireNonNull(forecast, "forecast is null");
        this.observedLeadTime = requireNonNull(observedLeadTime, "observedLeadTime is null");
    }

    /** The configured policy, as a simulation starts from it. */
    public SimulationSettings configured() {
        return SimulationSettings.of(replenishment);
    }

    /** Days the policies run before the measured range by default (see {@link #simulate}). */
    public static final int DEFAULT_WARM_UP_DAYS = 28;

    /** As {@link #simulate(LocalDate, LocalDate, SimulationSettings.WhatIf, Optional, int)} with the default warm-up. */
    public SimulationReport simulate(
            LocalDate from, LocalDate to, SimulationSettings.WhatIf whatIf, Optional<String> store) {
        return simulate(from, to, whatIf, store, DEFAULT_WARM_UP_DAYS);
    }

    /**
     * Replays the days with the configured policy changed by {@code whatIf}; one store or every store. The policies take
     * over the shelf {@code warmUpDays} before {@code from} (from the snapshot of the day before) and are measured from
     * {@code from}, as is the actual history: the result is the policy's, not the stock it inherited.
     */
    public SimulationReport simulate(
            LocalDate from, LocalDate to, SimulationSettings.WhatIf whatIf, Optional<String> store, int warmUpDays) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (to.isBefore(from)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "--to " + to + " is before --from " + from + "; give a range with from <= to.");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "A simulation replays at most " + MAX_DAYS + " days; " + from + " to " + to + " is "
                            + (ChronoUnit.DAYS.between(from, to) + 1) + ". Choose a shorter range.");
        }
        if (warmUpDays < 0 || warmUpDays > 91) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "--warm-up must be between 0 and 91 days, got " + warmUpDays + ".");
        }
        SimulationSettings settings = configured().with(whatIf == null ? SimulationSettings.WhatIf.none() : whatIf);
        String only = store.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        int history = Math.max(
                forecast.historyDays(), Math.max(settings.demandWindowDays(), replenishment.revenueWindowDays()));
        LocalDate takeOver = from.minusDays(warmUpDays);
        LocalDate first = takeOver.minusDays(history);
        LocalDate before = takeOver.minusDays(1);
        int days = (int) ChronoUnit.DAYS.between(first, to) + 1;
        return warehouse.withConnection(c -> {
            LocalDate latest = latestSnapshot(c);
            if (latest == null) {
                throw new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "The warehouse holds no inventory snapshots; a simulation replays the "
                                + "stock from them. Load inventory (and sales) first, e.g. 'stockroom demo'.");
            }
            if (to.isAfter(latest)) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "--to " + to + " is after the latest inventory snapshot " + latest
                                + "; the actual history cannot be compared beyond it. Choose --to " + latest
                                + " or earlier.");
            }
            Map<String, Object> p = new HashMap<>();
            p.put("before", before);
            p.put("revenue_from", takeOver.minusDays(replenishment.revenueWindowDays()));
            p.put("default_lead", replenishment.defaultLeadTimeDays());
            p.put("first", first);
            p.put("last", to);
            String scope = "";
            if (only != null) {
                p.put("store", only);
                scope = " AND %1$s = :store";
            }
            // the acting user's stores only (a buyer of one area replays that area); "" for chain-wide users and the
            // CLI
            scope += NamedSql.scope("%1$s", p);
            // the lead times observed over the receipts as the daily run of the take-over day has them (a temp table)
            NamedSql.run(
                    c,
                    "observed_lead.sql",
                    Map.of(
                            "d",
                            takeOver,
                            "lt_min",
                            observedLeadTime.minReceipts(),
                            "lt_window",
                            observedLeadTime.windowDays(),
                            "lt_trim",
                            observedLeadTime.outlierMinReceipts()));
            Map<String, Integer> excluded = new LinkedHashMap<>();
            Map<String, Row> rows = pairs(c, p, scope.formatted("i.store_id"), excluded);
            if (rows.isEmpty() && excluded.isEmpty()) {
                throw new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "No inventory snapshot on " + before + (only == null ? "" : " for store '" + only + "'")
                                + "; the policies take over the shelf from the stock of the day before --from minus the warm-up ("
                                + warmUpDays
                                + " days). Choose a later --from, a shorter --warm-up"
                                + (only == null ? "" : ", or check the store id") + ".");
            }
            if ((long) rows.size() * days > MAX_PAIR_DAYS) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        String.format(
                                java.util.Locale.ROOT,
                                "%,d pairs × %,d days (the run and %d days of history before it) is more than %,d pair-days; "
                                        + "simulate one store at a time (--store) or a shorter range.",
                                rows.size(),
                                days,
                                history,
                                MAX_PAIR_DAYS));
            }
            fillDays(c, p, scope, rows, first, days);
            promotions(c, rows, first, days + forecast.horizonDays());
            Map<String, Integer> leadTimeSources = new TreeMap<>();
            List<SimPair> pairs =
                    complete(rows, (int) ChronoUnit.DAYS.between(first, before), excluded, leadTimeSources);
            if (pairs.isEmpty()) {
                throw new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "No store x SKU can be replayed from " + from + " to " + to + ": left out " + excluded
                                + ". Choose dates with inventory snapshots on every day.");
            }
            return new Simulator(settings, forecast)
                    .run(
                            pairs,
                            first,
                            (int) ChronoUnit.DAYS.between(first, takeOver),
                            (int) ChronoUnit.DAYS.between(first, from),
                            Simulator.allPolicies(),
                            excluded,
                            leadTimeSources);
        });
    }

    /**
     * A range to offer a buyer: the last four weeks up to the latest snapshot with the default warm-up, both shortened
     * when the history is shorter (half of it for the warm-up). Empty when there are no snapshots.
     */
    public Optional<Suggestion> suggestion() {
        return Optional.ofNullable(warehouse.withConnection(c -> {
            List<LocalDate[]> r = NamedSql.query(
                    c,
                    "SELECT MIN(business_date), MAX(business_date) FROM inventory",
                    Map.of(),
                    rs -> rs.getDate(1) == null
                            ? null
                            : new LocalDate[] {
                                rs.getDate(1).toLocalDate(), rs.getDate(2).toLocalDate()
                            });
            if (r.isEmpty() || r.getFirst() == null) {
                return null;
            }
            LocalDate earliest = r.getFirst()[0];
            LocalDate latest = r.getFirst()[1];
            int span = (int) ChronoUnit.DAYS.between(earliest, latest);
            int warmUp = Math.min(DEFAULT_WARM_UP_DAYS, span / 2);
            LocalDate from = latest.minusDays(27);
            if (from.isBefore(earliest.plusDays(warmUp + 1L))) {
                from = earliest.plusDays(warmUp + 1L);
            }
            return new Suggestion(earliest, latest, from.isAfter(latest) ? latest : from, latest, warmUp);
        }));
    }

    /** A replayable range: the snapshots held, and a from / to / warm-up that fit them. */
    public record Suggestion(
            LocalDate earliestSnapshot, LocalDate latestSnapshot, LocalDate from, LocalDate to, int warmUpDays) {}

    private static LocalDate latestSnapshot(Connection c) throws SQLException {
        List<LocalDate> d = NamedSql.query(
                c,
                "SELECT MAX(business_date) FROM inventory",
                Map.of(),
                rs -> rs.getDate(1) == null ? null : rs.getDate(1).toLocalDate());
        return d.isEmpty() ? null : d.getFirst();
    }

    /** A pair while it is read: its terms, and its days once filled. */
    private static final class Row {
        String store;
        String sku;
        String category;
        double price;
        double cost;
        int casePack;
        int moq;
        int lead;
        String leadSource;
        Double leadSd;
        String orderDays;
        Integer presentationMin;
        Double ruleSs;
        Double ruleMin;
        Double ruleMax;
        Double ruleWos;
        LocalDate ltoEnd;
        double revenue;
        char abcClass;
        double[] sold;
        double[] onHand;
        double[] onOrder;
        boolean[] promotions;
    }

    private Map<String, Row> pairs(Connection c, Map<String, Object> p, String scope, Map<String, Integer> excluded)
            throws SQLException {
        String sql = String.join("\n", NamedSql.script("simulate_pairs.sql")) + scope;
        Map<String, Row> out = new LinkedHashMap<>();
        NamedSql.query(c, sql, p, rs -> {
            String reason = null;
            if (rs.getString("supplier_id") == null) {
                reason = "no supplier";
            } else if (rs.getBoolean("do_not_reorder")) {
                reason = "do not reorder";
            } else if (rs.getBoolean("struck")) {
                reason = "struck";
            } else if (rs.getBoolean("stopped_later")) {
                reason = "struck or do not reorder during the run";
            }
            if (reason != null) {
                excluded.merge(reason, 1, Integer::sum);
                return null;
            }
            Row r = new Row();
            r.store = rs.getString("store_id");
            r.sku = rs.getString("sku");
            r.category = rs.getString("category");
            r.price = rs.getDouble("unit_price");
            r.cost = rs.getDouble("unit_cost");
            r.casePack = rs.getInt("case_pack");
            r.moq = rs.getInt("moq");
            r.lead = rs.getInt("lead_time_days");
            r.leadSource = rs.getString("lead_time_source");
            double sd = rs.getDouble("lead_sd");
            r.leadSd = rs.wasNull() ? null : sd;
            r.orderDays = rs.getString("order_days");
            int pm = rs.getInt("presentation_min");
            r.presentationMin = rs.wasNull() ? null : pm;
            r.ruleSs = decimal(rs.getBigDecimal("rule_ss"));
            r.ruleMin = decimal(rs.getBigDecimal("rule_min"));
            r.ruleMax = decimal(rs.getBigDecimal("rule_max"));
            r.ruleWos = decimal(rs.getBigDecimal("rule_wos"));
            r.ltoEnd = rs.getDate("lto_end_date") == null
                    ? null
                    : rs.getDate("lto_end_date").toLocalDate();
            r.revenue = rs.getDouble("revenue");
            out.put(r.store + "\u0000" + r.sku, r);
            return null;
        });
        classify(out.values());
        return out;
    }

    /** ABC per store by net sales over the revenue window before the run, as the stage ranks (docs step 3); fixed for the run. */
    private void classify(java.util.Collection<Row> rows) {
        Map<String, List<Row>> byStore = new HashMap<>();
        for (Row r : rows) {
            byStore.computeIfAbsent(r.store, k -> new ArrayList<>()).add(r);
        }
        double aShare = replenishment.classAShare().doubleValue();
        double bShare = replenishment.classBShare().doubleValue();
        for (List<Row> store : byStore.values()) {
            store.sort(Comparator.comparingDouble((Row r) -> -r.revenue).thenComparing(r -> r.sku));
            double total = store.stream()
                    .filter(r -> r.revenue > 0)
                    .mapToDouble(r -> r.revenue)
                    .sum();
            double before = 0;
            for (Row r : store) {
                if (r.revenue <= 0) {
                    r.abcClass = 'C';
                    continue;
                }
                r.abcClass = before < aShare * total ? 'A' : before < bShare * total ? 'B' : 'C';
                before += r.revenue;
            }
        }
    }

    /** Fills each pair's days; {@code scope} is the store predicate with %1$s for the store column. */
    private static void fillDays(
            Connection c, Map<String, Object> p, String scope, Map<String, Row> rows, LocalDate first, int days)
            throws SQLException {
        for (Row r : rows.values()) {
            r.sold = new double[days];
            r.onHand = new double[days];
            r.onOrder = new double[days];
            Arrays.fill(r.sold, Double.NaN);
            Arrays.fill(r.onHand, Double.NaN);
            Arrays.fill(r.onOrder, Double.NaN);
        }
        Map<String, boolean[]> reported = new HashMap<>();
        NamedSql.query(
                c,
                "SELECT DISTINCT store_id, business_date FROM sales WHERE business_date BETWEEN :first AND :last"
                        + scope.formatted("store_id"),
                p,
                rs -> {
                    reported.computeIfAbsent(rs.getString(1), k -> new boolean[days])[
                            (int) ChronoUnit.DAYS.between(first, rs.getDate(2).toLocalDate())] = true;
                    return null;
                });
        for (Row r : rows.values()) {
            boolean[] open = reported.get(r.store);
            for (int t = 0; t < days; t++) {
                if (open != null && open[t]) {
                    r.sold[t] = 0;
                }
            }
        }
        String sql = String.join("\n", NamedSql.script("simulate_days.sql")) + scope.formatted("d.store_id");
        NamedSql.query(c, sql, p, rs -> {
            Row r = rows.get(rs.getString(1) + "\u0000" + rs.getString(2));
            if (r == null) {
                return null;
            }
            int t = (int) ChronoUnit.DAYS.between(first, rs.getDate(3).toLocalDate());
            double units = rs.getDouble(4);
            if (!rs.wasNull()) {
                r.sold[t] = (Double.isNaN(r.sold[t]) ? 0 : r.sold[t]) + units;
            }
            double onHand = rs.getDouble(5);
            if (!rs.wasNull()) {
                r.onHand[t] = onHand;
                double onOrder = rs.getDouble(6);
                r.onOrder[t] = rs.wasNull() ? 0 : onOrder;
            }
            return null;
        });
    }

    /**
     * Each pair's days in the promotion calendar from {@code first}, over the replayed days and the forecast horizon
     * after the last (the forecast policy reads them as the daily refresh does); null for a pair with none.
     */
    private static void promotions(Connection c, Map<String, Row> rows, LocalDate first, int days) {
        PromotionCalendar calendar = PromotionCalendar.read(c, first, first.plusDays(days - 1L));
        if (calendar.isEmpty()) {
            return;
        }
        for (Row r : rows.values()) {
            boolean[] promo = calendar.days(r.store, r.sku, first, days);
            for (boolean b : promo) {
                if (b) {
                    r.promotions = promo;
                    break;
                }
            }
        }
    }

    /** The pairs with a snapshot on the day before the run ({@code start}) and on every replayed day; the rest are counted. */
    private static List<SimPair> complete(
            Map<String, Row> rows, int start, Map<String, Integer> excluded, Map<String, Integer> leadTimeSources) {
        List<SimPair> out = new ArrayList<>();
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparing((Row r) -> r.store).thenComparing(r -> r.sku));
        for (Row r : sorted) {
            boolean full = true;
            for (int t = start; t < r.onHand.length && full; t++) {
                full = !Double.isNaN(r.onHand[t]);
            }
            if (!full) {
                excluded.merge("snapshot missing on a replayed day", 1, Integer::sum);
                continue;
            }
            leadTimeSources.merge(r.leadSource, 1, Integer::sum);
            out.add(new SimPair(
                    r.store,
                    r.sku,
                    r.category,
                    r.abcClass,
                    r.price,
                    r.cost,
                    Math.max(1, r.casePack),
                    Math.max(0, r.moq),
                    Math.max(0, r.lead),
                    r.orderDays,
                    r.presentationMin,
                    r.ruleSs,
                    r.ruleMin,
                    r.ruleMax,
                    r.ruleWos,
                    r.ltoEnd,
                    r.sold,
                    r.onHand,
                    r.onOrder,
                    r.leadSd,
                    r.promotions));
        }
        return out;
    }

    private static Double decimal(java.math.BigDecimal v) {
        return v == null ? null : v.doubleValue();
    }
}
