package io.stockroom.arrivals;

import static io.stockroom.testdata.RetailFixture.aFeed;
import static io.stockroom.testdata.RetailFixture.aLabourDay;
import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static io.stockroom.testdata.RetailFixture.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.model.ModelRunner;
import io.stockroom.testdata.RetailFixture;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards' marks of the last days no run has checked yet, which compare each such day with the calendar when
 * the page asks (from the store-days the loads left, all days in one look-up): each day is marked as a run's check of
 * it would find it, store by store, feed by feed. A week of unchecked days, one thing wrong on each.
 */
class UncheckedDayMarksTest {

    /** The last day with data: a Monday. */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    /** S1's labour file did not come. */
    private static final LocalDate LABOUR_MISSING = D.minusDays(6);

    /** A run checked it and found everything (S3's sales rows were taken out since). */
    private static final LocalDate CHECKED = D.minusDays(5);

    /** No web orders. */
    private static final LocalDate NO_ORDERS = D.minusDays(4);

    /** S1's sales file failed and loaded nothing. */
    private static final LocalDate S1_FAILED = D.minusDays(3);

    /** S2's sales did not come; S4 opened and sent its first day. */
    private static final LocalDate S2_MISSING = D.minusDays(2);

    /** A Sunday: S3 does not trade on Sundays, so nothing is due from it. */
    private static final LocalDate SUNDAY = D.minusDays(1);

    /** Older than the days compared live: S2's sales missing, no run recorded it. */
    private static final LocalDate OLDER = D.minusDays(7);

    private static final List<String> DATASETS = List.of("sales", "labour", "orders");

    @TempDir
    Path dataDir;

    private TestWarehouse w;
    private ExpectedArrivals arrivals;

    @BeforeEach
    void seed() {
        assertThat(SUNDAY.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        w = new TestWarehouse(dataDir);
        RetailFixture fx = new RetailFixture(w.warehouse);
        LocalDate opened = LocalDate.of(2020, 1, 1);
        List<RetailFixture.Row> rows = new ArrayList<>(List.of(
                aStore("S1").openedOn(opened),
                aStore("S2").openedOn(opened),
                aStore("S3").openedOn(opened),
                aStore("S4").openedOn(S2_MISSING)));
        for (LocalDate day = D.minusDays(34); !day.isAfter(D); day = day.plusDays(1)) {
            for (String store : List.of("S1", "S2", "S3", "S4")) {
                boolean trades = !(store.equals("S3") && day.getDayOfWeek() == DayOfWeek.SUNDAY)
                        && !(store.equals("S4") && day.isBefore(S2_MISSING));
                boolean salesIn = trades
                        && !(store.equals("S1") && day.equals(S1_FAILED))
                        && !(store.equals("S2") && (day.equals(S2_MISSING) || day.equals(OLDER)))
                        && !(store.equals("S3") && day.equals(CHECKED))
                        && !(store.equals("S4") && day.equals(D));
                if (salesIn) {
                    rows.add(aSale().atStore(store).storeLevel().on(day).value(100.00));
                }
                if (trades && !(store.equals("S1") && day.equals(LABOUR_MISSING))) {
                    rows.add(aLabourDay().atStore(store).on(day));
                }
            }
            if (!day.equals(NO_ORDERS)) {
                rows.add(anOrder("W" + day).on(day));
            }
        }
        rows.add(aFeed("F-S1-sales").dataset("sales").on(S1_FAILED).failed());
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        for (String store : List.of("S1", "S2", "S3")) {
            fx.execute(
                    "INSERT INTO feed_arrivals (business_date, dataset, store_id, status, why_expected, checked_at)"
                            + " VALUES (?, 'sales', ?, 'arrived', 'seen on 4 of the last 4 Wednesdays', ?)",
                    Date.valueOf(CHECKED),
                    store,
                    Timestamp.valueOf(CHECKED.plusDays(1).atTime(5, 30)));
        }
        new ModelRunner(w.warehouse).rebuildAll();
        arrivals = new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void eachUncheckedDayIsMarkedWithWhatItLacks() {
        ExpectedArrivals.Marks marks = arrivals.marks(D.minusDays(13), D, DATASETS, null, null, D);

        assertThat(lines(marks))
                .containsExactly(
                        Map.entry(
                                LABOUR_MISSING,
                                List.of("labour not loaded yet for 1 of 3 stores" + notChecked(LABOUR_MISSING))),
                        Map.entry(NO_ORDERS, List.of("orders not loaded yet" + notChecked(NO_ORDERS))),
                        Map.entry(S1_FAILED, List.of("sales failed for 1 of 3 stores" + notChecked(S1_FAILED))),
                        // S4's opening day: due what the other stores are due
                        Map.entry(
                                S2_MISSING, List.of("sales not loaded yet for 1 of 4 stores" + notChecked(S2_MISSING))),
                        // S4 has sent its sales every day since it opened: due today too
                        Map.entry(D, List.of("sales not loaded yet for 1 of 4 stores" + notChecked(D))));
        assertThat(marks.incompleteDays())
                .allSatisfy(day -> assertThat(day.absent())
                        .as("what is loaded of an unchecked day is shown")
                        .isEmpty());
    }

    /** What a run's check would find on each of those days, from the fact tables themselves: the same. */
    @Test
    void theMarksAreWhatARunsCheckOfTheDayFinds() {
        Map<LocalDate, List<String>> byCheck = new LinkedHashMap<>();
        for (LocalDate day = D.minusDays(6); !day.isAfter(D); day = day.plusDays(1)) {
            if (day.equals(CHECKED)) {
                continue;
            }
            LocalDate d = day;
            List<String> incomplete = arrivals.status(day).incomplete().stream()
                    .map(a -> a.dataset() + " "
                            + (a.status() == Completeness.ArrivalStatus.FAILED ? "failed" : "not loaded yet")
                            + (a.missingStores().equals(List.of(ExpectedArrivals.ALL_STORES))
                                    ? ""
                                    : " for " + a.missingStores().size() + " of "
                                            + a.expectedStores().size() + " stores")
                            + notChecked(d))
                    .toList();
            if (!incomplete.isEmpty()) {
                byCheck.put(day, incomplete);
            }
        }

        assertThat(lines(arrivals.marks(D.minusDays(6), D, DATASETS, null, null, D)))
                .containsExactlyEntriesOf(byCheck);
    }

    /** A store's page sees its own store's gaps and the chain's web orders, not another store's missing file. */
    @Test
    void aStoresPageSeesItsOwnGapsOnly() {
        assertThat(lines(arrivals.marks(D.minusDays(13), D, DATASETS, "S1", null, D)))
                .containsExactly(
                        Map.entry(
                                LABOUR_MISSING,
                                List.of("labour not loaded yet for 1 of 1 stores" + notChecked(LABOUR_MISSING))),
                        Map.entry(NO_ORDERS, List.of("orders not loaded yet" + notChecked(NO_ORDERS))),
                        Map.entry(S1_FAILED, List.of("sales failed for 1 of 1 stores" + notChecked(S1_FAILED))));
        assertThat(lines(arrivals.marks(D.minusDays(13), D, List.of("sales"), "S3", null, D)))
                .as("S3 trades no Sundays and its checked day stands as the run recorded it")
                .isEmpty();
    }

    private static String notChecked(LocalDate d) {
        return " (no run has checked " + d + " yet)";
    }

    private static Map<LocalDate, List<String>> lines(ExpectedArrivals.Marks marks) {
        Map<LocalDate, List<String>> out = new LinkedHashMap<>();
        marks.incompleteDays().forEach(day -> out.put(day.date(), day.missing()));
        return out;
    }
}
