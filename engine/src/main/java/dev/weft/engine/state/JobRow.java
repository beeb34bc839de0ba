package dev.weft.engine.state;

import java.util.Map;

/** A row of {@code engine.job}. Mutated only by the job appliers. */
public final class JobRow {
    public long key;
    public String type;
    /** ACTIVATABLE, ACTIVATED, FAILED, ERROR_THROWN, INCIDENT. */
    public String state;
    public String worker;
    public int retries;
    public long deadline;
    public long recurAt;
    public long processInstanceKey;
    public long elementInstanceKey;
    public String elementId;
    public String bpmnProcessId;
    public int processDefinitionVersion;
    public long processDefinitionKey;
    public Map<String, String> customHeaders;
    public String errorMessage;
    public String tenantId;
}
