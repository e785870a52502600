package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the data engineer sees when the configuration or the machine stops the application from starting: one message
 * saying what is wrong and what to do, exit 2, and no Spring or Logback stack trace before (or after) it.
 */
class StartupProblemsTest {

    @TempDir
    Path dir;

    @Test
    void aConfigurationFileThatIsNotValidYamlIsNamedWithItsLine() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/config")).getParent();
        Files.writeString(work.resolve("config/application.yaml"), """
                stockroom:
                  warehouse:
                    url: jdbc:postgresql://127.0.0.1:5432/stockroom
                    user: stockroom
                   password: secret
                """);

        assertThat(refusedAtStart(work, List.of()))
                .contains("config/application.yaml")
                .contains("line 5");
    }

    @Test
    void aValueOfTheWrongKindNamesTheKeyTheValueAndTheFile() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/config")).getParent();
        Files.writeString(work.resolve("config/application.properties"), """
                stockroom.warehouse.memory-limit=1GB
                stockroom.warehouse.pool-size=ten
                """);

        assertThat(refusedAtStart(work, List.of()))
                .contains("stockroom.warehouse.pool-size")
                .contains("'ten'")
                .contains("application.properties, line 2");
    }

    @Test
    void aScheduleThatIsNotACronSaysWhatACronLooksLike() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/config")).getParent();
        Files.writeString(work.resolve("config/application.yaml"), """
                stockroom:
                  schedule:
                    cron: "every morning"
                """);

        assertThat(refusedAtStart(work, List.of()))
                .contains("stockroom.schedule.cron")
                .contains("every morning")
                .contains("0 30 5 * * *");
    }

    @Test
    void aMisspeltKeyStopsTheStartNamingItsFileAndTheKeyItMeant() throws Exception {
        // before, the schedule below was ignored without a word and the server never ran at 05:30
        Path work = Files.createDirectories(dir.resolve("work/config")).getParent();
        Files.writeString(work.resolve("config/application.yaml"), """
                stockroom:
                  scheduel:
                    cron: "0 30 5 * * *"
                  retention:
                    datasets:
                      sales:
                        raw-days: 10
                """);

        assertThat(refusedAtStart(work, List.of()))
                .contains("stockroom.scheduel.cron")
                .contains("config/application.yaml, line 3")
                .contains("did you mean stockroom.schedule.cron?")
                .doesNotContain("datasets.sales");
    }

    @Test
    void anUnknownFieldOfAKnownGroupStopsTheStartToo() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/config")).getParent();
        Files.writeString(work.resolve("config/application.properties"), """
                stockroom.sla.deadlines.sales=10:00
                stockroom.retention.datasets.sales.raw-dayz=10
                """);

        assertThat(refusedAtStart(work, List.of()))
                .contains("stockroom.retention.datasets.sales.raw-dayz")
                .contains("application.properties, line 2")
                .contains("did you mean stockroom.retention.datasets.sales.raw-days?");
    }

    @Test
    void aPortInUseSaysSoAndHowToChooseAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            CliProcess.Ran ran = CliProcess.run(
                    dir.resolve("logs"),
                    List.of(),
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "serve",
                    "--port",
                    String.valueOf(port));

            assertThat(ran.exit()).isEqualTo(2);
            assertThat(ran.err())
                    .contains("stockroom: Port " + port + " is already in use")
                    .contains("--port")
                    .doesNotContain("\tat ")
                    .doesNotContain("Failed to start bean");
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsOneMessage() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("a-file"), "x");

        CliProcess.Ran ran = CliProcess.run(
                dir.resolve("logs"),
                List.of(),
                "--data-dir",
                notAFolder.resolve("data").toString(),
                "users",
                "list");

        assertThat(ran.exit()).isEqualTo(2);
        assertThat(ran.terminal().strip())
                .startsWith("stockroom: Cannot create the data directory " + notAFolder.resolve("data"))
                .contains("--data-dir")
                .doesNotContain("|-ERROR")
                .doesNotContain("\tat ")
                .hasLineCount(1);
    }

    @Test
    void twoDifferentZonesForTheRetailerAreNamedBoth() throws Exception {
        // stockroom.timezone and stockroom.metrics.time-zone are one setting (RetailerTimeZoneTest)
        assertThat(refusedAtStart(
                        null,
                        List.of(
                                "-Dstockroom.timezone=America/New_York",
                                "-Dstockroom.metrics.time-zone=Europe/London")))
                .contains("stockroom.timezone is America/New_York")
                .contains("stockroom.metrics.time-zone is Europe/London");
    }

    @Test
    void aTimeZoneThatDoesNotExistIsNamedWithExamples() throws Exception {
        assertThat(refusedAtStart(null, List.of("-Dstockroom.timezone=Eastern")))
                .contains("stockroom.timezone = 'Eastern' is not a time zone")
                .contains("America/New_York");
    }

    /**
     * {@code stockroom users list} started in {@code work} (null: here) with {@code jvmOptions}: it must stop at start
     * with exit 2 and one message, no Spring or Logback trace; returns what the terminal showed.
     */
    private String refusedAtStart(Path work, List<String> jvmOptions) throws Exception {
        CliProcess.Ran ran = CliProcess.runIn(
                work,
                dir.resolve("logs"),
                jvmOptions,
                "--data-dir",
                dir.resolve("data").toString(),
                "users",
                "list");
        assertThat(ran.exit()).as(ran.terminal()).isEqualTo(2);
        assertThat(ran.terminal())
                .startsWith("stockroom: ")
                .doesNotContain("\tat ")
                .doesNotContain("Error creating bean")
                .doesNotContain("Application run failed");
        return ran.terminal();
    }
}
