package io.stockroom.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.security.AccessProperties;
import io.stockroom.security.AuditRetention;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Lake;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * On a Trino deployment the facts are published to the Iceberg lake. A retention policy on fact rows removed them from
 * the warehouse and left every one of them in the lake (and in each of its snapshots): a chain keeping sales two years
 * kept them for ever there. Now the pass deletes the lake's rows dated before the cut-off and expires the older
 * snapshots.
 */
@BesideTheOtherClasses
class TrinoRetentionTest {

    private static final LocalDate OLD = LocalDate.now(ZoneOffset.UTC).minusDays(400);
    private static final LocalDate RECENT = LocalDate.now(ZoneOffset.UTC).minusDays(2);

    @TempDir
    Path dir;

    @Test
    void factRowsPastTheirRetentionLeaveTheLakeAndItsHistory() throws Exception {
        TestTrino.assumeAvailable();
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Lake lake = lakeWithAnOldAndARecentDay(pg, settings);
            assertThat(datesInEverySnapshot(lake))
                    .as("the lake holds the old day before")
                    .contains(OLD);
            RetentionService retention = keepingSalesAYear(pg, lake);

            RetentionService.DatasetReport dryRun = sales(retention.report());
            assertThat(dryRun.factRows()).isEqualTo(1);
            assertThat(dryRun.lakeRows())
                    .as("the dry run counts the lake's rows too")
                    .isEqualTo(1);
            RetentionService.DatasetReport applied = sales(retention.apply());

            assertThat(applied.factRows()).isEqualTo(1);
            assertThat(applied.lakeRows()).isEqualTo(1);
            assertThat(applied.lakeNotRemoved()).isNull();
            assertThat(datesInEverySnapshot(lake))
                    .as("no snapshot of the lake's sales holds the day past its retention")
                    .doesNotContain(OLD)
                    .contains(RECENT);
            assertThat(pg.count("SELECT COUNT(*) FROM sales")).isEqualTo(1);
        }
    }

    /**
     * A pass deletes the lake's rows, then expires the snapshots that still hold them: two Trino statements. When Trino
     * stopped between them, the next pass found no row to delete and expired nothing, so the rows stayed in the lake's
     * history for ever.
     */
    @Test
    void aPassThatStoppedBeforeExpiringTheHistoryIsFinishedByTheNext() throws Exception {
        TestTrino.assumeAvailable();
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Lake lake = lakeWithAnOldAndARecentDay(pg, settings);
            // the earlier pass's delete, as it ran; its expiry never did
            lake.onTrino(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(
                            "DELETE FROM " + lake.lakeTable("sales") + " WHERE business_date < DATE '" + RECENT + "'");
                }
                return null;
            });
            assertThat(datesInEverySnapshot(lake))
                    .as("the lake's history still holds the old day")
                    .contains(OLD);

            RetentionService.DatasetReport applied =
                    sales(keepingSalesAYear(pg, lake).apply());

            assertThat(applied.lakeRows())
                    .as("nothing left to delete in the table")
                    .isZero();
            assertThat(applied.lakeNotRemoved()).isNull();
            assertThat(datesInEverySnapshot(lake))
                    .as("no snapshot of the lake's sales holds the day past its retention")
                    .doesNotContain(OLD)
                    .contains(RECENT);
        }
    }

    /** A store, a product, a sale on OLD and one on RECENT, both days published to the lake. */
    private Lake lakeWithAnOldAndARecentDay(TestWarehouse pg, StockroomProperties.Warehouse settings) throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        TestWarehouse.ok(pg.load(files, "stores.csv", "store_id,name,area\nS1,Leeds,North\n"));
        TestWarehouse.ok(pg.load(
                files,
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n"));
        for (LocalDate d : List.of(OLD, RECENT)) {
            TestWarehouse.ok(pg.load(
                    files,
                    "sales_" + d + ".csv",
                    "store_id,sku,date,units_sold,total_sales,transactions\nS1,A," + d + ",3,3.00,2\n"));
        }
        Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
        lake.prepare();
        lake.replaceSlice("sales", OLD);
        lake.replaceSlice("sales", RECENT);
        return lake;
    }

    private static RetentionService keepingSalesAYear(TestWarehouse pg, Lake lake) {
        return new RetentionService(
                pg.warehouse,
                pg.contracts,
                new RetentionProperties(Map.of("sales", new RetentionProperties.Policy(null, 365, null, null))),
                new AuditRetention(pg.warehouse, access(), new AuditTrail(pg.warehouse)),
                pg.properties,
                new StaticListableBeanFactory(Map.of("lake", lake)).getBeanProvider(Lake.class));
    }

    private static RetentionService.DatasetReport sales(RetentionService.Report report) {
        return report.datasets().stream()
                .filter(d -> d.dataset().equals("sales"))
                .findFirst()
                .orElseThrow();
    }

    private static AccessProperties access() {
        return new AccessProperties(
                new BigDecimal("5000"),
                10,
                Duration.ofHours(1),
                new AccessProperties.Oidc("preferred_username", "roles", "groups", "stores", "areas", Map.of()),
                new AccessProperties.RateLimit(600, 1200, 20, 100),
                new AccessProperties.Retention(180, 0),
                List.of());
    }

    /** The business dates of every snapshot of the lake's sales table. */
    private static List<LocalDate> datesInEverySnapshot(Lake lake) {
        return lake.onTrino(c -> {
            List<LocalDate> dates = new ArrayList<>();
            for (long snapshot : lake.snapshots("sales")) {
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT DISTINCT business_date FROM " + lake.lakeTable("sales")
                                + " FOR VERSION AS OF " + snapshot)) {
                    while (r.next()) {
                        dates.add(r.getDate(1).toLocalDate());
                    }
                }
            }
            return dates;
        });
    }
}
