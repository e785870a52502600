package io.stockroom.warehouse;

import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Rows computed in Java for {@link Dialect#loadRows}: each row gives every column of the table, in the table's order,
 * then {@link #endRow}. The engine decides how they travel (DuckDB's appender, PostgreSQL's COPY).
 */
public interface BulkRows {

    /** Writes the rows into {@code sink}. */
    void writeTo(Sink sink) throws SQLException;

    /** The values of one row after another. */
    interface Sink {
        Sink text(String value) throws SQLException;

        /** A DOUBLE column; null is NULL. */
        Sink number(Double value) throws SQLException;

        Sink integer(int value) throws SQLException;

        /** A BOOLEAN column. */
        Sink bool(boolean value) throws SQLException;

        /** A DATE column; null is NULL. */
        Sink date(LocalDate value) throws SQLException;

        /** A DOUBLE[] column; null is NULL. */
        Sink numbers(double[] values) throws SQLException;

        /** A BLOB column (PostgreSQL: BYTEA). */
        Sink bytes(byte[] value) throws SQLException;

        void endRow() throws SQLException;
    }
}
