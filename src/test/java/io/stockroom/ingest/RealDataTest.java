package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public retail datasets in ../shared/data/real, ingested as a user would: through contracts and aliases,
 * no special-case code. Each test is skipped when the folder is absent; the committed CC BY sample always runs.
 */
class RealDataTest {

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void open() {
        w = new TestWarehouse(dir);
    }

    @AfterEach
    void close() {
        w.close();
    }

    static Path shared(String relative) {
        for (String root : new String[] {
            System.getProperty("stockroom.shared-data", "../shared/data/real"),
            "../shared/data/real",
            "/work/shared/data/real"
        }) {
            Path p = Path.of(root).resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
        }
        assumeTrue(false, "../shared/data/real/" + relative + " is not present; skipping");
        return null;
    }

    @Test
    void theCommittedOnlineRetailSampleLoadsAsOrdersWithItsQuirksHandled() throws IOException, URISyntaxException {
        Path sample = Path.of(
                RealDataTest.class.getResource("/real/online_retail_sample.csv").toURI());
        List<String> lines = Files.readAllLines(sample);
        Set<String> seen = new HashSet<>();
        long exactDuplicates = lines.stream().skip(1).filter(l -> !seen.add(l)).count();

        FeedResult r = w.ingest.ingest(sample, IngestRequest.of("online_retail_sample.csv", null, null, "cli"));
        assertThat(r.dataset()).isEqualTo("orders");
        assertThat(r.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead()).isEqualTo(lines.size() - 1);
        assertThat(r.recordsLoaded() + r.recordsQuarantined()).isEqualTo(r.recordsRead());
        assertThat(r.summary().issues())
                .filteredOn(i -> i.code().equals("DUPLICATE_ROW"))
                .singleElement()
                .extracting(FeedSummary.Issue::rows)
                .isEqualTo(exactDuplicates);
        assertThat(w.count("SELECT COUNT(*) FROM orders WHERE customer_id LIKE '%.0'"))
                .as("float customer ids are codes")
                .isZero();
        assertThat(w.count("SELECT COUNT(*) FROM orders WHERE customer_id = '17850'"))
                .isPositive();
        assertThat(w.count("SELECT COUNT(*) FROM orders WHERE is_cancellation AND order_id LIKE 'C%' AND quantity < 0"))
                .isEqualTo(r.returns())
                .isPositive();
        assertThat(r.summary().issues())
                .anyMatch(
                        i -> i.code().equals("NON_MERCHANDISE_LINE") && i.type().equals("warn"));
    }

