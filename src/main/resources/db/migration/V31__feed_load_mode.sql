-- How a feed's rows met the rows loaded before (upsert, append, replace_slice), so a replay of the day loads
-- each raw file the way it was loaded the first time.
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS load_mode VARCHAR;
