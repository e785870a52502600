package io.stockroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.StockroomException;
import io.stockroom.metrics.DashboardFilter.Period;
import io.stockroom.metrics.DashboardFilter.Resolved;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Range presets and comparisons resolve against the latest business date with sales, not today. */
class DashboardFilterTest {

    private static final LocalDate LATEST = LocalDate.of(2026, 5, 14); // a Thursday

    private static Resolved resolve(String range, LocalDate from, LocalDate to, String compare) {
        return new DashboardFilter(range, from, to, null, null, null, null, compare).resolve(LATEST);
    }

    @Test
    void presetsEndOnTheLatestBusinessDate() {
        assertThat(resolve(null, null, null, null).period()).isEqualTo(new Period(LATEST.minusDays(29), LATEST));
        assertThat(resolve("last_7_days", null, null, null).period())
                .isEqualTo(new Period(LATEST.minusDays(6), LATEST));
        assertThat(resolve("LAST_90_DAYS", null, null, null).period())
                .isEqualTo(new Period(LATEST.minusDays(89), LATEST));
        assertThat(resolve("this_quarter", null, null, null).period())
                .isEqualTo(new Period(LocalDate.of(2026, 4, 1), LATEST));
    }

    @Test
    void comparisonsAreThePeriodBeforeTheSameDaysLastWeekOrTheSameWeekdaysLastYear() {
        Resolved week = resolve("last_7_days", null, null, null);
        assertThat(week.comparison()).isEqualTo(new Period(LATEST.minusDays(13), LATEST.minusDays(7)));
        assertThat(resolve("last_30_days", null, null, "last_week").comparison())
                .isEqualTo(new Period(LATEST.minusDays(36), LATEST.minusDays(7)));
        Period lastYear = resolve("last_7_days", null, null, "last_year").comparison();
        assertThat(lastYear).isEqualTo(new Period(LATEST.minusDays(370), LATEST.minusDays(364)));
        assertThat(lastYear.to().getDayOfWeek()).isEqualTo(LATEST.getDayOfWeek());
    }

    @Test
    void previousPeriodsEndOnTheSameWeekday() {
        Period thirty = resolve("last_30_days", null, null, null).comparison();
        assertThat(thirty).isEqualTo(new Period(LATEST.minusDays(29 + 35), LATEST.minusDays(35)));
        assertThat(thirty.to().getDayOfWeek()).isEqualTo(LATEST.getDayOfWeek());
    }

    @Test
    void toDateRangesOnTheGregorianAndTheFiscalCalendar() {
        // LATEST is Thursday 14 May 2026; NRF fiscal 2026 starts Sunday 1 February 2026, its May (P04) on 3 May
        assertThat(resolve("mtd", null, null, null).period()).isEqualTo(new Period(LocalDate.of(2026, 5, 1), LATEST));
        assertThat(resolve("qtd", null, null, null).period()).isEqualTo(new Period(LocalDate.of(2026, 4, 1), LATEST));
        assertThat(resolve("ytd", null, null, null).period()).isEqualTo(new Period(LocalDate.of(2026, 1, 1), LATEST));
        assertThat(resolve("fiscal_wtd", null, null, null).period())
                .isEqualTo(new Period(LocalDate.of(2026, 5, 10), LATEST));
        assertThat(resolve("fiscal_mtd", null, null, null).period())
                .isEqualTo(new Period(LocalDate.of(2026, 5, 3), LATEST));
        assertThat(resolve("fiscal_qtd", null, null, null).period())
                .isEqualTo(new Period(LocalDate.of(2026, 5, 3), LATEST));
        assertThat(resolve("fiscal_ytd", null, null, null).period())
                .isEqualTo(new Period(LocalDate.of(2026, 2, 1), LATEST));
    }

    @Test
    void customRangesNeedBothDatesInOrder() {
        LocalDate from = LocalDate.of(2026, 3, 1);
        LocalDate to = LocalDate.of(2026, 3, 31);
        assertThat(resolve("custom", from, to, null).period()).isEqualTo(new Period(from, to));
        // 31 days compare with the 31 days five whole weeks earlier, so each day meets the same weekday
        Period previous = resolve(null, from, to, null).comparison();
        assertThat(previous).isEqualTo(new Period(LocalDate.of(2026, 1, 25), LocalDate.of(2026, 2, 24)));
        assertThat(previous.from().getDayOfWeek()).isEqualTo(from.getDayOfWeek());
        assertThatThrownBy(() -> resolve("custom", null, to, null))
                .isInstanceOf(StockroomException.class)
                .hasMessageStartingWith("Parameter 'from' is required with range=custom");
        assertThatThrownBy(() -> resolve("custom", to, from, null))
                .hasMessageStartingWith("Parameter 'from' (2026-03-31) is after 'to'");
        assertThatThrownBy(() -> resolve("custom", from, from.plusYears(4), null))
                .hasMessageStartingWith("Parameter 'to' makes the range longer");
        assertThatThrownBy(() -> resolve("yesterday", null, null, null))
                .hasMessage(
                        "Parameter 'range' must be one of last_7_days, last_30_days, last_90_days, this_quarter, mtd, qtd, ytd, "
                                + "fiscal_wtd, fiscal_mtd, fiscal_qtd, fiscal_ytd, custom; got 'yesterday'.");
    }
}
