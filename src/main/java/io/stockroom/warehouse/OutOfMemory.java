package io.stockroom.warehouse;

import java.sql.SQLException;

/**
 * Tells an engine that ran out of memory from any other failure of a statement, so the message names the setting to
 * change instead of the model file: DuckDB's {@code Out of Memory Error} (its {@code memory_limit}), PostgreSQL's
 * SQLSTATE 53200, Trino's query memory limits ({@code EXCEEDED_LOCAL_MEMORY_LIMIT} and the like).
 */
public final class OutOfMemory {

    private OutOfMemory() {}

    /** True when {@code e}, or what caused it, is an engine running out of memory. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "53200".equals(s.getSQLState())) {
                return true;
            }
            String m = t.getMessage();
            if (m != null
                    && (m.contains("Out of Memory Error")
                            || m.contains("MEMORY_LIMIT")
                            || (m.contains("Query exceeded") && m.contains("memory limit")))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What to do when a model ran out of memory computing {@code dates}: more memory ({@code memory}: how to give the
     * engine more, an imperative), or fewer dates per statement; {@code outcome} says what the failure left.
     */
    public static String advice(String model, String dates, String memory, long sliceRows, String outcome) {
        return "Model " + model + " ran out of memory computing " + dates + ". " + memory
                + ", or set stockroom.warehouse.model-slice-rows (STOCKROOM_WAREHOUSE_MODEL_SLICE_ROWS, now "
                + String.format(java.util.Locale.ROOT, "%,d", sliceRows)
                + ") lower, so a rebuild or a correction computes fewer dates in each statement, and run again; "
                + outcome;
    }
}
