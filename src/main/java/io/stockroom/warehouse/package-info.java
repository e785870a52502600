/** The warehouse engine (embedded DuckDB), its schema migrations and the dialect seam; the only package that opens JDBC connections to an engine. */
package io.stockroom.warehouse;
