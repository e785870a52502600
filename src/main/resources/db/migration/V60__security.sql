-- Local accounts, machine API tokens, and the audit columns that say who acted from where (issue 9).
CREATE TABLE IF NOT EXISTS users (
    username        VARCHAR PRIMARY KEY,
    display_name    VARCHAR,
    password_hash   VARCHAR NOT NULL,       -- DelegatingPasswordEncoder format: {bcrypt}$2a$...
    roles           VARCHAR NOT NULL,       -- comma-separated role ids: admin,buyer,...
    stores          VARCHAR,                -- comma-separated store ids; NULL with NULL areas = every store
    areas           VARCHAR,                -- comma-separated areas
    created_at      TIMESTAMP NOT NULL,
    disabled        BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS api_tokens (
    id              VARCHAR PRIMARY KEY,    -- public part, shown in lists
    name            VARCHAR NOT NULL,
    token_hash      VARCHAR NOT NULL,       -- SHA-256 of the secret, hex; the secret is shown once
    roles           VARCHAR NOT NULL,
    stores          VARCHAR,
    areas           VARCHAR,
    created_by      VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP,
    last_used_at    TIMESTAMP,
    revoked_at      TIMESTAMP
);

ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS actor_role VARCHAR;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS client_ip VARCHAR;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS category VARCHAR;   -- write, sign_in, token, view, export
