/** Expected arrivals: which feeds are due each business date (learned from history, editable), what arrived, what is missing. */
package io.stockroom.arrivals;
