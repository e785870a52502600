-- Steps 2 and 3 for the stores in scope, and each SKU's terms. The demand rate d and sigma come from the running sums
-- (population sigma over the in-stock days), computed where they are read (view repl_stats): nothing here rewrites
-- the statistics; this script only computes what needs all of a store's items at once (ABC boundaries, category
-- rates) and small per-SKU tables keyed by the SKU number, so that the 10M pairs join integers only.
DROP VIEW IF EXISTS repl_stats;
CREATE TEMP VIEW repl_stats AS
SELECT as_of, store_no, sku_no, n_days, revenue, last_units, snapshot_date, on_hand, on_order, reserved, missing_days,
       CASE WHEN n_days > 0 THEN CAST(ROUND(CAST(CAST(sum_units AS DOUBLE) / n_days AS DECIMAL(18,9)), 4) AS DECIMAL(18,4)) END AS rate,
       CASE WHEN n_days > 0 THEN CAST(ROUND(CAST(SQRT(GREATEST(0.0, CAST(sum_units_sq AS DOUBLE) / n_days
            - (CAST(sum_units AS DOUBLE) / n_days) * (CAST(sum_units AS DOUBLE) / n_days))) AS DECIMAL(18,9)), 4) AS DECIMAL(18,4)) END AS sigma
FROM demand_daily_stats;

