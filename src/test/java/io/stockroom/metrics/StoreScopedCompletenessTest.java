package io.stockroom.metrics;

import static io.stockroom.testdata.RetailFixture.aSale;
import static io.stockroom.testdata.RetailFixture.aStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.model.ModelRunner;
import io.stockroom.security.Actor;
import io.stockroom.security.Role;
import io.stockroom.testdata.RetailFixture;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A store GM's dashboard is marked incomplete for the gaps of their own stores only: another store's missing day
 * neither turns their comparison amber nor marks their trend, and the marks count the stores they can see.
 */
class StoreScopedCompletenessTest {

    /** The latest business date with sales; the last 7 days compare with the 7 before. */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    private static final LocalDate S2_MISSING = D.minusDays(10);

    @TempDir
    Path dataDir;

    private TestWarehouse w;
    private MetricsService metrics;
    private ExpectedArrivals arrivals;

    @BeforeEach
    void seed() {
        w = new TestWarehouse(dataDir);
        RetailFixture fx = new RetailFixture(w.warehouse);
        ModelRunner runner = new ModelRunner(w.warehouse);
        List<RetailFixture.Row> rows = new ArrayList<>(
                List.of(aStore("S1").inArea("North"), aStore("S2").inArea("South")));
        for (int i = 0; i < 14; i++) {
            LocalDate day = D.minusDays(i);
            rows.add(aSale().atStore("S1").storeLevel().on(day).value(100.00).transactions(10));
            if (!day.equals(S2_MISSING)) {
                rows.add(
                        aSale().atStore("S2").storeLevel().on(day).value(200.00).transactions(20));
            }
        }
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        // the run of that day found S2's sales feed missing and S1's arrived
        for (String[] arrival : new String[][] {{"S1", "arrived"}, {"S2", "missing"}}) {
            fx.execute(
                    "INSERT INTO feed_arrivals (business_date, dataset, store_id, status, why_expected, checked_at)"
                            + " VALUES (?, 'sales', ?, ?, 'seen on 4 of the last 4 Thursdays', ?)",
                    Date.valueOf(S2_MISSING),
                    arrival[0],
                    arrival[1],
                    Timestamp.valueOf(D.atStartOfDay()));
        }
        runner.rebuildAll();
        metrics = TestMetrics.over(w.warehouse, new Marts(w.warehouse, runner));
        arrivals = new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
    }

    @AfterEach
    void close() {
        SecurityContextHolder.clearContext();
        w.close();
    }

    @Test
    void anotherStoresMissingDayDoesNotMarkAStoreGmsDashboard() {
        signIn("gm", Role.STORE_GM, Set.of("S1"));
        KpiReport report = metrics.kpi(new DashboardFilter("last_7_days", null, null, null, null, null, null, null));

        assertThat(report.comparison().from()).isEqualTo(D.minusDays(13));
        assertThat(report.comparisonCheck().storeDaysMissing()).isZero();
        assertThat(report.comparisonCheck().complete()).isTrue();
        assertThat(report.kpis().netSales().comparable()).isTrue();
        assertThat(arrivals.marks(D.minusDays(13), D, List.of("sales"), null, null)
                        .complete())
                .isTrue();
    }

    /**
     * The channel split compares each channel with the same comparison period as the KPIs: when a store's sales are
     * missing there, it says so instead of showing the store channel's change as a plain gain.
     */
    @Test
    void theChannelSplitSaysItsComparisonPeriodIsIncomplete() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        ChannelSplit split =
                metrics.channels(new DashboardFilter("last_7_days", null, null, null, null, null, null, null));

        // 7 x 300.00 against 6 x 300.00 + 100.00: +10.5 %, of which S2's missing day is all
        assertThat(split.channels())
                .singleElement()
                .satisfies(c -> assertThat(c.changePct()).isEqualByComparingTo("10.5"));
        assertThat(split.comparisonCheck().complete()).isFalse();
        assertThat(split.comparisonCheck().note()).contains("1 store-day has no sales loaded");
        assertThat(split.rangeCheck().complete()).isTrue();
    }

    @Test
    void theChainSeesTheMissingDayAndTheStoresItCovers() {
        signIn("exec", Role.EXECUTIVE, Set.of());
        KpiReport report = metrics.kpi(new DashboardFilter("last_7_days", null, null, null, null, null, null, null));

        assertThat(report.comparisonCheck().storeDaysMissing()).isEqualTo(1);
        assertThat(report.comparisonCheck().complete()).isFalse();
        ExpectedArrivals.Marks marks = arrivals.marks(D.minusDays(13), D, List.of("sales"), null, null);
        assertThat(marks.incompleteDays()).singleElement().satisfies(day -> {
            assertThat(day.date()).isEqualTo(S2_MISSING);
            assertThat(day.missing()).containsExactly("sales partial for 1 of 2 stores");
        });
    }

    private static void signIn(String name, Role role, Set<String> stores) {
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        name, null, Actor.authorities(Set.of(role), stores, Set.of())));
    }
}
