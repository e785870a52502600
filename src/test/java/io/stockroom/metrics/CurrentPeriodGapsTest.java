package io.stockroom.metrics;

import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestEngine;
import io.stockroom.TestWarehouse;
import io.stockroom.model.ModelRunner;
import io.stockroom.security.Actor;
import io.stockroom.security.Role;
import io.stockroom.testdata.RetailFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A period that itself lacks store-days (one store's sales missing on a day the other store has its own, or a day
 * whose sales failed for every store) marks its changes exactly as a gap in the comparison period does: not
 * comparable, and the range check counts the store-days and names them, rather than a red "down 50%" that is the
 * missing store.
 */
class CurrentPeriodGapsTest {

    /** The latest business date: S2's sales are missing on it, S1's arrived. */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    /** A day whose sales failed for both stores. */
    private static final LocalDate FAILED = D.minusDays(3);

    @TempDir
    Path dataDir;

    /** The four weeks of sales and their marts, built once for the class on DuckDB: each test reads a copy. */
    @TempDir
    static Path seeded;

    private TestWarehouse w;
    private MetricsService metrics;

    @BeforeAll
    static void seedOnce() {
        if (TestEngine.postgres()) {
            return; // the warehouse is a schema of its own, not a file in the data directory: each test seeds it
        }
        try (TestWarehouse first = new TestWarehouse(seeded)) {
            seed(first);
        }
    }

    @BeforeEach
    void open() throws IOException {
        if (TestEngine.postgres()) {
            w = new TestWarehouse(dataDir);
            seed(w);
        } else {
            TestWarehouse.copyDataDir(seeded, dataDir);
            w = new TestWarehouse(dataDir);
        }
        metrics = TestMetrics.over(w.warehouse, new Marts(w.warehouse, new ModelRunner(w.warehouse)));
    }

    /** S1's and S2's store-level sales of the 28 days to D, but S2's of D and both stores' of FAILED; the marts built. */
    private static void seed(TestWarehouse w) {
        RetailFixture fx = new RetailFixture(w.warehouse);
        LocalDate opened = LocalDate.of(2020, 1, 1);
        List<RetailFixture.Row> rows = new ArrayList<>(List.of(
                aStore("S1").inArea("North").openedOn(opened),
                aStore("S2").inArea("North").openedOn(opened)));
        for (int i = 0; i < 28; i++) {
            LocalDate day = D.minusDays(i);
            if (day.equals(FAILED)) {
                continue;
            }
            rows.add(aSale().atStore("S1").storeLevel().on(day).value(100.00).transactions(10));
            if (!day.equals(D)) {
                rows.add(
                        aSale().atStore("S2").storeLevel().on(day).value(100.00).transactions(10));
            }
        }
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        new ModelRunner(w.warehouse).rebuildAll();
    }

    @AfterEach
    void close() {
        SecurityContextHolder.clearContext();
        w.close();
    }

    @Test
    void aDayMissingOneStoresSalesIsNotALikeForLikeDrop() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        KpiReport report = metrics.kpi(day(D, null));

