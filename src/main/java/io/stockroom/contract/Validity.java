package io.stockroom.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Rows of a dataset are versions in time (a contract's {@code validity}): each row is valid from {@code from} to
 * {@code to} (both inclusive; an empty {@code to} means still valid), and rows with the same {@code per} columns follow
 * each other. A load never overwrites an earlier version: it closes it, the day before the next version starts.
 */
public record Validity(String from, String to, List<String> per) {

    public Validity {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        per = List.copyOf(per);
    }
}
