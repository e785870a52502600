/** Stockroom: retail feeds in, a trustworthy warehouse, dashboards and explained reorders out. */
package io.stockroom;
