package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory keeps its own settings ({@code <data-dir>/stockroom.yaml}). The demo chain is British, yet its
 * summary, dashboards and API showed its pounds as dollars: nothing tied the currency to the data, and every command on
 * the data directory had to be told again. Now the demo writes the chain's settings there and every later command reads
 * them, below what the command line and the environment say.
 */
class DataDirSettingsTest {

    /** A chain small enough to run in seconds; the numbers do not matter here, only how money is labelled. */
    private static final List<String> SMALL_CHAIN = List.of(
            "demo",
            "--no-serve",
            "--stores",
            "2",
            "--skus",
            "20",
            "--suppliers",
            "1",
            "--days",
            "15",
            "--end-date",
            "2026-03-15");

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(CliProcess.LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void theDemosDataDirectoryShowsPoundsInTheSummaryAndLaterInTheServedApi() throws Exception {
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");

        CliProcess.Ran demo = CliProcess.run(logs, List.of(), args(data, SMALL_CHAIN));

        assertThat(demo.exit()).as(demo.terminal()).isZero();
        assertThat(netSales(demo.out())).as(demo.out()).contains("£").doesNotContain("$");
        assertThat(data.resolve("stockroom.yaml")).content().contains("currency: GBP");

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
        String token = Files.readString(data.resolve(LocalServer.TOKEN_FILE)).strip();
        String url = "http://127.0.0.1:" + port;

        assertThat(get(url + "/api/v1/settings", token))
                .contains("\"currency\":\"GBP\"")
                .contains("\"locale\":\"en-GB\"")
                .contains("\"time_zone\":\"Europe/London\"");
        assertThat(get(url + "/api/v1/metrics/kpi?range=last_7_days", token)).contains("£");
    }

    @Test
    void aSettingOnTheCommandLineOverridesTheDataDirectorysFile() throws Exception {
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        CliProcess.Ran first = CliProcess.run(logs, List.of(), args(data, SMALL_CHAIN));
        assertThat(first.exit()).as(first.terminal()).isZero();

        List<String> inEuros = new java.util.ArrayList<>(SMALL_CHAIN);
        inEuros.add("--stockroom.metrics.currency=EUR");
        CliProcess.Ran again = CliProcess.run(logs, List.of(), args(data, inEuros));

        assertThat(again.exit()).as(again.terminal()).isZero();
        assertThat(again.out()).contains("Reusing the demo chain");
        assertThat(netSales(again.out())).as(again.out()).contains("€").doesNotContain("£");
        assertThat(data.resolve("stockroom.yaml"))
                .as("an override is for one command, the file keeps the chain's currency")
                .content()
                .contains("currency: GBP");
    }

    @Test
    void aDataDirectorysFileThatIsNotYamlIsNamedWithItsLineByEveryKindOfCommand() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path settings = Files.writeString(data.resolve("stockroom.yaml"), """
                stockroom:
                  metrics:
                    currency: GBP
                   locale: en-GB
                """);

        // feeds is answered without the application (QuickCli); a setting on the command line starts it
        for (String command : List.of("application", "feeds")) {
            CliProcess.Ran ran = CliProcess.run(
                    dir.resolve("logs"),
                    List.of(),
                    command.equals("application")
                            ? new String[] {
                                "--data-dir", data.toString(), "users", "list", "--stockroom.metrics.locale=en-GB"
                            }
                            : new String[] {"--data-dir", data.toString(), "feeds"});

            assertThat(ran.exit()).as(ran.terminal()).isEqualTo(2);
            assertThat(ran.terminal().strip())
                    .as(command)
                    .startsWith("stockroom: " + settings + " is not valid YAML at line 4")
                    .contains("indented by two spaces")
                    .doesNotContain("\tat ")
                    .hasLineCount(1);
        }
    }

    @Test
    void aValueThatIsNotACurrencyNamesTheKeyTheFileAndTheLine() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path settings = Files.writeString(data.resolve("stockroom.yaml"), """
                stockroom:
                  metrics:
                    locale: en-GB
                    currency: pounds
                """);

        CliProcess.Ran ran =
                CliProcess.run(dir.resolve("logs"), List.of(), "--data-dir", data.toString(), "users", "list");

        assertThat(ran.exit()).as(ran.terminal()).isEqualTo(2);
        assertThat(ran.terminal())
                .contains("stockroom.metrics.currency")
                .contains("'pounds'")
                .contains(settings + ", line 4")
                .contains("ISO 4217")
                .doesNotContain("\tat ");
    }

    @Test
    void aMisspeltKeyInTheDataDirectorysFileStopsTheStartNamingTheKeyItMeant() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path settings = Files.writeString(data.resolve("stockroom.yaml"), """
                stockroom:
                  metrics:
                    curency: GBP
                """);

        CliProcess.Ran ran =
                CliProcess.run(dir.resolve("logs"), List.of(), "--data-dir", data.toString(), "users", "list");

        assertThat(ran.exit()).as(ran.terminal()).isEqualTo(2);
        assertThat(ran.terminal())
                .contains("stockroom.metrics.curency")
                .contains(settings + ", line 3")
                .contains("did you mean stockroom.metrics.currency?");
    }

    @Test
    void aMisspeltSettingOnTheCommandLineIsRefusedWithTheKeyItMeant() throws Exception {
        CliProcess.Ran ran = CliProcess.run(
                dir.resolve("logs"),
                List.of(),
                "--data-dir",
                dir.resolve("data").toString(),
                "users",
                "list",
                "--stockroom.metrics.curency=EUR");

        assertThat(ran.exit()).as(ran.terminal()).isEqualTo(2);
        assertThat(ran.terminal().strip())
                .startsWith("stockroom: Unknown setting stockroom.metrics.curency (on the command line)")
                .contains("did you mean stockroom.metrics.currency?")
                .hasLineCount(1);
    }

    private static String[] args(Path data, List<String> command) {
        List<String> all = new java.util.ArrayList<>(List.of("--data-dir", data.toString()));
        all.addAll(command);
        return all.toArray(String[]::new);
    }

    /** The summary's net sales line. */
    private static String netSales(String out) {
        return out.lines()
                .filter(l -> l.strip().startsWith("net sales"))
                .findFirst()
                .orElse("(no net sales line)");
    }

    private static String get(String url, String token) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
