package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The warehouse contract on a Trino deployment (docs/scale.md): a PostgreSQL warehouse, the facts published to the
 * Iceberg lake through a real single-node Trino, the 12 Trino models run there. Every load-mode case publishes what it
 * loaded (an upsert correction, a slice replaced, orders appended, the same bytes refused) and checks that the lake
 * holds exactly the warehouse's rows; the chain case builds the 12 models on Trino and the others on the warehouse and
 * compares all of them, the model tests and replenishment with DuckDB. Staging, parsing, checks, quarantine and run
 * locks do not apply: they run on the deployment's PostgreSQL warehouse, whose own suite covers them.
 */
@BesideTheOtherClasses
class TrinoWarehouseContractTest extends WarehouseContractTest {

    private StockroomProperties.Warehouse current;
    private Lake lake;
    private String lakeSchema;

    @Override
    protected StockroomProperties.Warehouse newWarehouse() {
        TestTrino.assumeAvailable();
        current = TestPostgres.newWarehouse();
        return current;
    }

    @Override
    protected StockroomProperties.Warehouse sameWarehouseFromAnotherProcess(StockroomProperties.Warehouse settings) {
        return TestPostgres.sameWarehouse(settings);
    }

    /** The deployment's warehouse, where files are staged and loaded. */
    @Override
    protected String engine() {
        return "postgres";
    }

    @Override
    protected String stagingElsewhere() {
        return "on a Trino deployment files are staged, parsed, checked and quarantined, and runs locked, by its "
                + "PostgreSQL warehouse (docs/scale.md): PostgresWarehouseContractTest covers that engine";
    }

    @Override
    protected void loaded(String table) {
        Lake lake = lake();
        List<LocalDate> dates = w.warehouse.withConnection(c -> {
            List<LocalDate> d = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT MIN(business_date), MAX(business_date) FROM " + table)) {
                r.next();
                Date min = r.getDate(1);
                if (min != null) {
                    d.add(min.toLocalDate());
                    d.add(r.getDate(2).toLocalDate());
                }
            }
            return d;
        });
        assertThat(dates).as(table + " has rows to publish").isNotEmpty();
        lake.replaceSlices(table, dates.getFirst(), dates.getLast());
        long warehouseRows = w.count("SELECT COUNT(*) FROM " + table);
        String columns = String.join(", ", lakeColumns(table));
        // the lake keeps each fact row's feed on the row; the warehouse once per load
        String warehouseRowsWithFeed = "(SELECT w.*, l.feed_id FROM " + lake.warehouseTable(table) + " w LEFT JOIN "
                + lake.warehouseTable("fact_loads") + " l ON l.load_seq = w.load_seq) x";
        long[] differences = lake.onTrino(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT (SELECT COUNT(*) FROM " + lake.lakeTable(table) + "), "
                            + "(SELECT COUNT(*) FROM (SELECT " + columns + " FROM " + lake.lakeTable(table)
                            + " EXCEPT ALL SELECT " + columns + " FROM " + warehouseRowsWithFeed + ")), "
                            + "(SELECT COUNT(*) FROM (SELECT " + columns + " FROM " + warehouseRowsWithFeed
                            + " EXCEPT ALL SELECT " + columns + " FROM " + lake.lakeTable(table) + "))")) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
            }
        });
        assertThat(differences[0]).as(table + ": rows in the lake").isEqualTo(warehouseRows);
        assertThat(differences[1])
                .as(table + ": lake rows the warehouse does not have")
                .isZero();
        assertThat(differences[2])
                .as(table + ": warehouse rows missing from the lake")
                .isZero();
    }

    @Override
    protected void rebuildModels(ModelRunner models) {
        Lake lake = lake();
        for (String table : List.of("sales", "orders", "labour", "inventory", "receipts")) {
            if (w.count("SELECT COUNT(*) FROM " + table) > 0) {
                loaded(table);
            }
        }
        assertThat(new LakeModels(w.warehouse, lake).rebuildAll().rowsWritten())
                .as("rows the 12 models wrote from Trino")
                .isPositive();
        models.rebuildAll(Set.copyOf(LakeModels.ON_TRINO));
    }

    /** The tests of the marts kept in the lake (and of the views over them) run on Trino, over the lake's rows. */
    @Override
    protected List<io.stockroom.model.ModelTestResult> modelTests(ModelRunner models) {
        List<io.stockroom.model.ModelTestResult> results = models.test(null, new LakeModels(w.warehouse, lake()));
        assertThat(results)
                .filteredOn(t -> t.model().equals("mart_inventory_position_base")
                        && t.test().startsWith("reconcile"))
                .singleElement()
                .satisfies(t -> assertThat(t.detail())
                        .as("the reconciliation ran over the lake's rows")
                        .doesNotContain("totals agree: 0"));
        return results;
    }

    /** The marts kept in the lake (and the views over them) are read through Trino, as the dashboards read them. */
    @Override
    protected List<String> content(String table) {
        return SmallChain.content(w.warehouse, new LakeModels(w.warehouse, lake()), table);
    }

    /** The lake of the warehouse in use, in a namespace of its own (a test may open a second warehouse). */
    private Lake lake() {
        String schema = "lake_" + current.schema();
        if (lake == null || !schema.equals(lakeSchema)) {
            lake = new Lake(w.warehouse, TestTrino.settings(schema), current.schema());
            lake.prepare();
            lakeSchema = schema;
        }
        return lake;
    }

    private List<String> lakeColumns(String table) {
        return lake.onTrino(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT column_name FROM iceberg.information_schema.columns "
                    + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
                p.setString(1, lakeSchema);
                p.setString(2, table);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        names.add(r.getString(1));
                    }
                }
            }
            assertThat(names).as(table + " in the lake").isNotEmpty();
            return names;
        });
    }
}
