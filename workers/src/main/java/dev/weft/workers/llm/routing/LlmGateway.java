package dev.weft.workers.llm.routing;

import dev.weft.workers.llm.extractive.ExtractiveModel;
import dev.weft.workers.llm.health.HealthStore;
import dev.weft.workers.llm.provider.ChatResponse;
import dev.weft.workers.llm.provider.LlmException;
import dev.weft.workers.llm.provider.LlmFailure;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.usage.UsageEntry;
import dev.weft.workers.llm.usage.UsageLedger;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls a model through a route: cache, selection, the call, then the fallback chain on failure, and finally the
 * extractive model or {@link LlmUnavailableException}. Every attempt feeds the shared health (breaker and
 * passive signals) and the usage ledger.
 *
 * <p>Fallback rules: after a failure of class {@code c}, the next step of the route's chain whose
 * {@code onErrors} is empty or contains {@code c} is tried; steps whose breaker is open are skipped. A 429
 * whose {@code Retry-After} is at most {@link Options#maxRetryAfterWait()} is retried once on the same model
 * after that wait, since the upstream said when it will serve again.
 */
public final class LlmGateway {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LlmGateway.class);

    /**
     * @param maxRetryAfterWait longest Retry-After honoured by waiting instead of falling back
     * @param trialLease        how long a half-open trial call may take before another replica may trial
     */
    public record Options(Duration maxRetryAfterWait, Duration trialLease) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    private final ModelRouter router;
    private final ProviderClients clients;
    private final UsageLedger ledger;
    private final ExtractiveModel extractive;
    private final List<AnswerCache> caches;
    private final Options options;

    public LlmGateway(ModelRouter router, ProviderClients clients, UsageLedger ledger, ExtractiveModel extractive,
                      List<AnswerCache> caches, Options options) {
        this.router = router;
        this.clients = clients;
        this.ledger = ledger;
        this.extractive = extractive;
        this.caches = List.copyOf(caches);
        this.options = options;
    }

    public ModelRouter router() {
        return router;
    }

    /**
     * @throws LlmUnavailableException when every model failed and no extractive fallback applies
     * @throws UnknownModelException   when the name is neither a route nor a model
     */
    public LlmResult call(LlmCall call) {
        ModelRegistry registry = router.registry();
        Optional<RouteSpec> route = registry.route(call.selection().name());
        List<Attempt> attempts = new ArrayList<>();

        if (route.isPresent() && call.request().tools().isEmpty()) {
            for (AnswerCache cache : caches) {
                Optional<LlmResult> hit = safeGet(cache, route.get(), call);
                if (hit.isPresent()) {
                    LlmResult r = hit.get();
                    ledger.record(new UsageEntry(route.get().alias(), r.modelId(), null, "cache_hit",
                            r.usage().promptTokens(), r.usage().completionTokens(), BigDecimal.ZERO, 0, true, call.context()));
                    if (call.listener() != null) {
                        call.listener().onText(r.text());
                    }
                    return r.asCacheHit(List.of(new Attempt(r.modelId(), "cache_hit", cache.getClass().getSimpleName())));
                }
            }
        }

        List<Step> chain = new ArrayList<>();
        String reason;
        String lastError = null;
        try {
            Selection selection = call.pinnedModelId() != null
                    ? router.pinned(call.selection(), call.pinnedModelId())
                    : router.select(call.selection());
            reason = selection.reason();
            chain.add(new Step(selection.model().id(), null));
            if (call.fallback() != FallbackMode.NONE) {
                selection.fallbacks().forEach(f -> chain.add(new Step(f.modelId(), f)));
            }
        } catch (NoModelException e) {
            if (route.isEmpty()) {
                throw new LlmUnavailableException(e.getMessage(), List.of());
            }
            // Every target is unfit or has an open breaker: the chain is still worth walking.
            reason = "no target available (" + e.getMessage() + ")";
            lastError = "circuit_open";
            attempts.add(new Attempt(route.get().alias(), "circuit_open", e.getMessage()));
            if (call.fallback() != FallbackMode.NONE) {
                route.get().fallbacks().forEach(f -> chain.add(new Step(f.modelId(), f)));
            }
        }

        String alias = route.map(RouteSpec::alias).orElse(null);
        for (int i = 0; i < chain.size(); i++) {
            Step step = chain.get(i);
            if (step.fallback() != null && lastError != null && !step.fallback().appliesTo(lastError)) {
                continue;
            }
            Optional<ModelSpec> model = registry.model(step.modelId());
            String unfit = model.isEmpty() ? "is not in the registry" : ModelRouter.unfit(model.get(), call.selection());
            if (unfit != null) {
                attempts.add(new Attempt(step.modelId(), "unfit", unfit));
                continue;
            }
            HealthStore health = router.health();
            if (!health.admit(model.get().id(), options.trialLease())) {
                attempts.add(new Attempt(step.modelId(), "circuit_open", "circuit breaker is open"));
                lastError = lastError == null ? "circuit_open" : lastError;
                continue;
            }
            try {
                LlmResult result = attempt(model.get(), alias, call, attempts, reason, i > 0 || !attempts.isEmpty());
                if (route.isPresent() && result.toolCalls().isEmpty()) {
                    for (AnswerCache cache : caches) {
                        safePut(cache, route.get(), call, result);
                    }
                }
                return result;
            } catch (LlmException e) {
                lastError = e.failure().errorClass();
                if (call.fallback() == FallbackMode.NONE) {
                    break;
                }
            }
        }

        boolean extractiveAllowed = call.fallback() == FallbackMode.EXTRACTIVE
                || (call.fallback() == FallbackMode.CHAIN && route.map(RouteSpec::extractiveFallback).orElse(false));
        if (extractiveAllowed) {
            ExtractiveModel.Answer answer = extractive.answer(call.question() == null ? "" : call.question(), call.passages());
            attempts.add(new Attempt(ExtractiveModel.ID, "ok", "built-in extractive model"));
            ledger.record(new UsageEntry(alias, ExtractiveModel.ID, null, "ok", 0, 0, BigDecimal.ZERO, 0, false, call.context()));
            if (call.listener() != null) {
                call.listener().onText(answer.text());
            }
            return new LlmResult(answer.text(), List.of(), dev.weft.workers.llm.provider.Usage.NONE, ExtractiveModel.ID,
                    null, alias, BigDecimal.ZERO, 0, true, false, reason, attempts, answer.citations());
        }
        throw new LlmUnavailableException("no model answered for '" + call.selection().name() + "'", attempts);
    }

    /** Calls one model, retrying once after a short Retry-After; records health and ledger either way. */
    private LlmResult attempt(ModelSpec model, String alias, LlmCall call, List<Attempt> attempts, String reason,
                              boolean fallbackUsed) {
        ProviderSpec provider = router.registry().provider(model.providerId())
                .orElseThrow(() -> new IllegalStateException("model '" + model.id() + "' names unknown provider '"
                        + model.providerId() + "'"));
        boolean retried = false;
        while (true) {
            long start = System.nanoTime();
            try {
                ChatResponse response = clients.client(provider)
                        .chat(call.request().withModel(model.providerModel()), call.listener());
                long ms = response.latencyMillis();
                BigDecimal cost = model.cost(response.usage());
                router.health().recordSuccess(model.id(), ms);
                ledger.record(new UsageEntry(alias, model.id(), provider.id(), "ok", response.usage().promptTokens(),
                        response.usage().completionTokens(), cost, ms, false, call.context()));
                attempts.add(new Attempt(model.id(), "ok", null));
                return new LlmResult(response.text(), response.toolCalls(), response.usage(), model.id(), provider.id(),
                        alias, cost, ms, fallbackUsed, false, reason, attempts, List.of());
            } catch (LlmException e) {
                LlmFailure f = e.failure();
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (f.endpointFault()) {
                    router.health().recordFailure(model.id(), f.errorClass(), f.message());
                } else {
                    router.health().recordAnswered(model.id());
                }
                ledger.record(new UsageEntry(alias, model.id(), provider.id(), f.errorClass(), 0, 0, BigDecimal.ZERO, ms,
                        false, call.context()));
                attempts.add(new Attempt(model.id(), f.errorClass(), f.message()));
                if (!retried && f instanceof LlmFailure.RateLimited rl && rl.retryAfter() != null
                        && rl.retryAfter().compareTo(options.maxRetryAfterWait()) <= 0) {
                    retried = true;
                    sleep(rl.retryAfter());
                    continue;
                }
                throw e;
            }
        }
    }

    /** A cache that fails is a miss, never a failed call. */
    private static Optional<LlmResult> safeGet(AnswerCache cache, RouteSpec route, LlmCall call) {
        try {
            return cache.get(route, call.context().tenant(), call.request());
        } catch (RuntimeException e) {
            LOG.warn("Answer cache {} failed on route {}; treating as a miss: {}", cache.getClass().getSimpleName(),
                    route.alias(), e.getMessage());
            return Optional.empty();
        }
    }

    /** An answer that could not be cached is still an answer. */
    private static void safePut(AnswerCache cache, RouteSpec route, LlmCall call, LlmResult result) {
        try {
            cache.put(route, call.context().tenant(), call.request(), result);
        } catch (RuntimeException e) {
            LOG.warn("Answer cache {} could not store an answer of route {}: {}", cache.getClass().getSimpleName(),
                    route.alias(), e.getMessage());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(new LlmFailure.ConnectionFailed("interrupted while honouring Retry-After"), e);
        }
    }

    private record Step(String modelId, RouteSpec.Fallback fallback) {
    }
}
