package io.stockroom.ingest.format;

public enum SourceFormat {
    CSV,
    JSON,
    PARQUET,
    XLSX
}
