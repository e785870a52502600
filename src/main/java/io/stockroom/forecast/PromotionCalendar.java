package io.stockroom.forecast;

import io.stockroom.warehouse.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The promotion calendar ({@code promotions}, contracts/promotions.yaml) as the forecast refresh reads it: the windows
 * of each SKU, in one store or every store ({@code '*'}), first to last day inclusive. A day in a window of its store
 * × SKU is a promotion day: left out of the baseline (NaN, as a censored day) and, ahead, forecast with the uplift.
 * Public for the simulator (replenish.Simulator), whose forecast policy reads the same calendar: a pair's
 * {@link #days(String, String, LocalDate, int)} are its {@link Series#promo} flags.
 */
public final class PromotionCalendar {

    static final String EVERY_STORE = "*";

    /** One promotion window: the store (or {@link #EVERY_STORE}), first and last day. */
    record Window(String store, LocalDate start, LocalDate end) {}

    private final Map<String, List<Window>> bySku;

    private PromotionCalendar(Map<String, List<Window>> bySku) {
        this.bySku = bySku;
    }

    /** The windows overlapping {@code from .. to}. */
    public static PromotionCalendar read(Connection c, LocalDate from, LocalDate to) {
        Map<String, List<Window>> bySku = new HashMap<>();
        Sql.on(c)
                .sql(
                        "SELECT sku, store_id, start_date, end_date FROM promotions WHERE end_date >= ? AND start_date <= ?")
                .param(Sql.date(from))
                .param(Sql.date(to))
                .query((ResultSet rs) -> {
                    Window w = new Window(
                            rs.getString(2),
                            rs.getDate(3).toLocalDate(),
                            rs.getDate(4).toLocalDate());
                    bySku.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(w);
                });
        return new PromotionCalendar(bySku);
    }

    public boolean isEmpty() {
        return bySku.isEmpty();
    }

    /** The windows of the pair ({@link DailyHistory#key}) overlapping {@code first .. last}, in start order. */
    List<Window> windows(String key, LocalDate first, LocalDate last) {
        List<Window> all = bySku.get(DailyHistory.sku(key));
        if (all == null) {
            return List.of();
        }
        String store = DailyHistory.store(key);
        return all.stream()
                .filter(w -> w.store().equals(EVERY_STORE) || w.store().equals(store))
                .filter(w -> !w.end().isBefore(first) && !w.start().isAfter(last))
                .sorted(java.util.Comparator.comparing(Window::start))
                .toList();
    }

    /** The promotion days of {@code store} × {@code sku} among the {@code days} days from {@code first}. */
    public boolean[] days(String store, String sku, LocalDate first, int days) {
        return days(DailyHistory.key(store, sku), first, days);
    }

    /** The pair's promotion days among the {@code days} days from {@code first}. */
    boolean[] days(String key, LocalDate first, int days) {
        boolean[] promo = new boolean[days];
        long a = first.toEpochDay();
        for (Window w : windows(key, first, first.plusDays(days - 1L))) {
            long from = Math.max(a, w.start().toEpochDay());
            long to = Math.min(a + days - 1, w.end().toEpochDay());
            for (long t = from; t <= to; t++) {
                promo[(int) (t - a)] = true;
            }
        }
        return promo;
    }

    /** {@code y} (the pair's days from {@code first}) with its promotion days left out (NaN); {@code y} itself if none. */
    double[] withoutPromotions(String key, LocalDate first, double[] y) {
        if (!bySku.containsKey(DailyHistory.sku(key))) {
            return y;
        }
        boolean[] promo = days(key, first, y.length);
        double[] out = null;
        for (int t = 0; t < y.length; t++) {
            if (promo[t]) {
                out = out == null ? y.clone() : out;
                out[t] = Double.NaN;
            }
        }
        return out == null ? y : out;
    }
}
