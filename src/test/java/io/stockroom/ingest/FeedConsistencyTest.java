package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.model.ModelRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a feed reports agrees with what it loaded: margin over costed rows, a quarantined row's real reasons (issue #16). */
class FeedConsistencyTest {

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void masterData() throws IOException {
        w = new TestWarehouse(dir.resolve("data"));
        load("stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        load(
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\nB,Banana,Fresh,Fruit,0.20,0.40\n"
                        + "N,New line,Fresh,Fruit,,5.00\n");
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void theFeedMarginCountsOnlyCostedRowsAndSaysHowManyRowsLackACost() throws IOException {
        FeedResult r = load(
                "sales_2025-02-01.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,4,4.00\nS1,B,2025-02-01,10,4.00\n"
                        + "S1,N,2025-02-01,2,10.00\n");
        FeedSummary.Metrics m = r.summary().metrics();
        assertThat(m.grossRevenue()).isEqualTo(18.0);
        assertThat(m.cogs()).isEqualTo(4.0);
        assertThat(m.costedRevenue()).isEqualTo(8.0);
        assertThat(m.margin()).isEqualTo(4.0);
        assertThat(m.marginPct()).as("(8 - 4) / 8, not (18 - 4) / 18").isEqualTo(50.0);
        assertThat(m.missingProductCost()).isEqualTo(1);
        assertThat(r.summary().issues()).anyMatch(i -> i.code().equals("MISSING_PRODUCT_COST") && i.rows() == 1);
    }

    @Test
    void aWordInARequiredNumberColumnIsAnInvalidNumberNotAlsoAnEmptyValue() throws IOException {
        FeedResult r = w.ingestWithThreshold(1.0)
                .ingest(
                        write(
                                "sales_x.csv",
                                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,1,abc\n"
                                        + "S1,B,2025-02-01,1,\n" + "S1,A,2025-02-02,1,1.00\n"),
                        IngestRequest.of("sales_x.csv", null, null, "cli"));
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND source_line = 2"))
                .contains("INVALID_NUMBER")
                .doesNotContain("MISSING_VALUE");
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND source_line = 3"))
                .contains("MISSING_VALUE")
                .doesNotContain("INVALID_NUMBER");
        assertThat(r.summary().issues())
                .anyMatch(i -> i.code().equals("MISSING_VALUE") && i.rows() == 1)
                .anyMatch(i -> i.code().equals("INVALID_NUMBER") && i.rows() == 1);
    }

    @Test
    void quarantinedRowsByReasonListTheErrorsThatQuarantinedThemNotTheirWarnings() throws IOException {
        FeedResult r = w.ingestWithThreshold(1.0)
                .ingest(
                        write(
                                "inventory_x.csv",
                                "store_id,sku,date,on_hand,on_order\nS1,A,2025-02-01,-5,-1\n"
                                        + "S1,B,2025-02-01,3,0\n"),
                        IngestRequest.of("inventory_x.csv", null, null, "cli"));
        assertThat(r.recordsQuarantined()).isEqualTo(1);
        new ModelRunner(w.warehouse).rebuildAll();
        assertThat(w.string("SELECT string_agg(code, ',' ORDER BY code) FROM mart_quarantine_reasons WHERE feed_id = '"
                        + r.feedId() + "'"))
                .isEqualTo("NEGATIVE_ON_ORDER");
    }

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private FeedResult load(String name, String content) throws IOException {
        FeedResult r = w.ingest.ingest(write(name, content), IngestRequest.of(name, null, null, "cli"));
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        return r;
    }
}
