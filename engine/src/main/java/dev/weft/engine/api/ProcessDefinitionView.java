package dev.weft.engine.api;

/** Read model of a deployed process definition. */
public record ProcessDefinitionView(long key, String bpmnProcessId, String name, int version, String resourceName,
                                    String tenantId) {
}
