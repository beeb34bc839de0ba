-- The one migration stream of the whole Weft database.
-- Each area owns a schema; later migrations add their tables to it. File names carry a UTC timestamp
-- (V<yyyyMMddHHmm>__<schema>_<what>.sql) so that work landing in parallel never fights over a number.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE SCHEMA IF NOT EXISTS engine;    -- process definitions, instances, jobs, timers, messages, record log
CREATE SCHEMA IF NOT EXISTS llm;       -- providers, models, routes, health, usage and cost
CREATE SCHEMA IF NOT EXISTS access;    -- applications, API keys (hashed), quotas, traffic policies
CREATE SCHEMA IF NOT EXISTS designer;  -- flows, drafts, published versions, test runs
CREATE SCHEMA IF NOT EXISTS rag;       -- collections, documents, chunks with vector columns
CREATE SCHEMA IF NOT EXISTS ops;       -- alert rules, alerts, export positions, audit
