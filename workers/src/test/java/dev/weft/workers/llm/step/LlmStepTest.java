package dev.weft.workers.llm.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.job.JobContext;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.extractive.ExtractiveModel;
import dev.weft.workers.llm.health.CircuitBreaker;
import dev.weft.workers.llm.health.HealthStore;
import dev.weft.workers.llm.provider.ProviderHttp;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.routing.LlmGateway;
import dev.weft.workers.llm.routing.ModelRouter;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.llm.usage.UsageLedger;
import dev.weft.workers.testing.PooledTestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlmStepTest {

    private static HikariDataSource ds;
    private final FakeOpenAiServer primary = FakeOpenAiServer.start();
    private final FakeOpenAiServer backup = FakeOpenAiServer.start();
    private final List<String> streamed = new ArrayList<>();
    private LlmStep step;
    private ModelRouter router;

    @BeforeAll
    static void database() {
        ds = PooledTestDatabase.create("workers_llmstep");
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @BeforeEach
    void setUp() {
        PooledTestDatabase.truncateLlm(ds);
        ModelRegistry registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("primary", ProviderKind.OPENAI, primary.baseUrl(), null));
        registry.putProvider(ProviderSpec.of("backup", ProviderKind.OPENAI, backup.baseUrl(), null));
        registry.putModel(ModelSpec.chat("primary/m", "primary", "m-1", 8_000).withCapabilities("json", "tools").withPrices("2", "4"));
        registry.putModel(ModelSpec.chat("backup/m", "backup", "m-2", 8_000).withCapabilities("json").withPrices("1", "1"));
        // backup/m has no weighted traffic, but cheapest-capable selection may still pick it.
        registry.putRoute(RouteSpec.of("chat", List.of(new RouteSpec.Target("primary/m", 1), new RouteSpec.Target("backup/m", 0)),
                List.of(RouteSpec.Fallback.always("backup/m"))));
        HealthStore health = new HealthStore(ds, new CircuitBreaker(CircuitBreaker.Settings.DEFAULT), Clock.systemUTC());
        router = new ModelRouter(registry, health, new Random(3));
        LlmGateway gateway = new LlmGateway(router, new ProviderClients(ProviderHttp.defaults(),
                new CredentialResolver(Map.<String, String>of()::get, () -> null)), new UsageLedger(ds),
                new ExtractiveModel(), List.of(), LlmGateway.Options.DEFAULT);
        step = new LlmStep(gateway, (ctx, seq, delta) -> streamed.add(ctx.elementId() + ":" + delta));
    }

    @AfterEach
    void stop() {
        primary.close();
        backup.close();
    }

    private StepOutcome run(Map<String, String> headers, Map<String, Object> variables) {
        return StepJobHandler.run(step, new StepInput(headers, variables, new JobContext(1, 2, "flow", "ask", "<default>", 3)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> answer(StepOutcome outcome, String variable) {
        assertThat(outcome).isInstanceOf(StepOutcome.Completed.class);
        return (Map<String, Object>) ((StepOutcome.Completed) outcome).variables().get(variable);
    }

    @Test
    void rendersTheTemplatesAndWritesTheDocumentedOutput() {
        primary.enqueue(FakeReply.text("Oslo").withUsage(1_000_000, 0));

        StepOutcome outcome = run(Map.of("model", "chat", "systemPrompt", "You answer about {{topic}}.",
                "prompt", "Capital of {{country.name}}?", "temperature", "0.1", "maxTokens", "20"),
                Map.of("topic", "geography", "country", Map.of("name", "Norway")));

        Map<String, Object> answer = answer(outcome, "answer");
        assertThat(answer).containsEntry("text", "Oslo").containsEntry("model", "primary/m")
                .containsEntry("provider", "primary").containsEntry("fallbackUsed", false).containsEntry("cached", false)
                .containsEntry("costUsd", 2.0).containsKeys("latencyMs", "toolCalls", "json");
        assertThat(answer.get("usage")).isEqualTo(Map.of("promptTokens", 1_000_000, "completionTokens", 0, "totalTokens", 1_000_000));
        var sent = primary.requests().getFirst().json();
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("You answer about geography.");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Capital of Norway?");
        assertThat(sent.at("/max_tokens").asInt()).isEqualTo(20);
    }

    @Test
    void aPlaceholderNamingNothingFailsWithoutRetriesNamingTheFieldAndElement() {
        StepOutcome outcome = run(Map.of("model", "chat", "prompt", "Hello {{nobody.here}}"), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.message()).contains("prompt: placeholder {{nobody.here}} names no variable").contains("'ask'");
        });
        assertThat(primary.requests()).isEmpty();
    }

    @Test
    void rejectsBadSettingsByName() {
        assertThat(run(Map.of("model", "chat", "prompt", "x", "temperature", "hot"), Map.of()))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("temperature: must be a number"));
        assertThat(run(Map.of("model", "chat", "prompt", "x", "fallback", "pray"), Map.of()))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("fallback:"));
        assertThat(run(Map.of("model", "nope", "prompt", "x"), Map.of()))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("model: 'nope'"));
        assertThat(run(Map.of("model", "chat", "prompt", "x", "jsonSchema", "{not json"), Map.of()))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("jsonSchema: is not valid JSON"));
    }

    @Test
    void validatesJsonOutputAndRepairsOnce() {
        String schema = "{\"type\":\"object\",\"required\":[\"city\"],\"properties\":{\"city\":{\"type\":\"string\"}}}";
        primary.enqueue(FakeReply.text("Sure! {\"town\": \"Oslo\"}").withUsage(10, 5),
                FakeReply.text("```json\n{\"city\": \"Oslo\"}\n```").withUsage(20, 6));

        Map<String, Object> answer = answer(run(Map.of("model", "chat", "prompt", "Where?", "jsonSchema", schema), Map.of()), "answer");

        assertThat(answer.get("json")).isEqualTo(Map.of("city", "Oslo"));
        assertThat(answer.get("usage")).isEqualTo(Map.of("promptTokens", 30, "completionTokens", 11, "totalTokens", 41));
        var repair = primary.requests().get(1).json().at("/messages");
        assertThat(repair.get(repair.size() - 2).path("role").asText()).isEqualTo("assistant");
        assertThat(repair.get(repair.size() - 1).path("content").asText()).contains("city").contains("not valid");
    }

    @Test
    void throwsLlmInvalidOutputWhenTheRepairFailsToo() {
        String schema = "{\"type\":\"object\",\"required\":[\"city\"]}";
        primary.enqueue(FakeReply.text("no idea"), FakeReply.text("still no idea"));

        StepOutcome outcome = run(Map.of("model", "chat", "prompt", "Where?", "jsonSchema", schema), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.BpmnError.class, e -> {
            assertThat(e.code()).isEqualTo(LlmStep.LLM_INVALID_OUTPUT);
            assertThat(e.message()).contains("after one repair attempt");
        });
        assertThat(primary.requests()).hasSize(2);
    }

    @Test
    void throwsLlmUnavailableWhenTheChainIsExhausted() {
        primary.enqueue(FakeReply.serverError());
        backup.enqueue(FakeReply.serverError());

        StepOutcome outcome = run(Map.of("model", "chat", "prompt", "hi"), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.BpmnError.class,
                e -> assertThat(e.code()).isEqualTo(LlmStep.LLM_UNAVAILABLE));
    }

    @Test
    void answersExtractivelyFromRetrievedPassagesWhenAsked() {
        primary.enqueue(FakeReply.serverError());
        backup.enqueue(FakeReply.serverError());
        List<Map<String, Object>> passages = List.of(
                Map.of("id", "c1", "documentId", "d1", "text", "The hub listens on port 8088. It needs a database.",
                        "score", 0.8, "source", "ops.md", "metadata", Map.of()));

        Map<String, Object> answer = answer(run(Map.of("model", "chat", "prompt", "Which port does the hub listen on?",
                "fallback", "extractive", "resultVariable", "reply"), Map.of("passages", passages)), "reply");

        assertThat(answer.get("model")).isEqualTo("extractive");
        assertThat(answer.get("extractive")).isEqualTo(true);
        assertThat((String) answer.get("text")).startsWith(ExtractiveModel.LABEL).contains("port 8088").contains("[1]");
        assertThat(answer.get("citations")).isEqualTo(List.of(Map.of("n", 1, "passageId", "c1", "source", "ops.md")));
    }

    @Test
    void usesTheModelChosenByModelSelect() {
        Map<String, Object> chosen = answer(StepJobHandler.run(new ModelSelectStep(router),
                StepInput.of(Map.of("route", "chat", "policy", "cheapest-capable"), Map.of())), "model");
        assertThat(chosen.get("modelId")).isEqualTo("backup/m");

        Map<String, Object> answer = answer(run(Map.of("prompt", "hi"), Map.of("model", chosen)), "answer");

        assertThat(answer.get("model")).isEqualTo("backup/m");
        assertThat(primary.requests()).isEmpty();
    }

    @Test
    void passesToolsAndReturnsParsedToolCalls() {
        primary.enqueue(FakeReply.toolCall("call_1", "lookup", "{\"q\":\"pgvector\"}"));

        Map<String, Object> answer = answer(run(Map.of("model", "chat", "prompt", "find it",
                "tools", "[{\"name\":\"lookup\",\"description\":\"search\",\"parameters\":{\"type\":\"object\"}}]"), Map.of()), "answer");

        assertThat(answer.get("toolCalls")).isEqualTo(List.of(Map.of("id", "call_1", "name", "lookup", "arguments", Map.of("q", "pgvector"))));
        assertThat(primary.requests().getFirst().json().at("/tools/0/function/name").asText()).isEqualTo("lookup");
    }

    @Test
    void aCallWithToolsGoesOnlyToModelsThatCanCallTools() {
        router.registry().putRoute(RouteSpec.of("cheap", List.of(new RouteSpec.Target("backup/m", 1),
                new RouteSpec.Target("primary/m", 0)), List.of()));
        primary.enqueue(FakeReply.toolCall("call_1", "lookup", "{}"), FakeReply.serverError());
        String tools = "[{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\"}}]";

        Map<String, Object> weighted = answer(run(Map.of("model", "cheap", "prompt", "find it", "tools", tools), Map.of()), "answer");
        StepOutcome exhausted = run(Map.of("model", "chat", "prompt", "find it", "tools", tools), Map.of());
        StepOutcome plain = run(Map.of("model", "cheap", "prompt", "no tools here"), Map.of());

        assertThat(weighted.get("model")).isEqualTo("primary/m");
        assertThat(exhausted).isInstanceOfSatisfying(StepOutcome.BpmnError.class,
                e -> assertThat(e.code()).isEqualTo(LlmStep.LLM_UNAVAILABLE));
        assertThat(answer(plain, "answer").get("model")).isEqualTo("backup/m");
        assertThat(backup.requests()).singleElement().satisfies(r -> assertThat(r.json().has("tools")).isFalse());
    }

    @Test
    void streamsTokensToTheTraceSink() {
        primary.enqueue(FakeReply.text("a b c"));

        run(Map.of("model", "chat", "prompt", "go", "stream", "true"), Map.of());

        assertThat(String.join("", streamed)).isEqualTo("ask:a ask:b ask:c");
    }

    @Test
    void messagesReplaceThePrompt() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("messages", List.of(Map.of("role", "user", "content", "first"), Map.of("role", "assistant", "content", "ok"),
                Map.of("role", "user", "content", "second")));

        Map<String, Object> answer = answer(run(Map.of("model", "chat"), vars), "answer");

        assertThat(answer.get("text")).isEqualTo("echo: second");
        assertThat(run(Map.of("model", "chat"), Map.of("messages", List.of(Map.of("role", "robot")))))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("messages[0].role"));
    }
}
