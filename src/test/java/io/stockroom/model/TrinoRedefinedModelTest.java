package io.stockroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.SmallChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file that changed (a new Stockroom version) on a Trino deployment: its marts are recreated and rebuilt on
 * every date, as the warehouse's own refresh does, instead of keeping the old definition's rows for the dates before
 * the change.
 */
@BesideTheOtherClasses
class TrinoRedefinedModelTest {

    @TempDir
    Path dir;

    @Test
    void aChangedModelFileIsRebuiltOnEveryDateOnTrinoThenRefreshedIncrementallyAgain() throws Exception {
        TestTrino.assumeAvailable();
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Files.createDirectories(dir.resolve("files"));
            SmallChain.load(pg, dir.resolve("files"));
            Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
            lake.prepare();
            LocalDate first = SmallChain.END.minusDays(SmallChain.DAYS - 1);
            lake.replaceSlices("sales", first, SmallChain.END);
            lake.replaceSlices("labour", first, SmallChain.END);
            lake.replaceSlices("inventory", SmallChain.END, SmallChain.END);
            new LakeModels(pg.warehouse, lake).rebuildAll();
            long days = pg.count("SELECT COUNT(DISTINCT business_date) FROM mart_sales_store_daily");
            assertThat(days).isEqualTo(SmallChain.DAYS);

            // the next version: a column more in a roll-up written to the warehouse, and in the line-level mart kept in
            // the lake
            ModelCatalog shipped = ModelCatalog.load(ModelCatalog.DEFAULT_LOCATION);
            List<Model> next = new ArrayList<>();
            for (Model m : shipped.ordered()) {
                next.add(
                        m.name().equals("mart_sales_store_daily") || m.name().equals("mart_sales_daily")
                                ? withVersionColumn(m)
                                : m);
            }
            LakeModels upgraded = new LakeModels(pg.warehouse, lake, ModelCatalog.of(next), LakeModels.ON_TRINO);

            ModelRunResult daily = upgraded.refresh(Set.of(SmallChain.END));

            assertThat(pg.count("SELECT COUNT(DISTINCT business_date) FROM mart_sales_store_daily WHERE "
                            + "definition_version = 2"))
                    .as("every date of the roll-up computed by the new definition, not only the day refreshed")
                    .isEqualTo(days);
            assertThat(pg.count("SELECT COUNT(*) FROM mart_sales_store_daily WHERE definition_version IS NULL"))
                    .isZero();
            assertThat(upgraded.read(
                            "SELECT COUNT(DISTINCT business_date) FROM mart_sales_daily WHERE definition_version = 2",
                            List.of(),
                            (r, i) -> r.getLong(1)))
                    .as("the lake's line-level mart too")
                    .containsExactly(days);
            assertThat(daily.models())
                    .filteredOn(t -> t.name().equals("mart_sales_store_daily"))
                    .singleElement()
                    .satisfies(
                            t -> assertThat(t.scope()).isEqualTo(DateScope.all().describe()));

            // rebuilt once: the next daily refresh is one date again
            ModelRunResult again = upgraded.refresh(Set.of(SmallChain.END));
            assertThat(again.models())
                    .filteredOn(t -> t.name().equals("mart_sales_store_daily"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.scope())
                            .isEqualTo(DateScope.of(Set.of(SmallChain.END)).describe()));
            java.util.Map<String, List<String>> refreshed = new java.util.LinkedHashMap<>();
            for (String table : LakeModels.ON_TRINO) {
                refreshed.put(table, SmallChain.content(pg.warehouse, upgraded, table));
            }
            upgraded.rebuildAll();
            for (String table : LakeModels.ON_TRINO) {
                assertThat(SmallChain.content(pg.warehouse, upgraded, table))
                        .as(table + ": after the upgrade's refresh == a rebuild with the new files")
                        .isEqualTo(refreshed.get(table));
            }
        }
    }

    /** The shipped file with a column {@code definition_version} = 2 first in its outer SELECT. */
    private static Model withVersionColumn(Model m) throws java.io.IOException {
        String file = new org.springframework.core.io.ClassPathResource("models/" + m.name() + ".sql")
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(file).containsOnlyOnce("\nSELECT\n");
        return ModelParser.parse(
                m.name() + ".sql", file.replace("\nSELECT\n", "\nSELECT\n    2 AS definition_version,\n"));
    }
}
