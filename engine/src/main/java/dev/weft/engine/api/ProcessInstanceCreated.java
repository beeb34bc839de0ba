package dev.weft.engine.api;

/** Answer to {@link Engine#createProcessInstance}. */
public record ProcessInstanceCreated(long processDefinitionKey, String bpmnProcessId, int version,
                                     long processInstanceKey, String tenantId) {
}
