package io.stockroom.forecast;

import static java.util.Objects.requireNonNull;

import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Sql;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Refreshes the day's forecasts in the warehouse ({@code demand_forecasts}): for every store × SKU with sales in the
 * history window, the method chosen by backtest (re-chosen weekly; on other days the last choice is reused and only the
 * forecast is redone), its backtest RMSSE and the cumulative forecast over the horizon.
 *
 * <p>History: units sold per day (returns are not demand). A day whose snapshot shows the item out of stock (on
 * hand ≤ 0) is left out (demand was censored), and so is a day on which the store reported no sales at all (a missing
 * feed, or closed): neither is read as zero demand.
 */
@Service
public final class ForecastService {

    private final ForecastProperties settings;

    public ForecastService(ForecastProperties settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** What a refresh did: the pairs forecast and how many had their method chosen anew (the rest reused it). */
    public record Refresh(LocalDate asOf, int pairs, int chosen, long millis) {}

    /** Refreshes the forecasts as of {@code d} inside the caller's transaction. */
    public Refresh refresh(Connection c, LocalDate d) {
        long started = System.nanoTime();
        int n = settings.historyDays();
        LocalDate from = d.minusDays(n - 1);
        Map<String, double[]> units = new LinkedHashMap<>();
        Map<String, String> category = new HashMap<>();
        JdbcClient jdbc = Sql.on(c);
        jdbc.sql("""
                SELECT s.store_id, s.sku, s.business_date, SUM(CASE WHEN s.is_return THEN 0 ELSE COALESCE(s.units_sold, 0) END),
                       MAX(p.category)
                FROM sales s LEFT JOIN products p ON p.sku = s.sku
                WHERE s.sku IS NOT NULL AND s.business_date BETWEEN ? AND ?
                GROUP BY s.store_id, s.sku, s.business_date""").param(Sql.date(from)).param(Sql.date(d)).query((ResultSet rs) -> {
            String key = rs.getString(1) + "\u0000" + rs.getString(2);
            int day = (int) ChronoUnit.DAYS.between(from, rs.getDate(3).toLocalDate());
            units.computeIfAbsent(key, k -> new double[n])[day] += rs.getDouble(4);
            category.putIfAbsent(key, rs.getString(5) == null ? "" : rs.getString(5));
        });
        Map<String, Set<Integer>> storeDays = new HashMap<>();
        jdbc.sql("SELECT DISTINCT store_id, business_date FROM sales WHERE business_date BETWEEN ? AND ?")
                .param(Sql.date(from))
                .param(Sql.date(d))
                .query((ResultSet rs) -> {
                    storeDays
                            .computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                            .add((int)
                                    ChronoUnit.DAYS.between(from, rs.getDate(2).toLocalDate()));
                });
        Map<String, List<Integer>> outOfStock = new HashMap<>();
        jdbc.sql(
                        "SELECT store_id, sku, business_date FROM inventory WHERE business_date BETWEEN ? AND ? AND on_hand <= 0")
                .param(Sql.date(from))
                .param(Sql.date(d))
                .query((ResultSet rs) -> {
                    outOfStock
                            .computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new ArrayList<>())
                            .add((int)
                                    ChronoUnit.DAYS.between(from, rs.getDate(3).toLocalDate()));
                });
        Map<String, Object[]> previous = previousChoices(c, d);
        List<String> keys = new ArrayList<>(units.keySet());
        List<Series> series = new ArrayList<>(keys.size());
        for (String key : keys) {
            double[] y = units.get(key);
            Set<Integer> open = storeDays.getOrDefault(key.substring(0, key.indexOf('\u0000')), Set.of());
            for (int t = 0; t < n; t++) {
                if (!open.contains(t)) {
                    y[t] = Double.NaN;
                }
            }
            for (int t : outOfStock.getOrDefault(key, List.of())) {
                y[t] = Double.NaN;
            }
            series.add(new Series(
                    key,
                    category.get(key),
                    y,
                    new boolean[n + settings.horizonDays()],
                    new boolean[n + settings.horizonDays()]));
        }
        List<Integer> toChoose = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!previous.containsKey(keys.get(i))) {
                toChoose.add(i);
            }
        }
        Forecaster forecaster = new Forecaster(List.of(Method.values()), settings.backtestFolds(), 7);
        List<Series> fresh = toChoose.stream().map(series::get).toList();
        int[] origins = new int[fresh.size()];
        Arrays.fill(origins, n);
        List<Forecaster.Choice> choices =
                forecaster.chooseAll(fresh, origins, settings.backtestHorizonDays(), Map.of());
        Map<String, Object[]> chosen = new HashMap<>(previous);
        for (int j = 0; j < toChoose.size(); j++) {
            Forecaster.Choice ch = choices.get(j);
            chosen.put(
                    keys.get(toChoose.get(j)),
                    new Object[] {ch.method(), Double.isNaN(ch.rmsse()) ? null : ch.rmsse(), d});
        }
        jdbc.sql("DELETE FROM demand_forecasts WHERE as_of = ? OR as_of < ?")
                .param(Sql.date(d))
                .param(Sql.date(d.minusDays(14)))
                .update();
        String insert = "INSERT INTO demand_forecasts (as_of, store_id, sku, method, backtest_rmsse,"
                + " chosen_on, history_days, cumulative) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS DOUBLE[]))";
        Dialect dialect = Dialect.of(c);
        Sql.template(c).batchUpdate(insert, new BatchPreparedStatementSetter() {
            @Override
            public int getBatchSize() {
                return keys.size();
            }

            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                String key = keys.get(i);
                Object[] ch = chosen.get(key);
                Method m = (Method) ch[0];
                double[] f = Forecaster.forecast(m, series.get(i), n, settings.horizonDays(), 1.0);
                StringBuilder cum = new StringBuilder();
                double sum = 0;
                for (int h = 0; h < f.length; h++) {
                    sum += f[h];
                    cum.append(h == 0 ? "" : ",").append(Math.round(sum * 10_000) / 10_000.0);
                }
                int sep = key.indexOf('\u0000');
                ps.setDate(1, Date.valueOf(d));
                ps.setString(2, key.substring(0, sep));
                ps.setString(3, key.substring(sep + 1));
                ps.setString(4, m.name());
                if (ch[1] == null) {
                    ps.setNull(5, java.sql.Types.DOUBLE);
                } else {
                    ps.setDouble(5, (Double) ch[1]);
                }
                ps.setDate(6, Date.valueOf((LocalDate) ch[2]));
                ps.setInt(7, (int) Arrays.stream(series.get(i).units())
                        .filter(v -> !Double.isNaN(v))
                        .count());
                ps.setString(8, dialect.arrayText(cum));
            }
        });
        return new Refresh(d, keys.size(), toChoose.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The latest earlier choice of each pair when it was made less than a week before {@code d}. */
    private static Map<String, Object[]> previousChoices(Connection c, LocalDate d) {
        Map<String, Object[]> out = new HashMap<>();
        Sql.on(c).sql("""
                SELECT store_id, sku, method, backtest_rmsse, chosen_on FROM demand_forecasts
                WHERE as_of = (SELECT MAX(as_of) FROM demand_forecasts WHERE as_of < ?) AND chosen_on > ?""").param(Sql.date(d)).param(Sql.date(d.minusDays(7))).query((ResultSet rs) -> {
            double e = rs.getDouble(4);
            out.put(rs.getString(1) + "\u0000" + rs.getString(2), new Object[] {
                Method.valueOf(rs.getString(3)),
                rs.wasNull() ? null : e,
                rs.getDate(5).toLocalDate()
            });
        });
        return out;
    }
}
