-- Retrieval (issue 4): collections, documents and chunks with embeddings. Owned by dev.weft.workers.rag.
-- Collections may use embedding models of different dimensions, so chunk.embedding has no fixed dimension;
-- each collection gets its own partial HNSW index on embedding::vector(<dim>), created with the collection
-- (see CollectionStore), and queries cast the same way so the planner uses it.

CREATE TABLE rag.collection (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    embedding_model text NOT NULL,
    dimension       integer NOT NULL CHECK (dimension > 0 AND dimension <= 2000),
    distance        text NOT NULL DEFAULT 'cosine' CHECK (distance IN ('cosine', 'l2', 'inner_product')),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rag.document (
    collection_id bigint NOT NULL REFERENCES rag.collection (id) ON DELETE CASCADE,
    id            text NOT NULL,
    source        text,
    content_type  text NOT NULL,
    content_hash  text NOT NULL,
    metadata      jsonb NOT NULL DEFAULT '{}'::jsonb,
    chunk_count   integer NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection_id, id)
);

CREATE TABLE rag.chunk (
    id            bigserial PRIMARY KEY,
    collection_id bigint NOT NULL,
    document_id   text NOT NULL,
    ordinal       integer NOT NULL,
    heading       text,
    text          text NOT NULL,
    metadata      jsonb NOT NULL DEFAULT '{}'::jsonb,
    embedding     vector NOT NULL,
    tsv           tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(heading, '') || ' ' || text)) STORED,
    FOREIGN KEY (collection_id, document_id) REFERENCES rag.document (collection_id, id) ON DELETE CASCADE,
    UNIQUE (collection_id, document_id, ordinal)
);
CREATE INDEX chunk_tsv_idx ON rag.chunk USING gin (tsv);
CREATE INDEX chunk_metadata_idx ON rag.chunk USING gin (metadata jsonb_path_ops);
CREATE INDEX chunk_collection_idx ON rag.chunk (collection_id);
