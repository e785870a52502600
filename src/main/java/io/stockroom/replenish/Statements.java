package io.stockroom.replenish;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Where the statements of a replenishment script run: all on the warehouse connection, or (with the Trino engine,
 * {@link LakeStatistics}) those that read the lake's fact tables on Trino, their rows finished into the warehouse on
 * the same connection.
 */
@FunctionalInterface
interface Statements {

    /** Every statement on the warehouse connection. */
    Statements WAREHOUSE = NamedSql::update;

    /** Runs one statement with its :named parameters; returns the rows it changed. */
    long run(Connection c, String sql, Map<String, ?> params) throws SQLException;
}
