package io.stockroom;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The order of the test classes on the first thread (src/test/resources/junit-platform.properties): the classes that
 * must have the second thread idle, {@link CapturesSystemStreams} and {@link Isolated} ones, last, the others as they
 * were found.
 *
 * <p>Such a class waits for the lock the second thread's tests take in turn, and JUnit's waiting for it lets every
 * next test of the second thread take it first: on the first thread it waited until the second thread had nothing
 * left to run for a while, as {@code RetentionTest} did for the whole of {@code TrinoRedefinedModelTest} (121 s) and
 * {@code QuickCliTest} for three classes in a row (102 s), 207 s of the 43-minute DuckDB suite with the first thread
 * idle. Last, they run once the second thread is done or nearly so.
 */
public final class WaitingClassesLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        // a stable sort: the other classes keep the order they were found in
        context.getClassDescriptors().sort(Comparator.comparing(WaitingClassesLast::waitsForTheSecondThread));
    }

    private static boolean waitsForTheSecondThread(ClassDescriptor c) {
        return c.isAnnotated(CapturesSystemStreams.class) || c.isAnnotated(Isolated.class);
    }
}
