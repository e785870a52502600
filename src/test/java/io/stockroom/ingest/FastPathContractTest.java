package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine's fast path never reads a value the general path would quarantine or read differently. Every file goes to
 * two warehouses on the same engine: one where a clean file may take the fast path, and one whose sales and inventory
 * contracts have a whole-row check that never fails, which keeps every file on the general path. Both must end with
 * the same rows, quarantine and issues, whichever path the first one took. Extended once per engine.
 */
abstract class FastPathContractTest {

    private static final String HEADER = "store_id,sku,date,units_sold,total_sales,transactions\n";
    private static final String GOOD =
            "S1,A,2025-02-01,3,3.00,2\nS2,A,2025-02-01,1,1.00,1\nS1,B,2025-02-01,1,0.40,1\nS2,B,2025-02-01,1,0.40,1\n";

    @TempDir
    Path dir;

    TestWarehouse fast;
    TestWarehouse general;

    /** A new, empty warehouse on the engine under test. */
    protected abstract StockroomProperties.Warehouse newWarehouse();

    @BeforeEach
    void open() throws IOException {
        fast = new TestWarehouse(dir.resolve("fast"), newWarehouse());
        Path contracts = Files.createDirectories(dir.resolve("general/contracts"));
        for (String dataset : List.of("sales", "inventory")) {
            try (InputStream contract = getClass().getResourceAsStream("/contracts/" + dataset + ".yaml")) {
                Files.writeString(
                        contracts.resolve(dataset + ".yaml"),
                        new String(contract.readAllBytes(), StandardCharsets.UTF_8)
                                + "checks:\n  - code: NEVER\n    column: store_id\n    when: \"FALSE\"\n"
                                + "    message: \"keeps the file on the general path\"\n");
            }
        }
        general = new TestWarehouse(dir.resolve("general"), newWarehouse());
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
    void aCleanFileTakesTheFastPathAndLoadsWhatTheGeneralPathLoads() throws IOException {
        String clean = HEADER + GOOD + "S2,C,2025-02-01,-1.5,\"-3.50\",\n\"S1\",C,2025-02-01,.5,5.,007\n";
        FeedResult f = load(fast, "sales_clean.csv", clean);
        FeedResult g = load(general, "sales_clean.csv", clean);
        assertThat(f.summary().stageMillis())
                .as(String.valueOf(f.summary().issues()))
                .containsKey("read")
                .doesNotContainKey("stage");
        assertThat(f.summary().issues()).noneMatch(i -> i.code().equals("GENERAL_PARSERS"));
        assertThat(g.summary().stageMillis()).containsKey("stage");
        assertSame(f, g);
        assertThat(rows(fast)).contains("S1|C|2025-02-01|0.500|5.00|7|store|sale");
    }

    @Test
    void aCleanSalesFileWithReturnsGetsTheDefaultChannelAndItsReturnsMarkedAsOnTheGeneralPath() throws IOException {
        // no channel column (every row the default 'store'); returns by units, by sales alone, and a zero that is none
        String clean = HEADER + GOOD + "S2,C,2025-02-01,-1.5,-3.50,1\nS1,C,2025-02-01,,-0.01,\n";
        String zero = HEADER + "S1,A,2025-02-02,-0,-0.00,1\nS2,A,2025-02-02,0.000,0,\n";
        for (String file : List.of(clean, zero)) {
            long before = loadStarts(fast);
            FeedResult f = load(fast, "sales_returns.csv", file);
            FeedResult g = load(general, "sales_returns.csv", file);
            assertThat(f.summary().stageMillis())
                    .as(String.valueOf(f.summary().issues()))
                    .containsKey("read");
            assertTookTheDirectCopy(fast, before);
            assertSame(f, g);
        }
        assertThat(rows(fast))
                .contains(
                        "S2|C|2025-02-01|-1.500|-3.50|1|store|return",
                        "S1|C|2025-02-01|-0.01|store|return",
                        "S1|A|2025-02-01|3.000|3.00|2|store|sale",
                        "S1|A|2025-02-02|0.000|0.00|1|store|sale",
                        "S2|A|2025-02-02|0.000|0.00|store|sale");
    }

    /**
     * On an engine that copies a clean fact file straight into its table (no typed read, no insert from it): that the
     * fast-path load of {@code w} since {@code before} ({@link #loadStarts}) did so. Nothing to check where the engine
     * has no such copy.
     */
    protected void assertTookTheDirectCopy(TestWarehouse w, long before) {}

    /** A mark taken just before a load, for {@link #assertTookTheDirectCopy}. */
    protected long loadStarts(TestWarehouse w) {
        return 0;
    }

    @Test
    void everySalesValueTheEngineReadsItsOwnWayTakesTheGeneralPath() throws IOException {
        List<String> tricky = TrickyValues.SALES;
        int n = 0;
        for (String line : tricky) {
            String file = "sales_" + (n++) + ".csv";
            String content = HEADER + GOOD + line + "\n";
            FeedResult f = load(fast, file, content);
            FeedResult g = load(general, file, content);
            assertThat(g.summary().stageMillis()).as(line).doesNotContainKey("read");
            assertSame(f, g);
        }
    }

    @Test
    void aKeyRepeatedOnlyOnceTheDefaultIsAppliedIsStillADuplicate() throws IOException {
        String header = "store_id,sku,date,channel,units_sold,total_sales\n";
        String file = header + "S1,A,2025-02-01,store,3,3.00\nS1,A,2025-02-01,,1,1.00\nS2,B,2025-02-01,web,1,0.40\n";
        FeedResult f = load(fast, "sales_channels.csv", file);
        FeedResult g = load(general, "sales_channels.csv", file);
        assertThat(f.recordsQuarantined())
                .as("the empty channel is the default 'store'")
                .isEqualTo(1);
        assertSame(f, g);
    }

    @Test
    void aCleanInventoryFileTakesTheFastPathAndLoadsWhatTheGeneralPathLoads() throws IOException {
        String clean = INVENTORY_HEADER + INVENTORY_GOOD + "S2,C,2025-02-01,-1.5,3,\n\"S1\",C,2025-02-01,.5,5.,007\n";
        FeedResult f = load(fast, "inventory_clean.csv", clean);
        FeedResult g = load(general, "inventory_clean.csv", clean);
        assertThat(f.summary().stageMillis())
                .as(String.valueOf(f.summary().issues()))
                .containsKey("read")
                .doesNotContainKey("stage");
        assertThat(g.summary().stageMillis()).containsKey("stage");
        assertSameInventory(f, g);
        assertThat(inventory(fast)).contains("S1|C|2025-02-01|0.500|5.000|7.000|" + f.feedId());
        // a corrected file replaces the rows loaded before (upsert by key), and nothing else
        FeedResult again = load(fast, "inventory_clean_again.csv", clean.replace(".5,5.,007", "1.5,5.,007"));
        assertThat(again.recordsLoaded()).isEqualTo(f.recordsLoaded());
        assertThat(inventory(fast))
                .hasSize(6)
                .allMatch(row -> row.endsWith(again.feedId()))
                .contains("S1|C|2025-02-01|1.500|5.000|7.000|" + again.feedId());
    }

    @Test
    void everyInventoryValueTheEngineReadsItsOwnWayTakesTheGeneralPath() throws IOException {
        List<String> tricky = TrickyValues.INVENTORY;
        int n = 0;
        for (String line : tricky) {
            String file = "inventory_" + (n++) + ".csv";
            String content = INVENTORY_HEADER + INVENTORY_GOOD + line + "\n";
            FeedResult f = load(fast, file, content);
            FeedResult g = load(general, file, content);
            assertThat(g.summary().stageMillis()).as(line).doesNotContainKey("read");
            assertSameInventory(f, g);
        }
    }

    private static final String INVENTORY_HEADER = "store_id,sku,date,on_hand,on_order,reserved\n";
    private static final String INVENTORY_GOOD =
            "S1,A,2025-02-01,3,0,0\nS2,A,2025-02-01,1.5,2,\nS1,B,2025-02-01,-2,,1\nS2,B,2025-02-01,0.125,4.5,0\n";

    /** The same outcome, the same rows in sales and the same quarantine, on both warehouses. */
    private void assertSame(FeedResult f, FeedResult g) {
        String what = f.summary().stageMillis().containsKey("read") ? "fast path" : "declined";
        assertThat(f.status()).as(what).isEqualTo(g.status());
        assertThat(f.recordsLoaded()).as(what).isEqualTo(g.recordsLoaded());
        assertThat(f.recordsQuarantined()).as(what).isEqualTo(g.recordsQuarantined());
        assertThat(rows(fast)).as(what).isEqualTo(rows(general));
        assertThat(quarantine(fast, f)).as(what).isEqualTo(quarantine(general, g));
    }

    /** The same outcome, the same inventory rows (feeds aside) and quarantine and issues, on both warehouses. */
    private void assertSameInventory(FeedResult f, FeedResult g) {
        String what = f.summary().stageMillis().containsKey("read") ? "fast path" : "declined";
        assertThat(f.status()).as(what).isEqualTo(g.status());
        assertThat(f.recordsLoaded()).as(what).isEqualTo(g.recordsLoaded());
        assertThat(f.recordsQuarantined()).as(what).isEqualTo(g.recordsQuarantined());
        assertThat(issues(f)).as(what).isEqualTo(issues(g));
        assertThat(withoutFeeds(inventory(fast))).as(what).isEqualTo(withoutFeeds(inventory(general)));
        assertThat(quarantine(fast, f)).as(what).isEqualTo(quarantine(general, g));
    }

    private static List<String> inventory(TestWarehouse w) {
        return w.strings(
                "SELECT concat_ws('|', store_id, sku, business_date, on_hand, on_order, reserved, l.feed_id) FROM inventory i"
                        + " JOIN fact_loads l ON l.load_seq = i.load_seq ORDER BY 1");
    }

    /** The issues with their row counts, but the note of why the fast path declined a file. */
    private static List<String> issues(FeedResult r) {
        return r.summary().issues().stream()
                .filter(i -> !i.code().equals("GENERAL_PARSERS"))
                .map(i -> i.code() + " " + i.rows())
                .sorted()
                .toList();
    }

    private static List<String> withoutFeeds(List<String> rows) {
        return rows.stream().map(r -> r.substring(0, r.lastIndexOf('|'))).toList();
    }

    private static List<String> rows(TestWarehouse w) {
        return w.strings(
                "SELECT concat_ws('|', store_id, sku, business_date, units_sold, total_sales, transactions, channel,"
                        + " CASE WHEN is_return THEN 'return' ELSE 'sale' END) FROM sales ORDER BY 1");
    }

    private static List<String> quarantine(TestWarehouse w, FeedResult r) {
        return w.strings("SELECT concat_ws('|', source_line, reasons, raw_values) FROM quarantine WHERE feed_id = '"
                + r.feedId() + "' ORDER BY source_line");
    }

    private FeedResult load(TestWarehouse w, String name, String content) throws IOException {
        Path f = Files.createTempFile(dir, "upload", ".csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return w.ingestWithThreshold(0.9).ingest(f, IngestRequest.of(name, null, null, "cli"));
    }
}
