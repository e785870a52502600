package io.stockroom.forecast;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;

/** {@link ForecastServiceTest} on PostgreSQL (embedded 17, a new schema per warehouse). */
class ForecastServicePostgresTest extends ForecastServiceTest {

    @Override
    StockroomProperties.Warehouse engine() {
        return TestPostgres.newWarehouse();
    }
}
