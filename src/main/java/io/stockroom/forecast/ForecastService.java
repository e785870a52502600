package io.stockroom.forecast;

import static java.util.Objects.requireNonNull;

import io.stockroom.warehouse.BulkRows;
import io.stockroom.warehouse.Dialect;
import io.stockroom.warehouse.Sql;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Refreshes the day's forecasts in the warehouse ({@code demand_forecasts}): for every store × SKU with sales in the
 * history window, the method chosen by backtest, its backtest RMSSE and the cumulative forecast over the horizon.
 *
 * <p>Each pair's forecasting state is stored ({@code forecast_states}, {@link SeriesState#toBytes}). A pair due for
 * its weekly re-choice (each pair on its own day of the week, a stable hash of the pair, and at the latest 7 days after
 * the last choice), a new pair and a pair whose state already holds the day refreshed (a replay or a late correction)
 * read the history window and start a state from it; every other pair reads only the days since its state's last day
 * and folds them in ({@link SeriesState#update}), then forecasts from the state.
 *
 * <p>History: units sold per day (returns are not demand). A day whose snapshot shows the item out of stock (on
 * hand ≤ 0) is left out (demand was censored), and so is a day on which the store reported no sales at all (a missing
 * feed, or closed): neither is read as zero demand ({@link DailyHistory}).
 *
 * <p>Promotions ({@link PromotionCalendar}, the {@code promotions} table): a day in a promotion window of its store ×
 * SKU is left out of the baseline too, in the window read and in the days folded in; the uplift learned per pair and
 * weekday, shrunk toward the category ({@link Uplifts}, from the windows of the pairs with a promotion in the window
 * or the horizon), multiplies the forecast of the horizon's promotion days. With no promotion in the calendar the
 * rows are those of the refresh without it, to the bit.
 */
@Service
public final class ForecastService {

    private static final String PAIRS_TO_REBUILD = DailyHistory.sql("pairs_to_rebuild.sql");
    private static final String STATES_TO_RESTART = DailyHistory.sql("states_to_restart.sql");
    private static final String PROMOTED_PAIRS = DailyHistory.sql("promoted_pairs.sql");

    private final ForecastProperties settings;
    private final List<Method> candidates;
    private final boolean rewriteEveryState;
    private final boolean flatAsRate;

    @Autowired // the other constructors are the tests'
    public ForecastService(ForecastProperties settings) {
        this(settings, List.of(Method.values()));
    }

    /** With fewer candidate methods (tests of the methods whose state equals a re-run). */
    ForecastService(ForecastProperties settings, List<Method> candidates) {
        this(settings, candidates, false);
    }

    /**
     * With {@code rewriteEveryState} every pair's state is folded up to the day and written back daily, as the refresh
     * did before session 13: the tests' reference for the states written only when started.
     */
    ForecastService(ForecastProperties settings, List<Method> candidates, boolean rewriteEveryState) {
        this(settings, candidates, rewriteEveryState, true);
    }

    /**
     * With {@code flatAsRate} false every row stores its 35 cumulative values, as the refresh did before session 23:
     * the tests' reference for a flat forecast stored as its rate ({@link #flatRate}).
     */
    ForecastService(
            ForecastProperties settings, List<Method> candidates, boolean rewriteEveryState, boolean flatAsRate) {
        this.settings = requireNonNull(settings, "settings is null");
        this.candidates = List.copyOf(candidates);
        this.rewriteEveryState = rewriteEveryState;
        this.flatAsRate = flatAsRate;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Whether the weekly choice is its own step after the day's run ({@link #choose}), not part of the refresh. */
    public boolean choiceAfterRun() {
        return !settings.chooseInDailyRun();
    }

    /**
     * What a refresh did: the pairs forecast, how many had their method chosen anew, how many others were started
     * again from their history (a replay, a new state format) and how many folded in only the new days; the wall
     * milliseconds of the whole refresh and of each step, in order, and the process CPU milliseconds of each step (the
     * engine's own threads included, and whatever else the process ran meanwhile). {@code statesWritten}: the states
     * started and stored (the others stay as they were and fold in the days after their last day at each refresh).
     * {@code flatRows}: the rows stored as a flat forecast's rate instead of the cumulative values.
     */
    public record Refresh(
            LocalDate asOf,
            int pairs,
            int chosen,
            int rebuilt,
            int updated,
            int statesWritten,
            int flatRows,
            long millis,
            Map<String, Long> steps,
            Map<String, Long> cpuMillis) {

        public Refresh {
            steps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(steps));
            cpuMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpuMillis));
        }
    }

    /** Wall time and process CPU per step of a refresh. */
    private static final class Steps {
        private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final Map<String, Long> millis = new java.util.LinkedHashMap<>();
        private final Map<String, Long> cpuMillis = new java.util.LinkedHashMap<>();
        private long last = System.nanoTime();
        private long lastCpu = OS.getProcessCpuTime();

        void lap(String step) {
            long now = System.nanoTime();
            long cpu = OS.getProcessCpuTime();
            millis.merge(step, (now - last) / 1_000_000, Long::sum);
            cpuMillis.merge(step, (cpu - lastCpu) / 1_000_000, Long::sum);
            last = now;
            lastCpu = cpu;
        }
    }

    /**
     * Refreshes the forecasts as of {@code d} inside the caller's transaction; with {@code choose-in-daily-run} false
     * it applies the stored choices only and leaves the weekly choice to {@link #choose}.
     */
    public Refresh refresh(Connection c, LocalDate d) {
        return refresh(c, d, false, settings.chooseInDailyRun() ? Mode.DAILY_WITH_CHOICE : Mode.DAILY);
    }

    /**
     * The weekly choice as its own step, run after the day's refresh of {@code d}: the pairs due for their choice
     * (each on its own day of the week, at the latest a week after the last; every pair when run once a week) and the
     * pairs forecast by the moving average until their first choice read their window ending {@code d}, are chosen and
     * start their states from it. No forecast row is written: the next daily refresh folds the days after {@code d}
     * into the new states.
     */
    public Refresh choose(Connection c, LocalDate d) {
        io.stockroom.FaultPoint.reached("forecast.choose");
        return refresh(c, d, false, Mode.CHOOSE);
    }

    /** What a refresh does with the weekly choice. */
    enum Mode {
        /** The day's forecasts, re-making the choice of the pairs due (a seventh a day). */
        DAILY_WITH_CHOICE,
        /** The day's forecasts from the stored choices only; a pair without one gets the moving average. */
        DAILY,
        /** The choice of the pairs due, their states started; no forecast rows. */
        CHOOSE
    }

    /** The day a pair is re-chosen each week: epoch day mod 7 equal to this. */
    static int rechooseSlot(String store, String sku) {
        return Math.floorMod(DailyHistory.key(store, sku).hashCode(), 7);
    }

    /**
     * Whether a choice made on {@code chosenOn} is re-made on {@code d}: on the pair's own day of the week, and at the
     * latest a week after (a missed day). pairs_to_rebuild.sql is the same rule in SQL.
     */
    static boolean dueForChoice(LocalDate chosenOn, int slot, LocalDate d) {
        return !chosenOn.isAfter(d.minusDays(7)) || (chosenOn.isBefore(d) && slot == Math.floorMod(d.toEpochDay(), 7));
    }

    /** A pair's stored state (one row of {@code forecast_states}). */
    private record Stored(
            String key,
            Method method,
            Double rmsse,
            LocalDate chosenOn,
            int slot,
            int format,
            byte[] state,
            LocalDate through,
            int historyDays,
            boolean awaitingChoice) {

        Stored {
            requireNonNull(key, "key is null");
            requireNonNull(method, "method is null");
            requireNonNull(chosenOn, "chosenOn is null");
        }

        boolean currentFormat() {
            return format == STATE_FORMAT && state.length > 0;
        }
    }

    /** One pair's result: the row for the day (forecast null: no row) and the state to store (null: none). */
    private record Result(Stored row, Promoted forecast, Stored next) {}

    /**
     * A forecast from {@code d + 1} and the first promotion window in it with the mean uplift over its days in the
     * horizon (the line's explanation names them); {@code window} null when the horizon has no promotion day.
     */
    private record Promoted(double[] units, PromotionCalendar.Window window, Double uplift) {

        static Promoted of(double[] units) {
            return units == null ? null : new Promoted(units, null, null);
        }
    }

    /**
     * As {@link #refresh(Connection, LocalDate)}; with {@code fromHistory} every pair reads its history window and
     * starts its state again (its choice kept unless due): what the daily refresh did before the state was stored,
     * kept to test that folding in the new days gives the same forecasts.
     */
    Refresh refresh(Connection c, LocalDate d, boolean fromHistory) {
        return refresh(c, d, fromHistory, Mode.DAILY_WITH_CHOICE);
    }

    /** Whether {@code mode} re-makes the choice of the stored pair {@code s} as of {@code d}. */
    private static boolean due(Mode mode, Stored s, LocalDate d) {
        return mode != Mode.DAILY && (s.awaitingChoice() || dueForChoice(s.chosenOn(), s.slot(), d));
    }

    Refresh refresh(Connection c, LocalDate d, boolean fromHistory, Mode mode) {
        long started = System.nanoTime();
        Steps steps = new Steps();
        int n = settings.historyDays();
        LocalDate windowStart = d.minusDays(n - 1);
        Map<String, Stored> states = loadStates(c);
        steps.lap("read states");

        List<Stored> keep = new ArrayList<>();
        LocalDate to = d; // a replayed day's pairs also start their stored state again, up to its last day
        LocalDate lastRun = windowStart.minusDays(1);
        int restarted = 0;
        for (Stored s : states.values()) {
            lastRun = s.through().isAfter(lastRun) ? s.through() : lastRun;
            boolean replay = mode != Mode.CHOOSE && (!s.through().isBefore(d) || !s.currentFormat());
            if (fromHistory || replay || due(mode, s, d)) {
                restarted++;
                if (mode != Mode.CHOOSE) { // the weekly step starts every state it chooses on the window ending d
                    to = s.through().isAfter(to) ? s.through() : to;
                }
            } else if (mode != Mode.CHOOSE) {
                keep.add(s);
            }
        }
        if (!lastRun.isBefore(d)) {
            lastRun = d.minusDays(1); // a replay: a pair first sold on the day replayed is new
        }
        Map<String, Object> params = new HashMap<>();
        params.put("d", Sql.date(d));
        params.put("all_pairs", fromHistory ? 1 : 0);
        params.put("week_ago", Sql.date(d.minusDays(7)));
        params.put("slot", Math.floorMod(d.toEpochDay(), 7));
        params.put("format", STATE_FORMAT);
        params.put("last_run", Sql.date(lastRun));
        params.put("choose", mode == Mode.DAILY ? 0 : 1);
        params.put("restart", mode == Mode.CHOOSE ? 0 : 1);
        DailyHistory history = readWindows(c, windowStart, to, params);
        steps.lap("read history (new, due, replayed pairs)");
        LocalDate after =
                keep.stream().map(Stored::through).min(LocalDate::compareTo).orElse(d);
        DailyHistory recent = keep.isEmpty() ? null : DailyHistory.readByStore(c, after.plusDays(1), d);
        steps.lap("read new days (the other pairs)");
        int horizon = settings.horizonDays();
        Promotions promotions = promotions(c, windowStart, d, to, n, horizon);
        steps.lap("read promotions, learn uplifts");

        // the choice of each pair read from history: the rows already written for d (a replay), else the stored one
        // unless due, else chosen now
        Map<String, Stored> replayed = mode != Mode.CHOOSE
                        && states.values().stream().anyMatch(s -> !s.through().isBefore(d))
                ? rowsOf(c, d)
                : Map.of();
        List<String> rebuild = new ArrayList<>(history.units.keySet());
        rebuild.sort(null); // a stable order: the run's fallback method is a median over the series chosen together
        Map<String, Stored> choice = new HashMap<>();
        Map<String, Forecaster.Choice> chosenNow = new HashMap<>(); // with the Holt-Winters fit the state starts from
        List<Series> toChoose = new ArrayList<>();
        for (String key : rebuild) {
            if (!history.sold(key, windowStart, d)) {
                continue; // no sale in the window ending d: no forecast for d
            }
            Stored s = states.get(key);
            Stored row = replayed.get(key);
            if (row != null) {
                choice.put(key, row);
            } else if (s != null && (mode == Mode.DAILY || (!s.chosenOn().isAfter(d) && !due(mode, s, d)))) {
                choice.put(key, s);
            } else if (mode == Mode.DAILY) { // a new pair: the moving average until the weekly step chooses for it
                choice.put(
                        key,
                        new Stored(
                                key,
                                Method.MOVING_AVERAGE,
                                null,
                                d,
                                rechooseSlot(DailyHistory.store(key), DailyHistory.sku(key)),
                                0,
                                NO_STATE,
                                d,
                                0,
                                true));
            } else {
                toChoose.add(new Series(
                        key,
                        history.category.get(key),
                        history.observed(key, windowStart, d),
                        promotions.calendar().days(key, windowStart, n + horizon),
                        new boolean[n + horizon]));
            }
        }
        Forecaster forecaster = new Forecaster(candidates, settings.backtestFolds(), 7);
        int[] origins = new int[toChoose.size()];
        Arrays.fill(origins, n);
        List<Forecaster.Choice> choices =
                forecaster.chooseAll(toChoose, origins, settings.backtestHorizonDays(), promotions.uplifts());
        for (int j = 0; j < toChoose.size(); j++) {
            String key = toChoose.get(j).id();
            Forecaster.Choice ch = choices.get(j);
            chosenNow.put(key, ch);
            choice.put(
                    key,
                    new Stored(
                            key,
                            ch.method(),
                            Double.isNaN(ch.rmsse()) ? null : ch.rmsse(),
                            d,
                            rechooseSlot(DailyHistory.store(key), DailyHistory.sku(key)),
                            0,
                            new byte[0],
                            d,
                            0,
                            false));
        }

        steps.lap("choose");
        List<Result> results = new ArrayList<>(IntStream.range(0, rebuild.size())
                .parallel()
                .mapToObj(i -> fromHistory(
                        rebuild.get(i),
                        choice.get(rebuild.get(i)),
                        chosenNow.get(rebuild.get(i)),
                        mode == Mode.CHOOSE ? null : states.get(rebuild.get(i)), // the step starts states through d
                        history,
                        promotions,
                        d,
                        n,
                        horizon))
                .toList());
        steps.lap("start states from history, forecast");
        results.addAll(keep.parallelStream()
                .map(s -> folded(s, recent, promotions, d, n, horizon, rewriteEveryState))
                .toList());
        steps.lap("fold in new days, forecast");
        if (rewriteEveryState) {
            params.put("all_pairs", 1);
            restarted = states.size();
        }
        int[] flat = {0};
        int statesWritten = write(c, d, results, params, restarted, mode != Mode.CHOOSE, steps, flat);
        int pairs = mode == Mode.CHOOSE // the step writes no rows
                ? 0
                : (int) results.stream().filter(r -> r.forecast() != null).count();
        return new Refresh(
                d,
                pairs,
                toChoose.size(),
                mode == Mode.CHOOSE ? 0 : pairs - toChoose.size() - keep.size(),
                keep.size(),
                statesWritten,
                flat[0],
                (System.nanoTime() - started) / 1_000_000,
                steps.millis,
                steps.cpuMillis);
    }

    /**
     * The windows of the pairs pairs_to_rebuild.sql selects: read by name when they are few (a daily refresh's new
     * pairs, a weekly step's seventh at small chains), else joined with the query (day 1, a weekly step at scale).
     */
    private static DailyHistory readWindows(Connection c, LocalDate from, LocalDate to, Map<String, Object> params) {
        Set<String> keys = new HashSet<>();
        boolean[] many = {false};
        Sql.named(c).query(PAIRS_TO_REBUILD, params, (ResultSet rs) -> {
            if (!many[0]) {
                keys.add(DailyHistory.key(rs.getString(1), rs.getString(2)));
                many[0] = keys.size() > DailyHistory.LISTED_PAIRS;
            }
        });
        return many[0]
                ? DailyHistory.read(c, from, to, PAIRS_TO_REBUILD, params)
                : DailyHistory.read(c, from, to, keys);
    }

    /** The calendar of the days a refresh reads and forecasts, and the uplifts learned from it. */
    private record Promotions(PromotionCalendar calendar, Uplifts uplifts, Map<String, String> category) {

        /**
         * The pair's forecast from {@code d + 1} with the uplift of its weekday on each promotion day (the positions
         * of the window {@code d - n + 1 .. d} the uplifts were learned on, continued); {@code f} itself if none.
         */
        Promoted applied(String key, double[] f, LocalDate d, int n) {
            if (f == null || calendar.isEmpty()) {
                return Promoted.of(f);
            }
            boolean[] promo = calendar.days(key, d.plusDays(1), f.length);
            Uplift uplift = null;
            double[] out = f;
            for (int h = 0; h < f.length; h++) {
                if (promo[h]) {
                    if (uplift == null) {
                        uplift = uplifts.of(key, category.getOrDefault(key, ""));
                        out = f.clone();
                    }
                    out[h] = f[h] * uplift.on(n + h);
                }
            }
            if (uplift == null) {
                return Promoted.of(f);
            }
            PromotionCalendar.Window first =
                    calendar.windows(key, d.plusDays(1), d.plusDays(f.length)).getFirst();
            double sum = 0;
            int days = 0;
            for (LocalDate t = first.start(); !t.isAfter(first.end()); t = t.plusDays(1)) {
                int h = (int) (t.toEpochDay() - d.toEpochDay()) - 1;
                if (h >= 0 && h < f.length) {
                    sum += uplift.on(n + h);
                    days++;
                }
            }
            return new Promoted(out, first, sum / days);
        }
    }

    /**
     * The promotion windows overlapping the days read ({@code windowStart .. to}) and the horizon, and the uplifts
     * learned from the windows {@code windowStart .. d} of the pairs with a promotion in them or in the horizon (the
     * same pairs whether a pair keeps its state or starts it again). No promotion: no read, no uplift.
     */
    private static Promotions promotions(
            Connection c, LocalDate windowStart, LocalDate d, LocalDate to, int n, int horizon) {
        LocalDate through = (to.isAfter(d) ? to : d).plusDays(horizon);
        PromotionCalendar calendar = PromotionCalendar.read(c, windowStart, through);
        if (calendar.isEmpty()) {
            return new Promotions(calendar, Uplifts.NONE, Map.of());
        }
        DailyHistory promoted = DailyHistory.read(
                c, windowStart, d, PROMOTED_PAIRS, Map.of("promotions_to", Sql.date(d.plusDays(horizon))));
        List<String> keys = new ArrayList<>(promoted.units.keySet());
        keys.sort(null);
        List<Series> series = new ArrayList<>(keys.size());
        for (String key : keys) {
            series.add(new Series(
                    key,
                    promoted.category.get(key),
                    promoted.observed(key, windowStart, d),
                    calendar.days(key, windowStart, n),
                    new boolean[n]));
        }
        return new Promotions(calendar, Uplifts.learn(series, n), promoted.category);
    }

    /**
     * A pair read from its history: the day's row with {@code choice} (none when it did not sell in the window),
     * and the state to store — the same, or for a day replayed before the state's last day, a state started again
     * up to that last day with the stored choice (so a corrected day is counted once, as corrected). A pair chosen in
     * this run ({@code chosenNow}) starts its state from the choice's own Holt-Winters fit over the same window.
     */
    private static Result fromHistory(
            String key,
            Stored choice,
            Forecaster.Choice chosenNow,
            Stored stored,
            DailyHistory history,
            Promotions promotions,
            LocalDate d,
            int n,
            int horizon) {
        Stored row = null;
        Promoted forecast = null;
        Stored next = null;
        if (choice != null) {
            LocalDate first = d.minusDays(n - 1);
            double[] observed = history.observed(key, first, d); // promotion days count as history days
            double[] y = promotions.calendar().withoutPromotions(key, first, observed);
            SeriesState state =
                    chosenNow != null ? SeriesState.start(chosenNow, y) : SeriesState.start(choice.method(), y);
            forecast = promotions.applied(key, state.forecast(horizon), d, n);
            row = withState(choice, key, state, d, observed(observed));
            next = row;
        }
        if (stored != null && stored.through().isAfter(d)) {
            LocalDate last = stored.through();
            LocalDate first = last.minusDays(n - 1);
            next = null;
            if (history.sold(key, first, last)) {
                double[] observed = history.observed(key, first, last);
                double[] y = promotions.calendar().withoutPromotions(key, first, observed);
                next = withState(stored, key, SeriesState.start(stored.method(), y), last, observed(observed));
            }
        }
        return new Result(row, forecast, next);
    }

    /**
     * A pair that keeps its state: the days since its last day folded in, then the forecast from the state. The state
     * is not written back ({@code next} null, unless {@code rewrite}): the stored one, from the day the pair was last
     * chosen or started, takes the same days in the same order at the next refresh (at most a week of them, as the
     * choice is re-made weekly), so the forecast is the same to the bit, and the daily rewrite of every state was a
     * fifth of a daily refresh's CPU (docs/forecast.md, "Speed of the refresh").
     */
    private static Result folded(
            Stored s, DailyHistory recent, Promotions promotions, LocalDate d, int n, int horizon, boolean rewrite) {
        SeriesState state = SeriesState.fromBytes(s.state(), CHOICE_BYTES);
        LocalDate first = s.through().plusDays(1);
        double[] observed = recent.observed(s.key(), first, d);
        for (double v : promotions.calendar().withoutPromotions(s.key(), first, observed)) {
            state.update(v);
        }
        int days = s.historyDays() + observed(observed);
        // the row of a state not written back needs only the choice: packing its state was a sixth of the fold-in
        Stored row = rewrite
                ? withState(s, s.key(), state, d, days)
                : new Stored(
                        s.key(),
                        s.method(),
                        s.rmsse(),
                        s.chosenOn(),
                        s.slot(),
                        s.format(),
                        NO_STATE,
                        d,
                        days,
                        s.awaitingChoice());
        return new Result(row, promotions.applied(s.key(), state.forecast(horizon), d, n), rewrite ? row : null);
    }

    private static final byte[] NO_STATE = new byte[0];

    private static Stored withState(Stored choice, String key, SeriesState state, LocalDate through, int days) {
        int slot = rechooseSlot(DailyHistory.store(key), DailyHistory.sku(key));
        double[] a = state.toArray();
        ByteBuffer b =
                ByteBuffer.allocate(CHOICE_BYTES + a.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putDouble(choice.method().ordinal())
                .putDouble(choice.rmsse() == null ? Double.NaN : choice.rmsse())
                .putDouble(choice.chosenOn().toEpochDay())
                .putDouble(slot)
                .putDouble(through.toEpochDay())
                .putDouble(days)
                .putDouble(choice.awaitingChoice() ? 1 : 0);
        b.asDoubleBuffer().put(a);
        return new Stored(
                key,
                choice.method(),
                choice.rmsse(),
                choice.chosenOn(),
                slot,
                STATE_FORMAT,
                b.array(),
                through,
                days,
                choice.awaitingChoice());
    }

    /**
     * {@code forecast_states.state_format} of the states this version writes: the BLOB holds the row's choice first
     * ({@link #CHOICE_BYTES}: method, backtest RMSSE or NaN, day chosen, re-choice slot, last day folded in, observed
     * days, awaiting its choice 1/0, as doubles) and then {@link SeriesState#toBytes} of {@link SeriesState#FORMAT}.
     * The daily read takes the key and the BLOB only: the nine columns read one by one cost about as much again as
     * the key and the BLOB (docs/forecast.md, "Speed of the refresh"). The columns are still written, for the rules in
     * SQL (pairs_to_rebuild.sql, states_to_restart.sql) and for people reading the table.
     */
    static final int STATE_FORMAT = 1_000 + SeriesState.FORMAT;

    private static final int CHOICE_BYTES = 7 * Double.BYTES;

    /** A row {@link #withState} wrote, from its key and BLOB. */
    private static Stored unpacked(String key, byte[] state) {
        if (state.length < CHOICE_BYTES) {
            throw new IllegalStateException("the stored forecast state of " + key.replace('\u0000', '/') + " has "
                    + state.length + " bytes, fewer than its choice's " + CHOICE_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        Method method = Method.values()[(int) b.getDouble()];
        double rmsse = b.getDouble();
        LocalDate chosenOn = LocalDate.ofEpochDay((long) b.getDouble());
        int slot = (int) b.getDouble();
        LocalDate through = LocalDate.ofEpochDay((long) b.getDouble());
        int days = (int) b.getDouble();
        boolean awaiting = b.getDouble() != 0;
        return new Stored(
                key,
                method,
                Double.isNaN(rmsse) ? null : rmsse,
                chosenOn,
                slot,
                STATE_FORMAT,
                state,
                through,
                days,
                awaiting);
    }

    private static int observed(double[] y) {
        int n = 0;
        for (double v : y) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return n;
    }

    private static Map<String, Stored> loadStates(Connection c) {
        Map<String, Stored> out = new HashMap<>();
        Sql.on(c)
                .sql("SELECT store_id, sku, state FROM forecast_states WHERE state_format = ?")
                .param(STATE_FORMAT)
                .query((ResultSet rs) -> {
                    Stored stored = unpacked(DailyHistory.key(rs.getString(1), rs.getString(2)), rs.getBytes(3));
                    out.put(stored.key(), stored);
                });
        // states of another format (an older version's; V172's, with no state): their choice from the columns
        Sql.on(c).sql("""
                SELECT store_id, sku, method, backtest_rmsse, chosen_on, rechoose_slot, state_format, state, state_through,
                       history_days, COALESCE(awaiting_choice, FALSE)
                FROM forecast_states WHERE state_format <> ?""").param(STATE_FORMAT).query((ResultSet rs) -> {
            Stored stored = choice(
                    rs,
                    rs.getInt(6),
                    rs.getInt(7),
                    rs.getBytes(8),
                    rs.getObject(9, LocalDate.class),
                    rs.getInt(10),
                    rs.getBoolean(11));
            out.put(stored.key(), stored);
        });
        return out;
    }

    /** The choices of the rows already written for {@code d} (a replay keeps them). */
    private static Map<String, Stored> rowsOf(Connection c, LocalDate d) {
        Map<String, Stored> out = new HashMap<>();
        Sql.on(c)
                .sql("SELECT store_id, sku, method, backtest_rmsse, chosen_on, COALESCE(awaiting_choice, FALSE)"
                        + " FROM demand_forecasts WHERE as_of = ?")
                .param(Sql.date(d))
                .query((ResultSet rs) -> {
                    Stored stored = choice(rs, 0, 0, new byte[0], d, 0, rs.getBoolean(6));
                    out.put(stored.key(), stored);
                });
        return out;
    }

    /** A pair's choice from columns 1-5 (store_id, sku, method, backtest_rmsse, chosen_on), with the state given. */
    private static Stored choice(
            ResultSet rs, int slot, int format, byte[] state, LocalDate through, int historyDays, boolean awaiting)
            throws SQLException {
        String key = DailyHistory.key(rs.getString(1), rs.getString(2));
        double e = rs.getDouble(4);
        Double rmsse = rs.wasNull() ? null : e;
        return new Stored(
                key,
                Method.valueOf(rs.getString(3)),
                rmsse,
                rs.getObject(5, LocalDate.class),
                slot,
                format,
                state,
                through,
                historyDays,
                awaiting);
    }

    /**
     * Replaces the day's forecast rows and the states started in this refresh (deleted by the rule that chose them,
     * {@code states_to_restart.sql}, {@code restarted} of them), each as one bulk load ({@link Dialect#loadRows}:
     * DuckDB's appender, PostgreSQL's COPY): a JDBC batch of array casts cost ~1 ms a row on DuckDB. Returns the states
     * written; {@code flat[0]} gets the rows stored as a flat rate.
     */
    private int write(
            Connection c,
            LocalDate d,
            List<Result> results,
            Map<String, Object> params,
            int restarted,
            boolean forecasts,
            Steps steps,
            int[] flat) {
        if (forecasts) {
            flat[0] = writeForecasts(c, d, results);
            steps.lap("write forecasts");
        }
        int deleted = Sql.named(c).update(STATES_TO_RESTART, params);
        if (deleted != restarted) {
            throw new IllegalStateException("the refresh started " + restarted + " stored states again but " + deleted
                    + " match states_to_restart.sql: it and dueForChoice disagree");
        }
        Set<String> written = new HashSet<>(results.size() * 2);
        load(c, "forecast_states", STATE_COLUMNS, out -> {
            for (Result r : results) {
                Stored s = r.next();
                if (s == null) {
                    continue;
                }
                if (!written.add(s.key())) { // the table has no key to refuse it (V172)
                    throw new IllegalStateException("two states for " + s.key().replace('\u0000', '/')
                            + ": pairs_to_rebuild.sql and dueForChoice disagree");
                }
                out.text(DailyHistory.store(s.key()))
                        .text(DailyHistory.sku(s.key()))
                        .text(s.method().name())
                        .number(s.rmsse())
                        .date(s.chosenOn())
                        .integer(s.slot())
                        .integer(s.format())
                        .bytes(s.state())
                        .date(s.through())
                        .integer(s.historyDays())
                        .bool(s.awaitingChoice())
                        .endRow();
            }
        });
        steps.lap("write states");
        return written.size();
    }

    /**
     * The day's forecast rows, replacing those of {@code d} (and dropping those older than 14 days). A flat forecast
     * is stored as its rate ({@link #flatRate}) when the policy gets every cumulative value back from it bit for bit.
     * The fault point {@code forecast.write} is halfway through the rows (a failure with part of them appended).
     */
    private int writeForecasts(Connection c, LocalDate d, List<Result> results) {
        int[] flat = {0};
        Sql.on(c)
                .sql("DELETE FROM demand_forecasts WHERE as_of = ? OR as_of < ?")
                .param(Sql.date(d))
                .param(Sql.date(d.minusDays(14)))
                .update();
        load(c, "demand_forecasts", FORECAST_COLUMNS, out -> {
            int i = 0;
            for (Result r : results) {
                if (r.forecast() == null) {
                    continue;
                }
                if (i++ == results.size() / 2) { // halfway through the rows: the test of a write failing midway
                    io.stockroom.FaultPoint.reached("forecast.write");
                }
                Stored row = r.row();
                double[] f = r.forecast().units();
                double[] cumulative = new double[f.length];
                double sum = 0;
                for (int h = 0; h < cumulative.length; h++) {
                    sum += f[h];
                    cumulative[h] = Math.round(sum * 10_000) / 10_000.0;
                }
                PromotionCalendar.Window w = r.forecast().window();
                Double uplift = r.forecast().uplift();
                Double rate = flatAsRate ? flatRate(f, cumulative) : null;
                flat[0] += rate == null ? 0 : 1;
                out.date(d)
                        .text(DailyHistory.store(row.key()))
                        .text(DailyHistory.sku(row.key()))
                        .text(row.method().name())
                        .number(row.rmsse())
                        .date(row.chosenOn())
                        .integer(row.historyDays())
                        .numbers(rate == null ? cumulative : null)
                        .date(w == null ? null : w.start())
                        .date(w == null ? null : w.end())
                        .number(uplift == null ? null : Math.round(uplift * 1000) / 1000.0)
                        .bool(row.awaitingChoice())
                        .number(rate)
                        .integer(cumulative.length)
                        .endRow();
            }
        });
        return flat[0];
    }

    /**
     * The daily rate of a flat forecast {@code f} (the same units every day) when {@link #flatCumulative} gives back
     * every one of its {@code cumulative} values bit for bit, else null (the row keeps the list). With ~53 % of the
     * rows flat, the write of 200,000 rows measured alone took ~0.25-0.35 CPU-s less (docs/forecast.md).
     */
    static Double flatRate(double[] f, double[] cumulative) {
        double rate = f[0];
        for (int h = 0; h < f.length; h++) {
            if (Double.doubleToLongBits(f[h]) != Double.doubleToLongBits(rate)
                    || Double.doubleToLongBits(flatCumulative(rate, h + 1)) != Double.doubleToLongBits(cumulative[h])) {
                return null;
            }
        }
        return rate;
    }

    /**
     * The cumulative forecast over the {@code k} days after the row's day of a flat forecast stored as its rate, as
     * policy.sql computes it from {@code flat_rate}: {@code FLOOR(flat_rate * k * 10000 + 0.5) / 10000}, the same
     * IEEE operations in the same order on both engines.
     */
    static double flatCumulative(double rate, int k) {
        return Math.floor(rate * k * 10000 + 0.5) / 10000;
    }

    /** The tables' columns, in their order (the bulk load gives every column). */
    private static final List<String> FORECAST_COLUMNS = List.of(
            "as_of",
            "store_id",
            "sku",
            "method",
            "backtest_rmsse",
            "chosen_on",
            "history_days",
            "cumulative",
            "promo_start",
            "promo_end",
            "promo_uplift",
            "awaiting_choice",
            "flat_rate",
            "horizon_days");

    private static final List<String> STATE_COLUMNS = List.of(
            "store_id",
            "sku",
            "method",
            "backtest_rmsse",
            "chosen_on",
            "rechoose_slot",
            "state_format",
            "state",
            "state_through",
            "history_days",
            "awaiting_choice");

    private static void load(Connection c, String table, List<String> columns, BulkRows rows) {
        try {
            Dialect.of(c).loadRows(c, table, columns, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the rows of " + table + ": " + e.getMessage(), e);
        }
    }
}
