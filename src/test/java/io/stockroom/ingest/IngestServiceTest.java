package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BesideTheOtherClasses
class IngestServiceTest {

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
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\nB,Banana,Fresh,Fruit,0.20,0.40\n"
                        + "C,Cheddar,Dairy,Cheese,2.00,3.50\n"));
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void everyRowReadIsEitherLoadedOrQuarantinedWithItsReasons() throws IOException {
        FeedResult r = w.load(dir, "sales_2025-02-01.csv", """
                store_id,sku,date,units_sold,total_sales
                S1,A,2025-02-01,3,3.00
                S1,B,2025-02-01,abc,1.00
                S1,C,2025-02-01,1,3.50
                S2,A,2025-02-01,2,2.00
                S2,B,2025-02-01,4,1.60
                S2,C,2025-02-01,1,3.50
                S1,A,2025-02-02,1,1.00
                S2,A,2025-02-02,1,1.00
                S1,B,2025-02-02,1,0.40
                S2,B,2025-02-02,1,0.40
                S1,C,2025-02-02,1,3.50
                S2,C,2025-02-02,1,3.50
                S1,A,2025-02-03,1,1.00
                S2,A,2025-02-03,1,1.00
                S1,B,2025-02-03,1,0.40
                S2,B,2025-02-03,1,0.40
                S1,C,2025-02-03,1,3.50
                S2,C,2025-02-03,1,3.50
                S1,C,2025-02-04,1,3.50
                S2,C,2025-02-04,1,3.50
                S2,A,2025-02-04,1,1.00
                """, 0.10);
        assertThat(r.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead()).isEqualTo(21);
        assertThat(r.recordsLoaded()).isEqualTo(20);
        assertThat(r.recordsQuarantined()).isEqualTo(1);
        assertThat(r.recordsLoaded() + r.recordsQuarantined()).isEqualTo(r.recordsRead());
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(20);
        assertThat(w.count(
                        "SELECT COUNT(*) FROM sales WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = '"
                                + r.feedId() + "')"))
                .isEqualTo(20);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("INVALID_NUMBER")
                .contains("units_sold");
        assertThat(w.count("SELECT source_line FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .isEqualTo(3);
        assertThat(r.summary().metrics().grossRevenue()).isEqualTo(41.2);
        assertThat(r.datesTouched())
                .containsExactly(
                        LocalDate.of(2025, 2, 1),
                        LocalDate.of(2025, 2, 2),
                        LocalDate.of(2025, 2, 3),
                        LocalDate.of(2025, 2, 4));
    }

    @Test
    void aCleanFactFileIsTypedByTheEngineWhileReadingAndLoadsTheSameRowsAsTheGeneralParsers() throws IOException {
        String clean = """
                store_id,sku,date,on_hand,on_order
                S1,A,2025-02-01,12,0
                S1,B,2025-02-01,0.5,24
                S2,C,2025-02-01,-3,
                """;
        FeedResult fast = TestWarehouse.ok(w.load(dir, "inventory_2025-02-01.csv", clean));
        assertThat(fast.summary().issues())
                .as("clean: typed while reading, no general parsers")
                .noneMatch(i -> i.code().equals("GENERAL_PARSERS"))
                .anyMatch(i -> i.code().equals("NEGATIVE_ON_HAND") && i.rows() == 1);
        assertThat(fast.summary().stageMillis())
                .as("read and inserted in one pass, no text staging")
                .containsKey("read")
                .doesNotContainKey("stage");
        assertThat(fast.recordsLoaded()).isEqualTo(3);
        assertThat(fast.summary().metrics().warnings()).isEqualTo(1);
        String rows =
                "SELECT string_agg(store_id || '/' || sku || '/' || business_date || '/' || on_hand || '/' || COALESCE(CAST(on_order AS VARCHAR), '-'), ' '"
                        + " ORDER BY store_id, sku) FROM inventory";
        String fastRows = w.string(rows);
        assertThat(fastRows)
                .isEqualTo("S1/A/2025-02-01/12.000/0.000 S1/B/2025-02-01/0.500/24.000 S2/C/2025-02-01/-3.000/-");
        assertThat(w.count("SELECT COUNT(DISTINCT load_seq) FROM inventory WHERE load_seq IS NOT NULL"))
                .isEqualTo(1);

        // The same values written as a spreadsheet would (padding, a null word): the general parsers take the file and
        // agree.
        FeedResult general = TestWarehouse.ok(w.load(dir, "inventory_2025-02-01b.csv", """
                store_id,sku,date,on_hand,on_order
                S1 ,A,2025-02-01,12,0
                S1,B,2025-02-01,0.5,24
                S2,C,2025-02-01,-3,N/A
                """));
        assertThat(general.summary().issues()).anyMatch(i -> i.code().equals("GENERAL_PARSERS"));
        assertThat(general.summary().stageMillis()).containsKey("stage");
        assertThat(general.summary().issues()).anyMatch(i -> i.code().equals("ROWS_UPDATED") && i.rows() == 3);
        assertThat(w.string(rows)).isEqualTo(fastRows);

        // And the fast path updates the general path's rows in turn, without touching its own rows.
        FeedResult again = TestWarehouse.ok(w.load(dir, "inventory_2025-02-01c.csv", clean + "S2,A,2025-02-01,7,0\n"));
        assertThat(again.summary().issues())
                .noneMatch(i -> i.code().equals("GENERAL_PARSERS"))
                .anyMatch(i -> i.code().equals("ROWS_UPDATED") && i.rows() == 3);
        assertThat(w.count("SELECT COUNT(*) FROM inventory")).isEqualTo(4);
        assertThat(w.count(
                        "SELECT COUNT(*) FROM inventory WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = '"
                                + again.feedId() + "')"))
                .isEqualTo(4);
    }

    @Test
    void storeLevelSalesWithoutSkusTakeTheFastPathAndARepeatedStoreDayDoesNot() throws IOException {
        FeedResult r = TestWarehouse.ok(
                w.load(
                        dir,
                        "sales_stores.csv",
                        "store,date,sales,customers\nS1,2025-02-01,5000.50,120\nS2,2025-02-01,4200,98\nS1,2025-02-02,5100,130\n"));
        assertThat(r.summary().stageMillis()).containsKey("read");
        assertThat(r.recordsLoaded()).isEqualTo(3);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE sku IS NULL AND channel = 'store'"))
                .isEqualTo(3);

        FeedResult twice = w.load(
                dir,
                "sales_stores2.csv",
                "store,date,sales,customers\nS1,2025-02-03,5000.50,120\nS1,2025-02-03,4200,98\n",
                0.6);
        assertThat(twice.summary().stageMillis()).containsKey("stage");
        assertThat(twice.recordsQuarantined()).isEqualTo(1);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + twice.feedId() + "'"))
                .contains("DUPLICATE_KEY");
    }

    @Test
    void aDuplicateInQuarantineNamesTheEarlierLineItRepeats() throws IOException {
        FeedResult sales = w.load(dir, "sales_dup.csv", """
                store_id,sku,date,units_sold,total_sales
                S1,A,2025-02-01,3,3.00
                S1,B,2025-02-01,1,0.40
                S2,A,2025-02-01,2,2.00
                S1,B,2025-02-01,5,2.00
                S2,C,2025-02-01,1,3.50
                """, 0.5);
        assertThat(sales.recordsQuarantined()).isEqualTo(1);
        assertThat(w.count("SELECT source_line FROM quarantine WHERE feed_id = '" + sales.feedId() + "'"))
                .isEqualTo(5);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + sales.feedId() + "'"))
                .contains("DUPLICATE_KEY")
                .contains("line 3, earlier in the file");

        FeedResult orders = w.load(dir, "orders_dup.csv", """
                order_id,ordered_at,sku,quantity,unit_price
                O1,2025-02-01 10:00:00,A,1,1.00
                O2,2025-02-01 11:00:00,B,2,0.40
                O1,2025-02-01 10:00:00,C,1,3.50
                O3,2025-02-01 12:00:00,A,1,1.00
                O1,2025-02-01 10:00:00,A,1,1.00
                """, 0.5);
        assertThat(orders.recordsQuarantined()).isEqualTo(1);
        assertThat(w.count("SELECT source_line FROM quarantine WHERE feed_id = '" + orders.feedId() + "'"))
                .isEqualTo(6);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + orders.feedId() + "'"))
                .contains("DUPLICATE_ROW")
                .contains("identical row is on line 2, earlier in the file");
    }

    @Test
    void theFastPathHandsEveryFileWithABadRowToTheGeneralPathWhichQuarantinesIt() throws IOException {
        String header = "store_id,sku,date,units_sold,total_sales,transactions\n";
        String good =
                "S1,A,2025-02-01,3,3.00,2\nS2,A,2025-02-01,1,1.00,1\nS1,B,2025-02-01,1,0.40,1\nS2,B,2025-02-01,1,0.40,1\n";
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("S2,C,2025-02-01,1,3.50,1.5\n", "INVALID_INTEGER"); // the engine's integer parse would round it
        bad.put("S2,C,2025-02-01,1,3.50,-1\n", "NEGATIVE_TRANSACTIONS"); // an error rule
        bad.put("S2,Z,2025-02-01,1,3.50,1\n", "UNKNOWN_SKU"); // a reference
        bad.put("S1,A,2025-02-01,1,1.00,1\n", "DUPLICATE_KEY"); // the key again
        bad.put("S2,C,2025-13-01,1,3.50,1\n", "INVALID_DATE"); // does not parse
        bad.put("S2,C,2025-02-01,1\n", "MALFORMED_ROW"); // ragged
        bad.put("S2,C,2025-02-01,1,,1\n", "MISSING_VALUE"); // required value
        int n = 0;
        for (var e : bad.entrySet()) {
            FeedResult r = w.load(dir, "sales_" + (n++) + ".csv", header + good + e.getKey(), 0.5);
            assertThat(r.status()).as(e.getValue()).isEqualTo(FeedStatus.TRANSFORMED);
            assertThat(r.recordsLoaded()).as(e.getValue()).isEqualTo(4);
            assertThat(r.recordsQuarantined()).as(e.getValue()).isEqualTo(1);
            assertThat(r.summary().issues())
                    .as(e.getValue())
                    .anyMatch(i -> i.code().equals("GENERAL_PARSERS"));
            assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                    .as(e.getValue())
                    .contains(e.getValue());
            assertThat(w.count("SELECT COUNT(*) FROM sales"))
                    .as(e.getValue() + ": the rolled-back attempt left nothing behind")
                    .isEqualTo(4);
        }
    }

    @Test
    void theSameBytesTwiceAreRecognisedAndNotLoadedAgain() throws IOException {
        String csv = "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,3,3.00\nS2,A,2025-02-01,1,1.00\n";
        FeedResult first = w.load(dir, "sales_a.csv", csv);
        FeedResult second = w.load(dir, "sales_b.csv", csv);
        assertThat(second.duplicateOf()).isEqualTo(first.feedId());
        assertThat(second.recordsLoaded()).isZero();
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(2);
        assertThat(w.count(
                        "SELECT COUNT(*) FROM raw_manifest WHERE sha256 = (SELECT sha256 FROM feeds WHERE feed_id = '"
                                + first.feedId() + "')"))
                .as("both receipts are in the manifest")
                .isEqualTo(2);
    }

    @Test
    void aCorrectedFileDeclaredCompleteReplacesItsSliceWithoutDuplicatingOrLosingOtherStores() throws IOException {
        TestWarehouse.ok(
                w.load(
                        dir,
                        "sales_1.csv",
                        "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,3,3.00\nS1,B,2025-02-01,1,0.40\nS2,A,2025-02-01,9,9.00\n"));
        Path f = dir.resolve("sales_2.csv");
        Files.writeString(
                f, "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,4,4.00\n", StandardCharsets.UTF_8);
        FeedResult fix = TestWarehouse.ok(w.ingest.ingest(
                f, IngestRequest.of("sales_2.csv", null, null, "cli").with(true, false)));
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S1'"))
                .as("S1's slice is the corrected file")
                .isEqualTo(1);
        assertThat(w.count("SELECT CAST(units_sold AS BIGINT) FROM sales WHERE store_id = 'S1'"))
                .isEqualTo(4);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S2'"))
                .as("S2 was not in the corrected file")
                .isEqualTo(1);
        assertThat(fix.summary().issues()).anyMatch(i -> i.code().equals("SLICE_REPLACED") && i.rows() == 2);
    }

    @Test
    void aFileMissingARequiredColumnFailsNamesTheColumnAndLoadsNothing() throws IOException {
        FeedResult r = w.load(dir, "sales_x.csv", "store_id,sku,date,units_sold\nS1,A,2025-02-01,3\n");
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("MISSING_REQUIRED_COLUMN");
        assertThat(r.summary().error().message()).contains("total_sales").contains("accepted headers");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();
        assertThat(w.count("SELECT COUNT(*) FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'"))
                .as("raw is kept")
                .isEqualTo(1);
    }

    @Test
    void aFeedAboveTheErrorThresholdFailsButItsBadRowsAreReported() throws IOException {
        FeedResult r = w.load(
                dir,
                "sales_x.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,3,3.00\nS1,B,2025-02-01,x,y\n");
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("ERROR_THRESHOLD_EXCEEDED");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();
        assertThat(w.count("SELECT COUNT(*) FROM quarantine WHERE feed_id = '" + r.feedId()
                        + "' AND reasons LIKE '%INVALID_NUMBER%'"))
                .isEqualTo(1);
        // nothing loaded, so every row read is in quarantine: the valid one with the reason FEED_FAILED
        assertThat(w.count("SELECT COUNT(*) FROM quarantine WHERE feed_id = '" + r.feedId()
                        + "' AND reasons LIKE '%FEED_FAILED%'"))
                .isEqualTo(1);
        assertThat(r.recordsLoaded() + r.recordsQuarantined())
                .isEqualTo(r.recordsRead())
                .isEqualTo(2);
    }

    @Test
    void numbersWithThousandsSeparatorsDecimalCommasAndCurrencyParse() throws IOException {
        TestWarehouse.ok(w.load(
                dir,
                "sales_x.csv",
                "store;sku;date;units_sold;total_sales\nS1;A;2025-02-01;1.234;\"1.234,50\"\nS1;B;2025-02-01;2;€ 12,5\n"
                        + "S1;C;2025-02-01;3;\"1,234.25\"\n",
                0));
        assertThat(w.string("SELECT string_agg(CAST(total_sales AS VARCHAR), '|' ORDER BY sku) FROM sales"))
                .isEqualTo("1234.50|12.50|1234.25");
    }

    @Test
    void slashDatesAreReadDayFirstOrMonthFirstAsTheFileProves() throws IOException {
        TestWarehouse.ok(w.load(
                dir,
                "sales_dmy.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,13/02/2025,1,1\nS1,B,01/02/2025,1,1\n"));
        TestWarehouse.ok(w.load(
                dir,
                "sales_mdy.csv",
                "store_id,sku,date,units_sold,total_sales\nS2,A,2/13/2025 8:26,1,1\nS2,B,2/1/2025 10:00,1,1\n"));
        assertThat(w.string("SELECT string_agg(CAST(business_date AS VARCHAR), ',' ORDER BY store_id, sku) FROM sales"))
                .isEqualTo("2025-02-13,2025-02-01,2025-02-13,2025-02-01");
    }

    @Test
    void datesInTheFutureOrAbsurdlyOldAreErrors() throws IOException {
        FeedResult r = w.load(
                dir,
                "sales_x.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2999-01-01,1,1\nS1,B,1970-01-01,1,1\n"
                        + "S1,C,2025-02-01,1,1\n".repeat(1),
                1.0);
        assertThat(r.summary().issues())
                .anyMatch(i -> i.code().equals("DATE_IN_FUTURE"))
                .anyMatch(i -> i.code().equals("DATE_TOO_OLD"));
        assertThat(r.recordsLoaded()).isEqualTo(1);
    }

    @Test
    void unknownStoresBecomePlaceholdersAndUnknownSkusAreQuarantined() throws IOException {
        FeedResult r = w.load(
                dir,
                "sales_x.csv",
                "store_id,sku,date,units_sold,total_sales\nS9,A,2025-02-01,1,1\nS1,ZZZ,2025-02-01,1,1\n",
                1.0);
        assertThat(r.recordsLoaded()).isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM stores WHERE store_id = 'S9' AND is_placeholder"))
                .isEqualTo(1);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("UNKNOWN_SKU");
        TestWarehouse.ok(w.load(dir, "stores_2.csv", "store_id,name,area\nS9,Hull,East\n"));
        assertThat(w.count(
                        "SELECT COUNT(*) FROM stores WHERE store_id = 'S9' AND NOT is_placeholder AND name = 'Hull'"))
                .as("real master data replaces the placeholder")
                .isEqualTo(1);
    }

    @Test
    void anUnknownStoreCodeThatDiffersFromAKnownOneOnlyInCaseIsSaidOnTheFeed() throws IOException {
        FeedResult r = w.load(
                dir,
                "sales_x.csv",
                "store_id,sku,date,units_sold,total_sales\ns1,A,2025-02-01,1,1\nS1,B,2025-02-01,1,1\nS9,C,2025-02-01,1,1\n",
                1.0);
        assertThat(r.recordsLoaded()).as("the rows load, no guess is made").isEqualTo(3);
        assertThat(w.count("SELECT COUNT(*) FROM stores WHERE store_id IN ('s1', 'S9') AND is_placeholder"))
                .isEqualTo(2);
        assertThat(r.summary().issues())
                .filteredOn(i -> i.code().equals("PLACEHOLDER_LOOKS_KNOWN"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.type()).isEqualTo("warn");
                    assertThat(i.rows()).isEqualTo(1);
                    assertThat(i.message())
                            .contains("unknown store s1 — did you mean S1?")
                            .doesNotContain("S9");
                });
        FeedResult known = TestWarehouse.ok(
                w.load(dir, "sales_y.csv", "store_id,sku,date,units_sold,total_sales\nS9,A,2025-02-02,1,1\n"));
        assertThat(known.summary().issues())
                .as("a placeholder made earlier is not said again")
                .noneMatch(i -> i.code().equals("PLACEHOLDER_LOOKS_KNOWN"));
    }

    /**
     * A store code written in another case loaded under a placeholder store, and said so only on the file that made the
     * placeholder: every later file with s1 loaded under it without a word, and nothing asked whether S1 was meant.
     */
    @Test
    void aCodeThatDiffersOnlyInCaseAsksWhetherTheKnownOneWasMeantOnEveryFeedThatUsesIt() throws IOException {
        FeedResult first = TestWarehouse.ok(
                w.load(dir, "sales_x.csv", "store_id,sku,date,units_sold,total_sales\ns1,A,2025-02-01,1,1\n", 1.0));
        FeedResult second = TestWarehouse.ok(
                w.load(dir, "sales_y.csv", "store_id,sku,date,units_sold,total_sales\ns1,A,2025-02-02,1,1\n", 1.0));
        FeedResult sku = w.load(
                dir,
                "sales_z.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,a,2025-02-03,1,1\nS1,B,2025-02-03,1,1\n",
                1.0);

        for (FeedResult r : List.of(first, second)) {
            assertThat(r.summary().issues())
                    .filteredOn(i -> i.code().equals("PLACEHOLDER_LOOKS_KNOWN"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.message()).contains("unknown store s1 — did you mean S1?"));
        }
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 's1'"))
                .as("codes are case-sensitive: loaded as the file says")
                .isEqualTo(2);
        assertThat(sku.summary().issues())
                .filteredOn(i -> i.code().equals("UNKNOWN_LOOKS_KNOWN"))
                .singleElement()
                .satisfies(i -> assertThat(i.message()).contains("unknown SKU a — did you mean A?"));
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE sku = 'a'")).isZero();
    }

    @Test
    void negativeUnitsAreReturnsNotErrors() throws IOException {
        FeedResult r = TestWarehouse.ok(w.load(
                dir,
                "sales_x.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,-2,-2.00\nS1,B,2025-02-01,1,0.40\n"));
        assertThat(r.returns()).isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE is_return")).isEqualTo(1);
    }

    @Test
    void raggedRowsAreQuarantinedWithTheirRawLine() throws IOException {
        FeedResult r = w.load(
                dir,
                "sales_x.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,1,1\nS1,B,2025-02-01,1,1,EXTRA\nS1,C\n",
                1.0);
        assertThat(r.recordsRead()).isEqualTo(3);
        assertThat(r.recordsLoaded()).isEqualTo(1);
        assertThat(r.recordsQuarantined()).isEqualTo(2);
        assertThat(w.string(
                        "SELECT raw_values FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND source_line = 3"))
                .contains("S1,B,2025-02-01,1,1,EXTRA");
    }

    @Test
    void quotedNewlinesStayInsideTheirField() throws IOException {
        TestWarehouse.ok(w.load(dir, "products_2.csv", "sku,name,category\nD,\"Dark\nchocolate, 70%\",Sweets\n"));
        assertThat(w.string("SELECT name FROM products WHERE sku = 'D'")).isEqualTo("Dark\nchocolate, 70%");
    }

    @Test
    void masterDataUpsertsByKeyAndKeepsColumnsTheFileDoesNotHave() throws IOException {
        TestWarehouse.ok(w.load(dir, "products_2.csv", "sku,unit_price\nA,1.10\n"));
        assertThat(w.string("SELECT name || ' ' || CAST(unit_price AS VARCHAR) FROM products WHERE sku = 'A'"))
                .isEqualTo("Apple 1.1000");
        assertThat(w.count("SELECT COUNT(*) FROM products")).isEqualTo(3);
    }

    @Test
    void headerOnlyAndEmptyFilesFailWithAClearMessage() throws IOException {
        FeedResult header = w.load(dir, "sales_h.csv", "store_id,sku,date,units_sold,total_sales\n");
        assertThat(header.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(header.summary().error().code()).isEqualTo("FILE_HEADER_ONLY");
        FeedResult empty = w.load(dir, "sales_e.csv", "");
        assertThat(empty.summary().error().code()).isEqualTo("FILE_EMPTY");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();
    }

    @Test
    void validateReportsWithoutWritingAnything() throws IOException {
        Path f = dir.resolve("sales_v.csv");
        Files.writeString(f, "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,1,1\nS1,B,2025-02-01,x,1\n");
        long feedsBefore = w.count("SELECT COUNT(*) FROM feeds");
        ValidationReport report = w.ingest.validate(f, IngestRequest.of("sales_v.csv", null, null, "cli"));
        assertThat(report.dataset()).isEqualTo("sales");
        assertThat(report.quarantined()).isEqualTo(1);
        assertThat(report.wouldFail()).isTrue();
        assertThat(report.sample()).hasSize(1);
        assertThat(w.count("SELECT COUNT(*) FROM feeds")).isEqualTo(feedsBefore);
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();
    }

    @Test
    void aDatasetWithManyNumericColumnsLoads() throws IOException {
        // Regression: parsing macros that repeated their argument expanded multiplicatively and crashed the engine.
        TestWarehouse.ok(w.load(
                dir,
                "suppliers.csv",
                "supplier_id,name,lead_time_days,order_days,min_order_value\nSUP1,Acme,5,\"MON,THU\",\"1,500.00\"\n"));
        TestWarehouse.ok(
                w.load(
                        dir,
                        "supplier_products.csv",
                        "sku,supplier_id,supplier_sku,case_pack,moq,unit_cost,lead_time_days\nA,SUP1,X1,12,24,0.45,\nB,SUP1,X2,6,0,\"0,18\",3\n"));
        assertThat(w.string(
                        "SELECT string_agg(CAST(case_pack AS VARCHAR) || '/' || CAST(moq AS VARCHAR) || '/' || CAST(unit_cost AS VARCHAR), ' ' ORDER BY sku) "
                                + "FROM supplier_products"))
                .isEqualTo("12/24/0.4500 6/0/0.1800");
        assertThat(w.string("SELECT CAST(min_order_value AS VARCHAR) FROM suppliers"))
                .isEqualTo("1500.00");
    }

    @Test
    void businessDatesAreWindowedButOtherDatesMayLieAnywhere() throws IOException {
        TestWarehouse.ok(w.load(dir, "stores_old.csv", "store_id,name,opened_on\nS5,Old Town,1987-03-01\n"));
        TestWarehouse.ok(w.load(dir, "products_lto.csv", "sku,name,lto_end_date\nL,Festive tin,2099-12-24\n"));
    }

    @Test
    void duplicateKeysKeepTheFirstRowAndQuarantineTheRest() throws IOException {
        FeedResult r = w.load(
                dir,
                "sales_dup.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,3,3\nS1,A,2025-02-01,4,4\n"
                        + "S1,B,2025-02-01,1,1\n",
                1.0);
        assertThat(r.recordsLoaded()).isEqualTo(2);
        assertThat(w.count("SELECT CAST(units_sold AS BIGINT) FROM sales WHERE sku = 'A'"))
                .isEqualTo(3);
        assertThat(w.string("SELECT CAST(source_line AS VARCHAR) || reasons FROM quarantine WHERE feed_id = '"
                        + r.feedId() + "'"))
                .startsWith("3")
                .contains("DUPLICATE_KEY");
    }

    @Test
    void latin1AndBomFilesLoadWithTheirAccentsIntact() throws IOException {
        Path latin1 = dir.resolve("stores_latin1.csv");
        Files.write(
                latin1,
                "store_id;name;area\nS7;Caf\u00e9 M\u00fcller;S\u00fcd\n".getBytes(StandardCharsets.ISO_8859_1));
        FeedResult r = w.ingest.ingest(latin1, IngestRequest.of("stores_latin1.csv", null, null, "cli"));
        TestWarehouse.ok(r);
        assertThat(w.string("SELECT name || '/' || area FROM stores WHERE store_id = 'S7'"))
                .isEqualTo("Caf\u00e9 M\u00fcller/S\u00fcd");
        Path bom = dir.resolve("stores_bom.csv");
        Files.write(bom, ("\uFEFFStore Number,Store Name\nS8,Gen\u00e8ve\n").getBytes(StandardCharsets.UTF_8));
        TestWarehouse.ok(w.ingest.ingest(bom, IngestRequest.of("stores_bom.csv", null, null, "cli")));
        assertThat(w.string("SELECT name FROM stores WHERE store_id = 'S8'")).isEqualTo("Gen\u00e8ve");
    }

    @Test
    void aBinaryFileRenamedCsvFailsAndIsStillKeptInTheLake() throws IOException {
        Path bin = dir.resolve("sales_photo.csv");
        Files.write(bin, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0});
        FeedResult r = w.ingest.ingest(bin, IngestRequest.of("sales_photo.csv", null, null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("FILE_BINARY");
        assertThat(w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'"))
                .contains("sales_photo.csv");
    }

    @Test
    void everyIngestionLeavesAnAuditLogRow() throws IOException {
        FeedResult r = TestWarehouse.ok(
                w.load(dir, "sales_x.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,1,1\n"));
        assertThat(w.string(
                        "SELECT status || ' ' || CAST(record_count AS VARCHAR) || ' ' || file_name FROM audit_log WHERE entity_id = '"
                                + r.feedId() + "'"))
                .isEqualTo("transformed 1 sales_x.csv");
    }
}
