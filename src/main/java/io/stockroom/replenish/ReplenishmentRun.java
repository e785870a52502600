package io.stockroom.replenish;

import java.time.LocalDate;

/** What one replenishment run did: store x SKU pairs evaluated, lines, purchase orders, exceptions, and its duration. */
public record ReplenishmentRun(
        LocalDate date, long pairsEvaluated, long lines, long purchaseOrders, long exceptions, long millis) {}
