package io.stockroom.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * How a model that recomputes several dates (a rebuild, a late correction that moves 28 days of positions) splits them
 * into slices, each written by one statement, so the rows one statement reads stay under
 * {@code stockroom.warehouse.model-slice-rows} whatever the history: a rebuild of a month of positions at 100 stores
 * (54M snapshots) in one statement ran out of memory on both DuckDB (4 GB) and Trino (docs/scale.md). A slice is as
 * many dates as the model's largest dated input holds {@code sliceRows} rows of; the rows are the same as one
 * statement's, since a model computes any range of dates (its {@code reads_back} reads before the range).
 *
 * @param sliceRows the most input rows a slice reads, of the largest input
 */
record Slices(long sliceRows) {

    /**
     * What a model reads, for sizing its slices: the first and last date its dated inputs hold and the most rows one
     * of them holds per date (null dates: no dated input holds a row).
     */
    record Inputs(LocalDate first, LocalDate last, long rowsPerDay) {

        static final Inputs NONE = new Inputs(null, null, 0);

        /** These inputs and one more, holding {@code rows} rows from {@code from} to {@code to}. */
        Inputs and(LocalDate from, LocalDate to, long rows) {
            if (from == null) {
                return this;
            }
            long perDay = rows / (ChronoUnit.DAYS.between(from, to) + 1);
            return new Inputs(
                    first == null || from.isBefore(first) ? from : first,
                    last == null || to.isAfter(last) ? to : last,
                    Math.max(rowsPerDay, perDay));
        }
    }

    /**
     * {@code range} in slices of consecutive dates, in date order, together exactly the range: one slice when the
     * inputs' rows of its dates fit in one. Dates outside the inputs' span hold no input row, so the first slice
     * starts at the range's start and the last ends at its end, however far those are (a rebuild's 1900..2999).
     */
    List<DateScope.Range> of(DateScope.Range range, Inputs inputs) {
        if (inputs.first() == null || inputs.rowsPerDay() <= 0) {
            return List.of(range);
        }
        LocalDate from = range.from().isAfter(inputs.first()) ? range.from() : inputs.first();
        LocalDate to = range.to().isBefore(inputs.last()) ? range.to() : inputs.last();
        long days = Math.max(1, sliceRows / inputs.rowsPerDay());
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) + 1 <= days) {
            return List.of(range);
        }
        List<DateScope.Range> out = new ArrayList<>();
        LocalDate start = range.from();
        for (LocalDate end = from.plusDays(days - 1); ; end = end.plusDays(days)) {
            if (!end.isBefore(to)) {
                out.add(new DateScope.Range(start, range.to()));
                return out;
            }
            out.add(new DateScope.Range(start, end));
            start = end.plusDays(1);
        }
    }
}
