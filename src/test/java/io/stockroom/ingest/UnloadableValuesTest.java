package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a spreadsheet export leaves behind that the warehouse cannot hold (NaN, a number too big for its column) are
 * row errors with their line and reason, in validate as in ingest, never a silent NULL or a failed statement; rows of
 * nothing but delimiters are skipped like blank lines, and said so. On the engine the tests run on.
 */
class UnloadableValuesTest {

    private static final String HEADER = "store_id,sku,date,units_sold,total_sales,discount,transactions\n";

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
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n"
                        + "B,Banana,Fresh,Fruit,0.20,0.40\nC,Cheddar,Dairy,Cheese,2.00,3.50\n"));
    }

    @AfterEach
    void close() {
        w.close();
    }

    /** {@code rows} clean sales lines, each a key of its own (2 stores x 3 SKUs per day from 2025-02-01). */
    private static String good(int rows) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            s.append(String.format(
                    "S%d,%s,2025-02-%02d,%d,%d.00,0,1%n",
                    i % 2 + 1, "ABC".charAt(i / 2 % 3), i / 6 + 1, i % 5 + 1, i + 1));
        }
        return s.toString();
    }

    @Test
    void nanInANumberColumnIsAnInvalidNumberInValidateAndIngest() throws IOException {
        int n = 0;
        for (String nan : List.of("NaN", "nan", "NAN", "-NaN")) {
            String name = "sales_nan_" + (n++) + ".csv";
            String content = HEADER + good(48) + "S2,C,2025-02-20," + nan + ",1.00,0,1\n";

            ValidationReport report = validate(name, content);
            assertThat(report.recordsRead()).as(nan).isEqualTo(49);
            assertThat(report.quarantined()).as(nan).isEqualTo(1);
            assertThat(report.issues())
                    .as(nan)
                    .anyMatch(
                            i -> i.code().equals("INVALID_NUMBER") && "units_sold".equals(i.column()) && i.rows() == 1);

            FeedResult r = w.load(dir, name, content);
            assertThat(r.status()).as(nan).isEqualTo(FeedStatus.TRANSFORMED);
            assertThat(r.recordsLoaded()).as(nan).isEqualTo(48);
            assertThat(r.recordsQuarantined()).as(nan).isEqualTo(1);
            assertThat(w.string(
                            "SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND source_line = 50"))
                    .as(nan + ": line 50 is quarantined for its units")
                    .contains("INVALID_NUMBER")
                    .contains("units_sold");
            assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-02-20'"))
                    .as(nan + " never loads as an empty value")
                    .isZero();
        }
    }

    @Test
    void aNumberTooBigForItsWarehouseColumnIsARowErrorNamingTheValueAndTheRange() throws IOException {
        // total_sales is DECIMAL(14,2), transactions INTEGER
        String[][] cases = {
            {"S2,C,2025-02-20,1,5000000000000,0,1", "total_sales", "5000000000000", "999999999999.99"},
            {"S2,C,2025-02-20,1,999999999999.996,0,1", "total_sales", "999999999999.996", "999999999999.99"},
            {"S2,C,2025-02-20,1,1.00,0,99999999999", "transactions", "99999999999", "2147483647"},
        };
        int n = 0;
        for (String[] c : cases) {
            String name = "sales_big_" + (n++) + ".csv";
            String content = HEADER + good(48) + c[0] + "\n";

            ValidationReport report = validate(name, content);
            assertThat(report.recordsRead()).as(c[0]).isEqualTo(49);
            assertThat(report.quarantined()).as(c[0]).isEqualTo(1);
            assertThat(report.issues())
                    .as(c[0])
                    .anyMatch(i -> i.code().equals("NUMBER_OUT_OF_RANGE")
                            && c[1].equals(i.column())
                            && i.message().contains(c[3])
                            && i.rows() == 1);

            FeedResult r = w.load(dir, name, content);
            assertThat(r.status()).as(c[0] + ": " + r.summary().error()).isEqualTo(FeedStatus.TRANSFORMED);
            assertThat(r.recordsRead()).as(c[0]).isEqualTo(49);
            assertThat(r.recordsLoaded()).as(c[0]).isEqualTo(48);
            assertThat(r.recordsQuarantined()).as(c[0]).isEqualTo(1);
            assertThat(w.string(
                            "SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND source_line = 50"))
                    .as(c[0])
                    .contains("NUMBER_OUT_OF_RANGE")
                    .contains(c[1] + " " + c[2] + " does not fit")
                    .contains(c[3]);
        }
        FeedResult fits = w.load(dir, "sales_fits.csv", HEADER + "S1,A,2025-02-21,1,999999999999.99,0,2147483647\n");
        assertThat(fits.status())
                .as("the largest values the columns hold load: " + fits.summary())
                .isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(fits.recordsLoaded()).isEqualTo(1);
    }

    @Test
    void aFeedWithTooManyNumbersOutOfRangeFailsOnItsThresholdAndCountsEveryRow() throws IOException {
        String content = HEADER + good(10) + "S2,C,2025-02-20,1,5000000000000,0,1\n";
        FeedResult r = w.load(dir, "sales_big.csv", content);
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("ERROR_THRESHOLD_EXCEEDED");
        assertThat(r.recordsRead()).isEqualTo(11);
        assertThat(r.recordsQuarantined())
                .as("rows read = loaded + quarantined, the failed feed included")
                .isEqualTo(11);
    }

    @Test
    void rowsOfOnlyDelimitersAreSkippedLikeBlankLinesAndSaidOnce() throws IOException {
        String content = HEADER + good(20) + ",,,,,,\n,,,,,,\n";
        ValidationReport report = validate("sales_excel.csv", content);
        assertThat(report.recordsRead()).isEqualTo(20);
        assertThat(report.quarantined()).isZero();
        assertThat(report.wouldFail()).isFalse();
        assertThat(report.issues())
                .filteredOn(i -> i.code().equals("EMPTY_LINES"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.type()).isEqualTo("info");
                    assertThat(i.message()).contains("lines 22–23 are empty (only delimiters): skipped");
                });

        FeedResult r = w.load(dir, "sales_excel.csv", content);
        assertThat(r.status()).as(String.valueOf(r.summary())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead()).isEqualTo(20);
        assertThat(r.recordsLoaded()).isEqualTo(20);
        assertThat(r.recordsQuarantined()).isZero();
        assertThat(r.summary().issues())
                .filteredOn(i -> i.code().equals("EMPTY_LINES"))
                .singleElement()
                .satisfies(i -> assertThat(i.message()).contains("lines 22–23 are empty (only delimiters): skipped"));
        assertThat(r.summary().issues()).noneMatch(i -> i.code().equals("DUPLICATE_KEY"));

        // one in the middle too (spaces in its cells count as empty): the lines after it keep their numbers
        String middle = HEADER + good(3) + ", , ,,,,\n" + "S2,Z,2025-02-01,1,1.00,0,1\n";
        FeedResult m = w.load(dir, "sales_middle.csv", middle, 0.5);
        assertThat(m.status()).as(String.valueOf(m.summary())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(m.recordsRead()).isEqualTo(4);
        assertThat(m.recordsQuarantined()).isEqualTo(1);
        assertThat(w.string("SELECT CAST(source_line AS VARCHAR) || ' ' || reasons FROM quarantine WHERE feed_id = '"
                        + m.feedId() + "'"))
                .startsWith("6 ")
                .contains("UNKNOWN_SKU");
        assertThat(m.summary().issues())
                .anyMatch(i -> i.code().equals("EMPTY_LINES") && i.message().contains("line 5 is empty"));
    }

    /**
     * A code a spreadsheet saved as a number in scientific notation (an EAN 5012345678901 as 5.01235E+12) has lost its
     * last digits: it loaded as a new SKU (a placeholder product) without a word.
     */
    @Test
    void aCodeInScientificNotationIsARowErrorSayingItsDigitsAreLost() throws IOException {
        String content = HEADER + good(48) + "S2,5.01235E+12,2025-02-20,1,1.00,0,1\n";

        ValidationReport report = validate("sales_sci.csv", content);
        assertThat(report.quarantined()).isEqualTo(1);
        assertThat(report.issues())
                .anyMatch(i -> i.code().equals("CODE_IN_SCIENTIFIC_NOTATION") && "sku".equals(i.column()));

        FeedResult r = w.load(dir, "sales_sci.csv", content);
        assertThat(r.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsLoaded()).isEqualTo(48);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND source_line = 50"))
                .contains("CODE_IN_SCIENTIFIC_NOTATION")
                .contains("last digits are lost");
        assertThat(w.count("SELECT COUNT(*) FROM products WHERE sku LIKE '%E+%'"))
                .isZero();
    }

    /**
     * A repeated key's message said "that first one is kept" also when the first line was itself quarantined (a bad
     * number): then neither line loads, and the message must not promise otherwise.
     */
    @Test
    void aRepeatedKeyWhoseFirstLineHasAnErrorDoesNotSayTheFirstIsKept() throws IOException {
        String content = HEADER + good(48) + "S2,C,2025-02-20,abc,1.00,0,1\n" + "S2,C,2025-02-20,2,1.00,0,1\n";

        FeedResult r = w.load(dir, "sales_dup.csv", content);

        assertThat(r.recordsLoaded()).isEqualTo(48);
        assertThat(r.recordsQuarantined()).isEqualTo(2);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND source_line = 51"))
                .contains("DUPLICATE_KEY")
                .contains("line 50, earlier in the file")
                .doesNotContain("is kept")
                .contains("neither, if it has errors of its own");
    }

    private ValidationReport validate(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return w.ingest.validate(f, IngestRequest.of(name, null, null, "cli"));
    }
}
