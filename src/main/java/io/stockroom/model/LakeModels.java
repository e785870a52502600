package io.stockroom.model;

import static java.util.Objects.requireNonNull;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs models on Trino (docs/scale.md): the same model files as on the other engines, in dependency order, reading
 * the lake's fact tables and the warehouse's master data in one statement each, their rows landing in the warehouse
 * tables the API reads. So far the sales roll-ups, labour, inventory position and alerts, the store-days (which stores sent which facts:
 * the freshness marts on the warehouse read it) and the quality score; the
 * other marts stay on the warehouse's own engine. A view model (the positions and alerts over their base) stays a view
 * in the warehouse: readers compute it from the rows Trino wrote, as on the other engines.
 *
 * <p>Incremental by business date as {@link ModelRunner}: a refresh recomputes the dates the changed facts touch
 * (shifted by each model's {@code reads_back}) and the dates a master data change touches (a dimension the models read
 * through Trino's PostgreSQL catalog, or a warehouse model over one such as {@code cost_periods}), found by the same
 * fingerprints as the warehouse's refresh but kept apart ({@link #NAMESPACE}), so the warehouse's own refresh of the
 * other marts does not consume a change before Trino has seen it. Each run first publishes the dates the lake is
 * behind the warehouse on ({@link Lake#catchUp}) and recomputes them too.
 */
@org.springframework.stereotype.Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("stockroom.trino.url")
public final class LakeModels {

    /**
     * The models that run on Trino, in any order (they run in dependency order): the sales roll-ups, labour, inventory
     * position (its base table; the position and alert views read it), the store-days, the quality score, and the
     * space productivity mart (the only warehouse model that read the line-level sales mart, now in the lake).
     */
    public static final List<String> ON_TRINO = List.of(
            "mart_sales_daily",
            "mart_sales_store_channel_daily",
            "mart_sales_sku_daily",
            "mart_sales_store_daily",
            "mart_sales_category_daily",
            "mart_sales_department_daily",
            "mart_sales_area_daily",
            "mart_sales_chain_daily",
            "mart_labour_daily",
            "mart_inventory_position_base",
            "mart_inventory_position",
            "mart_inventory_alerts",
            "mart_store_days",
            "mart_quality_daily",
            "mart_space_daily");

    /**
     * The models whose rows stay in the lake (docs/scale.md, "Large marts in the lake"): a row per store × SKU and
     * day (the positions, 100M a night at 5,000 stores) or per sale line and day (the sales, 20M), which Trino writes
     * as Parquet into an Iceberg table of the same name instead of through JDBC into the warehouse. The models that
     * read them run on Trino; the views over them (positions, alerts) and the dashboards' reads of them are computed
     * by Trino when read ({@link #read}); the warehouse's table of the same name stays empty.
     */
    public static final Set<String> IN_LAKE = Set.of("mart_inventory_position_base", "mart_sales_daily");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LakeModels.class);

    /** The prefix of this engine's dimension fingerprints in model_source_state. */
    static final String NAMESPACE = "trino:";

    private static final LocalDate ALL_FROM = LocalDate.of(1900, 1, 1);
    private static final LocalDate ALL_TO = LocalDate.of(2999, 12, 31);

    private final Warehouse warehouse;
    private final Lake lake;
    private final ModelCatalog catalog;
    private final List<Model> models;
    private final Slices slices;
    /** The warehouse's model tables (created, recreated when their files change), which Trino fills. */
    private final ModelRunner tables;

    @org.springframework.beans.factory.annotation.Autowired
    public LakeModels(Warehouse warehouse, Lake lake) {
        this(warehouse, lake, ModelCatalog.load(ModelCatalog.DEFAULT_LOCATION), ON_TRINO);
    }

    LakeModels(Warehouse warehouse, Lake lake, ModelCatalog catalog, List<String> names) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.catalog = catalog;
        this.slices = new Slices(warehouse.modelSliceRows());
        this.tables = new ModelRunner(warehouse, catalog);
        this.models =
                catalog.ordered().stream().filter(m -> names.contains(m.name())).toList();
        for (Model m : models) {
            if (m.dialect() != null) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "Model " + m.name() + " is written for " + m.dialect() + " and cannot run on Trino.");
            }
        }
    }

    /** The models, in the order they run. */
    public List<String> modelNames() {
        return models.stream().map(Model::name).toList();
    }

    /** Recomputes every row of the models from the lake. */
    public synchronized ModelRunResult rebuildAll() {
        return run(DateScope.all());
    }

    /**
     * Recomputes what facts changed on these business dates touch (after the lake's slices of those dates were
     * replaced), on the dates the lake was behind on (published first), and on the dates of feeds that loaded after
     * Trino's last refresh committed: a refresh on Trino that failed after the lake had the rows (a model out of memory,
     * Trino restarted under it) left them out, and the warehouse's own refresh, which may have succeeded, does not
     * count them for Trino.
     */
    public synchronized ModelRunResult refresh(Set<LocalDate> affectedDates) {
        Set<LocalDate> dates = new java.util.TreeSet<>(affectedDates);
        loadedSinceLastRefresh().ifPresent(dates::addAll);
        if (dates.size() > affectedDates.size()) {
            log.warn(
                    "the marts on Trino miss the loads of {} dates a failed refresh there left out ({}): refreshing them"
                            + " too",
                    dates.size() - affectedDates.size(),
                    DateScope.of(dates).describe());
        }
        return run(DateScope.of(dates));
    }

    /**
     * What a stopped or failed refresh, or a new version, left for Trino to do, as the start finds it ({@link
     * #unsettled()}): the models a new version added or changed since Trino last built them, and the dates of feeds
     * loaded after its last refresh (empty: none, or only master data).
     */
    public record Unsettled(List<String> models, java.util.Optional<Set<LocalDate>> loaded) {
        public Unsettled {
            models = List.copyOf(models);
        }

        public static final Unsettled NONE = new Unsettled(List.of(), java.util.Optional.empty());

        public boolean isEmpty() {
            return models.isEmpty() && loaded.isEmpty();
        }
    }

    /**
     * What Trino's next refresh has to catch up on, read from the warehouse alone (so the start can ask it with Trino
     * down): on a deployment whose Trino has built its marts before, the models this version added or changed since
     * (their state under {@link #NAMESPACE} missing or of another definition), which its next refresh rebuilds on every
     * date, and the dates of feeds loaded after its last refresh. A Trino that never built them builds them all at its
     * first run.
     */
    public Unsettled unsettled() {
        Map<String, String> built = warehouse.withConnection(new ModelState(catalog)::storedHashes);
        if (models.stream().noneMatch(m -> built.containsKey(NAMESPACE + m.name()))) {
            return Unsettled.NONE;
        }
        List<String> changed = models.stream()
                .filter(m -> !m.definitionHash().equals(built.get(NAMESPACE + m.name())))
                .map(Model::name)
                .toList();
        return new Unsettled(changed, loadedSinceLastRefresh());
    }

    /** The business dates of feeds that loaded after Trino's last refresh of its models committed (as the warehouse's). */
    private java.util.Optional<Set<LocalDate>> loadedSinceLastRefresh() {
        return tables.loadedSinceLastRefreshOf(
                models.stream().map(m -> NAMESPACE + m.name()).toList());
    }

    private ModelRunResult run(DateScope asked) {
        long start = System.nanoTime();
        // a mart newly kept in the lake (a deployment upgraded to a version that keeps it there) has no rows in the
        // lake yet: its first refresh builds every date, as 'stockroom lake models' does, not only the dates asked for
        DateScope requested = asked instanceof DateScope.All
                        || models.stream()
                                .filter(m -> IN_LAKE.contains(m.name()))
                                .allMatch(m -> lake.holds(m.name()))
                ? asked
                : DateScope.all();
        tables.ensureTables();
        ModelState state = new ModelState(catalog);
        Set<String> redefined = recreateRedefined(state);
        // the tables Trino fills are read in the warehouse by date: an index a new version declares is created before
        // they are written, as the warehouse's refresh does for its own
        tables.ensureIndexes(modelNames());
        // never compute from a lake that misses loaded rows (an upload while Trino was down): publish them first
        java.util.SortedSet<LocalDate> caughtUp = lake.catchUp();
        DateScope sourceScope = caughtUp.isEmpty() || requested instanceof DateScope.All
                ? requested
                : requested.union(DateScope.of(caughtUp));
        Set<String> inLake = new java.util.HashSet<>();
        for (Model m : models) {
            for (String dep : m.dependsOn()) {
                if (!catalog.isModel(dep) && !inLake.contains(dep) && lake.holds(dep)) {
                    inLake.add(dep);
                }
            }
        }
        LocalDate horizon = horizon(sourceScope, inLake);
        Schema schema = warehouse.withConnection(Schema::read);
        boolean rebuild = requested instanceof DateScope.All;
        ModelState.DimensionChanges dimensions =
                warehouse.withConnection(c -> state.dimensionChanges(c, schema, rebuild, horizon, NAMESPACE));
        Map<String, DateScope> scopes = new HashMap<>();
        List<ModelTiming> timings = new ArrayList<>();
        for (Model m : models) {
            long t0 = System.nanoTime();
            long rows = 0;
            int statements = 1;
            DateScope scope;
            switch (m.materialization()) {
                case Materialization.View v -> {
                    // computed when read, by the warehouse, from the tables Trino wrote
                    scope = redefined.contains(m.name())
                            ? DateScope.all()
                            : changedInputs(m, null, scopes, sourceScope, inLake, dimensions.changed(), schema);
                    statements = 0;
                }
                case Materialization.Full f -> {
                    scope = DateScope.all();
                    rows = lake.replaceModelRows(
                            m.name(), null, m.sql(), m.dependsOn(), fromLake(inLake), ALL_FROM, ALL_TO, indexes(m));
                }
                case Materialization.Incremental inc -> {
                    scope = sourceScope instanceof DateScope.All || redefined.contains(m.name())
                            ? DateScope.all()
                            : changedInputs(
                                            m,
                                            inc.dateColumn(),
                                            scopes,
                                            sourceScope,
                                            inLake,
                                            dimensions.changed(),
                                            schema)
                                    .shiftedForward(inc.readsBack())
                                    .notAfter(horizon);
                    List<DateScope.Range> ranges = scope instanceof DateScope.All
                            ? List.of(new DateScope.Range(ALL_FROM, ALL_TO))
                            : scope.ranges();
                    Slices.Inputs inputs = null; // read only when a range has several dates (not the daily refresh)
                    List<DateScope.Range> sliced = new ArrayList<>();
                    for (DateScope.Range r : ranges) {
                        if (r.from().equals(r.to())) {
                            sliced.add(r);
                            continue;
                        }
                        if (inputs == null) {
                            inputs = inputs(m, inc.dateColumn(), inLake, schema);
                        }
                        sliced.addAll(slices.of(r, inputs));
                    }
                    statements = sliced.size();
                    for (DateScope.Range r : sliced) {
                        rows += IN_LAKE.contains(m.name())
                                ? lake.replaceModelSlice(
                                        m.name(),
                                        inc.dateColumn(),
                                        m.sql(),
                                        m.dependsOn(),
                                        name -> inLake.contains(name) || IN_LAKE.contains(name)
                                                ? lake.lakeTable(name)
                                                : lake.warehouseTable(name),
                                        r.from(),
                                        r.to())
                                : lake.replaceModelRows(
                                        m.name(),
                                        inc.dateColumn(),
                                        m.sql(),
                                        m.dependsOn(),
                                        fromLake(inLake),
                                        r.from(),
                                        r.to(),
                                        indexes(m));
                    }
                }
            }
            scopes.put(m.name(), scope);
            timings.add(new ModelTiming(
                    m.name(), scope.describe(), rows, (System.nanoTime() - t0) / 1_000_000, statements));
        }
        // every model that reads a changed dimension has its rows: the next refresh need not recompute them; every
        // model is built from its current file (saved only now: a refresh that fails rebuilds the redefined ones again,
        // and what reads them)
        warehouse.inTransaction(c -> {
            state.saveDimensionStates(c, dimensions, NAMESPACE);
            for (ModelTiming t : timings) {
                state.save(c, NAMESPACE, catalog.find(t.name()).orElseThrow(), t.scope(), t.rowsWritten());
            }
            return null;
        });
        return new ModelRunResult(timings, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The models whose file changed since Trino last built them (a new Stockroom version; or never built by this
     * deployment's Trino), with their warehouse tables recreated from the new SELECT (and the views over them), and the
     * lake tables of those kept in the lake dropped, to be created again with the new columns: the refresh then rebuilds
     * them on every date, as the warehouse's refresh does a redefined model, instead of writing the new definition's
     * rows for the dates asked for beside the old one's for the rest. Their state is kept apart from the warehouse's
     * ({@link #NAMESPACE}).
     */
    private Set<String> recreateRedefined(ModelState state) {
        Map<String, String> built = warehouse.withConnection(state::storedHashes);
        Set<String> changed = new java.util.LinkedHashSet<>();
        for (Model m : models) {
            if (!m.definitionHash().equals(built.get(NAMESPACE + m.name()))) {
                changed.add(m.name());
            }
        }
        if (changed.isEmpty()) {
            return Set.of();
        }
        log.warn(
                "the model files of {} changed since Trino last built them (or it never did): recreating their tables"
                        + " and rebuilding them on every date",
                changed);
        Set<String> recreated = tables.recreateTables(changed);
        for (String name : recreated) {
            if (IN_LAKE.contains(name)) {
                lake.dropModelTable(name);
            }
        }
        Set<String> mine = new java.util.HashSet<>(recreated);
        mine.retainAll(modelNames());
        return mine;
    }

    /**
     * What {@code m}'s dated inputs hold, for its {@link Slices}: the lake's tables it reads (facts, marts kept there)
     * as Trino counts them, the warehouse's as the warehouse estimates them.
     */
    private Slices.Inputs inputs(Model m, String dateColumn, Set<String> inLake, Schema schema) {
        Slices.Inputs inputs = Slices.Inputs.NONE;
        for (String dep : m.dependsOn()) {
            if ((inLake.contains(dep) || IN_LAKE.contains(dep)) && Lake.DATE_COLUMN.equals(dateColumn)) {
                Lake.Span held = lake.span(dep);
                inputs = inputs.and(held.first(), held.last(), held.rows());
            } else if (schema.has(dep, dateColumn) && !schema.isView(dep) && !IN_LAKE.contains(dep)) {
                Slices.Inputs current = inputs;
                inputs = warehouse.withConnection(c -> {
                    SourceDates.Span span = SourceDates.scan(c, dep, dateColumn);
                    return span.first() == null
                            ? current
                            : current.and(
                                    span.first(),
                                    span.last(),
                                    io.stockroom.warehouse.Dialect.of(c).estimatedRows(c, dep));
                });
            }
        }
        return inputs;
    }

    /** The indexes {@code m} declares on its warehouse table, by name, for the write that fills it to keep current. */
    private static Map<String, io.stockroom.warehouse.Dialect.IndexKind> indexes(Model m) {
        Map<String, io.stockroom.warehouse.Dialect.IndexKind> out = new java.util.LinkedHashMap<>();
        for (ModelIndex index : m.indexes()) {
            out.put(index.name(m.name()), index.kind());
        }
        return out;
    }

    /** The tables a model reads from the lake: its fact tables there, and the marts kept in it. */
    private static Set<String> fromLake(Set<String> facts) {
        Set<String> out = new java.util.HashSet<>(facts);
        out.addAll(IN_LAKE);
        return out;
    }

    /**
     * As {@link ModelRunner}: the dates whose inputs changed. A model Trino ran changed on its scope; a fact table in
     * the lake on the source dates; a dimension on the dates its change touches; a warehouse model on what changed in
     * its own inputs (a full one on every date). {@code dateColumn} is the incremental model's (null for a view, whose
     * readers see any dated input change on the source dates). An incremental model shifts the result by its
     * reads_back.
     */
    private DateScope changedInputs(
            Model m,
            String dateColumn,
            Map<String, DateScope> scopes,
            DateScope sourceScope,
            Set<String> inLake,
            Map<String, DateScope> dimensions,
            Schema schema) {
        DateScope changed = DateScope.none();
        for (String dep : m.dependsOn()) {
            if (scopes.containsKey(dep)) {
                changed = changed.union(scopes.get(dep));
            } else if (catalog.isModel(dep)) {
                Model upstream = catalog.find(dep).orElseThrow();
                changed = changed.union(
                        upstream.materialization() instanceof Materialization.Full
                                ? DateScope.all()
                                : changedInputs(upstream, null, scopes, sourceScope, inLake, dimensions, schema));
            } else if (inLake.contains(dep)) {
                changed = changed.union(sourceScope);
            } else {
                changed = changed.union(dimensions.getOrDefault(dep, DateScope.none()));
                if (dateColumn == null || schema.has(dep, dateColumn)) {
                    changed = changed.union(sourceScope);
                }
            }
        }
        return changed;
    }

    /** True when {@code sql} reads a mart kept in the lake, or a view over one: then {@link #read} answers it. */
    public boolean readsLake(String sql) {
        return Lake.tablesRead(sql).stream().anyMatch(this::overLake);
    }

    /**
     * Answers a read of the dashboards' services on Trino (portable SQL with {@code ?} values, the store scope among
     * its conditions as on the warehouse): the marts kept in the lake and the lake's fact tables from the lake, a view
     * over a lake mart computed by Trino from its model file, everything else from the warehouse.
     */
    public <T> List<T> read(String sql, List<?> params, org.springframework.jdbc.core.RowMapper<T> mapper) {
        Set<String> facts = lakeFacts();
        return lake.read(sql, params, name -> relation(name, facts), mapper);
    }

    /**
     * As {@link #read(String, List, org.springframework.jdbc.core.RowMapper)} for SQL written with {@code :name}
     * values (the planogram's files), bound by name.
     */
    public <T> List<T> read(String sql, Map<String, ?> params, org.springframework.jdbc.core.RowMapper<T> mapper) {
        Set<String> facts = lakeFacts();
        return lake.readNamed(sql, params, name -> relation(name, facts), mapper);
    }

    /**
     * The marts kept in the lake and every model that reads one, directly or through another: what the warehouse
     * cannot compute right on its own (its tables of the lake marts are empty), so a refresh there while Trino is down
     * leaves them to Trino's next refresh.
     */
    public Set<String> overLakeMarts() {
        Set<String> out = new java.util.HashSet<>(IN_LAKE);
        for (Model m : catalog.ordered()) {
            if (m.dependsOn().stream().anyMatch(out::contains)) {
                out.add(m.name());
            }
        }
        return Set.copyOf(out);
    }

    private String relation(String name, Set<String> facts) {
        if (IN_LAKE.contains(name) || facts.contains(name)) {
            return lake.lakeTable(name);
        }
        if (overLake(name)) {
            Model view = catalog.find(name).orElseThrow();
            return Lake.modelRelation(view.sql(), view.dependsOn(), dep -> {
                String r = relation(dep, facts);
                return r != null ? r : lake.warehouseTable(dep);
            });
        }
        return null;
    }

    /** A lake mart, or a view model that reads one (directly or through another view). */
    private boolean overLake(String name) {
        if (IN_LAKE.contains(name)) {
            return true;
        }
        return catalog.find(name)
                .filter(m -> m.materialization() instanceof Materialization.View)
                .map(m -> m.dependsOn().stream().anyMatch(this::overLake))
                .orElse(false);
    }

    private Set<String> lakeFacts() {
        Set<String> facts = new java.util.HashSet<>(lake.tables());
        facts.removeIf(catalog::isModel);
        return facts;
    }

    /** The last date rows can have: the latest fact date in the lake, or the latest affected date (a slice emptied). */
    private LocalDate horizon(DateScope sourceScope, Set<String> inLake) {
        LocalDate last = sourceScope instanceof DateScope.Dates d && !d.dates().isEmpty()
                ? d.dates().last()
                : LocalDate.MIN;
        for (String table : inLake) {
            LocalDate d = lake.lastDate(table);
            if (d != null && d.isAfter(last)) {
                last = d;
            }
        }
        return last;
    }
}
