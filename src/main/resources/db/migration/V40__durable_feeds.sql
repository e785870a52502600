-- The feeds table is a durable queue (docs/pipeline.md, "Crash recovery"): a feed acknowledged but not finished when
-- the process died is resumed on the next start from its raw file, so it keeps what is needed to transform it again.
-- request_mapping: the header -> column choices of the upload preview (JSON object), null when none were made.
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS request_mapping VARCHAR;
-- A replay re-reads an earlier feed's raw file as a new feed: replay_of names that feed, and superseded_by on the
-- earlier feed (and earlier replays of it) names the replay that took its place, so marts count each input once.
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS replay_of VARCHAR;
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS superseded_by VARCHAR;
