-- The replenishment policy of docs/replenishment.md for every ranged and active store x SKU in scope,
-- in one statement. Each step is one CTE, in the documented order, and every value is stored with
-- the line so that the explanation can be rendered (and checked) from the line alone. Line ids are :id_base (above every
-- id so far) + store number x :sku_stride (above every SKU number) + SKU number: unique, and unlike a per-row sequence
-- call they let the insert run in parallel. They grow by at most stores x SKUs a run (10^7 at 500 x 20,000), so they
-- stay exact in JavaScript clients (below 2^53) for ~9 x 10^8 runs. A line made again for a store x SKU whose line of
-- the date this run replaced (repl_previous_ids, keep_decided.sql) keeps that line's id: :id_base is above those too.
INSERT INTO replenishment_lines (
    id, business_date, store_id, sku, supplier_id, po_id, category, abc_class, revenue,
    snapshot_date, on_hand, on_order, reserved, position,
    n_days, item_rate, demand_rate, demand_sigma, new_item,
    service_level, z, weeks_of_supply, weeks_source,
    lead_time_days, lead_time_source, review_days, review_source, lto_end_date, cover_days,
    rule_safety_stock, safety_stock_calc, safety_stock, s0, wos_cap, s1, rule_min, presentation_min, s2,
    rule_max, order_up_to, reorder_point,
    raw_need, need_units, moq, after_moq, case_pack, after_case, after_cap, top_up,
    exception, recommended_qty, unit_cost, final_qty, status,
    forecast_method, forecast_rmsse, forecast_cover, forecast_lead, lead_time_sd, ss_model, ss_quantile,
    service_measure, fill_k,
    forecast_promo_start, forecast_promo_end, forecast_promo_uplift, forecast_awaiting_choice,
    shelf_floor, shelf_capacity, shelf_max, shelf_placements,
    decided_by_rule, decided_by, decided_at, decision_reason,
    lead_time_outliers, lead_time_outlier_min, lead_time_outlier_max, lead_time_fence_low, lead_time_fence_high,
    sales_missing_days, long_days, long_window_days)
