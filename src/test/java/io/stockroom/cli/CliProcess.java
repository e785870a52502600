package io.stockroom.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** `stockroom` in its own JVM, as a user runs it: what the terminal shows and the exit code. */
final class CliProcess {

    /** Generous: a JVM start on a busy 2-core machine. */
    static final Duration LIMIT = Duration.ofMinutes(4);

    record Ran(int exit, String out, String err) {
        String terminal() {
            return out + err;
        }
    }

    private CliProcess() {}

    static Ran run(Path logDir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return runIn(null, logDir, jvmOptions, args);
    }

    /** Run in {@code workDir} (null: this JVM's), where a user keeps {@code config/application.yaml}. */
    static Ran runIn(Path workDir, Path logDir, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        Process p = start(workDir, logDir, jvmOptions, args);
        if (!p.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("stockroom " + String.join(" ", args) + " did not finish within " + LIMIT);
        }
        Path out = logDir.resolve("out-" + p.pid() + ".txt");
        Path err = logDir.resolve("err-" + p.pid() + ".txt");
        // the JVM's own notices (native access, CDS) are not Stockroom's output
        String errText = Files.readString(err, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.startsWith("WARNING:"))
                .collect(java.util.stream.Collectors.joining("\n"));
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errText);
    }

    static Process start(Path logDir, List<String> jvmOptions, String... args) throws IOException {
        return start(null, logDir, jvmOptions, args);
    }

    static Process start(Path workDir, Path logDir, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED",
                "-Dstockroom.warehouse.memory-limit=256MB",
                // short-lived JVMs on a busy 2-core machine: the C1 compiler and one GC thread start them with less CPU
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), io.stockroom.StockroomApplication.class.getName()));
        cmd.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path tmpOut = Files.createTempFile(logDir, "out-", ".txt");
        Path tmpErr = Files.createTempFile(logDir, "err-", ".txt");
        Process p = new ProcessBuilder(cmd)
                .directory(workDir == null ? null : workDir.toFile())
                .redirectOutput(tmpOut.toFile())
                .redirectError(tmpErr.toFile())
                .start();
        Files.move(tmpOut, logDir.resolve("out-" + p.pid() + ".txt"));
        Files.move(tmpErr, logDir.resolve("err-" + p.pid() + ".txt"));
        return p;
    }

    static String output(Path logDir, Process p) throws IOException {
        return Files.readString(logDir.resolve("out-" + p.pid() + ".txt"), StandardCharsets.UTF_8)
                + Files.readString(logDir.resolve("err-" + p.pid() + ".txt"), StandardCharsets.UTF_8);
    }
}
