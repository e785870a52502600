-- When a local account last signed in, for the Accounts page and GET /api/v1/users (the audit log has every sign-in,
-- but its retention may have dropped an old one). NULL = never signed in since this column exists.
ALTER TABLE users ADD COLUMN IF NOT EXISTS last_sign_in_at TIMESTAMP;
