package dev.weft.workers.llm.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.workers.testing.PooledTestDatabase;
import dev.weft.testsupport.llm.FakeAnthropicServer;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.llm.extractive.ExtractiveModel;
import dev.weft.workers.llm.extractive.Passage;
import dev.weft.workers.llm.health.BreakerState;
import dev.weft.workers.llm.health.CircuitBreaker;
import dev.weft.workers.llm.health.HealthStore;
import dev.weft.workers.llm.health.MutableClock;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.provider.ProviderHttp;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.llm.usage.UsageLedger;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlmGatewayTest {

    private final FakeOpenAiServer primary = FakeOpenAiServer.start();
    private final FakeOpenAiServer backup = FakeOpenAiServer.start();
    private final FakeAnthropicServer claude = FakeAnthropicServer.start();
    private final MutableClock clock = new MutableClock();
    private static com.zaxxer.hikari.HikariDataSource ds;
    private ModelRegistry registry;
    private HealthStore health;
    private UsageLedger ledger;
    private LlmGateway gateway;

    @org.junit.jupiter.api.BeforeAll
    static void database() {
        ds = PooledTestDatabase.create("workers_gateway");
    }

    @org.junit.jupiter.api.AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @BeforeEach
    void setUp() {
        PooledTestDatabase.truncateLlm(ds);
        registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("primary", ProviderKind.OPENAI, primary.baseUrl(), "env:PRIMARY_KEY")
                .withRequestTimeout(Duration.ofSeconds(2)));
        registry.putProvider(ProviderSpec.of("backup", ProviderKind.OPENAI, backup.baseUrl(), null));
        registry.putProvider(ProviderSpec.of("claude", ProviderKind.ANTHROPIC, claude.baseUrl(), null));
        registry.putModel(ModelSpec.chat("primary/fast", "primary", "fast-1", 8_000).withPrices("1", "2"));
        registry.putModel(ModelSpec.chat("backup/slow", "backup", "slow-1", 8_000).withPrices("10", "20"));
        registry.putModel(ModelSpec.chat("claude/big", "claude", "claude-big", 200_000).withPrices("3", "15"));
        registry.putRoute(RouteSpec.of("chat", List.of(new RouteSpec.Target("primary/fast", 1)),
                List.of(RouteSpec.Fallback.always("backup/slow"))));
        health = new HealthStore(ds, new CircuitBreaker(new CircuitBreaker.Settings(3, Duration.ofSeconds(30))), clock);
        ledger = new UsageLedger(ds);
        ProviderClients clients = new ProviderClients(ProviderHttp.defaults(),
                new CredentialResolver(Map.of("PRIMARY_KEY", "sk-primary")::get, () -> null));
        gateway = new LlmGateway(new ModelRouter(registry, health, new Random(7)), clients, ledger, new ExtractiveModel(),
                List.of(), new LlmGateway.Options(Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        primary.close();
        backup.close();
        claude.close();
    }

    @Test
    void answersFromThePrimaryAndRecordsUsageAndCost() {
        primary.enqueue(FakeReply.text("hello").withUsage(1000, 500));

        LlmResult r = gateway.call(LlmCall.of("chat", ChatRequest.of("ignored", "hi")));

        assertThat(r.text()).isEqualTo("hello");
        assertThat(r.modelId()).isEqualTo("primary/fast");
        assertThat(r.fallbackUsed()).isFalse();
        assertThat(r.costUsd()).isEqualByComparingTo("0.002"); // 1000*1/1e6 + 500*2/1e6
        assertThat(primary.requests().getFirst().model()).isEqualTo("fast-1");
        assertThat(primary.requests().getFirst().header("authorization")).isEqualTo("Bearer sk-primary");
        var totals = ledger.totalsSince(Instant.EPOCH);
        assertThat(totals).singleElement().satisfies(t -> {
            assertThat(t.calls()).isEqualTo(1);
            assertThat(t.promptTokens()).isEqualTo(1000);
            assertThat(t.costUsd()).isEqualByComparingTo("0.002");
        });
        assertThat(health.read("primary/fast").latencyEwmaMs()).isNotNull();
    }

    @Test
    void fallsBackOnA5xxAndRecordsBothAttempts() {
        primary.enqueue(FakeReply.serverError());
        backup.enqueue(FakeReply.text("from backup").withUsage(10, 5));

        LlmResult r = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "hi")));

        assertThat(r.text()).isEqualTo("from backup");
        assertThat(r.modelId()).isEqualTo("backup/slow");
        assertThat(r.fallbackUsed()).isTrue();
        assertThat(r.attempts()).extracting(Attempt::modelId, Attempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary/fast", "server_error"),
                        org.assertj.core.groups.Tuple.tuple("backup/slow", "ok"));
        assertThat(ledger.totalsSince(Instant.EPOCH)).extracting(UsageLedger.ModelTotals::modelId, UsageLedger.ModelTotals::failures)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("backup/slow", 0L),
                        org.assertj.core.groups.Tuple.tuple("primary/fast", 1L));
    }

    @Test
    void fallsBackOnTimeoutConnectionRefusedAndCutStreams() {
        primary.enqueue(FakeReply.text("late").withDelay(Duration.ofSeconds(4)));
        assertThat(gateway.call(LlmCall.of("chat", ChatRequest.of("x", "a"))).attempts().getFirst().outcome()).isEqualTo("timeout");

        primary.enqueue(FakeReply.text("one two three").withCutAfterChunks(1));
        List<String> streamed = new ArrayList<>();
        LlmResult cut = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "b")).withListener(streamed::add));
        assertThat(cut.attempts().getFirst().outcome()).isEqualTo("invalid_response");
        assertThat(cut.text()).isEqualTo("echo: b");

        primary.close();
        LlmResult refused = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "c")));
        assertThat(refused.attempts().getFirst().outcome()).isEqualTo("connection");
        assertThat(refused.modelId()).isEqualTo("backup/slow");
    }

    @Test
    void honoursAShortRetryAfterOnTheSameModel() {
        primary.enqueue(FakeReply.rateLimited(Duration.ofSeconds(1)), FakeReply.text("after the wait"));

        LlmResult r = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "hi")));

        assertThat(r.text()).isEqualTo("after the wait");
        assertThat(r.modelId()).isEqualTo("primary/fast");
        assertThat(r.attempts()).extracting(Attempt::outcome).containsExactly("rate_limited", "ok");
        assertThat(backup.requests()).isEmpty();
    }

    @Test
    void fallsBackAtOnceWhenRetryAfterIsLong() {
        primary.enqueue(FakeReply.rateLimited(Duration.ofSeconds(120)));

        LlmResult r = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "hi")));

        assertThat(r.modelId()).isEqualTo("backup/slow");
        assertThat(primary.requests()).hasSize(1);
    }

    @Test
    void conditionalStepsOnlyTakeTheirErrorClasses() {
        registry.putRoute(RouteSpec.of("long", List.of(new RouteSpec.Target("primary/fast", 1)),
                List.of(new RouteSpec.Fallback("claude/big", Set.of("context_length")))));

        primary.enqueue(FakeReply.contextLengthExceeded());
        claude.enqueue(FakeReply.text("I read it all").withUsage(9000, 10));
        LlmResult big = gateway.call(LlmCall.of("long", ChatRequest.of("x", "a very long prompt")));
        assertThat(big.modelId()).isEqualTo("claude/big");
        assertThat(big.text()).isEqualTo("I read it all");

        primary.enqueue(FakeReply.serverError());
        assertThatThrownBy(() -> gateway.call(LlmCall.of("long", ChatRequest.of("x", "short"))))
                .isInstanceOf(LlmUnavailableException.class).hasMessageContaining("primary/fast -> server_error");
        assertThat(claude.requests()).hasSize(1);
    }

    @Test
    void fallbackNoneTriesOnlyTheChosenModel() {
        primary.enqueue(FakeReply.serverError());

        assertThatThrownBy(() -> gateway.call(LlmCall.of("chat", ChatRequest.of("x", "hi")).withFallback(FallbackMode.NONE)))
                .isInstanceOf(LlmUnavailableException.class);
        assertThat(backup.requests()).isEmpty();
    }

    @Test
    void endsInTheLabelledExtractiveModelWhenEverythingFails() {
        primary.enqueue(FakeReply.serverError());
        backup.enqueue(FakeReply.serverError());
        List<Passage> passages = List.of(
                new Passage("doc1#0", "Weft runs BPMN flows. The engine stores state in PostgreSQL.", "docs/engine.md", 0.9),
                new Passage("doc2#3", "Bananas are yellow.", "fruit.txt", 0.2));

        LlmResult r = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "Where does the engine store state?"))
                .withPassages(passages).withFallback(FallbackMode.EXTRACTIVE));

        assertThat(r.extractive()).isTrue();
        assertThat(r.text()).startsWith(ExtractiveModel.LABEL).contains("The engine stores state in PostgreSQL. [1]");
        assertThat(r.citations()).first().satisfies(c -> {
            assertThat(c.passageId()).isEqualTo("doc1#0");
            assertThat(c.source()).isEqualTo("docs/engine.md");
        });
        assertThat(r.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void aRouteCanMakeExtractiveItsLastResort() {
        registry.putRoute(RouteSpec.of("chat", List.of(new RouteSpec.Target("primary/fast", 1)),
                List.of(RouteSpec.Fallback.always("backup/slow"))).withExtractiveFallback(true));
        primary.enqueue(FakeReply.serverError());
        backup.enqueue(FakeReply.serverError());

        assertThat(gateway.call(LlmCall.of("chat", ChatRequest.of("x", "q"))).modelId()).isEqualTo(ExtractiveModel.ID);
    }

    @Test
    void anOpenBreakerSkipsTheModelWithoutCallingIt() {
        primary.enqueue(FakeReply.serverError(), FakeReply.serverError(), FakeReply.serverError());
        for (int i = 0; i < 3; i++) {
            gateway.call(LlmCall.of("chat", ChatRequest.of("x", "q" + i)));
        }
        assertThat(health.read("primary/fast").breaker().state()).isEqualTo(BreakerState.OPEN);

        LlmResult r = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "skip me")));

        assertThat(primary.requests()).hasSize(3);
        assertThat(r.modelId()).isEqualTo("backup/slow");
        assertThat(r.attempts().getFirst().outcome()).isEqualTo("circuit_open");

        clock.advance(Duration.ofSeconds(31)); // half-open: the next call is the trial and closes the breaker
        LlmResult trial = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "trial")));
        assertThat(trial.modelId()).isEqualTo("primary/fast");
        assertThat(health.read("primary/fast").breaker().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void streamsThroughTheGateway() {
        primary.enqueue(FakeReply.text("streamed answer here").withUsage(3, 3));
        List<String> pieces = new ArrayList<>();

        LlmResult r = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "go")).withListener(pieces::add));

        assertThat(String.join("", pieces)).isEqualTo("streamed answer here");
        assertThat(r.usage().totalTokens()).isEqualTo(6);
    }

    @Test
    void contentPolicyRefusalsDoNotHurtTheEndpointsHealth() {
        primary.enqueue(FakeReply.contentPolicy());

        LlmResult r = gateway.call(LlmCall.of("chat", ChatRequest.of("x", "something")));

        assertThat(r.attempts().getFirst().outcome()).isEqualTo("content_policy");
        assertThat(r.modelId()).as("a refusal moves along the chain like any error class").isEqualTo("backup/slow");
        assertThat(health.read("primary/fast").breaker().consecutiveFailures()).isZero();
        assertThat(health.read("primary/fast").failures()).isZero();
    }
}
