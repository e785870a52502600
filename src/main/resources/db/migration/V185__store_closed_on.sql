-- A store that closes for good: from closed_on on, no feed of it is expected (run completeness, the quality score)
-- and no day of it is missing (mart_missing_store_days). Not versioned: the date is a fact about the store, not an
-- attribute facts are read with as of their date.
ALTER TABLE stores ADD COLUMN IF NOT EXISTS closed_on DATE;
