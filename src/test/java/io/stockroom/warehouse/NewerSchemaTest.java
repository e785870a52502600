package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build older than the one that last migrated the warehouse refuses to run on it (the rollback after an upgrade):
 * before, it read and wrote tables whose meaning may have changed without a word.
 */
class NewerSchemaTest {

    @TempDir
    Path dir;

    @Test
    void aWarehouseMigratedByANewerBuildIsRefusedNamingBothVersions() {
        StockroomProperties.Warehouse duckdb = new StockroomProperties.Warehouse("duckdb", "1GB", 1);
        try (Warehouse w = new Warehouse(dir, duckdb)) {
            w.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate(
                            "INSERT INTO schema_version VALUES (9999, 'V9999__from_a_newer_build.sql', CURRENT_TIMESTAMP)");
                }
            });
        }
        assertThatThrownBy(() -> new Warehouse(dir, duckdb).close())
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("migrated by a newer Stockroom")
                .hasMessageContaining("V9999")
                .hasMessageContaining("knows versions up to V2");
        assertThatThrownBy(() -> Warehouse.openReadOnly(dir))
                .as("the read-only opening of the CLI's read commands too")
                .hasMessageContaining("migrated by a newer Stockroom");
    }
}
