package io.stockroom.ingest.format;

/** What a received file turned out to be, judged by its content first and its name second. */
public enum SourceFormat {
    CSV,
    JSON,
    PARQUET,
    XLSX
}
