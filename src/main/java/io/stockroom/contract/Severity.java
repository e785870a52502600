package io.stockroom.contract;

/** What a failed check does to a row: ERROR quarantines it, WARN keeps it and records an issue. */
public enum Severity {
    ERROR,
    WARN
}
