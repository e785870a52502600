package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestEngine;
import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A full disk under the data directory is said by the run that meets it, not by tomorrow's that fails: on a full
 * tmpfs a run said "succeeded" (exit 0) while DuckDB could not write its log into the warehouse file at the end.
 */
class DiskSpaceTest {

    static final LocalDate D1 = LocalDate.of(2025, 3, 1);

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void setUp() throws IOException {
        w = new TestWarehouse(dir);
        Path day = Files.createDirectories(w.properties.resolvedDropDir().resolve(D1.toString()));
        Files.writeString(day.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\n");
        Files.writeString(day.resolve("products.csv"), "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n");
        Files.writeString(day.resolve("sales.csv"), "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\n");
    }

    @AfterEach
    void close() {
        System.clearProperty("stockroom.fault.fail-at");
        w.close();
    }

    @Test
    void aRunWhoseWarehouseCannotCheckpointEndsAsAWarningNamingTheDiskAndWhatItNeeds() {
        assumeThat(TestEngine.postgres())
                .as("PostgreSQL writes its own log; only the embedded file checkpoints")
                .isFalse();
        // the checkpoint fails as DuckDB's does on a full disk ("Could not write file ...: No space left on device")
        System.setProperty("stockroom.fault.fail-at", "warehouse.checkpoint");

        RunResult run = pipeline(w.properties).run(D1, Trigger.CLI);

        assertThat(run.status()).isEqualTo("warning");
        assertThat(run.ok()).as("stockroom run exits 1").isFalse();
        assertThat(run.error())
                .contains("could not checkpoint")
                .contains("warehouse.duckdb.wal")
                .contains("free on " + w.properties.resolvedDataDir())
                .contains("before the next run");
        assertThat(run.stages())
                .anySatisfy(s -> assertThat(s.name() + " " + s.status()).isEqualTo("disk warning"));
    }

    @Test
    void aRunStartingWithLessFreeSpaceThanTheThresholdWarnsWithTheFreeSpaceAndTheSetting() {
        StockroomProperties p = w.properties;
        StockroomProperties demanding = new StockroomProperties(
                p.dataDir(),
                p.contractsDir(),
                p.dropDir(),
                p.warehouse(),
                p.quality(),
                p.timezone(),
                p.dropSettleTime(),
                DataSize.ofTerabytes(1_000_000)); // more than any disk has

        RunResult run = pipeline(demanding).run(D1, Trigger.CLI);

        assertThat(run.status()).isEqualTo("warning");
        assertThat(run.ok()).isFalse();
        assertThat(run.error()).contains("free on " + p.resolvedDataDir()).contains("stockroom.min-free-space");
        assertThat(run.rowsLoaded()).as("the day still loads").isPositive();
    }

    /**
     * A lake the process cannot write (read-only, or here a file where its folder must be: root is never denied by
     * permissions) fails the run with the fix and the exit code of an environment problem: before, "Cannot copy
     * sales.csv into the raw lake: ...: Read-only file system" with no fix and exit 1, the code of a bad file.
     */
    @Test
    void aLakeThatCannotBeWrittenFailsTheRunWithTheFixAndTheCodeOfTheEnvironment() throws IOException {
        Path lake = w.properties.resolvedDataDir().resolve("lake/raw");
        Files.createDirectories(lake);
        Files.writeString(lake.resolve("_incoming"), "not a folder");

        RunResult run = pipeline(w.properties).run(D1, Trigger.CLI);

        assertThat(run.ok()).isFalse();
        assertThat(run.environmentProblem())
                .as("stockroom run exits 2: the machine, not the file, needs fixing")
                .isTrue();
        assertThat(run.error())
                .contains("Cannot copy")
                .contains("The file is not at fault")
                .contains("make " + w.properties.resolvedDataDir().resolve("lake") + " writable");
    }

    @Test
    void aRunWithRoomEnoughSaysNothingAboutTheDisk() {
        RunResult run = pipeline(w.properties).run(D1, Trigger.CLI);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.stages()).noneSatisfy(s -> assertThat(s.name()).isEqualTo("disk"));
    }

    private PipelineService pipeline(StockroomProperties properties) {
        return new PipelineService(
                w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), properties);
    }
}
