package io.stockroom.replenish;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the rolling demand statistics (demand_daily_stats) up to date for a business date D. Three ways, cheapest first:
 * reuse the generation of D when the facts it was built from are unchanged; build D from D-1 by adding day D and
 * subtracting the days that leave the windows; or rebuild D from the facts. The windows: the demand window (the rate),
 * the revenue window (ABC) and the longer window of an item out of stock most of the demand window (LONG_OUT_OF_STOCK,
 * {@link ReplenishmentProperties#longWindowDays()}). A stamp of the facts per date (demand_stats_sources: their row count
 * and the sum of their load numbers, fingerprints.sql) decides whether an older generation may still be trusted. A generation lives in the table of
 * its date's parity (demand_stats_even/odd), so D-1 and D sit side by side and D's table is cleared whole.
 */
final class DemandStatistics {

    enum Mode {
        REUSED,
        INCREMENTAL,
        FULL
    }

    /** The longest demand window whose in-stock days fit in counted_days (bits 0..61 of a BIGINT; shifts stay clear of the sign). */
    static final int MAX_COUNTED_DAYS = 62;

    /**
     * The most days of the longer window (LONG_OUT_OF_STOCK's) before the demand window whose in-stock days fit in
     * long_bits: bits 0..62, so the default 91 days over a 28-day window fit (the shift of bit 61 makes bit 62, still
     * clear of the sign).
     */
    static final int MAX_LONG_BITS = 63;

    private final ReplenishmentProperties settings;
    private final Statements statements;

    DemandStatistics(ReplenishmentProperties settings) {
        this(settings, Statements.WAREHOUSE);
    }

    /** With {@code statements} deciding where the statements that read the facts run (the lake: {@link LakeStatistics}). */
    DemandStatistics(ReplenishmentProperties settings, Statements statements) {
        this.settings = settings;
        this.statements = statements;
    }

    Mode update(Connection c, LocalDate d) throws SQLException {
        return update(c, d, false, RunClock.OFF);
    }

    Mode update(Connection c, LocalDate d, boolean forceFull) throws SQLException {
        return update(c, d, forceFull, RunClock.OFF);
    }

    Mode update(Connection c, LocalDate d, boolean forceFull, RunClock clock) throws SQLException {
        int w = settings.demandWindowDays();
        int rw = settings.revenueWindowDays();
        int lw = settings.longWindowDays();
        boolean bits = countsDays(w, lw);
        Map<String, Object> p = new HashMap<>();
        p.put("d", d);
        // the facts of every date of the longer window (the revenue window's sales, the demand window's snapshots and
        // the longer window's in-stock days), from the day before it (generation D-1's window): a later load of any
        // of them makes the generation untrusted
        p.put("sales_from", d.minusDays(lw));
        p.put("inventory_from", d.minusDays(lw));
        NamedSql.run(c, "fingerprints.sql", p, clock, Map.of(), statements);

        if (!forceFull && clock.statement("trusted generation " + d, () -> trusted(c, d))) {
            return Mode.REUSED;
        }
        LocalDate prev = d.minusDays(1);
        // D's table is rewritten; every generation but D-1 (in the other table) is forgotten
        clock.statement("clear " + table(d), () -> {
            NamedSql.update(c, "DELETE FROM " + table(d), Map.of());
            NamedSql.update(c, "DELETE FROM demand_stats_sources WHERE as_of <> :prev", Map.of("prev", prev));
            return NamedSql.update(c, "DELETE FROM demand_stats_state WHERE as_of <> :prev", Map.of("prev", prev));
        });
        Map<String, String> target = Map.of("generation_table", table(d));
        Mode mode;
        if (!forceFull && clock.statement("trusted generation " + prev, () -> trusted(c, prev))) {
            p.put("prev", prev);
            p.put("demand_drop", d.minusDays(w));
            p.put("revenue_drop", d.minusDays(rw));
            p.put("long_drop", d.minusDays(lw));
            p.put("keys_sales_from", d);
            p.put("keys_inventory_from", d);
            if (bits) {
                p.put("keep_bits", (1L << (w - 1)) - 1);
                p.put("gone_bit", 1L << (w - 1));
                // the longer window is the revenue window (longer than the demand window) or the demand window itself
                p.put("long_is_demand", lw == w);
                p.put("long_keep_bits", lw == w ? 0L : (1L << (lw - w - 1)) - 1);
                p.put("long_gone_bit", lw == w ? 0L : 1L << (lw - w - 1));
            }
            NamedSql.run(c, "keys.sql", p, clock, Map.of(), statements);
            NamedSql.run(
                    c,
                    bits ? "demand_stats_incremental.sql" : "demand_stats_incremental_facts.sql",
                    p,
                    clock,
                    target,
                    statements);
            mode = Mode.INCREMENTAL;
        } else {
            p.put("demand_from", d.minusDays(w - 1L));
            p.put("revenue_from", d.minusDays(rw - 1L));
            p.put("long_from", d.minusDays(lw - 1L));
            p.put("demand_drop", d.minusDays(w));
            p.put("keys_sales_from", d.minusDays(lw - 1L));
            p.put("keys_inventory_from", d.minusDays(lw - 1L));
            p.put("count_bits", bits);
            p.put("keep_long_bits", bits && lw > w);
            NamedSql.run(c, "keys.sql", p, clock, Map.of(), statements);
            rebuild(c, d, p, clock, target);
            mode = Mode.FULL;
        }
        NamedSql.update(c, """
                INSERT INTO demand_stats_sources (as_of, dataset, business_date, row_count, load_seq_sum)
                SELECT CAST(:d AS DATE), dataset, business_date, row_count, load_seq_sum
                FROM repl_fp_now
                WHERE (dataset = 'sales' AND business_date >= :sales_from) OR (dataset = 'inventory' AND business_date >= :inventory_from)""", sources(d, "d"));
        NamedSql.update(
                c, """
                INSERT INTO demand_stats_state (as_of, demand_window_days, revenue_window_days, built, computed_at)
                VALUES (:d, :w, :rw, :built, CURRENT_TIMESTAMP)""", Map.of("d", d, "w", w, "rw", rw, "built", mode.name().toLowerCase()));
        return mode;
    }

    /**
     * The full rebuild: the longer window's facts read in batches of {@link ReplenishmentProperties#rebuildBatchDays()}
     * dates, newest first, each summed per pair into a scratch table, then the sums added up per pair. Every aggregate
     * is a sum or an OR over days, so the result is the one statement's over the whole window to the last digit, while
     * a statement joins and groups a batch's days of facts, not the window's 91: under a memory limit the one statement
     * spilled gigabytes of temporary files. All on the run's connection and in its transaction.
     */
    private void rebuild(Connection c, LocalDate d, Map<String, Object> p, RunClock clock, Map<String, String> target)
            throws SQLException {
        NamedSql.run(c, "demand_stats_partials.sql", p, clock, Map.of(), statements);
        LocalDate longFrom = d.minusDays(settings.longWindowDays() - 1L);
        for (LocalDate to = d; !to.isBefore(longFrom); to = to.minusDays(settings.rebuildBatchDays())) {
            LocalDate from = to.minusDays(settings.rebuildBatchDays() - 1L);
            p.put("batch_from", from.isBefore(longFrom) ? longFrom : from);
            p.put("batch_to", to);
            NamedSql.run(c, "demand_stats_full_batch.sql", p, clock, Map.of(), statements);
        }
        NamedSql.run(c, "demand_stats_full.sql", p, clock, target, statements);
    }

    /** The generation as of {@code asOf} exists, was built with today's windows, and its facts are unchanged. */
    private boolean trusted(Connection c, LocalDate asOf) throws SQLException {
        long state = NamedSql.count(
                c, """
                SELECT COUNT(*) FROM demand_stats_state
                WHERE as_of = :as_of AND demand_window_days = :w AND revenue_window_days = :rw""", Map.of("as_of", asOf, "w", settings.demandWindowDays(), "rw", settings.revenueWindowDays()));
        if (state == 0) {
            return false;
        }
        String sql = String.join("\n", NamedSql.script("fingerprints_mismatch.sql"));
        return NamedSql.count(c, sql, sources(asOf, "as_of")) == 0;
    }

    /**
     * The dates whose stamps a generation as of {@code asOf} keeps (under {@code dateName}): the sales and snapshots of
     * the longer window. Written by {@link #update} and compared by {@link #trusted}, so the two cannot disagree.
     */
    private Map<String, Object> sources(LocalDate asOf, String dateName) {
        LocalDate from = asOf.minusDays(settings.longWindowDays() - 1L);
        return Map.of(dateName, asOf, "sales_from", from, "inventory_from", from);
    }

    /**
     * Numbers the store and SKU codes a full build as of {@code d} reads, as the build itself would: for a caller whose
     * statistics run on another engine, which sees only committed keys.
     */
    void numberKeys(Connection c, LocalDate d) throws SQLException {
        Map<String, Object> p = new HashMap<>();
        p.put("d", d);
        p.put("keys_sales_from", d.minusDays(settings.longWindowDays() - 1L));
        p.put("keys_inventory_from", d.minusDays(settings.longWindowDays() - 1L));
        NamedSql.run(c, "keys.sql", p, RunClock.OFF, Map.of(), statements);
    }

    /**
     * Windows that fit the day bits (a demand window up to 62 days in counted_days, and up to 63 more days of the longer
     * window in long_bits) never read a leaving day's stock; others read it back from the facts.
     */
    static boolean countsDays(int demandWindowDays, int longWindowDays) {
        return demandWindowDays <= MAX_COUNTED_DAYS && longWindowDays - demandWindowDays <= MAX_LONG_BITS;
    }

    /** The table that holds the generation of {@code asOf}: one per parity of its day number. */
    static String table(LocalDate asOf) {
        return asOf.toEpochDay() % 2 == 0 ? "demand_stats_even" : "demand_stats_odd";
    }
}
