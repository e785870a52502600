package io.stockroom.model;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the models were built from, kept in the warehouse: each model's definition hash and last scope (model_state),
 * and a fingerprint of each dimension the incremental models read (model_source_state), so a refresh can tell what
 * changed since the last one.
 */
final class ModelState {

    /** Columns that record where a row came from, not what it says: a reload with equal values is no change. */
    private static final Set<String> LINEAGE_COLUMNS = Set.of("feed_id", "updated_at");

    /** Separates a historied dimension's fingerprint from the last master change it has seen, in model_source_state. */
    private static final String CHANGE_MARK = "#";

    private final ModelCatalog catalog;

    ModelState(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** The definition hash each model was last built from, by model name. */
    Map<String, String> storedHashes(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT model, definition_hash FROM model_state")) {
            while (r.next()) {
                out.put(r.getString(1), r.getString(2));
            }
        }
        return out;
    }

    /** Records that {@code m} was built from its current definition, for {@code scope}, writing {@code rows} rows. */
    void save(Connection c, Model m, String scope, long rows) throws SQLException {
        save(c, "", m, scope, rows);
    }

    /**
     * As {@link #save(Connection, Model, String, long)} for the models another engine builds into tables of its own
     * ({@code namespace} + the model's name, as their dimension fingerprints): Trino's state is not the warehouse's.
     */
    void save(Connection c, String namespace, Model m, String scope, long rows) throws SQLException {
        Sql.on(c)
                .sql("DELETE FROM model_state WHERE model = ?")
                .param(Sql.text(namespace + m.name()))
                .update();
        Sql.on(c)
                .sql(
                        "INSERT INTO model_state (model, definition_hash, last_scope, rows_written, refreshed_at) VALUES (?, ?, ?, ?, ?)")
                .param(Sql.text(namespace + m.name()))
                .param(Sql.text(m.definitionHash()))
                .param(Sql.text(scope))
                .param(rows)
                .param(Sql.instant(Instant.now()))
                .update();
    }

    /**
     * Fingerprints every dimension table an incremental model reads and returns, for those that changed since the last run,
     * the dates whose rows may read the change (all of them on a rebuild, or the first time). A dimension with master data
     * history (columns valid_from and valid_to, read as of each date) changed from the earliest business date the loads
     * since the last run recorded in {@code master_changes}; any other change (or one no load explains) changes all dates.
     * The new fingerprints are saved.
     */
    Map<String, DateScope> updateDimensionFingerprints(Connection c, Schema schema, boolean rebuild, LocalDate horizon)
            throws SQLException {
        DimensionChanges changes = dimensionChanges(c, schema, rebuild, horizon, "");
        saveDimensionStates(c, changes, "");
        return changes.changed();
    }

    /**
     * What changed in the dimensions.
     *
     * @param changed the dates to recompute per changed dimension
     * @param states the fingerprint to save per dimension that changed (or was never fingerprinted)
     */
    record DimensionChanges(Map<String, DateScope> changed, Map<String, String> states) {}

