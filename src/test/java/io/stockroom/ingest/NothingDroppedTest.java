package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.TestWarehouse;
import io.stockroom.quality.DateOrder;
import io.stockroom.testdata.Workbooks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Issue #16, "nothing is silently dropped or misdated": every row read is loaded or quarantined with a reason. */
class NothingDroppedTest {

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void masterData() throws IOException {
        w = new TestWarehouse(dir.resolve("data"));
        ok(load("stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n"));
        ok(load(
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\nB,Banana,Fresh,Fruit,0.20,0.40\n"
                        + "C,Cheddar,Dairy,Cheese,2.00,3.50\n"));
    }

    @AfterEach
    void close() {
        w.close();
    }

    /** 30 good rows with one 40 MB line as line 12 (and, for the engine's other limit, a 3 MB one as line 25). */
    private Path salesWithLongLines(String name) throws IOException {
        return salesWithLongLines(name, 33, 25);
    }

    private Path salesWithLongLines(String name, int lastLine, int threeMbLine) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("store_id,sku,date,units_sold,total_sales\n".getBytes(StandardCharsets.UTF_8));
            int row = 0;
            for (int line = 2; line <= lastLine; line++) {
                if (line == 12 || line == threeMbLine) {
                    out.write("S1,A,2025-02-01,1,\"".getBytes(StandardCharsets.UTF_8));
                    byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
                    for (int mb = 0; mb < (line == 12 ? 40 : 3); mb++) {
                        out.write(chunk);
                    }
                    out.write("\"\n".getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                // a distinct (store, sku, date) per row
                out.write(String.format(
                                "S%d,%s,2025-02-%02d,1,1.00%n", row % 2 + 1, "ABC".charAt(row / 2 % 3), row / 6 + 1)
                        .getBytes(StandardCharsets.UTF_8));
                row++;
            }
        }
        return f;
    }

    @Test
    void aLineOf40MbIsQuarantinedWithItsLineNumberAndCounted() throws IOException {
        Path f = salesWithLongLines("sales_2025-02-06.csv");
        ValidationReport report =
                w.ingest.validate(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli"));
        assertThat(report.recordsRead()).isEqualTo(32);
        assertThat(report.quarantined()).isEqualTo(2);
        assertThat(report.issues()).anySatisfy(i -> assertThat(i.code()).isEqualTo("LINE_TOO_LONG"));

        FeedResult r = w.ingestWithThreshold(0.10)
                .ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli"));
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead()).isEqualTo(32);
        assertThat(r.recordsLoaded()).isEqualTo(30);
        assertThat(r.recordsQuarantined()).isEqualTo(2);
        assertThat(w.count(
                        "SELECT COUNT(*) FROM sales WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = '"
                                + r.feedId() + "')"))
                .isEqualTo(30);
        assertThat(w.string(
                        "SELECT string_agg(CAST(source_line AS VARCHAR), ',' ORDER BY source_line) FROM quarantine WHERE feed_id = '"
                                + r.feedId() + "' AND reasons LIKE '%LINE_TOO_LONG%'"))
                .isEqualTo("12,25");
    }

