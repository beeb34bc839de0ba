package dev.weft.engine.api;

/**
 * A DMN decision requirements graph stored by a deployment (validated, versioned; business rule tasks with
 * {@code zeebe:calledDecision} evaluate its decisions).
 *
 * @param decisionRequirementsId the {@code id} of the DMN {@code definitions} element
 */
public record DeployedDecision(String decisionRequirementsId, String name, int version, long decisionRequirementsKey,
                               String resourceName, String tenantId) {
}
