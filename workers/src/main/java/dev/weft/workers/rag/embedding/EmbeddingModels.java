package dev.weft.workers.rag.embedding;

import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.registry.ProviderSpec;

/** Finds an embedding model by the name a collection stores. */
public final class EmbeddingModels {

    private final ModelRegistry registry;
    private final ProviderClients clients;

    /** Registry and clients may be null: then only the built-in model is known. */
    public EmbeddingModels(ModelRegistry registry, ProviderClients clients) {
        this.registry = registry;
        this.clients = clients;
    }

    public EmbeddingModel resolve(String id) {
        if (id == null || id.isBlank() || BuiltinEmbeddingModel.ID.equals(id)) {
            return BuiltinEmbeddingModel.get();
        }
        if (registry == null) {
            throw new IllegalArgumentException("embeddingModel: '" + id + "' is unknown (only " + BuiltinEmbeddingModel.ID
                    + " is available without a registry)");
        }
        ModelSpec spec = registry.model(id).orElseThrow(() ->
                new IllegalArgumentException("embeddingModel: '" + id + "' is not in the registry"));
        if (!"embedding".equals(spec.kind())) {
            throw new IllegalArgumentException("embeddingModel: '" + id + "' is a " + spec.kind() + " model");
        }
        ProviderSpec provider = registry.provider(spec.providerId()).orElseThrow(() ->
                new IllegalStateException("model '" + id + "' names unknown provider '" + spec.providerId() + "'"));
        return new RegistryEmbeddingModel(spec, clients.client(provider));
    }
}
