-- Provider credentials may also name a mounted secret ('secret:NAME', a file in WEFT_SECRETS_DIR, default
-- /run/secrets, as Docker and Kubernetes mount them). Still only references or ciphertext: a plain key is refused.
ALTER TABLE llm.provider DROP CONSTRAINT provider_credential_check;
ALTER TABLE llm.provider ADD CONSTRAINT provider_credential_check CHECK (credential IS NULL
    OR credential ~ '^(env:[A-Za-z_][A-Za-z0-9_]*|secret:[A-Za-z0-9_][A-Za-z0-9_.-]*|enc:v1:.+)$');
