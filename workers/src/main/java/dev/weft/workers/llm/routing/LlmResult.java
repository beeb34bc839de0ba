package dev.weft.workers.llm.routing;

import dev.weft.workers.llm.extractive.ExtractiveModel;
import dev.weft.workers.llm.provider.ToolCall;
import dev.weft.workers.llm.provider.Usage;
import java.math.BigDecimal;
import java.util.List;

/**
 * The answer of a routed call.
 *
 * @param text         answer text
 * @param toolCalls    tool calls asked for
 * @param usage        tokens of the successful call (failed attempts are in the ledger)
 * @param modelId      registry id of the model that answered ({@code extractive} for the built-in one)
 * @param providerId   its provider, null for built-in answers and cache hits
 * @param alias        the route, or null
 * @param costUsd      cost of the successful call from registry prices
 * @param latencyMs    time of the successful call
 * @param fallbackUsed a model other than the first choice answered
 * @param cached       answered from a cache
 * @param reason       why the first model was chosen
 * @param attempts     every model tried, in order
 * @param citations    for extractive answers
 */
public record LlmResult(String text, List<ToolCall> toolCalls, Usage usage, String modelId, String providerId,
                        String alias, BigDecimal costUsd, long latencyMs, boolean fallbackUsed, boolean cached,
                        String reason, List<Attempt> attempts, List<ExtractiveModel.Citation> citations) {

    public LlmResult {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        citations = citations == null ? List.of() : List.copyOf(citations);
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }

    public boolean extractive() {
        return ExtractiveModel.ID.equals(modelId);
    }

    public LlmResult asCacheHit(List<Attempt> hitAttempts) {
        return new LlmResult(text, toolCalls, usage, modelId, null, alias, BigDecimal.ZERO, 0, false, true, "cache hit",
                hitAttempts, citations);
    }
}
