package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload workbench's guesses: the three datasets a file's headers fit best, with scores (a file with units and
 * sales is never "stores"), and suggestions for unknown SKUs by code and by name without nonsense ("POST" is postage,
 * not a deodorant).
 */
class UploadDetectionTest {

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void masterData() throws IOException {
        w = new TestWarehouse(dir.resolve("data"));
        load("stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        load("products.csv", """
                sku,name,department,category,unit_cost,unit_price
                100044,Fresh Deodorant Spray 150ml,Health,Toiletries,1.00,2.50
                85123A,WHITE HANGING HEART T-LIGHT HOLDER,Home,Candles,1.00,2.55
                CHOC-70,Dark chocolate 70%,Food,Sweets,1.00,2.00
                """);
    }

    @AfterEach
    void close() {
        w.close();
    }

    private void load(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        assertThat(w.ingest.ingest(f, IngestRequest.of(name, null, null, "cli")).status())
                .isEqualTo(FeedStatus.TRANSFORMED);
    }

    private IngestService.Preview preview(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return w.ingest.preview(f, IngestRequest.of(name, null, null, "upload"), 20);
    }

    @Test
    void aFileWithUnitsAndSalesIsSalesAndNeverStoresWithTheTopThreeScored() throws IOException {
        IngestService.Preview p =
                preview("upload.csv", "store_id,sku,date,units_sold,total_sales\nS1,CHOC-70,2025-04-02,1,2.00\n");
        assertThat(p.report().dataset()).isEqualTo("sales");
        List<DatasetDetector.Candidate> candidates = p.candidates();
        assertThat(candidates).hasSizeLessThanOrEqualTo(3).isNotEmpty();
        assertThat(candidates.get(0).dataset()).isEqualTo("sales");
        // every header read, every required column there: 0.6 x 5/5 + 0.4 x 1
        assertThat(candidates.get(0).score()).isEqualTo(1.0);
        assertThat(candidates)
                .extracting(DatasetDetector.Candidate::dataset)
                .doesNotContain("stores", "products", "suppliers");
        assertThat(candidates).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));

        // a store list is still a store list
        IngestService.Preview stores = preview("upload2.csv", "store_id,name,area\nS9,Hull,North\n");
        assertThat(stores.candidates().get(0).dataset()).isEqualTo("stores");
    }

    @Test
    void anOrderLineExportIsNeverLoadedAsTheProductsMasterByTwoColumns() throws IOException {
        // Northwind's order-details.csv, one order: productID and unitPrice are all the products contract reads of it
        String lines = """
                orderID,productID,unitPrice,quantity,discount
                10248,CHOC-70,1.40,12,0
                10248,85123A,9.80,10,0
                """;
        Path f = dir.resolve("order-details.csv");
        Files.writeString(f, lines, StandardCharsets.UTF_8);

        FeedResult r = w.ingest.ingest(f, IngestRequest.of("order-details.csv", null, null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("DATASET_UNKNOWN");
        assertThat(r.summary().error().message())
                .contains("its best fit, products")
                .contains("would read only 2 of its 5 columns")
                .contains("[orderID, quantity, discount] unread")
                .contains("--dataset");
        assertThat(w.string("SELECT CAST(unit_price AS VARCHAR) FROM products WHERE sku = 'CHOC-70'"))
                .as("the product's price is not the order line's")
                .isEqualTo("2.0000");
        assertThatThrownBy(() -> w.ingest.validate(f, IngestRequest.of("order-details.csv", null, null, "cli")))
                .as("a validation says what the load would do")
                .hasMessageContaining("Cannot tell for sure");

        // the upload preview shows the best fit for the user to confirm or change: nothing loads without them
        IngestService.Preview p = preview("order-details.csv", lines);
        assertThat(p.report().dataset()).isEqualTo("products");
        assertThat(p.candidates())
                .as("the fits the user chooses from")
                .extracting(DatasetDetector.Candidate::dataset)
                .contains("products", "orders");
    }

    @Test
    void aSalesFileWhoseNameStartsWithItemsIsRefusedNotLoadedAsPhantomProducts() throws IOException {
        // "items" is one of the products master's file names; the columns are a day's sales
        String sales = """
                store,item,date,qty,sales
                S1,CHOC-70,2026-12-06,3,4.47
                S1,999999,2026-12-06,1,2.00
                """;
        Path f = dir.resolve("items_sold_2026-12-06.csv");
        Files.writeString(f, sales, StandardCharsets.UTF_8);

        FeedResult r = w.ingest.ingest(f, IngestRequest.of("items_sold_2026-12-06.csv", null, null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("DATASET_AMBIGUOUS");
        assertThat(r.summary().error().message())
                .as("says the dataset came from the name, what is wrong, the better fit and how to fix it")
                .contains("file name starts with 'items'")
                .contains("products would leave its quantity or money columns [qty, sales] unread")
                .contains("fit sales")
                .contains("--dataset sales")
                .contains("rename the file");
        assertThat(w.count("SELECT count(*) FROM products WHERE sku = '999999'"))
                .as("no phantom product")
                .isZero();
        assertThatThrownBy(() -> w.ingest.validate(f, IngestRequest.of("items_sold_2026-12-06.csv", null, null, "cli")))
                .as("a validation says what the load would do")
                .hasMessageContaining("--dataset sales");

        // the fix the message gives reads the rows as sales: SKU 999999 is an unknown product there, not a new one
        FeedResult asSales = w.ingestWithThreshold(0.6)
                .ingest(
                        f,
                        IngestRequest.of("items_sold_2026-12-06.csv", "sales", null, "cli")
                                .with(false, true));
        assertThat(TestWarehouse.ok(asSales).summary().metrics().recordsQuarantined())
                .isEqualTo(1);
        assertThat(w.count("SELECT count(*) FROM sales WHERE business_date = DATE '2026-12-06'"))
                .isEqualTo(1);
        assertThat(w.count("SELECT count(*) FROM products")).isEqualTo(3);
    }

    @Test
    void aDatasetNameInsideALongerWordDoesNotDecide() throws IOException {
        // "salesforce" starts with "sales" but is not the sales dataset: the headers decide
        Path f = dir.resolve("salesforce_contacts.csv");
        Files.writeString(
                f, "customer_id,email,name,country\nC1,a@example.com,Ann,United Kingdom\n", StandardCharsets.UTF_8);
        FeedResult r =
                TestWarehouse.ok(w.ingest.ingest(f, IngestRequest.of("salesforce_contacts.csv", null, null, "cli")));
        assertThat(r.dataset()).isEqualTo("customers");

        // a name that does start with a dataset's name, then a separator, still decides
        assertThat(w.ingest.inLoadOrder(List.of(Path.of("sales-2026-12-06.csv"), Path.of("stores_north.csv"))))
                .containsExactly(Path.of("stores_north.csv"), Path.of("sales-2026-12-06.csv"));
    }

    @Test
    void aNamedDatasetMissingRequiredColumnsThatAnotherDatasetFitsNamesTheOther() throws IOException {
        // "sales" is the name's dataset, but the columns are a customer list: sales misses its required columns
        Path f = dir.resolve("sales_contacts.csv");
        Files.writeString(
                f, "customer_id,email,name,country\nC1,a@example.com,Ann,United Kingdom\n", StandardCharsets.UTF_8);
        FeedResult r = w.ingest.ingest(f, IngestRequest.of("sales_contacts.csv", null, null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().message())
                .contains("file name starts with 'sales'")
                .contains("no column for [store_id, business_date, total_sales], which sales requires")
                .contains("fit customers")
                .contains("--dataset customers");
    }

    @Test
    void unknownSkusGetSuggestionsByCodeAndNameButPostageIsNotAProduct() throws IOException {
        IngestService.Preview p = preview("orders_2025-04-02.csv", """
                InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                536365,POST,POSTAGE,1,2025-04-02 08:26,18.00,17850,France
                536365,POSTE,POSTAGE,1,2025-04-02 08:26,18.00,17850,France
                536365,85123B,WHITE HANGING HEART T-LIGHT HOLDER,6,2025-04-02 08:26,2.55,17850,United Kingdom
                536365,22999,PARTY BUNTING,4,2025-04-02 08:26,4.95,17850,United Kingdom
                536366,CHOC-7O,,1,2025-04-02 08:28,2.00,17850,United Kingdom
                """);
        Map<String, PreviewRows.UnknownSku> unknown =
                p.unknownSkus().stream().collect(Collectors.toMap(PreviewRows.UnknownSku::sku, Function.identity()));
        assertThat(unknown).containsKeys("POST", "POSTE", "85123B", "22999", "CHOC-7O");
        // a postage code is said to be one, with no product offered
        assertThat(unknown.get("POST").nonMerchandise()).isEqualTo("postage: Postage");
        assertThat(unknown.get("POST").suggestions()).isEmpty();
        // an unlisted postage-like code gets no deodorant either: neither its code nor its description is near a
        // product
        assertThat(unknown.get("POSTE").suggestions()).isEmpty();
        assertThat(unknown.get("POSTE").nonMerchandise()).isNull();
        // the same name, another code: by name (all words shared) and by code (one edit)
        assertThat(unknown.get("85123B").suggestions())
                .extracting(PreviewRows.Suggestion::sku)
                .containsExactly("85123A");
        assertThat(unknown.get("85123B").suggestions().get(0).score()).isEqualTo(1.0);
        // nothing like it: no suggestion rather than a guess
        assertThat(unknown.get("22999").suggestions()).isEmpty();
        // a typo in the code, no description: by code
        assertThat(unknown.get("CHOC-7O").suggestions())
                .extracting(PreviewRows.Suggestion::sku)
                .containsExactly("CHOC-70");
        assertThat(unknown.get("CHOC-7O").suggestions().get(0).score()).isEqualTo(0.9);
    }
}
