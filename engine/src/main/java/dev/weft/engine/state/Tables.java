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

    public final BulkUpsert<Rows.LogEntry> records = new BulkUpsert<>("engine.record", List.of(
            new Column<Rows.LogEntry>("record_type", "text", Rows.LogEntry::recordType),
            new Column<Rows.LogEntry>("value_type", "text", Rows.LogEntry::valueType),
            new Column<Rows.LogEntry>("intent", "text", Rows.LogEntry::intent),
            new Column<Rows.LogEntry>("key", "bigint", Rows.LogEntry::key),
            new Column<Rows.LogEntry>("process_instance_key", "bigint", Rows.LogEntry::processInstanceKey),
            new Column<Rows.LogEntry>("value", "json", Rows.LogEntry::value),
            new Column<Rows.LogEntry>("rejection_type", "text", Rows.LogEntry::rejectionType),
            new Column<Rows.LogEntry>("rejection_reason", "text", Rows.LogEntry::rejectionReason),
            new Column<Rows.LogEntry>("timestamp", "bigint", Rows.LogEntry::timestamp),
            new Column<Rows.LogEntry>("node_id", "int4", Rows.LogEntry::nodeId)),
            "");

    private long recordSeq;

    /** The record log has no natural key; entries are numbered in order of appending. */
    public void appendRecord(Rows.LogEntry entry) {
        records.insert(++recordSeq, entry);
    }

    public void flush(java.sql.Connection c) throws java.sql.SQLException {
        processInstances.flush(c);
        elementInstances.flush(c);
        variables.flush(c);
        jobs.flush(c);
        incidents.flush(c);
        records.flush(c);
    }

    public void clear() {
        processInstances.clear();
        elementInstances.clear();
        variables.clear();
        jobs.clear();
        incidents.clear();
        records.clear();
        recordSeq = 0;
    }
}
