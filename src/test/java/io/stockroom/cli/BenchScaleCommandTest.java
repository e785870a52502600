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
        assertThat(scaleOnDuckDb("--stores", "3,6", "--skus", "200"))
                .contains("== 3 stores × 200 SKUs", "== 6 stores × 200 SKUs")
                .contains("load rows/s", "marts rows/s")
                .containsPattern("duckdb +3 +200 +720 ")
                .containsPattern("duckdb +6 +200 +1,440 ")
                .doesNotContain("trino ");
    }

    @Test
    void withDaysOfHistoryItSaysHowLongTheirLoadAndRebuildTookBeforeTimingTheLastDay() {
        assertThat(scaleOnDuckDb("--stores", "3", "--skus", "200", "--days", "3"))
                .containsPattern("duckdb 3 stores: history of 2 days loaded in [0-9,]+ ms, marts rebuilt in [0-9,]+ ms")
                .containsPattern("duckdb +3 +200 +720 ");
    }

    /** What {@code bench scale} with these options prints, in a working folder of the test's; it must exit 0. */
    private String scaleOnDuckDb(String... options) {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand(null));
        cli.setOut(new PrintWriter(text, true));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("scale"));
        args.addAll(java.util.List.of(options));
        args.addAll(java.util.List.of("--work-dir", dir.resolve("bench").toString()));
        assertThat(cli.execute(args.toArray(String[]::new))).isZero();
        return text.toString();
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
