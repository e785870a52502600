/** Dashboard read models: KPIs, trends, top products, inventory alerts and cover, data quality — queries over the marts, never the raw facts. */
package io.stockroom.metrics;
