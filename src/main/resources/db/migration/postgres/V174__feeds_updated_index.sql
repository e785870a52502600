-- The lake backlog (warehouse/LakeBacklog, GET /api/v1/quality) asks which loaded fact feeds of a dataset changed after
-- its table's last publish; a chain writes thousands of feeds a day, so without this index every quality page read
-- scanned them all.
CREATE INDEX IF NOT EXISTS feeds_loaded_by_dataset_updated ON feeds (dataset, updated_at)
    WHERE status = 'transformed' AND duplicate_of IS NULL;
