package dev.weft.hub.designer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.testsupport.llm.FakeAnthropicServer;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.testsupport.llm.RecordedRequest;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.runtime.WeftAi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fake OpenAI and Anthropic servers the designer's hub tests run pipelines against, started once per test JVM,
 * and the models the ready pipelines name, registered on them. Each fake model answers by what it is asked.
 */
final class FakeModels {

    static final FakeOpenAiServer OPENAI = FakeOpenAiServer.start();
    static final FakeAnthropicServer ANTHROPIC = FakeAnthropicServer.start();

    static {
        OPENAI.otherwise(FakeModels::openAiReply);
        ANTHROPIC.otherwise(r -> FakeReply.text("Claude says: " + lastUser(r)).withUsage(20, 5));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            OPENAI.close();
            ANTHROPIC.close();
        }));
    }

    /**
     * Gates of model {@code streamed}: a chat whose last user message has a gate here is answered (streamed) only
     * once the test completes the gate, e.g. when the run's SSE stream listens for tokens.
     */
    static final Map<String, CompletableFuture<Void>> STREAM_GATES = new ConcurrentHashMap<>();

    private FakeModels() {
    }

    /** Idempotent: providers and models are upserted. */
    static void register(WeftAi ai) {
        ai.registry().putProvider(ProviderSpec.of("fake-openai", ProviderKind.OPENAI, OPENAI.baseUrl(), null)
                .withRequestTimeout(Duration.ofSeconds(10)));
        ai.registry().putProvider(ProviderSpec.of("fake-anthropic", ProviderKind.ANTHROPIC, ANTHROPIC.baseUrl(), null)
                .withRequestTimeout(Duration.ofSeconds(10)));
        for (String m : List.of("streamed", "small-fast", "chat-default", "gpt-primary", "model-a", "model-b", "model-c", "judge-model")) {
            // Priced, so runs report a cost: $1 per million prompt tokens, $2 per million completion tokens.
            ai.registry().putModel(ModelSpec.chat(m, "fake-openai", m, 8192).withPrices("1", "2"));
        }
        // The agent of the agent-loop template: offered tools, so it needs the "tools" capability.
        ai.registry().putModel(new ModelSpec("agent-model", "fake-openai", "agent-model", "chat", java.util.Set.of("tools"),
                8192, null, null, java.util.Set.of(), null, null, null, null, null, true));
        ai.registry().putModel(ModelSpec.chat("claude-secondary", "fake-anthropic", "claude-secondary", 8192));
    }

    /** What each fake model answers, by the model the worker asks for. */
    static FakeReply openAiReply(RecordedRequest r) {
        String user = lastUser(r);
        return switch (r.model()) {
            case "small-fast" -> FakeReply.text(user.contains("invoice") ? "{\"category\":\"billing\"}"
                    : user.contains("error") ? "{\"category\":\"technical\"}" : "{\"category\":\"other\"}").withUsage(12, 4);
            case "gpt-primary" -> FakeReply.serverError();
            case "model-a" -> FakeReply.text("Paris is the capital.").withUsage(10, 5);
            case "model-b" -> FakeReply.text("The capital of France is Paris.").withUsage(10, 7);
            case "model-c" -> FakeReply.text("Lyon.").withUsage(10, 2);
            case "judge-model" -> FakeReply.text("1").withUsage(40, 1);
            case "chat-default" -> user.contains("rate your confidence")
                    ? FakeReply.text("{\"answer\":\"Maybe 25 days\",\"confidence\":0.4}").withUsage(50, 10)
                    : FakeReply.text("Answer to: " + user).withUsage(30, 8);
            // Searches the docs first; once a search result is in the conversation it answers from it.
            case "agent-model" -> user.startsWith("Result of tool search_docs: ")
                    ? FakeReply.text("From the docs: " + user.substring("Result of tool search_docs: ".length())).withUsage(60, 12)
                    : FakeReply.toolCall("call_1", "search_docs", "{\"query\": \"reset password\"}").withUsage(40, 10);
            case "streamed" -> {
                CompletableFuture<Void> gate = STREAM_GATES.get(user);
                if (gate != null) {
                    // Bounded: the worker's request timeout is 10 s; a gate never opened shows as missing tokens.
                    gate.completeOnTimeout(null, 8, TimeUnit.SECONDS).join();
                }
                yield FakeReply.text("Streamed answer to: " + user).withUsage(9, 6);
            }
            default -> FakeReply.text("echo: " + user);
        };
    }

    static String lastUser(RecordedRequest r) {
        String last = "";
        if (r.json() != null) {
            for (JsonNode m : r.json().path("messages")) {
                if ("user".equals(m.path("role").asText())) {
                    last = m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString();
                }
            }
        }
        return last;
    }
}
