package dev.weft.engine.state;

import dev.weft.engine.state.BulkUpsert.Column;
import java.util.List;

/** The bulk writers of every state table, with their column mappings. One set per batch. */
public final class Tables {

    public final BulkUpsert<InstanceRuntime> processInstances = new BulkUpsert<>("engine.process_instance", List.of(
            new Column<InstanceRuntime>("key", "bigint", r -> r.key),
            new Column<InstanceRuntime>("process_definition_key", "bigint", r -> r.processDefinitionKey),
            new Column<InstanceRuntime>("bpmn_process_id", "text", r -> r.bpmnProcessId),
            new Column<InstanceRuntime>("version", "int4", r -> r.version),
            new Column<InstanceRuntime>("state", "text", r -> r.state),
            new Column<InstanceRuntime>("start_time", "bigint", r -> r.startTime),
            new Column<InstanceRuntime>("end_time", "bigint", r -> r.endTime == 0 ? null : r.endTime),
            new Column<InstanceRuntime>("parent_process_instance_key", "bigint", r -> r.parentProcessInstanceKey),
            new Column<InstanceRuntime>("parent_element_instance_key", "bigint", r -> r.parentElementInstanceKey),
            new Column<InstanceRuntime>("has_incident", "bool", r -> r.activeIncidents > 0),
            new Column<InstanceRuntime>("tenant_id", "text", r -> r.tenantId),
            // Ended instances keep their row for history but drop the runtime document.
            new Column<InstanceRuntime>("runtime", "text", r -> "ACTIVE".equals(r.state) ? Json.write(r) : null)),
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, end_time = excluded.end_time, "
                    + "has_incident = excluded.has_incident, runtime = excluded.runtime");

    public final BulkUpsert<Rows.ElementHistory> elementInstances = new BulkUpsert<>("engine.element_instance", List.of(
            new Column<Rows.ElementHistory>("key", "bigint", Rows.ElementHistory::key),
            new Column<Rows.ElementHistory>("process_instance_key", "bigint", Rows.ElementHistory::processInstanceKey),
            new Column<Rows.ElementHistory>("flow_scope_key", "bigint", Rows.ElementHistory::flowScopeKey),
            new Column<Rows.ElementHistory>("element_id", "text", Rows.ElementHistory::elementId),
            new Column<Rows.ElementHistory>("element_type", "text", Rows.ElementHistory::elementType),
            new Column<Rows.ElementHistory>("state", "text", Rows.ElementHistory::state),
            new Column<Rows.ElementHistory>("start_time", "bigint", Rows.ElementHistory::startTime),
            new Column<Rows.ElementHistory>("end_time", "bigint", Rows.ElementHistory::endTime),
            new Column<Rows.ElementHistory>("incident_key", "bigint", Rows.ElementHistory::incidentKey),
            new Column<Rows.ElementHistory>("tenant_id", "text", Rows.ElementHistory::tenantId)),
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, end_time = excluded.end_time, "
                    + "incident_key = excluded.incident_key");

