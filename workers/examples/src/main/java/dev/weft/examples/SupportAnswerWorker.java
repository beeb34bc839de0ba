package dev.weft.examples;

import dev.weft.workers.llm.provider.ChatMessage;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.routing.LlmCall;
import dev.weft.workers.llm.routing.LlmResult;
import dev.weft.workers.rag.retrieve.RetrievedPassage;
import dev.weft.workers.rag.retrieve.SearchMode;
import dev.weft.workers.runtime.WeftAi;
import io.camunda.client.annotation.CustomHeaders;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.List;
import java.util.Map;

/**
 * The coding track: a worker written the Camunda 8 way ({@code @JobWorker}) that uses Weft's retrieval and model
 * router. The same class runs against Weft's embedded engine and against a Camunda 8 cluster.
 * See workers/README.md, "Write your own worker".
 */
public class SupportAnswerWorker {

    private final WeftAi ai;

    public SupportAnswerWorker(WeftAi ai) {
        this.ai = ai;
    }

    @JobWorker(type = "example.support-answer")
    public Map<String, Object> answer(@Variable("question") String question, @CustomHeaders Map<String, String> headers) {
        // 1. Knowledge: the three best passages of the collection named in the task header.
        List<RetrievedPassage> passages = ai.retriever().retrieve(headers.get("collection"), question, 3, 0.0,
                SearchMode.HYBRID, Map.of());
        StringBuilder context = new StringBuilder();
        for (int i = 0; i < passages.size(); i++) {
            context.append('[').append(i + 1).append("] ").append(passages.get(i).text()).append('\n');
        }
        // 2. A model chosen by the route (weights, health, fallbacks), with usage and cost recorded.
        ChatRequest request = new ChatRequest(headers.get("route"),
                "You are a support agent. Answer only from the numbered passages and cite them like [1].",
                List.of(ChatMessage.user("Passages:\n" + context + "\nQuestion: " + question)), 0.2, 300, List.of(), null);
        LlmResult result = ai.gateway().call(LlmCall.of(headers.get("route"), request));
        // 3. Variables for the flow.
        return Map.of("reply", result.text(), "model", result.modelId(), "costUsd", result.costUsd().doubleValue(),
                "sources", passages.stream().map(RetrievedPassage::source).distinct().toList());
    }
}