    /**
     * What changed in the dimensions since the fingerprints saved under {@code namespace} ("" for the warehouse's own
     * refresh; another engine that runs models keeps its own, so that neither consumes the other's changes), without
     * saving anything: save the returned states once the models that read them are written.
     */
    DimensionChanges dimensionChanges(Connection c, Schema schema, boolean rebuild, LocalDate horizon, String namespace)
            throws SQLException {
        Set<String> dimensions = new LinkedHashSet<>();
        for (Model m : catalog.ordered()) {
            if (m.materialization() instanceof Materialization.Incremental inc) {
                for (String dep : m.dependsOn()) {
                    if (!catalog.isModel(dep)) {
                        if (!schema.exists(dep)) {
                            throw new StockroomException(
                                    ErrorCode.CONFIG_INVALID,
                                    "Model " + m.name() + " depends on '" + dep
                                            + "', which is neither a model nor a table. Fix its depends_on line.");
                        }
                        if (!schema.has(dep, inc.dateColumn())) {
                            dimensions.add(dep);
                        }
                    }
                }
            }
        }
        Map<String, String> stored = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT source, fingerprint FROM model_source_state")) {
            while (r.next()) {
                stored.put(r.getString(1), r.getString(2));
            }
        }
        boolean changeLog = schema.exists("master_changes");
        Map<String, DateScope> changed = new HashMap<>();
        Map<String, String> states = new java.util.LinkedHashMap<>();
        for (String table : dimensions) {
            boolean historied = changeLog && schema.has(table, "valid_from") && schema.has(table, "valid_to");
            String fingerprint = fingerprint(c, table);
            long lastChange = historied ? lastChange(c) : 0;
            String state = historied ? fingerprint + CHANGE_MARK + lastChange : fingerprint;
            String before = stored.get(namespace + table);
            if (!rebuild && state.equals(before)) {
                continue;
            }
            if (rebuild || before == null) {
                changed.put(table, DateScope.all());
            } else if (!fingerprint.equals(before.split(CHANGE_MARK)[0])) {
                LocalDate from = historied && before.contains(CHANGE_MARK)
                        ? changedFrom(c, table, Long.parseLong(before.split(CHANGE_MARK)[1]))
                        : null;
                changed.put(
                        table,
                        from == null || !from.isAfter(ModelMaterializer.ALL_FROM)
                                ? DateScope.all()
                                : DateScope.between(from, horizon));
            }
            states.put(table, state);
        }
        return new DimensionChanges(changed, states);
    }

    /** Saves the fingerprints of {@link #dimensionChanges} under {@code namespace}. */
    void saveDimensionStates(Connection c, DimensionChanges changes, String namespace) throws SQLException {
        for (Map.Entry<String, String> e : changes.states().entrySet()) {
            Sql.on(c)
                    .sql("DELETE FROM model_source_state WHERE source = ?")
                    .param(Sql.text(namespace + e.getKey()))
                    .update();
            Sql.on(c)
                    .sql("INSERT INTO model_source_state (source, fingerprint, checked_at) VALUES (?, ?, ?)")
                    .param(Sql.text(namespace + e.getKey()))
                    .param(Sql.text(e.getValue()))
                    .param(Sql.instant(Instant.now()))
                    .update();
        }
    }

    private static long lastChange(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COALESCE(MAX(change_id), 0) FROM master_changes")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The first business date the master loads after change {@code after} changed in {@code source}; null if none did. */
    private static LocalDate changedFrom(Connection c, String source, long after) throws SQLException {
        return Sql.on(c)
                .sql("SELECT MIN(effective_from) FROM master_changes WHERE source = ? AND change_id > ?")
                .param(Sql.text(source))
                .param(after)
                .query((ResultSet r) -> {
                    r.next();
                    return Optional.ofNullable(
                            r.getDate(1) == null ? null : r.getDate(1).toLocalDate());
                })
                .orElse(null);
    }

    /**
     * An order-independent hash of a table's content (lineage columns left out), computed by the engine: each row as
     * text, sorted, then one md5 (reading 20,000 products through JDBC took longer than the models that read them).
     */
    private static String fingerprint(Connection c, String table) throws SQLException {
        List<String> cells = new ArrayList<>();
        Sql.on(c)
                .sql(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position")
                .param(Sql.text(table))
                .query((ResultSet r) -> {
                    if (!LINEAGE_COLUMNS.contains(r.getString(1).toLowerCase())) {
                        cells.add("COALESCE(CAST(" + r.getString(1) + " AS VARCHAR), chr(1))");
                    }
                });
        String row = String.join(" || chr(31) || ", cells);
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT COUNT(*), md5(COALESCE(string_agg(line, chr(30) ORDER BY line), '')) FROM (SELECT "
                                + row + " AS line FROM " + table + ") rows_as_text")) {
            r.next();
            return r.getLong(1) + ":" + r.getString(2);
        }
    }
}
