/** Ingest: files in from the CLI, the drop folder, uploads and the batch API; the raw lake; feeds and their status. */
package io.stockroom.ingest;
