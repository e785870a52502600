package io.stockroom.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;

class PostgresFastPathTest extends FastPathContractTest {

    @Override
    protected StockroomProperties.Warehouse newWarehouse() {
        return TestPostgres.newWarehouse();
    }

    /**
     * The typed read stages a file in the temp table __typed_read, which stays in its session after the load; a file
     * copied straight into its table never creates it (the warehouses' sessions are the only ones on the test server
     * while a test runs, and start without it).
     */
    @Override
    protected void assertTookTheDirectCopy(TestWarehouse w) {
        assertThat(w.strings("SELECT COUNT(*) FROM pg_class WHERE relname = '__typed_read'"))
                .as("no session staged the file in __typed_read")
                .containsExactly("0");
    }
}
