package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake of the Trino engine on a real Trino 476 and a real PostgreSQL 17: fact slices as Iceberg commits (one per
 * reload, none for a failed one, each with its feeds), master data read from PostgreSQL in the same statement.
 */
@BesideTheOtherClasses
class TrinoLakeTest {

    private static final LocalDate D1 = LocalDate.of(2025, 2, 1);
    private static final LocalDate D2 = LocalDate.of(2025, 2, 2);
    private static final String SALES = "store_id,sku,date,units_sold,total_sales\n";

    @TempDir
    Path dir;

    TestWarehouse w;
    Lake lake;

    @BeforeEach
    void open() throws IOException {
        TestTrino.assumeAvailable();
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        w = new TestWarehouse(dir.resolve("data"), settings);
        lake = new Lake(w.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
        lake.prepare();
        load("stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,South\n");
        load(
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nP1,Apple,Fresh,Fruit,0.50,1.00\nP2,Pear,Fresh,Fruit,0.60,1.20\n");
    }

    @AfterEach
    void close() {
        if (w != null) {
            w.close();
        }
    }

    /**
     * {@code stockroom.trino.answer-timeout} bounds each answer, not a query (docs/scale.md, "If Trino does not
     * answer"): the coordinator answers the driver's polls of a running query about every second, so a statement that
     * runs more than three times the bound (PostgreSQL sleeping under Trino's postgresql catalog) finishes. (With a
     * bound of 1 s the same query failed, "Error fetching next (attempts: 1, duration: 1.01s)": the coordinator holds
     * a poll for up to a second, hence the setting's floor of 2 s.)
     */
    @Test
    void aQueryRunningLongerThanTheAnswerTimeoutIsNotCutShort() {
        TrinoSettings oneSecond = TestTrino.settings(
                        "lake_" + w.properties.warehouse().schema())
                .withAnswerTimeout(java.time.Duration.ofSeconds(3));
        Lake bounded = new Lake(w.warehouse, oneSecond, w.properties.warehouse().schema());
        long started = System.nanoTime();
        int answer = bounded.onTrino(c -> {
            try (java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet r = s.executeQuery("SELECT x FROM TABLE(postgresql.system.query(query => "
                            + "'SELECT 1 AS x FROM pg_sleep(10)'))")) {
                r.next();
                return r.getInt(1);
            }
        });
        assertThat(answer).isOne();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                .as("the query ran longer than the bound")
                .isGreaterThan(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aSliceIsOneIcebergCommitPartitionedByDateWithTheFeedsItHolds() throws IOException {
        FeedResult day1 = load("sales_" + D1 + ".csv", SALES + "S1,P1," + D1 + ",3,3.00\nS2,P2," + D1 + ",1,1.20\n");
        FeedResult day2 = load("sales_" + D2 + ".csv", SALES + "S1,P1," + D2 + ",5,5.00\n");

        Lake.LakeCommit c1 = lake.replaceSlice("sales", D1);
        Lake.LakeCommit c2 = lake.replaceSlice("sales", D2);

        assertThat(c1.rows()).isEqualTo(2);
        assertThat(c1.feedIds()).containsExactly(day1.feedId());
        assertThat(c2.feedIds()).containsExactly(day2.feedId());
        assertThat(lake.snapshots("sales"))
                .as("one snapshot per slice (the empty table's creation may add one)")
                .endsWith(c1.snapshotId(), c2.snapshotId());
        assertThat(lines(
                        "SELECT store_id, sku, business_date, units_sold, total_sales FROM " + lake.lakeTable("sales")))
                .containsExactlyInAnyOrder(
                        "S1|P1|2025-02-01|3.000|3.00", "S2|P2|2025-02-01|1.000|1.20", "S1|P1|2025-02-02|5.000|5.00");
        assertThat(lines("SELECT CAST(partition.business_date AS VARCHAR), record_count FROM iceberg." + lakeSchema()
                        + ".\"sales$partitions\""))
                .as("partitioned by business date")
                .containsExactlyInAnyOrder("2025-02-01|2", "2025-02-02|1");
        assertThat(lake.commits("sales", D1)).containsExactly(c1);
        assertThat(lines("SELECT snapshot_id, element_at(summary, 'trino_query_id') IS NOT NULL FROM iceberg."
                        + lakeSchema() + ".\"sales$snapshots\" " + "WHERE snapshot_id IN (" + c1.snapshotId() + ", "
                        + c2.snapshotId() + ")"))
                .as("each recorded snapshot is the one its statement committed (found by Trino's query id)")
                .containsExactlyInAnyOrder(c1.snapshotId() + "|true", c2.snapshotId() + "|true");
    }

    @Test
    void reloadingADateReplacesItsSliceInOneCommitAndLeavesOtherDatesAlone() throws IOException {
        load("sales_" + D1 + ".csv", SALES + "S1,P1," + D1 + ",3,3.00\nS2,P2," + D1 + ",1,1.20\n");
        load("sales_" + D2 + ".csv", SALES + "S1,P1," + D2 + ",5,5.00\n");
        lake.replaceSlice("sales", D1);
        lake.replaceSlice("sales", D2);
        List<Long> before = lake.snapshots("sales");

        // the day is sent again, complete (a slice is a store's day): one line changed, one gone, one new
        FeedResult again =
                complete("sales_" + D1 + "_v2.csv", SALES + "S1,P1," + D1 + ",4,4.00\nS2,P1," + D1 + ",2,2.00\n");
        Lake.LakeCommit reload = lake.replaceSlice("sales", D1);

        assertThat(lake.snapshots("sales")).hasSize(before.size() + 1).last().isEqualTo(reload.snapshotId());
        assertThat(reload.feedIds()).containsExactly(again.feedId());
        assertThat(lines("SELECT store_id, sku, business_date, units_sold FROM " + lake.lakeTable("sales")))
                .containsExactlyInAnyOrder(
                        "S1|P1|2025-02-01|4.000", "S2|P1|2025-02-01|2.000", "S1|P1|2025-02-02|5.000");
        assertThat(lines("SELECT store_id, units_sold FROM " + lake.lakeTable("sales") + " FOR VERSION AS OF "
                        + before.getLast() + " WHERE business_date = DATE '2025-02-01'"))
                .as("the previous snapshot still reads the old slice")
                .containsExactlyInAnyOrder("S1|3.000", "S2|1.000");
        assertThat(lake.commits("sales", D1)).hasSize(2);
    }

    @Test
    void aResentDayIsSwappedByAJoinOnTheDateOverItsOwnPartitionsNotEveryOldRowAgainstEveryNewOne() throws IOException {
        load("sales_" + D1 + ".csv", SALES + "S1,P1," + D1 + ",3,3.00\nS2,P2," + D1 + ",1,1.20\n");
        load("sales_" + D2 + ".csv", SALES + "S1,P1," + D2 + ",5,5.00\n");
        lake.replaceSlice("sales", D1);
        lake.replaceSlice("sales", D2);

        // the statement that re-publishes D1 (a re-sent 5,000-store inventory day is 100M old and 100M new rows)
        String merge = lake.mergeStatement(
                "sales",
                D1,
                D1,
                new java.util.TreeSet<>(),
                "SELECT s.*, 'f' AS feed_id FROM " + lake.warehouseTable("sales")
                        + " s WHERE business_date = DATE '2025-02-01'");
        String plan = String.join("\n", lines("EXPLAIN " + merge));

        List<String> joins = plan.lines()
                .filter(l -> l.matches(".*\\b(Inner|Left|Right|Full|Cross)Join\\[.*"))
                .toList();
        assertThat(joins)
                .as("the old rows are matched by an equi-join on the date (a hash join), not a nested loop:%n%s", plan)
                .singleElement()
                .satisfies(j -> assertThat(j).contains("criteria"));
        List<String> lines = plan.lines().toList();
        int scan = lines.indexOf(lines.stream()
                .filter(l -> l.contains("TableScan[table = iceberg:"))
                .findFirst()
                .orElseThrow());
        assertThat(String.join("\n", lines.subList(scan, Math.min(lines.size(), scan + 20))))
                .as("the lake table's scan is limited to the slice's partition:%n%s", plan)
                .contains(":: [[2025-02-01]]");

        lake.replaceSlice("sales", D1);
        assertThat(lines("SELECT store_id, business_date FROM " + lake.lakeTable("sales")))
                .containsExactlyInAnyOrder("S1|2025-02-01", "S2|2025-02-01", "S1|2025-02-02");
    }

    @Test
    void aLoadThatFailsMidwayCommitsNoSnapshotAndTheOldSliceStays() throws IOException {
        load("sales_" + D1 + ".csv", SALES + "S1,P1," + D1 + ",3,3.00\nS2,P2," + D1 + ",1,1.20\n");
        lake.replaceSlice("sales", D1);
        List<Long> before = lake.snapshots("sales");

        // S1's rows read fine; S2's divide by zero, so the statement fails after it has begun writing the slice
        String failing = "SELECT s.*, 'f' AS feed_id FROM " + lake.warehouseTable("sales")
                + " s WHERE business_date = DATE '2025-02-01' "
                + "AND 1 / (CAST(substr(store_id, 2) AS INTEGER) - 2) <= 1";
        assertThatThrownBy(() -> lake.replaceSlices("sales", D1, D1, failing))
                .hasMessageContaining("Nothing was committed")
                .hasMessageContaining("Division by zero");

        assertThat(lake.snapshots("sales")).as("no snapshot").isEqualTo(before);
        assertThat(lines("SELECT store_id, units_sold FROM " + lake.lakeTable("sales")))
                .containsExactlyInAnyOrder("S1|3.000", "S2|1.000");
        assertThat(lake.commits("sales", D1)).hasSize(1);
    }

    @Test
    void aModelThatFailsMidwayLeavesTheMartAsItWasAndTheNextRefreshSwapsIn() throws IOException {
        load("sales_" + D1 + ".csv", SALES + "S1,P1," + D1 + ",3,3.00\nS2,P2," + D1 + ",1,1.20\n");
        lake.replaceSlice("sales", D1);
        w.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE mart_units_daily (business_date DATE, store_id VARCHAR(20), units "
                        + "NUMERIC(14,3))");
                s.execute("INSERT INTO mart_units_daily VALUES (DATE '2025-02-01', 'old', 7)");
            }
            return null;
        });
        // 10,000 rows per store and S2's last one fails to cast, so the statement fails once Trino may have written
        // part of the scratch table (once, no copy: Lake.scratchWrites). The swap must not run; the next refresh
        // starts from a fresh scratch table (Trino drops the table a failed CREATE TABLE AS began, and Lake drops any
        // left over)
        String failing = "SELECT business_date, store_id, CAST(CASE WHEN store_id = 'S2' AND i = 10000 THEN 'x' "
                + "ELSE CAST(units_sold AS VARCHAR) END AS DECIMAL(14,3)) AS units FROM sales "
                + "CROSS JOIN UNNEST(sequence(1, 10000)) n (i) WHERE business_date BETWEEN :from_date AND :to_date";
        assertThatThrownBy(() -> lake.replaceModelRows(
                        "mart_units_daily", "business_date", failing, List.of("sales"), Set.of("sales"), D1, D1))
                .hasMessageContaining("Model mart_units_daily failed on Trino")
                .hasMessageContaining("nothing was changed");
        assertThat(martUnits()).as("the mart as it was").containsExactly("2025-02-01|old|7.000");

        long rows = lake.replaceModelRows(
                "mart_units_daily",
                "business_date",
                "SELECT business_date, store_id, units_sold AS units FROM sales "
                        + "WHERE business_date BETWEEN :from_date AND :to_date",
                List.of("sales"),
                Set.of("sales"),
                D1,
                D1);

        assertThat(rows).isEqualTo(2);
        assertThat(martUnits()).containsExactlyInAnyOrder("2025-02-01|S1|3.000", "2025-02-01|S2|1.000");
    }

    @Test
    void aLargeModelWriteLeavesTheMartsPlannerStatisticsUpToDate() throws IOException {
        load("sales_" + D1 + ".csv", SALES + "S1,P1," + D1 + ",3,3.00\nS2,P2," + D1 + ",1,1.20\n");
        lake.replaceSlice("sales", D1);
        w.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE mart_units_daily (business_date DATE, store_id VARCHAR(20), units "
                        + "NUMERIC(14,3))");
            }
            return null;
        });

        // 10,000 rows per store: a write the models after it (and the API) would otherwise plan as an empty table
        long rows = lake.replaceModelRows(
                "mart_units_daily",
                "business_date",
                "SELECT business_date, store_id, units_sold AS units FROM sales CROSS JOIN UNNEST(sequence(1, 10000)) n "
                        + "(i) WHERE business_date BETWEEN :from_date AND :to_date",
                List.of("sales"),
                Set.of("sales"),
                D1,
                D1);

        assertThat(rows).isEqualTo(20_000);
        long plannerRows = w.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = "
                            + "to_regclass('mart_units_daily')")) {
                r.next();
                return r.getLong(1);
            }
        });
        assertThat(plannerRows)
                .as("pg_class.reltuples, -1 until the table is analyzed")
                .isEqualTo(20_000);
    }

    private List<String> martUnits() {
        return w.warehouse.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT business_date, store_id, units FROM mart_units_daily")) {
                while (r.next()) {
                    out.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getBigDecimal(3));
                }
            }
            return out;
        });
    }

    @Test
    void oneStatementJoinsLakeFactsWithMasterDataInPostgres() throws IOException {
        load(
                "sales_" + D1 + ".csv",
                SALES + "S1,P1," + D1 + ",3,3.00\nS2,P2," + D1 + ",1,1.20\nS2,P1," + D1 + ",2,2.00\n");
        lake.replaceSlice("sales", D1);

        List<String> byArea =
                lines("SELECT st.area, CAST(SUM(s.total_sales) AS VARCHAR) FROM " + lake.lakeTable("sales") + " s JOIN "
                        + lake.warehouseTable("stores") + " st ON st.store_id = s.store_id GROUP BY st.area");

        assertThat(byArea).containsExactlyInAnyOrder("North|3.00", "South|3.20");
    }

    @Test
    void aWarehouseOnDuckDbIsRefusedWithTheFix() {
        try (TestWarehouse duck = new TestWarehouse(dir.resolve("duck"))) {
            assertThatThrownBy(() -> new Lake(duck.warehouse, TestTrino.settings("lake_x"), "stockroom"))
                    .hasMessageContaining("PostgreSQL")
                    .hasMessageContaining("stockroom.warehouse.url");
        }
    }

    private String lakeSchema() {
        return lake.lakeTable("sales").split("\\.")[1];
    }

    private List<String> lines(String sql) {
        return lake.onTrino(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        cells.add(String.valueOf(r.getObject(i)));
                    }
                    out.add(String.join("|", cells));
                }
            }
            return out;
        });
    }

    private FeedResult load(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return ok(w.ingest.ingest(f, IngestRequest.of(name, null, null, "cli")));
    }

    private FeedResult complete(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return ok(w.ingest.ingest(f, IngestRequest.of(name, null, null, "cli").with(true, false)));
    }

    private static FeedResult ok(FeedResult r) {
        assertThat(r.status()).as(String.valueOf(r.summary().error())).isEqualTo(FeedStatus.TRANSFORMED);
        return r;
    }
}
