package dev.weft.engine.state;

/** Flat rows for the history tables, written in bulk. */
public final class Rows {

    private Rows() {
    }

    public record ElementHistory(long key, long processInstanceKey, long flowScopeKey, String elementId,
                                 String elementType, String state, long startTime, Long endTime, long incidentKey,
                                 String tenantId) {
    }

    public record Variable(long key, String name, String value, long scopeKey, long processInstanceKey,
                           String tenantId) {
    }

    /** One entry of the record log. */
    public record LogEntry(String recordType, String valueType, String intent, long key, long processInstanceKey,
                           String value, String rejectionType, String rejectionReason, long timestamp, int nodeId) {
    }

    public record Timer(long key, long processInstanceKey, long elementInstanceKey, long processDefinitionKey,
                        String targetElementId, long dueDate, int repetitions, String cycle, String tenantId) {
    }

    public record MessageSubscription(long key, long processInstanceKey, long elementInstanceKey, String bpmnProcessId,
                                      String targetElementId, String messageName, String correlationKey,
                                      boolean interrupting, String tenantId) {
    }

    public record SignalSubscription(long key, long processInstanceKey, long elementInstanceKey, String targetElementId,
                                     String signalName, String tenantId) {
    }

    public record Message(long key, String name, String correlationKey, String messageId, long expiresAt,
                          String variables, String tenantId) {
    }

    public record UserTask(long key, String name, String elementId, long elementInstanceKey, long processInstanceKey,
                           long processDefinitionKey, String bpmnProcessId, int processDefinitionVersion, String state,
                           String assignee, String candidateGroups, String candidateUsers, String dueDate,
                           String followUpDate, String formKey, int priority, long createdAt, Long completedAt,
                           String tenantId) {
    }
}
