-- The store x SKU pairs a simulation replays (stockroom simulate, docs/replenishment.md): every pair in a store's
-- snapshot of the day before the run, with the terms the policy reads as they were on that day (the *_versions views,
-- V45) — the one supplier per SKU (lowest cost, then
-- shortest lead time, then supplier id, as prepare.sql chooses), the store rule over the chain-wide ('*') rule, the
-- product's flags — and its net sales over the revenue window before the run (for the ABC class).
-- Lead time and its spread as the daily run of the take-over day has them (prepare.sql, policy.sql): the mean observed
-- over the receipts (repl_observed_lead, observed_lead.sql run just before as of that day) rounded to whole days, else
-- the configured one; σL the observed sample sd, else (no observed row) a buyer's manual row of supplier_lead_times.
-- Parameters: :before (the day before the run), :last (its last day), :revenue_from, :default_lead. The store scope is appended by the code.
WITH supplier_choice AS (
    SELECT sku, supplier_id, case_pack, moq, unit_cost, lead_time_days, lead_time_source, lead_sd, order_days
    FROM (SELECT sp.sku, sp.supplier_id,
                 CASE WHEN sp.case_pack >= 1 THEN sp.case_pack ELSE 1 END AS case_pack,
                 CASE WHEN sp.moq > 0 THEN sp.moq ELSE 0 END AS moq,
                 sp.unit_cost,
                 COALESCE(CAST(ROUND(CAST(ob.mean_days AS DECIMAL(18,6))) AS INTEGER), sp.lead_time_days, s.lead_time_days, :default_lead) AS lead_time_days,
                 -- receipts_outliers: observed, with stray receipts left out (observed_lead.sql); the summary says so
                 CASE WHEN ob.mean_days IS NOT NULL AND ob.outliers > 0 THEN 'receipts_outliers'
                      WHEN ob.mean_days IS NOT NULL THEN 'receipts'
                      WHEN sp.lead_time_days IS NOT NULL THEN 'supplier_product'
                      WHEN s.lead_time_days IS NOT NULL THEN 'supplier' ELSE 'default' END AS lead_time_source,
                 CASE WHEN ob.supplier_id IS NOT NULL THEN ob.sd_days ELSE mn.sd_days END AS lead_sd,
                 s.order_days,
                 ROW_NUMBER() OVER (PARTITION BY sp.sku
                                    ORDER BY sp.unit_cost NULLS LAST,
                                             COALESCE(CAST(ROUND(CAST(ob.mean_days AS DECIMAL(18,6))) AS INTEGER), sp.lead_time_days, s.lead_time_days, :default_lead),
                                             sp.supplier_id) AS rn
          FROM supplier_products_versions sp
          LEFT JOIN suppliers_versions s ON s.supplier_id = sp.supplier_id AND s.valid_from <= :before AND (s.valid_to IS NULL OR s.valid_to > :before)
          LEFT JOIN repl_observed_lead ob ON ob.supplier_id = sp.supplier_id AND ob.sku = sp.sku
          LEFT JOIN supplier_lead_times mn ON mn.supplier_id = sp.supplier_id AND mn.sku = sp.sku
              AND COALESCE(mn.source, 'manual') <> 'receipts'
          WHERE sp.valid_from <= :before AND (sp.valid_to IS NULL OR sp.valid_to > :before)) ranked
    WHERE rn = 1
), revenue AS (
    SELECT store_id, sku, SUM(COALESCE(total_sales, 0)) AS revenue
    FROM sales
    WHERE business_date BETWEEN :revenue_from AND :before AND sku IS NOT NULL
    GROUP BY store_id, sku
)
SELECT i.store_id, i.sku, p.category, p.unit_price, COALESCE(sc.unit_cost, p.unit_cost) AS unit_cost,
       sc.supplier_id, sc.case_pack, sc.moq, sc.lead_time_days, sc.lead_time_source,
       CASE WHEN sc.lead_sd > 0 THEN sc.lead_sd END AS lead_sd, sc.order_days, p.presentation_min,
       p.do_not_reorder, p.struck, p.lto_end_date,
       COALESCE(rs.safety_stock, rg.safety_stock) AS rule_ss, COALESCE(rs.min_qty, rg.min_qty) AS rule_min,
       COALESCE(rs.max_qty, rg.max_qty) AS rule_max, COALESCE(rs.weeks_of_supply, rg.weeks_of_supply) AS rule_wos,
       COALESCE(v.revenue, 0) AS revenue,
       COALESCE(later.do_not_reorder OR later.struck, FALSE) AS stopped_later
FROM inventory i
JOIN products_versions p ON p.sku = i.sku AND NOT p.is_placeholder AND p.valid_from <= :before AND (p.valid_to IS NULL OR p.valid_to > :before)
LEFT JOIN supplier_choice sc ON sc.sku = i.sku
LEFT JOIN replenishment_rules_versions rs ON rs.store_id = i.store_id AND rs.sku = i.sku
    AND rs.valid_from <= :before AND (rs.valid_to IS NULL OR rs.valid_to > :before)
LEFT JOIN replenishment_rules_versions rg ON rg.store_id = '*' AND rg.sku = i.sku
    AND rg.valid_from <= :before AND (rg.valid_to IS NULL OR rg.valid_to > :before)
LEFT JOIN revenue v ON v.store_id = i.store_id AND v.sku = i.sku
-- an item struck or made do-not-reorder before the last replayed day: its orders stop then, not a policy's choice
LEFT JOIN products_versions later ON later.sku = i.sku AND later.valid_from <= :last AND (later.valid_to IS NULL OR later.valid_to > :last)
WHERE i.business_date = :before
