package io.stockroom.model;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The first and last date of each table a refresh reads, read once per refresh for a source table (a fact such as
 * {@code inventory}) and each time for a model's table, which the refresh itself writes. The horizon and the one-date
 * choice of every model that reads a fact need the same two dates; on PostgreSQL each read is a scan of the whole table
 * (2.5 s over 10 million snapshots), and a first refresh read {@code inventory} three times.
 */
final class SourceDates {

    /** The first and last date of a table; both null when it holds no dated row. */
    record Span(LocalDate first, LocalDate last) {}

    private final Predicate<String> isModel;
    private final Map<String, Span> read = new HashMap<>();

    SourceDates(Predicate<String> isModel) {
        this.isModel = isModel;
    }

    Span of(Connection c, String table, String dateColumn) throws SQLException {
        if (isModel.test(table)) {
            return scan(c, table, dateColumn);
        }
        String key = table + "." + dateColumn;
        Span known = read.get(key);
        if (known == null) {
            known = scan(c, table, dateColumn);
            read.put(key, known);
        }
        return known;
    }

    /** The first and last date of {@code table}, read now (a table whose dates a refresh does not share). */
    static Span scan(Connection c, String table, String dateColumn) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT MIN(" + dateColumn + "), MAX(" + dateColumn + ") FROM " + table)) {
            r.next();
            return r.getDate(1) == null
                    ? new Span(null, null)
                    : new Span(r.getDate(1).toLocalDate(), r.getDate(2).toLocalDate());
        }
    }
}
