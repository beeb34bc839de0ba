package dev.weft.workers.llm.registry;

import dev.weft.workers.llm.provider.Usage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Set;

/**
 * A model as the registry knows it.
 *
 * @param id                  registry id, e.g. {@code openai/gpt-4o-mini}; flows refer to it or to a route alias
 * @param providerId          the provider serving it
 * @param providerModel       the name sent to the provider
 * @param kind                {@code chat} or {@code embedding}
 * @param capabilities        subset of {@link #KNOWN_CAPABILITIES}
 * @param contextWindow       tokens
 * @param inputPricePerMTok   USD per million prompt tokens
 * @param outputPricePerMTok  USD per million completion tokens
 * @param tags                free labels for {@code tags} selection ({@code eu}, {@code fast}, ...)
 * @param deployment          public API, private GPU or serverless GPU
 * @param embeddingDimensions for embedding models
 * @param probeInterval       how often the health probe runs
 * @param probeTimeout        how long one probe may take
 * @param coldStartGrace      how long failing probes of a waking serverless model do not count
 * @param enabled             disabled models are never routed to
 */
public record ModelSpec(String id, String providerId, String providerModel, String kind, Set<String> capabilities,
                        int contextWindow, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok, Set<String> tags,
                        Deployment deployment, Integer embeddingDimensions, Duration probeInterval, Duration probeTimeout,
                        Duration coldStartGrace, boolean enabled) {

    public static final Set<String> KNOWN_CAPABILITIES = Set.of("tools", "json", "vision", "streaming");
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelSpec {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        kind = kind == null ? "chat" : kind;
        inputPricePerMTok = inputPricePerMTok == null ? BigDecimal.ZERO : inputPricePerMTok;
        outputPricePerMTok = outputPricePerMTok == null ? BigDecimal.ZERO : outputPricePerMTok;
        deployment = deployment == null ? Deployment.PUBLIC_API : deployment;
        probeInterval = probeInterval == null ? Duration.ofSeconds(60) : probeInterval;
        probeTimeout = probeTimeout == null ? Duration.ofSeconds(10) : probeTimeout;
        coldStartGrace = coldStartGrace == null ? Duration.ZERO : coldStartGrace;
    }

    /** A chat model with defaults: no capabilities, free, public API, enabled. */
    public static ModelSpec chat(String id, String providerId, String providerModel, int contextWindow) {
        return new ModelSpec(id, providerId, providerModel, "chat", Set.of(), contextWindow, null, null, Set.of(),
                null, null, null, null, null, true);
    }

    public ModelSpec withCapabilities(String... caps) {
        return new ModelSpec(id, providerId, providerModel, kind, Set.of(caps), contextWindow, inputPricePerMTok,
                outputPricePerMTok, tags, deployment, embeddingDimensions, probeInterval, probeTimeout, coldStartGrace, enabled);
    }

    public ModelSpec withPrices(String inputPerMTok, String outputPerMTok) {
        return new ModelSpec(id, providerId, providerModel, kind, capabilities, contextWindow, new BigDecimal(inputPerMTok),
                new BigDecimal(outputPerMTok), tags, deployment, embeddingDimensions, probeInterval, probeTimeout, coldStartGrace, enabled);
    }

    public ModelSpec withTags(String... t) {
        return new ModelSpec(id, providerId, providerModel, kind, capabilities, contextWindow, inputPricePerMTok,
                outputPricePerMTok, Set.of(t), deployment, embeddingDimensions, probeInterval, probeTimeout, coldStartGrace, enabled);
    }

    public ModelSpec withDeployment(Deployment d, Duration coldStart) {
        return new ModelSpec(id, providerId, providerModel, kind, capabilities, contextWindow, inputPricePerMTok,
                outputPricePerMTok, tags, d, embeddingDimensions, probeInterval, probeTimeout, coldStart, enabled);
    }

    public ModelSpec withProbe(Duration interval, Duration timeout) {
        return new ModelSpec(id, providerId, providerModel, kind, capabilities, contextWindow, inputPricePerMTok,
                outputPricePerMTok, tags, deployment, embeddingDimensions, interval, timeout, coldStartGrace, enabled);
    }

    public ModelSpec asEmbedding(int dimensions) {
        return new ModelSpec(id, providerId, providerModel, "embedding", capabilities, contextWindow, inputPricePerMTok,
                outputPricePerMTok, tags, deployment, dimensions, probeInterval, probeTimeout, coldStartGrace, enabled);
    }

    public ModelSpec withEnabled(boolean on) {
        return new ModelSpec(id, providerId, providerModel, kind, capabilities, contextWindow, inputPricePerMTok,
                outputPricePerMTok, tags, deployment, embeddingDimensions, probeInterval, probeTimeout, coldStartGrace, on);
    }

    /** USD for a call with this usage, from the registry prices. */
    public BigDecimal cost(Usage usage) {
        return inputPricePerMTok.multiply(BigDecimal.valueOf(usage.promptTokens()))
                .add(outputPricePerMTok.multiply(BigDecimal.valueOf(usage.completionTokens())))
                .divide(MILLION, MathContext.DECIMAL64);
    }

    public boolean has(String capability) {
        return capabilities.contains(capability);
    }

    void validate() {
        if (id == null || !id.matches("[a-z0-9][a-z0-9._/:-]{0,126}")) {
            throw new InvalidSpecException("id", "must be 1-127 lowercase letters, digits, '.', '_', '/', ':' or '-'");
        }
        if (providerId == null || providerId.isBlank()) {
            throw new InvalidSpecException("providerId", "is required");
        }
        if (providerModel == null || providerModel.isBlank()) {
            throw new InvalidSpecException("providerModel", "is required");
        }
        if (!kind.equals("chat") && !kind.equals("embedding")) {
            throw new InvalidSpecException("kind", "must be chat or embedding; got '" + kind + "'");
        }
        for (String c : capabilities) {
            if (!KNOWN_CAPABILITIES.contains(c)) {
                throw new InvalidSpecException("capabilities", "unknown capability '" + c + "' (known: " + KNOWN_CAPABILITIES + ")");
            }
        }
        if (contextWindow <= 0) {
            throw new InvalidSpecException("contextWindow", "must be positive");
        }
        if (inputPricePerMTok.signum() < 0) {
            throw new InvalidSpecException("inputPricePerMTok", "must not be negative");
        }
        if (outputPricePerMTok.signum() < 0) {
            throw new InvalidSpecException("outputPricePerMTok", "must not be negative");
        }
        if (kind.equals("embedding") && (embeddingDimensions == null || embeddingDimensions <= 0)) {
            throw new InvalidSpecException("embeddingDimensions", "is required for embedding models");
        }
        if (probeInterval.isZero() || probeInterval.isNegative()) {
            throw new InvalidSpecException("probeInterval", "must be positive");
        }
        if (probeTimeout.isZero() || probeTimeout.isNegative()) {
            throw new InvalidSpecException("probeTimeout", "must be positive");
        }
        if (coldStartGrace.isNegative()) {
            throw new InvalidSpecException("coldStartGrace", "must not be negative");
        }
    }
}
