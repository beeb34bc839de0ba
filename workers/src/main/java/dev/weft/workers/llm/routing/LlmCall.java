package dev.weft.workers.llm.routing;

import dev.weft.workers.llm.extractive.Passage;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.provider.StreamListener;
import dev.weft.workers.llm.usage.CallContext;
import java.util.List;

/**
 * One model call through a route.
 *
 * @param selection how to choose the model (name = route alias or model id)
 * @param request   the request; its {@code model} is replaced by the chosen model's provider name
 * @param listener  streams text when non-null
 * @param fallback  what to do when the chosen model fails
 * @param passages  retrieved passages the extractive fallback may answer from
 * @param question  the question the extractive fallback answers (usually the last user message)
 * @param context   where in a flow this happens
 * @param pinnedModelId a model chosen earlier (by {@code weft.model-select}); the route's fallbacks still apply
 */
public record LlmCall(SelectionRequest selection, ChatRequest request, StreamListener listener, FallbackMode fallback,
                      List<Passage> passages, String question, CallContext context, String pinnedModelId) {

    public LlmCall {
        fallback = fallback == null ? FallbackMode.CHAIN : fallback;
        passages = passages == null ? List.of() : List.copyOf(passages);
        context = context == null ? CallContext.NONE : context;
    }

    public static LlmCall of(String routeOrModel, ChatRequest request) {
        return new LlmCall(SelectionRequest.of(routeOrModel), request, null, FallbackMode.CHAIN, List.of(),
                request.messages().getLast().content(), CallContext.NONE, null);
    }

    public LlmCall withFallback(FallbackMode mode) {
        return new LlmCall(selection, request, listener, mode, passages, question, context, pinnedModelId);
    }

    public LlmCall withPassages(List<Passage> p) {
        return new LlmCall(selection, request, listener, fallback, p, question, context, pinnedModelId);
    }

    public LlmCall withListener(StreamListener l) {
        return new LlmCall(selection, request, l, fallback, passages, question, context, pinnedModelId);
    }

    public LlmCall withPinnedModel(String modelId) {
        return new LlmCall(selection, request, listener, fallback, passages, question, context, modelId);
    }

    public LlmCall withContext(CallContext c) {
        return new LlmCall(selection, request, listener, fallback, passages, question, c, pinnedModelId);
    }

    public LlmCall withRequest(ChatRequest r) {
        return new LlmCall(selection, r, listener, fallback, passages, question, context, pinnedModelId);
    }
}
