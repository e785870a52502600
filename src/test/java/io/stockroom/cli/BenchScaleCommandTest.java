package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code stockroom bench scale}: a list of sizes on DuckDB, and Trino only with its PostgreSQL warehouse. */
class BenchScaleCommandTest {

    @TempDir
    Path dir;

    @Test
    void measuresEverySizeOnDuckDbAndPrintsRowsPerSecondPerStage() {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand(null));
        cli.setOut(new PrintWriter(text, true));
        int code = cli.execute(
                "scale",
                "--stores",
                "3,6",
                "--skus",
                "200",
                "--work-dir",
                dir.resolve("bench").toString());
        assertThat(code).isZero();
        assertThat(text.toString())
                .contains("== 3 stores × 200 SKUs", "== 6 stores × 200 SKUs")
                .contains("load rows/s", "marts rows/s")
                .containsPattern("duckdb +3 +200 +720 ")
                .containsPattern("duckdb +6 +200 +1,440 ")
                .doesNotContain("trino ");
    }

    @Test
    void withDaysOfHistoryItSaysHowLongTheirLoadAndRebuildTookBeforeTimingTheLastDay() {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand(null));
        cli.setOut(new PrintWriter(text, true));
        int code = cli.execute(
                "scale",
                "--stores",
                "3",
                "--skus",
                "200",
                "--days",
                "3",
                "--work-dir",
                dir.resolve("bench").toString());
        assertThat(code).isZero();
        assertThat(text.toString())
                .containsPattern("duckdb 3 stores: history of 2 days loaded in [0-9,]+ ms, marts rebuilt in [0-9,]+ ms")
                .containsPattern("duckdb +3 +200 +720 ");
    }

    @Test
    void trinoNeedsTheDatabaseItsCatalogsPointAt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand(null));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(
                "scale", "--stores", "3", "--trino-url", "jdbc:trino://127.0.0.1:8080", "--work-dir", dir.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--trino-url needs --url jdbc:postgresql://");
    }
}
