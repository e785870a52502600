package io.stockroom.metrics;

import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static io.stockroom.testdata.RetailFixture.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.model.ModelRunner;
import io.stockroom.security.Actor;
import io.stockroom.security.Role;
import io.stockroom.testdata.RetailFixture;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A day no sales feed was expected for (a shop that does not trade on Saturdays, a store closed on Sundays, a day a
 * rule of the expected-feeds calendar takes off) is not a missing day: the months of such a shop are whole and its
 * changes like-for-like. A day the feed was expected and did not come is still missing.
 */
class NonTradingDaysTest {

    /**
     * The history: 2025-12-01 (a Monday) to 2026-03-09. Its first week has no same weekday behind it to learn the days
     * a store trades from, so nothing is excused in it; the comparison of February (4 to 31 January) is well after.
     */
    private static final LocalDate FIRST = LocalDate.of(2025, 12, 1);

    private static final LocalDate LAST = LocalDate.of(2026, 3, 9);

    /** February 2026: 4 Saturdays, 4 Sundays. */
    private static final LocalDate FEB_1 = LocalDate.of(2026, 2, 1);

    private static final LocalDate FEB_28 = LocalDate.of(2026, 2, 28);

    /** A Wednesday. */
    private static final LocalDate NO_ORDERS = LocalDate.of(2026, 2, 18);

    /** A Tuesday. */
    private static final LocalDate S2_MISSING = LocalDate.of(2026, 2, 17);

    @TempDir
    Path dataDir;

    private TestWarehouse w;
    private ModelRunner runner;
    private MetricsService metrics;
    private ExpectedArrivals arrivals;

    @BeforeEach
    void open() {
        w = new TestWarehouse(dataDir);
        runner = new ModelRunner(w.warehouse);
        arrivals = new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
        metrics = new MetricsService(new Marts(w.warehouse, runner), MetricsProperties.defaults(), arrivals);
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "exec", null, Actor.authorities(Set.of(Role.EXECUTIVE), Set.of(), Set.of())));
    }

    @AfterEach
    void close() {
        SecurityContextHolder.clearContext();
        w.close();
    }

    /** An online shop (UCI Online Retail's) that takes no orders on Saturdays. */
    private void onlineShopWithoutSaturdays(Predicate<LocalDate> alsoWithout) {
        List<RetailFixture.Row> rows = new ArrayList<>();
        int n = 0;
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && !alsoWithout.test(d)) {
                rows.add(anOrder("O" + n++).on(d).quantity(1).price(10.00));
            }
        }
        new RetailFixture(w.warehouse).add(rows.toArray(RetailFixture.Row[]::new));
        runner.rebuildAll();
    }

    @Test
    void aShopThatDoesNotTradeOnSaturdaysHasWholeMonths() {
        onlineShopWithoutSaturdays(d -> false);

        KpiReport report = metrics.kpi(february("previous_period"));

        assertThat(report.rangeCheck().complete())
                .as(String.valueOf(report.rangeCheck()))
                .isTrue();
        assertThat(report.rangeCheck().daysWithSales()).isEqualTo(24);
        assertThat(report.rangeCheck().daysNotExpected()).isEqualTo(4);
        assertThat(report.comparisonCheck().complete())
                .as(String.valueOf(report.comparisonCheck()))
                .isTrue();
        assertThat(report.kpis().netSales().comparable()).isTrue();

        Trend weeks = metrics.trend(february("previous_period"), "week");
        assertThat(weeks.points())
                .allSatisfy(p -> assertThat(p.complete()).as(String.valueOf(p)).isTrue());
    }

    @Test
    void aWeekdayWithoutTheExpectedOrdersIsStillMissing() {
        onlineShopWithoutSaturdays(NO_ORDERS::equals);

        KpiReport report = metrics.kpi(february("previous_period"));

        assertThat(report.rangeCheck().complete()).isFalse();
        assertThat(report.rangeCheck().daysWithSales()).isEqualTo(23);
        assertThat(report.rangeCheck().daysNotExpected()).isEqualTo(4);
        assertThat(report.rangeCheck().note())
                .contains("No store has sales loaded on " + NO_ORDERS + ".")
                .doesNotContain("2026-02-07");
        assertThat(report.kpis().netSales().comparable()).isFalse();
        Trend days = metrics.trend(february("previous_period"), "day");
        assertThat(days.points())
                .filteredOn(p -> !p.complete())
                .extracting(Trend.Point::period)
                .containsExactly(NO_ORDERS);
    }

    /** S2 never opens on Sundays: its Sundays are not missing store-days; its Tuesday without sales is. */
    @Test
    void aStoreClosedOnSundaysMissesNoSundays() {
        storesS1DailyS2NotOnSundays();

        KpiReport report = metrics.kpi(february("previous_period"));

        assertThat(report.rangeCheck().storeDaysMissing()).isEqualTo(1);
        assertThat(report.rangeCheck().note())
                .contains("store S2 on " + S2_MISSING)
                .doesNotContain("2026-02-01");
        assertThat(report.comparisonCheck().complete())
                .as(String.valueOf(report.comparisonCheck()))
                .isTrue();
    }

    /** A rule of the expected-feeds calendar (S2 closed for a refit that Tuesday) takes the day off too. */
    @Test
    void aDayARuleTakesOffIsNotMissing() {
        storesS1DailyS2NotOnSundays();
        arrivals.setRule(new ExpectedArrivals.Rule("sales", "S2", S2_MISSING.toString(), false, "refit"));

        KpiReport report = metrics.kpi(february("previous_period"));

        assertThat(report.rangeCheck().complete())
                .as(String.valueOf(report.rangeCheck()))
                .isTrue();
        assertThat(report.rangeCheck().storeDaysMissing()).isZero();
        assertThat(report.kpis().netSales().comparable()).isTrue();
    }

    private void storesS1DailyS2NotOnSundays() {
        List<RetailFixture.Row> rows = new ArrayList<>(List.of(
                aStore("S1").openedOn(LocalDate.of(2020, 1, 1)), aStore("S2").openedOn(LocalDate.of(2020, 1, 1))));
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            rows.add(aSale().atStore("S1").on(d).value(10.00));
            if (d.getDayOfWeek() != DayOfWeek.SUNDAY && !d.equals(S2_MISSING)) {
                rows.add(aSale().atStore("S2").on(d).value(20.00));
            }
        }
        new RetailFixture(w.warehouse).add(rows.toArray(RetailFixture.Row[]::new));
        runner.rebuildAll();
    }

    private static DashboardFilter february(String compare) {
        return new DashboardFilter("custom", FEB_1, FEB_28, null, null, null, null, compare);
    }
}
