package io.stockroom.quality;

import io.stockroom.contract.Severity;

/**
 * One compiled check: a boolean flag column in the checked table, true where the row fails.
 *
 * @param flag the flag column, e.g. __k3
 * @param code the reason code users see, e.g. INVALID_NUMBER
 * @param column the contract column it concerns (null for row-level checks)
 * @param message what is wrong and how to fix it
 * @param rowMessage the message a quarantined row carries when it names another line of the file (a duplicate names
 *     the line it repeats): {@code {line}} stands for that line, held per row in {@link CheckPlan#FIRST_LINE}; null when
 *     the row's message is {@code message}
 */
public record Check(String flag, String code, String column, Severity severity, String message, String rowMessage) {

    public Check(String flag, String code, String column, Severity severity, String message) {
        this(flag, code, column, severity, message, null);
    }
}
