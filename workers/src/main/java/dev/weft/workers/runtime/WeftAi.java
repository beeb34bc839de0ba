package dev.weft.workers.runtime;

import dev.weft.workers.job.Step;
import dev.weft.workers.llm.cache.RedisExactCache;
import dev.weft.workers.llm.cache.SemanticCache;
import dev.weft.workers.llm.extractive.ExtractiveModel;
import dev.weft.workers.llm.health.CircuitBreaker;
import dev.weft.workers.llm.health.HealthProber;
import dev.weft.workers.llm.health.HealthStore;
import dev.weft.workers.llm.provider.ProviderHttp;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.routing.AnswerCache;
import dev.weft.workers.llm.routing.LlmGateway;
import dev.weft.workers.llm.routing.ModelRouter;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.llm.step.LlmStep;
import dev.weft.workers.llm.step.ModelSelectStep;
import dev.weft.workers.llm.step.TokenSink;
import dev.weft.workers.llm.usage.UsageLedger;
import dev.weft.workers.rag.CollectionStore;
import dev.weft.workers.rag.embedding.BuiltinEmbeddingModel;
import dev.weft.workers.rag.embedding.EmbeddingModels;
import dev.weft.workers.rag.ingest.Ingestor;
import dev.weft.workers.rag.retrieve.Retriever;
import dev.weft.workers.rag.step.IngestStep;
import dev.weft.workers.rag.step.RetrieveStep;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Weft's AI layer assembled on one database: registry, health, routing, gateway, retrieval and the built-in
 * steps. The hub creates one per process (as a bean) and hands {@link #steps()} to {@link WeftWorkers}; custom
 * workers use {@link #gateway()} and {@link #retriever()} directly.
 */
public final class WeftAi implements AutoCloseable {

    /**
     * @param dataSource  a pooled DataSource on the migrated Weft database
     * @param redisUrl    for the exact-match cache; null disables it
     * @param credentials how provider credentials are resolved (default: environment + WEFT_SECRET_KEY)
     * @param clock       time for health and caches
     * @param breaker     circuit breaker settings
     * @param tokens      where streamed tokens go (the run trace)
     */
    public record Config(DataSource dataSource, URI redisUrl, CredentialResolver credentials, InstantSource clock,
                         CircuitBreaker.Settings breaker, TokenSink tokens) {
        public Config {
            java.util.Objects.requireNonNull(dataSource, "dataSource");
            credentials = credentials == null ? CredentialResolver.fromEnvironment() : credentials;
            clock = clock == null ? InstantSource.system() : clock;
            breaker = breaker == null ? CircuitBreaker.Settings.DEFAULT : breaker;
            tokens = tokens == null ? TokenSink.NONE : tokens;
        }

        public Config withCredentials(CredentialResolver c) {
            return new Config(dataSource, redisUrl, c, clock, breaker, tokens);
        }

        public Config withTokens(TokenSink t) {
            return new Config(dataSource, redisUrl, credentials, clock, breaker, t);
        }
    }

    private final Config config;
    private final ModelRegistry registry;
    private final HealthStore health;
    private final ModelRouter router;
    private final ProviderClients clients;
    private final UsageLedger ledger;
    private final LlmGateway gateway;
    private final CollectionStore collections;
    private final Retriever retriever;
    private final Ingestor ingestor;
    private final RedisExactCache exact;

    /**
     * How often a replica looks for registry changes and reloads its health view: registry edits and breaker
     * changes made elsewhere take effect here within about this long (this replica's own at once).
     */
    public static final Duration REFRESH_EVERY = Duration.ofMillis(500);
    /** How often queued usage rows are written. */
    public static final Duration LEDGER_FLUSH_EVERY = Duration.ofMillis(200);
    /** Usage rows held before callers write their own (back-pressure instead of loss). */
    public static final int LEDGER_CAPACITY = 10_000;

    public WeftAi(Config config) {
        this.config = config;
        // The call path reads registry and health from memory and queues usage rows: no database round trip
        // per LLM call (issue 4, worker overhead < 2 ms at p99).
        registry = ModelRegistry.cached(config.dataSource(), REFRESH_EVERY);
        health = HealthStore.withView(config.dataSource(), new CircuitBreaker(config.breaker()), config.clock(),
                REFRESH_EVERY);
        router = new ModelRouter(registry, health, new SecureRandom());
        clients = new ProviderClients(ProviderHttp.defaults(), config.credentials());
        ledger = UsageLedger.batched(config.dataSource(), LEDGER_CAPACITY, LEDGER_FLUSH_EVERY);
        List<AnswerCache> caches = new ArrayList<>();
        exact = config.redisUrl() == null ? null : new RedisExactCache(config.redisUrl(), "weft:llm:exact:");
        if (exact != null) {
            caches.add(exact);
        }
        caches.add(new SemanticCache(config.dataSource(), BuiltinEmbeddingModel.get(), config.clock()));
        gateway = new LlmGateway(router, clients, ledger, new ExtractiveModel(), caches, LlmGateway.Options.DEFAULT);
        collections = new CollectionStore(config.dataSource());
        EmbeddingModels embeddings = new EmbeddingModels(registry, clients);
        retriever = new Retriever(collections, embeddings);
        ingestor = new Ingestor(collections, embeddings);
    }

    /** Production defaults: environment credentials, system clock, default breaker, no token sink. */
    public static WeftAi on(DataSource dataSource, URI redisUrl) {
        return new WeftAi(new Config(dataSource, redisUrl, null, null, null, null));
    }

    public ModelRegistry registry() {
        return registry;
    }

    public HealthStore health() {
        return health;
    }

    public ModelRouter router() {
        return router;
    }

    public LlmGateway gateway() {
        return gateway;
    }

    public UsageLedger ledger() {
        return ledger;
    }

    public Retriever retriever() {
        return retriever;
    }

    public Ingestor ingestor() {
        return ingestor;
    }

    public CollectionStore collections() {
        return collections;
    }

    /** A prober over this registry; call {@code start(tick)} to run it in the background. */
    public HealthProber prober() {
        return new HealthProber(registry, clients, health);
    }

    /** The built-in steps, one per job type of docs/job-types.md that this module implements. */
    public List<Step> steps() {
        return steps(java.util.Set.of());
    }

    /**
     * The built-in steps; {@code httpAllowHosts} may be reached by every {@code weft.http} and {@code weft.mcp-tool}
     * node despite the SSRF guard.
     */
    public List<Step> steps(java.util.Set<String> httpAllowHosts) {
        return List.of(new ModelSelectStep(router), new LlmStep(gateway, config.tokens()), new RetrieveStep(retriever),
                new IngestStep(ingestor), new dev.weft.workers.aggregate.AggregateStep(gateway),
                new dev.weft.workers.http.HttpStep(httpAllowHosts), new dev.weft.workers.mcp.McpToolStep(httpAllowHosts),
                new dev.weft.workers.guard.GuardStep());
    }

    /** Writes the queued usage rows and health samples, then stops the background threads. */
    @Override
    public void close() {
        try {
            ledger.close();
            health.close();
            registry.close();
        } finally {
            if (exact != null) {
                exact.close();
            }
        }
    }
}