        // 100.00 against 200.00: the -50 % is S2's missing day
        assertThat(report.kpis().netSales().changePct()).isEqualByComparingTo("-50.0");
        assertThat(report.comparisonCheck().complete()).isTrue();
        assertThat(report.rangeCheck().complete()).isFalse();
        assertThat(report.rangeCheck().daysWithSales()).isEqualTo(1);
        assertThat(report.rangeCheck().storeDaysMissing()).isEqualTo(1);
        // "store S2 on ...": a numeric store id (Rossmann's 100) never reads as a count of store-days
        assertThat(report.rangeCheck().note()).contains("store S2 on " + D);
        assertThat(List.of(
                        report.kpis().netSales(),
                        report.kpis().units(),
                        report.kpis().transactions(),
                        report.kpis().aov(),
                        report.kpis().returns()))
                .allSatisfy(k -> assertThat(k.comparable()).isFalse());
    }

    /** S2 opened in 2020: its comp sales are not available because its sales of the day are missing, not its age. */
    @Test
    void compSalesOfAStoreWithoutItsSalesSaysTheyAreMissing() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        KpiReport report = metrics.kpi(day(D, "S2"));

        assertThat(report.comp().stores()).isZero();
        assertThat(report.kpis().compSales().value()).isNull();
        assertThat(report.kpis().compSales().note())
                .startsWith("Not available")
                .contains("S2")
                .contains("no sales loaded in this period")
                .doesNotContain("no store was open");
    }

    @Test
    void anAreaManagerSeesTheGapOfTheirArea() {
        signInArea("am", "North");
        KpiReport report = metrics.kpi(custom(D, D, "North", "last_week"));

        assertThat(report.rangeCheck().storeDaysMissing()).isEqualTo(1);
        assertThat(report.kpis().netSales().comparable()).isFalse();
    }

    @Test
    void aStoreWhoseOwnDayIsWholeStaysComparable() {
        signIn("gm", Role.STORE_GM, Set.of("S1"));
        KpiReport report = metrics.kpi(day(D, null));

        assertThat(report.rangeCheck().complete()).isTrue();
        assertThat(report.rangeCheck().storeDaysMissing()).isZero();
        assertThat(report.kpis().netSales().comparable()).isTrue();
        assertThat(report.kpis().netSales().changePct()).isEqualByComparingTo("0");
    }

    @Test
    void aWeekWithADayFailedForEveryStoreIsNotComparable() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        KpiReport report = metrics.kpi(custom(FAILED.minusDays(3), FAILED.plusDays(2), null, "previous_period"));

        assertThat(report.comparisonCheck().complete()).isTrue();
        assertThat(report.rangeCheck().complete()).isFalse();
        assertThat(report.rangeCheck().daysWithSales()).isEqualTo(5);
        assertThat(report.rangeCheck().storeDaysMissing()).isEqualTo(2);
        assertThat(report.rangeCheck().note()).contains(FAILED.toString());
        assertThat(report.kpis().netSales().comparable()).isFalse();
    }

    @Test
    void twoWholePeriodsAreComparable() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        KpiReport report = metrics.kpi(custom(D.minusDays(13), D.minusDays(7), null, "previous_period"));

        assertThat(report.rangeCheck().complete()).isTrue();
        assertThat(report.comparisonCheck().complete()).isTrue();
        assertThat(report.kpis().netSales().comparable()).isTrue();
    }

    /** The week of the failed day sums 6 days of sales: its point says so, and that its comparison week is whole. */
    @Test
    void aTrendWeekWithAFailedDayIsMarkedIncomplete() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        // Monday 2026-03-02 to Sunday 2026-03-08, against the week before
        Trend trend = metrics.trend(custom(D.minusDays(7), D.minusDays(1), null, "previous_period"), "week");

        assertThat(trend.points()).singleElement().satisfies(p -> {
            assertThat(p.days()).isEqualTo(7);
            assertThat(p.daysWithSales()).isEqualTo(6);
            assertThat(p.storeDaysMissing()).isEqualTo(2);
            assertThat(p.complete()).isFalse();
            assertThat(p.previousDaysWithSales()).isEqualTo(7);
            assertThat(p.previousComplete()).isTrue();
        });
    }

    /** A day with one store's sales missing: its point is not complete though the day has sales. */
    @Test
    void aTrendDayMissingOneStoreIsMarkedIncomplete() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        Trend trend = metrics.trend(custom(D.minusDays(1), D, null, "last_week"), "day");

        assertThat(trend.points()).extracting(Trend.Point::complete).containsExactly(true, false);
        assertThat(trend.points().get(1).daysWithSales()).isEqualTo(1);
        assertThat(trend.points().get(1).storeDaysMissing()).isEqualTo(1);
    }

    /** The history starts on Tuesday 2026-02-10: the week of 2026-02-16 is compared with 6 days, and says so. */
    @Test
    void aComparisonWeekCutByTheStartOfTheHistoryIsMarked() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        Trend trend = metrics.trend(custom(D.minusDays(21), D.minusDays(15), null, "previous_period"), "week");

        assertThat(trend.points()).singleElement().satisfies(p -> {
            assertThat(p.complete()).isTrue();
            assertThat(p.daysWithSales()).isEqualTo(7);
            assertThat(p.previousDaysWithSales()).isEqualTo(6);
            assertThat(p.previousStoreDaysMissing()).isZero();
            assertThat(p.previousComplete()).isFalse();
            assertThat(p.previousNetSales()).isEqualByComparingTo("1200.00");
        });
    }

    private static DashboardFilter day(LocalDate day, String store) {
        return new DashboardFilter("custom", day, day, store, null, null, null, "last_week");
    }

    private static DashboardFilter custom(LocalDate from, LocalDate to, String area, String compare) {
        return new DashboardFilter("custom", from, to, null, area, null, null, compare);
    }

    private static void signInArea(String name, String area) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        name, null, Actor.authorities(Set.of(Role.AREA_MANAGER), Set.of(), Set.of(area))));
    }

    private static void signIn(String name, Role role, Set<String> stores) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        name, null, Actor.authorities(Set.of(role), stores, Set.of())));
    }
}
