-- The semantic answer cache works with an embedding model of any dimension (issue 4): the column loses its fixed
-- dimension, each row says which model and dimension embedded it, and every dimension in use gets its own partial
-- HNSW index on embedding::vector(<dim>) (SemanticCache creates a missing one; 384, the built-in model's, is here).

DROP INDEX llm.semantic_cache_embedding_idx;
ALTER TABLE llm.semantic_cache
    ALTER COLUMN embedding TYPE vector,
    ADD COLUMN embedding_model text NOT NULL DEFAULT 'builtin/all-minilm-l6-v2',
    ADD COLUMN dimension integer NOT NULL DEFAULT 384 CHECK (dimension > 0 AND dimension <= 2000);
ALTER TABLE llm.semantic_cache
    ALTER COLUMN embedding_model DROP DEFAULT,
    ALTER COLUMN dimension DROP DEFAULT,
    ADD CONSTRAINT semantic_cache_dimension_matches CHECK (vector_dims(embedding) = dimension);
CREATE INDEX semantic_cache_embedding_384_idx ON llm.semantic_cache
    USING hnsw ((embedding::vector(384)) vector_cosine_ops) WHERE dimension = 384;
