package io.stockroom.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/** The dates of a model (or a source) that a refresh must recompute: all of them, or a set. */
sealed interface DateScope {

    /** Every date: the table is rebuilt. */
    record All() implements DateScope {}

    /** Only these dates (possibly none). */
    record Dates(NavigableSet<LocalDate> dates) implements DateScope {
        public Dates {
            dates = Collections.unmodifiableNavigableSet(new TreeSet<>(dates));
        }
    }

    /** A closed range of dates. */
    record Range(LocalDate from, LocalDate to) {
        @Override
        public String toString() {
            return from.equals(to) ? from.toString() : from + ".." + to;
        }
    }

    static DateScope all() {
        return new All();
    }

    static DateScope none() {
        return new Dates(new TreeSet<>());
    }

    /** Every date from {@code from} to {@code to}, both included (none when {@code to} is before {@code from}). */
    static DateScope between(LocalDate from, LocalDate to) {
        TreeSet<LocalDate> dates = new TreeSet<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            dates.add(d);
        }
        return new Dates(dates);
    }

    static DateScope of(Collection<LocalDate> dates) {
        return new Dates(new TreeSet<>(dates));
    }

    default DateScope union(DateScope other) {
        return switch (this) {
            case All a -> a;
            case Dates mine ->
                switch (other) {
                    case All a -> a;
                    case Dates theirs -> {
                        TreeSet<LocalDate> both = new TreeSet<>(mine.dates());
                        both.addAll(theirs.dates());
                        yield new Dates(both);
                    }
                };
        };
    }

    /** The dates whose rows read any of these dates, for a model reading {@code offsets} days back. */
    default DateScope shiftedForward(Collection<Integer> offsets) {
        return switch (this) {
            case All a -> a;
            case Dates d -> {
                TreeSet<LocalDate> out = new TreeSet<>();
                for (LocalDate date : d.dates()) {
                    for (int offset : offsets) {
                        out.add(date.plusDays(offset));
                    }
                }
                yield new Dates(out);
            }
        };
    }

    /** Drops the dates after {@code last}; all dates stay all dates. */
    default DateScope notAfter(LocalDate last) {
        return switch (this) {
            case All a -> a;
            case Dates d -> new Dates(d.dates().headSet(last, true));
        };
    }

    default boolean isEmpty() {
        return this instanceof Dates d && d.dates().isEmpty();
    }

    /** Maximal runs of consecutive dates, so each run is one delete and one insert. */
    default List<Range> ranges() {
        return switch (this) {
            case All a -> throw new IllegalStateException("All dates have no ranges");
            case Dates d -> {
                List<Range> out = new ArrayList<>();
                LocalDate start = null;
                LocalDate prev = null;
                for (LocalDate date : d.dates()) {
                    if (start == null) {
                        start = date;
                    } else if (!date.equals(prev.plusDays(1))) {
                        out.add(new Range(start, prev));
                        start = date;
                    }
                    prev = date;
                }
                if (start != null) {
                    out.add(new Range(start, prev));
                }
                yield out;
            }
        };
    }

    default String describe() {
        return switch (this) {
            case All a -> "all";
            case Dates d ->
                d.dates().isEmpty()
                        ? "none"
                        : String.join(
                                ", ", ranges().stream().map(Range::toString).toList());
        };
    }
}
