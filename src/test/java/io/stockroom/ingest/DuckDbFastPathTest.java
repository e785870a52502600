package io.stockroom.ingest;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;

@BesideTheOtherClasses
class DuckDbFastPathTest extends FastPathContractTest {

    @Override
    protected StockroomProperties.Warehouse newWarehouse() {
        return new StockroomProperties.Warehouse("duckdb", "1GB", 2);
    }
}
