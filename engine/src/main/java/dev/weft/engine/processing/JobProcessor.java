package dev.weft.engine.processing;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.AdHocJobResult;
import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.model.Element;
import dev.weft.engine.model.ElementKind;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.InstanceRuntime;
import dev.weft.engine.state.JobRow;
import dev.weft.engine.state.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Job commands from workers (activate, complete, fail, throw error, retries, timeout) and from the scheduler. */
final class JobProcessor {

    private final ProcessRepository repository;
    private final BpmnBehavior behavior;
    private final JobDispatcher dispatcher;

    JobProcessor(ProcessRepository repository, BpmnBehavior behavior, JobDispatcher dispatcher) {
        this.repository = repository;
        this.behavior = behavior;
        this.dispatcher = dispatcher;
    }

    private Run run(Batch b, JobRow job) throws SQLException {
        InstanceRuntime inst = b.instance(job.processInstanceKey);
        if (inst == null) {
            throw new IllegalStateException("Job " + job.key + " belongs to instance " + job.processInstanceKey
                    + " which is not active");
        }
        return new Run(b, inst, repository.byKey(b.connection, inst.processDefinitionKey));
    }

    private static EngineRejection notFound(String verb, long key) {
        return EngineRejection.notFound("Expected to " + verb + " job with key '" + key + "', but no such job was found");
    }

    private static EngineRejection wrongState(String verb, long key, String state) {
        return EngineRejection.invalidState("Expected to " + verb + " job with key '" + key
                + "', but it is in state '" + state + "'");
    }

    private static boolean workable(JobRow job) {
        return "ACTIVATED".equals(job.state) || "ACTIVATABLE".equals(job.state);
    }

    Object complete(Batch b, long key, Map<String, Object> variables, AdHocJobResult adHocResult) throws SQLException {
        JobRow job = b.job(key);
        if (job == null) {
            return notFound("complete", key);
        }
        if (!workable(job)) {
            return wrongState("complete", key, job.state);
        }
        Run run = run(b, job);
        ElementInstance ei = run.instance().element(job.elementInstanceKey);
        Element el = run.element(ei);
        boolean adHoc = el.kind() == ElementKind.AD_HOC_SUB_PROCESS;
        if (adHocResult != null && !adHoc) {
            return EngineRejection.invalidArgument("Expected to complete job with key '" + key + "' with a job result"
                    + " of type AD_HOC_SUB_PROCESS, but the job belongs to element '" + el.id() + "', which is not an"
                    + " ad-hoc sub-process");
        }
        if (adHoc) {
            AdHocJobResult result = adHocResult != null ? adHocResult : new AdHocJobResult(List.of(), false, false);
            String problem = BpmnBehavior.checkAdHocResult(el, result);
            if (problem != null) {
                return EngineRejection.invalidArgument("Expected to complete job with key '" + key + "', but its"
                        + " result is invalid: " + problem);
            }
            // recorded before the completion's events so the stored runtime carries it
            ei.adHocCompletionFulfilled = result.completionConditionFulfilled();
            b.append(new Event.JobEvent(Event.JobIntent.COMPLETED, key, JobValues.of(job)));
            behavior.applyAdHocResult(run, ei, new HashMap<>(variables), result);
            return null;
        }
        b.append(new Event.JobEvent(Event.JobIntent.COMPLETED, key, JobValues.of(job)));
        behavior.complete(run, ei, new HashMap<>(variables));
        return null;
    }

    Object fail(Batch b, long key, int retries, String message, Duration backoff, Map<String, Object> variables)
            throws SQLException {
        JobRow job = b.job(key);
        if (job == null) {
            return notFound("fail", key);
        }
        if (!workable(job)) {
            return wrongState("fail", key, job.state);
        }
        if (retries < 0) {
            return EngineRejection.invalidArgument("Expected to fail job with key '" + key
                    + "' with retries >= 0, but the retries given were '" + retries + "'");
        }
        Run run = run(b, job);
        variables.forEach((name, value) -> Variables.setLocal(run, job.elementInstanceKey, name, value));
        long backoffMs = backoff == null ? 0 : Math.max(0, backoff.toMillis());
        b.append(new Event.JobEvent(Event.JobIntent.FAILED, key, JobValues.with(job, job.worker, retries, 0,
                message, null, backoffMs, backoffMs > 0 ? b.now + backoffMs : 0)));
        if (retries == 0) {
            String reason = message == null || message.isBlank() ? "No more retries left." : message;
            behavior.incident(run, run.instance().element(job.elementInstanceKey), "JOB_NO_RETRIES", reason, key, null);
        } else if (backoffMs == 0) {
            dispatcher.jobActivatable(b, job, run.instance());
        }
        return null;
    }

