package io.stockroom.warehouse;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;

/** The warehouse contract on a real PostgreSQL 17 started by the tests, each test in a schema of its own. */
class PostgresWarehouseContractTest extends WarehouseContractTest {

    @Override
    protected StockroomProperties.Warehouse newWarehouse() {
        return TestPostgres.newWarehouse();
    }

    @Override
    protected StockroomProperties.Warehouse sameWarehouseFromAnotherProcess(StockroomProperties.Warehouse settings) {
        return TestPostgres.sameWarehouse(settings);
    }

    @Override
    protected String engine() {
        return "postgres";
    }

    @Override
    protected long sessionsWaitingForARunLock() {
        return w.count("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    }
}
