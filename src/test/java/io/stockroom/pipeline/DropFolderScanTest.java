package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop folder as a data engineer fills it at 6 AM: a NAS mount linked in, a file linked from a share, a folder per
 * store, a date folder written another way. Every file there is either read or named on the run with why, never passed
 * over while the run says the feed is missing.
 */
class DropFolderScanTest {

    static final LocalDate D1 = LocalDate.of(2025, 3, 1);
    static final LocalDate D2 = D1.plusDays(1);
    static final String SALES = "store_id,sku,date,units_sold,total_sales\n";

    @TempDir
    Path dir;

    /** Outside the data directory: a share or a mount the drop folder links to. */
    @TempDir
    Path share;

    TestWarehouse w;
    PipelineService pipeline;
    Path drop;

    @BeforeEach
    void setUp() throws IOException {
        w = new TestWarehouse(dir);
        pipeline = new PipelineService(
                w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), w.properties);
        drop = w.properties.resolvedDropDir();
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void filesBehindSymbolicLinksAreReadAndALinkThatLoopsIsNamedNotFollowed() throws IOException {
        // the drop folder itself is a link to a mount
        Path mount = Files.createDirectories(share.resolve("mount"));
        Files.deleteIfExists(drop);
        Files.createDirectories(drop.getParent());
        Files.createSymbolicLink(drop, mount);
        masterData(mount.resolve(D1.toString()));
        // a file linked in from elsewhere
        write(share.resolve("exports/sales_d1.csv"), SALES + "S1,A,2025-03-01,3,3\n");
        Files.createSymbolicLink(drop.resolve(D1 + "/sales.csv"), share.resolve("exports/sales_d1.csv"));
        // a date folder linked in
        write(share.resolve("d2/sales.csv"), SALES + "S1,A,2025-03-02,4,4\nS2,A,2025-03-02,1,1\n");
        Files.createSymbolicLink(drop.resolve(D2.toString()), share.resolve("d2"));
        // a link back up: followed, it would loop
        Files.createSymbolicLink(drop.resolve(D1 + "/again"), drop);

        RunResult d1 = pipeline.run(D1, Trigger.CLI);
        RunResult d2 = pipeline.run(D2, Trigger.CLI);

        assertThat(d1.feeds()).extracting(FeedResult::dataset).containsExactly("stores", "products", "sales");
        assertThat(d2.feeds()).extracting(FeedResult::dataset).containsExactly("sales");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(3);
        assertThat(stage(d1, "drop_folder").detail())
                .contains(D1 + "/again/ (a link to a folder above it: not followed, it would loop)");
    }

