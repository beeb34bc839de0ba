package dev.weft.engine.api;

import java.util.Map;

/** Answer to {@link Engine#createProcessInstanceWithResult}: the instance completed with these root variables. */
public record ProcessInstanceResult(long processDefinitionKey, String bpmnProcessId, int version,
                                    long processInstanceKey, String tenantId, Map<String, Object> variables) {
}
