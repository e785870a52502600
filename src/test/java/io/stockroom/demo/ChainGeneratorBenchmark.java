package io.stockroom.demo;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times the default-size chain (not part of the build: surefire runs *Test classes only).
 * Run with {@code ./mvnw -q -B test -Dtest=ChainGeneratorBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ChainGeneratorBenchmark {

    @TempDir
    Path temp;

    @Test
    void defaultSize() throws Exception {
        ChainSpec spec = ChainSpec.defaults(LocalDate.of(2026, 6, 30));
        for (int run = 1; run <= 3; run++) {
            Path drop = temp.resolve("run" + run);
            long started = System.nanoTime();
            long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            GeneratedChain chain = new ChainGenerator().generate(spec, drop);
            long millis = (System.nanoTime() - started) / 1_000_000;
            long cpuMillis = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1_000_000;
            long bytes;
            try (Stream<Path> files = Files.walk(drop)) {
                bytes = files.filter(Files::isRegularFile)
                        .mapToLong(p -> p.toFile().length())
                        .sum();
            }
            System.out.printf(
                    "run %d: %,d ms wall, %,d ms CPU, %,d files, %,d rows, %,d MB: %s%n",
                    run,
                    millis,
                    cpuMillis,
                    chain.files().size(),
                    chain.totalRows(),
                    bytes >> 20,
                    chain.rowsByDataset());
            try (Stream<Path> files = Files.walk(drop)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
