/**
 * Replenishment: rolling demand statistics, ABC classes, the documented reorder policy (docs/replenishment.md),
 * explained recommendation lines, supplier purchase orders with the buyer workflow and exports, and the
 * exception report. Entry point for the daily run: {@link io.stockroom.replenish.ReplenishmentService#run}.
 */
package io.stockroom.replenish;
