package io.stockroom.model;

import static java.util.Objects.requireNonNull;

/**
 * One model's share of a run.
 *
 * @param name        the model (and its table)
 * @param scope       what was recomputed: {@code all}, {@code none} or the date ranges, e.g. {@code 2026-03-01..2026-03-28}
 * @param rowsWritten rows inserted into the model's table
 * @param millis      wall time
 * @param statements  the statements that wrote them: more than one when several dates were written in slices
 *                    (stockroom.warehouse.model-slice-rows), none for a view
 */
public record ModelTiming(String name, String scope, long rowsWritten, long millis, int statements) {

    public ModelTiming {
        requireNonNull(name, "name is null");
        requireNonNull(scope, "scope is null");
    }

    /** Written by one statement. */
    public ModelTiming(String name, String scope, long rowsWritten, long millis) {
        this(name, scope, rowsWritten, millis, 1);
    }

    /** How the CLI and the logs say it: the scope, and the slices when there were several. */
    public String scopeAndSlices() {
        return statements > 1 ? scope + " (" + statements + " slices)" : scope;
    }
}
