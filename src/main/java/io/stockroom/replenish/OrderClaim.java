package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.WriteConflict;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One buyer's change to a purchase order at a time. Every change to an order or its lines (an override, a line's
 * approval or rejection, a bulk decision, the order's approval or rejection) first writes the row of each order it
 * touches while that order is still proposed, and only then reads what it checks. On PostgreSQL that row lock makes a
 * second change wait and then read the order as the first left it (an approved order: 409); on DuckDB the second write
 * conflicts and is refused, also as a 409 that names the order. Before, an Approve sent twice (a double click, or two
 * buyers at once) answered 500 on DuckDB and approved the order twice on PostgreSQL, and an override could land on a
 * line of an order approved a moment before, after its approval limit had been checked.
 */
final class OrderClaim {

    private OrderClaim() {}

    /** Locks order {@code poId} for this transaction when it is proposed; a decided or unknown order is left alone. */
    static void claim(Connection c, String poId) throws SQLException {
        if (poId != null) {
            lockProposed(c, "po_id = :po", Map.of("po", poId));
        }
    }

    /**
     * Locks the proposed orders of date {@code :d} that hold a line {@code linesWhere} selects (a {@code WHERE} over
     * {@code replenishment_lines l}, with its parameters in {@code params}), as {@link #claim} locks one: a bulk
     * decision claims every order it may touch before it reads any.
     */
    static void claimOrdersOf(Connection c, String linesWhere, Map<String, ?> params) {
        lockProposed(
                c,
                "business_date = :d AND po_id IN (SELECT l.po_id FROM replenishment_lines l " + linesWhere + ")",
                params);
    }

    /** Writes the rows of the proposed orders {@code where} selects without changing them: this transaction's lock. */
    private static void lockProposed(Connection c, String where, Map<String, ?> params) {
        NamedSql.update(c, "UPDATE purchase_orders SET status = status WHERE status = 'proposed' AND " + where, params);
    }

    /**
     * Runs {@code work}; a write that lost to another request's change of the same order is a 409 saying so ({@code
     * what}: "purchase order PO-1", "recommendation 7"), nothing of it kept.
     */
    static <T> T refusingConcurrentChanges(String what, Supplier<T> work) {
        return refusingConcurrent(
                "Not saved: another request changed " + what + " at the same moment (another buyer, or the same button"
                        + " pressed twice). Reload to see it as it is now, then decide again if it is still open.",
                work);
    }

    /**
     * Runs an export of the approved orders of {@code date}; another export of that date at the same moment is a 409 (on
     * DuckDB the second writer conflicts; on PostgreSQL it waits and then finds the orders sent), not a 500.
     */
    static <T> T refusingConcurrentExports(java.time.LocalDate date, Supplier<T> work) {
        return refusingConcurrent(
                "Not exported: another export of the purchase orders of " + date + " ran at the same moment (another"
                        + " user, or the button pressed twice), and its files are in the export folder. Export again"
                        + " to write anything it left.",
                work);
    }

    private static <T> T refusingConcurrent(String message, Supplier<T> work) {
        try {
            return work.get();
        } catch (StockroomException e) {
            if (WriteConflict.is(e)) {
                throw new StockroomException(ErrorCode.CONFLICT, message, e);
            }
            throw e;
        }
    }
}
