/** Turns a received file (CSV in any common encoding and delimiter, gzip, JSON, Excel, Parquet) into UTF-8 text the engine reads, or rejects it with a clear reason. */
package io.stockroom.ingest.format;
