-- PostgreSQL only. The dashboards read the fact tables by business date: each KPI, trend or channel call compares
-- the days no run has checked yet with the expected-feeds calendar, which asks which stores have rows on each of the
-- calendar's look-back weekdays (ExpectedArrivals.presence, firstDates), and the inventory alerts look up the
-- snapshot a lead time before. Without an index each of those statements scanned the whole table (docs/bench.md,
-- "Dashboards on PostgreSQL"). Rows are appended a day at a time, so a BRIN index (a few pages per table, as V171's
-- on load_seq) finds a day's pages; autosummarize keeps it current, and pages not summarized yet are always read.
-- Measured on a 500,000-row inventory day: no cost to the load that the noise shows (a b-tree on the snapshots
-- with units on order, which the alerts' look-up would rather have, added 50-70%: not adopted).
CREATE INDEX IF NOT EXISTS sales_business_date ON sales USING brin (business_date) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS inventory_business_date ON inventory USING brin (business_date) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS orders_business_date ON orders USING brin (business_date) WITH (autosummarize = on);
CREATE INDEX IF NOT EXISTS labour_business_date ON labour USING brin (business_date) WITH (autosummarize = on);
-- The inventory alerts' demand_spike cause looks up the replenishment run's DEMAND_SPIKE exception of the day; inside
-- a CASE PostgreSQL runs the look-up once per alert, each a scan of every exception without this index. Written by
-- the replenishment run, not by the loads; only the spikes are indexed.
CREATE INDEX IF NOT EXISTS replenishment_exceptions_demand_spike ON replenishment_exceptions (store_id, sku, business_date)
    WHERE code = 'DEMAND_SPIKE';
