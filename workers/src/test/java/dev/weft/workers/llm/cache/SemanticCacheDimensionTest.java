package dev.weft.workers.llm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.llm.extractive.ExtractiveModel;
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
import dev.weft.workers.llm.routing.LlmCall;
import dev.weft.workers.llm.routing.LlmGateway;
import dev.weft.workers.llm.routing.LlmResult;
import dev.weft.workers.llm.routing.ModelRouter;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.llm.usage.UsageLedger;
import dev.weft.workers.rag.embedding.BuiltinEmbeddingModel;
import dev.weft.workers.rag.embedding.EmbeddingModel;
import dev.weft.workers.rag.embedding.EmbeddingModels;
import dev.weft.workers.testing.PooledTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The semantic cache with embedding models of two dimensions in one table: the built-in model (384) and a
 * registry model served over HTTP (64). Each answers similar requests from its own rows and never compares its
 * vectors with the other model's.
 */
class SemanticCacheDimensionTest {

    private static HikariDataSource ds;
    private static final FakeOpenAiServer LLM = FakeOpenAiServer.start().embeddingDimensions(64);
    private static final MutableClock CLOCK = new MutableClock();
    private static ModelRegistry registry;
    private static ProviderClients clients;

    @BeforeAll
    static void setUp() {
        ds = PooledTestDatabase.create("workers_semcache_dims");
        registry = new ModelRegistry(ds);
        clients = new ProviderClients(ProviderHttp.defaults(), new CredentialResolver(Map.<String, String>of()::get, () -> null));
        registry.putProvider(ProviderSpec.of("p", ProviderKind.OPENAI, LLM.baseUrl(), null));
        registry.putModel(ModelSpec.chat("p/m", "p", "m", 8000).withPrices("1", "1"));
        registry.putModel(ModelSpec.chat("p/e64", "p", "embed-64", 8192).asEmbedding(64));
        registry.putRoute(RouteSpec.of("cached", List.of(new RouteSpec.Target("p/m", 1)), List.of())
                .withCache(new RouteSpec.CacheSettings(Duration.ZERO, Duration.ofMinutes(10), 0.9)));
    }

    @AfterAll
    static void stop() {
        LLM.close();
        ds.close();
    }

    private static LlmGateway gatewayWith(EmbeddingModel embeddings) {
        return new LlmGateway(new ModelRouter(registry, new HealthStore(ds, new CircuitBreaker(CircuitBreaker.Settings.DEFAULT),
                CLOCK), new Random(1)), clients, new UsageLedger(ds), new ExtractiveModel(),
                List.of(new SemanticCache(ds, embeddings, CLOCK)), LlmGateway.Options.DEFAULT);
    }

    @Test
    void modelsOfDifferentDimensionsEachAnswerFromTheirOwnRows() throws SQLException {
        EmbeddingModel e64 = new EmbeddingModels(registry, clients).resolve("p/e64");
        assertThat(e64.dimension()).isEqualTo(64);
        LlmGateway with384 = gatewayWith(BuiltinEmbeddingModel.get());
        LlmGateway with64 = gatewayWith(e64);
        LLM.enqueue(FakeReply.text("Paris"), FakeReply.text("Paris (64)"), FakeReply.text("sourdough"),
                FakeReply.text("sourdough (64)"));

        LlmResult first384 = with384.call(LlmCall.of("cached", ChatRequest.of("x", "What is the capital of France?")));
        LlmResult similar384 = with384.call(LlmCall.of("cached", ChatRequest.of("x", "what is the capital of france")));
        // The 64-dimension model has no row of its own yet: the 384 row must not answer it.
        LlmResult first64 = with64.call(LlmCall.of("cached", ChatRequest.of("x", "What is the capital of France?")));
        LlmResult similar64 = with64.call(LlmCall.of("cached", ChatRequest.of("x", "what is the capital of france")));
        LlmResult unrelated384 = with384.call(LlmCall.of("cached", ChatRequest.of("x", "How do I bake sourdough bread?")));
        LlmResult unrelated64 = with64.call(LlmCall.of("cached", ChatRequest.of("x", "How do I bake sourdough bread?")));

        assertThat(first384.cached()).isFalse();
        assertThat(similar384.cached()).isTrue();
        assertThat(similar384.text()).isEqualTo("Paris");
        assertThat(first64.cached()).isFalse();
        assertThat(first64.text()).isEqualTo("Paris (64)");
        assertThat(similar64.cached()).isTrue();
        assertThat(similar64.text()).isEqualTo("Paris (64)");
        assertThat(unrelated384.cached()).isFalse();
        assertThat(unrelated64.cached()).isFalse();
        assertThat(LLM.requests(FakeOpenAiServer.CHAT)).hasSize(4);

        List<String> rows = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT embedding_model || ':' || dimension || ':' || vector_dims(embedding)"
                    + " FROM llm.semantic_cache ORDER BY 1")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = 'llm'"
                    + " AND tablename = 'semantic_cache' AND indexdef LIKE '%hnsw%' ORDER BY 1")) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
            }
        }
        assertThat(rows).containsExactly("builtin/all-minilm-l6-v2:384:384", "builtin/all-minilm-l6-v2:384:384",
                "p/e64:64:64", "p/e64:64:64");
        assertThat(indexes).containsExactly("semantic_cache_embedding_384_idx", "semantic_cache_embedding_64_idx");
    }
}
