package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed (kill -9) while a file is still arriving by upload: the part received so far was never
 * acknowledged, so nothing is lost, but it must not stay on disk for ever where nothing cleans it (Tomcat's
 * temporary folder is a new random one in /tmp for every server).
 */
class KilledUploadTest {

    static final Duration LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    @Test
    void thePartOfAnUploadAKilledServerWasReceivingIsRemovedAtTheNextStart() throws Exception {
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        CliProcess.Ran minted = CliProcess.run(
                logs, List.of(), "--data-dir", data.toString(), "tokens", "create", "POS pusher", "--role", "service");
        assertThat(minted.exit()).as(minted.terminal()).isZero();
        String token = minted.out()
                .lines()
                .filter(l -> l.startsWith("sr_"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(minted.terminal()));
        int port = Integer.getInteger("stockroom.test.port", 0);
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        }
        Process server = CliProcess.start(
                logs, List.of(), "--data-dir", data.toString(), "serve", "--port", String.valueOf(port));
        Path uploads = data.resolve("uploads");
        try (Socket socket = connect(port, server, logs)) {
            OutputStream out = socket.getOutputStream();
            String boundary = "----stockroomkill";
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\nsales\r\n--"
                    + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sales.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\nstore_id,sku,business_date,units_sold,total_sales\r\n";
            long declared = 50_000_000L; // the rest never comes: the server is killed while it waits for it
            out.write(("POST /api/v1/feeds/preview HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                            + declared + "\r\n\r\n" + head)
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] rows = "S1,A,2025-03-01,3,3\r\n".repeat(50_000).getBytes(StandardCharsets.US_ASCII);
            out.write(rows);
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // 4 MB sent: written at once
            while (filesUnder(uploads) == 0 && System.nanoTime() < deadline) {
                assertThat(server.isAlive()).isTrue();
                Thread.sleep(200);
            }
            assertThat(filesUnder(uploads))
                    .as("the upload arriving is received in the data directory, where a start can find it")
                    .isPositive();
        } finally {
            server.destroyForcibly();
            assertThat(server.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)).isTrue();
        }

        CliProcess.Ran next = CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "tokens", "list");
        assertThat(next.exit()).as(next.terminal()).isZero();
        assertThat(filesUnder(uploads))
                .as("left of the killed upload after the next start")
                .isZero();
    }

    private static Socket connect(int port, Process server, Path logs) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as(CliProcess.output(logs, server)).isTrue();
            if (CliProcess.output(logs, server).contains("http://")) {
                try {
                    return new Socket("127.0.0.1", port);
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("server not up: " + CliProcess.output(logs, server));
    }

    private static long filesUnder(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
