package io.stockroom.model;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;

/**
 * Writes one model as its materialisation says: (re)creates its table or view, and replaces its rows for a scope of
 * dates (all of them for a full model, the dates in scope for an incremental one).
 */
final class ModelMaterializer {

    /** The dates bound to {@code :from_date} and {@code :to_date} when a model is written for every date. */
    static final LocalDate ALL_FROM = LocalDate.of(1900, 1, 1);

    static final LocalDate ALL_TO = LocalDate.of(2999, 12, 31);

    /** (Re)creates the table with the columns and types the SELECT yields, or the view. */
    void createTable(Connection c, Model m, Schema schema) {
        try {
            try (Statement s = c.createStatement()) {
                // the object may change kind (a table that became a view)
                // the views built on it go too (PostgreSQL refuses otherwise): they are models that depend on it, so
                // prepareTables recreates them after it (IF EXISTS: such a view may be gone already)
                String dependents = Dialect.of(c).dropDependents();
                if (schema.isView(m.name())) {
                    s.execute("DROP VIEW IF EXISTS " + m.name() + dependents);
                } else if (schema.exists(m.name())) {
                    s.execute("DROP TABLE IF EXISTS " + m.name() + dependents);
                }
                if (m.materialization() instanceof Materialization.View) {
                    s.execute("CREATE VIEW " + m.name() + " AS\n" + m.sql());
                    return;
                }
            }
            NamedParameters ctas = NamedParameters.parse(
                    "CREATE TABLE " + m.name() + " AS SELECT * FROM (\n" + m.sql() + "\n) model_rows WHERE 1 = 0");
            Object[] dates = ctas.values(Map.of("from_date", ALL_FROM, "to_date", ALL_FROM))
                    .toArray();
            Sql.template(c).execute(ctas.jdbcSql(), (PreparedStatement p) -> {
                new ArgumentPreparedStatementSetter(dates).setValues(p);
                return p.execute();
            });
            ensureIndexes(c, m);
        } catch (SQLException e) {
            throw failed(m, e, new DateScope.Range(ALL_FROM, ALL_TO));
        } catch (DataAccessException e) {
            throw failed(m, e, new DateScope.Range(ALL_FROM, ALL_TO));
        }
    }

    /**
     * Creates the indexes {@code m} declares that its table lacks, on the engines that use them: with a new table, and
     * on a table built before they were declared (an upgrade), where each reads the table once.
     */
    void ensureIndexes(Connection c, Model m) throws SQLException {
        Dialect dialect = Dialect.of(c);
        for (ModelIndex index : m.indexes()) {
            dialect.ensureIndex(c, m.name(), index.name(m.name()), index.kind(), index.columns());
        }
    }

    /** Brings {@code m}'s indexes up to date with the rows just written (a BRIN index's new pages summarized). */
    void summarizeIndexes(Connection c, Model m) throws SQLException {
        Dialect dialect = Dialect.of(c);
        for (ModelIndex index : m.indexes()) {
            dialect.summarizeIndex(c, index.name(m.name()), index.kind());
        }
    }

    /** What a model's write did: the rows it wrote and in how many statements (slices of dates). */
    record Written(long rows, int statements) {}

    private final Slices slices;
    private final String memorySetting;

    /**
     * @param slices        how several dates are split into statements
     * @param memorySetting what to raise when a model runs out of memory (the engine's setting)
     */
    ModelMaterializer(Slices slices, String memorySetting) {
        this.slices = slices;
        this.memorySetting = memorySetting;
    }

    /**
     * Writes {@code m}'s rows for the dates of {@code scope} and returns how many it wrote (none for a view). Several
     * dates are written in {@link Slices} of dates, each one statement, after one delete of them all.
     *
     * @param dates the first and last dates of the tables the refresh reads, shared by its models
     */
    Written execute(Connection c, Model m, DateScope scope, Schema schema, SourceDates dates) throws SQLException {
        DateScope.Range writing = new DateScope.Range(ALL_FROM, ALL_TO);
        try {
            return switch (m.materialization()) {
                case Materialization.View v -> new Written(0L, 0); // computed when read
                case Materialization.Full f -> {
                    deleteAll(c, m);
                    yield new Written(insert(c, m, NamedParameters.parse(m.sql()), ALL_FROM, ALL_TO), 1);
                }
                case Materialization.Incremental inc -> {
                    // the outer filter guarantees a model never writes outside the dates it deleted
                    String select = "SELECT * FROM (\n" + m.sql() + "\n) model_rows WHERE " + inc.dateColumn()
                            + " BETWEEN :from_date AND :to_date";
                    // Rows of several dates are written in date order, so a reader's date filter skips the rest of the
                    // table (zone maps); one date needs no sort, and skipping it matters at millions of rows a day.
                    NamedParameters sorted = NamedParameters.parse(select + " ORDER BY " + inc.dateColumn());
                    NamedParameters unsorted = NamedParameters.parse(select);
                    Map<String, SourceDates.Span> spans = new java.util.LinkedHashMap<>();
                    List<DateScope.Range> ranges;
                    switch (scope) {
                        case DateScope.All a -> {
                            deleteAll(c, m);
                            // a first load holds one date: build it as a one-date refresh (no sort, the model's
                            // one-date path)
                            LocalDate only = onlyInputDate(spans(c, inc, m, schema, dates, spans));
                            ranges = List.of(only != null ? new DateScope.Range(only, only) : writing);
                        }
                        case DateScope.Dates d -> {
                            ranges = d.ranges();
                            for (DateScope.Range r : ranges) {
                                Sql.on(c)
                                        .sql("DELETE FROM " + m.name() + " WHERE " + inc.dateColumn()
                                                + " BETWEEN ? AND ?")
                                        .param(Sql.date(r.from()))
                                        .param(Sql.date(r.to()))
                                        .update();
                            }
                        }
                    }
                    long rows = 0;
                    int statements = 0;
                    Slices.Inputs inputs = null; // read only when a range has several dates (not the daily refresh)
                    for (DateScope.Range r : ranges) {
                        if (!r.from().equals(r.to()) && inputs == null) {
                            inputs = inputs(c, spans(c, inc, m, schema, dates, spans), schema);
                        }
                        for (DateScope.Range slice : r.from().equals(r.to()) ? List.of(r) : slices.of(r, inputs)) {
                            writing = slice;
                            rows += insert(
                                    c,
                                    m,
                                    slice.from().equals(slice.to()) ? unsorted : sorted,
                                    slice.from(),
                                    slice.to());
                            statements++;
                        }
                    }
                    yield new Written(rows, statements);
                }
            };
        } catch (SQLException e) {
            throw failed(m, e, writing);
        } catch (DataAccessException e) {
            throw failed(m, e, writing);
        }
    }