    @Test
    void aFileInASubFolderOfADateFolderOrInACompactDateFolderIsReadForThatDate() throws IOException {
        masterData(drop.resolve(D1.toString()));
        write(drop.resolve(D1 + "/S1/sales.csv"), SALES + "S1,A,2025-03-01,3,3\n");
        write(drop.resolve(D1 + "/S2/sales.csv"), SALES + "S2,A,2025-03-01,2,2\n");
        write(drop.resolve("20250302/sales.csv"), SALES + "S1,A,2025-03-02,4,4\n");

        RunResult d1 = pipeline.run(D1, Trigger.CLI);
        RunResult d2 = pipeline.run(D2, Trigger.CLI);

        assertThat(d1.feeds())
                .filteredOn(f -> "sales".equals(f.dataset()))
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.businessDate()).isEqualTo(D1));
        assertThat(d2.feeds())
                .singleElement()
                .satisfies(f -> assertThat(f.businessDate()).isEqualTo(D2));
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-01'"))
                .isEqualTo(2);
        assertThat(d1.stages()).noneMatch(s -> s.name().equals("drop_folder"));
        assertThat(pipeline.run(D2, Trigger.CLI).feeds()).as("each read once").isEmpty();
    }

    /**
     * A link to a sibling folder (a 'latest' link beside the store folders, the sender's compact date name kept as a
     * link to the date folder) reached the same files again: each was read twice, a second feed per file (a duplicate,
     * or a second load had the file changed between the two reads).
     */
    @Test
    void aFileReachedTwiceThroughALinkToASiblingFolderIsReadOnceAndTheRunSaysSo() throws IOException {
        masterData(drop.resolve(D1.toString()));
        write(drop.resolve(D1 + "/S1/sales.csv"), SALES + "S1,A,2025-03-01,3,3\n");
        Files.createSymbolicLink(drop.resolve(D1 + "/latest"), drop.resolve(D1 + "/S1"));
        Files.createSymbolicLink(drop.resolve("20250301"), drop.resolve(D1.toString()));

        RunResult d1 = pipeline.run(D1, Trigger.CLI);

        assertThat(d1.feeds()).extracting(FeedResult::dataset).containsExactly("stores", "products", "sales");
        assertThat(w.count("SELECT COUNT(*) FROM feeds")).isEqualTo(3);
        RunStore.Stage stage = stage(d1, "drop_folder");
        assertThat(stage.detail())
                .contains(
                        D1 + "/latest/sales.csv (reached twice, read once: the same file as " + D1 + "/S1/sales.csv",
                        "20250301/stores.csv (reached twice, read once: the same file as " + D1 + "/stores.csv");
        assertThat(stage.status()).as("nothing to fix: the file was read").isEqualTo("succeeded");
        assertThat(d1.status()).isEqualTo("succeeded");
        RunResult again = pipeline.run(D1, Trigger.CLI);
        assertThat(again.feeds()).as("no route to it is new on the next run").isEmpty();
        assertThat(again.stages()).noneMatch(s -> s.name().equals("drop_folder"));
    }

    @Test
    void whatTheScanDoesNotReadIsNamedOnTheRunWithWhyAndHowToFixIt() throws IOException {
        write(drop.resolve("2025-3-2/sales.csv"), SALES + "S1,A,2025-03-02,4,4\n");
        write(drop.resolve("archive/sales.csv"), SALES + "S1,A,2025-02-01,4,4\n");
        write(drop.resolve(D2 + "/inventory.csv.part"), "store_id,sku,date,on_hand\n");
        write(drop.resolve(D2 + "/.DS_Store"), "x");
        Files.createSymbolicLink(drop.resolve(D2 + "/labour.csv"), share.resolve("gone.csv"));

        RunResult r = pipeline.run(D2, Trigger.CLI);

        assertThat(r.feeds()).isEmpty();
        RunStore.Stage stage = stage(r, "drop_folder");
        assertThat(stage.status()).isEqualTo("warning");
        assertThat(stage.detail())
                .contains(
                        "2025-3-2/ (not a YYYY-MM-DD date folder: rename it 2025-03-02 to have its files read for"
                                + " 2025-03-02)",
                        "archive/ (not a date folder",
                        D2 + "/inventory.csv.part (still being written",
                        D2 + "/labour.csv (a link to a file that is not there")
                .doesNotContain(".DS_Store");
        assertThat(r.status()).isEqualTo("warning");
        assertThat(r.ok()).as("stockroom run exits 1").isFalse();
        assertThat(r.error()).contains("2025-3-2/", "rename it 2025-03-02");
        assertThat(new RunStore(w.warehouse).find(r.runId()).orElseThrow().status())
                .isEqualTo("warning");
    }

    @Test
    void aFileStillBeingWrittenIsNamedButDoesNotMakeTheRunAWarning() throws IOException {
        write(drop.resolve(D1 + "/sales.csv.part"), SALES);

        RunResult r = pipeline.run(D1, Trigger.CLI);

        assertThat(stage(r, "drop_folder").detail()).contains(D1 + "/sales.csv.part (still being written");
        assertThat(stage(r, "drop_folder").status()).isEqualTo("succeeded");
        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(r.ok()).isTrue();
    }

    private static RunStore.Stage stage(RunResult r, String name) {
        return r.stages().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name + " in " + r.stages()));
    }

    private static void masterData(Path folder) throws IOException {
        write(folder.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
        write(folder.resolve("products.csv"), "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n");
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(5)));
    }
}
