package dev.weft.workers.llm.registry;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model alias flows use instead of a concrete model.
 *
 * @param alias              the name flows write in {@code model} / {@code route}
 * @param description        for people
 * @param targets            weighted primary models
 * @param fallbacks          ordered chain tried after the chosen target fails
 * @param rules              gray rules checked before the weights
 * @param extractiveFallback when the whole chain fails, answer with the built-in extractive model
 * @param cache              answer caches, off by default
 */
public record RouteSpec(String alias, String description, List<Target> targets, List<Fallback> fallbacks,
                        List<GrayRule> rules, boolean extractiveFallback, CacheSettings cache) {

    /** Error classes a fallback step may name; see {@code LlmFailure.errorClass()}. */
    public static final Set<String> ERROR_CLASSES = Set.of("server_error", "rate_limited", "timeout", "connection",
            "context_length", "content_policy", "auth", "bad_request", "invalid_response", "circuit_open");

    public RouteSpec {
        description = description == null ? "" : description;
        targets = targets == null ? List.of() : List.copyOf(targets);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        rules = rules == null ? List.of() : List.copyOf(rules);
        cache = cache == null ? CacheSettings.OFF : cache;
    }

    public static RouteSpec of(String alias, List<Target> targets, List<Fallback> fallbacks) {
        return new RouteSpec(alias, "", targets, fallbacks, List.of(), false, CacheSettings.OFF);
    }

    public RouteSpec withExtractiveFallback(boolean on) {
        return new RouteSpec(alias, description, targets, fallbacks, rules, on, cache);
    }

    public RouteSpec withRules(List<GrayRule> r) {
        return new RouteSpec(alias, description, targets, fallbacks, r, extractiveFallback, cache);
    }

    public RouteSpec withCache(CacheSettings c) {
        return new RouteSpec(alias, description, targets, fallbacks, rules, extractiveFallback, c);
    }

    /** A weighted target; weight 0 keeps a model on the route without traffic (e.g. before a canary starts). */
    public record Target(String modelId, int weight) {
    }

    /** A fallback step; it is taken when the failure's class is in {@code onErrors}, or on any failure when empty. */
    public record Fallback(String modelId, Set<String> onErrors) {
        public Fallback {
            onErrors = onErrors == null ? Set.of() : Set.copyOf(onErrors);
        }

        public static Fallback always(String modelId) {
            return new Fallback(modelId, Set.of());
        }

        public boolean appliesTo(String errorClass) {
            return onErrors.isEmpty() || onErrors.contains(errorClass);
        }
    }

    /** Requests whose {@code attribute} ({@code tenant}, {@code user}, {@code deviceType}) equals value go to modelId. */
    public record GrayRule(String attribute, String value, String modelId) {
    }

    /**
     * @param exactTtl          Redis exact-match cache lifetime; zero = off
     * @param semanticTtl       pgvector semantic cache lifetime; zero = off
     * @param semanticThreshold cosine similarity at or above which a cached answer is reused
     */
    public record CacheSettings(Duration exactTtl, Duration semanticTtl, double semanticThreshold) {
        public static final CacheSettings OFF = new CacheSettings(Duration.ZERO, Duration.ZERO, 0.95);

        public boolean exact() {
            return !exactTtl.isZero();
        }

        public boolean semantic() {
            return !semanticTtl.isZero();
        }
    }

    void validate() {
        if (alias == null || !alias.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new InvalidSpecException("alias", "must be 1-63 lowercase letters, digits, '.', '_' or '-'");
        }
        if (targets.isEmpty()) {
            throw new InvalidSpecException("targets", "a route needs at least one target");
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            if (t.weight() < 0) {
                throw new InvalidSpecException("targets[" + i + "].weight", "must not be negative");
            }
            if (!seen.add(t.modelId())) {
                throw new InvalidSpecException("targets[" + i + "].modelId", "'" + t.modelId() + "' is listed twice");
            }
            total += t.weight();
        }
        if (total == 0) {
            throw new InvalidSpecException("targets", "at least one target needs a positive weight");
        }
        for (int i = 0; i < fallbacks.size(); i++) {
            for (String c : fallbacks.get(i).onErrors()) {
                if (!ERROR_CLASSES.contains(c)) {
                    throw new InvalidSpecException("fallbacks[" + i + "].onErrors", "unknown error class '" + c
                            + "' (known: " + ERROR_CLASSES + ")");
                }
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            String a = rules.get(i).attribute();
            if (!Set.of("tenant", "user", "deviceType").contains(a)) {
                throw new InvalidSpecException("rules[" + i + "].attribute", "must be tenant, user or deviceType");
            }
        }
        if (cache.exactTtl().isNegative() || cache.semanticTtl().isNegative()) {
            throw new InvalidSpecException("cache", "TTLs must not be negative");
        }
        if (cache.semanticThreshold() <= 0 || cache.semanticThreshold() > 1) {
            throw new InvalidSpecException("cache.semanticThreshold", "must be in (0, 1]");
        }
    }
}
