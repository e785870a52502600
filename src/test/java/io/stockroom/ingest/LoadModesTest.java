package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads never delete what the file did not mention: upsert, append and replace_slice (issue #16). */
class LoadModesTest {

    private static final String SALES = "store_id,sku,date,units_sold,total_sales\n";

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void masterData() throws IOException {
        w = new TestWarehouse(dir.resolve("data"));
        ok(load("stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n", false, false));
        StringBuilder products = new StringBuilder("sku,name,department,category,unit_cost,unit_price\n");
        for (int i = 1; i <= 20; i++) {
            products.append("P").append(i).append(",Product ").append(i).append(",Fresh,Fruit,0.50,1.00\n");
        }
        ok(load("products.csv", products.toString(), false, false));
    }

    @AfterEach
    void close() {
        w.close();
    }

    /** Every SKU of both stores on 2025-02-01, units = 1. */
    private static String fullDay() {
        StringBuilder s = new StringBuilder(SALES);
        for (String store : new String[] {"S1", "S2"}) {
            for (int i = 1; i <= 20; i++) {
                s.append(store).append(",P").append(i).append(",2025-02-01,1,1.00\n");
            }
        }
        return s.toString();
    }

    @Test
    void aOneRowSalesCorrectionUpdatesThatRowAndKeepsTheOtherSkusOfTheStoreDay() throws IOException {
        ok(load("sales_2025-02-01.csv", fullDay(), false, false));
        FeedResult fix = ok(load("sales_fix.csv", SALES + "S1,P3,2025-02-01,5,5.00\n", false, false));
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S1'"))
                .as("the other 19 SKUs of S1 stay")
                .isEqualTo(20);
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(40);
        assertThat(w.count("SELECT CAST(units_sold AS BIGINT) FROM sales WHERE store_id = 'S1' AND sku = 'P3'"))
                .isEqualTo(5);
        assertThat(fix.summary().issues())
                .anyMatch(i -> i.code().equals("ROWS_UPDATED") && i.rows() == 1)
                .noneMatch(i -> i.code().equals("SLICE_REPLACED"));
    }

    /**
     * ROWS_UPDATED said how many rows a re-sent file replaced and from which feed, not on which business days: the data
     * engineer could not tell which days' dashboards had changed.
     */
    @Test
    void rowsUpdatedNamesTheBusinessDatesItChangedAndCapsALongList() throws IOException {
        StringBuilder month = new StringBuilder(SALES);
        for (int d = 1; d <= 28; d++) {
            month.append(String.format("S1,P1,2025-02-%02d,1,1.00%nS2,P1,2025-02-%02d,1,1.00%n", d, d));
        }
        String first =
                ok(load("sales_2025-02.csv", month.toString(), false, false)).feedId();

        FeedResult twoDays =
                ok(load("sales_fix.csv", SALES + "S1,P1,2025-02-03,5,5.00\nS2,P1,2025-02-05,5,5.00\n", false, false));
        FeedResult wholeMonth =
                ok(load("sales_again.csv", month.toString().replace(",1,1.00", ",2,2.00"), false, false));

        assertThat(twoDays.summary().issues())
                .filteredOn(i -> i.code().equals("ROWS_UPDATED"))
                .singleElement()
                .satisfies(i ->
                        assertThat(i.message()).contains("by feed " + first).contains("on 2025-02-03 and 2025-02-05"));
        assertThat(wholeMonth.summary().issues())
                .filteredOn(i -> i.code().equals("ROWS_UPDATED"))
                .hasSize(2)
                .anySatisfy(i -> assertThat(i.message())
                        .contains("54 rows loaded earlier by feed " + first)
                        .as("a month is a range, not 28 dates")
                        .contains("on 28 dates, 2025-02-01 to 2025-02-28"))
                .anySatisfy(i -> assertThat(i.message())
                        .contains("2 rows loaded earlier by feed " + twoDays.feedId())
                        .contains("on 2025-02-03 and 2025-02-05"));
    }

    @Test
    void aTenRowCorrectionThroughTheGeneralParsersRemovesNothingItDidNotMention() throws IOException {
        ok(load("sales_2025-02-01.csv", fullDay(), false, false));
        StringBuilder fix = new StringBuilder("store_id,sku,date,units_sold,total_sales,discount\n");
        for (int i = 1; i <= 10; i++) {
            fix.append("S2,P").append(i).append(",2025-02-01,2,2.00,N/A\n");
        }
        FeedResult r = ok(load("sales_fix.csv", fix.toString(), false, false));
        assertThat(r.summary().stageMillis()).as("the general path").containsKey("stage");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(40);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S2' AND units_sold = 2"))
                .isEqualTo(10);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S2' AND units_sold = 1"))
                .isEqualTo(10);
    }

    @Test
    void inventoryAndLabourUpsertByTheirKeys() throws IOException {
        ok(load(
                "inventory_a.csv",
                "store_id,sku,date,on_hand\nS1,P1,2025-02-01,10\nS1,P2,2025-02-01,20\n",
                false,
                false));
        ok(load("inventory_b.csv", "store_id,sku,date,on_hand\nS1,P2,2025-02-01,25\n", false, false));
        assertThat(
                        w.string(
                                "SELECT string_agg(sku || '=' || CAST(CAST(on_hand AS BIGINT) AS VARCHAR), ' ' ORDER BY sku) FROM inventory"))
                .isEqualTo("P1=10 P2=25");
        ok(load("labour_a.csv", "store_id,date,hours\nS1,2025-02-01,80\nS2,2025-02-01,60\n", false, false));
        ok(load("labour_b.csv", "store_id,date,hours\nS2,2025-02-01,64\n", false, false));
        assertThat(
                        w.string(
                                "SELECT string_agg(store_id || '=' || CAST(CAST(hours AS BIGINT) AS VARCHAR), ' ' ORDER BY store_id) FROM labour"))
                .isEqualTo("S1=80 S2=64");
    }

    @Test
    void orderLinesAppendByLineSoOneOrderDoesNotReplaceTheDayAndAResentOrderIsNotCountedTwice() throws IOException {
        String header = "order_id,ordered_at,sku,quantity,unit_price\n";
        ok(load(
                "orders_day.csv",
                header + "O1,2025-02-01 10:00:00,P1,1,1.00\nO1,2025-02-01 10:00:00,P2,2,1.00\n"
                        + "O2,2025-02-01 11:00:00,P1,1,1.00\n",
                false,
                false));
        FeedResult one = ok(load("orders_push.csv", header + "O3,2025-02-01 12:00:00,P5,1,1.00\n", false, false));
        assertThat(w.count("SELECT COUNT(*) FROM orders"))
                .as("the day's other order lines stay")
                .isEqualTo(4);
        assertThat(one.recordsLoaded()).isEqualTo(1);
        // The upstream system retries the push with one more line: the line already loaded is recognised.
        FeedResult retry = ok(load(
                "orders_push_retry.csv",
                header + "O3,2025-02-01 12:00:00,P5,1,1.00\nO3,2025-02-01 12:00:00,P6,1,1.00\n",
                false,
                false));
        assertThat(w.count("SELECT COUNT(*) FROM orders")).isEqualTo(5);
        assertThat(w.count("SELECT COUNT(*) FROM orders WHERE order_id = 'O3'")).isEqualTo(2);
        assertThat(retry.summary().issues()).anyMatch(i -> i.code().equals("ALREADY_LOADED") && i.rows() == 1);
        // Two lines of the same product in one order are two lines when the file numbers them.
        ok(load(
                "orders_lines.csv",
                "order_id,line,ordered_at,sku,quantity,unit_price\nO4,1,2025-02-01 13:00:00,P1,1,1.00\n"
                        + "O4,2,2025-02-01 13:00:00,P1,1,1.00\n",
                false,
                false));
        assertThat(w.count("SELECT COUNT(*) FROM orders WHERE order_id = 'O4'")).isEqualTo(2);
    }

    /**
     * A data engineer sends the day's orders file again (--force, or a copy whose bytes differ): every line was loaded
     * before and none is added. The feed says it loaded none of them and that they were there already, where it said
     * "loaded 3" beside "3 rows were loaded before and were not added again".
     */
    @Test
    void anOrdersFileSentAgainLoadsNoRowAndSaysTheRowsWereAlreadyThere() throws IOException {
        String day = "order_id,ordered_at,sku,quantity,unit_price\nO1,2025-02-01 10:00:00,P1,1,1.00\n"
                + "O1,2025-02-01 10:00:00,P2,2,1.00\nO2,2025-02-01 11:00:00,P1,1,1.00\n";
        FeedResult first = ok(load("orders_2025-02-01.csv", day, false, false));
        assertThat(first.recordsLoaded()).isEqualTo(3);
        FeedResult again = ok(load("orders_2025-02-01.csv", day, false, true));
        assertThat(w.count("SELECT COUNT(*) FROM orders")).isEqualTo(3);
        assertThat(again.recordsRead()).isEqualTo(3);
        assertThat(again.recordsLoaded()).as("rows the second file added").isZero();
        assertThat(again.summary().metrics().recordsLoaded()).isZero();
        assertThat(again.summary().issues()).anyMatch(i -> i.code().equals("ALREADY_LOADED") && i.rows() == 3);
        assertThat(w.count("SELECT records_loaded FROM feeds WHERE feed_id = '" + again.feedId() + "'"))
                .as("the feed record the API, `stockroom feeds` and the Feeds page show")
                .isZero();

        // a push with one line more: one row loaded, two already there
        FeedResult more = ok(load(
                "orders_push.csv",
                day.replace("O2,2025-02-01 11:00:00,P1,1,1.00\n", "O3,2025-02-01 12:00:00,P5,1,1.00\n"),
                false,
                false));
        assertThat(more.recordsLoaded()).isEqualTo(1);
        assertThat(more.summary().issues()).anyMatch(i -> i.code().equals("ALREADY_LOADED") && i.rows() == 2);

        // its figures are those of what it loaded: before, a file that loaded nothing reported the whole file's
        // revenue, counted twice by anyone who adds up what the feeds brought
        assertThat(first.summary().metrics().grossRevenue()).isEqualTo(4.0);
        assertThat(again.summary().metrics().grossRevenue()).isZero();
        assertThat(more.summary().metrics().grossRevenue()).isEqualTo(1.0);
    }

    /**
     * The shop edits order O1 (2 mugs instead of 1) and its next export sends the order again. Appending keeps both
     * lines, so the order now reads 3 mugs: the feed warns and names the order instead of doubling it silently. A retry
     * of the same lines, or a push with one more product, is not an edit and says nothing.
     */
    @Test
    void anOrderResentWithAnotherQuantityIsAWarningNamingTheOrder() throws IOException {
        String header = "order_id,ordered_at,sku,quantity,unit_price\n";
        FeedResult first = ok(load(
                "orders_2025-02-01.csv",
                header + "O1,2025-02-01 10:00:00,MUG,1,8.00\nO2,2025-02-01 11:00:00,MUG,1,8.00\n",
                false,
                false));
        assertThat(first.summary().issues()).noneMatch(i -> i.code().equals("ORDER_LINE_RESENT"));
        FeedResult retry = ok(load(
                "orders_2025-02-01_retry.csv",
                header + "O2,2025-02-01 11:00:00,MUG,1,8.00\nO2,2025-02-01 11:00:00,PLATE,1,5.00\n",
                false,
                false));
        assertThat(retry.summary().issues()).noneMatch(i -> i.code().equals("ORDER_LINE_RESENT"));

        FeedResult edited = ok(load(
                "orders_2025-02-02.csv",
                header + "O1,2025-02-01 10:00:00,MUG,2,8.00\nO3,2025-02-02 09:00:00,MUG,1,8.00\n",
                false,
                false));

        assertThat(w.count("SELECT CAST(SUM(quantity) AS BIGINT) FROM orders WHERE order_id = 'O1'"))
                .isEqualTo(3);
        assertThat(edited.summary().issues())
                .filteredOn(i -> i.code().equals("ORDER_LINE_RESENT"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.type()).isEqualTo("warn");
                    assertThat(i.rows()).isEqualTo(1);
                    assertThat(i.message()).contains("(e.g. O1)").contains("counts twice");
                });
    }

    /**
     * The shop exports order 943913 again with its description cleaned (no comma, no line break) and the customer it
     * lacked: the same line of the same order, product, quantity and price. It is one line with the new text, not a
     * second line that counts the order's units and revenue twice.
     */
    @Test
    void anOrderLineResentWithOnlyItsTextChangedIsTheSameLineWithTheNewText() throws IOException {
        String header = "order_id,ordered_at,customer_id,sku,description,quantity,unit_price,country\n";
        String others = "943914,2026-12-06 01:10:00,C7,P2,Mug,2,8.00,France\n";
        ok(load(
                "orders_2026-12-06.csv",
                header
                        + "943913,2026-12-06 00:48:46,,P1,\"Morning Leaf Chai, Herbal\nTea 10 pods\",1,1.75,United Kingdom\n"
                        + others,
                false,
                false));
        FeedResult again = ok(load(
                "orders_2026-12-06_b.csv",
                header + "943913,2026-12-06 00:48:46,C9,P1,Morning Leaf Chai Herbal Tea 10 pods,1,1.75,United Kingdom\n"
                        + others,
                false,
                false));

        assertThat(w.count("SELECT COUNT(*) FROM orders WHERE order_id = '943913'"))
                .as("one line, not two")
                .isEqualTo(1);
        assertThat(w.string("SELECT CAST(SUM(quantity * unit_price) AS VARCHAR) FROM orders WHERE order_id = '943913'"))
                .as("the order's revenue counted once")
                .startsWith("1.75");
        assertThat(w.string("SELECT description || ' / ' || customer_id FROM orders WHERE order_id = '943913'"))
                .as("the text the shop sent last")
                .isEqualTo("Morning Leaf Chai Herbal Tea 10 pods / C9");
        assertThat(w.count("SELECT COUNT(*) FROM orders")).isEqualTo(2);
        assertThat(again.summary().issues())
                .anyMatch(i -> i.code().equals("ALREADY_LOADED") && i.rows() == 1)
                .anyMatch(i -> i.code().equals("ROWS_UPDATED")
                        && i.rows() == 1
                        && i.message().contains("description")
                        && i.message().contains("on 2026-12-06"));
    }

    @Test
    void aFileDeclaredCompleteReplacesItsSliceAndAShrinkBeyondTheShareIsAWarning() throws IOException {
        ok(load("sales_2025-02-01.csv", fullDay(), false, false));
        StringBuilder s1 = new StringBuilder(SALES);
        for (int i = 1; i <= 18; i++) {
            s1.append("S1,P").append(i).append(",2025-02-01,1,1.00\n");
        }
        FeedResult small = ok(load("sales_s1_complete.csv", s1.toString(), true, false));
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S1'")).isEqualTo(18);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S2'"))
                .as("S2 was not in the file")
                .isEqualTo(20);
        assertThat(small.summary().issues())
                .anyMatch(i -> i.code().equals("SLICE_REPLACED") && i.rows() == 20)
                .as("10% fewer rows is within the 20% share")
                .noneMatch(i -> i.code().equals("SLICE_SHRANK"));

        FeedResult shrunk = ok(load("sales_s1_tiny.csv", SALES + "S1,P1,2025-02-01,1,1.00\n", true, false));
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S1'")).isEqualTo(1);
        assertThat(shrunk.summary().issues())
                .anyMatch(i -> i.code().equals("SLICE_SHRANK")
                        && i.type().equals("warn")
                        && i.rows() == 17
                        && i.message().contains("2025-02-01 / S1: 18 → 1 rows"));
    }

    @Test
    void aByteIdenticalResendIsRecognisedAndForceReloadsItToRestoreTheSlice() throws IOException {
        String original = fullDay();
        ok(load("sales_2025-02-01.csv", original, false, false));
        ok(load("sales_s1_tiny.csv", SALES + "S1,P1,2025-02-01,9,9.00\n", true, false));
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(21);

        FeedResult again = ok(load("sales_2025-02-01.csv", original, false, false));
        assertThat(again.duplicateOf()).isNotNull();
        assertThat(again.summary().issues()).anyMatch(i -> i.code().equals("DUPLICATE_FILE"));
        assertThat(w.count("SELECT COUNT(*) FROM sales"))
                .as("a plain resend loads nothing")
                .isEqualTo(21);

        FeedResult forced = ok(load("sales_2025-02-01.csv", original, false, true));
        assertThat(forced.duplicateOf()).isNull();
        assertThat(forced.recordsLoaded()).isEqualTo(40);
        assertThat(w.count("SELECT COUNT(*) FROM sales"))
                .as("the slice is restored")
                .isEqualTo(40);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE units_sold = 1")).isEqualTo(40);
    }

    private FeedResult load(String name, String content, boolean complete, boolean force) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return w.ingest.ingest(f, IngestRequest.of(name, null, null, "cli").with(complete, force));
    }

    private static FeedResult ok(FeedResult r) {
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        return r;
    }
}
