package io.stockroom.warehouse;

import io.stockroom.contract.Contract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the valid-from/valid-to history of a master table ({@code <table>_history}, see V45 and docs/models.md) as a
 * master file of business date D is loaded, after its rows were upserted into the current table:
 *
 * <ul>
 *   <li>a key whose version valid on D has the same values: nothing (a reload makes no version);</li>
 *   <li>a changed key: the version valid on D ends on D and a new one starts on D, until the next version (so a late
 *       file for an older date changes that date's timeline, not today's); a change on the version's own first date
 *       corrects it in place;</li>
 *   <li>a key with no version yet, or only a placeholder: its first version, valid from 1900-01-01 (facts dated before
 *       the master data arrived are read with it, as they were before history existed);</li>
 *   <li>a key the file omits: nothing (masters are upserts).</li>
 * </ul>
 * Columns the file does not provide keep the values of the version valid on D. The current table is left holding the
 * open versions (a late file does not overwrite today's state). Each load that changed something records the first
 * business date it changed in {@code master_changes}, from which the model runner recomputes.
 */
final class MasterHistory {

    static final LocalDate BEGINNING = LocalDate.of(1900, 1, 1);
    private static final Set<String> NOT_VERSIONED =
            Set.of("feed_id", "updated_at", "valid_from", "valid_to", "recorded_at");

    private MasterHistory() {}

    /** Records the rows of {@code __chk} (loaded with {@code load}) as of {@code businessDate}; returns the keys that changed. */
    static long record(
            Connection c,
            Contract contract,
            Map<String, String> load,
            List<String> present,
            String feedId,
            LocalDate businessDate)
            throws SQLException {
        String table = contract.table();
        String history = table + "_history";
        List<String> cols = versionedColumns(c, table, history);
        if (cols.isEmpty()) {
            return 0; // a master table without history (none ships; a retailer's own)
        }
        List<String> key = contract.key();
        List<String> attrs = cols.stream().filter(col -> !key.contains(col)).toList();
        boolean placeholders = attrs.contains("is_placeholder");
        String d = "DATE '" + businessDate + "'";
        String asOf = " AND v.valid_from <= " + d + " AND (v.valid_to IS NULL OR v.valid_to > " + d + ")";

        try (Statement s = c.createStatement()) {
            // the file's rows, one per key (the last line wins, as in the upsert)
            String keyExprs = key.stream().map(k -> load.get(k) + " AS " + q(k)).collect(Collectors.joining(", "));
            List<String> given = attrs.stream()
                    .filter(a -> present.contains(a) && load.containsKey(a) && !a.equals("is_placeholder"))
                    .toList();
            String givenExprs =
                    given.stream().map(a -> ", " + load.get(a) + " AS " + q(a)).collect(Collectors.joining());
            Dialect.of(c)
                    .createTempTable(
                            c,
                            "__master_in",
                            "SELECT * FROM (SELECT " + keyExprs + givenExprs
                                    + ", ROW_NUMBER() OVER (PARTITION BY "
                                    + key.stream().map(load::get).collect(Collectors.joining(", "))
                                    + " ORDER BY __line DESC) AS __rn FROM __chk WHERE NOT __error) x WHERE __rn = 1");

            // the version each key would have from D on: given columns from the file, the others as they were on D (or,
            // for
            // a new key, as the upsert just wrote them: the contract's defaults)
            List<String> values = new ArrayList<>();
            for (String a : attrs) {
                if (a.equals("is_placeholder")) {
                    values.add("FALSE AS is_placeholder");
                } else if (given.contains(a)) {
                    values.add("m." + q(a) + " AS " + q(a));
                } else {
                    values.add("CASE WHEN v." + q(key.get(0)) + " IS NOT NULL THEN v." + q(a) + " ELSE cur." + q(a)
                            + " END AS " + q(a));
                }
            }
            String differs = attrs.stream()
                    .map(a -> "i." + q(a) + " IS DISTINCT FROM v." + q(a))
                    .collect(Collectors.joining(" OR "));
            Dialect.of(c)
                    .createTempTable(
                            c,
                            "__master_changed",
                            "SELECT i.*, v.valid_from AS __old_from, v.valid_to AS __old_to, "
                                    + "v." + q(key.get(0)) + " IS NULL AS __new, "
                                    + (placeholders ? "COALESCE(v.is_placeholder, FALSE)" : "FALSE")
                                    + " AS __was_placeholder "
                                    + "FROM (SELECT "
                                    + key.stream().map(k -> "m." + q(k)).collect(Collectors.joining(", ")) + ", "
                                    + String.join(", ", values)
                                    + " FROM __master_in m LEFT JOIN " + history + " v ON " + match("v", "m", key)
                                    + asOf
                                    + " LEFT JOIN " + table + " cur ON " + match("cur", "m", key) + ") i"
                                    + " LEFT JOIN " + history + " v ON " + match("v", "i", key) + asOf
                                    + " WHERE v." + q(key.get(0)) + " IS NULL"
                                    + (attrs.isEmpty() ? "" : " OR " + differs));
        }
        long changed = count(c, "SELECT COUNT(*) FROM __master_changed");
        if (changed == 0) {
            return 0;
        }
        Timestamp now = Timestamp.from(Instant.now());
        String colList = cols.stream().map(MasterHistory::q).collect(Collectors.joining(", "));
        String set = attrs.stream().map(a -> q(a) + " = c." + q(a)).collect(Collectors.joining(", "));
        String replaceInPlace = "NOT c.__new AND (c.__was_placeholder OR c.__old_from = " + d + ")";
        String split = "NOT c.__new AND NOT c.__was_placeholder AND c.__old_from < " + d;
        update(
                c,
                "UPDATE " + history + " h SET " + (set.isEmpty() ? "" : set + ", ")
                        + "feed_id = ?, recorded_at = ? FROM __master_changed c WHERE " + match("h", "c", key)
                        + " AND h.valid_from = c.__old_from AND " + replaceInPlace,
                feedId,
                now);
        update(
                c,
                "UPDATE " + history + " h SET valid_to = " + d + " FROM __master_changed c WHERE "
                        + match("h", "c", key) + " AND h.valid_from = c.__old_from AND " + split);
        update(
                c,
                "INSERT INTO " + history + " (" + colList + ", valid_from, valid_to, feed_id, recorded_at) SELECT "
                        + cols.stream().map(col -> "c." + q(col)).collect(Collectors.joining(", ")) + ", " + d
                        + ", c.__old_to, ?, ? FROM __master_changed c WHERE " + split,
                feedId,
                now);
        update(
                c,
                "INSERT INTO " + history + " (" + colList + ", valid_from, valid_to, feed_id, recorded_at) SELECT "
                        + cols.stream().map(col -> "c." + q(col)).collect(Collectors.joining(", ")) + ", DATE '"
                        + BEGINNING + "', NULL, ?, ? FROM __master_changed c WHERE c.__new",
                feedId,
                now);
        // a late file changed an older version: the current table keeps (gets back) the open version
        if (!attrs.isEmpty()) {
            update(
                    c,
                    "UPDATE " + table + " t SET "
                            + attrs.stream().map(a -> q(a) + " = o." + q(a)).collect(Collectors.joining(", "))
                            + " FROM "
                            + history + " o WHERE " + match("o", "t", key)
                            + " AND o.valid_to IS NULL AND o.valid_from > " + d
                            + " AND EXISTS (SELECT 1 FROM __master_changed c WHERE "
                            + match("c", "t", key) + ")");
        }
        update(
                c,
                "INSERT INTO master_changes (change_id, source, effective_from, keys_changed, feed_id, changed_at) SELECT nextval('master_change_ids'), ?, "
                        + "MIN(CASE WHEN __new OR __was_placeholder THEN DATE '" + BEGINNING + "' ELSE " + d
                        + " END), COUNT(*), ?, ? FROM __master_changed",
                table + "_versions",
                feedId,
                now);
        return changed;
    }

    /** The columns a version holds: those of the current table that the history table has too, lineage left out. */
    private static List<String> versionedColumns(Connection c, String table, String history) throws SQLException {
        List<String> out = new ArrayList<>();
        Sql.on(c)
                .sql("SELECT h.column_name FROM information_schema.columns h JOIN information_schema.columns t "
                        + "ON t.column_name = h.column_name AND t.table_name = ? AND t.table_schema = h.table_schema WHERE h.table_name = ? "
                        + "AND h.table_schema = current_schema() ORDER BY h.ordinal_position")
                .param(Sql.text(table))
                .param(Sql.text(history))
                .query((ResultSet r) -> {
                    if (!NOT_VERSIONED.contains(r.getString(1))) {
                        out.add(r.getString(1));
                    }
                });
        return out;
    }

    private static String match(String left, String right, List<String> key) {
        return key.stream()
                .map(k -> left + "." + q(k) + " = " + right + "." + q(k))
                .collect(Collectors.joining(" AND "));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        Sql.on(c).sql(sql).params(args).update();
    }

    private static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
