package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data engineer whose `stockroom` was killed half-way (kill -9, a closed laptop, out of memory) runs the next
 * command in the terminal: that command must say what the start found and did, not only its own result (the log
 * file in the data directory is not where a CLI user looks).
 */
class CrashNoticeTest {

    @TempDir
    Path dir;

    @Test
    void theCommandAfterAKillSaysWhichRunAndFeedWereInterruptedAndWhatBecameOfThem() throws Exception {
        Path data = dir.resolve("data");
        Path drop = Files.createDirectories(data.resolve("drop").resolve("2025-03-01"));
        Files.writeString(drop.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
        Files.writeString(
                drop.resolve("products.csv"),
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\nB,Banana,Fruit,0.2,0.4\n");
        Files.writeString(
                drop.resolve("sales.csv"),
                "store_id,sku,business_date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS2,B,2025-03-01,5,2\n");
        Path upload = Files.writeString(
                dir.resolve("sales_fix.csv"),
                "store_id,sku,business_date,units_sold,total_sales\nS1,B,2025-03-01,2,0.8\n");
        Path logs = dir.resolve("logs");

        // a run killed before its models: its files are loaded, the run says 'running'
        CliProcess.Ran killedRun = CliProcess.run(
                logs,
                List.of("-Dstockroom.fault.kill-at=run.before-models"),
                "--data-dir",
                data.toString(),
                "run",
                "--date",
                "2025-03-01");
        assertThat(killedRun.exit()).as(killedRun.terminal()).isEqualTo(137);

        // the next command, an ingest, is killed too, inside its load transaction: its feed says 'processing'
        CliProcess.Ran killedIngest = CliProcess.run(
                logs,
                List.of("-Dstockroom.fault.kill-at=ingest.before-commit"),
                "--data-dir",
                data.toString(),
                "ingest",
                upload.toString());
        assertThat(killedIngest.exit()).as(killedIngest.terminal()).isEqualTo(137);
        assertThat(killedIngest.err())
                .as("the ingest's start settled the run the first kill left")
                .containsPattern("run run-2025-03-01-\\w+ was under way when Stockroom last stopped")
                .contains("marked failed")
                .contains("stockroom run --date 2025-03-01");

        CliProcess.Ran next =
                CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "run", "--date", "2025-03-01");
        assertThat(next.exit()).as(next.terminal()).isZero();
        assertThat(next.err())
                .as("the feed the killed ingest left, loaded again from the raw file it had kept")
                .containsPattern("feed feed-\\w+ \\(sales_fix.csv\\) was processing when Stockroom last stopped: "
                        + "loaded again from its raw file: transformed");
    }

    @Test
    void feedsAfterAKilledIngestSayTheFeedStoppedAndWhatTheNextCommandDoesInsteadOfProcessing() throws Exception {
        Path data = dir.resolve("data");
        Path stores = Files.writeString(dir.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\n");
        Path logs = dir.resolve("logs");
        CliProcess.Ran killed = CliProcess.run(
                logs,
                List.of("-Dstockroom.fault.kill-at=ingest.before-commit"),
                "--data-dir",
                data.toString(),
                "ingest",
                stores.toString());
        assertThat(killed.exit()).as(killed.terminal()).isEqualTo(137);

        // nothing runs now: the read commands open the file read-only and find the feed the killed process left
        CliProcess.Ran feeds = CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "feeds");
        assertThat(feeds.exit()).as(feeds.terminal()).isZero();
        String feedId = feeds.out()
                .lines()
                .filter(l -> l.contains("stores.csv"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(feeds.terminal()))
                .split("\\s+")[0];
        assertThat(feeds.out())
                .contains("the process loading it stopped (crash or kill)")
                .contains("next command that opens the warehouse for writing");
        CliProcess.Ran feed = CliProcess.run(logs, List.of(), "--data-dir", data.toString(), "feed", feedId);
        assertThat(feed.exit()).as(feed.terminal()).isZero();
        assertThat(feed.out())
                .contains("the process loading it stopped (crash or kill)")
                .doesNotContain("· null ·");
    }
}
