package io.stockroom.replenish;

import static java.util.Objects.requireNonNull;

import io.stockroom.ErrorCode;
import io.stockroom.FaultPoint;
import io.stockroom.StockroomException;
import io.stockroom.forecast.ForecastProperties;
import io.stockroom.forecast.ForecastService;
import io.stockroom.security.CurrentActor;
import io.stockroom.warehouse.BulkRows;
import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The replenishment stage: for a business date, computes the explained recommendation lines, the supplier purchase
 * orders and the exception report, set-based in the warehouse. A re-run replaces what no buyer has touched and keeps
 * every buyer decision (approved or rejected orders with their lines, overridden or decided lines).
 */
@Service
public final class ReplenishmentService {

    private static final Logger log = LoggerFactory.getLogger(ReplenishmentService.class);

    /** The discrete safety-stock quantiles per class, keyed by the A, B and C service levels. */
    private static final Map<List<BigDecimal>, List<DiscreteLevel>> DISCRETE_SS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The DEMAND_SPIKE's Poisson levels (SpikeLevels), keyed by spike-sigmas. */
    private static final Map<Double, int[]> SPIKE_LEVELS = new java.util.concurrent.ConcurrentHashMap<>();

    /** One row of repl_discrete_ss, λ and the variance/mean ratio in tenths. */
    private record DiscreteLevel(String abcClass, int meanTenths, int ratioTenths, int quantile) {}

    private final Warehouse warehouse;
    private final ReplenishmentProperties settings;
    private final DemandStatistics demand;

    private final ForecastService forecasts;
    private final ObservedLeadTimeProperties observedLeadTime;

    /** Without forecasts: the policy uses the trailing average (as with {@code stockroom.forecast.enabled: false}). */
    public ReplenishmentService(Warehouse warehouse, ReplenishmentProperties settings) {
        this(warehouse, settings, new ForecastService(ForecastProperties.defaults(false)));
    }

    public ReplenishmentService(Warehouse warehouse, ReplenishmentProperties settings, ForecastService forecasts) {
        this(warehouse, settings, forecasts, ObservedLeadTimeProperties.defaults());
    }

