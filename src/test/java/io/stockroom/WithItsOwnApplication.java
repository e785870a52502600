package io.stockroom;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * A Spring test class with an application of its own (its own data directory, so its own context in Spring's context
 * cache) that runs on the second test thread, beside the classes on the first (src/test/resources/junit-platform.properties):
 * the API tests, so that in the PostgreSQL execution, which is only API and browser tests, they run beside the browser
 * tests instead of after them.
 *
 * <p>Two applications never start at once: Spring loads test contexts one at a time (under the context cache's lock),
 * so logging is configured by one start at a time, and every start after the first finds Logback configured and leaves
 * it alone. Once started, an application shares nothing with another: random port, own data directory and warehouse
 * (its own DuckDB file, or its own PostgreSQL schema with its own advisory-lock space), its own rate limiter and tokens.
 * Such a class sets no system property, drives no browser and swaps no System.out or System.err; the whole class,
 * context start included (a {@code PER_CLASS} class starts it before its first test), runs while no
 * {@link CapturesSystemStreams} class reads them, since Spring logs there. A class whose application is shared with
 * other classes (the web tests' {@code WebAppTest}) does not belong here: their data are the same.
 *
 * <p>The lock of its own, taken for writing, keeps the class's tests in order on one thread (a class-level
 * {@code CONCURRENT} would otherwise run them at once, and they share the application's data) and such classes one
 * at a time: there is one spare thread anyway.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = Resources.SYSTEM_OUT, mode = ResourceAccessMode.READ)
@ResourceLock(value = Resources.SYSTEM_ERR, mode = ResourceAccessMode.READ)
@ResourceLock("io.stockroom.WithItsOwnApplication")
public @interface WithItsOwnApplication {}