    public final BulkUpsert<Rows.Variable> variables = new BulkUpsert<>("engine.variable", List.of(
            new Column<Rows.Variable>("key", "bigint", Rows.Variable::key),
            new Column<Rows.Variable>("name", "text", Rows.Variable::name),
            new Column<Rows.Variable>("value", "text", Rows.Variable::value),
            new Column<Rows.Variable>("scope_key", "bigint", Rows.Variable::scopeKey),
            new Column<Rows.Variable>("process_instance_key", "bigint", Rows.Variable::processInstanceKey),
            new Column<Rows.Variable>("tenant_id", "text", Rows.Variable::tenantId)),
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value");

    public final BulkUpsert<JobRow> jobs = new BulkUpsert<>("engine.job", List.of(
            new Column<JobRow>("key", "bigint", r -> r.key),
            new Column<JobRow>("type", "text", r -> r.type),
            new Column<JobRow>("state", "text", r -> r.state),
            new Column<JobRow>("worker", "text", r -> r.worker),
            new Column<JobRow>("retries", "int4", r -> r.retries),
            new Column<JobRow>("deadline", "bigint", r -> r.deadline),
            new Column<JobRow>("recur_at", "bigint", r -> r.recurAt),
            new Column<JobRow>("process_instance_key", "bigint", r -> r.processInstanceKey),
            new Column<JobRow>("element_instance_key", "bigint", r -> r.elementInstanceKey),
            new Column<JobRow>("element_id", "text", r -> r.elementId),
            new Column<JobRow>("bpmn_process_id", "text", r -> r.bpmnProcessId),
            new Column<JobRow>("process_definition_version", "int4", r -> r.processDefinitionVersion),
            new Column<JobRow>("process_definition_key", "bigint", r -> r.processDefinitionKey),
            new Column<JobRow>("custom_headers", "text", r -> Json.write(r.customHeaders)),
            new Column<JobRow>("error_message", "text", r -> r.errorMessage),
            new Column<JobRow>("tenant_id", "text", r -> r.tenantId)),
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, worker = excluded.worker, "
                    + "retries = excluded.retries, deadline = excluded.deadline, recur_at = excluded.recur_at, "
                    + "error_message = excluded.error_message");

    public final BulkUpsert<IncidentRow> incidents = new BulkUpsert<>("engine.incident", List.of(
            new Column<IncidentRow>("key", "bigint", r -> r.key),
            new Column<IncidentRow>("process_instance_key", "bigint", r -> r.processInstanceKey),
            new Column<IncidentRow>("process_definition_key", "bigint", r -> r.processDefinitionKey),
            new Column<IncidentRow>("bpmn_process_id", "text", r -> r.bpmnProcessId),
            new Column<IncidentRow>("element_id", "text", r -> r.elementId),
            new Column<IncidentRow>("element_instance_key", "bigint", r -> r.elementInstanceKey),
            new Column<IncidentRow>("job_key", "bigint", r -> r.jobKey),
            new Column<IncidentRow>("error_type", "text", r -> r.errorType),
            new Column<IncidentRow>("error_message", "text", r -> r.errorMessage),
            new Column<IncidentRow>("state", "text", r -> r.state),
            new Column<IncidentRow>("created_at", "bigint", r -> r.createdAt),
            new Column<IncidentRow>("resolved_at", "bigint", r -> r.resolvedAt == 0 ? null : r.resolvedAt),
            new Column<IncidentRow>("tenant_id", "text", r -> r.tenantId)),
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, resolved_at = excluded.resolved_at");

    /** The record log is append-only, in order of appending. */
    private final java.util.List<Rows.LogEntry> records = new java.util.ArrayList<>();

    public final BulkUpsert<Rows.Timer> timers = new BulkUpsert<>("engine.timer", List.of(
            new Column<Rows.Timer>("key", "bigint", Rows.Timer::key),
            new Column<Rows.Timer>("process_instance_key", "bigint", Rows.Timer::processInstanceKey),
            new Column<Rows.Timer>("element_instance_key", "bigint", Rows.Timer::elementInstanceKey),
            new Column<Rows.Timer>("process_definition_key", "bigint", Rows.Timer::processDefinitionKey),
            new Column<Rows.Timer>("target_element_id", "text", Rows.Timer::targetElementId),
            new Column<Rows.Timer>("due_date", "bigint", Rows.Timer::dueDate),
            new Column<Rows.Timer>("repetitions", "int4", Rows.Timer::repetitions),
            new Column<Rows.Timer>("cycle", "text", Rows.Timer::cycle),
            new Column<Rows.Timer>("tenant_id", "text", Rows.Timer::tenantId)),
            "ON CONFLICT (key) DO NOTHING");

    public final BulkUpsert<Rows.MessageSubscription> messageSubscriptions = new BulkUpsert<>("engine.message_subscription", List.of(
            new Column<Rows.MessageSubscription>("key", "bigint", Rows.MessageSubscription::key),
            new Column<Rows.MessageSubscription>("process_instance_key", "bigint", Rows.MessageSubscription::processInstanceKey),
            new Column<Rows.MessageSubscription>("element_instance_key", "bigint", Rows.MessageSubscription::elementInstanceKey),
            new Column<Rows.MessageSubscription>("bpmn_process_id", "text", Rows.MessageSubscription::bpmnProcessId),
            new Column<Rows.MessageSubscription>("target_element_id", "text", Rows.MessageSubscription::targetElementId),
            new Column<Rows.MessageSubscription>("message_name", "text", Rows.MessageSubscription::messageName),
            new Column<Rows.MessageSubscription>("correlation_key", "text", Rows.MessageSubscription::correlationKey),
            new Column<Rows.MessageSubscription>("interrupting", "bool", Rows.MessageSubscription::interrupting),
            new Column<Rows.MessageSubscription>("tenant_id", "text", Rows.MessageSubscription::tenantId)),
            "ON CONFLICT (key) DO NOTHING");

    public final BulkUpsert<Rows.SignalSubscription> signalSubscriptions = new BulkUpsert<>("engine.signal_subscription", List.of(
            new Column<Rows.SignalSubscription>("key", "bigint", Rows.SignalSubscription::key),
            new Column<Rows.SignalSubscription>("process_instance_key", "bigint", Rows.SignalSubscription::processInstanceKey),
            new Column<Rows.SignalSubscription>("element_instance_key", "bigint", Rows.SignalSubscription::elementInstanceKey),
            new Column<Rows.SignalSubscription>("target_element_id", "text", Rows.SignalSubscription::targetElementId),
            new Column<Rows.SignalSubscription>("signal_name", "text", Rows.SignalSubscription::signalName),
            new Column<Rows.SignalSubscription>("tenant_id", "text", Rows.SignalSubscription::tenantId)),
            "ON CONFLICT (key) DO NOTHING");

    public final BulkUpsert<Rows.Message> messages = new BulkUpsert<>("engine.message", List.of(
            new Column<Rows.Message>("key", "bigint", Rows.Message::key),
            new Column<Rows.Message>("name", "text", Rows.Message::name),
            new Column<Rows.Message>("correlation_key", "text", Rows.Message::correlationKey),
            new Column<Rows.Message>("message_id", "text", Rows.Message::messageId),
            new Column<Rows.Message>("expires_at", "bigint", Rows.Message::expiresAt),
            new Column<Rows.Message>("variables", "text", Rows.Message::variables),
            new Column<Rows.Message>("tenant_id", "text", Rows.Message::tenantId)),
            "ON CONFLICT (key) DO NOTHING");

    public final BulkUpsert<Rows.UserTask> userTasks = new BulkUpsert<>("engine.user_task", List.of(
            new Column<Rows.UserTask>("key", "bigint", Rows.UserTask::key),
            new Column<Rows.UserTask>("name", "text", Rows.UserTask::name),
            new Column<Rows.UserTask>("element_id", "text", Rows.UserTask::elementId),
            new Column<Rows.UserTask>("element_instance_key", "bigint", Rows.UserTask::elementInstanceKey),
            new Column<Rows.UserTask>("process_instance_key", "bigint", Rows.UserTask::processInstanceKey),
            new Column<Rows.UserTask>("process_definition_key", "bigint", Rows.UserTask::processDefinitionKey),
            new Column<Rows.UserTask>("bpmn_process_id", "text", Rows.UserTask::bpmnProcessId),
            new Column<Rows.UserTask>("process_definition_version", "int4", Rows.UserTask::processDefinitionVersion),
            new Column<Rows.UserTask>("state", "text", Rows.UserTask::state),
            new Column<Rows.UserTask>("assignee", "text", Rows.UserTask::assignee),
            new Column<Rows.UserTask>("candidate_groups", "text", Rows.UserTask::candidateGroups),
            new Column<Rows.UserTask>("candidate_users", "text", Rows.UserTask::candidateUsers),
            new Column<Rows.UserTask>("due_date", "text", Rows.UserTask::dueDate),
            new Column<Rows.UserTask>("follow_up_date", "text", Rows.UserTask::followUpDate),
            new Column<Rows.UserTask>("form_key", "text", Rows.UserTask::formKey),
            new Column<Rows.UserTask>("priority", "int4", Rows.UserTask::priority),
            new Column<Rows.UserTask>("created_at", "bigint", Rows.UserTask::createdAt),
            new Column<Rows.UserTask>("completed_at", "bigint", Rows.UserTask::completedAt),
            new Column<Rows.UserTask>("tenant_id", "text", Rows.UserTask::tenantId)),
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, assignee = excluded.assignee, "
                    + "completed_at = excluded.completed_at");

    public void appendRecord(Rows.LogEntry entry) {
        records.add(entry);
    }

    /**
     * Writes everything collected in one statement, so one round trip: each table's upsert and delete, and the
     * record log, as data-modifying CTEs of a single {@code WITH ... SELECT 1}. The sub-statements share a snapshot
     * and none reads another's rows (each table's deletes and upserts have disjoint keys; no foreign keys or
     * triggers), so running them together writes exactly what running them one by one would.
     */
    public void flush(java.sql.Connection c) throws java.sql.SQLException {
        List<String> ctes = new java.util.ArrayList<>();
        List<Object> params = new java.util.ArrayList<>();
        processInstances.appendTo(c, ctes, params);
        elementInstances.appendTo(c, ctes, params);
        variables.appendTo(c, ctes, params);
        jobs.appendTo(c, ctes, params);
        incidents.appendTo(c, ctes, params);
        timers.appendTo(c, ctes, params);
        messageSubscriptions.appendTo(c, ctes, params);
        signalSubscriptions.appendTo(c, ctes, params);
        messages.appendTo(c, ctes, params);
        userTasks.appendTo(c, ctes, params);
        RecordLog.appendTo(c, records, ctes, params);
        records.clear();
        if (ctes.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("WITH ");
        for (int i = 0; i < ctes.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("w").append(i).append(" AS (").append(ctes.get(i)).append(')');
        }
        sql.append(" SELECT 1");
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            ps.execute();
        }
    }

    public void clear() {
        processInstances.clear();
        elementInstances.clear();
        variables.clear();
        jobs.clear();
        incidents.clear();
        timers.clear();
        messageSubscriptions.clear();
        signalSubscriptions.clear();
        messages.clear();
        userTasks.clear();
        records.clear();
    }
}
