-- Several processes may share a PostgreSQL warehouse (the server, CLI commands, the scheduler). A run or a feed
-- records the key of the process working on it, so a process that starts settles only what a stopped process left
-- (CrashRecovery), never the run or the upload another live process is in the middle of.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS process_key BIGINT;
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS process_key BIGINT;
