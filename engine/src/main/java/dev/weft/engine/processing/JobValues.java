package dev.weft.engine.processing;

import dev.weft.engine.state.JobRow;

/** Record values for job events, built from a job row plus what changed. */
final class JobValues {

    private JobValues() {
    }

    static Event.JobValue of(JobRow j) {
        return with(j, j.worker, j.retries, j.deadline, j.errorMessage, null, 0, 0);
    }

    static Event.JobValue with(JobRow j, String worker, int retries, long deadline, String errorMessage,
                               String errorCode, long retryBackoff, long recurringTime) {
        return new Event.JobValue(j.type, worker, retries, deadline, errorMessage, errorCode, j.customHeaders,
                j.elementId, j.elementInstanceKey, j.processInstanceKey, j.bpmnProcessId, j.processDefinitionVersion,
                j.processDefinitionKey, retryBackoff, recurringTime, j.tenantId);
    }
}
