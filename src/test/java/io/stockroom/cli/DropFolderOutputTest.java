package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `stockroom run` says on its output what the drop folder holds that it did not read, and exits 1 for it. */
class DropFolderOutputTest {

    @TempDir
    Path dir;

    @Test
    void runNamesAMisnamedDateFolderWithItsRightNameAndExitsOne() throws IOException {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            PipelineService pipeline = new PipelineService(
                    w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), w.properties);
            Path folder = Files.createDirectories(w.properties.resolvedDropDir().resolve("2026-12-1"));
            Files.writeString(folder.resolve("labour.csv"), "store_id,date,hours,labour_cost\nS1,2026-12-01,8,80\n");

            StringWriter out = new StringWriter();
            CommandLine run = new CommandLine(new RunCommand(pipeline, w.properties)).setOut(new PrintWriter(out));

            assertThat(run.execute("--date", "2026-12-01")).isEqualTo(1);
            assertThat(out.toString())
                    .containsPattern("drop_folder\\s+warning")
                    .contains("2026-12-1/ (not a YYYY-MM-DD date folder: rename it 2026-12-01 to have its files read"
                            + " for 2026-12-01)");
        }
    }
}
