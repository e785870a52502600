package io.stockroom.metrics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The common dashboard filters of a request: raw values as received. {@link #resolve(LocalDate)} checks them and
 * turns the range preset into dates, relative to the latest business date with sales.
 *
 * @param range      last_7_days, last_30_days (default), last_90_days, this_quarter or custom
 * @param from       first day of a custom range
 * @param to         last day of a custom range
 * @param store      exact store id, or null
 * @param area       exact area, or null
 * @param department exact department, or null
 * @param category   exact category, or null
 * @param compare    previous_period (default), last_week or last_year
 */
public record DashboardFilter(String range, LocalDate from, LocalDate to, String store, String area, String department,
        String category, String compare) {

    /** The longest custom range, so one request cannot scan the whole history day by day forever. */
    static final int MAX_DAYS = 3 * 366;

    enum Preset { LAST_7_DAYS, LAST_30_DAYS, LAST_90_DAYS, THIS_QUARTER, CUSTOM }

    enum Comparison { PREVIOUS_PERIOD, LAST_WEEK, LAST_YEAR }

    /** A closed range of business dates. */
    public record Period(LocalDate from, LocalDate to) {
        public Period {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
        }

        long days() {
            return ChronoUnit.DAYS.between(from, to) + 1;
        }
    }

    /** The checked filters: the period, the one it is compared with, and the exact-match dimensions. */
    record Resolved(Period period, Period comparison, String store, String area, String department, String category) {

        /** Department or category filters only exist at SKU level, where store totals (transactions, labour) do not apply. */
        boolean byProduct() {
            return department != null || category != null;
        }

        long comparisonOffsetDays() {
            return ChronoUnit.DAYS.between(comparison.from(), period.from());
        }
    }

    /** Checks the filters and resolves the range against {@code latest}, the latest business date with sales. */
    Resolved resolve(LocalDate latest) {
        boolean datesGiven = from != null || to != null;
        Preset preset = Params.choice("range", range, Preset.class, datesGiven ? Preset.CUSTOM : Preset.LAST_30_DAYS);
        if (preset != Preset.CUSTOM && datesGiven) {
            throw Params.bad(from != null ? "from" : "to", "only applies to range=custom; drop it or set range=custom.");
        }
        Period period = switch (preset) {
            case LAST_7_DAYS -> new Period(latest.minusDays(6), latest);
            case LAST_30_DAYS -> new Period(latest.minusDays(29), latest);
            case LAST_90_DAYS -> new Period(latest.minusDays(89), latest);
            case THIS_QUARTER -> new Period(latest.withMonth((latest.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1), latest);
            case CUSTOM -> custom();
        };
        Comparison comparison = Params.choice("compare", compare, Comparison.class, Comparison.PREVIOUS_PERIOD);
        Period previous = switch (comparison) {
            case PREVIOUS_PERIOD -> new Period(period.from().minusDays(period.days()), period.from().minusDays(1));
            case LAST_WEEK -> new Period(period.from().minusDays(7), period.to().minusDays(7));
            case LAST_YEAR -> new Period(period.from().minusDays(364), period.to().minusDays(364));
        };
        return new Resolved(period, previous, Params.optional(store), Params.optional(area), Params.optional(department),
                Params.optional(category));
    }

    private Period custom() {
        if (from == null) {
            throw Params.bad("from", "is required with range=custom (an ISO date such as 2026-03-01).");
        }
        if (to == null) {
            throw Params.bad("to", "is required with range=custom (an ISO date such as 2026-03-31).");
        }
        if (from.isAfter(to)) {
            throw Params.bad("from", "(" + from + ") is after 'to' (" + to + "); swap them.");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw Params.bad("to", "makes the range longer than " + MAX_DAYS + " days; choose a shorter range.");
        }
        return new Period(from, to);
    }
}
