package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.demo.ChainGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void writesIntoTheDropFolderOfTheDataDirectoryAndPrintsASummary() {
        StringWriter out = new StringWriter();
        int code = cli(out, new StringWriter())
                .execute("--stores", "2", "--areas", "2", "--skus", "30", "--days", "5", "--end-date", "2025-03-31");

        assertThat(code).isZero();
        Path drop = dataDir.resolve("drop");
        assertThat(drop.resolve("2025-03-27").resolve("products.csv")).exists();
        assertThat(drop.resolve("2025-03-31").resolve("sales.csv")).exists();
        assertThat(out.toString())
                .contains("Wrote a demo chain to " + drop.toAbsolutePath().normalize())
                .contains("2 stores in 2 areas, 30 SKUs, 8 suppliers, 5 days: 2025-03-27 to 2025-03-31")
                .contains("inventory 300")
                .contains("Planted problems")
                .contains("lacks the required column total_sales");
        assertThat(out.toString().lines().count()).isLessThan(25); // one screen
    }

    @Test
    void aBadSizeNamesTheFlagAndWritesNothing() {
        StringWriter err = new StringWriter();
        int code = cli(new StringWriter(), err).execute("--stores", "0");

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("Parameter '--stores' must be between 1 and 500, got 0.");
        assertThat(Files.exists(dataDir.resolve("drop"))).isFalse();
    }

    private CommandLine cli(StringWriter out, StringWriter err) {
        StockroomProperties properties = new StockroomProperties(dataDir, null, null, null, null);
        CommandLine cli = new CommandLine(new GenerateCommand(new ChainGenerator(), properties));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(ex.getMessage());
            return 2;
        });
        return cli;
    }

    @Test
    void fewerStoresThanDefaultAreasNeedsNoAreasFlag() {
        ChainOptions options = new ChainOptions();
        picocli.CommandLine.populateCommand(options, "--stores", "2");
        org.assertj.core.api.Assertions.assertThat(options.spec().areas()).isEqualTo(2);
        picocli.CommandLine.populateCommand(options, "--stores", "12");
        org.assertj.core.api.Assertions.assertThat(options.spec().areas()).isEqualTo(3);
    }
}
