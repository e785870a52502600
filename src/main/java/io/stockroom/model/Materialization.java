package io.stockroom.model;

import static java.util.Objects.requireNonNull;

import java.util.SortedSet;
import java.util.TreeSet;

/** How a model's table is kept up to date. */
sealed interface Materialization {

    /** Rebuilt completely on every refresh: for small models (quality, freshness). */
    record Full() implements Materialization {}

    /**
     * A view: nothing is stored, readers compute it from its inputs. For a cheap filter or join over another model
     * (alerts over positions), where a second table would only copy rows.
     */
    record View() implements Materialization {}

    /**
     * Rows are keyed by a date column; a refresh deletes and recomputes only the affected dates.
     *
     * @param dateColumn the column that holds each row's date
     * @param readsBack  the day offsets a row for date D reads from its inputs: {0} reads D only,
     *                   {0..27} a trailing 28-day window, {0, 7, 364} the same weekday last week and last year.
     *                   An input change on date A therefore affects the rows for A + each offset.
     */
    record Incremental(String dateColumn, SortedSet<Integer> readsBack) implements Materialization {
        public Incremental {
            requireNonNull(dateColumn, "dateColumn is null");
            readsBack = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(readsBack));
            if (readsBack.isEmpty() || readsBack.first() < 0) {
                throw new IllegalArgumentException("readsBack must hold day offsets >= 0");
            }
        }
    }
}
