package dev.weft.workers.llm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.testsupport.WeftServices;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.llm.extractive.ExtractiveModel;
import dev.weft.workers.llm.health.CircuitBreaker;
import dev.weft.workers.llm.health.HealthStore;
import dev.weft.workers.llm.health.MutableClock;
import dev.weft.workers.llm.provider.ChatMessage;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.usage.CallContext;
import dev.weft.workers.llm.provider.ProviderHttp;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.routing.LlmCall;
import dev.weft.workers.llm.routing.LlmGateway;
import dev.weft.workers.llm.routing.LlmResult;
import dev.weft.workers.llm.routing.ModelRouter;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.llm.usage.UsageLedger;
import dev.weft.workers.rag.embedding.BuiltinEmbeddingModel;
import dev.weft.workers.testing.PooledTestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {

    private static HikariDataSource ds;
    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final MutableClock clock = new MutableClock();
    private final String exactPrefix = "weft:test:" + UUID.randomUUID() + ":";
    private final RedisExactCache exact = new RedisExactCache(WeftServices.get().redisUrl(), exactPrefix);
    private ModelRegistry registry;
    private UsageLedger ledger;
    private LlmGateway gateway;

    @BeforeAll
    static void database() {
        ds = PooledTestDatabase.create("workers_cache");
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @BeforeEach
    void setUp() {
        PooledTestDatabase.truncateLlm(ds);
        registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("p", ProviderKind.OPENAI, server.baseUrl(), null));
        registry.putModel(ModelSpec.chat("p/m", "p", "m", 8000).withPrices("1", "1"));
        ledger = new UsageLedger(ds);
        gateway = new LlmGateway(new ModelRouter(registry, new HealthStore(ds, new CircuitBreaker(CircuitBreaker.Settings.DEFAULT), clock),
                new Random(1)), new ProviderClients(ProviderHttp.defaults(), new CredentialResolver(Map.<String, String>of()::get, () -> null)),
                ledger, new ExtractiveModel(), List.of(exact, new SemanticCache(ds, BuiltinEmbeddingModel.get(), clock)),
                LlmGateway.Options.DEFAULT);
    }

    @AfterEach
    void stop() {
        server.close();
        exact.close();
    }

    private void route(RouteSpec.CacheSettings cache) {
        registry.putRoute(RouteSpec.of("cached", List.of(new RouteSpec.Target("p/m", 1)), List.of()).withCache(cache));
    }

    @Test
    void theExactCacheAnswersTheSameRequestFromRedis() {
        route(new RouteSpec.CacheSettings(Duration.ofMinutes(5), Duration.ZERO, 0.95));
        server.enqueue(FakeReply.text("forty-two").withUsage(10, 2));

        LlmResult first = gateway.call(LlmCall.of("cached", ChatRequest.of("x", "meaning of life?")));
        LlmResult second = gateway.call(LlmCall.of("cached", ChatRequest.of("x", "meaning of life?")));
        LlmResult other = gateway.call(LlmCall.of("cached", ChatRequest.of("x", "something else")));

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.text()).isEqualTo("forty-two");
        assertThat(other.cached()).isFalse();
        assertThat(server.requests()).hasSize(2);
        assertThat(ledger.totalsSince(Instant.EPOCH)).singleElement()
                .satisfies(t -> assertThat(t.cacheHits()).isEqualTo(1));
        try (var redis = new redis.clients.jedis.JedisPooled(WeftServices.get().redisUrl())) {
            assertThat(redis.keys(exactPrefix + "*")).as("one entry per distinct request, expiring with the route's TTL")
                    .hasSize(2).allSatisfy(k -> assertThat(redis.ttl(k)).isBetween(1L, 300L));
        }
    }

    @Test
    void routesWithoutCachingAlwaysCallTheModel() {
        route(RouteSpec.CacheSettings.OFF);

        gateway.call(LlmCall.of("cached", ChatRequest.of("x", "same")));
        gateway.call(LlmCall.of("cached", ChatRequest.of("x", "same")));

        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void theSemanticCacheAnswersSimilarRequestsUntilItsTtl() {
        route(new RouteSpec.CacheSettings(Duration.ZERO, Duration.ofMinutes(10), 0.9));
        server.enqueue(FakeReply.text("Paris"));

        gateway.call(LlmCall.of("cached", ChatRequest.of("x", "What is the capital of France?")));
        LlmResult similar = gateway.call(LlmCall.of("cached", ChatRequest.of("x", "what is the capital of france")));
        LlmResult unrelated = gateway.call(LlmCall.of("cached", ChatRequest.of("x", "How do I bake sourdough bread?")));
        clock.advance(Duration.ofMinutes(11));
        LlmResult expired = gateway.call(LlmCall.of("cached", ChatRequest.of("x", "what is the capital of france")));

        assertThat(similar.cached()).isTrue();
        assertThat(similar.text()).isEqualTo("Paris");
        assertThat(unrelated.cached()).isFalse();
        assertThat(expired.cached()).isFalse();
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aSemanticHitNeedsTheSameSystemPromptHistoryAndSchema() {
        route(new RouteSpec.CacheSettings(Duration.ZERO, Duration.ofMinutes(10), 0.9));
        server.enqueue(FakeReply.text("Paris"));
        String question = "What is the capital of France?";
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "object");

        gateway.call(LlmCall.of("cached", new ChatRequest("x", "Answer in English.", List.of(ChatMessage.user(question)),
                null, null, List.of(), null)));
        LlmResult sameContext = gateway.call(LlmCall.of("cached", new ChatRequest("x", "Answer in English.",
                List.of(ChatMessage.user("what is the capital of france")), null, null, List.of(), null)));
        LlmResult otherSystem = gateway.call(LlmCall.of("cached", new ChatRequest("x", "Answer in French.",
                List.of(ChatMessage.user(question)), null, null, List.of(), null)));
        LlmResult otherHistory = gateway.call(LlmCall.of("cached", new ChatRequest("x", "Answer in English.",
                List.of(ChatMessage.user("We talk about Texas."), ChatMessage.assistant("Sure."), ChatMessage.user(question)),
                null, null, List.of(), null)));
        LlmResult withSchema = gateway.call(LlmCall.of("cached", new ChatRequest("x", "Answer in English.",
                List.of(ChatMessage.user(question)), null, null, List.of(), schema)));

        assertThat(sameContext.cached()).isTrue();
        assertThat(sameContext.text()).isEqualTo("Paris");
        assertThat(List.of(otherSystem, otherHistory, withSchema)).noneMatch(LlmResult::cached);
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void oneTenantNeverGetsAnotherTenantsCachedAnswer() {
        route(new RouteSpec.CacheSettings(Duration.ofMinutes(5), Duration.ofMinutes(10), 0.9));
        server.enqueue(FakeReply.text("acme's answer"), FakeReply.text("globex's answer"));
        ChatRequest question = ChatRequest.of("x", "What does our contract say about refunds?");
        CallContext acme = new CallContext("acme", null, "ask");
        CallContext globex = new CallContext("globex", null, "ask");

        LlmResult first = gateway.call(LlmCall.of("cached", question).withContext(acme));
        LlmResult otherTenant = gateway.call(LlmCall.of("cached", question).withContext(globex));
        LlmResult sameTenant = gateway.call(LlmCall.of("cached", question).withContext(acme));

        assertThat(first.cached()).isFalse();
        assertThat(otherTenant.cached()).isFalse();
        assertThat(otherTenant.text()).isEqualTo("globex's answer");
        assertThat(sameTenant.cached()).isTrue();
        assertThat(sameTenant.text()).isEqualTo("acme's answer");
        assertThat(server.requests()).hasSize(2);
    }
}
