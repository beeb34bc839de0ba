-- Semantic cache hits must share the request's context exactly: only the last message is compared by meaning,
-- while the system prompt, the earlier conversation and the JSON schema have to be the same (a question asked
-- under "answer in French" must not get the English answer). context_hash is SHA-256 over those parts; rows
-- written before it have '' and never match again, they just expire.
ALTER TABLE llm.semantic_cache ADD COLUMN context_hash text NOT NULL DEFAULT '';
ALTER TABLE llm.semantic_cache ALTER COLUMN context_hash DROP DEFAULT;
