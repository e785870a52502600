package io.stockroom.warehouse;

import io.stockroom.StockroomProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Trino engine's lake, when {@code stockroom.trino.url} is set (docs/scale.md). */
@Configuration(proxyBeanMethods = false)
class LakeConfiguration {

    @Bean
    @ConditionalOnProperty("stockroom.trino.url")
    Lake lake(Warehouse warehouse, TrinoSettings trino, StockroomProperties properties) {
        return new Lake(warehouse, trino, properties.warehouse().schema());
    }
}