    @Autowired
    public ReplenishmentService(
            Warehouse warehouse,
            ReplenishmentProperties settings,
            ForecastService forecasts,
            ObservedLeadTimeProperties observedLeadTime) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.demand = new DemandStatistics(settings);
        this.forecasts = requireNonNull(forecasts, "forecasts is null");
        this.observedLeadTime = requireNonNull(observedLeadTime, "observedLeadTime is null");
    }

    /**
     * Whether the stage was run for the date for the whole chain (a daily run, stockroom replenish without --store):
     * a catch-up defers it on all its days but the last, and a replay gives a date only what it had.
     */
    public boolean ranFor(LocalDate businessDate) {
        requireNonNull(businessDate, "businessDate is null");
        return warehouse.withConnection(c -> NamedSql.count(
                        c,
                        "SELECT COUNT(*) FROM replenishment_runs WHERE business_date = :d AND store_scope IS NULL",
                        Map.of("d", businessDate))
                > 0);
    }

    /**
     * The stores the stage was run for one at a time on the date ({@code stockroom replenish --store}), oldest id first:
     * a date that had it for some stores only, which its replay gives to those stores again.
     */
    public List<String> storesRunFor(LocalDate businessDate) {
        requireNonNull(businessDate, "businessDate is null");
        return warehouse.withConnection(c -> NamedSql.query(
                c,
                "SELECT DISTINCT store_scope FROM replenishment_runs WHERE business_date = :d"
                        + " AND store_scope IS NOT NULL ORDER BY store_scope",
                Map.of("d", businessDate),
                r -> r.getString(1)));
    }

    /**
     * The latest date after {@code businessDate} that the stage was run for (for the whole chain or some stores), if
     * any: the orders made since, which a run of an earlier date that never had the stage must not stand beside.
     */
    public Optional<LocalDate> ranAfter(LocalDate businessDate) {
        requireNonNull(businessDate, "businessDate is null");
        return warehouse.withConnection(c -> NamedSql.query(
                        c,
                        "SELECT MAX(business_date) FROM replenishment_runs WHERE business_date > :d",
                        Map.of("d", businessDate),
                        r -> r.getObject(1, LocalDate.class))
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst());
    }

    /** Computes recommendations, purchase orders and exceptions for the date (one store, or all), replacing the earlier result. */
    public ReplenishmentRun run(LocalDate businessDate, Optional<String> store) {
        RunClock clock = log.isDebugEnabled()
                ? new RunClock((name, statement, wall, cpu) ->
                        log.debug("replenishment {} {}: {} ms wall, {} ms CPU", businessDate, name, wall, cpu))
                : RunClock.OFF;
        return run(businessDate, store, clock, false);
    }

    /** As {@link #run(LocalDate, Optional)}, timing each step and statement; {@code rebuildStatistics} forces a full rebuild. */
    ReplenishmentRun run(LocalDate businessDate, Optional<String> store, RunClock t, boolean rebuildStatistics) {
        requireNonNull(businessDate, "businessDate is null");
        requireNonNull(store, "store is null");
        String scope = store.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        long started = System.nanoTime();
        ReplenishmentRun result = warehouse.inTransaction(c -> {
            Map<String, Object> p = params(businessDate, scope);
            DemandStatistics.Mode mode = demand.update(c, businessDate, rebuildStatistics, t);
            t.lap("demand statistics (" + mode.name().toLowerCase() + ")");
            if (forecasts.enabled()) { // issue 14: the day's forecasts first, so the policy reads them
                ForecastService.Refresh r = forecasts.refresh(c, businessDate);
                t.lap("forecasts (" + r.pairs() + " pairs, " + r.chosen() + " chosen anew)");
            }
            NamedSql.run(c, "observed_lead.sql", p, t);
            NamedSql.run(c, "lead_times.sql", p, t);
            t.lap("observed lead times");
            NamedSql.run(c, "prepare.sql", p, t);
            supplierTerms(c, businessDate);
            classParameters(c);
            t.lap("snapshots and suppliers");
            NamedSql.run(c, "item_stats.sql", p, t);
            t.lap("ABC boundaries, category rates, item terms");
            if (scope != null
                    && NamedSql.count(c, "SELECT COUNT(*) FROM repl_snapshots", Map.of()) == 0
                    && NamedSql.count(c, "SELECT COUNT(*) FROM stores WHERE store_id = :s", Map.of("s", scope)) == 0) {
                throw new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "Store '" + scope + "' has no inventory and is not in the store master; "
                                + "check the store id (see GET /api/v1/stores) or load its inventory first.");
            }
            NamedSql.run(c, "keep_decided.sql", p, t);
            long kept = NamedSql.count(
                    c,
                    "SELECT COUNT(*) FROM replenishment_lines WHERE business_date = :d"
                            + " AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))",
                    p);
            t.lap("clear earlier result (kept " + kept + " decided lines)");
            p.put(
                    "id_base",
                    t.statement(
                            "next line id",
                            // above the ids of the lines this run replaced too, which its lines for the same pairs
                            // take again (keep_decided.sql)
                            () -> NamedSql.count(
                                    c,
                                    "SELECT GREATEST(COALESCE((SELECT MAX(id) FROM replenishment_lines), 0),"
                                            + " COALESCE((SELECT MAX(prev_id) FROM repl_previous_ids), 0)) + 1",
                                    Map.of())));
            p.put(
                    "sku_stride",
                    NamedSql.count(c, "SELECT COALESCE(MAX(sku_no), 0) + 1 FROM replenishment_sku_keys", Map.of()));
            NamedSql.run(c, "policy.sql", p, t);
            t.lap("policy (recommendation lines)");
            NamedSql.run(c, "purchase_orders.sql", p, t);
            p.put("po", null);
            NamedSql.run(c, "po_totals.sql", p, t);
            if (settings.topUpBelowMinOrderValue() && TopUp.apply(c, businessDate) > 0) {
                NamedSql.run(c, "po_totals.sql", p);
            }
            t.lap("purchase orders");
            WeekdayIndex.prepare(c, businessDate);
            NamedSql.run(c, "exceptions.sql", p, t);
            t.lap("exception report");
            long pairs = t.statement("count pairs", () -> NamedSql.count(c, """
                    SELECT COUNT(*) FROM repl_stats st
                    JOIN repl_snapshots sn ON sn.store_no = st.store_no AND sn.snapshot_date = st.snapshot_date
                    JOIN repl_skus pr ON pr.sku_no = st.sku_no
                    WHERE st.as_of = :d AND NOT pr.is_placeholder""", p));
            long lines = t.statement(
                    "count lines",
                    () -> NamedSql.count(
                            c,
                            "SELECT COUNT(*) FROM replenishment_lines WHERE business_date = :d"
                                    + " AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))",
                            p));
            long orders = t.statement(
                    "count orders",
                    () -> NamedSql.count(c, "SELECT COUNT(*) FROM purchase_orders WHERE business_date = :d", p));
            long exceptions = t.statement(
                    "count exceptions",
                    () -> NamedSql.count(
                            c,
                            "SELECT COUNT(*) FROM replenishment_exceptions WHERE business_date = :d"
                                    + " AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))",
                            p));
            FaultPoint.reached("replenishment.before-commit");
            long millis = (System.nanoTime() - started) / 1_000_000;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("d", businessDate);
            run.put("store", scope);
            run.put("millis", millis);
            run.put("mode", mode.name().toLowerCase());
            run.put("pairs", pairs);
            run.put("lines", lines);
            run.put("orders", orders);
            run.put("exceptions", exceptions);
            run.put("kept", kept);
            NamedSql.update(c, """
                    INSERT INTO replenishment_runs (business_date, store_scope, started_at, millis, stats_mode, pairs, lines,
                                                    purchase_orders, exceptions, kept_lines)
                    VALUES (:d, CAST(:store AS VARCHAR), CURRENT_TIMESTAMP, :millis, :mode, :pairs, :lines, :orders, :exceptions, :kept)""", run);
            Map<String, Object> after = new LinkedHashMap<>(run);
            after.remove("d");
            after.put("business_date", businessDate.toString());
            AuditLog.write(
                    c,
                    CurrentActor.get().name(),
                    "replenish",
                    "replenishment_run",
                    businessDate + (scope == null ? "" : "/" + scope),
                    null,
                    after,
                    lines);
            t.lap("bookkeeping");
            return new ReplenishmentRun(businessDate, pairs, lines, orders, exceptions, millis, null);
        });
        t.lap("commit");
        String choiceFailed = null;
        if (forecasts.enabled() && forecasts.choiceAfterRun()) {
            // issue 14: the weekly choice as its own step, after the day's lines are committed (docs/forecast.md). Its
            // failure does not undo them: they are committed and right (made with the stored choices); its own
            // transaction rolls back, so the pairs due stay due and the next run chooses them.
            try {
                ForecastService.Refresh chosen = warehouse.inTransaction(c -> forecasts.choose(c, businessDate));
                t.lap("forecast choice after the run (" + chosen.chosen() + " chosen)");
                log.info(
                        "forecasts {}: {} pairs chosen after the run in {} ms",
                        businessDate,
                        chosen.chosen(),
                        chosen.millis());
            } catch (RuntimeException e) {
                StockroomException se = StockroomException.find(e);
                choiceFailed = se != null ? se.getMessage() : e.toString();
                log.error(
                        "forecasts {}: the weekly choice after the run failed; the day's lines stand", businessDate, e);
            }
        }
        result = new ReplenishmentRun(
                result.date(),
                result.pairsEvaluated(),
                result.lines(),
                result.purchaseOrders(),
                result.exceptions(),
                (System.nanoTime() - started) / 1_000_000,
                choiceFailed);
        log.info(
                "replenishment {}{}: {} pairs, {} lines, {} purchase orders, {} exceptions in {} ms",
                businessDate,
                scope == null ? "" : " store " + scope,
                result.pairsEvaluated(),
                result.lines(),
                result.purchaseOrders(),
                result.exceptions(),
                result.millis());
        return result;
    }

    private Map<String, Object> params(LocalDate d, String store) {
        Map<String, Object> p = new HashMap<>();
        p.put("d", d);
        p.put("dkey", d.format(DateTimeFormatter.BASIC_ISO_DATE));
        p.put("now", Sql.instant(java.time.Instant.now())); // a rule's decision time, a UTC date-time
        p.put("store", store);
        p.put("stale_after", settings.staleInventoryAfterDays());
        p.put("default_lead", settings.defaultLeadTimeDays());
        p.put("default_review", settings.defaultReviewDays());
        p.put("min_history", settings.minHistoryDays());
        p.put("long_window", settings.longWindowDays());
        p.put("a_share", settings.classAShare());
        p.put("b_share", settings.classBShare());
        p.put("abc_chain", settings.abcScope() == ReplenishmentProperties.AbcScope.CHAIN);
        p.put("per_store", settings.poGrouping() == ReplenishmentProperties.PoGrouping.SUPPLIER_STORE);
        p.put("spike_sigmas", settings.spikeSigmas());
        p.put("spike_chance", String.format(Locale.ROOT, "%.3f %%", 100 * SpikeLevels.chance(settings.spikeSigmas())));
        p.put("use_forecast", forecasts.enabled());
        p.put("units_per_facing", settings.shelf().unitsPerFacing());
        p.put("shelf_cap", settings.shelf().backRoomShare() != null);
        p.put(
                "back_room_share",
                settings.shelf().backRoomShare() == null
                        ? BigDecimal.ZERO
                        : settings.shelf().backRoomShare());
        p.put("lt_min", observedLeadTime.minReceipts());
        p.put("lt_window", observedLeadTime.windowDays());
        p.put("lt_trim", observedLeadTime.outlierMinReceipts());
        return p;
    }

    private void supplierTerms(Connection c, LocalDate d) throws SQLException {
        List<String[]> suppliers = NamedSql.query(
                c,
                "SELECT supplier_id, order_days FROM suppliers_versions WHERE valid_from <= :d AND (valid_to IS NULL OR valid_to > :d)",
                Map.of("d", d),
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS repl_supplier_terms");
            s.execute(
                    "CREATE TEMP TABLE repl_supplier_terms (supplier_id VARCHAR, review_days INTEGER, review_source VARCHAR)");
        }
        if (suppliers.isEmpty()) {
            return;
        }
        Sql.template(c)
                .batchUpdate(
                        "INSERT INTO repl_supplier_terms VALUES (?, ?, ?)",
                        suppliers,
                        suppliers.size(),
                        (ps, supplier) -> {
                            ReviewPeriod r = ReviewPeriod.of(supplier[1], d, settings.defaultReviewDays());
                            ps.setString(1, supplier[0]);
                            ps.setInt(2, r.days());
                            ps.setString(3, r.source());
                        });
    }

    private void classParameters(Connection c) throws SQLException {
        ReplenishmentProperties.Classes k = settings.classes();
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS repl_class_params");
            s.execute(
                    "CREATE TEMP TABLE repl_class_params (abc_class VARCHAR, service_level DECIMAL(6,4), z DOUBLE, weeks DECIMAL(8,2), measure VARCHAR)");
        }
        List<Object[]> classes = List.of(
                new Object[] {"A", k.aServiceLevel(), k.aMaxWeeksOfSupply(), k.aServiceMeasure()},
                new Object[] {"B", k.bServiceLevel(), k.bMaxWeeksOfSupply(), k.bServiceMeasure()},
                new Object[] {"C", k.cServiceLevel(), k.cMaxWeeksOfSupply(), k.cServiceMeasure()});
        Sql.template(c)
                .batchUpdate(
                        "INSERT INTO repl_class_params VALUES (?, ?, ?, ?, ?)", classes, classes.size(), (ps, row) -> {
                            java.math.BigDecimal level = (java.math.BigDecimal) row[1];
                            ps.setString(1, (String) row[0]);
                            ps.setBigDecimal(2, level);
                            ps.setDouble(3, ServiceLevels.z(level));
                            ps.setBigDecimal(4, (java.math.BigDecimal) row[2]);
                            ps.setString(5, (String) row[3]);
                        });
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS repl_discrete_ss");
            s.execute(
                    "CREATE TEMP TABLE repl_discrete_ss (abc_class VARCHAR, mean_b DECIMAL(8,1), ratio_b DECIMAL(4,1), quantile INTEGER)");
        }
        // 3 classes x 600 means x 5 ratios: computed once per set of service levels, written by the engine's bulk load
        // (a JDBC batch of 9,000 single-row inserts took seconds of every run; multi-row VALUES still 0.8 CPU-s, most
        // of the step "snapshots and suppliers": DuckDB binds every value of the statement) into a table of whole
        // tenths, from which the table the policy joins takes its decimals
        // a fill-rate class takes its slow movers' levels from repl_fill_levels instead (its key is null here)
        List<DiscreteLevel> levels = DISCRETE_SS.computeIfAbsent(
                java.util.Arrays.asList(
                        cycleLevel(k, 'A', k.aServiceLevel()),
                        cycleLevel(k, 'B', k.bServiceLevel()),
                        cycleLevel(k, 'C', k.cServiceLevel())),
                ReplenishmentService::discreteLevels);
        Dialect dialect = Dialect.of(c);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS repl_discrete_ss_tenths");
            s.execute(
                    "CREATE TEMP TABLE repl_discrete_ss_tenths (abc_class VARCHAR, mean_t INTEGER, ratio_t INTEGER, quantile INTEGER)");
        }
        dialect.loadRows(c, "repl_discrete_ss_tenths", List.of("abc_class", "mean_t", "ratio_t", "quantile"), sink -> {
            for (DiscreteLevel l : levels) {
                sink.text(l.abcClass())
                        .integer(l.meanTenths())
                        .integer(l.ratioTenths())
                        .integer(l.quantile())
                        .endRow();
            }
        });
        try (Statement s = c.createStatement()) {
            // exact: a whole number of tenths times 0.1 is a decimal product, no floating point
            s.execute("""
                    INSERT INTO repl_discrete_ss
                    SELECT abc_class, CAST(mean_t * 0.1 AS DECIMAL(8,1)), CAST(ratio_t * 0.1 AS DECIMAL(4,1)), quantile
                    FROM repl_discrete_ss_tenths""");
            s.execute("DROP TABLE repl_discrete_ss_tenths");
            s.execute("DROP TABLE IF EXISTS repl_spike_levels");
            s.execute("CREATE TEMP TABLE repl_spike_levels (mean_t INTEGER, min_units INTEGER)");
        }
        int[] spike = SPIKE_LEVELS.computeIfAbsent(settings.spikeSigmas(), SpikeLevels::levels);
        dialect.loadRows(c, "repl_spike_levels", List.of("mean_t", "min_units"), sink -> {
            for (int t = 0; t < spike.length; t++) {
                sink.integer(t).integer(spike[t]).endRow();
            }
        });
        // issue 14: the fill-rate tables, filled only when a class asks for a fill rate (no cost otherwise)
        boolean fillRate = "ABC".chars().anyMatch(x -> k.measure((char) x) == ServiceMeasure.FILL_RATE);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS repl_fill_k");
            s.execute("CREATE TEMP TABLE repl_fill_k (g_bucket INTEGER, k DOUBLE)");
            s.execute("DROP TABLE IF EXISTS repl_fill_levels");
            s.execute(
                    "CREATE TEMP TABLE repl_fill_levels (mean_t INTEGER, ratio_t INTEGER, level INTEGER, loss_lo DOUBLE, loss_hi DOUBLE)");
        }
        // ~320,000 level rows: the engine's bulk load (multi-row VALUES took ~30 s, the appender ~0.5 s)
        if (fillRate) {
            dialect.loadRows(c, "repl_fill_k", List.of("g_bucket", "k"), sink -> {
                for (int b = FillRate.MIN_BUCKET; b <= FillRate.MAX_BUCKET; b++) {
                    sink.integer(b).number(FillRate.k(b)).endRow();
                }
            });
            dialect.loadRows(
                    c,
                    "repl_fill_levels",
                    List.of("mean_t", "ratio_t", "level", "loss_lo", "loss_hi"),
                    ReplenishmentService::fillLevelRows);
        }
    }

    private static BigDecimal cycleLevel(ReplenishmentProperties.Classes k, char abcClass, BigDecimal level) {
        return k.measure(abcClass) == ServiceMeasure.CYCLE ? level : null;
    }

    /**
     * The fill-rate levels of a slow mover: per mean bucket, variance/mean bucket (both in tenths) and level S, the
     * expected shortage E[(X − S)+] (loss_lo; −1 for the last level, at or under DiscreteDemand.LOSS_FLOOR, so it takes
     * any smaller target) and that of S − 1 (loss_hi; 1e300 for S = 0), so a target picks the smallest S at or under it.
     */
    private static void fillLevelRows(BulkRows.Sink sink) throws SQLException {
        int key = 0;
        for (int tenth = 1; tenth <= DiscreteDemand.MAX_MEAN * 10; tenth++) {
            for (double ratio : DiscreteDemand.RATIOS) {
                double[] losses = FillTables.LOSSES.get(key++);
                int ratioTenths = (int) Math.round(ratio * 10);
                for (int level = 0; level < losses.length; level++) {
                    sink.integer(tenth)
                            .integer(ratioTenths)
                            .integer(level)
                            .number(level == losses.length - 1 ? -1 : losses[level])
                            .number(level == 0 ? 1e300 : losses[level - 1])
                            .endRow();
                }
            }
        }
    }

    /** The expected shortages of every mean and variance/mean bucket (issue 14): the same for every run, built once. */
    private static final class FillTables {
        static final List<double[]> LOSSES = losses();

        private static List<double[]> losses() {
            List<double[]> out = new java.util.ArrayList<>();
            for (int tenth = 1; tenth <= DiscreteDemand.MAX_MEAN * 10; tenth++) {
                for (double ratio : DiscreteDemand.RATIOS) {
                    out.add(DiscreteDemand.losses(tenth / 10.0, ratio));
                }
            }
            return List.copyOf(out);
        }
    }

    private static List<DiscreteLevel> discreteLevels(List<BigDecimal> levels) {
        String[] classes = {"A", "B", "C"};
        List<DiscreteLevel> rows = new java.util.ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            if (levels.get(i) == null) {
                continue;
            }
            double sl = levels.get(i).doubleValue();
            for (int tenth = 1; tenth <= DiscreteDemand.MAX_MEAN * 10; tenth++) {
                for (double ratio : DiscreteDemand.RATIOS) {
                    rows.add(new DiscreteLevel(
                            classes[i],
                            tenth,
                            (int) Math.round(ratio * 10),
                            DiscreteDemand.quantile(tenth / 10.0, ratio, sl)));
                }
            }
        }
        return List.copyOf(rows);
    }
}