    @Test
    void aFeedThatFailsOnLongLinesStillCountsThem() throws IOException {
        Path f = salesWithLongLines("sales_2025-02-07.csv", 20, -1);
        FeedResult r = w.ingest.ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.recordsRead()).isEqualTo(19);
        assertThat(r.recordsLoaded()).isZero();
        assertThat(r.recordsQuarantined())
                .as("a failed feed loads nothing: every row read is quarantined")
                .isEqualTo(19);
        assertThat(w.count("SELECT COUNT(*) FROM quarantine WHERE feed_id = '" + r.feedId()
                        + "' AND source_line = 12 AND reasons LIKE '%LINE_TOO_LONG%'"))
                .isEqualTo(1);
        assertThat(w.string(
                        "SELECT CAST(COUNT(DISTINCT source_line) AS VARCHAR) || ' lines ' || CAST(MIN(source_line) AS VARCHAR) || '..' "
                                + "|| CAST(MAX(source_line) AS VARCHAR) FROM quarantine WHERE feed_id = '" + r.feedId()
                                + "'"))
                .as("each row keeps its own line of the file, also after the rejected one")
                .isEqualTo("19 lines 2..20");
        assertThat(r.summary().issues()).anySatisfy(i -> assertThat(i.code()).isEqualTo("LINE_TOO_LONG"));
        assertThat(w.count(
                        "SELECT COUNT(*) FROM sales WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = '"
                                + r.feedId() + "')"))
                .isZero();
    }

    /**
     * A header written with CRLF and rows appended with LF (or the reverse, or a CRLF file whose quoted value holds
     * a bare LF): the engine picks one kind of line break and then either refuses the whole file or runs two rows
     * into one. Every row is read, validated and loaded, and validate reports it the same way.
     */
    @Test
    void mixedLineBreaksLoseNoRow() throws IOException {
        String[] files = {
            "store_id,sku,date,units_sold,total_sales\r\nS1,A,2025-03-01,1,1.00\nS1,B,2025-03-01,2,2.00\nS2,C,2025-03-01,3,3.00\r\n",
            "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-02,1,1.00\r\nS1,B,2025-03-02,2,2.00\r\nS2,C,2025-03-02,3,3.00\n",
            "store_id,sku,date,units_sold,total_sales,note\r\nS1,A,2025-03-03,1,1.00,\"two\nlines\"\nS1,B,2025-03-03,2,2.00,x\r\n"
                    + "S2,C,2025-03-03,3,3.00,\"a\r\nb\"\r\n"
        };
        for (int i = 0; i < files.length; i++) {
            Path f = write("sales_mixed_" + i + ".csv", files[i]);
            ValidationReport report =
                    w.ingest.validate(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli"));
            assertThat(report.recordsRead()).as("file %d validated", i).isEqualTo(3);
            assertThat(report.quarantined()).as("file %d validated", i).isZero();
            FeedResult r =
                    ok(w.ingest.ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli")));
            assertThat(r.recordsLoaded()).as("file %d", i).isEqualTo(3);
            assertThat(r.summary().issues())
                    .anySatisfy(issue -> assertThat(issue.message()).contains("line breaks"));
        }
        assertThat(w.string("SELECT string_agg(sku || CAST(units_sold AS INTEGER), ',' ORDER BY business_date, sku) "
                        + "FROM sales"))
                .isEqualTo("A1,B2,C3,A1,B2,C3,A1,B2,C3");
    }

    /**
     * A European export writes decimal commas and thousands dots: once a column shows a decimal comma (2,50), its
     * 1.234 is one thousand two hundred and thirty-four, not 1.23, and its 0,125 is an eighth. A column with decimal
     * points (2.50) keeps reading 1,234 as a thousand and 1.234 as a decimal.
     */
    @Test
    void aColumnWithDecimalCommasReadsDotsAsThousands() throws IOException {
        ok(
                load(
                        "sales_eu_2025-03-01.csv",
                        "store_id;sku;date;units_sold;total_sales;transactions\n"
                                + "S1;A;2025-03-01;1.234;1.234;1.001\nS1;B;2025-03-01;0,125;2,50;3\nS2;C;2025-03-01;2;1.234.567,5;4\n"));
        ok(load(
                "sales_us_2025-03-02.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-02,1,\"1,234\"\nS1,B,2025-03-02,2,2.50\n"
                        + "S2,C,2025-03-02,3,1.125\n"));
        ok(load(
                "sales_eu_2025-03-03.csv",
                "store_id;sku;date;units_sold;total_sales\nS1;A;2025-03-03;1.234;2,50\nS1;B;2025-03-03;2.500;3\n"));
        assertThat(w.string("SELECT string_agg(CAST(units_sold AS VARCHAR), ',' ORDER BY sku) FROM sales "
                        + "WHERE business_date = DATE '2025-03-03'"))
                .as("units that each look like a plain decimal, beside sales with a decimal comma")
                .isEqualTo("1234.000,2500.000");
        assertThat(w.string("SELECT string_agg(sku || '=' || CAST(units_sold AS VARCHAR) || '/' || CAST(total_sales AS "
                        + "VARCHAR) || '/' || COALESCE(CAST(transactions AS VARCHAR), '-'), ' ' ORDER BY business_date, sku) "
                        + "FROM sales WHERE business_date < DATE '2025-03-03'"))
                .isEqualTo("A=1234.000/1234.00/1001 B=0.125/2.50/3 C=2.000/1234567.50/4 "
                        + "A=1.000/1234.00/- B=2.000/2.50/- C=3.000/1.13/-");
    }

    /**
     * Money with three decimals (a till that sends tenths of a cent, or an export in another unit) is rounded to the
     * cents the warehouse keeps: the feed says so, per column, with how many values and the first line, instead of
     * 12.345 becoming 12.35 in silence. A file whose values fit says nothing.
     */
    @Test
    void valuesWithMoreDecimalsThanTheWarehouseKeepsAreNamedOnTheFeed() throws IOException {
        FeedResult rounded = ok(load(
                "sales_2025-03-08.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-08,1,1.00\nS1,B,2025-03-08,2,12.345\n"
                        + "S2,C,2025-03-08,3,0.125\nS2,A,2025-03-08,1,2.5\n"));
        assertThat(w.string("SELECT CAST(SUM(total_sales) AS VARCHAR) FROM sales WHERE business_date = DATE "
                        + "'2025-03-08'"))
                .isEqualTo("15.98");
        assertThat(rounded.summary().issues())
                .filteredOn(i -> i.code().equals("VALUES_ROUNDED"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.type()).isEqualTo("warn");
                    assertThat(i.column()).isEqualTo("total_sales");
                    assertThat(i.rows()).isEqualTo(2);
                    assertThat(i.message())
                            .contains("2 values of total_sales have more decimals than the warehouse keeps (2)")
                            .contains("first on line 3: 12.345 → 12.35");
                });
        FeedResult exact = ok(load(
                "sales_2025-03-09.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-09,1.5, 1.10\nS1,B,2025-03-09,2,12.34\n"));
        assertThat(exact.summary().issues()).noneMatch(i -> i.code().equals("VALUES_ROUNDED"));
    }

    /** A two-digit year reads as the first century: the row's reason says so, not only "before 2000-01-01". */
    @Test
    void aTwoDigitYearIsQuarantinedWithItsCauseNamed() throws IOException {
        FeedResult r = w.ingestWithThreshold(0.9)
                .ingest(
                        write(
                                "sales_short_years.csv",
                                "store_id,sku,date,units_sold,total_sales\nS1,A,2026-03-05,1,1.00\nS1,B,05/03/26,1,1.00\n"),
                        IngestRequest.of("sales_short_years.csv", null, null, "cli"));
        assertThat(r.recordsQuarantined()).isEqualTo(1);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("DATE_TOO_OLD")
                .contains("two-digit year");
    }

    /**
     * A file holding several days (a backfill filed under its last day) counts its rows on the days they are on in the
     * quality score by day: a bad row of 1 March lowers 1 March, not 3 March, and 1 and 2 March show the rows they got.
     * Before, all 6 rows and the bad one counted on 3 March and the other days showed none. A one-day file, and a
     * file on the fast path, are counted as before.
     */
    @Test
    void aBackfillCountsItsRowsOnTheirOwnDaysInTheQualityScore() throws IOException {
        FeedResult backfill = w.ingestWithThreshold(0.5)
                .ingest(
                        write(
                                "sales_backfill.csv",
                                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,1,1.00\nS1,B,2025-03-01,1,x\n"
                                        + "S1,C,2025-03-01,1,1.00\nS1,A,2025-03-02,1,1.00\nS1,B,2025-03-03,1,1.00\n"
                                        + "S1,C,2025-03-03,2,2.00\n"),
                        IngestRequest.of("sales_backfill.csv", null, null, "cli"));
        assertThat(backfill.businessDate()).hasToString("2025-03-03");
        assertThat(backfill.recordsQuarantined()).isEqualTo(1);
        ok(load("sales_2025-03-04.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-04,1,1.00\n"));
        new io.stockroom.model.ModelRunner(w.warehouse).rebuildAll();
        assertThat(w.strings("SELECT CAST(business_date AS VARCHAR) || ' ' || CAST(feeds AS VARCHAR) || ' '"
                        + " || CAST(records_loaded AS VARCHAR) || ' ' || CAST(records_quarantined AS VARCHAR) || ' '"
                        + " || CAST(score AS VARCHAR) FROM mart_quality_daily WHERE business_date BETWEEN DATE '2025-03-01' AND DATE '2025-03-31'"
                        + " ORDER BY business_date"))
                .containsExactly(
                        "2025-03-01 0 2 1 0.6667",
                        "2025-03-02 0 1 0 1.0000",
                        "2025-03-03 1 2 0 1.0000",
                        "2025-03-04 1 1 0 1.0000");
    }

    /**
     * A POS export with a subtotal line per store (the store and day, no SKU, the day's units and sales) would count
     * each store-day twice if the line loaded as a store-level row beside the item rows. It is quarantined as
     * {@code TOTAL_LINE}, on the fast path's files as on the general path's; a store with no item rows that day still
     * loads its store-level row, and so does a store-level line with no units or sales (the till's basket count).
     */
    @Test
    void aSubtotalLineBesideItemRowsIsQuarantinedNotCountedTwice() throws IOException {
        // S1's line without a SKU and with no units or sales is the till's basket count (docs/metrics.md): kept
        String csv = "store_id,sku,date,units_sold,total_sales,transactions\nS1,A,2025-03-05,2,2.00,2\n"
                + "S1,B,2025-03-05,1,2.50,1\nS1,,2025-03-05,3,4.50,\nS2,,2025-03-05,4,8.00,3\nS1,C,2025-03-06,1,3.50,1\n"
                + "S1,,2025-03-06,0,0,7\n";
        for (String padding : new String[] {"", " "}) {
            // the second file has a padded value, so it takes the general path
            Path f = write("sales_subtotals" + padding.length() + ".csv", csv.replace("S2,", "S2," + padding));
            FeedResult r = ok(w.ingestWithThreshold(0.5)
                    .ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli")));
            assertThat(r.recordsLoaded()).as("file %d", padding.length()).isEqualTo(5);
            assertThat(r.recordsQuarantined()).isEqualTo(1);
            assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                    .contains("TOTAL_LINE");
            assertThat(w.string("SELECT CAST(SUM(total_sales) AS VARCHAR) FROM sales WHERE business_date = DATE "
                            + "'2025-03-05'"))
                    .isEqualTo("12.50");
            assertThat(w.count("SELECT SUM(transactions) FROM sales WHERE sku IS NULL AND business_date = DATE "
                            + "'2025-03-06'"))
                    .isEqualTo(7);
        }
    }

    @Test
    void twoHeadersForOneColumnAreRefusedNamingBothInsteadOfUsingTheFirst() throws IOException {
        // units and qty are both names of units_sold: which one the sender meant is a guess
        String csv = "store_id,sku,business_date,units,total_sales,qty\nS1,A,2025-03-05,2,2.00,5\n";
        Path f = write("sales_alias3.csv", csv);
        FeedResult r = w.ingest.ingest(f, IngestRequest.of("sales_alias3.csv", null, null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().message())
                .contains("'units' (column 4) and 'qty' (column 6)")
                .contains("units_sold")
                .contains("drop one of them or rename it");
        assertThat(w.count("SELECT count(*) FROM sales")).as("nothing loaded").isZero();
        assertThatThrownBy(() -> w.ingest.validate(f, IngestRequest.of("sales_alias3.csv", null, null, "cli")))
                .as("a validation says what the load would do")
                .hasMessageContaining("'units' (column 4) and 'qty' (column 6)");

        // a mapping that names the column's header (the upload preview's) settles it
        FeedResult mapped = ok(w.ingest.ingest(
                f,
                new IngestRequest(
                                "sales_alias3.csv",
                                null,
                                null,
                                "upload",
                                null,
                                null,
                                java.util.Map.of("qty", "units_sold"),
                                null)
                        .with(false, true)));
        assertThat(mapped.recordsLoaded()).isEqualTo(1);
        assertThat(w.count("SELECT CAST(units_sold AS INTEGER) FROM sales")).isEqualTo(5);
    }

    /** Quality settings as shipped: no slash-date order configured. */
    private IngestService asShipped() {
        return w.ingestWith(new StockroomProperties.Quality(0.05, "2000-01-01", 1, null));
    }

    private static final String UNPROVABLE =
            "store_id,sku,date,units_sold,total_sales\nS1,A,03/05/2026,1,1.00\nS1,B,04/05/2026,1,1.00\n";

    @Test
    void datesThatCannotProveDayOrMonthFirstFailTheFeedNamingTheSettingInsteadOfAGuess() throws IOException {
        Path f = write("sales_unprovable.csv", UNPROVABLE);
        FeedResult r = asShipped().ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("DATE_ORDER_AMBIGUOUS");
        assertThat(r.summary().error().message())
                .contains("03/05/2026", "stockroom.quality.slash-date-order", "--date-order");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();

        ValidationReport report =
                asShipped().validate(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli"));
        assertThat(report.wouldFail()).isTrue();
        assertThat(report.failure()).contains("--date-order");
    }

    @Test
    void theOrderTheSenderGivesIsUsedAsTold() throws IOException {
        Path f = write("sales_2026-05-04.csv", UNPROVABLE);
        FeedResult r = ok(asShipped()
                .ingest(
                        f,
                        new IngestRequest(
                                f.getFileName().toString(), null, null, "cli", null, null, null, null, DateOrder.MDY)));
        assertThat(w.string("SELECT string_agg(CAST(business_date AS VARCHAR), ',' ORDER BY sku) FROM sales"))
                .isEqualTo("2026-03-05,2026-04-05");

        // a replay from the raw lake reads the dates the way the load was told to
        FeedResult replayed = ok(asShipped()
                .ingest(
                        null,
                        new IngestRequest(
                                f.getFileName().toString(), "sales", null, "replay", null, null, null, r.feedId())));
        assertThat(replayed.recordsLoaded()).isEqualTo(2);
        assertThat(w.string("SELECT string_agg(CAST(business_date AS VARCHAR), ',' ORDER BY sku) FROM sales"))
                .isEqualTo("2026-03-05,2026-04-05");
    }

    /**
     * The date in a file's name is not its rows' date: day-first rows of 03/04/2026 in sales_2026-03-04.csv are the
     * 3rd of April. They load under their own date; the feed, listed and filed under the name's date, says so.
     */
    @Test
    void aFileWhoseRowsAreNotOnTheDateItsNameGivesSaysSo() throws IOException {
        Path f = write("sales_2026-03-04.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,03/04/2026,1,1.00\n");
        FeedResult r = ok(asShipped()
                .ingest(
                        f,
                        new IngestRequest(
                                f.getFileName().toString(), null, null, "cli", null, null, null, null, DateOrder.DMY)));
        assertThat(w.string("SELECT CAST(business_date AS VARCHAR) FROM sales")).isEqualTo("2026-04-03");
        assertThat(r.summary().issues()).anySatisfy(i -> {
            assertThat(i.code()).isEqualTo("ROWS_ON_OTHER_DATES");
            assertThat(i.message()).contains("2026-03-04", "2026-04-03");
        });
    }

    @Test
    void aConfiguredOrderDecidesWhatTheFileCannotProve() throws IOException {
        Path f = write("sales_configured.csv", UNPROVABLE);
        ok(w.ingestWith(new StockroomProperties.Quality(0.05, "2000-01-01", 1, "MDY"))
                .ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli")));
        assertThat(w.string("SELECT string_agg(CAST(business_date AS VARCHAR), ',' ORDER BY sku) FROM sales"))
                .isEqualTo("2026-03-05,2026-04-05");
    }

    @Test
    void oneValueAboveTwelveAnywhereInTheColumnProvesTheOrder() throws IOException {
        StringBuilder csv = new StringBuilder("store_id,sku,date,units_sold,total_sales\n");
        for (int day = 1; day <= 12; day++) {
            csv.append(String.format("S1,A,%02d/05/2026,1,1.00%n", day));
        }
        csv.append("S1,A,13/05/2026,1,1.00\n");
        Path f = write("sales_proven.csv", csv.toString());
        ok(asShipped().ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli")));
        assertThat(
                        w.string(
                                "SELECT CAST(MIN(business_date) AS VARCHAR) || ',' || CAST(MAX(business_date) AS VARCHAR) FROM sales"))
                .isEqualTo("2026-05-01,2026-05-13");
    }

    @Test
    void thePreviewAsksForTheOrderAndTheAnswerIsCarried() throws IOException {
        Path f = write("sales_preview.csv", UNPROVABLE);
        IngestService.Preview asked =
                asShipped().preview(f, IngestRequest.of(f.getFileName().toString(), null, null, "upload"), 10);
        assertThat(asked.askDateOrder()).containsExactly("date");
        assertThat(asked.report().wouldFail()).isTrue();
        assertThat(asked.rows()).hasSize(2);
        IngestService.Preview answered = asShipped()
                .preview(
                        f,
                        new IngestRequest(
                                f.getFileName().toString(),
                                null,
                                null,
                                "upload",
                                null,
                                null,
                                null,
                                null,
                                DateOrder.DMY),
                        10);
        assertThat(answered.askDateOrder()).isEmpty();
        assertThat(answered.report().wouldFail()).isFalse();
    }

    @Test
    void aFileNameIsNeverAPatternEvenWhenItLooksLikeOne() throws IOException {
        // siblings that the names below would match as globs, each loaded first as its own feed
        int siblingDay = 1;
        for (String sibling : new String[] {"sales_xa.csv", "sales_1.csv", "sales_b.csv", "sales_q.csv"}) {
            String date = String.format("2025-04-%02d", siblingDay++);
            ok(load(
                    sibling,
                    "store_id,sku,date,units_sold,total_sales\nS2,A," + date + ",5,5.00\nS2,B," + date + ",5,2.00\n"));
        }
        long before = w.count("SELECT COUNT(*) FROM sales");
        int day = 2;
        for (String name : new String[] {"sales_x*.csv", "sales_[1].csv", "sales_{a,b}.csv", "sales_?.csv"}) {
            String date = String.format("2025-03-%02d", day++);
            // both the general path (a padded value) and the engine-typed fast path
            for (String content : new String[] {
                "store_id,sku,date,units_sold,total_sales\nS1,C,%s,1,3.50\n",
                "store_id,sku,date,units_sold,total_sales\nS1,C, %s ,1,3.50\n"
            }) {
                FeedResult r = ok(load(name, String.format(content, date)));
                assertThat(r.recordsRead()).as(name).isEqualTo(1);
                assertThat(r.recordsLoaded()).as(name).isEqualTo(1);
            }
        }
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S2'"))
                .as("the siblings' rows are untouched")
                .isEqualTo(8);
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(before + 4);
    }

    @Test
    void aJsonObjectOrArrayInAScalarColumnIsARowErrorNotANull() throws IOException {
        Path f = write("sales_2025-02-10.json", """
                [{"store_id": "S1", "sku": "A", "date": "2025-02-10", "units_sold": 2, "total_sales": 2.00},
                 {"store_id": "S1", "sku": "B", "date": "2025-02-10", "units_sold": {"value": 3}, "total_sales": 1.20},
                 {"store_id": "S1", "sku": "C", "date": "2025-02-10", "units_sold": 1, "total_sales": 3.50, "channel": ["web", "store"]},
                 {"store_id": "S2", "sku": "A", "date": "2025-02-10", "units_sold": 1, "total_sales": 1.00, "discount": []},
                 {"store_id": "S2", "sku": "B", "date": "2025-02-10", "units_sold": 1, "total_sales": 0.40, "customer": {"id": "C9"}}]
                """);
        FeedResult r = w.ingestWithThreshold(1.0)
                .ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "api"));
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead()).isEqualTo(5);
        assertThat(r.recordsQuarantined()).isEqualTo(3);
        assertThat(r.recordsLoaded())
                .as("a nested field of another name (customer.id) is not a scalar column's value")
                .isEqualTo(2);
        String nested = "FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND reasons LIKE '%NESTED_VALUE%'";
        assertThat(w.count("SELECT COUNT(*) " + nested)).isEqualTo(3);
        List<String> columns = new ArrayList<>();
        for (int line = 3; line <= 5; line++) {
            // the first reason's column, read here: the engines spell their JSON functions differently
            String reasons = w.string("SELECT reasons " + nested + " AND source_line = " + line);
            columns.add(line + ":"
                    + JsonMapper.builder()
                            .build()
                            .readTree(reasons)
                            .get(0)
                            .get("column")
                            .asString());
        }
        assertThat(columns).containsExactly("3:units_sold", "4:channel", "5:discount");
        assertThat(r.summary().issues()).anySatisfy(i -> assertThat(i.code()).isEqualTo("NESTED_VALUE"));
    }

    @Test
    void aMillionColumnHeaderFailsFastWithAClearMessage() throws IOException {
        Path f = dir.resolve("sales_wide.csv");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(f))) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write(((i == 0 ? "" : ",") + "c" + i).getBytes(StandardCharsets.UTF_8));
            }
            out.write("\n1,2,3\n".getBytes(StandardCharsets.UTF_8));
        }
        FeedResult r = w.ingest.ingest(f, IngestRequest.of("sales_wide.csv", "sales", null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("TOO_MANY_COLUMNS");
        assertThat(r.summary().error().message()).contains("sales_wide.csv");
    }

    @Test
    void aPreviewOf130kColumnsFailsFastNamingTheLimitAndItsSetting() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 130_000; i++) {
            csv.append(i == 0 ? "" : ",").append('c').append(i);
        }
        Path f = write("wide_preview.csv", csv.append("\n1\n").toString());
        assertThatThrownBy(() -> w.ingest.preview(f, IngestRequest.of("wide_preview.csv", null, null, "upload"), 10))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_COLUMNS))
                .hasMessageContaining("130,000 columns")
                .hasMessageContaining("stockroom.ingest.max-columns");
    }

    @Test
    void anXlsxFormulaWithoutACachedValueIsFlaggedNotLoadedAsEmpty() throws IOException {
        Path f = dir.resolve("sales_2025-02-11.xlsx");
        try (OutputStream out = Files.newOutputStream(f)) {
            org.dhatim.fastexcel.Workbook book = new org.dhatim.fastexcel.Workbook(out, "test", "1.0");
            org.dhatim.fastexcel.Worksheet sheet = book.newWorksheet("Sales");
            String[] header = {"store_id", "sku", "date", "units_sold", "total_sales"};
            for (int c = 0; c < header.length; c++) {
                sheet.value(0, c, header[c]);
            }
            sheet.value(1, 0, "S1");
            sheet.value(1, 1, "A");
            sheet.value(1, 2, "2025-02-11");
            sheet.value(1, 3, 2);
            sheet.formula(1, 4, "D2*1.5"); // written without a cached value, as generators and scripts do
            book.finish();
        }
        FeedResult r = w.ingest.ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli"));
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().message()).contains("never calculated").contains("E2");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();
    }

    /** A sales workbook: one sheet per month (same columns, one with its header in another case) and a returns sheet. */
    private Path salesByMonth(String name) throws IOException {
        List<Workbooks.Sheet> months = new ArrayList<>();
        for (String[] month :
                new String[][] {{"January", "2025-01-31", "store_id"}, {"February", "2025-02-28", "STORE_ID"}}) {
            months.add(Workbooks.sheet(
                    month[0],
                    Workbooks.row(month[2], "sku", "date", "units_sold", "total_sales"),
                    Workbooks.row("S1", "A", month[1], 1, 1.5),
                    Workbooks.row("S1", "B", month[1], 2, 3.0),
                    Workbooks.row("S1", "C", month[1], 3, 4.5)));
        }
        return Workbooks.write(
                dir.resolve(name),
                months.get(0),
                months.get(1),
                Workbooks.sheet(
                        "Returns",
                        Workbooks.row("store_id", "sku", "returned"),
                        Workbooks.row("S2", "A", 4),
                        Workbooks.row("S2", "B", 1)));
    }

    @Test
    void everySheetOfAWorkbookIsReadOrNamedOnTheFeed() throws IOException {
        Path f = salesByMonth("sales_by_month.xlsx");

        FeedResult r = w.ingest.ingest(f, IngestRequest.of(f.getFileName().toString(), "sales", null, "cli"));

        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsRead())
                .as("both months' rows, not only the first sheet's")
                .isEqualTo(6);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-02-28'"))
                .isEqualTo(3);
        assertThat(r.summary().issues())
                .filteredOn(i -> i.code().equals("SHEETS_NOT_READ"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.type()).isEqualTo("warn");
                    assertThat(i.rows()).isEqualTo(2);
                    assertThat(i.message()).contains("'Returns' (2 rows)").contains("--sheet");
                });
        assertThat(r.summary().issues())
                .anyMatch(i -> i.code().equals("DECODING")
                        && i.message().contains("'January' lines 2-4; 'February' lines 5-7"));

        ValidationReport checked =
                w.ingest.validate(f, IngestRequest.of(f.getFileName().toString(), "sales", null, "cli"));
        assertThat(checked.issues()).anyMatch(i -> i.code().equals("SHEETS_NOT_READ"));
    }

    @Test
    void excelErrorCellsAreNamedOnTheFeed() throws IOException {
        Path f = dir.resolve("sales_2025-02-12.xlsx");
        try (OutputStream out = Files.newOutputStream(f)) {
            org.dhatim.fastexcel.Workbook book = new org.dhatim.fastexcel.Workbook(out, "test", "1.0");
            org.dhatim.fastexcel.Worksheet sheet = book.newWorksheet("Sales");
            String[] header = {"store_id", "sku", "date", "units_sold", "total_sales"};
            for (int c = 0; c < header.length; c++) {
                sheet.value(0, c, header[c]);
            }
            String[] skus = {"A", "B", "C"};
            for (int r = 1; r <= 3; r++) {
                sheet.value(r, 0, "S1");
                sheet.value(r, 1, skus[r - 1]);
                sheet.value(r, 2, "2025-02-12");
                sheet.value(r, 4, 1.5);
            }
            sheet.value(1, 3, 2);
            sheet.value(2, 3, 1);
            book.finish();
        }
        // fastexcel cannot write an error cell: put one in by hand, as Excel stores #N/A (t="e")
        Path withError = dir.resolve("sales_2025-02-13.xlsx");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(f.toFile());
                java.util.zip.ZipOutputStream out =
                        new java.util.zip.ZipOutputStream(Files.newOutputStream(withError))) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                var e = entries.nextElement();
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(bytes, StandardCharsets.UTF_8);
                    int row4 = xml.indexOf("<row r=\"4\"");
                    int at = xml.indexOf("<c r=\"E4\"", row4);
                    xml = xml.substring(0, at) + "<c r=\"D4\" t=\"e\"><v>#N/A</v></c>" + xml.substring(at);
                    bytes = xml.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        FeedResult r = ok(w.ingest.ingest(
                withError, IngestRequest.of(withError.getFileName().toString(), null, null, "cli")));
        assertThat(r.summary().issues())
                .anySatisfy(
                        i -> assertThat(i.message()).contains("Excel errors").contains("D4 #N/A"));
    }

    @Test
    void anXlsxWiderThanTheColumnLimitIsRefused() throws IOException {
        Path f = dir.resolve("wide.xlsx");
        try (OutputStream out = Files.newOutputStream(f)) {
            org.dhatim.fastexcel.Workbook book = new org.dhatim.fastexcel.Workbook(out, "test", "1.0");
            org.dhatim.fastexcel.Worksheet sheet = book.newWorksheet("Wide");
            for (int c = 0; c < 1500; c++) {
                sheet.value(0, c, "c" + c);
            }
            sheet.value(1, 0, 1);
            book.finish();
        }
        FeedResult r = w.ingest.ingest(f, IngestRequest.of("wide.xlsx", "sales", null, "cli"));
        assertThat(r.summary().error().code()).isEqualTo("TOO_MANY_COLUMNS");
        assertThat(r.summary().error().message()).contains("1,500 columns");
    }

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private FeedResult load(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return w.ingest.ingest(f, IngestRequest.of(name, null, null, "cli"));
    }

    private static FeedResult ok(FeedResult r) {
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        return r;
    }
}
