package dev.weft.workers.llm.routing;

import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.registry.RouteSpec;
import java.util.Optional;

/**
 * A cache of answers per route and tenant (one tenant never gets another's answer). Implementations decide
 * themselves whether the route opted in ({@link RouteSpec#cache()}); the gateway asks them in order and stores
 * successful, non-extractive answers.
 */
public interface AnswerCache {

    /** A cached answer for this request of this tenant (null: no tenant) on this route, if any. */
    Optional<LlmResult> get(RouteSpec route, String tenant, ChatRequest request);

    /** Stores an answer (never tool-call answers or extractive ones; the gateway filters). */
    void put(RouteSpec route, String tenant, ChatRequest request, LlmResult result);
}
