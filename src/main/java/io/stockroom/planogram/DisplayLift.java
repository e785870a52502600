package io.stockroom.planogram;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Baseline vs display lift of each secondary display (store × SKU × period), against the same SKU in the stores that had
 * no display of it and the display store's own pre-period (docs/planogram.md, "Display lift"). Only displays in the
 * caller's stores are listed; the control is an average over other stores and names none of them.
 */
@Service
public class DisplayLift {

    /**
     * One display's lift. Percentages are uplift over the baseline (50 = half as much again); {@code low}/{@code high} are
     * the 95 % interval. Null = not available (no sale in the pre-period, fewer than two days of data in a period).
     *
     * @param daysWithData display days that have sales data so far (a running display is measured on those)
     * @param controlStores how many stores form the control; 0 = the store's pre-period alone (method pre_period)
     */
    public record Display(
            String storeId,
            String sku,
            String productName,
            String displayType,
            String displayZone,
            LocalDate startDate,
            LocalDate endDate,
            int preDays,
            int daysWithData,
            int controlStores,
            String method,
            double displayUnits,
            double baselineUnits,
            Double upliftPct,
            Double lowPct,
            Double highPct,
            Double incrementalUnits,
            Double incrementalMargin) {}

    /** Displays pooled by type or zone (inverse-variance weighted in log space; incremental units and margin summed). */
    public record Rollup(
            String value,
            int displays,
            Double upliftPct,
            Double lowPct,
            Double highPct,
            double incrementalUnits,
            Double incrementalMargin) {}

    public record Report(
            LocalDate from,
            LocalDate to,
            int preDays,
            List<Display> displays,
            Rollup all,
            List<Rollup> byType,
            List<Rollup> byZone) {}

    /**
     * One day of a display's series: the store's units, and the control's average scaled to the store's pre-period level
     * (the baseline path: what the store would have sold without the display).
     */
    public record Point(LocalDate date, String period, double units, Double baseline) {}

    public record Series(Display display, List<Point> points) {}

    private final JdbcClient jdbc;
    private final ModelRunner models;
    private final PlanogramService planogram;
    private final PlanogramProperties settings;

    public DisplayLift(
            Warehouse warehouse, ModelRunner models, PlanogramService planogram, PlanogramProperties settings) {
        this.jdbc = JdbcClient.create(warehouse.dataSource());
        this.models = models;
        this.planogram = planogram;
        this.settings = settings;
    }

