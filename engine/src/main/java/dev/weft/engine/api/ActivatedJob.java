package dev.weft.engine.api;

import java.util.Map;

/**
 * A job locked to a worker until {@code deadline} (epoch milliseconds).
 *
 * @param customHeaders the element's {@code zeebe:taskHeaders}
 * @param variables     the variables visible from the job's element (after input mappings), filtered by the
 *                      request's fetchVariables
 */
public record ActivatedJob(long key, String type, long processInstanceKey, String bpmnProcessId,
                           int processDefinitionVersion, long processDefinitionKey, String elementId,
                           long elementInstanceKey, Map<String, String> customHeaders, String worker, int retries,
                           long deadline, Map<String, Object> variables, String tenantId) {
}
