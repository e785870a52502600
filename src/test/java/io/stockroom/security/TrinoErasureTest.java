package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * On a Trino deployment the orders are published to the lake. A customer's erasure rewrote the warehouse, its marts,
 * quarantine and the raw files, but never the lake: its orders table, and every Iceberg snapshot of it, still held the
 * customer's id. Now the erasure rewrites the lake's dates of the customer's orders and expires the older snapshots.
 */
@BesideTheOtherClasses
class TrinoErasureTest {

    @TempDir
    Path dir;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anErasedCustomerIsInNoLakeSnapshotOfTheOrders() throws Exception {
        TestTrino.assumeAvailable();
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Path files = Files.createDirectories(dir.resolve("files"));
            TestWarehouse.ok(pg.load(files, "orders_2026-03-01.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    O1,2026-03-01 10:00:00,C1,K1,2,1.12
                    O2,2026-03-01 11:00:00,C2,K1,1,1.12
                    """));
            TestWarehouse.ok(pg.load(files, "orders_2026-03-02.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    O3,2026-03-02 09:00:00,C1,K3,1,1.38
                    """));
            Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
            lake.prepare();
            lake.replaceSlice("orders", LocalDate.of(2026, 3, 1));
            lake.replaceSlice("orders", LocalDate.of(2026, 3, 2));
            assertThat(idsInEverySnapshot(lake)).as("the lake holds C1 before").contains("C1");

            StaticListableBeanFactory beans = new StaticListableBeanFactory(
                    Map.of("lake", lake, "lakeModels", new LakeModels(pg.warehouse, lake)));
            CustomerPrivacy privacy = new CustomerPrivacy(
                    pg.warehouse,
                    new AuditTrail(pg.warehouse),
                    pg.contracts,
                    new ModelRunner(pg.warehouse),
                    beans.getBeanProvider(LakeModels.class),
                    beans.getBeanProvider(Lake.class));
            SecurityContextHolder.getContext()
                    .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                            "dpo", null, Actor.authorities(Set.of(Role.ADMIN), Set.of(), Set.of())));

            CustomerPrivacy.Erasure erased = privacy.erase("C1");

            assertThat(erased.orders()).isEqualTo(2);
            List<String> after = idsInEverySnapshot(lake);
            assertThat(after)
                    .as("no snapshot of the lake's orders holds the erased id")
                    .doesNotContain("C1")
                    .contains("C2", erased.pseudonym());
            assertThat(lake.snapshots("orders"))
                    .as("the older snapshots are expired")
                    .hasSize(1);
        }
    }

    /** The customer ids of every snapshot of the lake's orders table. */
    private static List<String> idsInEverySnapshot(Lake lake) {
        return lake.onTrino(c -> {
            List<String> ids = new ArrayList<>();
            for (long snapshot : lake.snapshots("orders")) {
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT DISTINCT customer_id FROM " + lake.lakeTable("orders")
                                + " FOR VERSION AS OF " + snapshot)) {
                    while (r.next()) {
                        ids.add(r.getString(1));
                    }
                }
            }
            return ids;
        });
    }
}
