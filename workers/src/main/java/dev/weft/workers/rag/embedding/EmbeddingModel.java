package dev.weft.workers.rag.embedding;

import java.util.List;

/** Turns texts into vectors of a fixed dimension. Thread-safe. */
public interface EmbeddingModel {

    /** The name collections store: {@code builtin/all-minilm-l6-v2} or a registry model id. */
    String id();

    int dimension();

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);

    default float[] embed(String text) {
        return embed(List.of(text)).getFirst();
    }
}
