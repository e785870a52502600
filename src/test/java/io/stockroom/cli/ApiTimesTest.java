package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.replenish.Chain;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
    private static final List<String> UTC = List.of("-Duser.timezone=UTC");
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
        HttpResponse<String> tokens = whenServing(http, url + "/api/v1/tokens", token, logs, data);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        HttpResponse<String> audit = get(http, url + "/api/v1/audit", token);
        HttpResponse<String> csv = get(http, url + "/api/v1/audit.csv", token);
        Instant after = Instant.now().plusSeconds(5);

        // the auditor's token, and the serving process's own "local CLI" token
        List<Instant> created = instants(tokens.body(), "\"created_at\":\"");
        assertThat(created)
                .as(tokens.body())
                .hasSize(2)
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
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

    /**
     * A data directory moved to a machine in another zone keeps its times. Feeds and runs written by a process whose
     * JVM ran in UTC were answered 5 hours late by a server in New York (their times were kept as the JVM's wall-clock
     * time), and the server's own decisions on orders answered decided_at without a zone.
     */
    @Test
    void feedRunAndDecisionTimesAreInstantsWhicheverZoneWroteOrServesThem() throws Exception {
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        LocalDate d = LocalDate.of(2026, 3, 5);
        try (Chain chain = new Chain(data)) {
            chain.store("S1")
                    .supplier("SUP1", 3, "MON", 500.0)
                    .product("P1", "Dairy", 5)
                    .supplies("SUP1", "P1", 12, null, 2.5, null)
                    .history("S1", "P1", d, Chain.alternating(8, 12, 28), 5, 20);
        }
        Path stores = Files.writeString(dir.resolve("stores.csv"), "store_id,name,area,region\nS1,Store 1,North,N\n");
        Instant before = Instant.now().minusSeconds(5);
        for (String[] command : List.of(
                new String[] {"ingest", stores.toString()},
                new String[] {"run", "--date", d.toString()},
                new String[] {"replenish", "--date", d.toString()})) {
            List<String> args = new ArrayList<>(List.of("--data-dir", data.toString()));
            args.addAll(List.of(command));
            CliProcess.Ran ran = CliProcess.run(logs, UTC, args.toArray(String[]::new));
            assertThat(ran.exit()).as(ran.terminal()).isIn(0, 3); // 3: a run that says its day is incomplete
        }
        CliProcess.Ran minted = CliProcess.run(
                logs, UTC, "--data-dir", data.toString(), "tokens", "create", "buyer", "--role", "admin");
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
        HttpResponse<String> feeds = whenServing(http, url + "/api/v1/feeds", token, logs, data);
        HttpResponse<String> approved = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/purchase-orders/PO-20260305-SUP1-S1/approve"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        HttpResponse<String> runs = get(http, url + "/api/v1/runs", token);
        HttpResponse<String> list = get(http, url + "/api/v1/replenishment/recommendations?date=" + d, token);
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(list.body());
        assertThat(id.find()).as(list.body()).isTrue();
        HttpResponse<String> line = get(http, url + "/api/v1/replenishment/recommendations/" + id.group(1), token);
        Instant after = Instant.now().plusSeconds(5);

        assertThat(instants(feeds.body(), "\"created_at\":\""))
                .as(feeds.body())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
        assertThat(instants(feeds.body(), "\"updated_at\":\""))
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
        assertThat(instants(runs.body(), "\"started_at\":\""))
                .as(runs.body())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
        assertThat(instants(runs.body(), "\"finished_at\":\""))
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
        assertThat(instants(approved.body(), "\"decided_at\":\""))
                .as(approved.body())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).isBetween(before, after));
        assertThat(instants(line.body(), "\"decided_at\":\""))
                .as(line.body())
                .isNotEmpty()
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

    /**
     * The first answer once the server has announced itself ({@code server.properties} in the data directory): from
     * then on its own local CLI token and the token's audit row exist, so the tokens and the audit log do not change
     * between the test's requests.
     */
    private HttpResponse<String> whenServing(HttpClient http, String url, String token, Path logs, Path data)
            throws Exception {
        long deadline = System.nanoTime() + CliProcess.LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as(CliProcess.output(logs, server)).isTrue();
            if (Files.exists(data.resolve(LocalServer.FILE))) {
                try {
                    return get(http, url, token);
                } catch (java.net.ConnectException e) {
                    // announced as it starts listening: try again
                }
            }
            server.waitFor(200, TimeUnit.MILLISECONDS); // bounded polling: the loop ends at the deadline
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
