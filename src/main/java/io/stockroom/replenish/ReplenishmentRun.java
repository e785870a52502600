package io.stockroom.replenish;

import java.time.LocalDate;

/**
 * What one replenishment run did: store x SKU pairs evaluated, lines, purchase orders, exceptions, and its duration.
 *
 * @param choiceFailed why the weekly forecast choice, run after the lines were committed
 *     ({@code stockroom.forecast.choose-in-daily-run: false}), failed; null when it ran or was not due to run. The lines
 *     stand and the pairs due for their choice stay due.
 */
public record ReplenishmentRun(
        LocalDate date,
        long pairsEvaluated,
        long lines,
        long purchaseOrders,
        long exceptions,
        long millis,
        String choiceFailed) {}
