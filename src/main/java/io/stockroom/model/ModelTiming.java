package io.stockroom.model;

import static java.util.Objects.requireNonNull;

/**
 * One model's share of a run.
 *
 * @param name        the model (and its table)
 * @param scope       what was recomputed: {@code all}, {@code none} or the date ranges, e.g. {@code 2026-03-01..2026-03-28}
 * @param rowsWritten rows inserted into the model's table
 * @param millis      wall time
 */
public record ModelTiming(String name, String scope, long rowsWritten, long millis) {

    public ModelTiming {
        requireNonNull(name, "name is null");
        requireNonNull(scope, "scope is null");
    }
}
