-- Run before the schema scripts on PostgreSQL: the common scripts (db/migration) spell a few types the DuckDB way.
-- A domain of the same name lets one script serve both engines.
DO $$
BEGIN
    CREATE DOMAIN "double" AS DOUBLE PRECISION;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END $$;
