-- Applications that call Weft, and their API keys.
-- A key is shown once, when it is created; only its SHA-256 is stored, next to a short public prefix that
-- identifies it in lists and logs. Revocation is a timestamp: every verification reads it, so a revoked key
-- stops working on every replica at once.

CREATE TABLE access.application (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    CONSTRAINT application_name_unique UNIQUE (name),
    CONSTRAINT application_name_format CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$')
);

CREATE TABLE access.api_key (
    id             uuid        PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES access.application (id) ON DELETE CASCADE,
    name           text        NOT NULL DEFAULT '',
    prefix         text        NOT NULL,            -- public part of the key, e.g. wft_k3v9x0q2m7a1
    secret_sha256  bytea       NOT NULL,            -- SHA-256 of the whole key as presented
    scopes         text[]      NOT NULL,            -- flow:<id>|flow:*|model:<alias>|model:*
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text        NOT NULL,
    expires_at     timestamptz,
    revoked_at     timestamptz,
    revoked_by     text,
    CONSTRAINT api_key_prefix_unique UNIQUE (prefix),
    CONSTRAINT api_key_hash_length CHECK (octet_length(secret_sha256) = 32),
    CONSTRAINT api_key_has_scopes CHECK (cardinality(scopes) > 0)
);

CREATE INDEX api_key_application ON access.api_key (application_id);
