package io.stockroom.model;

import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs the SQL models in dependency order (see docs/models.md).
 *
 * <p>A refresh recomputes only what the affected business dates touch: an incremental model deletes and
 * re-inserts the dates whose rows read a changed date (its {@code reads_back} offsets shift the dates forward);
 * a full model is rebuilt. A model whose file changed is rebuilt completely; one that reads a dimension (a table
 * without the model's date column) whose content changed since the last run recomputes from the first business date
 * the change affects when the dimension has master data history (valid_from/valid_to), else completely. Every refresh
 * runs in one transaction, so readers see the marts before or after it, never half of it.
 */
@Component
public final class ModelRunner {

    private static final Logger log = LoggerFactory.getLogger(ModelRunner.class);

    private final Warehouse warehouse;
    private final ModelCatalog catalog;
    private final ModelState state;
    private final ModelMaterializer materializer;
    private final ModelTester tester;

    @Autowired
    public ModelRunner(Warehouse warehouse) {
        this(warehouse, ModelCatalog.load(ModelCatalog.DEFAULT_LOCATION));
    }

    ModelRunner(Warehouse warehouse, ModelCatalog catalog) {
        this(warehouse, catalog, warehouse.modelSliceRows());
    }

    /** As the runner of {@code warehouse}, writing several dates in slices of {@code sliceRows} input rows. */
    ModelRunner(Warehouse warehouse, ModelCatalog catalog, long sliceRows) {
        this.warehouse = warehouse;
        this.catalog = catalog;
        this.state = new ModelState(catalog);
        this.materializer = new ModelMaterializer(new Slices(sliceRows), warehouse.memorySetting());
        this.tester = new ModelTester(warehouse, catalog);
        catalog.requireWrittenFor(warehouse.dialect().name());
    }

    /** The model names in the order they run. */
    public List<String> modelNames() {
        return catalog.ordered().stream().map(Model::name).toList();
    }

    /**
     * Recomputes what facts changed on these business dates touch; full models are rebuilt. Call it after each load
     * with the dates the load replaced (an empty set still rebuilds the full models and picks up master data changes).
     */
    public synchronized ModelRunResult refresh(Set<LocalDate> affectedDates) {
        return run(DateScope.of(withLoadsNotRefreshed(affectedDates, Set.of())), false, Set.of());
    }

    /** Rebuilds every model from the facts: after a replay, or to recover from anything. */
    public synchronized ModelRunResult rebuildAll() {
        return run(DateScope.all(), true, Set.of());
    }

    /**
     * As {@link #refresh(Set)}, leaving the models named in {@code elsewhere} to another engine that has just written
     * them ({@link LakeModels} on Trino): their tables are neither recreated nor written here, and what they changed
     * still reaches the models that read them.
     */
    public synchronized ModelRunResult refresh(Set<LocalDate> affectedDates, Set<String> elsewhere) {
        return refreshExactly(withLoadsNotRefreshed(affectedDates, elsewhere), elsewhere);
    }

    /** As {@link #refresh(Set, Set)}, for {@code dates} already holding the loads a failed refresh left out. */
    private synchronized ModelRunResult refreshExactly(Set<LocalDate> dates, Set<String> elsewhere) {
        return run(DateScope.of(dates), false, elsewhere);
    }

    /**
     * {@code dates} and the business dates of every feed that loaded after the last refresh of the models here (those
     * not in {@code elsewhere}) committed: a refresh that failed (a model out of memory, Trino down, a run's models step
     * that threw) left them out of the marts, and the run that failed may not be run again; the next refresh, whatever
     * dates it was asked for, computes them too. Crash recovery asks {@link #loadedSinceLastRefresh} at start.
     */
    private Set<LocalDate> withLoadsNotRefreshed(Set<LocalDate> dates, Set<String> elsewhere) {
        Set<LocalDate> out = new java.util.TreeSet<>(dates);
        loadedSinceLastRefresh(elsewhere).ifPresent(out::addAll);
        if (out.size() > dates.size()) {
            log.warn(
                    "the marts miss the loads of {} dates a failed refresh left out ({}): refreshing them too",
                    out.size() - dates.size(),
                    DateScope.of(out).describe());
        }
        return out;
    }

    /**
     * The business dates of feeds that committed after the last refresh of the models run here (all but {@code
     * elsewhere}) — empty when only master data did — or nothing when every load is in the marts or they were never
     * built. Only the models of this catalog count: the state row of a model an upgrade renamed or dropped keeps the
     * time of its last refresh, which would otherwise make every later load look left out.
     */
    public Optional<Set<LocalDate>> loadedSinceLastRefresh(Set<String> elsewhere) {
        return loadedSinceLastRefreshOf(catalog.ordered().stream()
                .map(Model::name)
                .filter(n -> !elsewhere.contains(n))
                .toList());
    }

    /**
     * As {@link #loadedSinceLastRefresh(Set)}, for the models whose state rows are named {@code here} (another
     * engine keeps its models' state under names of its own: {@link LakeModels}). Those without a state row (never
     * built) do not count.
     */
    Optional<Set<LocalDate>> loadedSinceLastRefreshOf(List<String> here) {
        if (here.isEmpty()) {
            return Optional.empty();
        }
        return warehouse.withConnection(c -> {
            boolean[] any = {false};
            Set<LocalDate> dates = new java.util.TreeSet<>();
            // a feed whose rows are on several dates lists them in feed_days (a shipments file spans weeks with gaps):
            // those dates, not every day from its first to its last, which made every normal run read as one after
            // a failed refresh; a feed without such rows is on the days of its span (one, mostly)
            Map<String, LocalDate[]> spans = new java.util.HashMap<>();
            Set<String> listed = new java.util.HashSet<>();
            Sql.on(c)
                    .sql("SELECT f.feed_id, f.min_date, f.max_date, d.business_date FROM feeds f"
                            + " LEFT JOIN feed_days d ON d.feed_id = f.feed_id"
                            + " WHERE f.status = 'transformed' AND f.duplicate_of IS NULL "
                            + "AND f.updated_at > (SELECT MIN(refreshed_at) FROM model_state "
                            + "WHERE model IN (" + String.join(", ", java.util.Collections.nCopies(here.size(), "?"))
                            + "))")
                    .params(new ArrayList<>(here))
                    .query((java.sql.ResultSet r) -> {
                        any[0] = true;
                        String feed = r.getString(1);
                        java.sql.Date from = r.getDate(2);
                        java.sql.Date to = r.getDate(3);
                        java.sql.Date day = r.getDate(4);
                        if (day != null) {
                            dates.add(day.toLocalDate());
                            listed.add(feed);
                        } else if (from != null && to != null) {
                            spans.put(feed, new LocalDate[] {from.toLocalDate(), to.toLocalDate()});
                        }
                    });
            spans.forEach((feed, span) -> {
                if (!listed.contains(feed)) {
                    for (LocalDate d = span[0]; !d.isAfter(span[1]); d = d.plusDays(1)) {
                        dates.add(d);
                    }
                }
            });
            return any[0] ? Optional.of(dates) : Optional.<Set<LocalDate>>empty();
        });
    }

    /** As {@link #rebuildAll()}, leaving the models named in {@code elsewhere} to another engine. */
    public synchronized ModelRunResult rebuildAll(Set<String> elsewhere) {
        return run(DateScope.all(), true, elsewhere);
    }

    /**
     * Every model on a deployment with Trino ({@code onTrino}; null: every model here): Trino's models first, from the
     * lake (the large marts written into it), then the rest here. A run's full rebuild and {@code stockroom models
     * --rebuild} alike, so neither leaves the lake's marts stale or fills the warehouse's unread copy of them.
     */
    public ModelRunResult rebuildAll(LakeModels onTrino) {
        return onTrino == null
                ? rebuildAll()
                : both(onTrino.rebuildAll(), rebuildAll(Set.copyOf(onTrino.modelNames())));
    }

    /** As {@link #rebuildAll(LakeModels)}, for what these business dates touch. */
    public ModelRunResult refresh(Set<LocalDate> affectedDates, LakeModels onTrino) {
        if (onTrino == null) {
            return refresh(affectedDates);
        }
        Set<String> there = Set.copyOf(onTrino.modelNames());
        Set<LocalDate> dates = withLoadsNotRefreshed(affectedDates, there);
        return both(onTrino.refresh(dates), refreshExactly(dates, there));
    }

    /**
     * A refresh outside a run (a placement edit, an erasure, crash recovery) on a deployment with Trino
     * ({@code onTrino}; null: every model here): as {@link #refresh(Set, LakeModels)}. If Trino fails, the models
     * here that do not read a mart kept in the lake are refreshed all the same; the lake marts and the models over them
     * (which the warehouse cannot compute: its tables of the lake marts are empty) wait for Trino's next refresh, which
     * finds the change still unseen (its fingerprints and the lake's backlog are kept apart).
     */
    public ModelRunResult refreshOutsideRun(Set<LocalDate> affectedDates, LakeModels onTrino) {
        if (onTrino == null) {
            return refresh(affectedDates);
        }
        ModelRunResult onLake;
        Set<LocalDate> dates = withLoadsNotRefreshed(affectedDates, Set.copyOf(onTrino.modelNames()));
        try {
            onLake = onTrino.refresh(dates);
        } catch (RuntimeException e) {
            String why = trinoFailure(e);
            log.warn(
                    "refreshing the marts on Trino failed ({}); the warehouse refreshes those that do not read the "
                            + "lake's marts, the rest waits for the next run, upload or 'stockroom lake models'",
                    why);
            return refreshExactly(dates, onTrino.overLakeMarts()).withTrinoFailed(why);
        }
        return both(onLake, refreshExactly(dates, Set.copyOf(onTrino.modelNames())));
    }

    /**
     * Why a refresh on Trino failed, for the operator (the log, the start's notices): Trino unreachable is said to the
     * readers of a page without its address or the driver's words, which the operator needs.
     */
    private static String trinoFailure(RuntimeException e) {
        if (e instanceof io.stockroom.StockroomException s
                && s.code() == io.stockroom.ErrorCode.LAKE_UNAVAILABLE
                && e.getCause() != null) {
            return "Trino does not answer: " + e.getCause().getMessage();
        }
        return e.getMessage();
    }

    private static ModelRunResult both(ModelRunResult lake, ModelRunResult here) {
        List<ModelTiming> all = new java.util.ArrayList<>(lake.models());
        all.addAll(here.models());
        return new ModelRunResult(all, lake.totalMillis() + here.totalMillis());
    }

    /**
     * Creates the table of every model that has none yet, empty, so readers can query before the first refresh.
     * The next refresh builds them completely.
     */
    public void ensureTables() {
        // the common case needs no lock, so a reader never waits for a running refresh
        boolean missing = warehouse.withConnection(c -> {
            Schema schema = Schema.read(c);
            return catalog.ordered().stream().anyMatch(m -> !schema.exists(m.name()));
        });
        if (missing) {
            createMissingTables();
        }
    }

    private synchronized void createMissingTables() {
        warehouse.inTransaction(c -> {
            Schema schema = Schema.read(c);
            for (Model m : catalog.ordered()) {
                if (!schema.exists(m.name())) {
                    materializer.createTable(c, m, schema);
                }
            }
            return null;
        });
    }

    /**
     * Recreates, empty and in one transaction, the warehouse tables of {@code redefined} (another engine's models whose
     * file changed: {@link LakeModels}) and every view over a table recreated, which PostgreSQL drops with it. Returns
     * the models recreated, views included.
     */
    synchronized Set<String> recreateTables(Set<String> redefined) {
        return warehouse.inTransaction(c -> {
            Schema schema = Schema.read(c);
            Set<String> recreated = new LinkedHashSet<>();
            for (Model m : catalog.ordered()) {
                boolean viewOverRecreated = m.materialization() instanceof Materialization.View
                        && m.dependsOn().stream().anyMatch(recreated::contains);
                if (redefined.contains(m.name()) || viewOverRecreated) {
                    materializer.createTable(c, m, schema);
                    recreated.add(m.name());
                }
            }
            return recreated;
        });
    }

    /**
     * The models a newer Stockroom added since the marts were last built: no state row (a model's state is written with
     * its rows) while the marts have been built before. A reader moved onto such a mart (the channel roll-up the
     * dashboards read) would find it empty until the next run. The models {@code elsewhere} (another engine's) keep no
     * state here and are left out; so is a warehouse never refreshed, whose first run builds every model.
     */
    public List<String> addedSinceLastBuild(Set<String> elsewhere) {
        return warehouse.withConnection(c -> {
            Map<String, String> hashes = state.storedHashes(c);
            if (catalog.ordered().stream().noneMatch(m -> hashes.containsKey(m.name()))) {
                return List.of();
            }
            return catalog.ordered().stream()
                    .map(Model::name)
                    .filter(name -> !elsewhere.contains(name) && !hashes.containsKey(name))
                    .toList();
        });
    }

    /**
     * The models whose table a refresh recreated (their definition changed, e.g. with a new Stockroom version) and left
     * empty: the refresh stopped (crash, kill) before the transaction that fills them committed. Their state still
     * holds the earlier definition, which is how they are told from a mart that is merely empty.
     */
    public List<String> recreatedButNotFilled() {
        return warehouse.withConnection(c -> {
            Map<String, String> hashes = state.storedHashes(c);
            Schema schema = Schema.read(c);
            List<String> out = new ArrayList<>();
            for (Model m : catalog.ordered()) {
                String stored = hashes.get(m.name());
                if (stored == null
                        || stored.equals(m.definitionHash())
                        || !schema.exists(m.name())
                        || schema.isView(m.name())) {
                    continue;
                }
                try (java.sql.Statement s = c.createStatement();
                        java.sql.ResultSet r = s.executeQuery("SELECT 1 FROM \"" + m.name() + "\" LIMIT 1")) {
                    if (!r.next()) {
                        out.add(m.name());
                    }
                }
            }
            return out;
        });
    }

    /** Runs every model's tests over every row and reports each one; a failing test does not stop the others. */
    public List<ModelTestResult> test() {
        return test(null);
    }

    /**
     * Runs the tests over what {@code refreshed} wrote: an incremental model's tests look at the dates it recomputed
     * (none when it recomputed none), other models' tests at every row. After a daily refresh this keeps the tests
     * as cheap as the refresh, instead of re-reading the whole history each day; rows of other dates did not change
     * since they were tested. A uniqueness test without the date column, or a reconciliation with a source that has
     * none, still reads every row.
     */
    public List<ModelTestResult> test(ModelRunResult refreshed) {
        return tester.test(refreshed);
    }

    /**
     * As {@link #test(ModelRunResult)} on a Trino deployment: the tests of the marts kept in the lake (and of the views
     * over them) run on Trino, over the rows it wrote there.
     */
    public List<ModelTestResult> test(ModelRunResult refreshed, LakeModels lake) {
        return tester.test(refreshed, lake);
    }

    private ModelRunResult run(DateScope sourceScope, boolean rebuild, Set<String> elsewhere) {
        long start = System.nanoTime();
        Set<String> redefined = prepareTables(elsewhere);
        io.stockroom.FaultPoint.reached("models.after-prepare"); // recreated tables committed, empty
        refreshFactStatistics(elsewhere);
        long prepared = System.nanoTime();
        long[] modelsDone = new long[2];
        List<ModelTiming> timings = warehouse.inTransaction(c -> {
            Schema schema = Schema.read(c);
            SourceDates dates = new SourceDates(catalog::isModel);
            LocalDate horizon = rebuild ? null : horizon(c, schema, sourceScope, dates);
            Map<String, DateScope> changedDimensions = state.updateDimensionFingerprints(c, schema, rebuild, horizon);
            modelsDone[0] = System.nanoTime();
            Map<String, DateScope> scopes = new HashMap<>();
            List<ModelTiming> out = new ArrayList<>();
            for (Model m : catalog.ordered()) {
                long t0 = System.nanoTime();
                DateScope scope = switch (m.materialization()) {
                    case Materialization.Full f -> DateScope.all();
                    case Materialization.View v ->
                        rebuild || redefined.contains(m.name())
                                ? DateScope.all()
                                : viewScope(m, schema, scopes, sourceScope, changedDimensions);
                    case Materialization.Incremental inc ->
                        rebuild || redefined.contains(m.name())
                                ? DateScope.all()
                                : inputScope(m, inc, schema, scopes, sourceScope, changedDimensions)
                                        .notAfter(horizon);
                };
                scopes.put(m.name(), scope);
                if (elsewhere.contains(m.name())) {
                    continue;
                }
                ModelMaterializer.Written written = materializer.execute(c, m, scope, schema, dates);
                long rows = written.rows();
                if (rows > 0) {
                    materializer.summarizeIndexes(c, m);
                }
                state.save(c, m, scope.describe(), rows);
                ModelTiming timing = new ModelTiming(
                        m.name(), scope.describe(), rows, (System.nanoTime() - t0) / 1_000_000, written.statements());
                log.debug("model {} [{}]: {} rows in {} ms", m.name(), timing.scopeAndSlices(), rows, timing.millis());
                out.add(timing);
            }
            modelsDone[1] = System.nanoTime();
            return out;
        });
        long end = System.nanoTime();
        log.debug(
                "refresh: tables prepared in {} ms, inputs checked in {} ms, models in {} ms, committed in {} ms",
                (prepared - start) / 1_000_000,
                (modelsDone[0] - prepared) / 1_000_000,
                (modelsDone[1] - modelsDone[0]) / 1_000_000,
                (end - modelsDone[1]) / 1_000_000);
        return new ModelRunResult(timings, (end - start) / 1_000_000);
    }

    /**
     * Brings the planner's statistics of the dated tables the models read (the facts) up to date, each in a transaction
     * of its own, before the refresh reads them. PostgreSQL's statistics are as old as its last ANALYZE: a day loaded
     * since then is estimated at one row, and a one-date model over 500,000 snapshots of it was planned as a nested
     * loop that ran for minutes instead of 2 s. DuckDB plans from the data itself (nothing to do).
     */
    private void refreshFactStatistics(Set<String> elsewhere) {
        Map<String, String> dateColumnOfFact = new java.util.TreeMap<>();
        for (Model m : catalog.ordered()) {
            if (!elsewhere.contains(m.name()) && m.materialization() instanceof Materialization.Incremental inc) {
                for (String dep : m.dependsOn()) {
                    if (!catalog.isModel(dep)) {
                        dateColumnOfFact.putIfAbsent(dep, inc.dateColumn());
                    }
                }
            }
        }
        warehouse.withConnection(c -> {
            Schema schema = Schema.read(c);
            Dialect dialect = Dialect.of(c);
            for (Map.Entry<String, String> fact : dateColumnOfFact.entrySet()) {
                if (schema.has(fact.getKey(), fact.getValue()) && !schema.isView(fact.getKey())) {
                    dialect.refreshStatistics(c, fact.getKey());
                }
            }
            return null;
        });
    }

    /**
     * (Re)creates, in a transaction of its own, the table of every model that has none or whose file changed since it was
     * built, and returns those models: they are rebuilt completely. The tables are committed before any row is written
     * because DuckDB does not find the rows of a large insert into a table created in the same transaction when a later
     * statement filters them. Their state row is only written with the data, so a failed refresh rebuilds them next time.
     */
    private Set<String> prepareTables(Set<String> elsewhere) {
        return warehouse.inTransaction(c -> {
            Map<String, String> hashes = state.storedHashes(c);
            Schema schema = Schema.read(c);
            Set<String> redefined = new LinkedHashSet<>();
            for (Model m : catalog.ordered()) {
                // a view is bound to the columns of what it reads: recreate it when one of those tables was recreated
                boolean staleView = m.materialization() instanceof Materialization.View
                        && m.dependsOn().stream().anyMatch(redefined::contains);
                if (elsewhere.contains(m.name())) {
                    // written by the other engine, which keeps its own tables; but the warehouse's view of that name
                    // over a table recreated here went with it (PostgreSQL drops dependents) and comes back here, or
                    // its readers here (the model tests, the views over it) find nothing (mart_inventory_position
                    // on Trino over mart_sales_missing_28d); and a table the other engine has never filled (a new
                    // deployment whose Trino has not answered yet) is created empty, or the views and models here
                    // over it fail on a missing relation
                    if (staleView || !schema.exists(m.name())) {
                        redefined.add(m.name());
                        materializer.createTable(c, m, Schema.read(c));
                    }
                    continue;
                }
                if (!m.definitionHash().equals(hashes.get(m.name())) || !schema.exists(m.name()) || staleView) {
                    redefined.add(m.name());
                    materializer.createTable(c, m, schema);
                }
            }
            // a table built before its model declared an index (an upgrade) gets it here, the tables the other
            // engine fills included: they are read here
            ensureIndexes(c, catalog.ordered());
            return redefined;
        });
    }

    /**
     * Creates the indexes the models {@code names} declare that their tables lack (a table built before its model
     * declared one: an upgrade), for another engine that fills these tables ({@link LakeModels}) before the warehouse's
     * own refresh gets to them.
     */
    synchronized void ensureIndexes(java.util.Collection<String> names) {
        List<Model> those =
                catalog.ordered().stream().filter(m -> names.contains(m.name())).toList();
        if (those.stream().allMatch(m -> m.indexes().isEmpty())) {
            return;
        }
        warehouse.inTransaction(c -> {
            ensureIndexes(c, those);
            return null;
        });
    }

    private void ensureIndexes(Connection c, List<Model> those) throws SQLException {
        Schema tables = Schema.read(c);
        for (Model m : those) {
            if (!m.indexes().isEmpty() && tables.exists(m.name()) && !tables.isView(m.name())) {
                materializer.ensureIndexes(c, m);
            }
        }
    }

    /**
     * The last date a refresh can touch: the latest date in the dated source tables, or the latest affected date when that
     * is later (a slice emptied by a reload). Incremental rows are never dated after the facts they come from, so the
     * dates a correction shifts past it (last week's change seen next week, next year) hold no rows yet and are skipped.
     */
    private LocalDate horizon(Connection c, Schema schema, DateScope sourceScope, SourceDates dates)
            throws SQLException {
        LocalDate last = sourceScope instanceof DateScope.Dates d && !d.dates().isEmpty()
                ? d.dates().last()
                : LocalDate.MIN;
        for (Model m : catalog.ordered()) {
            if (m.materialization() instanceof Materialization.Incremental inc) {
                for (String dep : m.dependsOn()) {
                    // a fact is read once per refresh however many models name it (SourceDates)
                    if (!catalog.isModel(dep) && schema.has(dep, inc.dateColumn())) {
                        LocalDate latest = dates.of(c, dep, inc.dateColumn()).last();
                        if (latest != null && latest.isAfter(last)) {
                            last = latest;
                        }
                    }
                }
            }
        }
        return last;
    }

    /**
     * What a view's readers see change: the union of what changed in its inputs (every date when a dimension it reads
     * changed). It decides what the models that read the view recompute.
     */
    private DateScope viewScope(
            Model m,
            Schema schema,
            Map<String, DateScope> scopes,
            DateScope sourceScope,
            Map<String, DateScope> changedDimensions) {
        DateScope changed = DateScope.none();
        for (String dep : m.dependsOn()) {
            if (catalog.isModel(dep)) {
                Model upstream = catalog.find(dep).orElseThrow();
                changed = changed.union(
                        upstream.materialization() instanceof Materialization.Full ? DateScope.all() : scopes.get(dep));
            } else {
                changed = changed.union(changedDimensions.getOrDefault(dep, DateScope.none()))
                        .union(sourceScope);
            }
        }
        return changed;
    }

    /** The dates of {@code m} to recompute, from what changed in each of its inputs. */
    private DateScope inputScope(
            Model m,
            Materialization.Incremental inc,
            Schema schema,
            Map<String, DateScope> scopes,
            DateScope sourceScope,
            Map<String, DateScope> changedDimensions) {
        DateScope changed = DateScope.none();
        for (String dep : m.dependsOn()) {
            DateScope depScope;
            if (catalog.isModel(dep)) {
                Model upstream = catalog.find(dep).orElseThrow();
                // a full model is rewritten wholesale, so everything that reads it must be too
                depScope =
                        upstream.materialization() instanceof Materialization.Full ? DateScope.all() : scopes.get(dep);
            } else if (schema.has(dep, inc.dateColumn())) {
                depScope = sourceScope;
            } else {
                depScope = changedDimensions.getOrDefault(dep, DateScope.none());
            }
            changed = changed.union(depScope);
        }
        return changed.shiftedForward(inc.readsBack());
    }
}
