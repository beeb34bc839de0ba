package dev.weft.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * Read model of a user task ({@code zeebe:userTask}).
 *
 * @param assignee {@code null} when unassigned
 * @param dueDate  ISO-8601 text as evaluated from the BPMN, or {@code null}
 */
public record UserTaskView(long key, String name, String elementId, long elementInstanceKey, long processInstanceKey,
                           long processDefinitionKey, String bpmnProcessId, int processDefinitionVersion,
                           UserTaskState state, String assignee, List<String> candidateGroups,
                           List<String> candidateUsers, String dueDate, String followUpDate, String formKey,
                           int priority, Instant creationDate, Instant completionDate, String tenantId) {
}
