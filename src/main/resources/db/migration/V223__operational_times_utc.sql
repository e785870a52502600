-- Feeds, runs, the raw files' receipts, the lake's commits, the model state and the drop folder's files keep their times
-- as UTC date-times (Sql.instant), and so do the decisions on recommendations and orders. Rows written before were the
-- writing JVM's wall-clock time (a Timestamp bound as it is) or the engine's CURRENT_TIMESTAMP in the session's zone:
-- read in the session's zone (the JVM's on PostgreSQL, the machine's on DuckDB), they are turned into UTC, as V205 did
-- for the audit log. On a server that ran in UTC nothing changes.
UPDATE feeds SET created_at = timezone('UTC', CAST(created_at AS TIMESTAMPTZ)), updated_at = timezone('UTC', CAST(updated_at AS TIMESTAMPTZ));
UPDATE runs SET started_at = timezone('UTC', CAST(started_at AS TIMESTAMPTZ)), finished_at = timezone('UTC', CAST(finished_at AS TIMESTAMPTZ));
UPDATE raw_manifest SET received_at = timezone('UTC', CAST(received_at AS TIMESTAMPTZ));
UPDATE lake_commits SET committed_at = timezone('UTC', CAST(committed_at AS TIMESTAMPTZ));
UPDATE model_state SET refreshed_at = timezone('UTC', CAST(refreshed_at AS TIMESTAMPTZ));
UPDATE model_source_state SET checked_at = timezone('UTC', CAST(checked_at AS TIMESTAMPTZ));
UPDATE drop_files SET modified_at = timezone('UTC', CAST(modified_at AS TIMESTAMPTZ)), picked_at = timezone('UTC', CAST(picked_at AS TIMESTAMPTZ));
UPDATE replenishment_lines SET decided_at = timezone('UTC', CAST(decided_at AS TIMESTAMPTZ)), overridden_at = timezone('UTC', CAST(overridden_at AS TIMESTAMPTZ))
    WHERE decided_at IS NOT NULL OR overridden_at IS NOT NULL;
UPDATE purchase_orders SET decided_at = timezone('UTC', CAST(decided_at AS TIMESTAMPTZ)), exported_at = timezone('UTC', CAST(exported_at AS TIMESTAMPTZ))
    WHERE decided_at IS NOT NULL OR exported_at IS NOT NULL;