    @Test
    void onlineRetailInFull() {
        Path file = shared("online_retail/online_retail.csv.gz");
        FeedResult r = w.ingest.ingest(file, IngestRequest.of(file.getFileName().toString(), null, null, "cli"));
        assertThat(r.dataset()).isEqualTo("orders");
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead()).isEqualTo(541_909);
        assertThat(r.recordsLoaded() + r.recordsQuarantined()).isEqualTo(541_909);
        assertThat(r.summary().issues())
                .filteredOn(i -> i.code().equals("DUPLICATE_ROW"))
                .singleElement()
                .extracting(FeedSummary.Issue::rows)
                .isEqualTo(5_268L);
        assertThat(w.count("SELECT COUNT(DISTINCT business_date) FROM orders")).isEqualTo(305);
        assertThat(r.returns())
                .isEqualTo(w.count("SELECT COUNT(*) FROM orders WHERE is_cancellation AND unit_price <> 0"));
    }

    @Test
    void onlineRetailIiAsCsvAndAsTheOriginalWorkbook() {
        Path csv = shared("online_retail_ii/online_retail_II_subset.csv");
        FeedResult fromCsv =
                w.ingest.ingest(csv, IngestRequest.of(csv.getFileName().toString(), null, null, "cli"));
        assertThat(fromCsv.dataset()).isEqualTo("orders");
        assertThat(fromCsv.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(fromCsv.recordsRead()).isEqualTo(34_766);
        assertThat(fromCsv.summary().issues())
                .anyMatch(i -> i.code().equals("IGNORED_COLUMNS") && i.message().contains("Sheet"));

        Path xlsx = shared("online_retail_ii/online_retail_II_subset.xlsx");
        for (String sheet : List.of("Year 2009-2010", "Year 2010-2011")) {
            FeedResult r = w.ingest.ingest(
                    xlsx,
                    new IngestRequest(
                            xlsx.getFileName().toString(),
                            "orders",
                            null,
                            "cli",
                            null,
                            sheet,
                            java.util.Map.of(),
                            null));
            assertThat(r.status()).as(sheet + ": " + r.summary().error()).isEqualTo(FeedStatus.TRANSFORMED);
            assertThat(r.recordsRead()).isPositive();
        }
        assertThat(w.count("SELECT COUNT(*) FROM (SELECT business_date, COUNT(DISTINCT l.feed_id) n FROM orders o"
                        + " JOIN fact_loads l ON l.load_seq = o.load_seq GROUP BY 1) x WHERE n > 1"))
                .as("each business date comes from exactly one feed")
                .isZero();
    }

    @Test
    void onlineRetailIiWorkbookWithoutASheetNamedLoadsBothYears() {
        Path xlsx = shared("online_retail_ii/online_retail_II_subset.xlsx");

        FeedResult r = w.ingest.ingest(xlsx, IngestRequest.of(xlsx.getFileName().toString(), null, null, "cli"));

        assertThat(r.dataset()).isEqualTo("orders");
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead())
                .as("both sheets (14,269 + 20,497 rows, the CSV's 34,766), not only the first")
                .isEqualTo(34_766);
        assertThat(r.summary().issues()).noneMatch(i -> i.code().equals("SHEETS_NOT_READ"));
        assertThat(r.summary().issues())
                .anyMatch(i -> i.message().contains("sheets 'Year 2009-2010', 'Year 2010-2011' read as one table"));
        assertThat(w.count("SELECT COUNT(*) FROM orders WHERE business_date >= DATE '2010-12-10'"))
                .as("rows of the second sheet's year")
                .isPositive();
    }

    @Test
    void rossmannStoreLevelSalesWithPlaceholderStores() {
        Path stores = shared("rossmann/store.csv");
        FeedResult s = w.ingest.ingest(stores, IngestRequest.of("store.csv", null, null, "cli"));
        assertThat(s.dataset()).isEqualTo("stores");
        assertThat(s.recordsLoaded()).isEqualTo(1_115);
        Path sales = shared("rossmann/sales.csv");
        FeedResult r = w.ingest.ingest(sales, IngestRequest.of("sales.csv", null, null, "cli"));
        assertThat(r.dataset()).isEqualTo("sales");
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead()).isEqualTo(91_262);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE sku IS NULL"))
                .as("store-level rows carry no SKU")
                .isEqualTo(r.recordsLoaded());
        assertThat(w.count("SELECT COUNT(DISTINCT store_id) FROM sales")).isEqualTo(100);
        assertThat(w.count("SELECT SUM(transactions) FROM sales")).isPositive();
    }

    @Test
    void m5SalesWithAColumnPerDayAreRefusedWithHowToReshapeThem() {
        Path wide = shared("m5_subset/sales_train_validation.csv");

        FeedResult r = w.ingest.ingest(wide, IngestRequest.of("sales_train_validation.csv", null, null, "cli"));

        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("TOO_MANY_COLUMNS");
        // before: "check the delimiter", though the delimiter is right and it is the export the user meant
        assertThat(r.summary().error().message())
                .contains("1,913 of them one per day (d_1 ... d_1913)")
                .contains("one row per store, SKU and day")
                .doesNotContain("check the delimiter");
    }

    @Test
    void northwindProductsAndSuppliersAsMasterData() {
        Path suppliers = shared("northwind/csv/suppliers.csv");
        // Nine suppliers' names hold an unquoted comma ("Pavlova, Ltd."): those lines have too many columns.
        FeedResult strict = w.ingest.ingest(suppliers, IngestRequest.of("suppliers.csv", null, null, "cli"));
        assertThat(strict.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(strict.summary().error().code()).isEqualTo("ERROR_THRESHOLD_EXCEEDED");
        assertThat(strict.summary().issues()).anyMatch(i -> i.code().equals("MALFORMED_ROW") && i.rows() == 9);
        assertThat(w.string("SELECT raw_values FROM quarantine WHERE feed_id = '" + strict.feedId()
                        + "' AND source_line = 8 AND reasons LIKE '%MALFORMED_ROW%'"))
                .contains("Pavlova, Ltd.");
        assertThat(w.count("SELECT COUNT(*) FROM suppliers")).isZero();
        // The user decides the good rows are worth having while the export is fixed.
        FeedResult lenient =
                w.ingestWithThreshold(0.5).ingest(suppliers, IngestRequest.of("suppliers.csv", null, null, "cli"));
        assertThat(lenient.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(lenient.recordsLoaded()).isEqualTo(20);
        assertThat(lenient.recordsQuarantined()).isEqualTo(9);

        Path products = shared("northwind/csv/products.csv");
        FeedResult p = w.ingest.ingest(products, IngestRequest.of("products.csv", null, null, "cli"));
        assertThat(p.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(p.recordsLoaded()).isEqualTo(77);
        assertThat(w.count("SELECT COUNT(*) FROM products WHERE struck"))
                .as("discontinued maps to struck")
                .isEqualTo(8);
        assertThat(w.string("SELECT name || ' ' || CAST(unit_price AS VARCHAR) FROM products WHERE sku = '1'"))
                .isEqualTo("Chai 18.0000");
    }
}
