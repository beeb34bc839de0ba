package dev.weft.engine.api;

import java.time.Instant;

/**
 * Read model of a process instance.
 *
 * @param parentProcessInstanceKey -1 unless started by a call activity
 * @param endDate                  {@code null} while active
 */
public record ProcessInstanceView(long key, long processDefinitionKey, String bpmnProcessId, int version,
                                  ProcessInstanceState state, Instant startDate, Instant endDate,
                                  long parentProcessInstanceKey, long parentElementInstanceKey, boolean hasIncident,
                                  String tenantId) {
}
