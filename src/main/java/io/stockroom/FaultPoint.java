package io.stockroom;

import java.util.concurrent.locks.LockSupport;

/**
 * Named points where the crash-recovery tests stop the process (docs/pipeline.md, "Crash recovery"). A no-op
 * unless a system property names the point: {@code stockroom.fault.kill-at=<point>} halts the JVM there at once
 * (exit code 137, as after kill -9: no shutdown hooks, nothing flushed); {@code stockroom.fault.pause-at=<point>}
 * parks the thread there for ever so a test can kill the process from outside while it is in that state.
 */
public final class FaultPoint {

    private static final String KILL_AT = System.getProperty("stockroom.fault.kill-at");
    private static final String PAUSE_AT = System.getProperty("stockroom.fault.pause-at");

    private FaultPoint() {}

    public static void reached(String point) {
        if (point.equals(KILL_AT)) {
            System.err.println("stockroom: fault point " + point + " reached, halting");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
        if (point.equals(PAUSE_AT)) {
            System.err.println("stockroom: fault point " + point + " reached, pausing");
            System.err.flush();
            while (true) {
                LockSupport.park();
            }
        }
    }
}
