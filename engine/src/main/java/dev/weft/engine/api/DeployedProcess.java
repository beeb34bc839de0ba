package dev.weft.engine.api;

/** A process definition created (or found unchanged) by a deployment. */
public record DeployedProcess(String bpmnProcessId, int version, long processDefinitionKey, String resourceName,
                              String tenantId) {
}
