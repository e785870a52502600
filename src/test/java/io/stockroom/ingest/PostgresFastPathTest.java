package io.stockroom.ingest;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;

class PostgresFastPathTest extends FastPathContractTest {

    @Override
    protected StockroomProperties.Warehouse newWarehouse() {
        return TestPostgres.newWarehouse();
    }
}
