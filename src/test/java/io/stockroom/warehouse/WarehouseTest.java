package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.StockroomProperties;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest {

    @TempDir
    Path dataDir;

    private static final StockroomProperties.Warehouse SETTINGS = new StockroomProperties.Warehouse("duckdb", "1GB", 0);

    @Test
    void createsTheWarehouseFileAndSchemaOnce() {
        try (Warehouse w = new Warehouse(dataDir, SETTINGS)) {
            assertThat(dataDir.resolve("warehouse.duckdb")).exists();
            assertThat(count(w, "SELECT COUNT(*) FROM schema_version")).isGreaterThanOrEqualTo(1);
        }
        try (Warehouse w = new Warehouse(dataDir, SETTINGS)) {
            assertThat(count(w, "SELECT COUNT(*) FROM schema_version WHERE version = 1"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (Warehouse w = new Warehouse(dataDir, SETTINGS)) {
            assertThatThrownBy(() -> w.inTransaction(c -> {
                        try (Statement s = c.createStatement()) {
                            s.execute("INSERT INTO stores (store_id, name) VALUES ('S1', 'One')");
                            s.execute("INSERT INTO stores (store_id, name) VALUES ('S1', 'Duplicate key')");
                        }
                        return null;
                    }))
                    .isInstanceOf(io.stockroom.StockroomException.class);
            assertThat(count(w, "SELECT COUNT(*) FROM stores")).isZero();
        }
    }

    @Test
    void splitsScriptsOnSemicolonsOutsideQuotesAndComments() {
        assertThat(SqlScripts.split("SELECT ';'; -- a; comment\nSELECT 2;")).containsExactly("SELECT ';'", "SELECT 2");
    }

    private static long count(Warehouse w, String sql) {
        return w.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }
}
