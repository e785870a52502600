package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.IngestRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which dates the lake is behind the warehouse on (docs/scale.md), read from the warehouse alone: what the quality API
 * shows as "lake not yet updated" and what the next publish takes along. Runs on the tests' engine (DuckDB, or
 * PostgreSQL with -Dstockroom.test.engine=postgres); the publishes themselves are TrinoLakeTest's.
 */
class LakeBacklogTest {

    @TempDir
    Path dir;

    @Test
    void theFactDatesLoadedAfterALakeTablesLastPublishAreBehindUntilTheNextPublish() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            LakeBacklog backlog = new LakeBacklog(w.warehouse);
            load(w, "stores", "store_id,name,area\nS1,Leeds,North\n");
            load(w, "products", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,2\n");
            load(
                    w,
                    "sales",
                    "store_id,sku,date,units_sold,total_sales,discount,transactions\nS1,A,2026-03-01,2,4.00,0,1\n");
            assertThat(backlog.behind())
                    .as("no lake table yet: nothing is behind")
                    .isEmpty();

            published(w, "sales", Instant.now());
            assertThat(backlog.behind()).as("published after the load").isEmpty();

            // an upload of two days of sales, and labour, which the lake does not hold
            load(
                    w,
                    "sales",
                    "store_id,sku,date,units_sold,total_sales,discount,transactions\nS1,A,2026-03-04,1,2.00,0,1\nS1,A,2026-03-06,3,6.00,0,1\n");
            load(w, "labour", "store_id,date,hours,labour_cost\nS1,2026-03-06,8,96\n");
            assertThat(backlog.behind())
                    .isEqualTo(Map.of(
                            "sales",
                            new java.util.TreeSet<>(List.of(
                                    LocalDate.parse("2026-03-04"),
                                    LocalDate.parse("2026-03-05"),
                                    LocalDate.parse("2026-03-06")))));

            // a file refused at the gate loaded nothing: not behind
            published(w, "sales", Instant.now());
            FeedResult refused = load(
                    w,
                    "sales",
                    "store_id,sku,date,units_sold,total_sales,discount,transactions\nS1,A,not a date,x,y,0,1\n");
            assertThat(refused.loaded()).isFalse();
            assertThat(backlog.behind()).isEmpty();
        }
    }

    private FeedResult load(TestWarehouse w, String dataset, String csv) throws Exception {
        Path file = Files.createTempFile(dir, dataset, ".csv");
        Files.writeString(file, csv);
        return w.ingest.ingest(file, IngestRequest.of(dataset + ".csv", dataset, null, "upload"));
    }

    /** What {@link Lake} records after a commit whose publish began at {@code started}. */
    private static void published(TestWarehouse w, String table, Instant started) {
        w.warehouse.inTransaction(c -> {
            Sql.on(c)
                    .sql("INSERT INTO lake_commits (table_name, business_date, snapshot_id, row_count, feed_ids, "
                            + "committed_at) VALUES (?, ?, 1, 1, 'f', ?)")
                    .param(Sql.text(table))
                    .param(Sql.date(LocalDate.parse("2026-03-01")))
                    .param(Sql.instant(started))
                    .update();
            return null;
        });
    }
}
