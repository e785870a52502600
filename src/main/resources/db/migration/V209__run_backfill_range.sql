-- A run of a backfill records the backfill's dates, so the next start can say, after a kill, which dates of it did not
-- run and the command that runs them (CrashRecovery).
ALTER TABLE runs ADD COLUMN IF NOT EXISTS backfill_from DATE;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS backfill_to DATE;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS backfill_catch_up BOOLEAN;
