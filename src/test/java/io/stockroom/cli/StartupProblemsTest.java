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

        CliProcess.Ran ran = CliProcess.runIn(
                work,
                dir.resolve("logs"),
                List.of(),
                "--data-dir",
                dir.resolve("data").toString(),
                "users",
                "list");

        assertThat(ran.exit()).isEqualTo(2);
        assertThat(ran.terminal())
                .startsWith("stockroom: ")
                .contains("config/application.yaml")
                .contains("line 5")
                .doesNotContain("\tat ")
                .doesNotContain("Application run failed");
    }

    @Test
    void aValueOfTheWrongKindNamesTheKeyTheValueAndTheFile() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/config")).getParent();
        Files.writeString(work.resolve("config/application.properties"), """
                stockroom.warehouse.memory-limit=1GB
                stockroom.warehouse.pool-size=ten
                """);

        CliProcess.Ran ran = CliProcess.runIn(
                work,
                dir.resolve("logs"),
                List.of(),
                "--data-dir",
                dir.resolve("data").toString(),
                "users",
                "list");

        assertThat(ran.exit()).isEqualTo(2);
        assertThat(ran.terminal())
                .startsWith("stockroom: ")
                .contains("stockroom.warehouse.pool-size")
                .contains("'ten'")
                .contains("application.properties, line 2")
                .doesNotContain("\tat ")
                .doesNotContain("Error creating bean");
    }

    @Test
    void aScheduleThatIsNotACronSaysWhatACronLooksLike() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/config")).getParent();
        Files.writeString(work.resolve("config/application.yaml"), """
                stockroom:
                  schedule:
                    cron: "every morning"
                """);

        CliProcess.Ran ran = CliProcess.runIn(
                work,
                dir.resolve("logs"),
                List.of(),
                "--data-dir",
                dir.resolve("data").toString(),
                "users",
                "list");

        assertThat(ran.exit()).isEqualTo(2);
        assertThat(ran.terminal())
                .startsWith("stockroom: ")
                .contains("stockroom.schedule.cron")
                .contains("every morning")
                .contains("0 30 5 * * *")
                .doesNotContain("\tat ")
                .doesNotContain("Error creating bean");
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
}
