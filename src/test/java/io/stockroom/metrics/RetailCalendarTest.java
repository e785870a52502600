package io.stockroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.metrics.DashboardFilter.Period;
import io.stockroom.metrics.RetailCalendar.Position;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the NRF 4-5-4 calendar as published (nrf.com/resources/4-5-4-calendar). */
class RetailCalendarTest {

    private final RetailCalendar nrf = RetailCalendar.nrf();

    @Test
    void fiscal2023HadFiftyThreeWeeksAndItsJanuaryFive() {
        RetailCalendar.FiscalYear fy = nrf.year(2023);
        assertThat(fy.start()).isEqualTo(LocalDate.of(2023, 1, 29));
        assertThat(fy.end()).isEqualTo(LocalDate.of(2024, 2, 3));
        assertThat(fy.weeks()).isEqualTo(53);
        // the published months of fiscal 2023
        List<Period> months = new ArrayList<>();
        for (LocalDate d = fy.start();
                !d.isAfter(fy.end());
                d = nrf.position(d).monthPeriod().to().plusDays(1)) {
            months.add(nrf.position(d).monthPeriod());
        }
        assertThat(months)
                .containsExactly(
                        new Period(LocalDate.of(2023, 1, 29), LocalDate.of(2023, 2, 25)),
                        new Period(LocalDate.of(2023, 2, 26), LocalDate.of(2023, 4, 1)),
                        new Period(LocalDate.of(2023, 4, 2), LocalDate.of(2023, 4, 29)),
                        new Period(LocalDate.of(2023, 4, 30), LocalDate.of(2023, 5, 27)),
                        new Period(LocalDate.of(2023, 5, 28), LocalDate.of(2023, 7, 1)),
                        new Period(LocalDate.of(2023, 7, 2), LocalDate.of(2023, 7, 29)),
                        new Period(LocalDate.of(2023, 7, 30), LocalDate.of(2023, 8, 26)),
                        new Period(LocalDate.of(2023, 8, 27), LocalDate.of(2023, 9, 30)),
                        new Period(LocalDate.of(2023, 10, 1), LocalDate.of(2023, 10, 28)),
                        new Period(LocalDate.of(2023, 10, 29), LocalDate.of(2023, 11, 25)),
                        new Period(LocalDate.of(2023, 11, 26), LocalDate.of(2023, 12, 30)),
                        new Period(LocalDate.of(2023, 12, 31), LocalDate.of(2024, 2, 3)));
        Position last = nrf.position(LocalDate.of(2024, 2, 3));
        assertThat(last.week()).isEqualTo(53);
        assertThat(last.month()).isEqualTo(12);
        assertThat(last.quarterPeriod()).isEqualTo(new Period(LocalDate.of(2023, 10, 29), LocalDate.of(2024, 2, 3)));
        assertThat(nrf.weekLabel(LocalDate.of(2024, 2, 3))).isEqualTo("FY2023 W53");
        assertThat(nrf.monthLabel(LocalDate.of(2024, 1, 15))).isEqualTo("FY2023 P12 Jan");
    }

    @Test
    void neighbouringYearsHaveFiftyTwoWeeks() {
        assertThat(nrf.year(2022).start()).isEqualTo(LocalDate.of(2022, 1, 30));
        assertThat(nrf.year(2022).weeks()).isEqualTo(52);
        assertThat(nrf.year(2024).start()).isEqualTo(LocalDate.of(2024, 2, 4));
        assertThat(nrf.year(2024).end()).isEqualTo(LocalDate.of(2025, 2, 1));
        assertThat(nrf.year(2024).weeks()).isEqualTo(52);
        assertThat(nrf.year(2017).weeks()).isEqualTo(53); // ended 3 February 2018
        // a date in January belongs to the fiscal year that started the February before
        assertThat(nrf.yearOf(LocalDate.of(2024, 1, 10)).year()).isEqualTo(2023);
        assertThat(nrf.yearOf(LocalDate.of(2024, 2, 4)).year()).isEqualTo(2024);
        assertThat(nrf.position(LocalDate.of(2024, 2, 4)).week()).isEqualTo(1);
        assertThat(nrf.weekStart(LocalDate.of(2024, 2, 7))).isEqualTo(LocalDate.of(2024, 2, 4));
    }

    @Test
    void otherPatternsAndStartMonthsMoveTheMonthEnds() {
        RetailCalendar c445 = new RetailCalendar(RetailCalendar.Pattern.P445, Month.FEBRUARY);
        // 4-4-5: fiscal 2024's first quarter is 4 + 4 + 5 weeks, 4 Feb .. 4 May 2024
        Position p = c445.position(LocalDate.of(2024, 4, 10));
        assertThat(p.month()).isEqualTo(3);
        assertThat(p.monthPeriod()).isEqualTo(new Period(LocalDate.of(2024, 3, 31), LocalDate.of(2024, 5, 4)));
        assertThat(p.quarterPeriod()).isEqualTo(new Period(LocalDate.of(2024, 2, 4), LocalDate.of(2024, 5, 4)));
        RetailCalendar c544 = RetailCalendar.of("5-4-4", Month.FEBRUARY);
        assertThat(c544.position(LocalDate.of(2024, 3, 9)).monthPeriod())
                .isEqualTo(new Period(LocalDate.of(2024, 2, 4), LocalDate.of(2024, 3, 9)));
        // a January start: the year ends on the Saturday nearest 31 December (2022: Saturday 31 December itself)
        RetailCalendar jan = new RetailCalendar(RetailCalendar.Pattern.P454, Month.JANUARY);
        assertThat(jan.year(2023).start()).isEqualTo(LocalDate.of(2023, 1, 1));
        assertThat(jan.year(2023).end()).isEqualTo(LocalDate.of(2023, 12, 30));
        assertThat(jan.monthLabel(LocalDate.of(2023, 1, 5))).isEqualTo("FY2023 P01 Jan");
        assertThatThrownBy(() -> RetailCalendar.of("4-4-4", Month.FEBRUARY))
                .hasMessageContaining("4-5-4, 4-4-5 or 5-4-4");
    }
}
