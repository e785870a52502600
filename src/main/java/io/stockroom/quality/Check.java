package io.stockroom.quality;

import io.stockroom.contract.Severity;

/**
 * One compiled check: a boolean flag column in the checked table, true where the row fails.
 *
 * @param flag the flag column, e.g. __k3
 * @param code the reason code users see, e.g. INVALID_NUMBER
 * @param column the contract column it concerns (null for row-level checks)
 * @param message what is wrong and how to fix it
 */
public record Check(String flag, String code, String column, Severity severity, String message) {}
