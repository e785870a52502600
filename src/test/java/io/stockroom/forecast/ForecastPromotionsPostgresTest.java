package io.stockroom.forecast;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;

/** {@link ForecastPromotionsTest} on PostgreSQL (embedded 17, a new schema per warehouse). */
class ForecastPromotionsPostgresTest extends ForecastPromotionsTest {

    @Override
    StockroomProperties.Warehouse engine() {
        return TestPostgres.newWarehouse();
    }
}
