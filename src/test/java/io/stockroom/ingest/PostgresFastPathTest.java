package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Isolated: whether a load staged its file is read from the server's catalogue, which every test's sessions share;
 * a test loading beside this one creates its own {@code __typed_read} after the mark (it failed so once in CI, on
 * PostgreSQL 15, where a temp schema cannot be tied to its session's process).
 */
@Isolated
class PostgresFastPathTest extends FastPathContractTest {

    @Override
    protected StockroomProperties.Warehouse newWarehouse() {
        return TestPostgres.newWarehouse();
    }

    /**
     * The typed read stages a file in the temp table __typed_read, which stays in its session after the load; a file
     * copied straight into its table never creates it. Other tests' sessions on the same server may hold one from
     * their own loads (a warehouse whose pool outlives its test, on PostgreSQL 15 in the build's second run), so only
     * a __typed_read created since the mark counts: its catalogue row's transaction is newer than the mark's.
     */
    @Override
    protected void assertTookTheDirectCopy(TestWarehouse w, long before) {
        assertThat(w.strings("SELECT COUNT(*) FROM pg_class WHERE relname = '__typed_read'"
                        + " AND CAST(CAST(xmin AS TEXT) AS BIGINT) >= " + before))
                .as("no session staged the file in __typed_read")
                .containsExactly("0");
    }

    /** The server's next transaction id (a fresh test server: no wraparound, so it compares with a row's xmin). */
    @Override
    protected long loadStarts(TestWarehouse w) {
        return Long.parseLong(
                w.strings("SELECT txid_snapshot_xmax(txid_current_snapshot())").get(0));
    }
}
