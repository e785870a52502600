package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A load that fails after its raw file was filed under its dataset and date (a statement that fails, here the injected
 * {@code stockroom.fault.fail-at=ingest.before-commit}) leaves the manifest naming where the file is, so the lake's
 * reconciliation at every start finds nothing missing. Isolated: the fault point is a system property, which a load
 * of a class running beside this one would reach too.
 */
@Isolated
class FailedLoadLakeTest {

    private static final String FAIL_AT = "stockroom.fault.fail-at";

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void masterData() throws IOException {
        w = new TestWarehouse(dir.resolve("data"));
        TestWarehouse.ok(w.load(dir, "stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n"));
        TestWarehouse.ok(w.load(
                dir,
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n"));
    }

    @AfterEach
    void close() {
        System.clearProperty(FAIL_AT);
        w.close();
    }

    @Test
    void aFailedLoadLeavesTheManifestNamingWhereItsRawFileIs() throws IOException {
        String header = "store_id,sku,date,units_sold,total_sales\n";
        // a clean file (the fast path) and one with a bad row (the general path); the date comes from the rows
        String[] files = {
            header + "S1,A,2025-02-01,1,1.00\nS2,A,2025-02-01,2,2.00\n",
            header + "S1,A,2025-02-02,1,1.00\nS2,A,2025-02-02,2,2.00\nS2,Z,2025-02-02,1,1.00\n"
        };
        for (String content : files) {
            FeedResult r;
            System.setProperty(FAIL_AT, "ingest.before-commit");
            try {
                r = w.load(dir, "sales.csv", content, 0.5);
            } finally {
                System.clearProperty(FAIL_AT);
            }
            assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
            assertThat(r.summary().error().message()).contains("fault point ingest.before-commit");
            String lakePath = w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'");
            assertThat(lakePath).startsWith("lake/raw/sales/").endsWith(r.feedId() + "__sales.csv");
            assertThat(dir.resolve("data").resolve(lakePath))
                    .as("the manifest names where the raw file is")
                    .isRegularFile();
            assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();
        }
        IngestService.LakeReport report = w.ingest.reconcileLake();
        assertThat(report.missingFiles()).as("no false alarm").isEmpty();
        assertThat(report.unknownFiles()).isEmpty();
        assertThat(report.clean()).as(String.valueOf(report)).isTrue();
    }

    /**
     * A manifest row written before this was fixed still names the incoming folder while its file is filed under its
     * date: the reconciliation points the row at the file (same name, same SHA-256) instead of asking for a backup.
     */
    @Test
    void theReconciliationCorrectsAManifestRowThatNamesTheIncomingFolder() throws IOException {
        FeedResult r = TestWarehouse.ok(
                w.load(dir, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,1,1.00\n"));
        String filed = w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'");
        String incoming = RawLake.INCOMING + "/" + Path.of(filed).getFileName();
        w.warehouse.withConnection(c -> c.createStatement()
                .execute(
                        "UPDATE raw_manifest SET lake_path = '" + incoming + "' WHERE feed_id = '" + r.feedId() + "'"));

        IngestService.LakeReport report = w.ingest.reconcileLake();

        assertThat(report.missingFiles()).isEmpty();
        assertThat(report.unknownFiles()).isEmpty();
        assertThat(report.manifestCorrected()).containsExactly(filed);
        assertThat(w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'"))
                .isEqualTo(filed);
        assertThat(Files.isRegularFile(dir.resolve("data").resolve(filed))).isTrue();
        assertThat(w.ingest.reconcileLake().clean()).isTrue();
    }
}
