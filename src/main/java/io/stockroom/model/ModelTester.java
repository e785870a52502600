package io.stockroom.model;

import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the models' tests (not null, unique, relationships, accepted values, reconciliations) and reports each one,
 * over every row or only over the dates a refresh wrote.
 */
final class ModelTester {

    private static final String NO_ROWS = "none";

    private final Warehouse warehouse;
    private final ModelCatalog catalog;

    ModelTester(Warehouse warehouse, ModelCatalog catalog) {
        this.warehouse = warehouse;
        this.catalog = catalog;
    }

    /** As {@link ModelRunner#test(ModelRunResult)}: over what {@code refreshed} wrote, or every row when it is null. */
    List<ModelTestResult> test(ModelRunResult refreshed) {
        return test(refreshed, null);
    }

    /** As {@link #test(ModelRunResult)}; a test of a mart kept in the lake (or a view over one) runs on Trino. */
    List<ModelTestResult> test(ModelRunResult refreshed, LakeModels lake) {
        Map<String, String> scopes = new HashMap<>();
        if (refreshed != null) {
            refreshed.models().forEach(t -> scopes.put(t.name(), t.scope()));
        }
        return warehouse.withConnection(c -> {
            List<ModelTestResult> results = new ArrayList<>();
            Schema schema = Schema.read(c);
            for (Model m : catalog.ordered()) {
                if (!schema.exists(m.name())) {
                    results.add(new ModelTestResult(
                            m.name(),
                            "table exists",
                            1,
                            "The table " + m.name() + " does not exist yet; run a refresh or rebuild first."));
                    continue;
                }
                String dateColumn = testedByDate(m, schema);
                String rows = dateColumn == null ? null : rowsOf(dateColumn, scopes.get(m.name()));
                if (NO_ROWS.equals(rows)) {
                    continue;
                }
                for (ModelCheck check : m.checks()) {
                    results.add(runCheck(c, lake, m, check, rows == null || !scopable(check, m, schema) ? null : rows));
                }
            }
            return results;
        });
    }

    /**
     * The date column by which a model's tests can be limited to what a refresh changed: an incremental model's, or for
     * a view the one of the incremental model it reads, when the view has that column too. Null: test every row.
     */
    private String testedByDate(Model m, Schema schema) {
        return switch (m.materialization()) {
            case Materialization.Incremental inc -> inc.dateColumn();
            case Materialization.Full f -> null;
            case Materialization.View v ->
                m.dependsOn().stream()
                        .filter(catalog::isModel)
                        .map(dep -> testedByDate(catalog.find(dep).orElseThrow(), schema))
                        .filter(col -> col != null && schema.has(m.name(), col))
                        .findFirst()
                        .orElse(null);
        };
    }

    /** A condition selecting the dates of a refresh's scope ({@link DateScope#describe()}), null for all, "none" for none. */
    private static String rowsOf(String dateColumn, String scope) {
        if (scope == null || scope.equals("all")) {
            return null;
        }
        if (scope.equals(NO_ROWS)) {
            return NO_ROWS;
        }
        List<String> ranges = new ArrayList<>();
        for (String range : scope.split(",\\s*")) {
            String[] ends = range.split("\\.\\.");
            LocalDate from = LocalDate.parse(ends[0].strip());
            LocalDate to = ends.length > 1 ? LocalDate.parse(ends[1].strip()) : from;
            ranges.add(dateColumn + " BETWEEN DATE '" + from + "' AND DATE '" + to + "'");
        }
        return String.join(" OR ", ranges);
    }

    /** Whether a test over some dates' rows means the same as over all rows (their rows are all there is to check). */
    private boolean scopable(ModelCheck check, Model m, Schema schema) {
        String dateColumn = testedByDate(m, schema);
        return switch (check) {
            case ModelCheck.Unique u -> u.columns().contains(dateColumn);
            case ModelCheck.Reconcile r -> schema.has(r.sourceTable(), dateColumn);
            case ModelCheck.NotNull n -> true;
            case ModelCheck.Relationship rel -> true;
            case ModelCheck.AcceptedValues av -> true;
        };
    }

    private static ModelTestResult runCheck(Connection c, LakeModels lake, Model m, ModelCheck check, String rows) {
        String sql = check.sql(m.name(), rows);
        try {
            if (lake != null && lake.readsLake(sql)) {
                return lake.read(sql, List.of(), (r, i) -> result(m, check, r)).getFirst();
            }
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                r.next();
                return result(m, check, r);
            }
        } catch (SQLException | io.stockroom.StockroomException e) {
            return new ModelTestResult(m.name(), check.text(), 1, "the test could not run: " + e.getMessage());
        }
    }

    private static ModelTestResult result(Model m, ModelCheck check, ResultSet r) throws SQLException {
        return switch (check) {
            case ModelCheck.Reconcile rec -> {
                BigDecimal model = zeroIfNull(r.getBigDecimal(1));
                BigDecimal source = zeroIfNull(r.getBigDecimal(2));
                boolean equal = model.subtract(source).abs().compareTo(new BigDecimal("0.01")) <= 0;
                yield new ModelTestResult(
                        m.name(),
                        check.text(),
                        equal ? 0 : 1,
                        equal
                                ? "totals agree: " + model.toPlainString()
                                : "the model says " + model.toPlainString() + ", " + rec.sourceTable() + " says "
                                        + source.toPlainString());
            }
            case ModelCheck.NotNull n ->
                rows(m, check, r.getLong(1), "with a NULL in " + String.join(", ", n.columns()));
            case ModelCheck.Unique u ->
                rows(m, check, r.getLong(1), "sharing a key (" + String.join(", ", u.columns()) + ") with another row");
            case ModelCheck.Relationship rel ->
                rows(
                        m,
                        check,
                        r.getLong(1),
                        "whose " + rel.column() + " is not in " + rel.refTable() + "." + rel.refColumn());
            case ModelCheck.AcceptedValues av ->
                rows(m, check, r.getLong(1), "whose " + av.column() + " is not one of " + av.values());
        };
    }

    private static ModelTestResult rows(Model m, ModelCheck check, long failing, String what) {
        return new ModelTestResult(m.name(), check.text(), failing, failing == 0 ? "ok" : failing + " rows " + what);
    }

    private static BigDecimal zeroIfNull(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }
}
