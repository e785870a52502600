package io.stockroom.contract;

/** The value types a contract column can have. Each parses from text in the engine (see quality). */
public enum ColumnType {
    /** An identifier: trimmed; a float-looking id such as 17850.0 becomes 17850. */
    CODE,
    /** Free text, trimmed. */
    TEXT,
    INTEGER,
    /** A number: thousands separators, decimal commas and currency signs are understood. */
    DECIMAL,
    /** A calendar date: ISO, dd/mm/yyyy or mm/dd/yyyy (decided per file), with or without a time. */
    DATE,
    /** A date and time in the same formats. */
    TIMESTAMP,
    /** true/false, yes/no, y/n, 1/0. */
    BOOLEAN;

    /** A SQL literal of this type (any value: it stands in for NULL where a comparison must not see one). */
    public String zero() {
        return switch (this) {
            case CODE, TEXT -> "''";
            case INTEGER, DECIMAL -> "0";
            case DATE -> "DATE '1900-01-01'";
            case TIMESTAMP -> "TIMESTAMP '1900-01-01 00:00:00'";
            case BOOLEAN -> "FALSE";
        };
    }

    public String sqlType() {
        return switch (this) {
            case CODE, TEXT -> "VARCHAR";
            case INTEGER -> "BIGINT";
            case DECIMAL -> "DECIMAL(18,4)";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case BOOLEAN -> "BOOLEAN";
        };
    }
}
