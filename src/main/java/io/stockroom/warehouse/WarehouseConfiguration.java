package io.stockroom.warehouse;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WarehouseConfiguration {

    @Bean
    DataSource warehouseDataSource(Warehouse warehouse) {
        return warehouse.dataSource();
    }
}
