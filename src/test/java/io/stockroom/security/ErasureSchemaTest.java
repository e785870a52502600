package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A PostgreSQL database may hold other schemas beside Stockroom's (Supabase's own, a staging deployment of Stockroom).
 * A customer's erasure looked for tables with a customer_id in every schema of the database and updated them by their
 * bare name in its own: a mart that only another schema had made the erasure fail ("relation mart_... does not
 * exist"; CI, session 25, where tests share one server), and nothing was erased. Now it looks in its own schema only.
 */
class ErasureSchemaTest {

    @TempDir
    Path dir;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anotherSchemasTablesNeitherStopTheErasureNorAreTouchedByIt() throws Exception {
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        String other = settings.schema() + "_staging";
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Path files = Files.createDirectories(dir.resolve("files"));
            TestWarehouse.ok(pg.load(files, "orders_2026-03-01.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    O1,2026-03-01 10:00:00,C1,K1,2,1.12
                    O2,2026-03-01 11:00:00,C2,K1,1,1.12
                    """));
            pg.warehouse.withConnection(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + other);
                    s.execute("CREATE TABLE " + other + ".mart_customer_visits (customer_id VARCHAR, visits INTEGER)");
                    s.execute("INSERT INTO " + other + ".mart_customer_visits VALUES ('C1', 3)");
                }
                return null;
            });
            CustomerPrivacy privacy = Dpo.signedIn(pg);

            CustomerPrivacy.Erasure erased = privacy.erase("C1");

            assertThat(erased.orders()).isEqualTo(1);
            assertThat(pg.count("SELECT COUNT(*) FROM orders WHERE customer_id = 'C1'"))
                    .isZero();
            assertThat(pg.count("SELECT COUNT(*) FROM " + other + ".mart_customer_visits WHERE customer_id = 'C1'"))
                    .as("the other schema is not this deployment's to rewrite")
                    .isEqualTo(1);
            pg.warehouse.withConnection(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + other + " CASCADE");
                }
                return null;
            });
        }
    }
}
