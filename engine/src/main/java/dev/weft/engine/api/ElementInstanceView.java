package dev.weft.engine.api;

import java.time.Instant;

/**
 * Read model of one element (flow node) instance, for ops tooling and traces.
 *
 * @param state       {@code ACTIVE}, {@code COMPLETED} or {@code TERMINATED}
 * @param elementType Zeebe's BPMN element type name, e.g. {@code SERVICE_TASK}
 */
public record ElementInstanceView(long key, long processInstanceKey, long flowScopeKey, String elementId,
                                  String elementType, String state, Instant startDate, Instant endDate,
                                  long incidentKey, String tenantId) {
}
