package io.stockroom.ingest;

import io.stockroom.StockroomProperties;

class DuckDbFastPathTest extends FastPathContractTest {

    @Override
    protected StockroomProperties.Warehouse newWarehouse() {
        return new StockroomProperties.Warehouse("duckdb", "1GB", 2);
    }
}
