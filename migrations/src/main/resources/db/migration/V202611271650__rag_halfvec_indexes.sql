-- Collection indexes in half precision (issue 4, retrieval p95): each collection's partial HNSW index moves from
-- embedding::vector(<dim>) to embedding::halfvec(<dim>). The index is half the size (it stays in shared buffers
-- instead of being read from the OS on every query) and distances are cheaper; recall@10 is unchanged within
-- noise (bench/retrieval). Stored vectors stay full precision and scores are computed on them.

DO $$
DECLARE
    col record;
BEGIN
    FOR col IN SELECT id, dimension, distance FROM rag.collection ORDER BY id LOOP
        EXECUTE format('DROP INDEX IF EXISTS rag.chunk_hnsw_%s', col.id);
        EXECUTE format('CREATE INDEX chunk_hnsw_%s ON rag.chunk USING hnsw ((embedding::halfvec(%s)) %s)'
                       ' WHERE collection_id = %s', col.id, col.dimension,
                       CASE col.distance WHEN 'cosine' THEN 'halfvec_cosine_ops'
                                         WHEN 'l2' THEN 'halfvec_l2_ops'
                                         ELSE 'halfvec_ip_ops' END,
                       col.id);
    END LOOP;
END
$$;