    Object throwError(Batch b, long key, String code, String message, Map<String, Object> variables)
            throws SQLException {
        JobRow job = b.job(key);
        if (job == null) {
            return notFound("throw an error for", key);
        }
        if (!workable(job)) {
            return wrongState("throw an error for", key, job.state);
        }
        if (code == null || code.isBlank()) {
            return EngineRejection.invalidArgument("Expected to throw an error for job with key '" + key
                    + "' with an errorCode, but it was empty");
        }
        Run run = run(b, job);
        b.append(new Event.JobEvent(Event.JobIntent.ERROR_THROWN, key,
                JobValues.with(job, job.worker, job.retries, 0, message, code, 0, 0)));
        behavior.throwError(run, run.instance().element(job.elementInstanceKey), code, message,
                new HashMap<>(variables), key);
        return null;
    }

    Object updateRetries(Batch b, long key, int retries) throws SQLException {
        JobRow job = b.job(key);
        if (job == null) {
            return notFound("update retries of", key);
        }
        if (retries < 1) {
            return EngineRejection.invalidArgument("Expected to update retries for job with key '" + key
                    + "' with a positive amount of retries, but the amount given was '" + retries + "'");
        }
        b.append(new Event.JobEvent(Event.JobIntent.RETRIES_UPDATED, key,
                JobValues.with(job, job.worker, retries, job.deadline, job.errorMessage, null, 0, 0)));
        return null;
    }

    Object updateTimeout(Batch b, long key, Duration timeout) throws SQLException {
        JobRow job = b.job(key);
        if (job == null) {
            return notFound("update the timeout of", key);
        }
        if (!"ACTIVATED".equals(job.state)) {
            return EngineRejection.invalidState("Expected to update the timeout of job with key '" + key
                    + "', but it is not active");
        }
        if (timeout == null || timeout.isNegative()) {
            return EngineRejection.invalidArgument("Expected a non-negative timeout for job with key '" + key + "'");
        }
        b.append(new Event.JobEvent(Event.JobIntent.TIMEOUT_UPDATED, key,
                JobValues.with(job, job.worker, job.retries, b.now + timeout.toMillis(), job.errorMessage, null, 0, 0)));
        return null;
    }

    // ---- activation (polling) ----

