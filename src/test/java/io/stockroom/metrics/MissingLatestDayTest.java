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
 * 9 AM: the morning run of yesterday found no sales file from any store. The dashboards end their ranges on yesterday
 * and mark it, instead of ending on the day before as if that were the latest and calling the range complete.
 */
class MissingLatestDayTest {

    /** The last day whose sales arrived. */
    private static final LocalDate D = LocalDate.of(2026, 3, 9);

    /** Yesterday at 9 AM: its run found every store's sales missing. */
    private static final LocalDate YESTERDAY = D.plusDays(1);

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
            rows.add(aSale().atStore("S2").storeLevel().on(day).value(200.00).transactions(20));
        }
        fx.add(rows.toArray(RetailFixture.Row[]::new));
        for (String store : List.of("S1", "S2")) {
            fx.execute(
                    "INSERT INTO feed_arrivals (business_date, dataset, store_id, status, why_expected, checked_at)"
                            + " VALUES (?, 'sales', ?, 'missing', 'seen on 4 of the last 4 Tuesdays', ?)",
                    Date.valueOf(YESTERDAY),
                    store,
                    Timestamp.valueOf(YESTERDAY.plusDays(1).atTime(5, 30)));
        }
        runner.rebuildAll();
        metrics = TestMetrics.over(w.warehouse, new Marts(w.warehouse, runner));
        arrivals = new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "area", null, Actor.authorities(Set.of(Role.EXECUTIVE), Set.of(), Set.of())));
    }

    @AfterEach
    void close() {
        SecurityContextHolder.clearContext();
        w.close();
    }

    @Test
    void theRangeEndsOnTheDayWhoseSalesDidNotArriveAndSaysSo() {
        KpiReport report = metrics.kpi(new DashboardFilter("last_7_days", null, null, null, null, null, null, null));

        assertThat(report.range().to()).isEqualTo(YESTERDAY);
        assertThat(report.rangeCheck().complete()).isFalse();
        ExpectedArrivals.Marks marks =
                arrivals.marks(report.range().from(), report.range().to(), List.of("sales"), null, null);
        assertThat(marks.complete()).isFalse();
        assertThat(marks.incompleteDays()).singleElement().satisfies(day -> {
            assertThat(day.date()).isEqualTo(YESTERDAY);
            assertThat(day.absent()).containsExactly("sales");
        });
        // the Stores page opens on the latest day: yesterday, with its banner, not the day before
        assertThat(metrics.filters().dateRange().max()).isEqualTo(YESTERDAY);
    }
}
