package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestEngine;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored-state refresh (issue 14): folding in one day at a time gives the rows a refresh from the history gives,
 * a replayed or corrected day is counted once, and every pair is re-chosen within the week. 3 stores × 8 SKUs with 70
 * days of history before {@link #D0} (all inside the 112-day window for the days refreshed, so a refresh from the
 * history sees what the state saw): steady weekly sellers and slow movers, days a store reported nothing, days out of
 * stock. On DuckDB (or the engine {@code -Dstockroom.test.engine} names); {@link ForecastServicePostgresTest} runs the
 * same on PostgreSQL.
 */
@BesideTheOtherClasses
class ForecastServiceTest {

    static final LocalDate D0 = LocalDate.of(2026, 3, 5);
    static final List<Method> SAME_AS_A_RERUN =
            List.of(Method.MOVING_AVERAGE, Method.SEASONAL_NAIVE, Method.CROSTON, Method.SBA);

    @TempDir
    Path dir;

    private final List<Warehouse> opened = new ArrayList<>();

    /** A new, empty warehouse on the engine under test. */
    StockroomProperties.Warehouse engine() {
        return TestEngine.newWarehouse(new StockroomProperties.Warehouse("duckdb", "1GB", 2));
    }

    @AfterEach
    void close() {
        opened.forEach(Warehouse::close);
    }

    private Warehouse chain(int correctedExtra) {
        Warehouse w = new Warehouse(dir.resolve("w" + opened.size()), engine());
        opened.add(w);
        SplittableRandom rnd = new SplittableRandom(11);
        w.inTransaction(c -> {
            try (PreparedStatement sale = c.prepareStatement("INSERT INTO sales (store_id, sku, business_date, channel,"
                            + " units_sold, total_sales, is_return) VALUES (?, ?, ?, 'store', ?, ?, FALSE)");
                    PreparedStatement stock = c.prepareStatement("INSERT INTO inventory (store_id, sku, business_date,"
                            + " on_hand, on_order, reserved) VALUES (?, ?, ?, 0, 0, 0)");
                    PreparedStatement product = c.prepareStatement(
                            "INSERT INTO products (sku, name, category, department, unit_cost, unit_price)"
                                    + " VALUES (?, ?, ?, 'Grocery', 1, 2)")) {
                for (int k = 1; k <= 8; k++) {
                    product.setString(1, sku(k));
                    product.setString(2, "Product " + k);
                    product.setString(3, k % 2 == 0 ? "Dairy" : "Snacks");
                    product.addBatch();
                }
                product.executeBatch();
                double[] weekday = {0.8, 0.9, 0.9, 1.0, 1.2, 1.5, 0.7};
                for (int day = -70; day <= 12; day++) {
                    LocalDate date = D0.plusDays(day);
                    for (int s = 1; s <= 3; s++) {
                        boolean reported = rnd.nextDouble() > 0.03; // else the store sent nothing that day
                        for (int k = 1; k <= 8; k++) {
                            double rate = k <= 4
                                    ? 3 + k * 2 * weekday[date.getDayOfWeek().ordinal()]
                                    : 0.15 * k - 0.6;
                            int units = rnd.nextDouble() < rate / (1 + rate) * (k <= 4 ? 1.9 : 1)
                                    ? 1 + rnd.nextInt((int) Math.ceil(rate) + 1)
                                    : 0;
                            boolean correction = correctedExtra > 0
                                    && store(s).equals("S2")
                                    && sku(k).equals(CORRECTED_SKU)
                                    && date.equals(CORRECTED_DAY);
                            units += correction ? correctedExtra : 0;
                            if (rnd.nextDouble() < 0.04) {
                                stock.setString(1, store(s));
                                stock.setString(2, sku(k));
                                stock.setDate(3, java.sql.Date.valueOf(date));
                                stock.addBatch();
                            }
                            // the store's day counts as reported through another pair's sale (k = 1 always sells)
                            if ((reported || correction) && (units > 0 || k == 1)) {
                                sale.setString(1, store(s));
                                sale.setString(2, sku(k));
                                sale.setDate(3, java.sql.Date.valueOf(date));
                                sale.setBigDecimal(4, BigDecimal.valueOf(units));
                                sale.setBigDecimal(5, BigDecimal.valueOf(units * 2L));
                                sale.addBatch();
                            }
                        }
                    }
                }
                sale.executeBatch();
                stock.executeBatch();
            }
            return null;
        });
        return w;
    }

