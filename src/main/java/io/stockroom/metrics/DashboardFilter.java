package io.stockroom.metrics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The common dashboard filters of a request: raw values as received. {@link #resolve(LocalDate)} checks them and
 * turns the range preset into dates, relative to the latest business date with sales.
 *
 * @param range      last_7_days, last_30_days (default), last_90_days, this_quarter, mtd, qtd, ytd, fiscal_wtd,
 *                   fiscal_mtd, fiscal_qtd, fiscal_ytd or custom; the *td ranges end on the latest business date
 * @param from       first day of a custom range
 * @param to         last day of a custom range
 * @param store      exact store id, or null
 * @param area       exact area, or null
 * @param department exact department, or null
 * @param category   exact category, or null
 * @param sku        exact SKU (the {@code product} or {@code sku} parameter), or null
 * @param channel    store, online, marketplace (any channel a feed names), or null for all
 * @param compare    previous_period (default), last_week or last_year
 */
public record DashboardFilter(
        String range,
        LocalDate from,
        LocalDate to,
        String store,
        String area,
        String department,
        String category,
        String sku,
        String channel,
        String compare) {

    /** Without SKU and channel filters. */
    public DashboardFilter(
            String range,
            LocalDate from,
            LocalDate to,
            String store,
            String area,
            String department,
            String category,
            String compare) {
        this(range, from, to, store, area, department, category, null, null, compare);
    }

    /** The longest custom range, so one request cannot scan the whole history day by day forever. */
    static final int MAX_DAYS = 3 * 366;

    enum Preset {
        LAST_7_DAYS,
        LAST_30_DAYS,
        LAST_90_DAYS,
        THIS_QUARTER,
        MTD,
        QTD,
        YTD,
        FISCAL_WTD,
        FISCAL_MTD,
        FISCAL_QTD,
        FISCAL_YTD,
        CUSTOM
    }

    enum Comparison {
        PREVIOUS_PERIOD,
        LAST_WEEK,
        LAST_YEAR
    }

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
    record Resolved(
            Period period,
            Period comparison,
            String store,
            String area,
            String department,
            String category,
            String sku,
            String channel) {

        /** Department, category or SKU filters only exist at SKU level, where store totals (transactions, labour) do not apply. */
        boolean byProduct() {
            return department != null || category != null || sku != null;
        }

        /** SKU and channel filters read the line-level mart (mart_sales_daily). */
        boolean byLine() {
            return sku != null || channel != null;
        }

        long comparisonOffsetDays() {
            return ChronoUnit.DAYS.between(comparison.from(), period.from());
        }
    }

    /** As {@link #resolve(LocalDate, RetailCalendar)} on the NRF 4-5-4 calendar. */
    Resolved resolve(LocalDate latest) {
        return resolve(latest, RetailCalendar.nrf());
    }

    /** Checks the filters and resolves the range against {@code latest}, the latest business date with sales. */
    Resolved resolve(LocalDate latest, RetailCalendar calendar) {
        boolean datesGiven = from != null || to != null;
        Preset preset = Params.choice("range", range, Preset.class, datesGiven ? Preset.CUSTOM : Preset.LAST_30_DAYS);
        if (preset != Preset.CUSTOM && datesGiven) {
            throw Params.bad(
                    from != null ? "from" : "to", "only applies to range=custom; drop it or set range=custom.");
        }
        Period period = switch (preset) {
            case LAST_7_DAYS -> new Period(latest.minusDays(6), latest);
            case LAST_30_DAYS -> new Period(latest.minusDays(29), latest);
            case LAST_90_DAYS -> new Period(latest.minusDays(89), latest);
            case THIS_QUARTER, QTD ->
                new Period(
                        latest.withMonth((latest.getMonthValue() - 1) / 3 * 3 + 1)
                                .withDayOfMonth(1),
                        latest);
            case MTD -> new Period(latest.withDayOfMonth(1), latest);
            case YTD -> new Period(latest.withDayOfYear(1), latest);
            case FISCAL_WTD -> new Period(calendar.weekStart(latest), latest);
            case FISCAL_MTD ->
                new Period(calendar.position(latest).monthPeriod().from(), latest);
            case FISCAL_QTD ->
                new Period(calendar.position(latest).quarterPeriod().from(), latest);
            case FISCAL_YTD -> new Period(calendar.yearOf(latest).start(), latest);
            case CUSTOM -> custom();
        };
        Comparison comparison = Params.choice("compare", compare, Comparison.class, Comparison.PREVIOUS_PERIOD);
        Period previous = switch (comparison) {
            // as many days, ending on the same weekday: whole weeks back, so Mondays line up with Mondays
            case PREVIOUS_PERIOD -> {
                long back = (period.days() + 6) / 7 * 7;
                yield new Period(period.from().minusDays(back), period.to().minusDays(back));
            }
            case LAST_WEEK -> new Period(period.from().minusDays(7), period.to().minusDays(7));
            case LAST_YEAR ->
                new Period(period.from().minusDays(364), period.to().minusDays(364));
        };
        return new Resolved(
                period,
                previous,
                Params.optional(store),
                Params.optional(area),
                Params.optional(department),
                Params.optional(category),
                Params.optional(sku),
                channel == null ? null : Params.optional(channel.toLowerCase(java.util.Locale.ROOT)));
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