    Object activate(Batch b, ActivateJobsCommand cmd) throws SQLException {
        if (cmd.type() == null || cmd.type().isBlank()) {
            return EngineRejection.invalidArgument("Expected to activate jobs of a type, but the type was empty");
        }
        if (cmd.maxJobs() < 1) {
            return EngineRejection.invalidArgument("Expected to activate at least one job, but maxJobsToActivate was '"
                    + cmd.maxJobs() + "'");
        }
        if (cmd.timeout() == null || cmd.timeout().isNegative() || cmd.timeout().isZero()) {
            return EngineRejection.invalidArgument("Expected to activate jobs with a positive timeout, but it was '"
                    + cmd.timeout() + "'");
        }
        List<JobRow> claimed = new ArrayList<>();
        try (PreparedStatement ps = b.connection.prepareStatement(
                "SELECT " + JobRows.COLUMNS + " FROM engine.job WHERE type = ? AND state = 'ACTIVATABLE' "
                        + "AND tenant_id = ANY(?) AND NOT (key = ANY(?)) ORDER BY key LIMIT ? FOR UPDATE SKIP LOCKED")) {
            // Rows this batch already holds are not skipped by SKIP LOCKED (same transaction): exclude them.
            ps.setString(1, cmd.type());
            ps.setArray(2, b.connection.createArrayOf("text", cmd.tenantIds().toArray()));
            ps.setArray(3, b.connection.createArrayOf("bigint", b.jobs.keySet().toArray(new Long[0])));
            ps.setInt(4, cmd.maxJobs());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JobRow j = JobRows.read(rs);
                    if (!b.jobs.containsKey(j.key)) {
                        b.jobs.put(j.key, j);
                        claimed.add(j);
                    }
                }
            }
        }
        if (claimed.isEmpty()) {
            return List.of();
        }
        Map<Long, InstanceRuntime> runtimes = readRuntimes(b, claimed);
        long deadline = b.now + cmd.timeout().toMillis();
        List<ActivatedJob> out = new ArrayList<>();
        for (JobRow j : claimed) {
            b.append(new Event.JobEvent(Event.JobIntent.ACTIVATED, j.key,
                    JobValues.with(j, cmd.worker(), j.retries, deadline, j.errorMessage, null, 0, 0)));
            out.add(JobDispatcher.toActivated(j, runtimes.get(j.processInstanceKey), cmd.fetchVariables()));
        }
        return out;
    }

    /** Runtimes to read job variables from: the locked copy when this batch holds one, else the committed one. */
    private static Map<Long, InstanceRuntime> readRuntimes(Batch b, List<JobRow> jobs) throws SQLException {
        Map<Long, InstanceRuntime> out = new HashMap<>();
        TreeSet<Long> missing = new TreeSet<>();
        for (JobRow j : jobs) {
            InstanceRuntime r = b.instances.get(j.processInstanceKey);
            if (r != null) {
                out.put(j.processInstanceKey, r);
            } else {
                missing.add(j.processInstanceKey);
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement ps = b.connection.prepareStatement(
                    "SELECT key, runtime FROM engine.process_instance WHERE key = ANY(?)")) {
                ps.setArray(1, b.connection.createArrayOf("bigint", missing.toArray(new Long[0])));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String json = rs.getString(2);
                        if (json != null) {
                            out.put(rs.getLong(1), Json.read(json, InstanceRuntime.class));
                        }
                    }
                }
            }
        }
        return out;
    }

    // ---- engine-internal ----

    Object timeOut(Batch b, long key) throws SQLException {
        JobRow job = b.job(key);
        if (job == null || !"ACTIVATED".equals(job.state) || job.deadline > b.now) {
            return null; // completed, failed or extended meanwhile (maybe by another engine): nothing to do
        }
        b.append(new Event.JobEvent(Event.JobIntent.TIMED_OUT, key, JobValues.of(job)));
        dispatcher.jobActivatable(b, job, b.instance(job.processInstanceKey));
        return null;
    }

    Object recur(Batch b, long key) throws SQLException {
        JobRow job = b.job(key);
        if (job == null || !"FAILED".equals(job.state) || job.recurAt == 0 || job.recurAt > b.now || job.retries <= 0) {
            return null;
        }
        b.append(new Event.JobEvent(Event.JobIntent.RECURRED_AFTER_BACKOFF, key, JobValues.of(job)));
        dispatcher.jobActivatable(b, job, b.instance(job.processInstanceKey));
        return null;
    }

    Object yield(Batch b, long key) throws SQLException {
        JobRow job = b.job(key);
        if (job == null || !"ACTIVATED".equals(job.state)) {
            return null;
        }
        b.append(new Event.JobEvent(Event.JobIntent.YIELDED, key, JobValues.of(job)));
        dispatcher.jobActivatable(b, job, b.instance(job.processInstanceKey));
        return null;
    }

    /** Resolving a job incident: the job can be activated again (its retries must have been raised first). */
    Object resolveJobIncident(Batch b, long incidentKey, JobRow job, Run run) {
        if (job.retries <= 0) {
            return EngineRejection.invalidState("Expected to resolve incident with key '" + incidentKey
                    + "', but job with key '" + job.key + "' has no retries left. Update the job's retries first.");
        }
        behavior.resolveIncidentRecord(run, b.incidents.get(incidentKey));
        b.append(new Event.JobEvent(Event.JobIntent.RECURRED_AFTER_BACKOFF, job.key, JobValues.of(job)));
        dispatcher.jobActivatable(b, job, run.instance());
        return null;
    }
}
