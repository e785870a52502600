/** The daily pipeline: runs per business date, drop-folder pickup, backfill, replay from the raw lake, steps, schedule. */
package io.stockroom.pipeline;
