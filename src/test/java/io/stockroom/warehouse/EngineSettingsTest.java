package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stockroom.warehouse.url chooses the engine; a setting that names none says what to write instead. */
class EngineSettingsTest {

    @TempDir
    Path dir;

    @Test
    void withNothingConfiguredTheWarehouseIsTheEmbeddedFile() {
        try (Warehouse w = new Warehouse(dir, new StockroomProperties.Warehouse("duckdb", "1GB", 1))) {
            assertThat(w.dialect().name()).isEqualTo("duckdb");
            assertThat(dir.resolve("warehouse.duckdb")).exists();
        }
    }

    @Test
    void aDuckDbUrlNamesAnotherFile() {
        Path file = dir.resolve("elsewhere.duckdb");
        try (Warehouse w = new Warehouse(
                dir,
                new StockroomProperties.Warehouse(
                        "duckdb", "1GB", 1, "jdbc:duckdb:" + file, null, null, "stockroom", 10))) {
            assertThat(w.dialect().name()).isEqualTo("duckdb");
        }
        assertThat(file).exists();
        assertThat(dir.resolve("warehouse.duckdb")).doesNotExist();
    }

    @Test
    void postgresWithoutAUrlSaysWhichSettingsToSet() {
        assertThatThrownBy(() -> new Warehouse(dir, new StockroomProperties.Warehouse("postgres", "1GB", 1)))
                .isInstanceOf(StockroomException.class)
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("STOCKROOM_WAREHOUSE_URL=jdbc:postgresql://");
    }

    @Test
    void supabasesTransactionPoolerIsRefusedBeforeAnyConnectionWithTheSessionPoolerToUseInstead() {
        // the connection string Supabase offers first for servers: a transaction-mode pooler hands the session's temp
        // staging tables, advisory locks and search_path to other clients between transactions
        String url = "jdbc:postgresql://aws-0-eu-west-2.pooler.supabase.com:6543/postgres?sslmode=require";
        assertThatThrownBy(() -> new Warehouse(
                        dir,
                        new StockroomProperties.Warehouse(
                                "duckdb", "1GB", 1, url, "postgres.abc", "secret", "stockroom", 10)))
                .isInstanceOf(StockroomException.class)
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("transaction pooler")
                .hasMessageContaining("aws-0-eu-west-2.pooler.supabase.com:5432");
    }

    @Test
    void trinoWithoutAPostgresWarehouseSaysWhichSettingsToSet() {
        assertThatThrownBy(() -> new Warehouse(dir, new StockroomProperties.Warehouse("trino", "1GB", 1)))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("STOCKROOM_WAREHOUSE_URL=jdbc:postgresql://")
                .hasMessageContaining("STOCKROOM_TRINO_URL=jdbc:trino://")
                .hasMessageContaining("docs/scale.md");
    }

    @Test
    void trinoWithoutATrinoUrlIsRefusedRatherThanRunningEverythingOnPostgres() {
        StockroomProperties properties = new StockroomProperties(
                dir,
                null,
                null,
                new StockroomProperties.Warehouse(
                        "trino", "1GB", 1, "jdbc:postgresql://127.0.0.1:1/none", "u", "p", "stockroom", 10),
                null);
        TrinoSettings noTrino =
                new TrinoSettings(null, "u", null, "iceberg", "postgresql", "lake", "iceberg_catalog", null);
        assertThatThrownBy(() -> new Warehouse(properties, noTrino))
                .isInstanceOf(StockroomException.class)
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("stockroom.trino.url is not set")
                .hasMessageContaining("STOCKROOM_TRINO_URL=jdbc:trino://");
    }

    @Test
    void trinoCatalogAndSchemaNamesMustBePlain() {
        assertThatThrownBy(() -> new TrinoSettings(
                        "jdbc:trino://h:8080",
                        "u",
                        null,
                        "iceberg",
                        "postgresql",
                        "Lake; DROP",
                        "iceberg_catalog",
                        null))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("'Lake; DROP'");
    }

    @Test
    void trinoAnswersWithinAMinuteUnlessToldOtherwiseAndNotUnderTheCoordinatorsOwnSecond() {
        assertThat(new TrinoSettings("jdbc:trino://h:8080", "u", null, "iceberg", "postgresql", "lake", "c", null)
                        .answerTimeout())
                .isEqualTo(java.time.Duration.ofMinutes(1));
        assertThatThrownBy(() -> new TrinoSettings(
                        "jdbc:trino://h:8080",
                        "u",
                        null,
                        "iceberg",
                        "postgresql",
                        "lake",
                        "c",
                        java.time.Duration.ofSeconds(1)))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("stockroom.trino.answer-timeout")
                .hasMessageContaining("at least 2s");
    }

    @Test
    void aUrlOfAnotherEngineIsRefusedWithTheFormsThatWork() {
        assertThatThrownBy(() -> new Warehouse(
                        dir,
                        new StockroomProperties.Warehouse(
                                "duckdb", "1GB", 1, "jdbc:mysql://db/x", null, null, "stockroom", 10)))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("jdbc:postgresql://HOST:5432/DB");
    }

    @Test
    void anUnreachableServerIsNamedWithWhatToCheck() {
        assertThatThrownBy(() -> new Warehouse(
                        dir,
                        StockroomProperties.Warehouse.postgres(
                                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=5", "u", "p", "stockroom")))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("Cannot use the PostgreSQL warehouse at jdbc:postgresql://127.0.0.1:1/none")
                .hasMessageContaining("Check stockroom.warehouse.url, user and password");
    }

    @Test
    void aSchemaNameThatIsNotPlainIsRefused() {
        assertThatThrownBy(() -> new Warehouse(
                        dir,
                        StockroomProperties.Warehouse.postgres(
                                "jdbc:postgresql://127.0.0.1:1/none", "u", "p", "a; DROP")))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("not a plain PostgreSQL name");
    }
}
