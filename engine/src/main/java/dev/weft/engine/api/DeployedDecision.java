package dev.weft.engine.api;

/**
 * A DMN decision requirements graph stored by a deployment. Decisions are stored and versioned, not yet evaluated.
 *
 * @param decisionRequirementsId the {@code id} of the DMN {@code definitions} element
 */
public record DeployedDecision(String decisionRequirementsId, String name, int version, long decisionRequirementsKey,
                               String resourceName, String tenantId) {
}
