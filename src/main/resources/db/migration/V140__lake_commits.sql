-- The lake's lineage (issue 11, docs/scale.md): one row per Iceberg commit Stockroom made on a fact table through
-- Trino, with the business date (partition) it replaced and the feeds whose rows that snapshot holds for it.
CREATE TABLE IF NOT EXISTS lake_commits (
    table_name     VARCHAR NOT NULL,
    business_date  DATE NOT NULL,
    snapshot_id    BIGINT NOT NULL,
    row_count      BIGINT NOT NULL,
    feed_ids       VARCHAR NOT NULL,
    committed_at   TIMESTAMP NOT NULL
);