WITH prm AS (
    SELECT CAST(:d AS DATE) AS d
),
pairs AS ( -- ranged and active: in the store's latest snapshot (carried in the statistics), not a placeholder product,
           -- with a supplier (step 1: no supplier, no line); step 3: the class from the store's ABC boundaries
    SELECT dm.store_no, sn.store_id, it.sku, dm.on_hand, dm.on_order, dm.reserved, sn.snapshot_date, sn.stale,
           dm.n_days AS item_days, dm.rate AS own_rate, dm.sigma AS own_sigma, dm.revenue AS store_revenue,
           dm.missing_days AS sales_missing_days,
           CASE WHEN dm.revenue <= 0 THEN 'C'
                WHEN dm.revenue > ab.a_revenue OR (dm.revenue = ab.a_revenue AND it.sku <= ab.a_sku) THEN 'A'
                WHEN dm.revenue > ab.b_revenue OR (dm.revenue = ab.b_revenue AND it.sku <= ab.b_sku) THEN 'B'
                ELSE 'C' END AS store_class,
           it.sku_no, it.category, it.do_not_reorder, it.struck, it.lto_end_date, it.supplier_id, it.case_pack,
           -- issue 15: the presentation minimum is the higher of the product's and the store's placements' on the date;
           -- their capacity plus the back-room allowance caps the order (when the cap is configured)
           CASE WHEN sh.shelf_floor IS NULL OR it.presentation_min >= sh.shelf_floor THEN it.presentation_min ELSE sh.shelf_floor END AS presentation_min,
           sh.shelf_floor, sh.shelf_capacity, sh.shelf_placements,
           CASE WHEN :shelf_cap AND sh.shelf_capacity IS NOT NULL
                THEN CAST(FLOOR(sh.shelf_capacity * (1 + CAST(:back_room_share AS DOUBLE))) AS DECIMAL(18,6)) END AS shelf_max,
           it.moq, it.unit_cost, it.lt, it.lead_time_source, it.rv, it.review_source, it.chain_ss, it.chain_min, it.chain_max,
           it.chain_wos, it.chain_class, it.chain_revenue,
           rs.safety_stock AS store_ss, rs.min_qty AS store_min, rs.max_qty AS store_max, rs.weeks_of_supply AS store_wos
    FROM repl_stats dm
    JOIN repl_snapshots sn ON sn.store_no = dm.store_no AND sn.snapshot_date = dm.snapshot_date
    JOIN repl_items it ON it.sku_no = dm.sku_no
    LEFT JOIN repl_abc_bounds ab ON ab.store_no = dm.store_no
    LEFT JOIN repl_shelf sh ON sh.store_no = dm.store_no AND sh.sku_no = dm.sku_no
    LEFT JOIN repl_store_rules rs ON rs.store_no = dm.store_no AND rs.sku_no = dm.sku_no
    WHERE dm.as_of = :d
),
-- The trigger tested on a bound first (issue 14): most pairs stand far above their reorder point, and working out
-- s exactly (the safety-stock models and their tables, the lead-time spread, the class's policy) for every pair cost
-- more than the rest of the statement. An established pair (its own rate) of a cycle-service class whose position is
-- at or above an upper bound of max(d·P + SS, rule min, presentation minimum) cannot trigger (s is never above that
-- maximum) and leaves here. The bound (docs/replenishment.md, "The trigger's bound"): P <= L + R (an LTO end only
-- shortens P), so d·P <= max(d·L, d·(L + R)); with forecasts the demand over P may instead be the stored forecast:
-- a flat one's rate f gives at most max(f·L, f·(L + R)) + 0.001 (its rounding to 4 decimals), a stored list at most
-- its largest value over days 1 .. L + R (the largest, not the value at L + R: nothing in the table makes the list
-- rise); a pair whose L + R is over 35 days or over the row's horizon keeps to the full computation. The forecast
-- leaves the safety stock as it is: SS <= max(rule SS, z·√((L + R)·σ² + d²·σL²) with the SKU's largest observed
-- spread σL, + 0.01 for the rounding, and for a slow mover the largest quantile − mean of its class's table over the
-- means up to ⌈d·(L + R) + 0.2⌉, + 0.11 for the mean's rounding up). Every other pair, and one whose bound is unknown
-- (NULL), goes on to the full computation, whose trigger alone decides.
lt_sd_up AS ( -- per SKU, the largest observed lead-time spread of its supplier (the per-pair join below takes one)
    SELECT it.sku_no, MAX(lv.sd_days) AS sd_days
    FROM repl_items it
    JOIN supplier_lead_times lv ON lv.supplier_id = it.supplier_id AND lv.sku = it.sku AND lv.sd_days > 0
    GROUP BY it.sku_no
),
slow_up AS ( -- per cycle class and whole mean m: the largest quantile − mean of the slow movers' table for means <= m
    SELECT abc_class, m, MAX(e) OVER (PARTITION BY abc_class ORDER BY m) AS e_up
    FROM (SELECT abc_class, CAST(CEIL(mean_b) AS INTEGER) AS m, MAX(quantile - mean_b) AS e
          FROM repl_discrete_ss WHERE abc_class IS NOT NULL
          GROUP BY abc_class, CAST(CEIL(mean_b) AS INTEGER)) g
),
cand AS (
    SELECT x.*, fc.method AS fc_method, fc.backtest_rmsse AS fc_rmsse, fc.cumulative AS fc_cum,
           fc.flat_rate AS fc_flat_rate, fc.horizon_days AS fc_horizon,
           fc.promo_start AS fc_promo_start, fc.promo_end AS fc_promo_end, fc.promo_uplift AS fc_promo_uplift,
           fc.awaiting_choice AS fc_awaiting_choice
    FROM pairs x
    LEFT JOIN demand_forecasts fc ON :use_forecast AND fc.as_of = CAST(:d AS DATE) AND fc.store_id = x.store_id AND fc.sku = x.sku
    LEFT JOIN repl_class_params bc ON bc.abc_class = CASE WHEN :abc_chain THEN x.chain_class ELSE x.store_class END
    LEFT JOIN lt_sd_up su ON su.sku_no = x.sku_no
    LEFT JOIN slow_up sb ON sb.abc_class = bc.abc_class
         AND sb.m = LEAST(CAST(CEIL(CAST(x.own_rate AS DOUBLE) * (x.lt + x.rv) + 0.2) AS INTEGER), 60)
    WHERE NOT COALESCE(
        x.item_days >= :min_history AND bc.measure = 'cycle' AND x.lt >= 0 AND x.rv >= 0
        -- a stored list is bounded by its values 1 .. L + R, each of them in the bound below
        AND (fc.cumulative IS NULL OR x.lt + x.rv <= LEAST(fc.horizon_days, 35))
        -- GREATEST passes over a NULL: a slow mover's term must be known for the bound to hold
        AND (x.own_rate >= 1 OR x.own_rate <= 0 OR sb.e_up IS NOT NULL)
        AND GREATEST(x.on_hand, 0) + COALESCE(x.on_order, 0) - COALESCE(x.reserved, 0) >= COALESCE(COALESCE(x.store_min, x.chain_min), 0)
        AND GREATEST(x.on_hand, 0) + COALESCE(x.on_order, 0) - COALESCE(x.reserved, 0) >= COALESCE(x.presentation_min, 0)
        AND GREATEST(x.on_hand, 0) + COALESCE(x.on_order, 0) - COALESCE(x.reserved, 0)
            >= GREATEST(COALESCE(x.own_rate, 0) * x.lt, COALESCE(x.own_rate, 0) * (x.lt + x.rv),
                        -- each forecast term 0 when absent (Trino's GREATEST does not pass over a NULL)
                        CASE WHEN fc.flat_rate IS NULL THEN 0
                             ELSE GREATEST(fc.flat_rate * x.lt, fc.flat_rate * (x.lt + x.rv)) + 0.001 END,
                        CASE WHEN fc.cumulative IS NULL THEN 0
                             ELSE GREATEST(
                                             CASE WHEN x.lt + x.rv >= 1 THEN COALESCE(fc.cumulative[1], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 2 THEN COALESCE(fc.cumulative[2], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 3 THEN COALESCE(fc.cumulative[3], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 4 THEN COALESCE(fc.cumulative[4], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 5 THEN COALESCE(fc.cumulative[5], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 6 THEN COALESCE(fc.cumulative[6], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 7 THEN COALESCE(fc.cumulative[7], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 8 THEN COALESCE(fc.cumulative[8], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 9 THEN COALESCE(fc.cumulative[9], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 10 THEN COALESCE(fc.cumulative[10], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 11 THEN COALESCE(fc.cumulative[11], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 12 THEN COALESCE(fc.cumulative[12], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 13 THEN COALESCE(fc.cumulative[13], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 14 THEN COALESCE(fc.cumulative[14], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 15 THEN COALESCE(fc.cumulative[15], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 16 THEN COALESCE(fc.cumulative[16], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 17 THEN COALESCE(fc.cumulative[17], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 18 THEN COALESCE(fc.cumulative[18], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 19 THEN COALESCE(fc.cumulative[19], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 20 THEN COALESCE(fc.cumulative[20], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 21 THEN COALESCE(fc.cumulative[21], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 22 THEN COALESCE(fc.cumulative[22], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 23 THEN COALESCE(fc.cumulative[23], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 24 THEN COALESCE(fc.cumulative[24], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 25 THEN COALESCE(fc.cumulative[25], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 26 THEN COALESCE(fc.cumulative[26], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 27 THEN COALESCE(fc.cumulative[27], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 28 THEN COALESCE(fc.cumulative[28], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 29 THEN COALESCE(fc.cumulative[29], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 30 THEN COALESCE(fc.cumulative[30], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 31 THEN COALESCE(fc.cumulative[31], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 32 THEN COALESCE(fc.cumulative[32], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 33 THEN COALESCE(fc.cumulative[33], 0) ELSE 0 END, CASE WHEN x.lt + x.rv >= 34 THEN COALESCE(fc.cumulative[34], 0) ELSE 0 END,
                                             CASE WHEN x.lt + x.rv >= 35 THEN COALESCE(fc.cumulative[35], 0) ELSE 0 END) END)
               + GREATEST(COALESCE(COALESCE(x.store_ss, x.chain_ss), 0),
                          GREATEST(bc.z, 0) * SQRT((x.lt + x.rv) * CAST(COALESCE(x.own_sigma, 0) AS DOUBLE) * CAST(COALESCE(x.own_sigma, 0) AS DOUBLE)
                                             + CAST(COALESCE(x.own_rate, 0) AS DOUBLE) * CAST(COALESCE(x.own_rate, 0) AS DOUBLE)
                                               * COALESCE(su.sd_days, 0) * COALESCE(su.sd_days, 0)) + 0.01,
                          CASE WHEN x.own_rate > 0 AND x.own_rate < 1 THEN sb.e_up + 0.11 ELSE 0 END),
        FALSE)
),
b AS (     -- steps 2 (own rate; too few in-stock days: the own rate over the longer window, else the category's for a
           -- new item), 3, and the rules (the store's over the chain's)
    SELECT x.*,
           CASE WHEN :abc_chain THEN x.chain_class ELSE x.store_class END AS abc_class,
           CASE WHEN :abc_chain THEN x.chain_revenue ELSE x.store_revenue END AS revenue,
           x.item_days AS n_days, x.own_rate AS item_rate,
           x.item_days < :min_history AND COALESCE(lr.n_days, 0) < :min_history AS new_item,
           CASE WHEN x.item_days < :min_history THEN CAST(COALESCE(lr.n_days, 0) AS INTEGER) END AS long_days,
           CASE WHEN x.item_days < :min_history THEN CAST(:long_window AS INTEGER) END AS long_window_days,
           CASE WHEN x.item_days >= :min_history THEN COALESCE(x.own_rate, 0)
                WHEN lr.n_days >= :min_history THEN lr.rate ELSE COALESCE(c.rate, 0) END AS rate,
           CASE WHEN x.item_days >= :min_history THEN COALESCE(x.own_sigma, 0)
                WHEN lr.n_days >= :min_history THEN lr.sigma ELSE COALESCE(c.sigma, 0) END AS sigma,
           COALESCE(x.store_ss, x.chain_ss) AS rule_ss,
           COALESCE(x.store_min, x.chain_min) AS rule_min,
           COALESCE(x.store_max, x.chain_max) AS rule_max,
           CASE WHEN COALESCE(x.store_max, x.chain_max) IS NULL THEN x.shelf_max WHEN x.shelf_max IS NULL THEN COALESCE(x.store_max, x.chain_max)
                ELSE LEAST(COALESCE(x.store_max, x.chain_max), x.shelf_max) END AS hard_max,
           COALESCE(x.store_wos, x.chain_wos) AS rule_wos,
           lv.sd_days AS lt_sd,
           -- the receipts left out of the observed lead time as outliers (observed_lead.sql), for the explanation
           lo.outliers AS lt_outliers, lo.outlier_min_days AS lt_outlier_min, lo.outlier_max_days AS lt_outlier_max,
           lo.fence_low_days AS lt_fence_low, lo.fence_high_days AS lt_fence_high
    FROM cand x
    LEFT JOIN repl_category_rates c ON c.store_no = x.store_no AND c.category = COALESCE(x.category, '')
    LEFT JOIN repl_long_rates lr ON lr.store_no = x.store_no AND lr.sku_no = x.sku_no
    LEFT JOIN supplier_lead_times lv ON lv.supplier_id = x.supplier_id AND lv.sku = x.sku AND lv.sd_days > 0
    LEFT JOIN supplier_lead_times lo ON lo.supplier_id = x.supplier_id AND lo.sku = x.sku AND lo.source = 'receipts'
                                    AND x.lead_time_source = 'receipts'
),
c1 AS (    -- steps 4, 5 and 7: class policy, cover period (capped by an LTO end), position
    SELECT b.*, cp.service_level, cp.z, cp.measure,
           COALESCE(b.rule_wos, cp.weeks) AS wos,
           CASE WHEN b.rule_wos IS NULL THEN 'class' ELSE 'rule' END AS weeks_source,
           (b.lto_end_date IS NOT NULL AND b.lto_end_date - prm.d < b.lt) AS lto_blocked,
           CASE WHEN b.lto_end_date IS NOT NULL AND b.lto_end_date - prm.d >= b.lt
                THEN LEAST(b.lt + b.rv, CAST(b.lto_end_date - prm.d AS INTEGER))
                ELSE b.lt + b.rv END AS cover_days,
           GREATEST(b.on_hand, 0) + COALESCE(b.on_order, 0) - COALESCE(b.reserved, 0) AS ip
    FROM b CROSS JOIN prm
    JOIN repl_class_params cp ON cp.abc_class = b.abc_class
),
-- slow movers (issue 14): an established item under 1 unit a day whose mean over the cover period is at most 60 and
-- whose variance/mean ratio is at most 5 takes the service-level quantile of a Poisson (ratio <= 1) or negative
-- binomial demand over P from repl_discrete_ss (λ rounded up to 0.1; DiscreteDemand.java builds the table)
c1d AS (SELECT c1.*,
               CASE WHEN lt_sd IS NULL AND NOT new_item AND rate > 0 AND rate < 1.0 AND rate * cover_days <= 60.0
                         AND CAST(sigma AS DOUBLE) * CAST(sigma AS DOUBLE) / CAST(rate AS DOUBLE) <= 5.0 + 1e-9
                    THEN CAST(CEIL(CAST(rate AS DOUBLE) * cover_days * 10 - 1e-9) / 10 AS DECIMAL(8,1)) END AS mean_b,
               CASE WHEN rate <= 0 THEN NULL
                    WHEN CAST(sigma AS DOUBLE) * CAST(sigma AS DOUBLE) / CAST(rate AS DOUBLE) <= 1.0 + 1e-9 THEN CAST(1.0 AS DECIMAL(4,1))
                    WHEN CAST(sigma AS DOUBLE) * CAST(sigma AS DOUBLE) / CAST(rate AS DOUBLE) <= 1.5 + 1e-9 THEN CAST(1.5 AS DECIMAL(4,1))
                    WHEN CAST(sigma AS DOUBLE) * CAST(sigma AS DOUBLE) / CAST(rate AS DOUBLE) <= 2.0 + 1e-9 THEN CAST(2.0 AS DECIMAL(4,1))
                    WHEN CAST(sigma AS DOUBLE) * CAST(sigma AS DOUBLE) / CAST(rate AS DOUBLE) <= 3.0 + 1e-9 THEN CAST(3.0 AS DECIMAL(4,1))
                    ELSE CAST(5.0 AS DECIMAL(4,1)) END AS ratio_b,
               -- a fill-rate class (issue 14): σ_P, the spread of the demand over P (with σL when observed)
               CASE WHEN measure = 'fill-rate'
                    THEN CASE WHEN lt_sd IS NULL THEN CAST(sigma AS DOUBLE) * SQRT(cover_days)
                              ELSE SQRT(cover_days * CAST(sigma AS DOUBLE) * CAST(sigma AS DOUBLE)
                                        + CAST(rate AS DOUBLE) * CAST(rate AS DOUBLE) * lt_sd * lt_sd) END END AS sigma_p
        FROM c1),
-- a fill-rate class's slow mover takes the smallest level S whose expected shortage E[(X − S)+] over P is at most
-- (1 − β) · d · R from repl_fill_levels (one row per level: loss_lo = E[(X − S)+] <= target < loss_hi = E[(X − S + 1)+];
-- mean and variance/mean in tenths)
c1q AS (SELECT c1d.*, COALESCE(dq.quantile, dl.level) AS ss_quantile,
               CASE WHEN COALESCE(dq.quantile, dl.level) IS NULL THEN NULL WHEN c1d.ratio_b = 1.0 THEN 'poisson' ELSE 'negbin' END AS ss_model,
               -- the other lines of a fill-rate class: k with σ_P · G(k) <= (1 − β) · d · R from repl_fill_k, by the
               -- bucket floor(100 · ln g) of g = (1 − β) · d · R / σ_P (FillRate.java builds the table; no spread, no k)
               CASE WHEN c1d.measure = 'fill-rate' AND dl.level IS NULL AND c1d.sigma_p > 0
                    THEN CASE WHEN (1 - CAST(c1d.service_level AS DOUBLE)) * CAST(c1d.rate AS DOUBLE) * c1d.rv <= 0 THEN -3000
                              ELSE GREATEST(-3000, LEAST(139, CAST(FLOOR(100 * LN((1 - CAST(c1d.service_level AS DOUBLE))
                                       * CAST(c1d.rate AS DOUBLE) * c1d.rv / c1d.sigma_p)) AS INTEGER))) END END AS fill_b
        FROM c1d LEFT JOIN repl_discrete_ss dq
             ON dq.abc_class = c1d.abc_class AND dq.mean_b = c1d.mean_b AND dq.ratio_b = c1d.ratio_b
        LEFT JOIN repl_fill_levels dl
             ON c1d.measure = 'fill-rate' AND dl.mean_t = CAST(c1d.mean_b * 10 AS INTEGER)
            AND dl.ratio_t = CAST(c1d.ratio_b * 10 AS INTEGER)
            AND (1 - CAST(c1d.service_level AS DOUBLE)) * CAST(c1d.rate AS DOUBLE) * c1d.rv >= dl.loss_lo
            AND (1 - CAST(c1d.service_level AS DOUBLE)) * CAST(c1d.rate AS DOUBLE) * c1d.rv < dl.loss_hi),
c1k AS (SELECT c1q.*, fk.k AS fill_k FROM c1q LEFT JOIN repl_fill_k fk ON fk.g_bucket = c1q.fill_b),
-- with an observed lead-time spread σL: SS = z·√(P·σ² + d²·σL²) (issue 14); without, z·σ·√P; fill rate: max(0, k·σ_P)
c2 AS (SELECT c1k.*, CAST(ROUND(CASE WHEN ss_quantile IS NOT NULL THEN GREATEST(ss_quantile - CAST(rate AS DOUBLE) * cover_days, 0)
                                    WHEN measure = 'fill-rate' THEN CASE WHEN fill_k > 0 THEN fill_k * sigma_p ELSE 0 END
                                    WHEN lt_sd IS NULL THEN z * CAST(sigma AS DOUBLE) * SQRT(cover_days)
                                    ELSE z * SQRT(cover_days * CAST(sigma AS DOUBLE) * CAST(sigma AS DOUBLE)
                                                  + CAST(rate AS DOUBLE) * CAST(rate AS DOUBLE) * lt_sd * lt_sd) END, 2)
                         AS DECIMAL(18,6)) AS ss_calc FROM c1k),
-- the forecast over the cover period and over the lead time: cumulative[k], or from a flat forecast stored as its rate
-- (V229) the same value, as ForecastService.flatCumulative computes it (the refresh stores the rate only when this
-- gives back every cumulative value bit for bit)
c2f AS (SELECT c2.*,
               CASE WHEN fc_cum IS NOT NULL THEN fc_cum[cover_days]
                    WHEN cover_days BETWEEN 1 AND fc_horizon THEN FLOOR(fc_flat_rate * cover_days * 10000 + 0.5) / 10000 END AS fc_cover,
               CASE WHEN fc_cum IS NOT NULL THEN fc_cum[lt]
                    WHEN lt BETWEEN 1 AND fc_horizon THEN FLOOR(fc_flat_rate * lt * 10000 + 0.5) / 10000 END AS fc_lead
        FROM c2),
c3 AS (SELECT c2f.*, GREATEST(CAST(COALESCE(rule_ss, 0) AS DECIMAL(18,6)), ss_calc) AS ss,
              -- demand over the cover period and the lead time: the forecast when there is one (not for a NEW_ITEM,
              -- and within its horizon), else the rate × days
              CAST(COALESCE(CASE WHEN NOT new_item THEN fc_cover END, rate * cover_days) AS DECIMAL(18,6)) AS dem_p,
              CAST(COALESCE(CASE WHEN NOT new_item AND lt > 0 THEN fc_lead END, rate * lt) AS DECIMAL(18,6)) AS dem_l,
              CASE WHEN NOT new_item AND fc_cover IS NOT NULL THEN fc_method END AS used_method
       FROM c2f),
-- The reorder point s = min(max(d·P + SS, minimums), S) is never above max(d·P + SS, minimums), so a position at or
-- above it cannot trigger (step 8): those pairs (most of them) stop here, before the order-up-to level is worked out.
c4 AS (SELECT c3.*, CAST(dem_p + ss AS DECIMAL(18,6)) AS s0,
              CAST(rate * 7 * wos AS DECIMAL(18,6)) AS wos_cap, CAST(dem_l + ss AS DECIMAL(18,6)) AS lead_demand
       FROM c3 WHERE ip < GREATEST(dem_p + ss, COALESCE(rule_min, 0), COALESCE(presentation_min, 0))),
-- the weeks-of-supply cap never goes below the lead-time demand and its safety stock (issue 14)
c5 AS (SELECT c4.*, CAST(LEAST(s0, GREATEST(wos_cap, lead_demand)) AS DECIMAL(18,6)) AS s1 FROM c4),
c6 AS (SELECT c5.*, CAST(GREATEST(s1, COALESCE(rule_min, 0), COALESCE(presentation_min, 0)) AS DECIMAL(18,6)) AS s2 FROM c5),
c7 AS (SELECT c6.*, CAST(CASE WHEN hard_max IS NULL THEN s2 ELSE LEAST(s2, hard_max) END AS DECIMAL(18,6)) AS order_up_to FROM c6),
-- periodic review: s protects until the next order can arrive (L + R, the cover period), and a minimum triggers
c8 AS (SELECT c7.*, CAST(LEAST(GREATEST(s0, COALESCE(rule_min, 0), COALESCE(presentation_min, 0)), order_up_to)
                         AS DECIMAL(18,6)) AS reorder_point FROM c7),
trig AS (  -- step 8: trigger
    SELECT c8.*, CAST(order_up_to - ip AS DECIMAL(18,6)) AS raw_need FROM c8 WHERE ip < reorder_point
),
q1 AS (SELECT trig.*, CAST(CEIL(raw_need) AS BIGINT) AS need_units FROM trig),
q2 AS (SELECT q1.*, GREATEST(need_units, COALESCE(moq, 0)) AS after_moq FROM q1),
q3 AS (SELECT q2.*, CAST(CEIL(CAST(after_moq AS DOUBLE) / case_pack) AS BIGINT) * case_pack AS after_case FROM q2),
q4 AS (    -- a rule max (and the shelf's capacity + back room) is a hard limit: after rounding, whole cases come off until the position fits
    SELECT q3.*,
           CASE WHEN hard_max IS NULL OR ip + after_case <= hard_max THEN after_case
                WHEN CAST(FLOOR(CAST(hard_max - ip AS DOUBLE) / case_pack) AS BIGINT) * case_pack >= GREATEST(COALESCE(moq, 0), 1)
                THEN CAST(FLOOR(CAST(hard_max - ip AS DOUBLE) / case_pack) AS BIGINT) * case_pack
                ELSE 0 END AS after_cap
    FROM q3
),
q5 AS (    -- step 1 applied: an exception zeroes the line but keeps its values for the explanation
    SELECT q4.*,
           CASE WHEN do_not_reorder THEN 'DNR'
                WHEN struck THEN 'STRIKE'
                WHEN lto_blocked THEN 'LTO_ENDS_BEFORE_ARRIVAL'
                WHEN stale THEN 'STALE_INVENTORY' END AS exception,
           'PO-' || :dkey || '-' || supplier_id || CASE WHEN :per_store THEN '-' || store_id ELSE '' END AS po_id
    FROM q4
)
SELECT COALESCE(prev_id, CAST(:id_base AS BIGINT) + CAST(store_no AS BIGINT) * :sku_stride + sku_no), CAST(:d AS DATE), store_id, sku, supplier_id, po_id, category, abc_class, revenue,
       snapshot_date, on_hand, on_order, reserved, ip,
       n_days, item_rate, rate, sigma, new_item,
       service_level, z, wos, weeks_source,
       lt, lead_time_source, rv, review_source, lto_end_date, cover_days,
       rule_ss, ss_calc, ss, s0, wos_cap, s1, rule_min, presentation_min, s2,
       rule_max, order_up_to, reorder_point,
       raw_need, need_units, moq, after_moq, case_pack, after_case, after_cap, 0,
       exception,
       CASE WHEN exception IS NULL THEN after_cap ELSE 0 END,
       unit_cost,
       CASE WHEN exception IS NULL THEN after_cap ELSE 0 END,
       -- a line that a rule holds at 0 (not a data problem like a stale count) is decided by the rule; a buyer can reopen it
       CASE WHEN exception IN ('DNR', 'STRIKE', 'LTO_ENDS_BEFORE_ARRIVAL') THEN 'rejected' ELSE 'proposed' END,
       used_method, CASE WHEN used_method IS NOT NULL THEN fc_rmsse END,
       CASE WHEN used_method IS NOT NULL THEN dem_p END, CASE WHEN used_method IS NOT NULL THEN dem_l END, lt_sd,
       ss_model, ss_quantile,
       CASE WHEN measure = 'fill-rate' THEN measure END, fill_k,
       -- the forecast's promotion when it starts within the cover period (the explanation names it)
       CASE WHEN used_method IS NOT NULL AND fc_promo_start <= CAST(:d AS DATE) + cover_days THEN fc_promo_start END,
       CASE WHEN used_method IS NOT NULL AND fc_promo_start <= CAST(:d AS DATE) + cover_days THEN fc_promo_end END,
       CASE WHEN used_method IS NOT NULL AND fc_promo_start <= CAST(:d AS DATE) + cover_days THEN fc_promo_uplift END,
       -- the 28-day moving average of a pair the weekly choice has not reached yet (docs/forecast.md)
       CASE WHEN used_method IS NOT NULL AND fc_awaiting_choice THEN TRUE END,
       shelf_floor, shelf_capacity, shelf_max, shelf_placements,
       exception IN ('DNR', 'STRIKE', 'LTO_ENDS_BEFORE_ARRIVAL'),
       CASE WHEN exception IN ('DNR', 'STRIKE', 'LTO_ENDS_BEFORE_ARRIVAL') THEN 'rule' END,
       CASE WHEN exception IN ('DNR', 'STRIKE', 'LTO_ENDS_BEFORE_ARRIVAL') THEN CAST(:now AS TIMESTAMP) END,
       CASE exception WHEN 'DNR' THEN 'Do not reorder' WHEN 'STRIKE' THEN 'Struck (discontinued)'
                      WHEN 'LTO_ENDS_BEFORE_ARRIVAL' THEN 'Offer ends before delivery' END,
       lt_outliers, lt_outlier_min, lt_outlier_max, lt_fence_low, lt_fence_high,
       sales_missing_days, long_days, long_window_days
FROM q5
LEFT JOIN repl_previous_ids ON prev_store_id = q5.store_id AND prev_sku = q5.sku
WHERE NOT EXISTS (SELECT 1 FROM repl_kept_lines k WHERE k.store_id = q5.store_id AND k.sku = q5.sku)
  AND po_id NOT IN (SELECT po_id FROM purchase_orders WHERE business_date = :d AND status <> 'proposed');
