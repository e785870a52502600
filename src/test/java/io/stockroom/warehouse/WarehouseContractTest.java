package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every warehouse engine must do, one suite extended per engine (jobrunr's StorageProviderTest, Trino's
 * BaseJdbcConnectorTest): schema, staging, parsing, checks and quarantine, each load mode, feeds and audit
 * records, run locks. A subclass only says how to reach its engine.
 */
abstract class WarehouseContractTest {

    private static final String SALES = "store_id,sku,date,units_sold,total_sales\n";

    @TempDir
    Path dir;

    TestWarehouse w;

    /** Settings for a new, empty warehouse on the engine under test. */
    protected abstract StockroomProperties.Warehouse newWarehouse();

    /** Settings for a second process opening the same warehouse, or null when the engine allows only one process. */
    protected abstract StockroomProperties.Warehouse sameWarehouseFromAnotherProcess(
            StockroomProperties.Warehouse settings);

    protected abstract String engine();

    /**
     * Null when the engine under test stages files, runs the checks and holds the run locks itself; otherwise why those
     * cases do not apply to it (they are skipped with this reason, Iceberg's CatalogTests capability flags).
     */
    protected String stagingElsewhere() {
        return null;
    }

    /**
     * Called after a load whose rows the engine must hold: the engine's own tables are the result, so nothing to do;
     * an engine with a lake publishes the table's dates there and checks it holds the warehouse's rows.
     */
    protected void loaded(String table) {}

    /** Builds every model from the loaded chain; an engine may run some of them elsewhere. */
    /** Every model's tests, as this engine's deployment runs them. */
    protected List<io.stockroom.model.ModelTestResult> modelTests(io.stockroom.model.ModelRunner models) {
        return models.test();
    }

    /** A table's rows as this engine's deployment reads them (the warehouse's, unless a subclass keeps some elsewhere). */
    protected List<String> content(String table) {
        return SmallChain.content(w.warehouse, table);
    }

    protected void rebuildModels(io.stockroom.model.ModelRunner models) {
        models.rebuildAll();
    }

    private void assumeStagedHere() {
        org.junit.jupiter.api.Assumptions.assumeTrue(stagingElsewhere() == null, stagingElsewhere());
    }

    StockroomProperties.Warehouse settings;

    @BeforeEach
    void open() throws IOException {
        settings = newWarehouse();
        w = new TestWarehouse(dir.resolve("data"), settings);
        ok(load("stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n"));
        StringBuilder products = new StringBuilder("sku,name,department,category,unit_cost,unit_price\n");
        for (int i = 1; i <= 20; i++) {
            products.append("P").append(i).append(",Product ").append(i).append(",Fresh,Fruit,0.50,1.00\n");
        }
        ok(load("products.csv", products.toString()));
    }

    @AfterEach
    void close() {
        if (w != null) { // null when the engine was not there to open (an aborted set-up)
            w.close();
        }
    }

    @Test
    void theUrlChoosesTheEngineAndTheSchemaIsMigratedOnce() {
        assertThat(w.warehouse.dialect().name()).isEqualTo(engine());
        long versions = w.count("SELECT COUNT(*) FROM schema_version");
        assertThat(versions).isGreaterThanOrEqualTo(10);
        w.close();
        w = new TestWarehouse(dir.resolve("data"), settings);
        assertThat(w.count("SELECT COUNT(*) FROM schema_version"))
                .as("reopening applies nothing twice")
                .isEqualTo(versions);
        assertThat(w.count("SELECT COUNT(*) FROM stores"))
                .as("and keeps the rows")
                .isEqualTo(2);
    }

    /** The upload preview suggests a known SKU by these distances (ingest/PreviewRows); the values are DuckDB's built-ins'. */
    @Test
    void theStringDistancesOfTheSkuSuggestionsAreDuckDbs() {
        assumeStagedHere();
        String[][] cases = {
            {"martha", "marhta", "2", "0.961111111"},
            {"dixon", "dicksonx", "4", "0.813333333"},
            {"100123", "100132", "2", "0.966666667"},
            {"sparkwell sponges 1l", "sparkwell eucalyptus sponges 1l", "11", "0.879032258"},
            {"", "abc", "3", "0"},
            {"a", "a", "0", "1"},
            {"crate", "trace", "2", "0.733333333"},
            {"k0000012", "k0000021", "2", "0.975"},
            {"ab", "ba", "2", "0"},
            {"apple", "applesauce", "5", "0.9"}
        };
        for (String[] c : cases) {
            String pair = "'" + c[0] + "', '" + c[1] + "'";
            assertThat(w.count("SELECT levenshtein(" + pair + ")"))
                    .as("levenshtein(%s)", pair)
                    .isEqualTo(Long.parseLong(c[2]));
            String jw =
                    w.string("SELECT CAST(CAST(jaro_winkler_similarity(" + pair + ") AS DECIMAL(18,9)) AS VARCHAR)");
            assertThat(new java.math.BigDecimal(jw))
                    .as("jaro_winkler_similarity(%s)", pair)
                    .isEqualByComparingTo(c[3]);
        }
        assertThat(
                        w.string(
                                "SELECT CAST(CAST(sr_word_dice('sparkwell eucalyptus sponges 1l', 'sparkwell sponges 1l') AS DECIMAL(18,9)) AS VARCHAR)"))
                .as("distinct shared words, Dice")
                .isEqualTo("0.857142857");
        assertThat(w.string("SELECT CAST(CAST(sr_word_dice('a b a 50%', 'b, c 50%!') AS DECIMAL(18,9)) AS VARCHAR)"))
                .isEqualTo("0.666666667");
        assertThat(w.string("SELECT CAST(CAST(sr_word_dice('', '--') AS DECIMAL(18,9)) AS VARCHAR)"))
                .as("no words")
                .isEqualTo("0.000000000");
    }

