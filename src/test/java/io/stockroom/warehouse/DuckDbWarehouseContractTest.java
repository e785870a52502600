package io.stockroom.warehouse;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;

/** The warehouse contract on the embedded DuckDB file (the default engine). */
@BesideTheOtherClasses
class DuckDbWarehouseContractTest extends WarehouseContractTest {

    @Override
    protected StockroomProperties.Warehouse newWarehouse() {
        return new StockroomProperties.Warehouse("duckdb", "1GB", 2);
    }

    @Override
    protected StockroomProperties.Warehouse sameWarehouseFromAnotherProcess(StockroomProperties.Warehouse settings) {
        return null; // one process owns the file
    }

    @Override
    protected String engine() {
        return "duckdb";
    }
}
