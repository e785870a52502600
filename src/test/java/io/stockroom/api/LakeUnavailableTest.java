package io.stockroom.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.TrinoSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ProblemDetail;

/**
 * On a Trino deployment the inventory pages (and the sales pages' line-level reads, the planogram's) read the lake
 * through Trino. With Trino down (nothing listens at its
 * address, as TrinoPipelineTest takes it down) a store manager opening the Inventory page is told the lake is
 * unavailable and to try again, with a 503; before, the page answered "The server could not answer this request
 * (WAREHOUSE_ERROR); the details are in the server log." (a 500 that reads as a bug, not an outage). The address and the
 * driver's text stay in the server log.
 */
class LakeUnavailableTest {

    @TempDir
    Path dir;

    @Test
    void aReadOfTheLakeWithTrinoDownSaysTheLakeIsUnavailable() throws Exception {
        int port = io.stockroom.TrinoDownDeployment.freePort();
        // a Trino deployment's warehouse is PostgreSQL (the embedded test server)
        StockroomProperties.Warehouse pg = TestPostgres.newWarehouse();
        try (TestWarehouse w = new TestWarehouse(dir.resolve("data"), pg)) {
            TrinoSettings down = new TrinoSettings(
                    "jdbc:trino://127.0.0.1:" + port,
                    "stockroom",
                    null,
                    "iceberg",
                    "postgresql",
                    "lake",
                    "iceberg_catalog",
                    null);
            Lake lake = new Lake(w.warehouse, down, pg.schema());
            // what the Inventory page's read asks first: does the statement read a table the lake holds
            StockroomException e = catchThrowableOfType(
                    StockroomException.class, () -> lake.readsLake("SELECT * FROM inventory_positions"));
            assertThat(e.code()).isEqualTo(ErrorCode.LAKE_UNAVAILABLE);
            StockroomException read = catchThrowableOfType(
                    StockroomException.class,
                    () -> lake.read("SELECT 1", List.of(), name -> null, (r, i) -> r.getInt(1)));
            assertThat(read.code()).isEqualTo(ErrorCode.LAKE_UNAVAILABLE);
            // the planogram's reads of the sales lines (SQL with :name values) likewise
            StockroomException named = catchThrowableOfType(
                    StockroomException.class,
                    () -> lake.readNamed(
                            "SELECT MAX(business_date) FROM mart_sales_daily WHERE store_id = :store",
                            java.util.Map.of("store", "S1"),
                            name -> null,
                            (r, i) -> r.getDate(1)));
            assertThat(named.code()).isEqualTo(ErrorCode.LAKE_UNAVAILABLE);

            ProblemDetail answer = new ApiExceptionHandler(
                            new StockroomProperties(dir.resolve("data"), null, null, null, null))
                    .stockroom(e);
            assertThat(answer.getStatus()).isEqualTo(503);
            assertThat(answer.getDetail())
                    .startsWith("The lake is unavailable")
                    .contains("Try again in a few minutes", "administrator")
                    .doesNotContain("jdbc:", "127.0.0.1", String.valueOf(port), "Exception", "SELECT");
            assertThat(answer.getProperties()).containsEntry("code", "LAKE_UNAVAILABLE");
        }
    }
}
