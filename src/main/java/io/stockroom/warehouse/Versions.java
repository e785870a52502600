package io.stockroom.warehouse;

import io.stockroom.contract.Contract;
import io.stockroom.contract.Validity;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * Rows that are versions in time (a contract's {@link Validity}): a version that a later one of the same group follows
 * is closed the day before the later one starts, if it was still open or ran past that day. Nothing is deleted or
 * overwritten: the earlier version keeps its values and only gets its end date.
 */
public final class Versions {

    private Versions() {}

    /**
     * Closes superseded versions in the groups ({@code per} columns) that the rows of {@code touched} (SQL of a relation
     * with those columns) belong to, on the caller's connection and transaction. Returns the rows closed.
     */
    public static long closeSuperseded(Connection c, Contract contract, String touched) throws SQLException {
        Validity v = contract.validity();
        String per = v.per().stream().map(Versions::q).collect(Collectors.joining(", "));
        String wPer = v.per().stream().map(p -> "w." + q(p)).collect(Collectors.joining(", "));
        String from = q(v.from());
        String to = q(v.to());
        String sameGroup =
                v.per().stream().map(p -> "w." + q(p) + " = g." + q(p)).collect(Collectors.joining(" AND "));
        String sameVersion = v.per().stream()
                        .map(p -> contract.table() + "." + q(p) + " = n." + q(p))
                        .collect(Collectors.joining(" AND "))
                + " AND " + contract.table() + "." + from + " = n." + from;
        String sql = "UPDATE " + contract.table() + " SET " + to + " = n.next_from - 1 FROM (SELECT * FROM (SELECT w."
                + per.replace(", ", ", w.")
                + ", w." + from + ", LEAD(w." + from + ") OVER (PARTITION BY "
                + v.per().stream().map(p -> "w." + q(p)).collect(Collectors.joining(", "))
                + " ORDER BY w." + from + ") AS next_from FROM " + contract.table()
                + " w WHERE EXISTS (SELECT 1 FROM (SELECT DISTINCT " + per + " FROM "
                + touched + " x) g WHERE " + sameGroup + ")) y WHERE next_from IS NOT NULL) n WHERE " + sameVersion
                + " AND (" + contract.table() + "." + to + " IS NULL OR " + contract.table() + "." + to
                + " >= n.next_from)";
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
