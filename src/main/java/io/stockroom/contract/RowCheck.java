package io.stockroom.contract;

import static java.util.Objects.requireNonNull;

/**
 * A check over a whole row, declared in a contract's {@code checks} list: a SQL condition that is true for a bad row.
 * It reads the row's typed columns as {@code t.<column>} and may look at the other rows of the same file (also
 * {@code t}, under another alias) or at warehouse tables (e.g. the fixture a placement names). The SQL comes from the
 * contract file (configuration, like a derived column), never from user input.
 *
 * @param when SQL condition over {@code t}; true = the row fails
 * @param column the column the check is about, shown with the reason (may be null for a whole-row check)
 * @param message what is wrong and how to fix it
 */
public record RowCheck(String code, String column, Severity severity, String when, String message) {

    public RowCheck {
        requireNonNull(code, "code is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(when, "when is null");
        requireNonNull(message, "message is null");
    }
}
