package dev.weft.workers.job;

/** Where a step runs: the job and its place in a process instance. */
public record JobContext(long jobKey, long processInstanceKey, String bpmnProcessId, String elementId, String tenantId,
                         int retries, long elementInstanceKey) {

    /** For running a step outside a flow (tests, the designer's single-node runs). */
    public static final JobContext NONE = new JobContext(0, 0, null, null, null, 1, 0);

    /** Without an element instance key (steps run outside an engine). */
    public JobContext(long jobKey, long processInstanceKey, String bpmnProcessId, String elementId, String tenantId,
                      int retries) {
        this(jobKey, processInstanceKey, bpmnProcessId, elementId, tenantId, retries, 0);
    }
}
