package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.retention.RetentionProperties;
import io.stockroom.retention.RetentionService;
import io.stockroom.security.AccessProperties;
import io.stockroom.security.AuditRetention;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Lake;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * A date whose raw files retention removed can no longer be replayed, and a replay says so. Retention removes a raw
 * file with its manifest row, so the replay read the date's feeds through the manifest and no longer saw the sales it
 * had: it replayed the inventory alone and said "succeeded" (exit 0), sales never named.
 */
class ReplayAfterRetentionTest {

    static final LocalDate D1 = LocalDate.of(2025, 3, 1);
    static final LocalDate D2 = D1.plusDays(1);

    @TempDir
    Path dir;

    TestWarehouse w;
    PipelineService pipeline;
    RetentionService retention;

    @BeforeEach
    void setUp() throws IOException {
        w = new TestWarehouse(dir);
        retention = new RetentionService(
                w.warehouse,
                w.contracts,
                new RetentionProperties(Map.of("sales", new RetentionProperties.Policy(10, null, null, null))),
                new AuditRetention(
                        w.warehouse,
                        new AccessProperties(
                                new BigDecimal("5000"),
                                10,
                                Duration.ofHours(1),
                                new AccessProperties.Oidc(
                                        "preferred_username", "roles", "groups", "stores", "areas", Map.of()),
                                new AccessProperties.RateLimit(600, 1200, 20, 100),
                                new AccessProperties.Retention(180, 0),
                                List.of()),
                        new AuditTrail(w.warehouse)),
                w.properties,
                new StaticListableBeanFactory().getBeanProvider(Lake.class));
        pipeline = new PipelineService(
                w.ingest,
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(),
                w.properties,
                new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults()),
                retention);
        drop(D1, "stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        drop(D1, "products.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n");
        drop(D1, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\n");
        drop(D1, "inventory.csv", "store_id,sku,date,on_hand,on_order\nS1,A,2025-03-01,10,0\n");
        drop(D2, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-02,1,1\n");
        drop(D2, "inventory.csv", "store_id,sku,date,on_hand,on_order\nS1,A,2025-03-02,9,0\n");
        pipeline.backfill(D1, D2, r -> assertThat(r.status()).isEqualTo("succeeded"));
        // D1's sales file arrived long ago (the test cannot wait: it dates the receipt back); D2's arrived today
        w.warehouse.withConnection(c -> c.createStatement()
                .executeUpdate("UPDATE raw_manifest SET received_at = TIMESTAMP '2020-01-06 08:00:00'"
                        + " WHERE dataset = 'sales' AND business_date = DATE '2025-03-01'"));
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aReplayOfADateWhoseSalesFileRetentionRemovedIsRefusedNamingTheDatasetAndThePolicy() {
        assertThat(retention.report().datasets())
                .filteredOn(d -> d.dataset().equals("sales"))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.rawFiles()).isEqualTo(1);
                    assertThat(d.unreplayableFrom())
                            .as("the dry run names the date it makes unreplayable")
                            .isEqualTo(D1);
                    assertThat(d.unreplayableTo()).isEqualTo(D1);
                });
        retention.apply();
        assertThat(w.count("SELECT COUNT(*) FROM raw_manifest WHERE dataset = 'sales'"))
                .as("D1's sales file went, D2's stays")
                .isEqualTo(1);

        RunResult replay = pipeline.replay(D1);

        assertThat(replay.status()).as(replay.error()).isEqualTo("failed");
        assertThat(replay.complete()).as("stockroom replay exits 1").isFalse();
        assertThat(replay.error())
                .contains("2025-03-01 can no longer be replayed")
                .contains("retention removed the raw file of sales")
                .contains("sales.csv")
                .contains("stockroom.retention.datasets.sales.raw-days: 10");
        assertThat(w.count("SELECT COUNT(*) FROM feeds WHERE replay_of IS NOT NULL"))
                .as("nothing half-replayed: not even the inventory, whose file is still there")
                .isZero();
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-01'"))
                .as("the rows the removed file loaded stay")
                .isEqualTo(1);

        assertThat(pipeline.replay(D2).status())
                .as("a date whose files are all kept replays")
                .isEqualTo("succeeded");
    }

    private void drop(LocalDate date, String name, String content) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(date.toString());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), content);
    }
}
