package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database user a DBA hands out: no CREATE on the database, a schema made for it (docs/engines.md: "CREATE on the
 * database (for the schema) or an existing schema it owns").
 */
class PostgresSchemaRightsTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path dir;

    @Test
    void aUserWithoutCreateOnTheDatabaseRunsInTheSchemaItOwns() throws Exception {
        String user = newUser();
        String schema = user + "_own";
        asAdmin("CREATE SCHEMA " + schema + " AUTHORIZATION " + user);

        try (Warehouse w = new Warehouse(dir, settings(user, schema))) {
            assertThat(w.dialect().name()).isEqualTo("postgres");
            long feeds = w.withConnection(c -> Sql.on(c)
                    .sql("SELECT count(*) FROM feeds")
                    .query(Long.class)
                    .single());
            assertThat(feeds).isZero();
        }
    }

    @Test
    void anExistingSchemaTheUserMayNotUseNamesTheGrantThatIsMissing() throws Exception {
        String user = newUser();
        String schema = user + "_theirs";
        asAdmin("CREATE SCHEMA " + schema);

        assertThatThrownBy(() -> new Warehouse(dir, settings(user, schema)).close())
                .isInstanceOf(StockroomException.class)
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("schema " + schema)
                .hasMessageContaining("GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + user)
                .hasMessageNotContaining("no schema has been selected");
    }

    /**
     * Separate migration and service accounts: the service user may use and create in the schema, but another role
     * created its tables. It failed with "Warehouse statement failed: ERROR: permission denied for table
     * schema_version".
     */
    @Test
    void aSchemaWhoseTablesAnotherRoleCreatedNamesThemTheirOwnerAndTheGrantAfterWhichTheUserStarts() throws Exception {
        String migrator = newUser();
        String service = newUser();
        String schema = migrator + "_migrated";
        asAdmin("CREATE SCHEMA " + schema + " AUTHORIZATION " + migrator);
        new Warehouse(dir.resolve("migrator"), settings(migrator, schema)).close();
        asAdmin("GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + service);

        assertThatThrownBy(() -> new Warehouse(dir.resolve("service"), settings(service, schema)).close())
                .isInstanceOf(StockroomException.class)
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("The PostgreSQL user " + service + " may not change the tables")
                .hasMessageContaining("schema " + schema)
                .hasMessageContaining("schema_version")
                .hasMessageContaining("(owner " + migrator + ")")
                .hasMessageContaining("GRANT " + migrator + " TO " + service + ";")
                .hasMessageNotContaining("permission denied");

        // the grant it names is the one that lets the service user start
        asAdmin("GRANT " + migrator + " TO " + service);
        try (Warehouse w = new Warehouse(dir.resolve("service"), settings(service, schema))) {
            long feeds = w.withConnection(c -> Sql.on(c)
                    .sql("SELECT count(*) FROM feeds")
                    .query(Long.class)
                    .single());
            assertThat(feeds).isZero();
        }
    }

    private static StockroomProperties.Warehouse settings(String user, String schema) {
        return StockroomProperties.Warehouse.postgres(urlWithoutUser(), user, "", schema);
    }

    /** The test server's url names its superuser ({@code ?user=postgres}), which would win over the settings' user. */
    private static String urlWithoutUser() {
        return TestPostgres.url().replaceFirst("\\?.*$", "");
    }

    /** A login role with no rights beyond PostgreSQL's defaults (CONNECT and TEMP on the database). */
    private static String newUser() throws Exception {
        String user = "clerk" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        asAdmin("CREATE ROLE " + user + " LOGIN");
        return user;
    }

    private static void asAdmin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        TestPostgres.url(), System.getProperty("stockroom.test.postgres-user", "postgres"), "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
