package io.stockroom;

import java.util.concurrent.locks.LockSupport;

/**
 * Named points where the crash-recovery tests stop the process (docs/pipeline.md, "Crash recovery"). A no-op
 * unless a system property names the point: {@code stockroom.fault.kill-at=<point>} halts the JVM there at once
 * (exit code 137, as after kill -9: no shutdown hooks, nothing flushed); {@code stockroom.fault.pause-at=<point>}
 * parks the thread there for ever so a test can kill the process from outside while it is in that state. A point
 * named {@code <point>#<n>} acts the n-th time the point is reached (the second date of a backfill, the third feed of
 * a replay), not the first. {@code stockroom.fault.fail-at=<point>} throws there instead, as a statement that fails
 * would (read at each point, so a test can set it in its own JVM): what the user then sees is the product's answer to
 * a step that fails, not to a crash.
 */
public final class FaultPoint {

    private static final String KILL_AT = System.getProperty("stockroom.fault.kill-at");
    private static final String PAUSE_AT = System.getProperty("stockroom.fault.pause-at");
    private static final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> REACHED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private FaultPoint() {}

    public static void reached(String point) {
        String failAt = System.getProperty("stockroom.fault.fail-at");
        if (KILL_AT == null && PAUSE_AT == null && failAt == null) {
            return;
        }
        int times = REACHED.computeIfAbsent(point, p -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet();
        if (names(KILL_AT, point, times)) {
            System.err.println("stockroom: fault point " + point + " reached, halting");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
        if (names(failAt, point, times)) {
            throw new IllegalStateException("fault point " + point + " reached: an injected failure");
        }
        if (names(PAUSE_AT, point, times)) {
            System.err.println("stockroom: fault point " + point + " reached, pausing");
            System.err.flush();
            while (true) {
                LockSupport.park();
            }
        }
    }

    private static boolean names(String setting, String point, int times) {
        return setting != null && (setting.equals(point) || setting.equals(point + "#" + times));
    }
}
