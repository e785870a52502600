/** Benchmarks: data generated at the scales the issues name, timed stage by stage beside a DuckDB reference in the same run. */
package io.stockroom.bench;
