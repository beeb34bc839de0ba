package dev.weft.workers.llm.usage;

import java.math.BigDecimal;

/**
 * One line of the usage ledger.
 *
 * @param routeAlias         route used, or null
 * @param modelId            registry model id ({@code extractive} for the built-in model)
 * @param providerId         provider id, null for built-in answers
 * @param outcome            {@code ok}, {@code cache_hit}, or the failure's error class
 * @param promptTokens       as reported
 * @param completionTokens   as reported
 * @param costUsd            from registry prices; zero for failures and cache hits
 * @param latencyMs          time the call took
 * @param cached             answered from a cache
 * @param context            where in a flow the call happened
 */
public record UsageEntry(String routeAlias, String modelId, String providerId, String outcome, int promptTokens,
                         int completionTokens, BigDecimal costUsd, long latencyMs, boolean cached, CallContext context) {

    public UsageEntry {
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
        context = context == null ? CallContext.NONE : context;
    }
}
