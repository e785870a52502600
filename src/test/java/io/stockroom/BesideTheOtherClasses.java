package io.stockroom;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLockTarget;
import org.junit.jupiter.api.parallel.Resources;

/**
 * A test class that runs on the second test thread, beside the classes that run one after the other on the first
 * (src/test/resources/junit-platform.properties), so CI keeps both cores busy: the Trino tests, which mostly wait on the
 * server planning their statements, and the long engine tests that build their own warehouses. Such a class shares
 * nothing with the others but the embedded PostgreSQL and the Trino server, in schemas of its own: no Spring context,
 * browser, system property or working folder of another class. It never swaps System.out or System.err, and writes to
 * them only while no class that reads them ({@link CapturesSystemStreams}) runs.
 *
 * <p>The lock of its own, taken for writing by the whole class, keeps the class's tests in order (a class-level
 * {@code CONCURRENT} would otherwise run its tests at once, on both threads) and such classes one at a time.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ, target = ResourceLockTarget.CHILDREN)
@ResourceLock(value = Resources.SYSTEM_ERR, mode = ResourceAccessMode.READ, target = ResourceLockTarget.CHILDREN)
@ResourceLock("io.stockroom.BesideTheOtherClasses")
public @interface BesideTheOtherClasses {}
