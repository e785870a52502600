package io.stockroom.contract;

/** A column whose values must exist in a master dataset's key column. */
public record Reference(String dataset, String column, OnMissing onMissing) {

    /** What happens to a row whose value is not in master data. */
    public enum OnMissing {
        /** Quarantine the row. */
        ERROR,
        /** Keep the row, record an issue. */
        WARN,
        /** Keep the row, create a master record flagged is_placeholder for review, record an issue. */
        PLACEHOLDER
    }
}
