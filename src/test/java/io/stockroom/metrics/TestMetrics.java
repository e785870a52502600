package io.stockroom.metrics;

import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.warehouse.Warehouse;

/** The metrics service as the application wires it, over a test's warehouse and marts, with the shipped contracts. */
final class TestMetrics {

    private TestMetrics() {}

    static MetricsService over(Warehouse warehouse, Marts marts) {
        return new MetricsService(
                marts,
                MetricsProperties.defaults(),
                new ExpectedArrivals(
                        warehouse, new ContractRegistry((java.nio.file.Path) null), ArrivalsProperties.defaults()));
    }
}
