package io.stockroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.security.Actor;
import io.stockroom.security.AuditTrail;
import io.stockroom.security.Role;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.SmallChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * On a Trino deployment the inventory position base stays in the lake (docs/scale.md, "Large marts in the lake"): the
 * inventory alerts, cover heatmap and SKU positions the API and pages serve are read through Trino, and give the same
 * answers as DuckDB's deployment, for the whole chain and for a store manager who sees one store only.
 */
@BesideTheOtherClasses
class TrinoInventoryReadTest {

    @TempDir
    Path dir;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theInventoryPagesReadTheLakeMartThroughTrinoAndAnswerAsDuckDb() throws Exception {
        TestTrino.assumeAvailable();
        List<String> onDuckDb;
        try (TestWarehouse duck =
                new TestWarehouse(dir.resolve("duck"), new StockroomProperties.Warehouse("duckdb", "1GB", 2))) {
            Files.createDirectories(dir.resolve("duck-files"));
            SmallChain.load(duck, dir.resolve("duck-files"));
            ModelRunner runner = new ModelRunner(duck.warehouse);
            runner.rebuildAll();
            onDuckDb = answers(new InventoryService(
                    new Marts(duck.warehouse, runner), new AuditTrail(duck.warehouse), java.time.ZoneOffset.UTC));
        }
        assertThat(onDuckDb)
                .as("alerts to compare")
                .anySatisfy(a -> assertThat(a).contains("OUT_OF_STOCK"));

        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Files.createDirectories(dir.resolve("pg-files"));
            SmallChain.load(pg, dir.resolve("pg-files"));
            Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
            lake.prepare();
            LocalDate first = SmallChain.END.minusDays(SmallChain.DAYS - 1);
            for (String table : List.of("sales", "labour", "inventory")) {
                lake.replaceSlices(table, first, SmallChain.END);
            }
            LakeModels trino = new LakeModels(pg.warehouse, lake);
            trino.rebuildAll();
            ModelRunner runner = new ModelRunner(pg.warehouse);
            runner.rebuildAll(Set.copyOf(trino.modelNames()));
            assertThat(pg.count("SELECT COUNT(*) FROM mart_inventory_position_base"))
                    .as("the positions are not copied into the warehouse")
                    .isZero();
            List<String> onTrino = answers(new InventoryService(
                    new Marts(pg.warehouse, runner, trino), new AuditTrail(pg.warehouse), java.time.ZoneOffset.UTC));
            assertThat(onTrino).isEqualTo(onDuckDb);
        }
    }

    /** What the inventory API answers the whole chain, then a store manager of S2 (who must see S2 only). */
    private static List<String> answers(InventoryService inventory) {
        List<String> out = new ArrayList<>(answersAs(inventory, "chain"));
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "gm", null, Actor.authorities(Set.of(Role.STORE_GM), Set.of("S2"), Set.of())));
        List<String> scoped = answersAs(inventory, "S2 only");
        assertThat(scoped)
                .as("a store manager sees their store only")
                .noneSatisfy(line -> assertThat(line).containsAnyOf("storeId=S1", "storeId=S3"))
                .anySatisfy(line -> assertThat(line).contains("storeId=S2"));
        out.addAll(scoped);
        SecurityContextHolder.clearContext();
        return out;
    }

    private static List<String> answersAs(InventoryService inventory, String who) {
        LocalDate day = SmallChain.END;
        List<String> out = new ArrayList<>();
        out.add(who + " alerts " + inventory.alerts(day, null, null, null, null, null, null, 500, 0));
        out.add(who + " alerts page 2 " + inventory.alerts(day, null, null, null, null, null, null, 3, 2));
        out.add(who + " alerts of S2, out of stock "
                + inventory.alerts(null, "S2", null, null, "out_of_stock", null, null, 50, 0));
        out.add(who + " alerts no order placed "
                + inventory.alerts(day, null, null, null, null, null, "no_order_placed", 50, 0));
        out.add(who + " heatmap " + inventory.coverHeatmap(day, null));
        out.add(who + " heatmap North " + inventory.coverHeatmap(day, "North"));
        out.add(who + " positions " + inventory.positions(day, null, null, 1000, 0));
        out.add(who + " positions page " + inventory.positions(day, null, "Tins", 4, 3));
        return out;
    }
}
