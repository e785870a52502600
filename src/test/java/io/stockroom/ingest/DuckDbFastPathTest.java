package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.io.InputStream;
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
 * DuckDB's fast path inserts a clean file straight into the fact table and checks the stored rows, which the table's
 * columns rounded to their scale. A value with more decimals than its column keeps must not slip past a check that
 * way: each file goes to a fast-path warehouse and to one whose inventory contract keeps every file on the general
 * path (a whole-row check that never fails), and both must end with the same rows, quarantine and issues.
 */
class DuckDbFastPathTest {

    private static final String HEADER = "store_id,sku,date,on_hand,on_order,reserved\n";
    private static final String GOOD = "S1,A,2025-02-01,3,0,0\nS2,A,2025-02-01,1.5,2,\nS1,B,2025-02-01,-2,,1\n";

    @TempDir
    Path dir;

    TestWarehouse fast;
    TestWarehouse general;

    @BeforeEach
    void open() throws IOException {
        fast = new TestWarehouse(dir.resolve("fast"));
        Path contracts = Files.createDirectories(dir.resolve("general/contracts"));
        try (InputStream contract = getClass().getResourceAsStream("/contracts/inventory.yaml")) {
            Files.writeString(
                    contracts.resolve("inventory.yaml"),
                    new String(contract.readAllBytes(), StandardCharsets.UTF_8)
                            + "checks:\n  - code: NEVER\n    column: store_id\n    when: \"FALSE\"\n"
                            + "    message: \"keeps the file on the general path\"\n");
        }
        general = new TestWarehouse(dir.resolve("general"));
        for (TestWarehouse w : List.of(fast, general)) {
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
        fast.close();
        general.close();
    }

    @Test
    void aCleanFileTakesTheFastPath() throws IOException {
        FeedResult f = load(fast, "inventory.csv", HEADER + GOOD);
        assertThat(f.summary().stageMillis()).containsKey("read");
        assertThat(f.recordsLoaded()).isEqualTo(3);
    }

    @Test
    void aValueTheColumnWouldRoundIsCheckedAsWritten() throws IOException {
        List<String> tricky = List.of(
                "S2,C,2025-02-01,-0.0004,1,1",
                "S2,C,2025-02-01,10000000.0004,1,1",
                "S2,C,2025-02-01,-1000000.0004,1,1",
                "S2,C,2025-02-01,1.0005,1,1",
                "S2,C,2025-02-01,1.25,0.0001,1");
        int n = 0;
        for (String line : tricky) {
            String file = "inventory_" + (n++) + ".csv";
            FeedResult f = load(fast, file, HEADER + GOOD + line + "\n");
            FeedResult g = load(general, file, HEADER + GOOD + line + "\n");
            assertThat(g.summary().stageMillis()).as(line).doesNotContainKey("read");
            assertThat(f.status()).as(line).isEqualTo(g.status());
            assertThat(f.recordsLoaded()).as(line).isEqualTo(g.recordsLoaded());
            assertThat(f.recordsQuarantined()).as(line).isEqualTo(g.recordsQuarantined());
            assertThat(issues(f)).as(line).isEqualTo(issues(g));
            assertThat(strings(fast, inventory(f))).as(line).isEqualTo(strings(general, inventory(g)));
        }
    }

    private static String inventory(FeedResult r) {
        return "SELECT concat_ws('|', store_id, sku, business_date, on_hand, on_order, reserved) FROM inventory"
                + " WHERE feed_id = '" + r.feedId() + "' UNION ALL SELECT concat_ws('|', source_line, reasons)"
                + " FROM quarantine WHERE feed_id = '" + r.feedId() + "' ORDER BY 1";
    }

    /** The issues with their row counts, but the note of why the fast path declined a file. */
    private static List<String> issues(FeedResult r) {
        return r.summary().issues().stream()
                .filter(i -> !i.code().equals("GENERAL_PARSERS"))
                .map(i -> i.code() + " " + i.rows())
                .sorted()
                .toList();
    }

    private static List<String> strings(TestWarehouse w, String sql) {
        return w.warehouse.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    private FeedResult load(TestWarehouse w, String name, String content) throws IOException {
        Path f = Files.createTempFile(dir, "upload", ".csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return w.ingestWithThreshold(0.9).ingest(f, IngestRequest.of(name, null, null, "cli"));
    }
}
