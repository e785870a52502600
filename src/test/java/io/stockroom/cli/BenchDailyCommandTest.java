package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code stockroom bench daily}: beside the wall times, the process CPU of the reference and of Stockroom per file, the
 * number a shared machine does not blur as much.
 */
class BenchDailyCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsWallAndCpuTimesPerFileBesideTheReference() {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand(null));
        cli.setOut(new PrintWriter(text, true));
        int code = cli.execute(
                "daily",
                "--stores",
                "3",
                "--skus",
                "200",
                "--work-dir",
                dir.resolve("bench").toString());
        assertThat(code).isZero();
        assertThat(text.toString())
                .containsPattern("sales +120 +[0-9,]+ +[0-9,]+ +[0-9,]+ +[0-9.]+")
                .containsPattern("inventory +600 ")
                .contains("ref CPU ms", "Stockroom CPU")
                .containsPattern("(?m)^CPU[^\\n]*\\n(sales|inventory) +[0-9,]+ +[0-9,]+ +[0-9.]+\\n")
                .containsPattern("(?m)^marts +[0-9,]+ +[0-9,]+ +[0-9.]+$")
                .containsPattern("(?m)^stage ms +receive +decode +read +validate +load$");
    }
}
