package dev.weft.engine.processing;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.DeployCommand;
import java.time.Duration;
import java.util.Map;

/**
 * Everything that goes through the command queue: client commands and the engine's own (scheduler) commands.
 * Each names what it touches so the batch can lock those process instances up front, in key order.
 */
sealed interface Command {

    /** The process instance this command works on, when known without a lookup; else -1. */
    default long instanceKey() {
        return -1;
    }

    /** A job whose process instance must be locked; else -1. */
    default long jobKey() {
        return -1;
    }

    /** An incident whose process instance must be locked; else -1. */
    default long incidentKey() {
        return -1;
    }

    /** An element instance whose process instance must be locked; else -1. */
    default long elementInstanceKey() {
        return -1;
    }

    /** A timer whose process instance must be locked; else -1. */
    default long timerKey() {
        return -1;
    }

    /** A user task whose process instance must be locked; else -1. */
    default long userTaskKey() {
        return -1;
    }

    record PublishMessage(String name, String correlationKey, Duration ttl, String messageId,
                          Map<String, Object> variables, boolean mustCorrelate) implements Command {
    }

    record BroadcastSignal(String name, Map<String, Object> variables) implements Command {
    }

    record CompleteUserTask(long key, Map<String, Object> variables, String action) implements Command {
        public long userTaskKey() { return key; }
    }

    record AssignUserTask(long key, String assignee, boolean allowOverride, String action) implements Command {
        public long userTaskKey() { return key; }
    }

    /** A timer is due (scheduler); ignored if it was cancelled or fired meanwhile. */
    record TriggerTimer(long key) implements Command {
        public long timerKey() { return key; }
    }

    record Deploy(DeployCommand command) implements Command {
    }

    record DeleteResource(long resourceKey) implements Command {
    }

    /** @param awaitResult the caller waits for the instance to complete (create-with-result) */
    record CreateInstance(CreateInstanceCommand command, boolean awaitResult) implements Command {
    }

    record CancelInstance(long processInstanceKey) implements Command {
        public long instanceKey() { return processInstanceKey; }
    }

    record SetVariables(long scopeKey, Map<String, Object> variables, boolean local) implements Command {
        public long elementInstanceKey() { return scopeKey; }
    }

    /** {@code adHocResult} is the job result of an ad-hoc sub-process's job, or {@code null}. */
    record CompleteJob(long key, Map<String, Object> variables, dev.weft.engine.api.AdHocJobResult adHocResult)
            implements Command {
        public long jobKey() { return key; }
    }

    record FailJob(long key, int retries, String errorMessage, Duration backoff, Map<String, Object> variables)
            implements Command {
        public long jobKey() { return key; }
    }

    record ThrowError(long key, String errorCode, String errorMessage, Map<String, Object> variables)
            implements Command {
        public long jobKey() { return key; }
    }

    record UpdateRetries(long key, int retries) implements Command {
        public long jobKey() { return key; }
    }

    record UpdateTimeout(long key, Duration timeout) implements Command {
        public long jobKey() { return key; }
    }

    record ResolveIncident(long key) implements Command {
        public long incidentKey() { return key; }
    }

    /** Claims activatable jobs for a worker (polling); {@code deadlineNanos} ends its long polling. */
    record ActivateJobs(ActivateJobsCommand command, long deadlineNanos) implements Command {
    }

    // ---- engine-internal ----

    /** A job's lock expired (scheduler); ignored if it was completed or re-locked meanwhile. */
    record TimeOutJob(long key) implements Command {
        public long jobKey() { return key; }
    }

    /** A failed job's back-off passed (scheduler). */
    record RecurJob(long key) implements Command {
        public long jobKey() { return key; }
    }

    /** A pushed job could not be delivered to its stream: make it activatable again. */
    record YieldJob(long key) implements Command {
        public long jobKey() { return key; }
    }
}