    @Test
    void stagingReadsEveryRecordAsTextAndSetsRaggedLinesAsideWithTheirLineNumbers() throws Exception {
        assumeStagedHere();
        Path f = dir.resolve("staged.csv");
        // physical lines: 1 header, 2-4 records, 5 a record whose quoted value spans two lines (counted as one line),
        // 6-7
        Files.writeString(
                f,
                "a;b;c\n1;\"x;y\";\n2;\"say \"\"hi\"\"\";z\n3;too;many;values\n4;\"two\nlines\";w\n5;short\n6;ok;ok\n",
                StandardCharsets.UTF_8);
        List<String> rows = w.warehouse.withConnection(c -> {
            Dialect.Staged staged = w.warehouse
                    .dialect()
                    .stage(
                            c,
                            "__stg",
                            "__line",
                            new Dialect.TextFile(f, ';', false, List.of("a", "b", "c"), true, false));
            assertThat(staged.headers()).containsExactly("a", "b", "c");
            assertThat(staged.malformedLines()).isEqualTo(2);
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r =
                            s.executeQuery("SELECT __line, a, b, COALESCE(c, '<null>') FROM __stg ORDER BY __line")) {
                while (r.next()) {
                    out.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4));
                }
            }
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT DISTINCT line FROM stockroom_reject_errors ORDER BY line")) {
                while (r.next()) {
                    out.add("reject line " + r.getLong(1));
                }
            }
            return out;
        });
        assertThat(rows).contains("2|2|say \"hi\"|z", "reject line 4", "reject line 6");
        assertThat(rows).anyMatch(r -> r.endsWith("|6|ok|ok"));
        assertThat(rows.get(0)).isEqualTo("1|1|x;y|<null>");
        assertThat(rows).anyMatch(r -> r.startsWith("4|4|two\nlines|w"));
        assertThat(rows.stream().filter(r -> r.startsWith("reject")).count()).isEqualTo(2);
    }

    @Test
    void aParquetFileLoadsLikeItsCsv() throws Exception {
        assumeStagedHere();
        Path parquet = dir.resolve("sales_2025-02-01.parquet");
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                Statement s = duck.createStatement()) {
            s.execute(
                    "COPY (SELECT * FROM (VALUES ('S1', 'P1', DATE '2025-02-01', 3, 4.50), ('S2', 'P2', DATE '2025-02-01', 1, 1.25)) "
                            + "t(store_id, sku, business_date, units_sold, total_sales)) TO '" + parquet
                            + "' (FORMAT parquet)");
        }
        FeedResult r = ok(w.ingest.ingest(parquet, IngestRequest.of("sales_2025-02-01.parquet", null, null, "cli")));
        assertThat(r.recordsLoaded()).isEqualTo(2);
        assertThat(w.string("SELECT CAST(SUM(total_sales) AS VARCHAR) FROM sales"))
                .isEqualTo("5.75");
    }

    @Test
    void castOrNullAndTheParsingFunctionsReadValuesAlikeOnEveryEngine() {
        assumeStagedHere();
        Dialect d = w.warehouse.dialect();
        w.warehouse.withConnection(c -> {
            // the validator defines the parsing functions on first use on DuckDB; PostgreSQL has them from open
            try (Statement s = c.createStatement()) {
                for (String m : SqlScripts.split(d.macroScript())) {
                    s.execute(m);
                }
            }
            return null;
        });
        String[][] cases = {
            {d.castOrNull("'12.5'", "DECIMAL(18,4)"), "12.5000"},
            {d.castOrNull("'abc'", "DECIMAL(18,4)"), null},
            {d.castOrNull("'42'", "BIGINT"), "42"},
            {d.castOrNull("'2025-02-30'", "DATE"), null},
            {d.castOrNull("'2025-02-03'", "DATE"), "2025-02-03"},
            {d.castOrNull("'03/02/2025'", "DATE"), null},
            // out of range is NULL, never an error that fails the whole file
            {d.castOrNull("'99999999999999999999'", "BIGINT"), null},
            {d.castOrNull("'123456789012345678.5'", "DECIMAL(18,4)"), null},
            {d.castOrNull("' 42 '", "BIGINT"), "42"},
            {d.castOrNull("'-7'", "INTEGER"), "-7"},
            {d.castOrNull("'2025-13-01'", "DATE"), null},
            // forms DuckDB's TRY_CAST reads and PostgreSQL's fast path leaves to these parsers: read alike
            {d.castOrNull("'1e2'", "DECIMAL(18,4)"), "100.0000"},
            {d.castOrNull("'+3'", "DECIMAL(18,4)"), "3.0000"},
            {d.castOrNull("'5.'", "DECIMAL(18,4)"), "5.0000"},
            {d.castOrNull("'2025-2-3'", "DATE"), "2025-02-03"},
            {d.castOrNull("' 2025-02-03 '", "DATE"), "2025-02-03"},
            {"sr_num('1e2')", "100.0000"},
            {"sr_num('+3')", "3.0000"},
            {"sr_date_dmy('2025-2-3')", "2025-02-03"},
            {d.castOrNull("'2025-02-03 10:30:00'", "TIMESTAMP"), "2025-02-03 10:30:00"},
            {d.castOrNull("'2025-02-30 10:30:00'", "TIMESTAMP"), null},
            {d.castOrNull("'ten'", "TIMESTAMP"), null},
            {"sr_num('1.234,56')", "1234.5600"},
            {"sr_num('(12.50)')", "-12.5000"},
            {"sr_num('€ 1,234')", "1234.0000"},
            {"sr_int('2.5')", null},
            {"sr_int('1,000')", "1000"},
            {"sr_code('17850.0')", "17850"},
            {"CAST(sr_bool('Yes') AS VARCHAR)", null},
            {"sr_date_dmy('03/04/2024')", "2024-04-03"},
            {"sr_date_mdy('03/04/2024')", "2024-03-04"},
            {"sr_date_dmy('31.12.24')", "0024-12-31"
            }, // the year as written: DATE_TOO_OLD rejects it, no century is guessed
            {"sr_date_dmy('20250203')", "2025-02-03"},
            {"CAST(sr_timestamp_dmy('03/04/2024 10:30') AS VARCHAR)", "2024-04-03 10:30:00"},
            {"CAST(regexp_full_match('ab12', '[a-z]+[0-9]+') AS VARCHAR)", null},
        };
        for (String[] c : cases) {
            String got = w.string("SELECT CAST(" + c[0] + " AS VARCHAR)");
            if (c[0].startsWith("CAST(sr_bool")) {
                assertThat(got).as(c[0]).isIn("true", "t");
            } else if (c[0].startsWith("CAST(regexp_full_match")) {
                assertThat(got).as(c[0]).isIn("true", "t");
            } else {
                assertThat(got).as(c[0]).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void everyRowReadIsEitherLoadedOrQuarantinedWithItsRawValuesAndReasons() throws IOException {
        assumeStagedHere();
        StringBuilder s = new StringBuilder(SALES);
        for (int i = 1; i <= 20; i++) {
            s.append(i % 2 == 0 ? "S1" : "S2")
                    .append(",P")
                    .append(i)
                    .append(",2025-02-01,")
                    .append(i == 7 ? "abc" : "2")
                    .append(",2.00\n");
        }
        FeedResult r = ok(load("sales_2025-02-01.csv", s.toString(), 0.10));
        assertThat(r.recordsRead()).isEqualTo(20);
        assertThat(r.recordsLoaded()).isEqualTo(19);
        assertThat(r.recordsQuarantined()).isEqualTo(1);
        assertThat(w.count(
                        "SELECT COUNT(*) FROM sales WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = '"
                                + r.feedId() + "')"))
                .isEqualTo(19);
        assertThat(w.count("SELECT source_line FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .isEqualTo(8);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("INVALID_NUMBER")
                .contains("units_sold");
        assertThat(w.string("SELECT raw_values FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("\"units_sold\"")
                .contains("\"abc\"")
                .contains("\"P7\"");
        assertThat(r.summary().metrics().grossRevenue()).isEqualTo(38.0);
        assertThat(r.datesTouched()).containsExactly(LocalDate.of(2025, 2, 1));
        assertThat(w.count("SELECT COUNT(*) FROM feeds WHERE feed_id = '" + r.feedId()
                        + "' AND status = 'transformed' AND records_loaded = 19"))
                .isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'"))
                .isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE entity_id = '" + r.feedId() + "'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRaggedLineIsQuarantinedWithItsTextAndTheRestLoads() throws IOException {
        assumeStagedHere();
        StringBuilder s = new StringBuilder(SALES);
        for (int i = 1; i <= 20; i++) {
            s.append("S1,P")
                    .append(i)
                    .append(",2025-02-01,1,1.00")
                    .append(i == 5 ? ",extra" : "")
                    .append('\n');
        }
        FeedResult r = ok(load("sales_2025-02-01.csv", s.toString(), 0.10));
        assertThat(r.recordsLoaded()).isEqualTo(19);
        assertThat(w.count("SELECT source_line FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .isEqualTo(6);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("MALFORMED_ROW");
        assertThat(w.string("SELECT raw_values FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("extra");
    }

    @Test
    void aQuoteLeftOpenToTheEndFailsTheFileWithItsLineAndLoadsNothing() throws IOException {
        assumeStagedHere();
        FeedResult r = load(
                "sales_2025-02-01.csv",
                SALES + "S1,P1,2025-02-01,1,1.00\nS1,\"P2,2025-02-01,1,1.00\n" + "S1,P3,2025-02-01,1,1.00\n");
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(r.summary().error().message()).contains("line 3").contains("never closed");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();
        assertThat(w.count("SELECT COUNT(*) FROM raw_manifest WHERE feed_id = '" + r.feedId() + "'"))
                .as("the raw file is kept")
                .isEqualTo(1);
    }

    @Test
    void aFileWithTooManyBadRowsFailsLoadsNothingAndQuarantinesEveryRow() throws IOException {
        assumeStagedHere();
        FeedResult r = load("sales_2025-02-01.csv", SALES + "S1,P1,2025-02-01,x,1.00\nS1,P2,2025-02-01,1,1.00\n", 0.05);
        assertThat(r.status()).isEqualTo(FeedStatus.FAILED);
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();
        assertThat(w.count("SELECT COUNT(*) FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .as("every row read, the good one as FEED_FAILED")
                .isEqualTo(2);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "' AND source_line = 2"))
                .contains("INVALID_NUMBER");
    }

    @Test
    void generalParsersReadDayFirstDatesDecimalCommasAndNullWords() throws IOException {
        assumeStagedHere();
        FeedResult r = ok(load(
                "sales_x.csv",
                "store_id;sku;date;units_sold;total_sales;discount\nS1;P1;03/02/2025;2;1.234,50;N/A\n"
                        + "S2; P2 ;04/02/2025;1;2,5;0\n"));
        assertThat(r.recordsLoaded()).isEqualTo(2);
        assertThat(w.string("SELECT CAST(SUM(total_sales) AS VARCHAR) FROM sales"))
                .isEqualTo("1237.00");
        assertThat(w.string("SELECT CAST(MIN(business_date) AS VARCHAR) FROM sales"))
                .isEqualTo("2025-02-03");
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE sku = 'P2' AND discount = 0"))
                .isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE discount IS NULL")).isEqualTo(1);
    }

    /** Decimal commas in one column prove the file's dots are thousands, in every number column, on every engine. */
    @Test
    void dotsBesideDecimalCommasAreThousands() throws IOException {
        assumeStagedHere();
        ok(load(
                "sales_eu.csv",
                "store_id;sku;date;units_sold;total_sales;transactions\nS1;P1;2025-02-03;1.234;2,50;1.001\n"
                        + "S2;P2;2025-02-03;0,125;1.234;3\n"));
        assertThat(w.string(
                        "SELECT string_agg(CAST(units_sold AS VARCHAR) || '/' || CAST(total_sales AS VARCHAR) || '/'"
                                + " || CAST(transactions AS VARCHAR), ' ' ORDER BY store_id) FROM sales"))
                .isEqualTo("1234.000/2.50/1001 0.125/1234.00/3");
    }

    /** A store's subtotal line (no SKU) beside its item lines is quarantined, on every engine; a store-level row loads. */
    @Test
    void aSubtotalLineBesideItemLinesIsQuarantined() throws IOException {
        assumeStagedHere();
        FeedResult r = ok(load(
                "sales_totals.csv",
                SALES + "S1,P1,2025-02-01,2,2.00\nS1,P2,2025-02-01,1,2.50\nS1,,2025-02-01,3,4.50\n"
                        + "S2,,2025-02-01,4,8.00\nS2,P1,2025-02-02,1,1.00\nS2,,2025-02-02,0,0.00\n",
                0.5));
        assertThat(r.recordsQuarantined()).isEqualTo(1);
        assertThat(w.string("SELECT reasons FROM quarantine WHERE feed_id = '" + r.feedId() + "'"))
                .contains("TOTAL_LINE");
        assertThat(w.string("SELECT CAST(SUM(total_sales) AS VARCHAR) FROM sales"))
                .isEqualTo("13.50");
        assertThat(w.count("SELECT COUNT(*) FROM sales"))
                .as("a line without a SKU and with no units or sales (a basket count) is not a total")
                .isEqualTo(5);
    }

    /**
     * The forecast refresh writes its rows with the engine's bulk path: every value arrives as given (text with a
     * quote, NULL, an array with NaN), and the rows belong to the caller's transaction (a failed refresh leaves none).
     */
    @Test
    void rowsComputedInJavaAreBulkLoadedInsideTheTransaction() {
        List<String> columns = List.of(
                "store_id",
                "sku",
                "method",
                "backtest_rmsse",
                "chosen_on",
                "rechoose_slot",
                "state_format",
                "state",
                "state_through",
                "history_days",
                "awaiting_choice");
        BulkRows rows = out -> {
            out.text("S1")
                    .text("P\"1, x")
                    .text("SBA")
                    .number(null)
                    .date(LocalDate.of(2025, 2, 1))
                    .integer(3)
                    .integer(1)
                    .bytes(new byte[] {0, 1, (byte) 0xff, '"', ',', '\\', 'x', '\n'})
                    .date(LocalDate.of(2025, 2, 2))
                    .integer(40)
                    .bool(false)
                    .endRow();
            out.text("S2")
                    .text("P2")
                    .text("TSB")
                    .number(0.75)
                    .date(LocalDate.of(2025, 2, 1))
                    .integer(0)
                    .integer(2)
                    .bytes(new byte[0])
                    .date(LocalDate.of(2025, 2, 1))
                    .integer(1)
                    .bool(true)
                    .endRow();
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.warehouse.inTransaction(c -> {
                    w.warehouse.dialect().loadRows(c, "forecast_states", columns, rows);
                    throw new IllegalStateException("the refresh fails after its write");
                }))
                .hasStackTraceContaining("fails after");
        assertThat(w.count("SELECT COUNT(*) FROM forecast_states")).isZero();

        long loaded =
                w.warehouse.inTransaction(c -> w.warehouse.dialect().loadRows(c, "forecast_states", columns, rows));
        assertThat(loaded).isEqualTo(2);
        List<String> read = new ArrayList<>();
        w.warehouse.inTransaction(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT sku, backtest_rmsse, chosen_on, rechoose_slot,"
                            + " state_format, state, state_through, history_days, awaiting_choice FROM forecast_states"
                            + " ORDER BY store_id")) {
                while (rs.next()) {
                    double rmsse = rs.getDouble(2);
                    String shown = rs.wasNull() ? "null" : Double.toString(rmsse);
                    read.add(rs.getString(1) + "|" + shown + "|" + rs.getDate(3) + "|"
                            + rs.getInt(4) + "|" + rs.getInt(5) + "|"
                            + java.util.Arrays.toString(rs.getBytes(6))
                            + "|" + rs.getDate(7) + "|" + rs.getInt(8) + "|" + rs.getBoolean(9));
                }
            }
            return null;
        });
        assertThat(read)
                .containsExactly(
                        "P\"1, x|null|2025-02-01|3|1|[0, 1, -1, 34, 44, 92, 120, 10]|2025-02-02|40|false",
                        "P2|0.75|2025-02-01|0|2|[]|2025-02-01|1|true");
    }

    @Test
    void masterDataUpsertsByKeyAndUpdatesOnlyTheColumnsTheFileHas() throws IOException {
        ok(load("products_fix.csv", "sku,unit_price\nP1,1.50\nP99,2.00\n"));
        assertThat(w.string("SELECT name || ':' || CAST(unit_price AS VARCHAR) FROM products WHERE sku = 'P1'"))
                .isEqualTo("Product 1:1.5000");
        assertThat(w.count("SELECT COUNT(*) FROM products")).isEqualTo(21);
    }

    @Test
    void anUnknownStoreBecomesAPlaceholderFlaggedForReview() throws IOException {
        FeedResult r = ok(load("sales_2025-02-01.csv", SALES + "S9,P1,2025-02-01,1,1.00\n"));
        assertThat(r.recordsLoaded()).isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM stores WHERE store_id = 'S9' AND is_placeholder"))
                .isEqualTo(1);
        loaded("sales");
    }

    @Test
    void anUpsertCorrectionChangesOnlyTheRowsItNames() throws IOException {
        ok(load("sales_2025-02-01.csv", fullDay()));
        loaded("sales");
        FeedResult fix = ok(load("sales_fix.csv", SALES + "S1,P3,2025-02-01,5,5.00\n"));
        loaded("sales");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(40);
        assertThat(w.count("SELECT CAST(units_sold AS BIGINT) FROM sales WHERE store_id = 'S1' AND sku = 'P3'"))
                .isEqualTo(5);
        assertThat(fix.summary().issues()).anyMatch(i -> i.code().equals("ROWS_UPDATED") && i.rows() == 1);
    }

    @Test
    void aFileDeclaredCompleteReplacesItsSliceOnly() throws IOException {
        ok(load("sales_2025-02-01.csv", fullDay()));
        loaded("sales");
        FeedResult small = ok(w.ingest.ingest(
                write("sales_s1.csv", SALES + "S1,P1,2025-02-01,1,1.00\nS1,P2,2025-02-01,1,1.00\n"),
                IngestRequest.of("sales_s1.csv", null, null, "cli").with(true, false)));
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S1'")).isEqualTo(2);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S2'")).isEqualTo(20);
        loaded("sales");
        assertThat(small.summary().issues())
                .anyMatch(i -> i.code().equals("SLICE_REPLACED") && i.rows() == 20)
                .anyMatch(i -> i.code().equals("SLICE_SHRANK"));
    }

    @Test
    void orderLinesAppendAndALineSentAgainIsNotCountedTwice() throws IOException {
        String header = "order_id,ordered_at,sku,quantity,unit_price\n";
        ok(load("orders_day.csv", header + "O1,2025-02-01 10:00:00,P1,1,1.00\nO2,2025-02-01 11:00:00,P1,1,1.00\n"));
        FeedResult retry = ok(load(
                "orders_retry.csv", header + "O2,2025-02-01 11:00:00,P1,1,1.00\nO3,2025-02-01 12:00:00,P6,1,1.00\n"));
        assertThat(w.count("SELECT COUNT(*) FROM orders")).isEqualTo(3);
        loaded("orders");
        assertThat(retry.summary().issues()).anyMatch(i -> i.code().equals("ALREADY_LOADED") && i.rows() == 1);
    }

    @Test
    void theSameBytesAreRecognisedAndNotLoadedTwice() throws IOException {
        ok(load("sales_2025-02-01.csv", fullDay()));
        FeedResult again = ok(load("sales_2025-02-01.csv", fullDay()));
        assertThat(again.duplicateOf()).isNotNull();
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(40);
        loaded("sales");
    }

    @Test
    void twoRunsOfTheSameBusinessDateNeverInterleaveWhileOtherDatesGoOn() throws Exception {
        assumeStagedHere();
        StockroomProperties.Warehouse other = sameWarehouseFromAnotherProcess(settings);
        Warehouse second = other == null ? w.warehouse : new Warehouse(dir.resolve("other"), other);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            LocalDate d = LocalDate.of(2025, 2, 1);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
            Future<?> first = pool.submit(() -> {
                try (Warehouse.DateLock lock = w.warehouse.lockBusinessDate(d)) {
                    events.add("first holds");
                    held.countDown();
                    release.await(2, TimeUnit.MINUTES);
                    events.add("first releases");
                }
                return null;
            });
            assertThat(held.await(2, TimeUnit.MINUTES)).isTrue();
            Future<?> secondRun = pool.submit(() -> {
                try (Warehouse.DateLock lock = second.lockBusinessDate(d)) {
                    events.add("second holds");
                }
                return null;
            });
            // another date is not held up by the run of d
            try (Warehouse.DateLock lock = second.lockBusinessDate(d.plusDays(1))) {
                events.add("other date");
            }
            assertThat(secondRun.isDone())
                    .as("the second run of the same date waits")
                    .isFalse();
            release.countDown();
            first.get(2, TimeUnit.MINUTES);
            secondRun.get(2, TimeUnit.MINUTES);
            assertThat(events).containsSubsequence("first holds", "first releases", "second holds");
            assertThat(events.indexOf("other date")).isLessThan(events.indexOf("first releases"));
        } finally {
            pool.shutdownNow();
            if (second != w.warehouse) {
                second.close();
            }
        }
    }

    @Test
    void theChainBuildsTheSameMartsModelTestsAndReplenishmentAsTheEmbeddedEngine() throws IOException {
        w.close();
        w = new TestWarehouse(dir.resolve("engine"), newWarehouse());
        SmallChain.load(w, dir);
        io.stockroom.model.ModelRunner models = new io.stockroom.model.ModelRunner(w.warehouse);
        rebuildModels(models);
        assertThat(modelTests(models))
                .as("model tests")
                .allSatisfy(t -> assertThat(t.passed()).as(t.toString()).isTrue());
        io.stockroom.replenish.ReplenishmentRun run = new io.stockroom.replenish.ReplenishmentService(
                        w.warehouse, io.stockroom.replenish.ReplenishmentProperties.defaults())
                .run(SmallChain.END, java.util.Optional.empty());
        assertThat(w.count("SELECT COUNT(*) FROM replenishment_lines")).isPositive();

        Path referenceDir = dir.resolve("reference");
        Files.createDirectories(referenceDir);
        try (TestWarehouse reference = new TestWarehouse(
                referenceDir.resolve("data"), new StockroomProperties.Warehouse("duckdb", "1GB", 2))) {
            SmallChain.load(reference, referenceDir);
            io.stockroom.model.ModelRunner referenceModels = new io.stockroom.model.ModelRunner(reference.warehouse);
            referenceModels.rebuildAll();
            new io.stockroom.replenish.ReplenishmentService(
                            reference.warehouse, io.stockroom.replenish.ReplenishmentProperties.defaults())
                    .run(SmallChain.END, java.util.Optional.empty());
            List<String> tables = new ArrayList<>(models.modelNames());
            tables.addAll(List.of(
                    "sales",
                    "inventory",
                    "labour",
                    "products",
                    "stores",
                    "demand_daily_stats_view",
                    "replenishment_lines",
                    "purchase_orders",
                    "replenishment_exceptions"));
            for (String table : tables) {
                if (table.equals("demand_daily_stats_view")) {
                    continue;
                }
                assertThat(content(table))
                        .as(table + " on " + engine() + " and on DuckDB")
                        .isEqualTo(SmallChain.content(reference.warehouse, table));
            }
        }
        assertThat(run).isNotNull();
    }

    /** How many sessions wait for a run lock held by another (engines with several processes only). */
    protected long sessionsWaitingForARunLock() {
        throw new UnsupportedOperationException(engine() + " has one process");
    }

    @Test
    void twoProcessesRunningTheSameBusinessDateRunOneAfterTheOtherAndBothAreRecorded() throws Exception {
        assumeStagedHere();
        StockroomProperties.Warehouse other = sameWarehouseFromAnotherProcess(settings);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                other != null,
                "one process owns the embedded file: its runs are serialised in the process (the date-lock test above)");
        LocalDate d = LocalDate.of(2025, 2, 1);
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        io.stockroom.pipeline.PipelineStep blocking = new io.stockroom.pipeline.PipelineStep() {
            public String name() {
                return "models";
            }

            public int order() {
                return 10;
            }

            public StepOutcome execute(io.stockroom.pipeline.RunContext context) {
                inStep.countDown();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return StepOutcome.ok(0, "held");
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestWarehouse second = new TestWarehouse(dir.resolve("second"), other)) {
            Files.createDirectories(dir.resolve("data/drop/" + d));
            Files.writeString(dir.resolve("data/drop/" + d + "/sales.csv"), SALES + "S1,P1,2025-02-01,1,1.00\n");
            Files.createDirectories(dir.resolve("second/drop/" + d));
            Files.writeString(
                    dir.resolve("second/drop/" + d + "/sales_second.csv"), SALES + "S2,P2,2025-02-01,2,2.00\n");
            var a = new io.stockroom.pipeline.PipelineService(
                    w.ingest,
                    w.contracts,
                    w.warehouse,
                    new io.stockroom.pipeline.RunStore(w.warehouse),
                    List.of(blocking),
                    w.properties);
            var b = new io.stockroom.pipeline.PipelineService(
                    second.ingest,
                    second.contracts,
                    second.warehouse,
                    new io.stockroom.pipeline.RunStore(second.warehouse),
                    List.of(),
                    second.properties);
            Future<io.stockroom.pipeline.RunResult> first =
                    pool.submit(() -> a.run(d, io.stockroom.pipeline.Trigger.CLI));
            assertThat(inStep.await(2, TimeUnit.MINUTES)).isTrue();
            Future<io.stockroom.pipeline.RunResult> then =
                    pool.submit(() -> b.run(d, io.stockroom.pipeline.Trigger.SCHEDULE));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (sessionsWaitingForARunLock() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(sessionsWaitingForARunLock())
                    .as("the second process waits for the first's run of the date")
                    .isEqualTo(1);
            assertThat(w.count("SELECT COUNT(*) FROM runs"))
                    .as("and has not started its run")
                    .isEqualTo(1);
            release.countDown();
            var ra = first.get(2, TimeUnit.MINUTES);
            var rb = then.get(2, TimeUnit.MINUTES);
            assertThat(
                            w.count(
                                    "SELECT COUNT(*) FROM runs a, runs b WHERE a.run_id = '" + ra.runId()
                                            + "' AND b.run_id = '" + rb.runId()
                                            + "' AND b.started_at >= a.finished_at AND a.status = 'succeeded' AND b.status = 'succeeded'"))
                    .isEqualTo(1);
            assertThat(w.count("SELECT COUNT(*) FROM sales"))
                    .as("both loads landed: " + ra.feeds() + rb.feeds())
                    .isEqualTo(2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aReaderSeesTheLastCommittedRowsWhileALoadIsInFlightWithoutWaiting() throws Exception {
        assumeStagedHere();
        ok(load("sales_2025-02-01.csv", fullDay()));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (java.sql.Connection loading = w.warehouse.connection()) {
            loading.setAutoCommit(false);
            try (Statement s = loading.createStatement()) {
                s.executeUpdate("DELETE FROM sales WHERE store_id = 'S1'");
                s.executeUpdate("UPDATE stores SET name = 'Renamed' WHERE store_id = 'S2'");
            }
            Future<Long> read = pool.submit(() -> w.count(
                    "SELECT COUNT(*) FROM sales s JOIN stores t ON t.store_id = s.store_id WHERE t.name <> 'Renamed'"));
            assertThat(read.get(2, TimeUnit.MINUTES))
                    .as("the reader is not blocked and sees the committed rows")
                    .isEqualTo(40);
            loading.rollback();
        } finally {
            pool.shutdownNow();
        }
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

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    /**
     * V233 over a warehouse whose fact rows named their feed on every row, some (loaded before V4) without a load
     * number: every row still names its feed, now through its load, and the loads that follow number on.
     */
    @Test
    void theMigrationToOneFeedRowPerLoadKeepsEveryFactRowsFeed() throws IOException {
        FeedResult first =
                ok(load("sales_2025-02-01.csv", SALES + "S1,P1,2025-02-01,2,2.00\nS1,P2,2025-02-01,1,1.00\n"));
        FeedResult second = ok(load("sales_2025-02-02.csv", SALES + "S2,P1,2025-02-02,3,3.00\n"));
        List<String> facts = List.of(
                "sales",
                "inventory",
                "orders",
                "labour",
                "shipments",
                "support_conversations",
                "marketing_spend",
                "web_sessions",
                "receipts");
        w.warehouse.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                // as V232 left it: the feed on every fact row, no fact_loads
                for (String table : facts) {
                    st.execute("ALTER TABLE " + table + " ADD COLUMN feed_id VARCHAR");
                }
                st.execute(
                        "UPDATE sales SET feed_id = (SELECT l.feed_id FROM fact_loads l WHERE l.load_seq = sales.load_seq)");
                st.execute("DROP TABLE fact_loads");
                st.execute("DELETE FROM schema_version WHERE version = 233");
                st.execute(
                        "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return,"
                                + " feed_id) VALUES ('S1', 'P3', DATE '2025-01-31', 'store', 1, 1, FALSE, 'feed-old1'),"
                                + " ('S2', 'P3', DATE '2025-01-31', 'store', 1, 1, FALSE, 'feed-old1'),"
                                + " ('S1', 'P4', DATE '2025-01-30', 'store', 1, 1, FALSE, 'feed-old2')");
            }
            return null;
        });
        w.close();
        w = new TestWarehouse(dir.resolve("data"), settings); // opening it migrates it

        assertThat(w.strings("SELECT concat_ws(':', l.feed_id, COUNT(*)) FROM sales s"
                        + " LEFT JOIN fact_loads l ON l.load_seq = s.load_seq GROUP BY l.feed_id"))
                .containsExactlyInAnyOrder(first.feedId() + ":2", second.feedId() + ":1", "feed-old1:2", "feed-old2:1");
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE load_seq IS NULL")).isZero();
        assertThat(w.count("SELECT COUNT(*) FROM (SELECT load_seq FROM fact_loads GROUP BY load_seq"
                        + " HAVING COUNT(*) > 1) x"))
                .isZero();
        assertThat(w.count("SELECT COUNT(*) FROM sales s JOIN fact_loads l ON l.load_seq = s.load_seq"
                        + " WHERE l.feed_id LIKE 'feed-old%' AND s.load_seq >= (SELECT MIN(load_seq) FROM sales"
                        + " WHERE business_date > DATE '2025-01-31')"))
                .as("the rows from before load numbers come before every numbered load")
                .isZero();
        assertThat(w.count("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " AND column_name = 'feed_id' AND table_name IN ('" + String.join("', '", facts) + "')"))
                .isZero();

        FeedResult third = ok(load("sales_2025-02-03.csv", SALES + "S1,P1,2025-02-03,1,1.00\n"));
        assertThat(w.count("SELECT COUNT(*) FROM sales s JOIN fact_loads l ON l.load_seq = s.load_seq"
                        + " WHERE l.feed_id = '" + third.feedId()
                        + "' AND s.load_seq > (SELECT MAX(load_seq) FROM sales"
                        + " WHERE business_date < DATE '2025-02-03')"))
                .isEqualTo(1);
    }

    FeedResult load(String name, String content) throws IOException {
        return w.ingest.ingest(write(name, content), IngestRequest.of(name, null, null, "cli"));
    }

    FeedResult load(String name, String content, double threshold) throws IOException {
        return w.ingestWithThreshold(threshold).ingest(write(name, content), IngestRequest.of(name, null, null, "cli"));
    }

    static FeedResult ok(FeedResult r) {
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        return r;
    }
}