    static final LocalDate CORRECTED_DAY = D0.plusDays(2);
    // S2/P03 is re-chosen on D0 + 7 (its day of the week): its choice is made before the corrected day in both chains
    static final String CORRECTED_SKU = "P03";

    private static String store(int s) {
        return "S" + s;
    }

    private static String sku(int k) {
        return String.format("P%02d", k);
    }

    private static ForecastService service(List<Method> candidates) {
        return new ForecastService(ForecastProperties.choosingInTheRun(true), candidates);
    }

    /** The rows of {@code demand_forecasts} for a day, by pair. */
    private static Map<String, List<Object>> rows(Warehouse w, LocalDate d) {
        Map<String, List<Object>> out = new TreeMap<>();
        w.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT store_id, sku, method, backtest_rmsse, chosen_on,"
                    + " history_days, cumulative, flat_rate, horizon_days FROM demand_forecasts WHERE as_of = ?")) {
                ps.setDate(1, java.sql.Date.valueOf(d));
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> values = new ArrayList<>();
                        for (int i = 3; i <= 6; i++) {
                            Object v = rs.getObject(i);
                            values.add(
                                    switch (v) {
                                        case Number n -> n.doubleValue();
                                        case java.sql.Date date -> date.toLocalDate();
                                        case null, default -> v;
                                    });
                        }
                        if (rs.getArray(7) == null) { // a flat forecast stored as its rate (V229)
                            values.add("flat");
                            values.add(rs.getDouble(8));
                            values.add(rs.getInt(9));
                        } else {
                            for (Object v : (Object[]) rs.getArray(7).getArray()) {
                                values.add(v == null ? null : Double.parseDouble(v.toString()));
                            }
                        }
                        out.put(rs.getString(1) + "/" + rs.getString(2), values);
                    }
                }
            }
            return null;
        });
        return out;
    }

    private static Map<LocalDate, ForecastService.Refresh> run(
            Warehouse w, ForecastService service, LocalDate first, LocalDate last, boolean fromHistory) {
        Map<LocalDate, ForecastService.Refresh> out = new LinkedHashMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            LocalDate day = d;
            out.put(d, w.inTransaction(c -> service.refresh(c, day, fromHistory)));
        }
        return out;
    }

    @Test
    void foldingInOneDayAtATimeGivesTheRowsOfARefreshFromTheHistory() {
        Warehouse daily = chain(0);
        Warehouse reference = chain(0);
        ForecastService service = service(SAME_AS_A_RERUN);
        Map<LocalDate, ForecastService.Refresh> runs = run(daily, service, D0, D0.plusDays(9), false);
        run(reference, service, D0, D0.plusDays(9), true);
        assertThat(runs.get(D0).chosen()).isEqualTo(24);
        assertThat(runs.get(D0.plusDays(1)).updated()).isGreaterThan(12); // most pairs only folded in the day
        Set<String> methods = new HashSet<>();
        for (LocalDate d = D0; !d.isAfter(D0.plusDays(9)); d = d.plusDays(1)) {
            Map<String, List<Object>> got = rows(daily, d);
            assertThat(got).as("pairs on %s", d).hasSize(24);
            assertThat(got).as("rows on %s", d).isEqualTo(rows(reference, d));
            got.values().forEach(r -> methods.add((String) r.get(0)));
        }
        assertThat(methods).as("the data gives the choice more than one method").hasSizeGreaterThan(1);
    }

    /**
     * Every method (Holt-Winters and TSB too, whose refresh from the history differs from their state): the states
     * are written only on the day they are started (chosen, new, replayed), the others fold in the days since then at
     * each refresh without being written back, and the rows are those of the refresh that wrote every state back
     * daily, bit for bit, over ten days (so across each pair's weekly re-choice).
     */
    @Test
    void writingOnlyTheStartedStatesGivesTheRowsOfRewritingEveryStateDaily() {
        Warehouse daily = chain(0);
        Warehouse reference = chain(0);
        List<Method> all = List.of(Method.values());
        Map<LocalDate, ForecastService.Refresh> runs = run(daily, service(all), D0, D0.plusDays(9), false);
        Map<LocalDate, ForecastService.Refresh> rewritten = run(
                reference,
                new ForecastService(ForecastProperties.choosingInTheRun(true), all, true),
                D0,
                D0.plusDays(9),
                false);
        Set<String> methods = new HashSet<>();
        for (LocalDate d = D0; !d.isAfter(D0.plusDays(9)); d = d.plusDays(1)) {
            Map<String, List<Object>> got = rows(daily, d);
            assertThat(got).as("pairs on %s", d).hasSize(24);
            assertThat(got).as("rows on %s", d).isEqualTo(rows(reference, d));
            got.values().forEach(r -> methods.add((String) r.get(0)));
            ForecastService.Refresh r = runs.get(d);
            assertThat(rewritten.get(d).statesWritten())
                    .as("states rewritten on %s", d)
                    .isEqualTo(24);
            assertThat(r.statesWritten())
                    .as("states written on %s: only those started", d)
                    .isEqualTo(r.chosen() + r.rebuilt());
        }
        assertThat(methods).as("the data gives the choice several methods").hasSizeGreaterThan(2);
        int written = runs.values().stream()
                .skip(1)
                .mapToInt(ForecastService.Refresh::statesWritten)
                .sum();
        assertThat(written).as("states written over the 9 days after the first").isLessThan(9 * 24 / 3);
    }

    /**
     * The weekly choice as its own step after the day's run ({@code choose-in-daily-run} false), every method: the daily
     * refresh applies the stored choices only, and the step after it chooses the same pairs on the same day from the
     * same window, so every row equals the refresh that chooses in the run except, on the day a pair is re-chosen, that
     * pair's row (written before the step: last week's choice). On the first day no pair has a choice yet: each gets the
     * 28-day moving average and says so ({@code awaiting_choice}); the step chooses all of them the same day.
     */
    @Test
    void theChoiceAsItsOwnStepGivesTheRowsOfTheChoiceInTheRunFromTheNextDay() {
        Warehouse inRun = chain(0);
        Warehouse separate = chain(0);
        List<Method> all = List.of(Method.values());
        Map<LocalDate, ForecastService.Refresh> runs = run(inRun, service(all), D0, D0.plusDays(9), false);
        ForecastService own = new ForecastService(new ForecastProperties(true, 112, 35, 4, 14, false), all);
        int compared = 0;
        for (LocalDate d = D0; !d.isAfter(D0.plusDays(9)); d = d.plusDays(1)) {
            LocalDate day = d;
            ForecastService.Refresh daily = separate.inTransaction(c -> own.refresh(c, day));
            assertThat(daily.chosen())
                    .as("chosen in the daily refresh of %s", d)
                    .isZero();
            assertThat(daily.pairs()).as("pairs forecast on %s", d).isEqualTo(24);
            ForecastService.Refresh step = separate.inTransaction(c -> own.choose(c, day));
            assertThat(step.chosen())
                    .as("chosen by the step after %s", d)
                    .isEqualTo(runs.get(d).chosen())
                    .isPositive();
            assertThat(step.pairs()).as("the step writes no rows").isZero();
            Map<String, List<Object>> expected = rows(inRun, d);
            Map<String, List<Object>> got = rows(separate, d);
            assertThat(got.keySet()).as("pairs on %s", d).isEqualTo(expected.keySet());
            for (Map.Entry<String, List<Object>> e : expected.entrySet()) {
                if (d.equals(e.getValue().get(2))) {
                    continue; // re-chosen in the run that day; the step chose it after the day's row
                }
                assertThat(got.get(e.getKey())).as("%s on %s", e.getKey(), d).isEqualTo(e.getValue());
                compared++;
            }
            assertThat(awaiting(separate, d))
                    .as("rows awaiting their choice on %s", d)
                    .isEqualTo(d.equals(D0) ? 24 : 0);
        }
        assertThat(compared).as("rows compared (not re-chosen that day)").isGreaterThan(9 * 24 * 5 / 7);
        assertThat(rows(separate, D0).values())
                .allSatisfy(r -> assertThat(r.getFirst()).isEqualTo(Method.MOVING_AVERAGE.name()));
    }

    /**
     * A refresh failing halfway through its forecast rows (the fault point {@code forecast.write}: the day's old rows
     * deleted, part of the new ones appended) leaves the forecasts and states of the days before exactly as they were,
     * every column to the bit; the day refreshed again gives the rows of a run that never failed.
     */
    @Test
    void aRefreshFailingHalfwayThroughItsRowsLeavesThePreviousDaysRowsAndStatesAsTheyWere() {
        Warehouse failing = chain(0);
        Warehouse reference = chain(0);
        List<Method> all = List.of(Method.values());
        ForecastService service = new ForecastService(new ForecastProperties(true, 112, 35, 4, 14, false), all);
        for (LocalDate d = D0; !d.isAfter(D0.plusDays(2)); d = d.plusDays(1)) {
            LocalDate day = d;
            for (Warehouse w : List.of(failing, reference)) {
                w.inTransaction(c -> service.refresh(c, day));
                w.inTransaction(c -> service.choose(c, day));
            }
        }
        List<String> forecasts = everyRow(failing, "demand_forecasts", null);
        List<String> states = everyRow(failing, "forecast_states", null);
        LocalDate next = D0.plusDays(3);
        System.setProperty("stockroom.fault.fail-at", "forecast.write");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> failing.inTransaction(c -> service.refresh(c, next)))
                    .hasStackTraceContaining("forecast.write");
        } finally {
            System.clearProperty("stockroom.fault.fail-at");
        }
        assertThat(everyRow(failing, "demand_forecasts", null)).isEqualTo(forecasts);
        assertThat(everyRow(failing, "forecast_states", null)).isEqualTo(states);
        assertThat(forecasts).hasSize(3 * 24);

        failing.inTransaction(c -> service.refresh(c, next));
        reference.inTransaction(c -> service.refresh(c, next));
        assertThat(everyRow(failing, "demand_forecasts", null))
                .isEqualTo(everyRow(reference, "demand_forecasts", null))
                .hasSize(4 * 24);
    }

    /**
     * Every row of {@code from} (a table and an optional {@code WHERE as_of = ?} for {@code d}), every column as text
     * (doubles in their shortest exact form, lists element by element, BLOBs byte by byte), sorted.
     */
    private static List<String> everyRow(Warehouse w, String from, LocalDate d) {
        return w.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + from)) {
                if (d != null) {
                    ps.setDate(1, java.sql.Date.valueOf(d));
                }
                try (var rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            row.append(rs.getMetaData().getColumnName(i)).append('=');
                            row.append(
                                    switch (v) {
                                        case java.sql.Array a -> java.util.Arrays.toString((Object[]) a.getArray());
                                        case byte[] b -> java.util.Arrays.toString(b);
                                        case java.sql.Blob b ->
                                            java.util.Arrays.toString(b.getBytes(1, (int) b.length()));
                                        case null -> "null";
                                        default -> v.toString();
                                    });
                            row.append(';');
                        }
                        out.add(row.toString());
                    }
                }
            }
            out.sort(null);
            return out;
        });
    }

    private static long awaiting(Warehouse w, LocalDate d) {
        return w.withConnection(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COUNT(*) FROM demand_forecasts WHERE as_of = ? AND awaiting_choice")) {
                ps.setDate(1, java.sql.Date.valueOf(d));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The states migration V172 kept (format 0, no packed state) are started again, their choices kept. */
    @Test
    void statesOfAnotherFormatAreStartedAgainFromTheHistoryWithTheirChoice() {
        Warehouse daily = chain(0);
        Warehouse reference = chain(0);
        ForecastService service = service(SAME_AS_A_RERUN);
        run(daily, service, D0, D0.plusDays(3), false);
        run(reference, service, D0, D0.plusDays(5), true);
        daily.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE forecast_states SET state_format = 0")) {
                assertThat(ps.executeUpdate()).isEqualTo(24);
            }
            return null;
        });
        Map<LocalDate, ForecastService.Refresh> after = run(daily, service, D0.plusDays(4), D0.plusDays(5), false);
        ForecastService.Refresh first = after.get(D0.plusDays(4));
        assertThat(first.updated()).isZero();
        assertThat(first.rebuilt()).isEqualTo(24 - first.chosen());
        assertThat(after.get(D0.plusDays(5)).updated()).isGreaterThan(12);
        for (LocalDate d = D0.plusDays(4); !d.isAfter(D0.plusDays(5)); d = d.plusDays(1)) {
            assertThat(rows(daily, d)).as("rows on %s", d).isEqualTo(rows(reference, d));
        }
    }

    /** V172 over states V170 wrote (a DOUBLE[] each): the choices are kept and the states started again. */
    @Test
    void theMigrationToPackedStatesKeepsTheChoicesOfTheStatesWrittenBefore() {
        Warehouse daily = chain(0);
        Warehouse reference = chain(0);
        ForecastService service = service(SAME_AS_A_RERUN);
        run(daily, service, D0, D0.plusDays(3), false);
        run(reference, service, D0, D0.plusDays(5), true);
        String engine = daily.dialect().name();
        daily.inTransaction(c -> {
            List<List<Object>> kept = new ArrayList<>();
            try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT store_id, sku, method, backtest_rmsse, chosen_on, rechoose_slot,"
                            + " state_through, history_days FROM forecast_states")) {
                while (rs.next()) {
                    kept.add(List.of(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4) == null ? Double.NaN : rs.getDouble(4),
                            rs.getDate(5).toLocalDate(),
                            rs.getInt(6),
                            rs.getDate(7).toLocalDate(),
                            rs.getInt(8)));
                }
                st.execute("DROP TABLE forecast_states");
                script(st, "db/migration/V170__forecast_states.sql");
            }
            List<String> columns = List.of(
                    "store_id",
                    "sku",
                    "method",
                    "backtest_rmsse",
                    "chosen_on",
                    "rechoose_slot",
                    "state",
                    "state_through",
                    "history_days");
            daily.dialect().loadRows(c, "forecast_states", columns, out -> {
                for (List<Object> r : kept) {
                    double rmsse = (Double) r.get(3);
                    out.text((String) r.get(0))
                            .text((String) r.get(1))
                            .text((String) r.get(2))
                            .number(Double.isNaN(rmsse) ? null : rmsse)
                            .date((LocalDate) r.get(4))
                            .integer((Integer) r.get(5))
                            .numbers(new double[] {1, 0, 0}) // V170's layout; its content is not read again
                            .date((LocalDate) r.get(6))
                            .integer((Integer) r.get(7))
                            .endRow();
                }
            });
            try (var st = c.createStatement()) {
                script(
                        st,
                        engine.equals("postgres")
                                ? "db/migration/postgres/V172__forecast_state_packed.sql"
                                : "db/migration/V172__forecast_state_packed.sql");
                script(st, "db/migration/V212__forecast_awaiting_choice.sql"); // the later migration of the table
            }
            return null;
        });
        Map<LocalDate, ForecastService.Refresh> after = run(daily, service, D0.plusDays(4), D0.plusDays(5), false);
        ForecastService.Refresh first = after.get(D0.plusDays(4));
        assertThat(first.chosen()).as("only the pairs due").isLessThan(24);
        assertThat(first.updated()).isZero();
        assertThat(first.rebuilt()).isEqualTo(24 - first.chosen());
        for (LocalDate d = D0.plusDays(4); !d.isAfter(D0.plusDays(5)); d = d.plusDays(1)) {
            assertThat(rows(daily, d)).as("rows on %s", d).isEqualTo(rows(reference, d));
        }
    }

    private static void script(java.sql.Statement st, String resource) throws java.sql.SQLException {
        String text;
        try (var in = ForecastServiceTest.class.getClassLoader().getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String statement : io.stockroom.warehouse.SqlScripts.split(text)) {
            st.execute(statement);
        }
    }

    @Test
    void eachPairIsReChosenOnceInTheWeekAndNotAllOnOneDay() {
        Warehouse w = chain(0);
        Map<LocalDate, ForecastService.Refresh> runs =
                run(w, service(List.of(Method.values())), D0, D0.plusDays(7), false);
        Map<String, Set<Object>> chosenOn = new HashMap<>();
        int total = 0;
        for (int k = 1; k <= 7; k++) {
            LocalDate d = D0.plusDays(k);
            assertThat(runs.get(d).chosen()).as("chosen on %s", d).isLessThan(24);
            total += runs.get(d).chosen();
            rows(w, d)
                    .forEach((pair, r) ->
                            chosenOn.computeIfAbsent(pair, p -> new HashSet<>()).add(r.get(2)));
        }
        assertThat(total).isEqualTo(24);
        // over days 1..7 each pair shows its first choice, then the one made on its own day of the week
        assertThat(chosenOn)
                .hasSize(24)
                .allSatisfy((pair, dates) -> assertThat(dates)
                        .as(pair)
                        .hasSizeBetween(1, 2)
                        .contains(D0.plusDays(7
                                - Math.floorMod(
                                        D0.toEpochDay()
                                                - ForecastService.rechooseSlot(pair.split("/")[0], pair.split("/")[1]),
                                        7))));
    }

    @Test
    void aReplayedDayGivesTheRowsOfItsFirstRunAndTheNextDaysGoOnAsWithoutIt() {
        Warehouse w = chain(0);
        Warehouse reference = chain(0);
        ForecastService service = service(SAME_AS_A_RERUN);
        run(w, service, D0, D0.plusDays(5), false);
        run(reference, service, D0, D0.plusDays(7), false);
        Map<String, List<Object>> first = rows(w, D0.plusDays(3));
        ForecastService.Refresh replay = w.inTransaction(c -> service.refresh(c, D0.plusDays(3)));
        assertThat(replay.chosen()).isZero(); // the choices of the day's rows are kept
        assertThat(rows(w, D0.plusDays(3))).isEqualTo(first);
        // today again: the states started today are started again; the others, not written back today, fold in their
        // days once more (the rows below are the first run's)
        ForecastService.Refresh again = w.inTransaction(c -> service.refresh(c, D0.plusDays(5)));
        assertThat(again.statesWritten()).isEqualTo(again.chosen() + again.rebuilt());
        run(w, service, D0.plusDays(6), D0.plusDays(7), false);
        for (LocalDate d = D0.plusDays(5); !d.isAfter(D0.plusDays(7)); d = d.plusDays(1)) {
            assertThat(rows(w, d)).as("rows on %s", d).isEqualTo(rows(reference, d));
        }
    }

    @Test
    void aCorrectedDayReplayedLateIsCountedOnceAsCorrected() {
        Warehouse w = chain(0);
        Warehouse corrected = chain(40); // the same chain with the correction loaded from the start
        ForecastService service = service(SAME_AS_A_RERUN);
        run(w, service, D0, D0.plusDays(5), false);
        w.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sales (store_id, sku, business_date, channel,"
                    + " units_sold, total_sales, is_return) VALUES ('S2', ?, ?, 'store', 40, 80, FALSE)")) {
                ps.setString(1, CORRECTED_SKU);
                ps.setDate(2, java.sql.Date.valueOf(CORRECTED_DAY));
                ps.executeUpdate();
            }
            return null;
        });
        w.inTransaction(c -> service.refresh(c, CORRECTED_DAY)); // the late correction's day replayed
        run(w, service, D0.plusDays(6), D0.plusDays(6), false);
        run(corrected, service, D0, D0.plusDays(6), true);
        String pair = "S2/" + CORRECTED_SKU;
        List<Object> got = rows(w, D0.plusDays(6)).get(pair);
        List<Object> want = rows(corrected, D0.plusDays(6)).get(pair);
        // the same choice in both (made before the corrected day or on the same data), so the same forecast
        assertThat(got.subList(0, 3)).isEqualTo(want.subList(0, 3));
        assertThat(got).isEqualTo(want);
        Warehouse uncorrected = chain(0);
        run(uncorrected, service, D0, D0.plusDays(6), false);
        assertThat(got)
                .as("the correction changes the forecast")
                .isNotEqualTo(rows(uncorrected, D0.plusDays(6)).get(pair));
    }
}
