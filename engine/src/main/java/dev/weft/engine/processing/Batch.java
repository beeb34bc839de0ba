package dev.weft.engine.processing;

import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.state.IncidentRow;
import dev.weft.engine.state.InstanceRuntime;
import dev.weft.engine.state.JobRow;
import dev.weft.engine.state.Json;
import dev.weft.engine.state.KeyGenerator;
import dev.weft.engine.state.Rows;
import dev.weft.engine.state.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One transaction's worth of processing: the rows locked and loaded for it, the writes collected for it, and what
 * to do once it commits. Processors read state through it and change state only by {@link #append(Event)}.
 */
final class Batch {

    final Connection connection;
    final KeyGenerator keys;
    final Tables tables = new Tables();
    final int nodeId;
    final long now;
    final Map<Long, InstanceRuntime> instances = new HashMap<>();
    final Map<Long, JobRow> jobs = new HashMap<>();
    final Map<Long, IncidentRow> incidents = new HashMap<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    /** Follow-up steps of the current command (e.g. correlating a buffered message once an element is active). */
    final java.util.ArrayDeque<StepAction> followUps = new java.util.ArrayDeque<>();

    /** A follow-up step; may read and write state like a processor. */
    interface StepAction {
        void run() throws SQLException;
    }

    /** Latest process versions looked up in this batch (another engine may deploy between batches, not within). */
    final Map<String, ProcessRepository.Deployed> latestVersions = new HashMap<>();

    /** Types of jobs this batch made activatable without a local stream to take them (see {@link NodeWakeups}). */
    final java.util.Set<String> announcedJobTypes = new java.util.TreeSet<>();
    private final NodeWakeups wakeups;

    /** Per job type polled in this batch: the engine's wake-up count for the type before the poll looked. */
    final Map<String, Long> pollMarks = new HashMap<>();

    /** Instances that ended in this batch: key -> root variables (completed) or {@code null} (terminated). */
    final Map<Long, Map<String, Object>> endedInstances = new HashMap<>();
    private final EventApplier applier;

    Batch(Connection connection, KeyGenerator keys, int nodeId, EventApplier applier, NodeWakeups wakeups) {
        this.connection = connection;
        this.wakeups = wakeups;
        this.keys = keys;
        this.nodeId = nodeId;
        this.applier = applier;
        this.now = System.currentTimeMillis();
    }

    long newKey() {
        return keys.nextKey();
    }

    /** Applies the event to state and appends it to the record log. */
    void append(Event event) {
        applier.apply(this, event);
        tables.appendRecord(new Rows.LogEntry("EVENT", event.valueType(), event.intent(), event.key(),
                event.processInstanceKey(), Json.write(event.value()), null, null, now, nodeId));
    }

    /** Appends a rejection of a command to the record log (state is unchanged). */
    void reject(String valueType, String intent, long key, EngineRejection rejection) {
        tables.appendRecord(new Rows.LogEntry("COMMAND_REJECTION", valueType, intent, key, -1, "{}",
                rejection.type().name(), rejection.reason(), now, nodeId));
    }

    void onCommit(Runnable action) {
        afterCommit.add(action);
    }

    // ---- loading (each load also locks the row for the rest of the transaction) ----

    /** The runtime of an active instance, locked; {@code null} if there is no such active instance. */
    InstanceRuntime instance(long key) throws SQLException {
        InstanceRuntime r = instances.get(key);
        if (r != null || key <= 0) {
            return r;
        }
        lockInstances(List.of(key));
        return instances.get(key);
    }

    /** Locks (in key order, so engines never deadlock on each other) and loads active instances. */
    void lockInstances(Collection<Long> keys) throws SQLException {
        TreeSet<Long> missing = new TreeSet<>();
        for (Long k : keys) {
            if (k != null && k > 0 && !instances.containsKey(k)) {
                missing.add(k);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT key, runtime FROM engine.process_instance WHERE key = ANY(?) ORDER BY key FOR UPDATE")) {
            ps.setArray(1, connection.createArrayOf("bigint", missing.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String runtime = rs.getString(2);
                    if (runtime != null) {
                        instances.put(rs.getLong(1), Json.read(runtime, InstanceRuntime.class));
                    }
                }
            }
        }
    }

    /** A job, locked; {@code null} if there is no such job. */
    JobRow job(long key) throws SQLException {
        JobRow j = jobs.get(key);
        if (j != null) {
            return j;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + JobRows.COLUMNS + " FROM engine.job WHERE key = ? FOR UPDATE")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    j = JobRows.read(rs);
                    jobs.put(key, j);
                }
            }
        }
        return j;
    }

    /** Every job of an instance, locked. */
    List<JobRow> jobsOfInstance(long processInstanceKey) throws SQLException {
        List<JobRow> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + JobRows.COLUMNS + " FROM engine.job WHERE process_instance_key = ? ORDER BY key FOR UPDATE")) {
            ps.setLong(1, processInstanceKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JobRow j = JobRows.read(rs);
                    out.add(jobs.computeIfAbsent(j.key, k -> j));
                }
            }
        }
        return out;
    }

    IncidentRow incident(long key) throws SQLException {
        IncidentRow i = incidents.get(key);
        if (i != null) {
            return i;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT key, process_instance_key, process_definition_key, bpmn_process_id, element_id, "
                        + "element_instance_key, job_key, error_type, error_message, state, created_at, tenant_id "
                        + "FROM engine.incident WHERE key = ? FOR UPDATE")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    i = new IncidentRow();
                    i.key = rs.getLong(1);
                    i.processInstanceKey = rs.getLong(2);
                    i.processDefinitionKey = rs.getLong(3);
                    i.bpmnProcessId = rs.getString(4);
                    i.elementId = rs.getString(5);
                    i.elementInstanceKey = rs.getLong(6);
                    i.jobKey = rs.getLong(7);
                    i.errorType = rs.getString(8);
                    i.errorMessage = rs.getString(9);
                    i.state = rs.getString(10);
                    i.createdAt = rs.getLong(11);
                    i.tenantId = rs.getString(12);
                    incidents.put(key, i);
                }
            }
        }
        return i;
    }

    /** A user task row, locked; {@code null} if unknown. */
    dev.weft.engine.state.Rows.UserTask userTask(long key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT key, name, element_id, element_instance_key, process_instance_key, process_definition_key, "
                        + "bpmn_process_id, process_definition_version, state, assignee, candidate_groups, candidate_users, "
                        + "due_date, follow_up_date, form_key, priority, created_at, completed_at, tenant_id "
                        + "FROM engine.user_task WHERE key = ? FOR UPDATE")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long completed = rs.getLong(18);
                Long completedAt = rs.wasNull() ? null : completed;
                return new dev.weft.engine.state.Rows.UserTask(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getInt(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                        rs.getString(15), rs.getInt(16), rs.getLong(17), completedAt, rs.getString(19));
            }
        }
    }

    /** Writes everything collected; the caller commits. */
    void flush() throws SQLException {
        tables.flush(connection);
        if (wakeups != null) {
            wakeups.announce(connection, announcedJobTypes);
        }
    }
}
