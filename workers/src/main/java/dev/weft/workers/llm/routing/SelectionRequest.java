package dev.weft.workers.llm.routing;

import java.util.Set;

/**
 * What a caller needs from a model.
 *
 * @param name         a route alias or a registry model id
 * @param policy       how to choose among targets
 * @param requires     capabilities every candidate must have ({@code tools}, {@code json}, {@code vision})
 * @param minContext   minimum context window in tokens (0 = any)
 * @param tags         tags every candidate must carry (policy {@code tags}; ignored otherwise unless non-empty)
 * @param tenant       for gray rules; may be null
 * @param user         for gray rules; may be null
 * @param deviceType   for gray rules; may be null
 * @param promptTokens estimated prompt size; candidates need a context window at least this big
 */
public record SelectionRequest(String name, Policy policy, Set<String> requires, int minContext, Set<String> tags,
                               String tenant, String user, String deviceType, int promptTokens) {

    public SelectionRequest {
        policy = policy == null ? Policy.WEIGHTED : policy;
        requires = requires == null ? Set.of() : Set.copyOf(requires);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public static SelectionRequest of(String name) {
        return new SelectionRequest(name, Policy.WEIGHTED, Set.of(), 0, Set.of(), null, null, null, 0);
    }

    public SelectionRequest withPolicy(Policy p) {
        return new SelectionRequest(name, p, requires, minContext, tags, tenant, user, deviceType, promptTokens);
    }

    public SelectionRequest withRequires(Set<String> r) {
        return new SelectionRequest(name, policy, r, minContext, tags, tenant, user, deviceType, promptTokens);
    }

    public SelectionRequest withTags(Set<String> t) {
        return new SelectionRequest(name, policy, requires, minContext, t, tenant, user, deviceType, promptTokens);
    }

    public SelectionRequest withMinContext(int tokens) {
        return new SelectionRequest(name, policy, requires, tokens, tags, tenant, user, deviceType, promptTokens);
    }

    public SelectionRequest withCaller(String tenant, String user, String deviceType) {
        return new SelectionRequest(name, policy, requires, minContext, tags, tenant, user, deviceType, promptTokens);
    }

    String attribute(String name) {
        return switch (name) {
            case "tenant" -> tenant;
            case "user" -> user;
            case "deviceType" -> deviceType;
            default -> null;
        };
    }
}