-- Every product with statistics, by SKU number, as it was on the business date (a strike loaded later does not
-- change an earlier date's orders).
DROP TABLE IF EXISTS repl_skus;
CREATE TEMP TABLE repl_skus AS
SELECT k.sku_no, p.sku, p.category, p.is_placeholder, p.do_not_reorder, p.struck, p.lto_end_date, p.presentation_min, p.unit_cost
FROM products_versions p
JOIN replenishment_sku_keys k ON k.sku = p.sku
WHERE p.valid_from <= :d AND (p.valid_to IS NULL OR p.valid_to > :d);

-- ABC by net sales over the revenue window, per store: A until the cumulative share reaches :a_share, B until :b_share,
-- C the rest. The share is taken BEFORE the item, so the item that crosses a boundary belongs to the higher class.
-- No positive net sales = C. Items are ranked by revenue DESC, sku; the cumulative sum before an item grows strictly
-- along that order (every ranked revenue is positive), so each class is a run of the ranking and one boundary item per
-- class says it all: an item is A when it ranks at or before the last A item (a_revenue, a_sku), B likewise (the
-- policy compares). The boundary items are found without sorting every item: items are first summed per revenue
-- bucket (1 % wide on a log scale: equal revenues share a bucket, a higher revenue never has a lower bucket); the
-- buckets' running sums show the one bucket each boundary falls in, and only the items of those buckets are ranked.
DROP TABLE IF EXISTS repl_abc_bounds;
CREATE TEMP TABLE repl_abc_bounds AS
WITH ranked AS (
    SELECT store_no, sku_no, revenue, CAST(FLOOR(LN(CAST(revenue AS DOUBLE)) * 100) AS INTEGER) AS bucket
    FROM demand_daily_stats
    WHERE as_of = :d AND revenue > 0 AND store_no IN (SELECT store_no FROM repl_snapshots)
), buckets AS (
    SELECT store_no, bucket, bucket_revenue,
           SUM(bucket_revenue) OVER (PARTITION BY store_no ORDER BY bucket DESC ROWS UNBOUNDED PRECEDING) AS through,
           SUM(bucket_revenue) OVER (PARTITION BY store_no) AS total
    FROM (SELECT store_no, bucket, SUM(revenue) AS bucket_revenue FROM ranked GROUP BY store_no, bucket) per_bucket
), edges AS (     -- the bucket holding the last A item (cumulative before it < a cut <= cumulative through it), and B's
    SELECT store_no, bucket, through - bucket_revenue AS before, :a_share * total AS a_cut, :b_share * total AS b_cut,
           through - bucket_revenue < :a_share * total AND :a_share * total <= through AS has_a,
           through - bucket_revenue < :b_share * total AND :b_share * total <= through AS has_b
    FROM buckets
), cut AS (
    SELECT r.store_no, k.sku, r.revenue, e.has_a, e.has_b, e.a_cut, e.b_cut,
           e.before + SUM(r.revenue) OVER (PARTITION BY r.store_no, r.bucket ORDER BY r.revenue DESC, k.sku ROWS UNBOUNDED PRECEDING)
             - r.revenue AS cum_before
    FROM ranked r
    JOIN edges e ON e.store_no = r.store_no AND e.bucket = r.bucket
    JOIN replenishment_sku_keys k ON k.sku_no = r.sku_no
    WHERE e.has_a OR e.has_b
), last_item AS (  -- the cumulative sum before each class's last item (unique in a store: it grows strictly)
    SELECT store_no,
           MAX(CASE WHEN has_a AND cum_before < a_cut THEN cum_before END) AS a_before,
           MAX(CASE WHEN has_b AND cum_before < b_cut THEN cum_before END) AS b_before
    FROM cut
    GROUP BY store_no
)
SELECT l.store_no,
       MAX(CASE WHEN c.cum_before = l.a_before THEN c.revenue END) AS a_revenue,
       MAX(CASE WHEN c.cum_before = l.a_before THEN c.sku END) AS a_sku,
       MAX(CASE WHEN c.cum_before = l.b_before THEN c.revenue END) AS b_revenue,
       MAX(CASE WHEN c.cum_before = l.b_before THEN c.sku END) AS b_sku
FROM last_item l
JOIN cut c ON c.store_no = l.store_no
GROUP BY l.store_no;

-- An item with too few in-stock days in the demand window (under :min_history) is new only when the longer window
-- (:long_window days, the ABC window) has too few as well: an item that sold for months and was then out of stock most
-- of the demand window takes its own rate over the longer window's in-stock days (LONG_OUT_OF_STOCK), not its
-- category's. The statistics keep that window's in-stock days and sums (long_days, long_units, long_units_sq; counted
-- as the demand window's, see demand_stats_full.sql), so no facts are read here.
DROP TABLE IF EXISTS repl_short_pairs;
CREATE TEMP TABLE repl_short_pairs AS
SELECT ns.store_no, ns.sku_no, ns.long_days, ns.long_units, ns.long_units_sq
FROM demand_daily_stats ns
WHERE ns.as_of = :d AND ns.n_days < :min_history AND ns.store_no IN (SELECT store_no FROM repl_snapshots);

DROP TABLE IF EXISTS repl_long_rates;
CREATE TEMP TABLE repl_long_rates AS
SELECT store_no, sku_no, long_days AS n_days,
       CAST(ROUND(CAST(CAST(long_units AS DOUBLE) / long_days AS DECIMAL(18,9)), 4) AS DECIMAL(18,4)) AS rate,
       CAST(ROUND(CAST(SQRT(GREATEST(0.0, CAST(long_units_sq AS DOUBLE) / long_days
            - (CAST(long_units AS DOUBLE) / long_days) * (CAST(long_units AS DOUBLE) / long_days))) AS DECIMAL(18,9)), 4) AS DECIMAL(18,4)) AS sigma
FROM repl_short_pairs
WHERE long_days > 0;

-- The category's rate in each store, for items with too little history in both windows (NEW_ITEM): the mean of its
-- items' rates and sigmas. Only for the store x category pairs that have such an item: first the store x SKU pairs of
-- those categories (none, usually: then the rates read no statistics at all), then their rates.
DROP TABLE IF EXISTS repl_new_item_groups;
CREATE TEMP TABLE repl_new_item_groups AS
SELECT s.store_no, p.sku_no
FROM (SELECT DISTINCT ns.store_no, COALESCE(np.category, '') AS category
      FROM repl_short_pairs ns
      JOIN repl_skus np ON np.sku_no = ns.sku_no
      LEFT JOIN repl_long_rates lr ON lr.store_no = ns.store_no AND lr.sku_no = ns.sku_no
      WHERE COALESCE(lr.n_days, 0) < :min_history) s
JOIN repl_skus p ON COALESCE(p.category, '') = s.category;

DROP TABLE IF EXISTS repl_category_rates;
CREATE TEMP TABLE repl_category_rates AS
SELECT s.store_no, COALESCE(p.category, '') AS category,
       CAST(ROUND(CAST(AVG(CAST(s.rate AS DOUBLE)) AS DECIMAL(18,9)), 4) AS DECIMAL(18,4)) AS rate,
       CAST(ROUND(CAST(AVG(CAST(s.sigma AS DOUBLE)) AS DECIMAL(18,9)), 4) AS DECIMAL(18,4)) AS sigma
FROM repl_stats s
JOIN repl_new_item_groups g ON g.store_no = s.store_no AND g.sku_no = s.sku_no
JOIN repl_skus p ON p.sku_no = s.sku_no
WHERE s.as_of = :d AND s.n_days >= :min_history
GROUP BY s.store_no, COALESCE(p.category, '');

-- Chain-wide ABC (stockroom.replenishment.abc-scope=CHAIN): the same rule over each SKU's net sales in all stores.
DROP TABLE IF EXISTS repl_abc_chain;
CREATE TEMP TABLE repl_abc_chain AS
SELECT sku_no, revenue,
       CASE WHEN cum_before < :a_share * total THEN 'A'
            WHEN cum_before < :b_share * total THEN 'B'
            ELSE 'C' END AS abc_class
FROM (SELECT per_sku.sku_no, per_sku.revenue,
             COALESCE(SUM(per_sku.revenue) OVER (ORDER BY per_sku.revenue DESC, k.sku ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
             SUM(per_sku.revenue) OVER () AS total
      FROM (SELECT sku_no, SUM(revenue) AS revenue
            FROM demand_daily_stats
            WHERE as_of = :d AND :abc_chain
            GROUP BY sku_no HAVING SUM(revenue) > 0) per_sku
      JOIN replenishment_sku_keys k ON k.sku_no = per_sku.sku_no) ranked;

-- Per SKU, everything the policy needs that does not depend on the store: the product's flags, the chosen supplier and
-- its terms, the chain-wide rule ('*') and the chain-wide class. One join per pair instead of five. Placeholder
-- products and SKUs without a supplier are left out (no line; NO_SUPPLIER is reported by exceptions.sql).
DROP TABLE IF EXISTS repl_items;
CREATE TEMP TABLE repl_items AS
SELECT p.sku_no, p.sku, p.category, p.do_not_reorder, p.struck, p.lto_end_date, p.presentation_min,
       sc.supplier_id, sc.case_pack, sc.moq, COALESCE(sc.unit_cost, p.unit_cost) AS unit_cost,
       sc.lead_time_days AS lt, sc.lead_time_source,
       COALESCE(t.review_days, :default_review) AS rv, COALESCE(t.review_source, 'default') AS review_source,
       rg.safety_stock AS chain_ss, rg.min_qty AS chain_min, rg.max_qty AS chain_max, rg.weeks_of_supply AS chain_wos,
       COALESCE(ac.abc_class, 'C') AS chain_class, COALESCE(ac.revenue, 0) AS chain_revenue
FROM repl_skus p
JOIN repl_supplier_choice sc ON sc.sku = p.sku
LEFT JOIN repl_supplier_terms t ON t.supplier_id = sc.supplier_id
LEFT JOIN replenishment_rules_versions rg ON rg.store_id = '*' AND rg.sku = p.sku AND rg.valid_from <= :d AND (rg.valid_to IS NULL OR rg.valid_to > :d)
LEFT JOIN repl_abc_chain ac ON ac.sku_no = p.sku_no
WHERE NOT p.is_placeholder;

-- The store-specific rules (they win over the chain-wide '*' rule), by store and SKU number.
DROP TABLE IF EXISTS repl_store_rules;
CREATE TEMP TABLE repl_store_rules AS
SELECT ks.store_no, kk.sku_no, r.safety_stock, r.min_qty, r.max_qty, r.weeks_of_supply
FROM replenishment_rules_versions r
JOIN replenishment_store_keys ks ON ks.store_id = r.store_id
JOIN replenishment_sku_keys kk ON kk.sku = r.sku
WHERE r.store_id <> '*' AND r.valid_from <= :d AND (r.valid_to IS NULL OR r.valid_to > :d);

-- The store's placements on the business date (issue 15; valid_to is the last day in place, inclusive), by store and
-- SKU number: the presentation minimum they ask for (a placement's own, else facings x :units_per_facing; summed over
-- the SKU's placements in the store, each of which must look full), their capacity (only when every placement has
-- one: a cap is never made from part of the shelf), and which placements they are, for the explanation.
DROP TABLE IF EXISTS repl_shelf;
CREATE TEMP TABLE repl_shelf AS
SELECT ks.store_no, kk.sku_no,
       CAST(SUM(COALESCE(pl.presentation_min, pl.facings * :units_per_facing)) AS INTEGER) AS shelf_floor,
       CAST(CASE WHEN COUNT(pl.capacity) = COUNT(*) THEN SUM(pl.capacity) END AS INTEGER) AS shelf_capacity,
       STRING_AGG(pl.store_id || ' ' || pl.fixture_id || ' (' || COALESCE('section ' || pl.section || ', ', '')
                  || 'shelf ' || COALESCE(CAST(pl.shelf AS VARCHAR), '?') || ', position ' || COALESCE(CAST(pl.position AS VARCHAR), '?') || '): '
                  || CASE WHEN pl.presentation_min IS NOT NULL THEN 'presentation minimum ' || CAST(pl.presentation_min AS VARCHAR)
                          WHEN pl.facings IS NOT NULL THEN CAST(pl.facings AS VARCHAR) || ' facings × ' || CAST(:units_per_facing AS VARCHAR) || ' = '
                               || CAST(pl.facings * :units_per_facing AS VARCHAR)
                          ELSE 'no minimum recorded' END
                  || ', capacity ' || COALESCE(CAST(pl.capacity AS VARCHAR), 'not recorded'), '; ' ORDER BY pl.fixture_id) AS shelf_placements
FROM placements pl
JOIN replenishment_store_keys ks ON ks.store_id = pl.store_id
JOIN replenishment_sku_keys kk ON kk.sku = pl.sku
WHERE pl.valid_from <= :d AND (pl.valid_to IS NULL OR pl.valid_to >= :d)
GROUP BY ks.store_no, kk.sku_no;
