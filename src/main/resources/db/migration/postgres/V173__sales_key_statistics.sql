-- PostgreSQL only: the planner estimates the groups of several columns as at most a tenth of the rows when it knows
-- nothing of how they combine, so mart_sales_daily's day of sales lines by store, SKU and channel (2M at 500 stores x
-- 20,000 SKUs, each its own group) was planned for 200,000 groups: a hash aggregate that spilled to disk in hundreds
-- of batches, then a sort of its output. With the combined distinct counts (ndistinct statistics cover every subset
-- of two or more of these columns: store and SKU too, as inventory_position_base's 28-day sums group them) the
-- estimate is the real count. ANALYZE fills them, as the model runner does on the facts before a refresh.
CREATE STATISTICS IF NOT EXISTS sales_key_distinct (ndistinct) ON business_date, store_id, sku, channel FROM sales;
