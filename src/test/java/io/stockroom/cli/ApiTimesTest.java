package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every time the API answers is an instant (ISO-8601 with Z or an offset) and the right one, also on a server whose
 * JVM runs in another zone than UTC. Before, tokens and the audit log answered a bare local date-time (the audit's in
 * the server's zone), which a client in another zone could only guess at.
 */
class ApiTimesTest {

    private static final List<String> NEW_YORK = List.of("-Duser.timezone=America/New_York");
    /** Anything that reads as a date and a time of day, with whatever follows it up to the end of the value. */
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d[^\",\\r\\n]*");

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(CliProcess.LIMIT.toMinutes(), TimeUnit.MINUTES);
        }
    }

    @Test
    void tokenAndAuditTimesAreInstantsOnAServerOutsideUtc() throws Exception {
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        Instant before = Instant.now().minusSeconds(5);
        CliProcess.Ran minted = CliProcess.run(
                logs,
                NEW_YORK,
                "--data-dir",
                data.toString(),
                "tokens",
                "create",
                "auditor",
                "--role",
                "admin",
                "--expires-in",
                "P1D");
        assertThat(minted.exit()).as(minted.terminal()).isZero();
        String token = minted.out()
                .lines()
                .filter(l -> l.startsWith("sr_"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(minted.terminal()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = CliProcess.start(logs, NEW_YORK, "--data-dir", data.toString(), "serve", "--port", "" + port);
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> tokens = whenServing(http, url + "/api/v1/tokens", token, logs);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        HttpResponse<String> audit = get(http, url + "/api/v1/audit", token);
        HttpResponse<String> csv = get(http, url + "/api/v1/audit.csv", token);
        Instant after = Instant.now().plusSeconds(5);

        List<Instant> created = instants(tokens.body(), "\"created_at\":\"");
        assertThat(created).hasSize(1).allSatisfy(t -> assertThat(t).isBetween(before, after));
        assertThat(instants(tokens.body(), "\"expires_at\":\""))
                .singleElement()
                .satisfies(
                        t -> assertThat(t).isBetween(before.plus(Duration.ofDays(1)), after.plus(Duration.ofDays(1))));
        assertThat(instants(tokens.body(), "\"last_used_at\":\""))
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
        List<Instant> occurred = instants(audit.body(), "\"occurred_at\":\"");
        assertThat(occurred)
                .as(audit.body())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
        assertThat(instants(csv.body(), "\n"))
                .as(csv.body())
                .hasSameSizeAs(occurred)
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
    }

    /** Every date-time after {@code prefix} in {@code text}, which must each carry a zone. */
    private static List<Instant> instants(String text, String prefix) {
        List<Instant> out = new ArrayList<>();
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "(" + DATE_TIME.pattern() + ")")
                .matcher(text);
        while (m.find()) {
            String value = m.group(1);
            assertThat(value).as("a time the API answers").matches(".*(Z|[+-]\\d\\d:\\d\\d)$");
            out.add(OffsetDateTime.parse(value).toInstant());
        }
        return out;
    }

    private HttpResponse<String> whenServing(HttpClient http, String url, String token, Path logs) throws Exception {
        long deadline = System.nanoTime() + CliProcess.LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as(CliProcess.output(logs, server)).isTrue();
            try {
                return get(http, url, token);
            } catch (java.net.ConnectException e) {
                server.waitFor(200, TimeUnit.MILLISECONDS); // bounded polling: the loop ends at the deadline
            }
        }
        throw new AssertionError("the server did not answer within " + CliProcess.LIMIT);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
