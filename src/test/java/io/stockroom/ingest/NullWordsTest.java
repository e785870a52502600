package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which words mean "no value": in a text column only the markers no one names a thing (NULL, N/A, #N/A), so a region NA
 * (North America), a brand Nil or a supplier None loads as written, on the general path (master data) and on the fast
 * path (an orders file's country); a contract may declare its feed's null words and a column's own; and every value
 * a null word turned into no value is counted per column and word on the feed (NULL_WORDS). On the engine the tests run
 * on (DuckDB, or PostgreSQL with -Dstockroom.test.engine=postgres).
 */
class NullWordsTest {

    private static final String ORDERS = "order_id,ordered_at,sku,quantity,unit_price,description,region\n";

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void open() {
        w = new TestWarehouse(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void wordsThatNameThingsLoadAsWrittenInTextColumnsAndTheNullMarkersAreCounted() throws IOException {
        FeedResult stores = TestWarehouse.ok(w.load(
                dir,
                "stores.csv",
                "store_id,name,area,region\nS1,Toronto,None,NA\nS2,Namibia Mall,Nil,NA\nS3,York,N/A,NULL\n"
                        + "S4,Leeds,North,N/A\n"));
        assertThat(w.strings("SELECT concat_ws('|', store_id, area, region) FROM stores ORDER BY store_id"))
                .containsExactly("S1|None|NA", "S2|Nil|NA", "S3", "S4|North");
        assertThat(stores.summary().issues())
                .filteredOn(i -> i.code().equals("NULL_WORDS"))
                .extracting(i -> i.column() + " " + i.rows() + " " + i.type())
                .containsExactly("area 1 info", "region 2 info");
        assertThat(stores.summary().issues())
                .filteredOn(i -> i.code().equals("NULL_WORDS") && "region".equals(i.column()))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .contains("region (header 'region'): 2 values read as empty")
                        .contains("1 × 'NULL', 1 × 'N/A'")
                        .contains("null_words"));

        TestWarehouse.ok(w.load(
                dir,
                "products.csv",
                "sku,name,brand,unit_cost,unit_price\nA,Nil Cola,NIL,0.50,1.00\nB,nil,None,0.20,0.40\n"
                        + "C,Brie,#N/A,2.00,3.50\n"));
        assertThat(w.strings("SELECT concat_ws('|', sku, name, brand) FROM products ORDER BY sku"))
                .containsExactly("A|Nil Cola|NIL", "B|nil|None", "C|Brie");
        // a number column still reads NA as empty, and says so
        FeedResult numbers =
                TestWarehouse.ok(w.load(dir, "products_2.csv", "sku,name,unit_cost,unit_price\nD,Dates,NA,1.00\n"));
        assertThat(w.count("SELECT COUNT(*) FROM products WHERE sku = 'D' AND unit_cost IS NULL"))
                .isEqualTo(1);
        assertThat(numbers.summary().issues())
                .filteredOn(i -> i.code().equals("NULL_WORDS"))
                .extracting(i -> i.column() + " " + i.rows())
                .containsExactly("unit_cost 1");
    }

    @Test
    void aCountryNaLoadsAsWrittenOnTheFastPathAndOnTheGeneralPath() throws IOException {
        masters();
        FeedResult fast = TestWarehouse.ok(
                w.load(dir, "orders_2025-02-01.csv", ORDERS + "O1,2025-02-01 10:00:00,A,1,1.00,Apple,NA\n"));
        assertThat(fast.summary().stageMillis())
                .as(String.valueOf(fast.summary().issues()))
                .containsKey("read");
        assertThat(fast.summary().issues()).noneMatch(i -> i.code().equals("GENERAL_PARSERS"));
        assertThat(w.string("SELECT country FROM orders WHERE order_id = 'O1'")).isEqualTo("NA");

        // a description N/A (a null marker) sends the file to the general path, which keeps NA too and counts the N/A
        FeedResult general = TestWarehouse.ok(
                w.load(dir, "orders_2025-02-02.csv", ORDERS + "O2,2025-02-02 10:00:00,A,1,1.00,N/A,NA\n"));
        assertThat(general.summary().stageMillis()).containsKey("stage");
        assertThat(w.string("SELECT concat_ws('|', description, country) FROM orders WHERE order_id = 'O2'"))
                .isEqualTo("NA");
        assertThat(general.summary().issues())
                .filteredOn(i -> i.code().equals("NULL_WORDS"))
                .extracting(i -> i.column() + " " + i.rows())
                .containsExactly("description 1");
    }

    @Test
    void aContractDeclaresItsFeedsNullWordsAndAColumnsOwn() throws IOException {
        Path contracts = Files.createDirectories(dir.resolve("data/contracts"));
        Files.writeString(
                contracts.resolve("stores.yaml"),
                shipped("stores")
                                .replace(
                                        "  - name: region\n    type: text\n",
                                        "  - name: region\n    type: text\n    null_words: ['unknown', 'NA']\n")
                        + "null_words: ['-']\n");
        Files.writeString(
                contracts.resolve("orders.yaml"),
                shipped("orders")
                        .replace(
                                "  - name: country\n    type: text\n",
                                "  - name: country\n    type: text\n    null_words: ['unknown', '?']\n"));
        w.close();
        w = new TestWarehouse(dir.resolve("data"));

        FeedResult stores = TestWarehouse.ok(w.load(
                dir,
                "stores.csv",
                "store_id,name,area,region\nS1,Leeds,-,unknown\nS2,York,North,NA\nS3,Hull,N/A,-\nS4,-,None,NULL\n"));
        // the feed's '-' replaces the defaults (N/A is a value here); the region's own words replace the feed's
        assertThat(w.strings("SELECT concat_ws('|', store_id, name, area, region) FROM stores ORDER BY store_id"))
                .containsExactly("S1|Leeds", "S2|York|North", "S3|Hull|N/A|-", "S4|None|NULL");
        assertThat(stores.summary().issues())
                .filteredOn(i -> i.code().equals("NULL_WORDS"))
                .extracting(i -> i.column() + " " + i.rows())
                .containsExactly("name 1", "area 1", "region 2");

        products();
        // a declared word in a clean orders file is no value there too: the fast path leaves it to the general parsers
        FeedResult orders = TestWarehouse.ok(w.load(
                dir,
                "orders_2025-02-01.csv",
                ORDERS + "O1,2025-02-01 10:00:00,A,1,1.00,Apple,unknown\nO2,2025-02-01 11:00:00,A,1,1.00,Apple,NA\n"));
        assertThat(w.strings("SELECT concat_ws('|', order_id, country) FROM orders ORDER BY order_id"))
                .containsExactly("O1", "O2|NA");
        assertThat(orders.summary().issues())
                .filteredOn(i -> i.code().equals("NULL_WORDS"))
                .extracting(i -> i.column() + " " + i.rows())
                .containsExactly("country 1");
    }

    private void masters() throws IOException {
        TestWarehouse.ok(w.load(dir, "stores.csv", "store_id,name,area\nS1,Leeds,North\n"));
        products();
    }

    private void products() throws IOException {
        TestWarehouse.ok(w.load(
                dir,
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n"));
    }

    private String shipped(String dataset) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/contracts/" + dataset + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
