-- The pairs a forecast refresh learns promotion uplifts from (ForecastService, docs/forecast.md): a sale in the
-- history window :from .. :to and a promotion of the calendar, in their store or every store ('*'), overlapping the
-- window or the horizon (through :promotions_to). Their windows are read once more, with the promotion days kept.
SELECT DISTINCT s.store_id, s.sku
FROM sales s
JOIN promotions p ON p.sku = s.sku AND (p.store_id = s.store_id OR p.store_id = '*')
WHERE s.business_date BETWEEN :from AND :to
  AND p.start_date <= :promotions_to AND p.end_date >= :from
