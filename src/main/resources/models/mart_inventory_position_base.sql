-- model: mart_inventory_position_base
-- description: What mart_inventory_position stores: per business day, store and SKU the snapshot, its trailing 28-day net sales, velocity class and alert as small codes. Read mart_inventory_position.
-- depends_on: inventory, mart_sales_daily, products_versions, supplier_products_versions, suppliers_versions
-- grain: business_date, store_id, sku
-- incremental_by: business_date
-- reads_back: 0..27
-- indexes: brin(business_date)
-- tests: not_null(business_date, store_id, sku, on_hand, units_28d, velocity_code), unique(business_date, store_id, sku)
-- tests: relationships(sku -> products.sku), accepted_values(velocity_code: 1, 2, 3, 4)
-- tests: accepted_values(alert_code: 1, 2, 3), accepted_values(severity_rank: 1, 2, 3, 4)
-- tests: reconcile(sum(on_hand) = inventory: sum(on_hand))
--
-- One row per inventory snapshot; the mart_inventory_position view names the codes and derives cover, supply,
-- sell-through and the rest (its header and docs/models.md have the definitions). Only what needs the 28-day
-- window, the store's ranking or the alert rules is stored: at millions of snapshots a day, every stored column
-- costs write time, and text costs most.
--
-- Two ways to the same 28-day sums, chosen by the refresh (each branch's filter on :from_date and :to_date leaves
-- the other one reading nothing): for one date, the daily case, a sum per store and SKU joined to the snapshots;
-- for several dates, a window over each store and SKU's days. The sum is 3x cheaper for one date, since the
-- window must sort every snapshot; the window is cheaper for many dates, since the sum would repeat each sale for
-- each of 28 snapshot dates. Tests compare a one-day refresh with a rebuild.
--   units_28d      net units sold in the 28 days ending on the snapshot date (returns subtract)
--   velocity_code  1 fast, 2 medium, 3 slow, 4 stagnant: stagnant = no net sales in 28 days; the others by the SKU's
--                  rank among the store's selling SKUs that day: fast = top 20% (cume_dist > 0.8), medium = next
--                  30% (> 0.5), slow = the rest
--   alert_code     1 OUT_OF_STOCK (on hand <= 0), 2 LOW_STOCK (0 < days of cover < lead time: the SKU's fastest
--                  supplier, else 7 days), 3 OVERSTOCK (the overstock flag); NULL = no alert. Do-not-reorder and
--                  struck SKUs raise no OUT_OF_STOCK or LOW_STOCK alert: nobody will reorder them.
--   severity_rank  1 critical, 2 high, 3 medium, 4 low:
--                  OUT_OF_STOCK fast: critical, medium: high, slow: medium, stagnant: low.
--                  LOW_STOCK cover < half the lead time: fast: critical, medium: high, slow: medium;
--                  otherwise fast: high, medium: medium, slow: low.
--                  OVERSTOCK dead stock or > 52 weeks: high, > 26 weeks: medium, otherwise (> 12 weeks): low.
WITH sold_one_date AS (
    -- one date (the daily refresh): each pair's net sales over the 28 days ending on it
    SELECT store_id, sku, CAST(SUM(units) AS DECIMAL(18,3)) AS units_28d
    FROM mart_sales_daily
    WHERE sku IS NOT NULL AND business_date BETWEEN :from_date - 27 AND :to_date AND :from_date = :to_date
    GROUP BY store_id, sku
),
positions_one_date AS (
    -- one date, where the engine joins once and splits (sr_join_once(): PostgreSQL): every snapshot with its sums, so
    -- the 10M snapshots are read once and the 2M sums are the hashed side. Joining once per branch instead (DuckDB,
    -- Trino: the two joins below) read them twice on PostgreSQL, hashing the snapshots for one join and hashing or
    -- sorting them again, to disk, for the other; DuckDB would write the 10M joined rows out for the two branches
    -- that read them, which is slower than joining twice. The sums are sold_one_date's, written out here: a CTE that
    -- several branches name is a materialised scan PostgreSQL cannot size (it expects 200,000 rows) and then hashes
    -- the snapshots instead; the branches that name it are guarded off here, so it is never computed.
    SELECT n.business_date, n.store_id, n.sku, n.on_hand, n.on_order, n.reserved,
           COALESCE(s.units_28d, CAST(0 AS DECIMAL(18,3))) AS units_28d
    FROM inventory n
    LEFT JOIN (
        SELECT store_id, sku, CAST(SUM(units) AS DECIMAL(18,3)) AS units_28d
        FROM mart_sales_daily
        WHERE sku IS NOT NULL AND business_date BETWEEN :from_date - 27 AND :to_date AND :from_date = :to_date
              AND sr_join_once()
        GROUP BY store_id, sku
    ) s ON s.store_id = n.store_id AND s.sku = n.sku
    WHERE n.business_date = :from_date AND :from_date = :to_date AND sr_join_once()
),
days AS (
    -- several dates (a rebuild, a late correction): every snapshot and every sale, for the window below
    SELECT store_id, sku, business_date, on_hand, on_order, reserved, CAST(0 AS DECIMAL(18,3)) AS units, TRUE AS has_snapshot
    FROM inventory
    WHERE business_date BETWEEN :from_date AND :to_date AND :from_date < :to_date
    UNION ALL
    SELECT store_id, sku, business_date, NULL, NULL, NULL, units, FALSE
    FROM mart_sales_daily
    WHERE sku IS NOT NULL AND business_date BETWEEN :from_date - 27 AND :to_date AND :from_date < :to_date
),
windowed AS (
    SELECT store_id, sku, business_date, on_hand, on_order, reserved, has_snapshot,
           SUM(units) OVER (PARTITION BY store_id, sku ORDER BY business_date
                            RANGE BETWEEN INTERVAL '27' DAY PRECEDING AND CURRENT ROW) AS units_28d
    FROM days
),
selling AS (
    -- the positions with net sales in their 28 days (a fifth of them at the bench's scale): only these are ranked,
    -- so the ranking's join reads them rather than every snapshot
    SELECT n.business_date, n.store_id, n.sku, n.on_hand, n.on_order, n.reserved, s.units_28d
    FROM inventory n
    JOIN sold_one_date s ON s.store_id = n.store_id AND s.sku = n.sku
    WHERE n.business_date = :from_date AND :from_date = :to_date AND s.units_28d > 0 AND NOT sr_join_once()
    UNION ALL
    SELECT business_date, store_id, sku, on_hand, on_order, reserved, units_28d
    FROM positions_one_date
    WHERE units_28d > 0
    UNION ALL
    SELECT business_date, store_id, sku, on_hand, on_order, reserved, CAST(units_28d AS DECIMAL(18,3))
    FROM windowed
    WHERE has_snapshot AND units_28d > 0
),
sales_levels AS (
    -- the cumulative distribution of the store's selling SKUs over their 28-day sales: CUME_DIST computed on the
    -- distinct sales levels (a few hundred per store-day) rather than by sorting every selling position
    SELECT store_id, business_date, units_28d,
           CAST(SUM(skus) OVER (PARTITION BY store_id, business_date ORDER BY units_28d) AS DOUBLE)
               / CAST(SUM(skus) OVER (PARTITION BY store_id, business_date) AS DOUBLE) AS velocity_rank
    FROM (
        SELECT store_id, business_date, units_28d, COUNT(*) AS skus
        FROM selling
        GROUP BY store_id, business_date, units_28d
    ) levels
),
velocity_thresholds AS (
    -- per store and day, the lowest 28-day sales of a fast and of a medium SKU: the rank grows with the sales, so a
    -- position is fast when it sold at least the first level ranked fast (and so on). A few hundred rows, hashed
    -- beside the positions, where a join with every level (thousands, estimated at a third of a million) made
    -- PostgreSQL sort all the positions for a merge join
    SELECT store_id, business_date,
           MIN(CASE WHEN velocity_rank > 0.8 THEN units_28d END) AS fast_from,
           MIN(CASE WHEN velocity_rank > 0.5 THEN units_28d END) AS medium_from
    FROM sales_levels
    WHERE sr_join_once() AND :from_date = :to_date
    GROUP BY store_id, business_date
),
ranked AS (
    -- every position once, with what needs only its stock and sales: the selling ones ranked (fast, medium, slow),
    -- the others (no net sales in 28 days) stagnant, with no cover and, when in stock, overstocked. Worked out in
    -- the branches of the UNION, once per row: PostgreSQL copies a CTE's expression into each expression that reads
    -- it, so a cover worked out in a later CTE was divided again for each rule that compares it.
    SELECT p.business_date, p.store_id, p.sku, p.on_hand, p.on_order, p.reserved, p.units_28d,
           CASE WHEN l.velocity_rank > 0.8 THEN 1 WHEN l.velocity_rank > 0.5 THEN 2 ELSE 3 END AS velocity_code,
           CAST(CASE WHEN p.on_hand <= 0 THEN 0
                     ELSE ROUND(CAST(p.on_hand * 28 / p.units_28d AS DECIMAL(18,6)), 1) END AS DECIMAL(14,1)) AS days_of_cover,
           CAST(CASE WHEN p.on_hand <= 0 THEN 0
                     ELSE ROUND(CAST(p.on_hand * 4 / p.units_28d AS DECIMAL(18,6)), 2) END AS DECIMAL(14,2)) AS weeks_of_supply,
           CASE WHEN p.on_hand > 0 AND p.on_hand * 4 > 12 * p.units_28d THEN TRUE ELSE FALSE END AS overstock
    FROM selling p
    JOIN sales_levels l ON l.store_id = p.store_id AND l.business_date = p.business_date AND l.units_28d = p.units_28d
    WHERE NOT (sr_join_once() AND :from_date = :to_date)
    UNION ALL
    -- one date where the engine joins once (PostgreSQL): every position in one pass, the selling ones ranked by their
    -- store's two thresholds, so the 2M selling positions are neither kept apart nor sorted for a join with the
    -- levels (the branch above, which the other engines take)
    SELECT p.business_date, p.store_id, p.sku, p.on_hand, p.on_order, p.reserved, p.units_28d,
           CASE WHEN p.units_28d <= 0 THEN 4 WHEN p.units_28d >= t.fast_from THEN 1 WHEN p.units_28d >= t.medium_from THEN 2
                ELSE 3 END,
           CAST(CASE WHEN p.on_hand <= 0 THEN 0
                     WHEN p.units_28d > 0 THEN ROUND(CAST(p.on_hand * 28 / p.units_28d AS DECIMAL(18,6)), 1) END AS DECIMAL(14,1)),
           CAST(CASE WHEN p.on_hand <= 0 THEN 0
                     WHEN p.units_28d > 0 THEN ROUND(CAST(p.on_hand * 4 / p.units_28d AS DECIMAL(18,6)), 2) END AS DECIMAL(14,2)),
           CASE WHEN p.on_hand > 0 AND (p.units_28d <= 0 OR p.on_hand * 4 > 12 * p.units_28d) THEN TRUE ELSE FALSE END
    FROM positions_one_date p
    LEFT JOIN velocity_thresholds t ON t.store_id = p.store_id AND t.business_date = p.business_date
    UNION ALL
    SELECT business_date, store_id, sku, on_hand, on_order, reserved, units_28d, 4,
           CAST(CASE WHEN on_hand <= 0 THEN 0 END AS DECIMAL(14,1)),
           CAST(CASE WHEN on_hand <= 0 THEN 0 END AS DECIMAL(14,2)),
           CASE WHEN on_hand > 0 THEN TRUE ELSE FALSE END
    FROM (
        SELECT n.business_date, n.store_id, n.sku, n.on_hand, n.on_order, n.reserved,
               COALESCE(s.units_28d, CAST(0 AS DECIMAL(18,3))) AS units_28d
        FROM inventory n
        LEFT JOIN sold_one_date s ON s.store_id = n.store_id AND s.sku = n.sku
        WHERE n.business_date = :from_date AND :from_date = :to_date AND COALESCE(s.units_28d, CAST(0 AS DECIMAL(18,3))) <= 0
              AND NOT sr_join_once()
        UNION ALL
        SELECT business_date, store_id, sku, on_hand, on_order, reserved, CAST(units_28d AS DECIMAL(18,3))
        FROM windowed
        WHERE has_snapshot AND units_28d <= 0
    ) stagnant
),
rule_spans AS (
    -- master data is read as of each snapshot's date: per SKU, the spans in which its product, supplier mappings and
    -- suppliers all keep one version (nearly always one span from 1900-01-01 on), limited to the dates refreshed
    SELECT sku, valid_from, valid_to
    FROM (SELECT sku, b AS valid_from, LEAD(b) OVER (PARTITION BY sku ORDER BY b) AS valid_to
          FROM (SELECT sku, valid_from AS b FROM products_versions
                UNION SELECT sku, valid_from FROM supplier_products_versions
                UNION SELECT sp.sku, su.valid_from FROM supplier_products_versions sp
                      JOIN suppliers_versions su ON su.supplier_id = sp.supplier_id) bounds) spans
    WHERE valid_from <= :to_date AND (valid_to IS NULL OR valid_to > :from_date)
),
lead AS (
    SELECT s.sku, s.valid_from, MIN(COALESCE(sp.lead_time_days, su.lead_time_days)) AS lead_time_days
    FROM rule_spans s
    JOIN supplier_products_versions sp ON sp.sku = s.sku AND sp.valid_from <= s.valid_from AND (sp.valid_to IS NULL OR sp.valid_to > s.valid_from)
    LEFT JOIN suppliers_versions su ON su.supplier_id = sp.supplier_id AND su.valid_from <= s.valid_from AND (su.valid_to IS NULL OR su.valid_to > s.valid_from)
    GROUP BY s.sku, s.valid_from
),
sku_rules AS (
    -- what the alert rules need per SKU and span, so millions of positions are joined once
    SELECT s.sku, s.valid_from, s.valid_to,
           COALESCE(pr.do_not_reorder OR pr.struck, FALSE) AS not_reordered,
           COALESCE(l.lead_time_days, 7) AS lead_time_days,
           CASE WHEN COUNT(*) OVER (PARTITION BY s.sku) = 1 AND s.valid_from <= :from_date
                     AND (s.valid_to IS NULL OR s.valid_to > :to_date) THEN TRUE ELSE FALSE END AS whole_range
    FROM rule_spans s
    LEFT JOIN products_versions pr ON pr.sku = s.sku AND pr.valid_from <= s.valid_from AND (pr.valid_to IS NULL OR pr.valid_to > s.valid_from)
    LEFT JOIN lead l ON l.sku = s.sku AND l.valid_from = s.valid_from
),
rules_by_sku AS (
    -- the SKUs with one span over all the refreshed dates (every SKU, for one date), one row each: joined on the SKU
    -- alone, which PostgreSQL hashes (it knows the grouped SKU is unique) instead of sorting millions of positions
    SELECT sku, MAX(CASE WHEN not_reordered THEN 1 ELSE 0 END) AS not_reordered, MAX(lead_time_days) AS lead_time_days
    FROM sku_rules
    WHERE whole_range
    GROUP BY sku
),
rules_by_span AS (
    -- the SKUs whose master data changed within the refreshed dates, joined by span (none for one date, the daily
    -- case)
    SELECT sku, valid_from, valid_to, not_reordered, lead_time_days
    FROM sku_rules
    WHERE NOT whole_range AND :from_date < :to_date
),
classified AS (
    -- the codes are worked out as small numbers, never as words: at millions of positions a day, comparing words
    -- costs more than the arithmetic
    SELECT
        r.*,
        CASE
            WHEN r.on_hand <= 0 AND NOT COALESCE(k.not_reordered = 1, ks.not_reordered, FALSE) THEN 1
            WHEN r.on_hand > 0 AND r.days_of_cover < COALESCE(k.lead_time_days, ks.lead_time_days, 7)
                 AND NOT COALESCE(k.not_reordered = 1, ks.not_reordered, FALSE) THEN 2
            WHEN r.overstock THEN 3
        END AS alert_code,
        COALESCE(k.lead_time_days, ks.lead_time_days, 7) AS lead_time_days
    FROM ranked r
    LEFT JOIN rules_by_sku k ON k.sku = r.sku
    LEFT JOIN rules_by_span ks ON ks.sku = r.sku AND ks.valid_from <= r.business_date AND (ks.valid_to IS NULL OR ks.valid_to > r.business_date)
)
SELECT
    c.business_date,
    c.store_id,
    c.sku,
    CAST(c.on_hand AS DECIMAL(14,3)) AS on_hand,
    CAST(c.on_order AS DECIMAL(14,3)) AS on_order,
    CAST(c.reserved AS DECIMAL(14,3)) AS reserved,
    -- typed here: PostgreSQL's COALESCE(decimal, 0) keeps no scale, so a one-date refresh wrote 0 where a rebuild wrote 0.000
    CAST(c.units_28d AS DECIMAL(18,3)) AS units_28d,
    CAST(c.velocity_code AS SMALLINT) AS velocity_code,
    CAST(c.alert_code AS SMALLINT) AS alert_code,
    CAST(CASE c.alert_code
        WHEN 1 THEN c.velocity_code
        WHEN 2 THEN
            CASE WHEN c.days_of_cover < c.lead_time_days / 2.0 THEN
                     CASE c.velocity_code WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE 3 END
                 ELSE
                     CASE c.velocity_code WHEN 1 THEN 2 WHEN 2 THEN 3 ELSE 4 END
            END
        WHEN 3 THEN
            CASE WHEN c.weeks_of_supply IS NULL OR c.weeks_of_supply > 52 THEN 2
                 WHEN c.weeks_of_supply > 26 THEN 3
                 ELSE 4 END
    END AS SMALLINT) AS severity_rank,
    CAST(c.lead_time_days AS SMALLINT) AS lead_time_days
FROM classified c
