package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same file gives the same warehouse on DuckDB and on PostgreSQL: the same rows loaded, the same rows quarantined
 * for the same reasons, the same issues. A value one engine's own input functions would read (an underscore between
 * digits, a hex number, a blank around a number) must not load on one engine and be quarantined on the other.
 */
class EnginesReadAlikeTest {

    private static final String SALES_HEADER = "store_id,sku,date,units_sold,total_sales,transactions\n";
    private static final String SALES_GOOD = "S1,A,2025-02-01,3,3.00,2\nS2,A,2025-02-01,1,1.00,1\n";
    private static final String INVENTORY_HEADER = "store_id,sku,date,on_hand,on_order,reserved\n";
    private static final String INVENTORY_GOOD = "S1,A,2025-02-01,3,0,0\nS2,A,2025-02-01,1.5,2,\n";

    @TempDir
    Path dir;

    TestWarehouse duckDb;
    TestWarehouse postgres;

    @BeforeEach
    void open() throws IOException {
        duckDb = new TestWarehouse(dir.resolve("duckdb"), new StockroomProperties.Warehouse("duckdb", "1GB", 2));
        postgres = new TestWarehouse(dir.resolve("postgres"), TestPostgres.newWarehouse());
        for (TestWarehouse w : List.of(duckDb, postgres)) {
            load(w, "stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
            load(
                    w,
                    "products.csv",
                    "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n"
                            + "B,Banana,Fresh,Fruit,0.20,0.40\nC,Cheddar,Dairy,Cheese,2.00,3.50\n");
        }
    }

    @AfterEach
    void close() {
        duckDb.close();
        postgres.close();
    }

    @Test
    void everyTrickySalesLineEndsTheSameOnBothEngines() throws IOException {
        assertThat(differences("sales", SALES_HEADER + SALES_GOOD, TrickyValues.SALES, SALES))
                .as("lines read differently")
                .isEmpty();
    }

    @Test
    void everyTrickyInventoryLineEndsTheSameOnBothEngines() throws IOException {
        assertThat(differences("inventory", INVENTORY_HEADER + INVENTORY_GOOD, TrickyValues.INVENTORY, INVENTORY))
                .as("lines read differently")
                .isEmpty();
    }

    /** Each line after the clean ones, as a file of its own on both engines: the lines whose outcomes differ. */
    private List<String> differences(String dataset, String clean, List<String> lines, String rowsSql)
            throws IOException {
        List<String> differ = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            String file = dataset + "_" + (n++) + ".csv";
            FeedResult dr = load(duckDb, file, clean + line + "\n");
            FeedResult pr = load(postgres, file, clean + line + "\n");
            String d = outcome(duckDb, dr, rowsSql);
            String p = outcome(postgres, pr, rowsSql);
            if (!d.equals(p)) {
                differ.add(line + "\n  duckdb:     " + d + "\n  postgresql: " + p + "\n  stages: "
                        + dr.summary().stageMillis().keySet() + " / "
                        + pr.summary().stageMillis().keySet());
            }
        }
        return differ;
    }

    private static final String SALES =
            "SELECT concat_ws('|', store_id, sku, business_date, units_sold, total_sales, transactions, channel,"
                    + " CASE WHEN is_return THEN 'return' ELSE 'sale' END) FROM sales WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = ?)";
    private static final String INVENTORY =
            "SELECT concat_ws('|', store_id, sku, business_date, on_hand, on_order, reserved) FROM inventory"
                    + " WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = ?)";

    /**
     * Status, counts, issues (but the note of which path read the file, and the rows it updated, which depend on what
     * the files before it loaded), the feed's rows and its quarantine.
     */
    private static String outcome(TestWarehouse w, FeedResult r, String rowsSql) {
        List<String> issues = r.summary().issues().stream()
                .filter(i -> !List.of("GENERAL_PARSERS", "ROWS_UPDATED").contains(i.code()))
                .map(i -> i.code() + " " + i.rows())
                .sorted()
                .toList();
        return r.status() + " loaded " + r.recordsLoaded() + " quarantined " + r.recordsQuarantined() + " " + issues
                + " rows " + w.strings(rowsSql.replace("?", "'" + r.feedId() + "'") + " ORDER BY 1")
                + " quarantine "
                + w.strings("SELECT concat_ws('|', source_line, reasons) FROM quarantine WHERE feed_id = '" + r.feedId()
                        + "' ORDER BY source_line");
    }

    private FeedResult load(TestWarehouse w, String name, String content) throws IOException {
        Path f = Files.createTempFile(dir, "upload", ".csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return w.ingestWithThreshold(0.9).ingest(f, IngestRequest.of(name, null, null, "cli"));
    }
}
