package dev.weft.workers.llm.routing;

import dev.weft.workers.llm.health.HealthStore;
import dev.weft.workers.llm.health.ModelHealth;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Chooses a model for a request: gray rules first, then the policy over the route's targets that are enabled,
 * capable, big enough and not skipped by their circuit breaker.
 */
public final class ModelRouter {

    private final ModelRegistry registry;
    private final HealthStore health;
    private final RandomGenerator random;

    public ModelRouter(ModelRegistry registry, HealthStore health, RandomGenerator random) {
        this.registry = registry;
        this.health = health;
        this.random = random;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public HealthStore health() {
        return health;
    }

    /**
     * @throws UnknownModelException when the name is neither a route nor a model
     * @throws NoModelException      when nothing healthy fits
     */
    public Selection select(SelectionRequest request) {
        Optional<RouteSpec> route = registry.route(request.name());
        if (route.isEmpty()) {
            ModelSpec model = registry.model(request.name()).orElseThrow(() -> new UnknownModelException(request.name()));
            String unfit = unfit(model, request);
            if (unfit != null) {
                throw new NoModelException("model '" + model.id() + "' " + unfit);
            }
            if (!health.current(model.id()).routable(health.breaker(), health.clock().instant())) {
                throw new NoModelException("model '" + model.id() + "' is skipped: its circuit breaker is open");
            }
            return new Selection(null, model, "model asked for by id", List.of());
        }
        return select(route.get(), request);
    }

    /**
     * The selection for a model chosen earlier (by a {@code weft.model-select} node): that model first, then the
     * route's fallbacks. Health is checked when the call is made, not here.
     */
    public Selection pinned(SelectionRequest request, String modelId) {
        ModelSpec model = registry.model(modelId).orElseThrow(() -> new UnknownModelException(modelId));
        Optional<RouteSpec> route = registry.route(request.name());
        return route.map(r -> new Selection(r, model, "chosen earlier by model-select", fallbacksAfter(r, model)))
                .orElseGet(() -> new Selection(null, model, "chosen earlier by model-select", List.of()));
    }

    private Selection select(RouteSpec route, SelectionRequest request) {
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        for (RouteSpec.Target t : route.targets()) {
            registry.model(t.modelId()).ifPresent(m -> models.put(m.id(), m));
        }
        for (RouteSpec.GrayRule r : route.rules()) {
            registry.model(r.modelId()).ifPresent(m -> models.putIfAbsent(m.id(), m));
        }
        Map<String, ModelHealth> healthById = health.current(models.keySet());
        Instant now = health.clock().instant();
        List<String> rejected = new ArrayList<>();

        for (RouteSpec.GrayRule rule : route.rules()) {
            String value = request.attribute(rule.attribute());
            ModelSpec m = models.get(rule.modelId());
            if (value != null && value.equals(rule.value()) && m != null && usable(m, request, healthById, now, rejected)) {
                return new Selection(route, m, "gray rule " + rule.attribute() + "=" + rule.value(), fallbacksAfter(route, m));
            }
        }

        List<RouteSpec.Target> candidates = new ArrayList<>();
        for (RouteSpec.Target t : route.targets()) {
            ModelSpec m = models.get(t.modelId());
            if (m == null) {
                continue;
            }
            if (!request.tags().isEmpty() && !m.tags().containsAll(request.tags())) {
                rejected.add(m.id() + " lacks tags " + request.tags());
                continue;
            }
            if (usable(m, request, healthById, now, rejected)) {
                candidates.add(t);
            }
        }
        if (candidates.isEmpty()) {
            throw new NoModelException("route '" + route.alias() + "' has no healthy model for this request: "
                    + String.join("; ", rejected));
        }
        ModelSpec chosen;
        String reason;
        switch (request.policy()) {
            case LOWEST_LATENCY -> {
                chosen = candidates.stream().map(t -> models.get(t.modelId()))
                        .min(Comparator.comparingDouble(m -> latency(healthById.get(m.id())))).orElseThrow();
                Double ms = healthById.get(chosen.id()).latencyEwmaMs();
                reason = "lowest latency" + (ms == null ? " (no measurements yet)" : String.format(" (%.0f ms average)", ms));
            }
            case CHEAPEST_CAPABLE -> {
                chosen = candidates.stream().map(t -> models.get(t.modelId()))
                        .min(Comparator.comparing((ModelSpec m) -> m.inputPricePerMTok().add(m.outputPricePerMTok()))
                                .thenComparing(ModelSpec::id)).orElseThrow();
                BigDecimal price = chosen.inputPricePerMTok().add(chosen.outputPricePerMTok());
                reason = "cheapest capable (" + price.toPlainString() + " USD per million in+out tokens)";
            }
            case WEIGHTED, TAGS -> {
                int total = candidates.stream().mapToInt(RouteSpec.Target::weight).sum();
                RouteSpec.Target pick = candidates.getFirst();
                if (total > 0) {
                    int r = random.nextInt(total);
                    for (RouteSpec.Target t : candidates) {
                        r -= t.weight();
                        if (r < 0) {
                            pick = t;
                            break;
                        }
                    }
                }
                chosen = models.get(pick.modelId());
                reason = (request.policy() == Policy.TAGS ? "tags " + request.tags() + ", " : "")
                        + "weighted " + pick.weight() + "/" + total;
            }
            default -> throw new IllegalStateException("unhandled policy " + request.policy());
        }
        return new Selection(route, chosen, reason, fallbacksAfter(route, chosen));
    }

    private boolean usable(ModelSpec m, SelectionRequest request, Map<String, ModelHealth> healthById, Instant now,
                           List<String> rejected) {
        String unfit = unfit(m, request);
        if (unfit != null) {
            rejected.add(m.id() + " " + unfit);
            return false;
        }
        if (!healthById.getOrDefault(m.id(), ModelHealth.unknown(m.id())).routable(health.breaker(), now)) {
            rejected.add(m.id() + " has an open circuit breaker");
            return false;
        }
        return true;
    }

    /** Why a model cannot serve the request regardless of health, or null. */
    static String unfit(ModelSpec m, SelectionRequest request) {
        if (!m.enabled()) {
            return "is disabled";
        }
        if (!"chat".equals(m.kind())) {
            return "is not a chat model";
        }
        if (!m.capabilities().containsAll(request.requires())) {
            return "lacks " + request.requires().stream().filter(c -> !m.has(c)).sorted().toList();
        }
        int needed = Math.max(request.minContext(), request.promptTokens());
        if (m.contextWindow() < needed) {
            return "has a " + m.contextWindow() + "-token context window, " + needed + " needed";
        }
        return null;
    }

    private static double latency(ModelHealth h) {
        return h == null || h.latencyEwmaMs() == null ? Double.MAX_VALUE : h.latencyEwmaMs();
    }

    private static List<RouteSpec.Fallback> fallbacksAfter(RouteSpec route, ModelSpec chosen) {
        return route.fallbacks().stream().filter(f -> !f.modelId().equals(chosen.id())).toList();
    }
}
