-- The pairs whose history a forecast refresh as of :d reads (docs/forecast.md, "Speed of the refresh"); every other
-- pair keeps its stored state and reads only the days since state_through. ForecastService.dueForChoice is the same
-- rule in Java, states_to_restart.sql the DELETE of the same states: keep the three together. :choose = 0 in a daily
-- refresh that only applies the stored choices; :restart = 0 in the weekly choice as its own step (it leaves replays
-- and states of another format to the daily refresh).
SELECT store_id, sku FROM forecast_states
WHERE :all_pairs = 1                               -- every pair started again from its history (a test's reference)
   OR (:choose = 1 AND (chosen_on <= :week_ago      -- the weekly re-choice, caught up after missed days
                        OR (chosen_on < :d AND rechoose_slot = :slot) -- on the pair's own day of the week
                        OR awaiting_choice))        -- a pair forecast by the moving average until its first choice
   OR (:restart = 1 AND (state_through >= :d        -- a replay or correction of a day already folded in
                         OR state_format <> :format)) -- a state of another format (ForecastService.STATE_FORMAT)
UNION
SELECT DISTINCT s.store_id, s.sku FROM sales s      -- new pairs: a sale since the last refresh and no state yet
WHERE s.sku IS NOT NULL AND s.business_date > :last_run AND s.business_date <= :d
  AND NOT EXISTS (SELECT 1 FROM forecast_states f WHERE f.store_id = s.store_id AND f.sku = s.sku)
