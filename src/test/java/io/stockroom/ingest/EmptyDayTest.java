package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.Completeness;
import io.stockroom.arrivals.ExpectedArrivals;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A header-only file: a normal day with no rows for a dataset whose contract says {@code empty_day: valid}
 * (support_conversations: a quiet day with no ticket), a refusal that keeps its dataset and says what to do for any
 * other (sales). On DuckDB, and on PostgreSQL with -Dstockroom.test.engine=postgres.
 */
class EmptyDayTest {

    private static final String CONVERSATIONS_HEADER =
            "conversation_id,customer_id,order_id,opened_at,first_response_at,resolved_at,priority,channel\n";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @TempDir
    Path dir;

    TestWarehouse w;
    ExpectedArrivals arrivals;

    @BeforeEach
    void warehouse() {
        w = new TestWarehouse(dir.resolve("data"));
        arrivals = new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
        // the help desk's file is due every day
        arrivals.setRule(new ExpectedArrivals.Rule("support_conversations", "*", "daily", true, null));
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void headerOnlyFileOfAnEmptyDayDatasetLoadsNoRowsForItsDateAndCountsAsArrived() throws IOException {
        FeedResult r = ingest("support_conversations_2026-11-25.csv", CONVERSATIONS_HEADER, null);

        assertThat(r.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.dataset()).isEqualTo("support_conversations");
        assertThat(r.businessDate()).isEqualTo(DAY);
        assertThat(r.recordsRead()).isZero();
        assertThat(r.recordsLoaded()).isZero();
        assertThat(r.summary().issues()).anySatisfy(i -> assertThat(i.code()).isEqualTo("EMPTY_DAY"));
        // kept in the lake like any other file, under its dataset and date
        assertThat(w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'"))
                .startsWith("lake/raw/support_conversations/2026-11-25/");
        assertThat(w.string("SELECT status FROM feeds WHERE feed_id = '" + r.feedId() + "'"))
                .isEqualTo("transformed");
        Completeness day = arrivals.status(DAY);
        assertThat(day.complete()).as(day.describe()).isTrue();
        // the day before had no file at all: still missing
        assertThat(arrivals.status(DAY.minusDays(1)).complete()).isFalse();

        // the next quiet day sends the same bytes, dated by its drop-folder subfolder: a day of its own, not a
        // duplicate of the first
        FeedResult next = ingest(
                "support_conversations.csv",
                CONVERSATIONS_HEADER,
                IngestRequest.of("support_conversations.csv", null, DAY.plusDays(1), "drop"));
        assertThat(next.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(next.duplicateOf()).isNull();
        assertThat(next.businessDate()).isEqualTo(DAY.plusDays(1));
        assertThat(arrivals.status(DAY.plusDays(1)).complete()).isTrue();

        // a replay of that date re-reads the raw file (no date in its name) for the date its feed was loaded for
        FeedResult replayed = w.ingest.ingest(
                null,
                new IngestRequest(
                        "support_conversations.csv",
                        "support_conversations",
                        null,
                        "replay",
                        null,
                        null,
                        Map.of(),
                        next.feedId()));
        assertThat(replayed.status())
                .as(String.valueOf(replayed.summary().error()))
                .isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(replayed.businessDate()).isEqualTo(DAY.plusDays(1));
    }

    @Test
    void headerOnlyWorkbookSheetIsAnEmptyDayToo() throws IOException {
        Path book = dir.resolve("support_conversations_2026-11-25.xlsx");
        try (OutputStream out = Files.newOutputStream(book)) {
            Workbook wb = new Workbook(out, "Stockroom test", "1.0");
            Worksheet sheet = wb.newWorksheet("Tickets");
            String[] header = CONVERSATIONS_HEADER.strip().split(",");
            for (int c = 0; c < header.length; c++) {
                sheet.value(0, c, header[c]);
            }
            wb.finish();
        }

        FeedResult r = w.ingest.ingest(book, IngestRequest.of(book.getFileName().toString(), null, null, "cli"));

        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.dataset()).isEqualTo("support_conversations");
        assertThat(r.businessDate()).isEqualTo(DAY);
        assertThat(r.recordsLoaded()).isZero();
        assertThat(arrivals.status(DAY).complete()).isTrue();
    }

    @Test
    void parquetFileWithNoRowsIsAnEmptyDayToo() throws Exception {
        // a Parquet export of a quiet day: the schema, no row group with rows
        Path empty = dir.resolve("support_conversations_2026-11-25.parquet");
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES ('c1', 'u1', 'o1', TIMESTAMP '2026-11-25 09:00', NULL::TIMESTAMP, "
                    + "NULL::TIMESTAMP, 'high', 'email')) t(" + CONVERSATIONS_HEADER.strip() + ") WHERE false) TO '"
                    + empty.toString().replace("'", "''") + "' (FORMAT parquet)");
        }

        FeedResult r =
                w.ingest.ingest(empty, IngestRequest.of(empty.getFileName().toString(), null, null, "cli"));

        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.dataset()).isEqualTo("support_conversations");
        assertThat(r.businessDate()).isEqualTo(DAY);
        assertThat(r.recordsRead()).isZero();
        assertThat(r.summary().issues()).anySatisfy(i -> assertThat(i.code()).isEqualTo("EMPTY_DAY"));
        assertThat(arrivals.status(DAY).complete()).isTrue();
        assertThat(w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'"))
                .startsWith("lake/raw/support_conversations/2026-11-25/");
    }

    @Test
    void headerOnlyFileWithoutADateIsRefusedAskingForTheDate() throws IOException {
        FeedResult r = ingest("support_conversations.csv", CONVERSATIONS_HEADER, null);

        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("BUSINESS_DATE_REQUIRED");
        assertThat(r.summary().error().message())
                .contains("support_conversations.csv")
                .contains("no data rows")
                .contains("--date YYYY-MM-DD")
                .contains("support_conversations_2026-11-25.csv");
        assertThat(w.feeds.find(r.feedId()).orElseThrow().dataset()).isEqualTo("support_conversations");
        assertThat(
                        w.count(
                                "SELECT COUNT(*) FROM feeds WHERE status = 'transformed' AND dataset = 'support_conversations'"))
                .isZero();

        // the validation report (upload preview, stockroom validate) says the same before anything is sent
        Path f = dir.resolve("support_conversations.csv");
        ValidationReport report =
                w.ingest.validate(f, IngestRequest.of("support_conversations.csv", null, null, "cli"));
        assertThat(report.wouldFail()).isTrue();
        assertThat(report.failure()).contains("--date YYYY-MM-DD");
        Path dated = dir.resolve("support_conversations_2026-11-27.csv");
        Files.copy(f, dated);
        ValidationReport ok =
                w.ingest.validate(dated, IngestRequest.of(dated.getFileName().toString(), null, null, "cli"));
        assertThat(ok.wouldFail()).as(ok.failure()).isFalse();
        assertThat(ok.recordsRead()).isZero();
    }

    @Test
    void headerOnlyFileOfADatasetWithoutEmptyDaysIsRefusedWithItsDatasetAndWhatToDo() throws IOException {
        FeedResult r = ingest("sales_2026-11-25.csv", "store_id,sku,date,units_sold,total_sales\n", null);

        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().code()).isEqualTo("FILE_HEADER_ONLY");
        assertThat(r.dataset()).isEqualTo("sales");
        FeedStore.Feed feed = w.feeds.find(r.feedId()).orElseThrow();
        assertThat(feed.dataset()).isEqualTo("sales");
        assertThat(feed.businessDate()).isEqualTo(DAY);
        assertThat(r.summary().error().message())
                .contains("sales file with a header row but no data rows")
                .contains("export it again")
                .contains("stockroom expected --set sales --store <store> --on 2026-11-25 --not")
                .contains("empty_day: valid");
        // refused, but kept like every other input
        assertThat(w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'"))
                .contains("sales");
    }

    @Test
    void emptyFileLeavesAnUpsertDaysRowsAloneUnlessDeclaredComplete() throws IOException {
        FeedResult rows = ingest(
                "support_conversations_2026-11-25_a.csv",
                CONVERSATIONS_HEADER
                        + "CV1,C1,,2026-11-25 09:00:00,2026-11-25 09:30:00,,normal,email\n"
                        + "CV2,C2,,2026-11-25 14:00:00,,,high,chat\n",
                null);
        assertThat(rows.recordsLoaded()).isEqualTo(2);

        // a later header-only file for the same day mentions no row, so an upsert deletes none
        FeedResult empty = ingest("support_conversations_2026-11-25.csv", CONVERSATIONS_HEADER, null);
        assertThat(empty.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(empty.recordsLoaded()).isZero();
        assertThat(empty.datesTouched()).isEmpty();
        assertThat(w.count("SELECT COUNT(*) FROM support_conversations WHERE business_date = DATE '2026-11-25'"))
                .isEqualTo(2);

        // declared the complete slice of the day, it empties it, with the shrink warning of any complete load
        FeedResult complete = ingest(
                "support_conversations_2026-11-25.csv",
                CONVERSATIONS_HEADER,
                IngestRequest.of("support_conversations_2026-11-25.csv", null, null, "cli")
                        .with(true, true));
        assertThat(complete.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(complete.summary().issues())
                .anySatisfy(i -> assertThat(i.code()).isEqualTo("SLICE_REPLACED"))
                .anySatisfy(i -> assertThat(i.code()).isEqualTo("SLICE_SHRANK"));
        assertThat(complete.datesTouched()).containsExactly(DAY);
        assertThat(w.count("SELECT COUNT(*) FROM support_conversations")).isZero();
    }

    private FeedResult ingest(String name, String content, IngestRequest request) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return w.ingest.ingest(f, request != null ? request : IngestRequest.of(name, null, null, "cli"));
    }
}
