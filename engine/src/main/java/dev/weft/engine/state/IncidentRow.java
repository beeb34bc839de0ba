package dev.weft.engine.state;

/** A row of {@code engine.incident}. */
public final class IncidentRow {
    public long key;
    public long processInstanceKey;
    public long processDefinitionKey;
    public String bpmnProcessId;
    public String elementId;
    public long elementInstanceKey;
    public long jobKey = -1;
    public String errorType;
    public String errorMessage;
    /** ACTIVE, RESOLVED. */
    public String state;
    public long createdAt;
    public long resolvedAt;
    public String tenantId;
}
