-- model: cost_periods
-- description: Each cost of the costs feed with the last day it covers (inclusive): its valid_to, or the day before the SKU's next cost, whichever comes first; NULL = still current.
-- depends_on: costs
-- grain: sku, valid_from
-- incremental_by: view
-- tests: not_null(sku, valid_from, unit_cost), unique(sku, valid_from)
SELECT sku, valid_from,
       CASE WHEN valid_to IS NOT NULL AND (next_from IS NULL OR valid_to < next_from) THEN valid_to ELSE next_from - 1 END AS valid_until,
       unit_cost, cost_type
FROM (
    SELECT sku, valid_from, valid_to, unit_cost, cost_type,
           LEAD(valid_from) OVER (PARTITION BY sku ORDER BY valid_from) AS next_from
    FROM costs
) c
