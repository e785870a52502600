package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.testdata.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating products from an upload adds only SKUs that are not there yet (a placeholder counts as not there) and
 * changes no existing product, in the load itself: also when the product appeared after the caller looked.
 */
class OnlyNewProductsTest {

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void chain() throws IOException {
        w = new TestWarehouse(dir.resolve("data"));
        load("stores.csv", "store_id,name\nS1,Leeds\n", false);
        load("products.csv", "sku,name,unit_price\nA,Apple,1.00\n", false);
        // a placeholder product, as a contract with on_missing: placeholder leaves for an unknown SKU
        w.warehouse.withConnection(c -> {
            try (var s = c.createStatement()) {
                return s.executeUpdate(
                        "INSERT INTO products (sku, is_placeholder, updated_at) VALUES ('Z', TRUE, CURRENT_TIMESTAMP)");
            }
        });
        assertThat(Sql.count(w.warehouse, "SELECT count(*) FROM products WHERE sku = 'Z' AND is_placeholder"))
                .isEqualTo(1);
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void onlyNewSkusAndPlaceholdersAreWrittenAndAnExistingProductIsLeftAlone() throws IOException {
        FeedResult r = load(
                "products_created.csv",
                "sku,name,unit_price\nA,Renamed by mistake,9.99\nZ,Zucchini,0.80\nN,Nectarine,0.60\n",
                true);
        assertThat(r.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsLoaded()).as("Z filled in, N added").isEqualTo(2);
        assertThat(r.summary().issues()).anySatisfy(i -> assertThat(i.code()).isEqualTo("ALREADY_LOADED"));
        assertThat(Sql.scalar(
                        w.warehouse,
                        String.class,
                        "SELECT name || ' ' || CAST(unit_price AS VARCHAR) FROM products WHERE sku = 'A'"))
                .isEqualTo("Apple 1.0000");
        assertThat(Sql.scalar(
                        w.warehouse, String.class, "SELECT name FROM products WHERE sku = 'Z' AND NOT is_placeholder"))
                .isEqualTo("Zucchini");
        assertThat(Sql.scalar(
                        w.warehouse, String.class, "SELECT name FROM products WHERE sku = 'N' AND NOT is_placeholder"))
                .isEqualTo("Nectarine");
    }

    @Test
    void anOrdinaryProductsFeedStillUpdatesByKey() throws IOException {
        load("products_update.csv", "sku,name,unit_price\nA,Apple (loose),1.10\n", false);
        assertThat(Sql.scalar(w.warehouse, String.class, "SELECT name FROM products WHERE sku = 'A'"))
                .isEqualTo("Apple (loose)");
    }

    FeedResult load(String name, String content, boolean onlyNew) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        IngestRequest request = IngestRequest.of(name, null, null, "cli");
        return w.ingest.ingest(f, onlyNew ? request.addingOnlyNew() : request);
    }
}
