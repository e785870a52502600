package io.stockroom.warehouse;

import java.sql.Connection;
import org.springframework.jdbc.datasource.AbstractDataSource;

/** Hands out duplicates of the warehouse's root connection, so Spring's JDBC helpers can use it. */
final class WarehouseDataSource extends AbstractDataSource {

    private final Warehouse warehouse;

    WarehouseDataSource(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public Connection getConnection() {
        return warehouse.connection();
    }

    @Override
    public Connection getConnection(String username, String password) {
        return warehouse.connection();
    }
}
