-- The stored states a forecast refresh as of :d starts again and rewrites (docs/forecast.md, "Speed of the refresh"):
-- the first part of pairs_to_rebuild.sql, as one set-based DELETE before the new states are appended. Every other
-- state stays as it is (written on the day its pair was last chosen or started); the refresh folds the days after its
-- state_through in each day without writing it back. ForecastService.dueForChoice is the same rule in Java: keep the
-- three together.
DELETE FROM forecast_states
WHERE :all_pairs = 1
   OR (:choose = 1 AND (chosen_on <= :week_ago OR (chosen_on < :d AND rechoose_slot = :slot) OR awaiting_choice))
   OR (:restart = 1 AND (state_through >= :d OR state_format <> :format))
