package io.stockroom.forecast;

import io.stockroom.warehouse.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The daily demand of a set of store × SKU pairs over days {@code from .. to}, read with the censoring rules of the
 * refresh: units sold per day (returns are not demand); a day whose snapshot shows the item out of stock (on hand ≤ 0)
 * and a day on which the store reported no sales at all (a missing feed, or closed) are not observed (NaN), never
 * zero demand.
 */
final class DailyHistory {

    /** The pairs with a sales row in the days read, their summed units per day (0 where none). */
    final Map<String, double[]> units = new HashMap<>();

    final Map<String, String> category = new HashMap<>();
    private final Map<String, BitSet> salesRows = new HashMap<>();
    private final Map<String, List<Integer>> outOfStock = new HashMap<>();
    private final Map<String, BitSet> storeDays = new HashMap<>();
    final LocalDate from;
    final int days;

    private DailyHistory(LocalDate from, LocalDate to) {
        this.from = from;
        this.days = (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    static String key(String store, String sku) {
        return store + "\u0000" + sku;
    }

    static String store(String key) {
        return key.substring(0, key.indexOf('\u0000'));
    }

    static String sku(String key) {
        return key.substring(key.indexOf('\u0000') + 1);
    }

    /**
     * Reads days {@code from .. to} of the pairs {@code pairsSql} selects (a query of store_id, sku with named
     * parameters {@code params}), or of every pair when it is null.
     */
    static DailyHistory read(Connection c, LocalDate from, LocalDate to, String pairsSql, Map<String, Object> params) {
        String with = pairsSql == null ? "" : "WITH pairs AS (" + pairsSql + ")\n";
        String join = pairsSql == null ? "" : " JOIN pairs x ON x.store_id = s.store_id AND x.sku = s.sku";
        return read(c, from, to, with, join, "", "", new MapSqlParameterSource(params), null);
    }

    /**
     * Reads days {@code from .. to} of every pair with a sales row in them, without their category: the new days of
     * the pairs that keep their state (every pair, each daily refresh). One row per store, not per pair: each of its
     * pairs as the SKU's length, {@code :}, the SKU and its sales rows ({@link #read}'s numbers), then {@code ;}; and
     * its out-of-stock days likewise. The rows per pair (store, SKU, sales rows and category, each a string the driver
     * builds) were most of this read's CPU (docs/forecast.md, "Speed of the refresh", session 25); the values read are
     * the same, to the bit ({@code DailyHistoryTest}).
     */
    static DailyHistory readByStore(Connection c, LocalDate from, LocalDate to) {
        DailyHistory h = new DailyHistory(from, to);
        MapSqlParameterSource p = h.range(from, to);
        Sql.named(c).query("""
                SELECT g.store_id,
                       STRING_AGG(CAST(LENGTH(g.sku) AS VARCHAR) || ':' || g.sku || g.days, ';') AS pairs
                FROM (SELECT s.store_id, s.sku, """ + SALES_ROWS + """

                      FROM sales s WHERE s.sku IS NOT NULL AND s.business_date BETWEEN :from AND :to
                      GROUP BY s.store_id, s.sku) g
                GROUP BY g.store_id""", p, (ResultSet rs) -> {
            String store = rs.getString(1);
            String pairs = rs.getString(2);
            for (int i = 0; i < pairs.length(); ) {
                int colon = pairs.indexOf(':', i); // the SKU's length first: a SKU may hold any character
                int skuEnd = pairs.offsetByCodePoints(colon + 1, Integer.parseInt(pairs, i, colon, 10));
                int end = pairs.indexOf(';', skuEnd);
                end = end < 0 ? pairs.length() : end;
                String key = key(store, pairs.substring(colon + 1, skuEnd));
                double[] sold = new double[h.days];
                BitSet rows = new BitSet(h.days);
                h.units.put(key, sold);
                h.salesRows.put(key, rows);
                h.addSalesRows(pairs, skuEnd, end, sold, rows);
                i = end + 1;
            }
        });
        h.readStoreDays(c, p, "");
        Sql.named(c).query("""
                SELECT store_id,
                       STRING_AGG(CAST(LENGTH(sku) AS VARCHAR) || ':' || sku
                                  || CAST(CAST(business_date - CAST(:from AS DATE) AS INTEGER) AS VARCHAR), ';')
                FROM inventory WHERE business_date BETWEEN :from AND :to AND on_hand <= 0
                GROUP BY store_id""", p, (ResultSet rs) -> {
            String store = rs.getString(1);
            String days = rs.getString(2);
            for (int i = 0; i < days.length(); ) {
                int colon = days.indexOf(':', i);
                int skuEnd = days.offsetByCodePoints(colon + 1, Integer.parseInt(days, i, colon, 10));
                int end = days.indexOf(';', skuEnd);
                end = end < 0 ? days.length() : end;
                h.outOfStock
                        .computeIfAbsent(key(store, days.substring(colon + 1, skuEnd)), k -> new ArrayList<>())
                        .add(Integer.parseInt(days, skuEnd, end, 10));
                i = end + 1;
            }
        });
        return h;
    }

    /**
     * A pair's sales rows, one number each: units x 1000 x 2^16 + day (units_sold is DECIMAL(14,3), so the number fits
     * a BIGINT and its units decode to the same double as their own text), as text separated by commas.
     */
    private static final String SALES_ROWS = """
            STRING_AGG(CAST(CAST(CASE WHEN s.is_return THEN 0 ELSE COALESCE(s.units_sold, 0) END * 1000
                                 AS BIGINT) * 65536
                            + CAST(s.business_date - CAST(:from AS DATE) AS BIGINT) AS VARCHAR), ',') AS days""";

    /**
     * A pair's sales rows, {@code text[start, end)} ({@link #SALES_ROWS}), into its new {@code sold} and {@code rows}
     * (called once per pair). A day's rows (several channels, lines) are summed in thousandths of a unit, whole
     * numbers a double adds exactly in any order, then divided once: the rows come in whatever order the engine's
     * aggregate gives them, and summing the units themselves made the last bit of a day's demand depend on it.
     */
    private void addSalesRows(String text, int start, int end, double[] sold, BitSet rows) {
        for (int i = start; i < end; ) {
            int comma = text.indexOf(',', i);
            int stop = comma < 0 || comma > end ? end : comma;
            long v = Long.parseLong(text, i, stop, 10);
            int day = (int) (v & 0xFFFF);
            sold[day] += v >> 16; // >> rounds down: a negative count decodes as well
            rows.set(day);
            i = stop + 1;
        }
        for (int day = rows.nextSetBit(0); day >= 0; day = rows.nextSetBit(day + 1)) {
            sold[day] /= 1000.0;
        }
    }

    private MapSqlParameterSource range(LocalDate from, LocalDate to) {
        if (days > 0xFFFF) {
            throw new IllegalArgumentException(
                    "cannot read " + days + " days at once: at most 65,535 (" + from + " .. " + to + ")");
        }
        return new MapSqlParameterSource().addValue("from", Sql.date(from)).addValue("to", Sql.date(to));
    }

    private void readStoreDays(Connection c, MapSqlParameterSource p, String storeFilter) {
        Sql.named(c)
                .query(
                        "SELECT store_id, CAST(business_date - CAST(:from AS DATE) AS INTEGER) FROM (SELECT DISTINCT"
                                + " store_id, business_date FROM sales WHERE business_date BETWEEN :from AND :to"
                                + storeFilter + ") d",
                        p,
                        (ResultSet rs) -> {
                            storeDays
                                    .computeIfAbsent(rs.getString(1), k -> new BitSet())
                                    .set(rs.getInt(2));
                        });
    }

    /** At most this many pairs are read by {@link #read(Connection, LocalDate, LocalDate, Set)}'s lists of values. */
    static final int LISTED_PAIRS = 1_000;

    /**
     * Reads days {@code from .. to} of the pairs {@code keys} ({@link #key}; at most {@link #LISTED_PAIRS}), named to
     * the engine as lists of their stores and SKUs: a daily refresh reads the window of a handful of new pairs, and
     * joining them with the pairs' query made the engine scan the whole window of sales and snapshots (and every
     * store's days) for them (docs/forecast.md, "Speed of the refresh"). No pair: nothing is read.
     */
    static DailyHistory read(Connection c, LocalDate from, LocalDate to, Set<String> keys) {
        if (keys.size() > LISTED_PAIRS) {
            throw new IllegalArgumentException(keys.size() + " pairs: at most " + LISTED_PAIRS + " are read by name");
        }
        if (keys.isEmpty()) {
            return new DailyHistory(from, to);
        }
        Set<String> stores = new TreeSet<>();
        Set<String> skus = new TreeSet<>();
        for (String k : keys) {
            stores.add(store(k));
            skus.add(sku(k));
        }
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("stores", List.copyOf(stores))
                .addValue("skus", List.copyOf(skus));
        String listed = " AND s.store_id IN (:stores) AND s.sku IN (:skus)";
        return read(c, from, to, "", "", listed, " AND store_id IN (:stores)", p, keys);
    }

    private static DailyHistory read(
            Connection c,
            LocalDate from,
            LocalDate to,
            String with,
            String join,
            String where,
            String storeFilter,
            MapSqlParameterSource p,
            Set<String> only) {
        DailyHistory h = new DailyHistory(from, to);
        p.addValues(h.range(from, to).getValues());
        // one row per pair, its sales rows as text, each row one number: units x 1000 x 2^16 + day (units_sold is
        // DECIMAL(14,3), so the number fits a BIGINT and its units decode to the same double as their own text). A
        // row per pair and day cost ~5-10 us each through JDBC; the rows as "day:units" (two casts, two
        // concatenations) cost ~1/3 more CPU than this, and ARRAY_AGG of the numbers more still (docs/forecast.md,
        // "Speed of the refresh"); grouping by pair and day first made DuckDB group the whole window before the join
        Sql.named(c)
                .query(
                        with + """
                SELECT g.store_id, g.sku, g.days, p.category
                FROM (SELECT s.store_id, s.sku, """ + SALES_ROWS + """

                      FROM sales s""" + join
                                + " WHERE s.sku IS NOT NULL AND s.business_date BETWEEN :from AND :to"
                                + where + """

                      GROUP BY s.store_id, s.sku) g
                LEFT JOIN products p ON p.sku = g.sku""",
                        p,
                        (ResultSet rs) -> {
                            String key = key(rs.getString(1), rs.getString(2));
                            if (only != null && !only.contains(key)) {
                                return; // a store and a SKU of the lists, not a pair of them
                            }
                            double[] sold = new double[h.days];
                            BitSet rows = new BitSet(h.days);
                            h.units.put(key, sold);
                            h.salesRows.put(key, rows);
                            h.category.put(key, rs.getString(4) == null ? "" : rs.getString(4));
                            String days = rs.getString(3);
                            h.addSalesRows(days, 0, days.length(), sold, rows);
                        });
        h.readStoreDays(c, p, storeFilter);
        Sql.named(c)
                .query(
                        with + "SELECT s.store_id, s.sku, CAST(s.business_date - CAST(:from AS DATE) AS INTEGER)"
                                + " FROM inventory s" + join
                                + " WHERE s.business_date BETWEEN :from AND :to AND s.on_hand <= 0" + where,
                        p,
                        (ResultSet rs) -> {
                            String key = key(rs.getString(1), rs.getString(2));
                            if (only == null || only.contains(key)) {
                                h.outOfStock
                                        .computeIfAbsent(key, k -> new ArrayList<>())
                                        .add(rs.getInt(3));
                            }
                        });
        return h;
    }

    /** The text of a SQL resource of this package ({@code /forecast/name}). */
    static String sql(String name) {
        try (InputStream in = DailyHistory.class.getResourceAsStream("/forecast/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /forecast/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int day(LocalDate date) {
        return (int) ChronoUnit.DAYS.between(from, date);
    }

    /**
     * The pair's demand on days {@code first .. last} (inside the days read), oldest first: NaN where the store
     * reported no sales or the snapshot shows the item out of stock.
     */
    double[] observed(String key, LocalDate first, LocalDate last) {
        int a = day(first);
        int n = (int) ChronoUnit.DAYS.between(first, last) + 1;
        if (a < 0 || a + n > days) {
            throw new IllegalArgumentException("days " + first + " .. " + last + " were not read");
        }
        double[] sold = units.get(key);
        BitSet open = storeDays.getOrDefault(store(key), new BitSet());
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = !open.get(a + t) ? Double.NaN : sold == null ? 0 : sold[a + t];
        }
        for (int t : outOfStock.getOrDefault(key, List.of())) {
            if (t >= a && t < a + n) {
                y[t - a] = Double.NaN;
            }
        }
        return y;
    }

    /** Whether the pair has a sales row on one of days {@code first .. last}. */
    boolean sold(String key, LocalDate first, LocalDate last) {
        BitSet b = salesRows.get(key);
        int next = b == null ? -1 : b.nextSetBit(Math.max(0, day(first)));
        return next >= 0 && next <= day(last);
    }
}
