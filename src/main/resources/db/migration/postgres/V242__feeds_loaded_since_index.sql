-- On a Trino deployment every dashboard answer over the marts Trino computes asks which feeds loaded after Trino's last
-- refresh (model/LakeModels#unsettled: the days those marts wait for Trino on are marked): a chain writes thousands of
-- feeds a day, and the index by dataset (V174) does not serve a question over every dataset, so each answer scanned them
-- all.
CREATE INDEX IF NOT EXISTS feeds_loaded_updated ON feeds (updated_at) WHERE status = 'transformed' AND duplicate_of IS NULL;