    /** The first and last date of each table {@code m} reads that has its date column, read once per model. */
    private static Map<String, SourceDates.Span> spans(
            Connection c,
            Materialization.Incremental inc,
            Model m,
            Schema schema,
            SourceDates dates,
            Map<String, SourceDates.Span> spans)
            throws SQLException {
        if (spans.isEmpty()) {
            for (String dep : m.dependsOn()) {
                if (schema.has(dep, inc.dateColumn())) {
                    spans.put(dep, dates.of(c, dep, inc.dateColumn()));
                }
            }
        }
        return spans;
    }

    /** What {@code m}'s dated inputs hold, for its slices; a view counts as nothing (its own inputs are tables). */
    private static Slices.Inputs inputs(Connection c, Map<String, SourceDates.Span> spans, Schema schema)
            throws SQLException {
        Slices.Inputs inputs = Slices.Inputs.NONE;
        for (Map.Entry<String, SourceDates.Span> e : spans.entrySet()) {
            if (e.getValue().first() != null && !schema.isView(e.getKey())) {
                inputs = inputs.and(
                        e.getValue().first(), e.getValue().last(), Dialect.of(c).estimatedRows(c, e.getKey()));
            }
        }
        return inputs;
    }

    /**
     * The one date the dated tables and models a model reads hold rows for ({@code spans}), or null when they hold
     * several (or none). Incremental rows are dated by the facts they come from (see the horizon in
     * {@link ModelRunner}), so then that date is all there is.
     */
    private static LocalDate onlyInputDate(Map<String, SourceDates.Span> spans) {
        LocalDate only = null;
        for (SourceDates.Span span : spans.values()) {
            if (span.first() == null) {
                continue;
            }
            if (!span.first().equals(span.last()) || (only != null && !only.equals(span.first()))) {
                return null;
            }
            only = span.first();
        }
        return only;
    }

    /**
     * Writes the rows of the model's {@code SELECT} (the engine decides how: {@link Dialect#insertSelect}); after a
     * large write, brings the planner's statistics of the table up to date inside the refresh's
     * transaction, since the models after it read the rows just written (see {@link Dialect#refreshStatistics}).
     */
    private static long insert(Connection c, Model m, NamedParameters sql, LocalDate from, LocalDate to)
            throws SQLException {
        long rows = Dialect.of(c)
                .insertSelect(c, m.name(), sql.jdbcSql(), sql.values(Map.of("from_date", from, "to_date", to)));
        if (rows >= Dialect.LARGE_WRITE_ROWS) {
            Dialect.of(c).refreshStatistics(c, m.name());
        }
        return rows;
    }

    private static void deleteAll(Connection c, Model m) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + m.name());
        }
    }

    /** A statement run through Spring JDBC fails as one run on the raw connection did. */
    private RuntimeException failed(Model m, DataAccessException e, DateScope.Range dates) {
        SQLException cause = Sql.sqlException(e);
        return cause == null ? e : failed(m, cause, dates);
    }

    private StockroomException failed(Model m, SQLException e, DateScope.Range dates) {
        if (io.stockroom.warehouse.OutOfMemory.is(e)) {
            return new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR,
                    io.stockroom.warehouse.OutOfMemory.advice(
                            m.name(),
                            io.stockroom.warehouse.Lake.datesText(dates.from(), dates.to()),
                            memorySetting,
                            slices.sliceRows(),
                            "nothing was changed."),
                    e);
        }
        return new StockroomException(
                ErrorCode.WAREHOUSE_ERROR,
                "Model " + m.name() + " failed: " + e.getMessage() + ". Fix models/" + m.name()
                        + ".sql (or the data it reads) and refresh again; nothing was changed.",
                e);
    }
}
