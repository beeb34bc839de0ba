package dev.weft.engine.api;

import java.time.Instant;

/**
 * Read model of an incident.
 *
 * @param errorType Zeebe's error type name: {@code JOB_NO_RETRIES}, {@code EXTRACT_VALUE_ERROR},
 *                  {@code IO_MAPPING_ERROR}, {@code CONDITION_ERROR}, {@code UNHANDLED_ERROR_EVENT},
 *                  {@code CALLED_ELEMENT_ERROR}, {@code UNKNOWN}
 * @param jobKey    -1 when the incident is not about a job
 */
public record IncidentView(long key, long processInstanceKey, long processDefinitionKey, String bpmnProcessId,
                           String elementId, long elementInstanceKey, long jobKey, String errorType,
                           String errorMessage, IncidentState state, Instant creationTime, String tenantId) {
}
