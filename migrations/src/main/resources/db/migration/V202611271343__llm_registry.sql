-- LLM service management (issue 4): providers, models, routes, shared health, usage/cost ledger, semantic cache.
-- Owned by the workers module (dev.weft.workers.llm.registry). Credentials are stored only as references
-- ('env:NAME') or AES-GCM ciphertext ('enc:v1:...'); the CHECK below refuses anything else.

CREATE TABLE llm.provider (
    id                 text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    kind               text NOT NULL CHECK (kind IN ('openai', 'anthropic')),
    base_url           text NOT NULL CHECK (base_url ~ '^https?://'),
    credential         text CHECK (credential IS NULL OR credential ~ '^(env:[A-Za-z_][A-Za-z0-9_]*|enc:v1:.+)$'),
    request_timeout_ms integer NOT NULL DEFAULT 60000 CHECK (request_timeout_ms > 0),
    headers            jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE llm.model (
    id                    text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._/:-]{0,126}$'),
    provider_id           text NOT NULL REFERENCES llm.provider (id) ON DELETE RESTRICT,
    provider_model        text NOT NULL,
    kind                  text NOT NULL DEFAULT 'chat' CHECK (kind IN ('chat', 'embedding')),
    capabilities          text[] NOT NULL DEFAULT '{}',
    context_window        integer NOT NULL CHECK (context_window > 0),
    input_price_per_mtok  numeric(14, 6) NOT NULL DEFAULT 0 CHECK (input_price_per_mtok >= 0),
    output_price_per_mtok numeric(14, 6) NOT NULL DEFAULT 0 CHECK (output_price_per_mtok >= 0),
    tags                  text[] NOT NULL DEFAULT '{}',
    deployment            text NOT NULL DEFAULT 'public_api'
                          CHECK (deployment IN ('public_api', 'private_gpu', 'serverless_gpu')),
    embedding_dimensions  integer CHECK (embedding_dimensions IS NULL OR embedding_dimensions > 0),
    probe_interval_ms     integer NOT NULL DEFAULT 60000 CHECK (probe_interval_ms > 0),
    probe_timeout_ms      integer NOT NULL DEFAULT 10000 CHECK (probe_timeout_ms > 0),
    cold_start_grace_ms   integer NOT NULL DEFAULT 0 CHECK (cold_start_grace_ms >= 0),
    enabled               boolean NOT NULL DEFAULT true,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_provider_idx ON llm.model (provider_id);

CREATE TABLE llm.route (
    alias                    text PRIMARY KEY CHECK (alias ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    description              text NOT NULL DEFAULT '',
    extractive_fallback      boolean NOT NULL DEFAULT false,
    exact_cache_ttl_s        integer NOT NULL DEFAULT 0 CHECK (exact_cache_ttl_s >= 0),
    semantic_cache_ttl_s     integer NOT NULL DEFAULT 0 CHECK (semantic_cache_ttl_s >= 0),
    semantic_cache_threshold double precision NOT NULL DEFAULT 0.95
                             CHECK (semantic_cache_threshold > 0 AND semantic_cache_threshold <= 1),
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now()
);

-- Weighted primary targets of a route.
CREATE TABLE llm.route_target (
    alias    text NOT NULL REFERENCES llm.route (alias) ON DELETE CASCADE,
    model_id text NOT NULL REFERENCES llm.model (id) ON DELETE RESTRICT,
    weight   integer NOT NULL CHECK (weight >= 0),
    PRIMARY KEY (alias, model_id)
);

-- Ordered fallback chain; on_errors lists the error classes that move to this step (empty = any failure).
CREATE TABLE llm.route_fallback (
    alias     text NOT NULL REFERENCES llm.route (alias) ON DELETE CASCADE,
    position  integer NOT NULL CHECK (position >= 0),
    model_id  text NOT NULL REFERENCES llm.model (id) ON DELETE RESTRICT,
    on_errors text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (alias, position)
);

-- Gray rules: requests whose attribute equals value go to model_id (first matching position wins).
CREATE TABLE llm.route_rule (
    alias     text NOT NULL REFERENCES llm.route (alias) ON DELETE CASCADE,
    position  integer NOT NULL CHECK (position >= 0),
    attribute text NOT NULL CHECK (attribute IN ('tenant', 'user', 'deviceType')),
    value     text NOT NULL,
    model_id  text NOT NULL REFERENCES llm.model (id) ON DELETE RESTRICT,
    PRIMARY KEY (alias, position)
);

-- Health of one model endpoint, shared by every replica: breaker state, passive signals, probe bookkeeping.
CREATE TABLE llm.model_health (
    model_id             text PRIMARY KEY REFERENCES llm.model (id) ON DELETE CASCADE,
    breaker_state        text NOT NULL DEFAULT 'closed' CHECK (breaker_state IN ('closed', 'open', 'half_open')),
    consecutive_failures integer NOT NULL DEFAULT 0,
    opened_at            timestamptz,
    trial_lease_until    timestamptz,
    error_rate_ewma      double precision NOT NULL DEFAULT 0,
    latency_ewma_ms      double precision,
    calls                bigint NOT NULL DEFAULT 0,
    failures             bigint NOT NULL DEFAULT 0,
    last_error           text,
    last_success_at      timestamptz,
    last_probe_at        timestamptz,
    last_probe_ok        boolean,
    warming_since        timestamptz,
    probe_lease_until    timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- One row per model call (and per cache hit), the source of cost reports and budgets.
CREATE TABLE llm.usage_ledger (
    id                  bigserial PRIMARY KEY,
    at                  timestamptz NOT NULL DEFAULT now(),
    route_alias         text,
    model_id            text NOT NULL,
    provider_id         text,
    outcome             text NOT NULL,
    prompt_tokens       integer NOT NULL DEFAULT 0,
    completion_tokens   integer NOT NULL DEFAULT 0,
    cost_usd            numeric(18, 8) NOT NULL DEFAULT 0,
    latency_ms          integer NOT NULL DEFAULT 0,
    cached              boolean NOT NULL DEFAULT false,
    tenant              text,
    process_instance_key bigint,
    element_id          text
);
CREATE INDEX usage_ledger_at_idx ON llm.usage_ledger (at);
CREATE INDEX usage_ledger_model_idx ON llm.usage_ledger (model_id, at);

-- Semantic answer cache: prompt embeddings of the built-in 384-dimension model, per route.
CREATE TABLE llm.semantic_cache (
    id          bigserial PRIMARY KEY,
    route_alias text NOT NULL,
    prompt_hash text NOT NULL,
    embedding   vector(384) NOT NULL,
    answer      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX semantic_cache_embedding_idx ON llm.semantic_cache USING hnsw (embedding vector_cosine_ops);
CREATE INDEX semantic_cache_route_idx ON llm.semantic_cache (route_alias, expires_at);
