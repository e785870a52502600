-- The model runner's memory (docs/models.md): which definition built each model table, and a fingerprint of each
-- dimension table incremental models read, so a changed model file or changed master data triggers a rebuild.
-- No primary keys: rows are replaced by DELETE + INSERT inside the refresh transaction.
CREATE TABLE IF NOT EXISTS model_state (
    model            VARCHAR NOT NULL,
    definition_hash  VARCHAR NOT NULL,
    last_scope       VARCHAR,
    rows_written     BIGINT,
    refreshed_at     TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS model_source_state (
    source       VARCHAR NOT NULL,
    fingerprint  VARCHAR NOT NULL,
    checked_at   TIMESTAMP NOT NULL
);
