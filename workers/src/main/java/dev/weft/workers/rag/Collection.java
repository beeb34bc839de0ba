package dev.weft.workers.rag;

/** A collection of documents sharing one embedding model, dimension and distance. */
public record Collection(long id, String name, String embeddingModel, int dimension, Distance distance) {

    /** The cast every vector expression of this collection uses, matching its partial HNSW index. */
    public String vectorType() {
        return "vector(" + dimension + ")";
    }

    public String indexName() {
        return "chunk_hnsw_" + id;
    }
}
