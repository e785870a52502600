package io.stockroom.warehouse;

/**
 * Loads the embedded engine's JDBC driver (whose initialisation starts a Flight Recorder event), its native library and
 * the other JDBC drivers ahead of the first open: the CLI's read commands do it on a second thread while the first
 * reads the command line. A class of its own, without a logger: loading {@link Warehouse} there would set up the
 * logging on that thread while the first thread may be setting it up too.
 */
public final class Drivers {

    private Drivers() {}

    /** Loads them; a failure is left for the open to report. */
    public static void load() {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Class.forName("org.duckdb.DuckDBNative");
            java.sql.DriverManager.getDrivers(); // loads every driver on the class path once
        } catch (ClassNotFoundException | LinkageError e) {
            // the open reports it
        }
    }
}