    public Report report(LocalDate from, LocalDate to, String store) {
        LocalDate end = to != null ? to : planogram.defaultDate();
        LocalDate start = from != null ? from : end.minusDays(89);
        if (start.isAfter(end)) {
            // an empty report would read as "no display in the period"
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "from " + start + " is after to " + end + "; swap them.");
        }
        List<Measured> measured = measure(start, end, store);
        List<Display> displays = measured.stream().map(Measured::display).toList();
        return new Report(
                start,
                end,
                settings.liftPreDays(),
                displays,
                rollup("all", measured),
                rollups(measured, m -> m.display.displayType()),
                rollups(measured, m -> m.display.displayZone()));
    }

    public Series series(String store, String sku, LocalDate start) {
        if (store == null || sku == null || start == null) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "store, sku and start (the display's start date) are required.");
        }
        Measured m = measure(start, start, store).stream()
                .filter(x ->
                        x.display.sku().equals(sku) && x.display.startDate().equals(start))
                .findFirst()
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "No display of SKU " + sku + " in store " + store + " starting " + start
                                + " that you can see; GET /api/v1/planogram/displays lists them."));
        return new Series(m.display, m.points);
    }

    private record Measured(Display display, LiftMath.Estimate estimate, List<Point> points) {}

    private record Key(String store, String sku, LocalDate start) {}

    /** Any display of the chain (not only the caller's), used only to keep displaying stores out of a control. */
    private record AnyDisplay(String store, String sku, LocalDate start, LocalDate end) {}

    private static final class Input {
        LocalDate end;
        String type;
        String zone;
        String name;
        final Map<String, Map<LocalDate, double[]>> byStore = new HashMap<>();
    }

    private List<Measured> measure(LocalDate from, LocalDate to, String store) {
        models.ensureTables();
        int pre = settings.liftPreDays();
        Map<String, Object> p = new HashMap<>();
        p.put("from_date", Date.valueOf(from));
        p.put("to_date", Date.valueOf(to));
        p.put("pre_days", pre);
        p.put("store", store == null || store.isBlank() ? null : store.strip());
        String sql = PlanogramSql.file("lift.sql").replace("{scope}", PlanogramSql.scope("d.store_id", p));
        Map<Key, Input> inputs = new LinkedHashMap<>();
        planogram.reads().query(sql, p, (r, rowNum) -> {
            Key key = new Key(r.getString(1), r.getString(2), r.getDate(3).toLocalDate());
            Input in = inputs.computeIfAbsent(key, k -> new Input());
            in.end = r.getDate(4).toLocalDate();
            in.type = r.getString(5);
            in.zone = r.getString(6);
            in.name = r.getString(7);
            String salesStore = r.getString(8);
            if (salesStore != null) {
                double margin = r.getBigDecimal(11) == null
                        ? Double.NaN
                        : r.getBigDecimal(11).doubleValue();
                in.byStore
                        .computeIfAbsent(salesStore, s -> new HashMap<>())
                        .put(
                                r.getDate(9).toLocalDate(),
                                new double[] {r.getBigDecimal(10).doubleValue(), margin});
            }
            return null;
        });
        if (inputs.isEmpty()) {
            return List.of();
        }
        LocalDate[] data = planogram
                .reads()
                .one("SELECT MIN(business_date), MAX(business_date) FROM mart_sales_daily", Map.of(), (r, i) ->
                        new LocalDate[] {PlanogramService.date(r, 1), PlanogramService.date(r, 2)});
        List<AnyDisplay> others = jdbc.sql("SELECT store_id, sku, start_date, end_date FROM displays")
                .query((r, i) -> new AnyDisplay(
                        r.getString(1),
                        r.getString(2),
                        r.getDate(3).toLocalDate(),
                        r.getDate(4).toLocalDate()))
                .list();
        List<Measured> out = new ArrayList<>();
        inputs.forEach((key, in) -> out.add(measure(key, in, pre, data, others)));
        return out;
    }

    private Measured measure(Key key, Input in, int pre, LocalDate[] data, List<AnyDisplay> allDisplays) {
        LocalDate firstData = data[0];
        LocalDate lastData = data[1];
        List<LocalDate> preDays = days(key.start.minusDays(pre), key.start.minusDays(1), firstData, lastData);
        List<LocalDate> displayDays = days(key.start, in.end, firstData, lastData);
        LocalDate windowStart = key.start.minusDays(pre);
        // stores displaying the same SKU at any time in the window are not a control
        Set<String> displaying = new TreeSet<>();
        for (AnyDisplay o : allDisplays) {
            if (o.sku.equals(key.sku) && !o.start.isAfter(in.end) && !o.end.isBefore(windowStart)) {
                displaying.add(o.store);
            }
        }
        List<String> controls = new ArrayList<>();
        in.byStore.forEach((s, daily) -> {
            if (!s.equals(key.store)
                    && !displaying.contains(s)
                    && preDays.stream().anyMatch(d -> daily.containsKey(d) && daily.get(d)[0] > 0)) {
                controls.add(s);
            }
        });
        Map<LocalDate, double[]> test = in.byStore.getOrDefault(key.store, Map.of());
        double[] tp = series(test, preDays);
        double[] td = series(test, displayDays);
        double[] cp = controls.isEmpty() ? null : controlSeries(in, controls, preDays);
        double[] cd = controls.isEmpty() ? null : controlSeries(in, controls, displayDays);
        LiftMath.Estimate e = LiftMath.estimate(tp, td, cp, cd);
        double unitsInDisplay = LiftMath.sum(td);
        double marginInDisplay = 0;
        boolean costed = true;
        for (LocalDate d : displayDays) {
            double[] v = test.get(d);
            if (v != null) {
                costed &= !Double.isNaN(v[1]);
                marginInDisplay += Double.isNaN(v[1]) ? 0 : v[1];
            }
        }
        Double incrementalMargin = e.lift() == null || !costed || unitsInDisplay <= 0
                ? null
                : round(e.incremental() * marginInDisplay / unitsInDisplay, 2);
        Display display = new Display(
                key.store,
                key.sku,
                in.name,
                in.type,
                in.zone,
                key.start,
                in.end,
                preDays.size(),
                displayDays.size(),
                controls.size(),
                e.method(),
                round(e.displayUnits(), 3),
                round(e.baseline(), 3),
                pct(e.lift()),
                pct(e.low()),
                pct(e.high()),
                e.lift() == null ? null : round(e.incremental(), 1),
                incrementalMargin);
        List<Point> points = new ArrayList<>();
        double scale = cp == null || LiftMath.sum(cp) == 0 ? Double.NaN : LiftMath.sum(tp) / LiftMath.sum(cp);
        double prePerDay = preDays.isEmpty() ? Double.NaN : LiftMath.sum(tp) / preDays.size();
        addPoints(points, preDays, "pre", tp, cp, scale, prePerDay);
        addPoints(points, displayDays, "display", td, cd, scale, prePerDay);
        return new Measured(display, e, points);
    }

    private static void addPoints(
            List<Point> points,
            List<LocalDate> days,
            String period,
            double[] test,
            double[] control,
            double scale,
            double prePerDay) {
        for (int i = 0; i < days.size(); i++) {
            Double baseline = control != null && !Double.isNaN(scale)
                    ? round(control[i] * scale, 3)
                    : Double.isNaN(prePerDay) ? null : round(prePerDay, 3);
            points.add(new Point(days.get(i), period, test[i], baseline));
        }
    }

    private static List<LocalDate> days(LocalDate from, LocalDate to, LocalDate firstData, LocalDate lastData) {
        List<LocalDate> out = new ArrayList<>();
        if (firstData == null || lastData == null) {
            return out;
        }
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (!d.isBefore(firstData) && !d.isAfter(lastData)) {
                out.add(d);
            }
        }
        return out;
    }

    private static double[] series(Map<LocalDate, double[]> daily, List<LocalDate> days) {
        double[] out = new double[days.size()];
        for (int i = 0; i < out.length; i++) {
            double[] v = daily.get(days.get(i));
            out[i] = v == null ? 0 : v[0];
        }
        return out;
    }

    private static double[] controlSeries(Input in, List<String> controls, List<LocalDate> days) {
        double[] out = new double[days.size()];
        for (String s : controls) {
            double[] one = series(in.byStore.get(s), days);
            for (int i = 0; i < out.length; i++) {
                out[i] += one[i] / controls.size();
            }
        }
        return out;
    }

    private static List<Rollup> rollups(List<Measured> measured, Function<Measured, String> by) {
        Map<String, List<Measured>> groups = new LinkedHashMap<>();
        measured.forEach(
                m -> groups.computeIfAbsent(by.apply(m) == null ? "(none)" : by.apply(m), g -> new ArrayList<>())
                        .add(m));
        return groups.entrySet().stream()
                .map(e -> rollup(e.getKey(), e.getValue()))
                .toList();
    }

    private static Rollup rollup(String value, List<Measured> group) {
        if (group.isEmpty()) {
            return null;
        }
        double[] pooled = LiftMath.pooled(group.stream().map(Measured::estimate).toList());
        double incremental = group.stream()
                .filter(m -> m.display.incrementalUnits() != null)
                .mapToDouble(m -> m.display.incrementalUnits())
                .sum();
        boolean allCosted = group.stream()
                .allMatch(m -> m.display.incrementalMargin() != null || m.display.incrementalUnits() == null);
        Double margin = allCosted
                ? round(
                        group.stream()
                                .filter(m -> m.display.incrementalMargin() != null)
                                .mapToDouble(m -> m.display.incrementalMargin())
                                .sum(),
                        2)
                : null;
        return new Rollup(
                value,
                group.size(),
                pooled == null ? null : pct(pooled[0]),
                pooled == null ? null : pct(pooled[1]),
                pooled == null ? null : pct(pooled[2]),
                round(incremental, 1),
                margin);
    }

    private static Double pct(Double lift) {
        return lift == null ? null : round(100 * (lift - 1), 1);
    }

    private static double round(double v, int places) {
        return PlanogramService.round(v, places);
    }
}
