package io.stockroom.metrics;

import static java.util.Objects.requireNonNull;

import io.stockroom.metrics.DashboardFilter.Period;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A retail (4-5-4, 4-4-5 or 5-4-4) fiscal calendar as the NRF publishes it: weeks run Sunday to Saturday, the fiscal
 * year ends on the Saturday nearest the last day of the month before {@code startMonth}, so a year has 52 weeks or,
 * about every six years, 53. The 53rd week goes to the year's last month (4-5-4 → 4-5-5 in the last quarter).
 * Fiscal year N is the one that starts in (or a few days before) {@code startMonth} of calendar year N: with the
 * NRF default (February), fiscal 2023 ran from 29 January 2023 to 3 February 2024 and had 53 weeks.
 */
public final class RetailCalendar {

    /** The weeks of the three months of each quarter. */
    public enum Pattern {
        P454(4, 5, 4),
        P445(4, 4, 5),
        P544(5, 4, 4);

        private final int[] weeks;

        Pattern(int... weeks) {
            this.weeks = weeks;
        }

        /** "4-5-4", "445" or "5_4_4". */
        static Pattern parse(String value) {
            String digits = value == null ? "" : value.replaceAll("[^0-9]", "");
            for (Pattern p : values()) {
                if (p.name().substring(1).equals(digits)) {
                    return p;
                }
            }
            throw new IllegalArgumentException(
                    "stockroom.metrics.calendar.pattern must be 4-5-4, 4-4-5 or 5-4-4, got '" + value + "'");
        }

        public String label() {
            return weeks[0] + "-" + weeks[1] + "-" + weeks[2];
        }
    }

    /** One fiscal year: its number, first and last day. */
    public record FiscalYear(int year, LocalDate start, LocalDate end) {
        public int weeks() {
            return (int) ((ChronoUnit.DAYS.between(start, end) + 1) / 7);
        }
    }

    /** Where a date sits: fiscal year, quarter (1-4), month (1-12), week of year (1-53), and the periods around it. */
    public record Position(
            FiscalYear year, int quarter, int month, int week, Period monthPeriod, Period quarterPeriod) {}

    private final Pattern pattern;
    private final Month startMonth;

    public RetailCalendar(Pattern pattern, Month startMonth) {
        this.pattern = requireNonNull(pattern, "pattern is null");
        this.startMonth = requireNonNull(startMonth, "startMonth is null");
    }

    /** The NRF calendar: 4-5-4, starting in February. */
    public static RetailCalendar nrf() {
        return new RetailCalendar(Pattern.P454, Month.FEBRUARY);
    }

    static RetailCalendar of(String pattern, Month startMonth) {
        return new RetailCalendar(Pattern.parse(pattern), startMonth);
    }

    public Pattern pattern() {
        return pattern;
    }

    public Month startMonth() {
        return startMonth;
    }

    /** Fiscal year {@code year}: from the Sunday after the previous year's end to the Saturday nearest its own end. */
    public FiscalYear year(int year) {
        return new FiscalYear(year, endOfYear(year - 1).plusDays(1), endOfYear(year));
    }

    public FiscalYear yearOf(LocalDate date) {
        int y = date.getYear();
        FiscalYear fy = year(y);
        if (date.isBefore(fy.start())) {
            return year(y - 1);
        }
        if (date.isAfter(fy.end())) {
            return year(y + 1);
        }
        return fy;
    }

    public Position position(LocalDate date) {
        FiscalYear fy = yearOf(date);
        int week = (int) (ChronoUnit.DAYS.between(fy.start(), date) / 7) + 1;
        int weeksBefore = 0;
        for (int m = 1; m <= 12; m++) {
            int weeks = weeksIn(fy, m);
            if (week <= weeksBefore + weeks || m == 12) {
                LocalDate monthStart = fy.start().plusWeeks(weeksBefore);
                Period month =
                        new Period(monthStart, monthStart.plusWeeks(weeks).minusDays(1));
                int quarter = (m - 1) / 3 + 1;
                LocalDate quarterStart = fy.start().plusWeeks(weeksBeforeMonth(fy, (quarter - 1) * 3 + 1));
                LocalDate quarterEnd = fy.start()
                        .plusWeeks(weeksBeforeMonth(fy, quarter * 3) + weeksIn(fy, quarter * 3))
                        .minusDays(1);
                return new Position(fy, quarter, m, week, month, new Period(quarterStart, quarterEnd));
            }
            weeksBefore += weeks;
        }
        throw new IllegalStateException("unreachable: " + date);
    }

    /** The Sunday that starts the fiscal week of {@code date}. */
    public LocalDate weekStart(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
    }

    /** "FY2023 W05" */
    public String weekLabel(LocalDate date) {
        Position p = position(date);
        return String.format(Locale.ROOT, "FY%d W%02d", p.year().year(), p.week());
    }

    /** "FY2023 P01 Feb": the fiscal period with the calendar month it mostly covers. */
    public String monthLabel(LocalDate date) {
        Position p = position(date);
        Month named = startMonth.plus(p.month() - 1L);
        return String.format(
                Locale.ROOT,
                "FY%d P%02d %s",
                p.year().year(),
                p.month(),
                named.getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
    }

    /** Weeks in fiscal month {@code month} (1-12) of {@code fy}: the pattern, plus the 53rd week in the last month. */
    int weeksIn(FiscalYear fy, int month) {
        int weeks = pattern.weeks[(month - 1) % 3];
        return month == 12 && fy.weeks() == 53 ? weeks + 1 : weeks;
    }

    private int weeksBeforeMonth(FiscalYear fy, int month) {
        int weeks = 0;
        for (int m = 1; m < month; m++) {
            weeks += weeksIn(fy, m);
        }
        return weeks;
    }

    /** The Saturday nearest the last day of the month before the start month, in the calendar year fiscal year {@code year} ends. */
    private LocalDate endOfYear(int year) {
        YearMonth lastMonth = startMonth == Month.JANUARY
                ? YearMonth.of(year, Month.DECEMBER)
                : YearMonth.of(year + 1, startMonth.minus(1));
        LocalDate last = lastMonth.atEndOfMonth();
        LocalDate before = last.with(TemporalAdjusters.previousOrSame(DayOfWeek.SATURDAY));
        LocalDate after = last.with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
        return ChronoUnit.DAYS.between(before, last) <= ChronoUnit.DAYS.between(last, after) ? before : after;
    }
}
