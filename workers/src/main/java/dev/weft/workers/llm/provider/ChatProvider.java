package dev.weft.workers.llm.provider;

import java.util.List;

/**
 * One configured upstream (an OpenAI-compatible or Anthropic endpoint with its credential). Thread-safe.
 * Every method either returns or throws {@link LlmException} with a classified {@link LlmFailure}.
 */
public interface ChatProvider {

    /** A complete answer; with a listener the call streams and reports text as it arrives. */
    ChatResponse chat(ChatRequest request, StreamListener listener);

    default ChatResponse chat(ChatRequest request) {
        return chat(request, null);
    }

    /** Embeddings of the inputs, in order. Providers without an embeddings API throw BadRequest. */
    List<float[]> embed(String model, List<String> inputs);

    /**
     * The cheapest call that proves the endpoint answers (a model listing, or a one-token completion for
     * providers without one). Used by health probes.
     */
    void probe(String model);
}
