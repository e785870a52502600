package io.stockroom.warehouse;

import java.io.IOException;
import java.io.Writer;
import java.sql.SQLException;
import java.time.LocalDate;

/** {@link BulkRows} as a CSV file for an engine's COPY: text always quoted, arrays in the dialect's literal. */
final class CsvSink implements BulkRows.Sink {

    private final Writer out;
    private final Dialect dialect;
    private boolean first = true;

    CsvSink(Writer out, Dialect dialect) {
        this.out = out;
        this.dialect = dialect;
    }

    private CsvSink field(String value, boolean quoted) throws SQLException {
        try {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (quoted) {
                out.append('"').append(value.replace("\"", "\"\"")).append('"');
            } else {
                out.append(value);
            }
            return this;
        } catch (IOException e) {
            throw new SQLException("cannot write a row to the bulk load's file: " + e.getMessage(), e);
        }
    }

    @Override
    public BulkRows.Sink text(String value) throws SQLException {
        return field(value, true);
    }

    @Override
    public BulkRows.Sink number(Double value) throws SQLException {
        return field(value == null ? "" : value.toString(), false);
    }

    @Override
    public BulkRows.Sink integer(int value) throws SQLException {
        return field(Integer.toString(value), false);
    }

    @Override
    public BulkRows.Sink bool(boolean value) throws SQLException {
        return field(value ? "true" : "false", false);
    }

    @Override
    public BulkRows.Sink date(LocalDate value) throws SQLException {
        return field(value == null ? "" : value.toString(), false); // unquoted empty: NULL to COPY
    }

    @Override
    public BulkRows.Sink numbers(double[] values) throws SQLException {
        if (values == null) {
            return field("", false); // unquoted empty: NULL to COPY
        }
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.isEmpty() ? "" : ",").append(v);
        }
        return field(dialect.arrayText(b), true);
    }

    @Override
    public BulkRows.Sink bytes(byte[] value) throws SQLException {
        return field(dialect.blobText(value), false);
    }

    @Override
    public void endRow() throws SQLException {
        try {
            out.append('\n');
            first = true;
        } catch (IOException e) {
            throw new SQLException("cannot write a row to the bulk load's file: " + e.getMessage(), e);
        }
    }
}
