package dev.weft.workers.rag;

/** A collection of documents sharing one embedding model, dimension and distance. */
public record Collection(long id, String name, String embeddingModel, int dimension, Distance distance) {

    /** The full-precision type of this collection's vectors: scores are computed on it. */
    public String vectorType() {
        return "vector(" + dimension + ")";
    }

    /**
     * The type of the collection's partial HNSW index and of every ranking expression that should use it: half
     * precision, which halves the index (it stays in PostgreSQL's buffers) and its distance work at no measurable
     * recall cost (bench/retrieval). Queries must repeat the cast literally for the planner to pick the index.
     */
    public String indexType() {
        return "halfvec(" + dimension + ")";
    }

    public String indexName() {
        return "chunk_hnsw_" + id;
    }
}
