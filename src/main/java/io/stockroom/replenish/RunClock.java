package io.stockroom.replenish;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;

/**
 * Wall and CPU time of each step of a replenishment run and of each SQL statement in it, so that the benchmark can say
 * where the seconds go. CPU time is the whole process's (DuckDB's threads included): on a shared machine wall time alone
 * misleads. {@link #OFF} measures nothing.
 */
final class RunClock {

    /** Receives one step (after its statements) or one statement. */
    @FunctionalInterface
    interface Listener {
        void record(String name, boolean statement, long wallMillis, long cpuMillis);
    }

    /** Work on the warehouse that is timed as one statement. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws SQLException;
    }

    static final RunClock OFF = new RunClock(null);

    private final Listener listener;
    private long stepWall = System.nanoTime();
    private long stepCpu = cpuNanos();

    RunClock(Listener listener) {
        this.listener = listener;
    }

    /** Ends the current step: reports the time since the previous one. */
    void lap(String step) {
        if (listener == null) {
            return;
        }
        long wall = System.nanoTime();
        long cpu = cpuNanos();
        listener.record(step, false, (wall - stepWall) / 1_000_000, (cpu - stepCpu) / 1_000_000);
        stepWall = wall;
        stepCpu = cpu;
    }

    /** Runs one statement, reporting its time under {@code name}. */
    <T> T statement(String name, Call<T> call) throws SQLException {
        if (listener == null) {
            return call.run();
        }
        long wall = System.nanoTime();
        long cpu = cpuNanos();
        T result = call.run();
        listener.record(name, true, (System.nanoTime() - wall) / 1_000_000, (cpuNanos() - cpu) / 1_000_000);
        return result;
    }

    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }
}
