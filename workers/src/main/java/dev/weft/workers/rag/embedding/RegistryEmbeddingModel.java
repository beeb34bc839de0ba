package dev.weft.workers.rag.embedding;

import dev.weft.workers.llm.provider.ChatProvider;
import dev.weft.workers.llm.registry.ModelSpec;
import java.util.List;

/** An embedding model from the registry, called through its provider (OpenAI-compatible {@code /embeddings}). */
public final class RegistryEmbeddingModel implements EmbeddingModel {

    private final ModelSpec spec;
    private final ChatProvider provider;

    public RegistryEmbeddingModel(ModelSpec spec, ChatProvider provider) {
        if (!"embedding".equals(spec.kind()) || spec.embeddingDimensions() == null) {
            throw new IllegalArgumentException("model '" + spec.id() + "' is not an embedding model with dimensions");
        }
        this.spec = spec;
        this.provider = provider;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public int dimension() {
        return spec.embeddingDimensions();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<float[]> out = provider.embed(spec.providerModel(), texts);
        for (float[] v : out) {
            if (v.length != spec.embeddingDimensions()) {
                throw new IllegalStateException("model '" + spec.id() + "' returned " + v.length
                        + " dimensions, the registry says " + spec.embeddingDimensions());
            }
        }
        return out;
    }
}
