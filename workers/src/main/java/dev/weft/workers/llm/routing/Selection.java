package dev.weft.workers.llm.routing;

import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import java.util.List;

/**
 * The model chosen for a request and why.
 *
 * @param route     the route, or null when a model id was asked for directly
 * @param model     the chosen model
 * @param reason    human-readable, e.g. {@code "weighted 3/4"} or {@code "gray rule deviceType=mobile"}
 * @param fallbacks the route's fallback chain after the chosen model, in order
 */
public record Selection(RouteSpec route, ModelSpec model, String reason, List<RouteSpec.Fallback> fallbacks) {

    public Selection {
        fallbacks = List.copyOf(fallbacks);
    }

    public String alias() {
        return route == null ? null : route.alias();
    }
}
