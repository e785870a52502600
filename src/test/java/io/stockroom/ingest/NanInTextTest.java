package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code NaN} written in a text column (a product, supplier or category name) is that text: it loads as written, not
 * as an empty value. The null words (empty, NULL, N/A, ...) still read as empty in text, and NaN in a number column is
 * still INVALID_NUMBER (UnloadableValuesTest). On the engine the tests run on (DuckDB, or PostgreSQL with
 * -Dstockroom.test.engine=postgres).
 */
class NanInTextTest {

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
    void nanInATextColumnLoadsAsWritten() throws IOException {
        FeedResult products = w.load(
                dir,
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\n"
                        + "A,NaN,Fresh,NaN,0.50,1.00\n"
                        + "B, NaN ,Fresh,Fruit,0.20,0.40\n"
                        + "C,N/A,Dairy,Cheese,2.00,3.50\n");
        TestWarehouse.ok(products);
        assertThat(products.recordsLoaded()).isEqualTo(3);
        assertThat(w.string("SELECT name || '|' || category FROM products WHERE sku = 'A'"))
                .as("a product called NaN in the category NaN")
                .isEqualTo("NaN|NaN");
        assertThat(w.string("SELECT name FROM products WHERE sku = 'B'"))
                .as("trimmed like any text")
                .isEqualTo("NaN");
        assertThat(w.count("SELECT COUNT(*) FROM products WHERE sku = 'C' AND name IS NULL"))
                .as("N/A is a null word: empty")
                .isEqualTo(1);

        TestWarehouse.ok(w.load(dir, "suppliers.csv", "supplier_id,name,lead_time_days\nV1,NaN,2\n"));
        assertThat(w.string("SELECT name FROM suppliers WHERE supplier_id = 'V1'"))
                .isEqualTo("NaN");
    }
}
