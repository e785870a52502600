package io.stockroom.warehouse;

import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.contract.Reference;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Promotes checked rows (temp table __chk on the caller's connection) into a warehouse table. Facts replace
 * the slice the file covers; master data upserts by key. The caller owns the transaction, so the promotion,
 * the placeholders and the quarantine commit together or not at all.
 */
@Component
public class Promotion {

    private final ContractRegistry contracts;

    public Promotion(ContractRegistry contracts) {
        this.contracts = contracts;
    }

    /** What a promotion changed. */
    public record Result(long rowsLoaded, Map<String, Long> replacedRowsByFeed, long placeholdersCreated, TreeSet<LocalDate> datesTouched) {}

    /**
     * @param loadExpressions warehouse column -> SQL over __chk
     * @param presentColumns columns the file actually provided (master upserts update only these)
     * @param placeholderFlags reference column -> flag column marking rows whose value is unknown
     */
    public Result promote(Connection c, Contract contract, Map<String, String> loadExpressions, List<String> presentColumns,
            Map<String, String> placeholderFlags, String feedId) throws SQLException {
        return promote(c, contract, loadExpressions, presentColumns, placeholderFlags, feedId, LocalDate.now());
    }

    /**
     * As above; master data is recorded in its history as of {@code businessDate} (the feed's business date), so a
     * change applies from that date on and earlier dates keep reading what they read (see {@link MasterHistory}).
     */
    public Result promote(Connection c, Contract contract, Map<String, String> loadExpressions, List<String> presentColumns,
            Map<String, String> placeholderFlags, String feedId, LocalDate businessDate) throws SQLException {
        long placeholders = createPlaceholders(c, contract, placeholderFlags, feedId);
        Map<String, Long> replaced = new LinkedHashMap<>();
        long loaded;
        if (contract.isFact()) {
            replaced = replaceSlice(c, contract, loadExpressions, null);
            loaded = insertFacts(c, contract, loadExpressions, feedId);
        } else {
            loaded = upsert(c, contract, loadExpressions, presentColumns, feedId);
            MasterHistory.record(c, contract, loadExpressions, presentColumns, feedId, businessDate);
        }
        return new Result(loaded, replaced, placeholders, datesTouched(c, contract, loadExpressions));
    }

    /** A number for one load, higher than every earlier one: fact rows carry it (load_seq). */
    public long nextLoadSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT nextval('load_seq_ids')")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * The fast path's insert: the rows of {@code select} (one column per warehouse column of the contract) go
     * straight into the fact table, tagged with the feed and the load number, before they are checked. The caller
     * checks them in the same transaction and rolls back if they do not all pass.
     */
    public long insertUnchecked(Connection c, Contract contract, String select, String feedId, long loadSeq) throws SQLException {
        List<String> cols = contract.columns().stream().map(ColumnSpec::name).toList();
        String names = cols.stream().map(Promotion::q).collect(Collectors.joining(", "));
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + contract.table() + " (" + names + ", feed_id, load_seq) SELECT " + names
                + ", ?, ? FROM (" + select + ") x")) {
            p.setString(1, feedId);
            p.setLong(2, loadSeq);
            return p.executeUpdate();
        }
    }

    /** SQL reading the rows of one load back from the fact table (the engine skips row groups of other loads). */
    public static String rowsOfLoad(Contract contract, long loadSeq) {
        return "(SELECT * FROM " + contract.table() + " WHERE load_seq = " + loadSeq + ")";
    }

    /**
     * Completes a fast-path load whose rows are already in the fact table and visible as __chk: creates
     * placeholders, then replaces the slice the file covers, sparing the rows of this load.
     */
    public Result promoteInserted(Connection c, Contract contract, Map<String, String> loadExpressions, Map<String, String> placeholderFlags,
            String feedId, long loadSeq, long rowsLoaded) throws SQLException {
        long placeholders = createPlaceholders(c, contract, placeholderFlags, feedId);
        Map<String, Long> replaced = replaceSlice(c, contract, loadExpressions, loadSeq);
        return new Result(rowsLoaded, replaced, placeholders, datesTouched(c, contract, loadExpressions));
    }

    /**
     * @param spare the load whose rows are already in the table and must stay (fast path), or null
     */
    private Map<String, Long> replaceSlice(Connection c, Contract contract, Map<String, String> load, Long spare) throws SQLException {
        List<String> slice = contract.slice().isEmpty() ? List.of(contract.dateColumn()) : contract.slice();
        String select = slice.stream().map(s -> load.get(s) + " AS " + q(s)).collect(Collectors.joining(", "));
        String notNull = slice.stream().map(s -> load.get(s) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        String match = slice.stream().map(s -> "x." + q(s) + " = w." + q(s)).collect(Collectors.joining(" AND "));
        Map<String, Long> replaced = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE __slice AS SELECT DISTINCT " + select + " FROM __chk WHERE " + notNull);
        }
        // A date range on the table lets the engine skip every row group outside the file's dates: loading a
        // day costs the day, not the history.
        String range = "";
        if (slice.contains(contract.dateColumn())) {
            String d = q(contract.dateColumn());
            range = " AND w." + d + " BETWEEN (SELECT MIN(" + d + ") FROM __slice) AND (SELECT MAX(" + d + ") FROM __slice)";
        }
        if (spare != null) {
            range += " AND w.load_seq IS DISTINCT FROM " + spare;
        }
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT w.feed_id, COUNT(*) FROM " + contract.table() + " w WHERE EXISTS (SELECT 1 FROM __slice x WHERE "
                    + match + ")" + range + " GROUP BY w.feed_id ORDER BY 2 DESC")) {
                while (r.next()) {
                    replaced.put(r.getString(1), r.getLong(2));
                }
            }
            if (!replaced.isEmpty()) {
                s.execute("DELETE FROM " + contract.table() + " w WHERE EXISTS (SELECT 1 FROM __slice x WHERE " + match + ")" + range);
            }
        }
        return replaced;
    }

    private long insertFacts(Connection c, Contract contract, Map<String, String> load, String feedId) throws SQLException {
        List<String> cols = new ArrayList<>(load.keySet());
        String sql = "INSERT INTO " + contract.table() + " (" + cols.stream().map(Promotion::q).collect(Collectors.joining(", ")) + ", feed_id, load_seq) SELECT "
                + cols.stream().map(load::get).collect(Collectors.joining(", ")) + ", ?, ? FROM __chk WHERE NOT __error ORDER BY __line";
        long loadSeq = nextLoadSeq(c);
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, feedId);
            p.setLong(2, loadSeq);
            return p.executeUpdate();
        }
    }

    private long upsert(Connection c, Contract contract, Map<String, String> load, List<String> present, String feedId) throws SQLException {
        List<String> cols = new ArrayList<>(load.keySet());
        boolean hasPlaceholder = hasColumn(c, contract.table(), "is_placeholder");
        String insertCols = cols.stream().map(Promotion::q).collect(Collectors.joining(", ")) + ", feed_id, updated_at"
                + (hasPlaceholder ? ", is_placeholder" : "");
        String values = cols.stream().map(load::get).collect(Collectors.joining(", ")) + ", ?, ?" + (hasPlaceholder ? ", FALSE" : "");
        List<String> updates = new ArrayList<>();
        for (String col : cols) {
            if (present.contains(col) && !contract.key().contains(col)) {
                updates.add(q(col) + " = EXCLUDED." + q(col));
            }
        }
        updates.add("feed_id = EXCLUDED.feed_id");
        updates.add("updated_at = EXCLUDED.updated_at");
        if (hasPlaceholder) {
            updates.add("is_placeholder = FALSE");
        }
        String sql = "INSERT INTO " + contract.table() + " (" + insertCols + ") SELECT " + values + " FROM __chk WHERE NOT __error ON CONFLICT ("
                + contract.key().stream().map(Promotion::q).collect(Collectors.joining(", ")) + ") DO UPDATE SET " + String.join(", ", updates);
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, feedId);
            p.setTimestamp(2, Timestamp.from(Instant.now()));
            return p.executeUpdate();
        }
    }

    private long createPlaceholders(Connection c, Contract contract, Map<String, String> flags, String feedId) throws SQLException {
        long created = 0;
        for (Map.Entry<String, String> e : flags.entrySet()) {
            ColumnSpec col = contract.column(e.getKey()).orElseThrow();
            Reference ref = col.reference();
            Contract target = contracts.get(ref.dataset());
            if (!hasColumn(c, target.table(), "is_placeholder")) {
                continue;
            }
            String sql = "INSERT INTO " + target.table() + " (" + q(ref.column()) + ", is_placeholder, feed_id, updated_at) SELECT DISTINCT "
                    + q(col.name()) + ", TRUE, ?, ? FROM __chk WHERE " + e.getValue() + " AND NOT __error ON CONFLICT DO NOTHING";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, feedId);
                p.setTimestamp(2, Timestamp.from(Instant.now()));
                created += p.executeUpdate();
            }
        }
        return created;
    }

    private TreeSet<LocalDate> datesTouched(Connection c, Contract contract, Map<String, String> load) throws SQLException {
        TreeSet<LocalDate> dates = new TreeSet<>();
        if (contract.dateColumn() == null) {
            return dates;
        }
        String expr = load.get(contract.dateColumn());
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT DISTINCT " + expr + " FROM __chk WHERE " + expr + " IS NOT NULL")) {
            while (r.next()) {
                Date d = r.getDate(1);
                dates.add(d.toLocalDate());
            }
        }
        return dates;
    }

    static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
            p.setString(1, table);
            p.setString(2, column);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1) > 0;
            }
        }
    }

    private static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
