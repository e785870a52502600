package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.CapturesSystemStreams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server recorded in the data directory counts only while its process lives and its address answers. */
@CapturesSystemStreams
class LocalServerTest {

    @TempDir
    Path dir;

    private Process other;

    @AfterEach
    void cleanUp() throws Exception {
        System.clearProperty("stockroom.data-dir");
        if (other != null) {
            other.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void aWriteCommandIsRefusedWhileARecordedServerListensAndRunsNormallyWhenItsFilesAreStale() throws Exception {
        other = new ProcessBuilder("sleep", "600").start(); // a live process that is not this one
        System.setProperty("stockroom.data-dir", dir.toString());
        try (ServerSocket listening = new ServerSocket(0)) {
            LocalServer server = new LocalServer(
                    "http://127.0.0.1:" + listening.getLocalPort(),
                    other.pid(),
                    "duckdb",
                    dir.resolve("warehouse.duckdb").toString(),
                    "UTC");
            server.write(dir, "sr_test_token");
            assertThat(LocalServer.find(dir)).contains(server);

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream before = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Integer exit;
            try {
                exit = QuickCli.run(new String[] {"run", "--date", "2025-02-01"}, "run");
            } finally {
                System.setErr(before);
            }
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("stockroom: the server at " + server.url() + " (pid " + other.pid() + ") owns ")
                    .contains("kill " + other.pid())
                    .contains("/api/v1/runs")
                    .contains(dir.resolve(LocalServer.TOKEN_FILE).toString());
        }
        // nothing listens there any more: a server killed with its files left behind
        assertThat(QuickCli.run(new String[] {"run", "--date", "2025-02-01"}, "run"))
                .as("the application starts as usual")
                .isNull();

        other.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        assertThat(LocalServer.find(dir)).as("its process is gone").isEmpty();
    }

    @Test
    void aRefusedRunOrReplayHandsOverTheRequestThatDoesTheSameThroughTheServer() throws Exception {
        other = new ProcessBuilder("sleep", "600").start();
        System.setProperty("stockroom.data-dir", dir.toString());
        // the retailer's zone, whose date differs from this JVM's at this moment (Kiritimati is UTC+14, Pago Pago
        // UTC-11: one of the two always does)
        java.time.ZoneId stores = java.time.ZoneId.of("Pacific/Kiritimati");
        if (java.time.LocalDate.now(stores).equals(java.time.LocalDate.now())) {
            stores = java.time.ZoneId.of("Pacific/Pago_Pago");
        }
        try (ServerSocket listening = new ServerSocket(0)) {
            new LocalServer(
                            "http://127.0.0.1:" + listening.getLocalPort(),
                            other.pid(),
                            "duckdb",
                            dir.resolve("warehouse.duckdb").toString(),
                            stores.getId())
                    .write(dir, "sr_test_token");

            assertThat(refused("replay", "--date", "2025-02-01"))
                    .as("a replay, of the date asked for, not a plain run of a placeholder date")
                    .contains("-d '{\"date\":\"2025-02-01\",\"replay\":true}'");
            assertThat(refused("run", "--date=2025-02-03")).contains("-d '{\"date\":\"2025-02-03\"}'");
            assertThat(refused("run"))
                    .as("run's own default: yesterday on the retailer's clock, which the server recorded")
                    .contains(
                            "-d '{\"date\":\"" + java.time.LocalDate.now(stores).minusDays(1) + "\"}'");
            assertThat(refused("backfill", "--from", "2025-02-01", "--to", "2025-02-03"))
                    .contains("each date from 2025-02-01 to 2025-02-03")
                    .contains("-d '{\"date\":\"2025-02-01\"}'");
        }
    }

    private static String refused(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(QuickCli.run(args, args[0])).isEqualTo(2);
        } finally {
            System.setErr(before);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFilesAreRemovedOnlyByTheServerThatWroteThem() throws Exception {
        LocalServer first = new LocalServer("http://127.0.0.1:1", 11, "duckdb", "w", "UTC");
        LocalServer second = new LocalServer("http://127.0.0.1:2", 12, "duckdb", "w", "UTC");
        first.write(dir, "sr_a");
        second.write(dir, "sr_b");
        first.remove(dir);
        assertThat(dir.resolve(LocalServer.FILE)).exists();
        assertThat(second.token(dir)).contains("sr_b");
        second.remove(dir);
        assertThat(dir.resolve(LocalServer.FILE)).doesNotExist();
        assertThat(dir.resolve(LocalServer.TOKEN_FILE)).doesNotExist();
    }
}
