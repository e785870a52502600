package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the embedded DuckDB file one process owns the warehouse. While a real server process serves a data directory,
 * the CLI's read commands go through its API (with the owner-only token the server leaves for them) and a write
 * command says who owns the file and what to do, never a stack trace; once the server stops they read the file again.
 */
class CliBesideServerTest {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("stockroom.data-dir");
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(CliProcess.LIMIT.toMinutes(), TimeUnit.MINUTES);
        }
    }

    @Test
    void readCommandsGoThroughTheRunningServerAndWriteCommandsSayWhatToDo() throws Exception {
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        Path products = Files.writeString(
                dir.resolve("products.csv"),
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = CliProcess.start(
                logs, List.of(), "--data-dir", data.toString(), "--port", Integer.toString(port), "serve");
        Path announced = data.resolve(LocalServer.FILE);
        long deadline = System.nanoTime() + CliProcess.LIMIT.toNanos();
        while (!Files.exists(announced) && System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as(CliProcess.output(logs, server)).isTrue();
            server.waitFor(200, TimeUnit.MILLISECONDS);
        }
        assertThat(announced).as(CliProcess.output(logs, server)).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(LocalServer.TOKEN_FILE))))
                .isEqualTo("rw-------");
        String url = "http://127.0.0.1:" + port;
        String feedId = upload(
                url, Files.readString(data.resolve(LocalServer.TOKEN_FILE)).strip(), products);

        CliProcess.Ran feeds = CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "feeds");
        assertThat(feeds.exit()).as(feeds.terminal()).isZero();
        assertThat(feeds.out()).contains(feedId).contains("products.csv").contains("transformed");

        CliProcess.Ran feed = CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "feed", feedId);
        assertThat(feed.exit()).as(feed.terminal()).isZero();
        assertThat(feed.out())
                .contains("feed " + feedId + " · products.csv · products · transformed")
                .contains("read 1 · loaded 1")
                .contains("sha256 "
                        + java.util.HexFormat.of()
                                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(Files.readAllBytes(products))));

        Path bad = Files.writeString(
                dir.resolve("products_bad.csv"),
                "sku,name,department,category,unit_cost,unit_price\n,NoSku,Fresh,Fruit,x,1.00\n");
        CliProcess.Ran validate =
                CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "validate", bad.toString());
        assertThat(validate.exit()).as(validate.terminal()).isEqualTo(1);
        assertThat(validate.out()).contains("dataset products").contains("WOULD FAIL");

        // validate --date is checked by the server as ingest --date would file the file: its rows lie on another day
        Path undated = Files.writeString(
                dir.resolve("pos_export.csv"), "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-02,2,2.00\n");
        CliProcess.Ran dated = CliProcess.run(
                logs,
                List.of(),
                "--data-dir",
                data.toString(),
                "validate",
                "--dataset",
                "sales",
                "--date",
                "2025-03-01",
                undated.toString());
        assertThat(dated.terminal()).doesNotContain("owns the warehouse").contains("dataset sales");
        assertThat(dated.out()).contains("ROWS_ON_OTHER_DATES").contains("2025-03-01");

        // stockroom runs lists the server's runs through its API (GET /api/v1/runs?date=)
        String token = Files.readString(data.resolve(LocalServer.TOKEN_FILE)).strip();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> started = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/runs"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"date\":\"2025-03-01\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = started.body().replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
        long runDeadline = System.nanoTime() + CliProcess.LIMIT.toNanos();
        String run = "";
        while (!run.matches("(?s).*\"finished_at\":\"[^\"]+\".*") && System.nanoTime() < runDeadline) {
            run = http.send(
                            HttpRequest.newBuilder(URI.create(url + "/api/v1/runs/" + runId))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Thread.sleep(200);
        }
        CliProcess.Ran runs = CliProcess.run(
                logs, List.of(), "--data-dir", data.toString(), "runs", "--date", "2025-03-01", "--limit", "5");
        assertThat(runs.exit()).as(runs.terminal()).isZero();
        assertThat(runs.out())
                .contains("STAGES")
                .contains(runId)
                .contains("2025-03-01")
                .contains("api");
        CliProcess.Ran noRuns =
                CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "runs", "--date", "2025-03-02");
        assertThat(noRuns.exit()).as(noRuns.terminal()).isZero();
        assertThat(noRuns.out()).contains("No run of 2025-03-02").doesNotContain(runId);

        // the retention dry run is refused beside the server and points at the server's own dry run
        CliProcess.Ran retention = CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "retention");
        assertThat(retention.exit()).isEqualTo(2);
        assertThat(retention.err())
                .contains("GET " + url + "/api/v1/retention")
                .contains("curl")
                .endsWith("[WAREHOUSE_LOCKED]");

        CliProcess.Ran ingest =
                CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "ingest", products.toString());
        assertThat(ingest.exit()).isEqualTo(2);
        assertThat(ingest.out()).isEmpty();
        assertThat(ingest.err())
                .startsWith("stockroom: the server at " + url + " (pid " + server.pid() + ") owns "
                        + data.resolve("warehouse.duckdb"))
                .contains("Stop the server")
                .contains("curl -X POST")
                .contains(url + "/api/v1/runs")
                .endsWith("[WAREHOUSE_LOCKED]");
        assertThat(ingest.terminal()).doesNotContain("Exception").doesNotContain("\tat ");

        server.destroy(); // SIGTERM: the server stops as it does on Ctrl-C
        assertThat(server.waitFor(CliProcess.LIMIT.toMinutes(), TimeUnit.MINUTES))
                .isTrue();
        assertThat(announced).as("the server withdraws its address").doesNotExist();
        assertThat(data.resolve(LocalServer.TOKEN_FILE)).doesNotExist();
        assertThat(scalar(data, "SELECT COUNT(*) FROM api_tokens WHERE name = 'local CLI' AND revoked_at IS NULL"))
                .as("its token is revoked")
                .isEqualTo("0");

        CliProcess.Ran after = CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "feeds");
        assertThat(after.exit()).as(after.terminal()).isZero();
        assertThat(after.out()).contains(feedId);
    }

    /** Uploads and commits a file with the token the server left for the CLI (it may ingest: data engineer). */
    private static String upload(String url, String token, Path file) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String boundary = "----stockroom" + java.util.UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n" + Files.readString(file) + "\r\n--"
                + boundary + "--\r\n";
        HttpResponse<String> preview = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/feeds/preview"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        String uploadToken = JSON.readTree(preview.body()).get("upload_token").asString();
        HttpResponse<String> commit = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/feeds/commit"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"upload_token\":\"" + uploadToken + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(202);
        String feedId = JSON.readTree(commit.body()).get("feed_id").asString();
        long deadline = System.nanoTime() + CliProcess.LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> feed = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/v1/feeds/" + feedId + "/transform-status"))
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (feed.body().contains("\"transformed\"")) {
                return feedId;
            }
            TimeUnit.MILLISECONDS.sleep(200); // bounded polling: the loop ends at the deadline
        }
        throw new AssertionError("feed " + feedId + " not transformed within " + CliProcess.LIMIT);
    }

    private static String scalar(Path data, String sql) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("warehouse.duckdb"), readOnly);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
