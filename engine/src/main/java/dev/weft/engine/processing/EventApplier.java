package dev.weft.engine.processing;

import dev.weft.engine.model.Element;
import dev.weft.engine.model.ElementKind;
import dev.weft.engine.model.Flow;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.IncidentRow;
import dev.weft.engine.state.InstanceRuntime;
import dev.weft.engine.state.JobRow;
import dev.weft.engine.state.Rows;
import dev.weft.engine.state.VariableEntry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;

/**
 * The only code that changes state: one small method per event, picked by an exhaustive switch. Appliers never
 * decide anything; they record what the processor decided.
 */
final class EventApplier {

    private final ProcessRepository processes;

    EventApplier(ProcessRepository processes) {
        this.processes = processes;
    }

    void apply(Batch batch, Event event) {
        switch (event) {
            case Event.ElementEvent e -> applyElement(batch, e);
            case Event.JobEvent e -> applyJob(batch, e);
            case Event.VariableEvent e -> applyVariable(batch, e);
            case Event.IncidentEvent e -> applyIncident(batch, e);
            case Event.ResourceCreated e -> resourceCreated(batch, e);
            case Event.ResourceDeleted e -> resourceDeleted(batch, e);
            case Event.DeploymentCreated e -> deploymentCreated(batch, e);
            case Event.TimerEvent e -> applyTimer(batch, e);
            case Event.MessageSubscriptionEvent e -> applyMessageSubscription(batch, e);
            case Event.SignalSubscriptionEvent e -> applySignalSubscription(batch, e);
            case Event.MessageEvent e -> applyMessage(batch, e);
            case Event.SignalBroadcasted e -> { } // no state: subscriptions are triggered by follow-up events
            case Event.UserTaskEvent e -> applyUserTask(batch, e);
            case Event.StartTriggersReplaced e -> replaceStartTriggers(batch, e);
        }
    }

    // ---- process instance / element instances ----

    private void applyElement(Batch batch, Event.ElementEvent e) {
        Event.ProcessInstanceValue v = e.value();
        InstanceRuntime inst = batch.instances.get(v.processInstanceKey());
        if (e.intentValue() == Event.ElementIntent.ELEMENT_ACTIVATING && "PROCESS".equals(v.bpmnElementType())) {
            inst = new InstanceRuntime();
            inst.key = v.processInstanceKey();
            inst.processDefinitionKey = v.processDefinitionKey();
            inst.bpmnProcessId = v.bpmnProcessId();
            inst.version = v.version();
            inst.tenantId = v.tenantId();
            inst.parentProcessInstanceKey = v.parentProcessInstanceKey();
            inst.parentElementInstanceKey = v.parentElementInstanceKey();
            inst.startTime = batch.now;
            batch.instances.put(inst.key, inst);
            batch.tables.processInstances.insert(inst.key, inst);
            InstanceRuntime parent = batch.instances.get(v.parentProcessInstanceKey());
            ElementInstance callActivity = parent == null ? null : parent.elements.get(v.parentElementInstanceKey());
            if (callActivity != null) {
                callActivity.calledInstanceKey = inst.key;
                batch.tables.processInstances.upsert(parent.key, parent);
            }
        }
        if (inst == null) {
            throw new IllegalStateException("Event for instance " + v.processInstanceKey() + " that is not loaded: " + e);
        }
        switch (e.intentValue()) {
            case ELEMENT_ACTIVATING -> {
                ElementInstance ei = new ElementInstance();
                ei.key = e.key();
                ei.flowScopeKey = v.flowScopeKey();
                ei.elementId = v.elementId();
                ei.elementType = v.bpmnElementType();
                ei.state = "ACTIVATING";
                ei.startTime = batch.now;
                ElementInstance scope = inst.elements.get(ei.flowScopeKey);
                if (scope == null && ei.key != inst.key) {
                    // An element in a scope that already ended would run detached from it (e.g. a multi-instance
                    // body completed before all its inner instances existed): fail at the activation instead.
                    throw new IllegalStateException("Element '" + ei.elementId + "' activated in flow scope "
                            + ei.flowScopeKey + " of process instance " + inst.key + ", which is no longer active");
                }
                inst.elements.put(ei.key, ei);
                if (scope != null && scope != ei) {
                    scope.activeChildren++;
                    consumeJoinTokens(inst, scope, ei);
                    if (BpmnBehavior.BODY.equals(scope.elementType)) {
                        scope.loopCounter++;
                        ei.loopCounter = scope.loopCounter;
                    }
                    if ("EVENT_SUB_PROCESS".equals(ei.elementType) && interrupting(inst, ei)) {
                        scope.waitingTokens.clear();
                    }
                }
                history(batch, inst, ei, "ACTIVE", null);
            }
            case ELEMENT_ACTIVATED -> inst.elements.get(e.key()).state = "ACTIVATED";
            case ELEMENT_COMPLETING, ELEMENT_TERMINATING -> {
                ElementInstance ei = inst.elements.get(e.key());
                ei.state = e.intentValue() == Event.ElementIntent.ELEMENT_COMPLETING ? "COMPLETING" : "TERMINATING";
                ei.waitingTokens.clear(); // tokens at joins of an ending scope go with it
            }
            case ELEMENT_COMPLETED, ELEMENT_TERMINATED -> {
                boolean completed = e.intentValue() == Event.ElementIntent.ELEMENT_COMPLETED;
                ElementInstance ei = inst.elements.remove(e.key());
                inst.variables.remove(e.key());
                ElementInstance scope = inst.elements.get(ei.flowScopeKey);
                if (scope != null) {
                    scope.activeChildren--;
                    if (completed && BpmnBehavior.BODY.equals(scope.elementType)) {
                        scope.loopCompleted++;
                    }
                }
                history(batch, inst, ei, completed ? "COMPLETED" : "TERMINATED", batch.now);
                if (e.key() == inst.key) {
                    inst.state = completed ? "COMPLETED" : "TERMINATED";
                    inst.endTime = batch.now;
                    inst.variables.clear();
                }
            }
            case SEQUENCE_FLOW_TAKEN -> addJoinToken(inst, v);
        }
        batch.tables.processInstances.upsert(inst.key, inst);
    }

    private boolean interrupting(InstanceRuntime inst, ElementInstance eventSubProcess) {
        Element esp = processes.cached(inst.processDefinitionKey).process().element(eventSubProcess.elementId);
        return esp.eventSubProcessStart().interrupting();
    }

    /** A flow into a joining gateway leaves a token on the scope until the gateway activates. */
    private void addJoinToken(InstanceRuntime inst, Event.ProcessInstanceValue v) {
        Element target = joiningTarget(v.processDefinitionKey(), v.elementId());
        if (target != null) {
            ElementInstance scope = inst.elements.get(v.flowScopeKey());
            scope.waitingTokens.merge(target.id() + "|" + v.elementId(), 1, Integer::sum);
        }
    }

    private void consumeJoinTokens(InstanceRuntime inst, ElementInstance scope, ElementInstance gateway) {
        if (!"PARALLEL_GATEWAY".equals(gateway.elementType) && !"INCLUSIVE_GATEWAY".equals(gateway.elementType)) {
            return;
        }
        ProcessRepository.Deployed d = processes.cached(inst.processDefinitionKey);
        Element g = d.process().element(gateway.elementId);
        if (g.incoming().size() < 2) {
            return;
        }
        for (Flow f : g.incoming()) {
            String k = g.id() + "|" + f.id();
            Integer n = scope.waitingTokens.get(k);
            if (n != null) {
                if (n <= 1) {
                    scope.waitingTokens.remove(k);
                } else {
                    scope.waitingTokens.put(k, n - 1);
                }
            }
        }
    }

    private Element joiningTarget(long definitionKey, String flowId) {
        ProcessRepository.Deployed d = processes.cached(definitionKey);
        for (Element el : d.process().elements().values()) {
            if ((el.kind() == ElementKind.PARALLEL_GATEWAY || el.kind() == ElementKind.INCLUSIVE_GATEWAY)
                    && el.incoming().size() > 1) {
                for (Flow f : el.incoming()) {
                    if (f.id().equals(flowId)) {
                        return el;
                    }
                }
            }
        }
        return null;
    }

    private static void history(Batch batch, InstanceRuntime inst, ElementInstance ei, String state, Long end) {
        batch.tables.elementInstances.upsert(ei.key, new Rows.ElementHistory(ei.key, inst.key, ei.flowScopeKey,
                ei.elementId, ei.elementType, state, ei.startTime, end, ei.incidentKey, inst.tenantId));
    }

    // ---- variables ----

    private void applyVariable(Batch batch, Event.VariableEvent e) {
        Event.VariableValue v = e.value();
        InstanceRuntime inst = batch.instances.get(v.processInstanceKey());
        if (inst.elements.get(v.scopeKey()) == null) {
            // The scope (or the whole instance) ended and its variables went with it, but their rows stay: a write
            // here would be a second row for a scope and name, which the table's unique (scope_key, name) rejects
            // for the whole batch. Fail at the write that is wrong instead.
            throw new IllegalStateException("Variable '" + v.name() + "' written to scope " + v.scopeKey()
                    + " of process instance " + inst.key + ", which is no longer active");
        }
        inst.variables.computeIfAbsent(v.scopeKey(), k -> new HashMap<>()).put(v.name(), new VariableEntry(e.key(), e.parsed()));
        batch.tables.variables.upsert(e.key(), new Rows.Variable(e.key(), v.name(), v.value(), v.scopeKey(),
                v.processInstanceKey(), v.tenantId()));
        batch.tables.processInstances.upsert(inst.key, inst);
    }

    // ---- jobs ----

    private void applyJob(Batch batch, Event.JobEvent e) {
        Event.JobValue v = e.value();
        InstanceRuntime inst = batch.instances.get(v.processInstanceKey());
        JobRow job = batch.jobs.get(e.key());
        switch (e.intentValue()) {
            case CREATED -> {
                job = new JobRow();
                job.key = e.key();
                job.type = v.type();
                job.state = "ACTIVATABLE";
                job.retries = v.retries();
                job.processInstanceKey = v.processInstanceKey();
                job.elementInstanceKey = v.elementInstanceKey();
                job.elementId = v.elementId();
                job.bpmnProcessId = v.bpmnProcessId();
                job.processDefinitionVersion = v.processDefinitionVersion();
                job.processDefinitionKey = v.processDefinitionKey();
                job.customHeaders = v.customHeaders();
                job.tenantId = v.tenantId();
                batch.jobs.put(job.key, job);
                batch.tables.jobs.insert(job.key, job);
                ElementInstance ei = inst.elements.get(v.elementInstanceKey());
                ei.jobKey = job.key;
                batch.tables.processInstances.upsert(inst.key, inst);
                return;
            }
            case ACTIVATED -> {
                job.state = "ACTIVATED";
                job.worker = v.worker();
                job.deadline = v.deadline();
            }
            case COMPLETED, CANCELED -> {
                batch.jobs.remove(job.key);
                batch.tables.jobs.delete(job.key);
                if (inst != null) {
                    ElementInstance ei = inst.elements.get(v.elementInstanceKey());
                    if (ei != null) {
                        ei.jobKey = -1;
                    }
                    batch.tables.processInstances.upsert(inst.key, inst);
                }
                return;
            }
            case FAILED -> {
                job.retries = v.retries();
                job.errorMessage = v.errorMessage();
                job.worker = null;
                job.deadline = 0;
                if (v.retries() > 0 && v.retryBackoff() > 0) {
                    job.state = "FAILED";
                    job.recurAt = v.recurringTime();
                } else if (v.retries() > 0) {
                    job.state = "ACTIVATABLE";
                } else {
                    job.state = "FAILED";
                    job.recurAt = 0;
                }
            }
            case TIMED_OUT, YIELDED -> {
                job.state = "ACTIVATABLE";
                job.worker = null;
                job.deadline = 0;
            }
            case RETRIES_UPDATED -> job.retries = v.retries();
            case TIMEOUT_UPDATED -> job.deadline = v.deadline();
            case ERROR_THROWN -> {
                job.state = "ERROR_THROWN";
                job.errorMessage = v.errorMessage();
                job.worker = null;
                job.deadline = 0;
            }
            case RECURRED_AFTER_BACKOFF -> {
                job.state = "ACTIVATABLE";
                job.recurAt = 0;
            }
        }
        batch.tables.jobs.upsert(job.key, job);
    }

    // ---- incidents ----

    private void applyIncident(Batch batch, Event.IncidentEvent e) {
        Event.IncidentValue v = e.value();
        InstanceRuntime inst = batch.instances.get(v.processInstanceKey());
        ElementInstance ei = inst == null ? null : inst.elements.get(v.elementInstanceKey());
        IncidentRow row;
        if (e.intentValue() == Event.IncidentIntent.CREATED) {
            row = new IncidentRow();
            row.key = e.key();
            row.processInstanceKey = v.processInstanceKey();
            row.processDefinitionKey = v.processDefinitionKey();
            row.bpmnProcessId = v.bpmnProcessId();
            row.elementId = v.elementId();
            row.elementInstanceKey = v.elementInstanceKey();
            row.jobKey = v.jobKey();
            row.errorType = v.errorType();
            row.errorMessage = v.errorMessage();
            row.state = "ACTIVE";
            row.createdAt = batch.now;
            row.tenantId = v.tenantId();
            batch.incidents.put(row.key, row);
            batch.tables.incidents.insert(row.key, row);
            if (inst != null) {
                inst.activeIncidents++;
                if (ei != null) {
                    ei.incidentKey = row.key;
                    history(batch, inst, ei, "ACTIVE", null);
                }
            }
        } else {
            row = batch.incidents.get(e.key());
            row.state = "RESOLVED";
            row.resolvedAt = batch.now;
            batch.tables.incidents.upsert(row.key, row);
            if (inst != null) {
                inst.activeIncidents--;
                if (ei != null) {
                    ei.incidentKey = -1;
                    history(batch, inst, ei, "ACTIVE", null);
                }
            }
        }
        if (inst != null) {
            batch.tables.processInstances.upsert(inst.key, inst);
        }
    }

    // ---- timers, subscriptions, messages, user tasks ----

    private static ElementInstance owner(Batch batch, long processInstanceKey, long elementInstanceKey) {
        InstanceRuntime inst = batch.instances.get(processInstanceKey);
        if (inst == null) {
            return null;
        }
        batch.tables.processInstances.upsert(inst.key, inst);
        return inst.elements.get(elementInstanceKey);
    }

    private void applyTimer(Batch batch, Event.TimerEvent e) {
        ElementInstance owner = owner(batch, e.value().processInstanceKey(), e.value().elementInstanceKey());
        if (e.intentValue() == Event.TimerIntent.CREATED) {
            batch.tables.timers.insert(e.key(), e.value());
            if (owner != null) {
                owner.timers.add(e.key());
            }
        } else {
            batch.tables.timers.delete(e.key());
            if (owner != null) {
                owner.timers.remove(e.key());
            }
        }
    }

    private void applyMessageSubscription(Batch batch, Event.MessageSubscriptionEvent e) {
        ElementInstance owner = owner(batch, e.value().processInstanceKey(), e.value().elementInstanceKey());
        switch (e.intentValue()) {
            case CREATED -> {
                batch.tables.messageSubscriptions.insert(e.key(), e.value());
                if (owner != null) {
                    owner.messageSubscriptions.add(e.key());
                }
            }
            case CORRELATED -> {
                try (PreparedStatement ps = batch.connection.prepareStatement(
                        "INSERT INTO engine.message_correlation (message_key, bpmn_process_id) VALUES (?, ?) "
                                + "ON CONFLICT DO NOTHING")) {
                    ps.setLong(1, e.messageKey());
                    ps.setString(2, e.value().bpmnProcessId());
                    ps.executeUpdate();
                } catch (SQLException ex) {
                    throw new StateWriteException(ex);
                }
                if (!e.value().interrupting() && owner != null && !owner.elementId.equals(e.value().targetElementId())) {
                    return; // a non-interrupting boundary / event sub-process keeps listening
                }
                batch.tables.messageSubscriptions.delete(e.key());
                if (owner != null) {
                    owner.messageSubscriptions.remove(e.key());
                }
            }
            case DELETED -> {
                batch.tables.messageSubscriptions.delete(e.key());
                if (owner != null) {
                    owner.messageSubscriptions.remove(e.key());
                }
            }
        }
    }

    private void applySignalSubscription(Batch batch, Event.SignalSubscriptionEvent e) {
        ElementInstance owner = owner(batch, e.value().processInstanceKey(), e.value().elementInstanceKey());
        if (e.intentValue() == Event.SubscriptionIntent.CREATED) {
            batch.tables.signalSubscriptions.insert(e.key(), e.value());
            if (owner != null) {
                owner.signalSubscriptions.add(e.key());
            }
        } else if (e.intentValue() == Event.SubscriptionIntent.DELETED) {
            batch.tables.signalSubscriptions.delete(e.key());
            if (owner != null) {
                owner.signalSubscriptions.remove(e.key());
            }
        }
    }

    private void applyMessage(Batch batch, Event.MessageEvent e) {
        if (e.intentValue() == Event.MessageIntent.PUBLISHED) {
            if (e.buffered()) {
                batch.tables.messages.insert(e.key(), e.value());
            }
        } else {
            batch.tables.messages.delete(e.key());
        }
    }

    private void applyUserTask(Batch batch, Event.UserTaskEvent e) {
        batch.tables.userTasks.upsert(e.key(), e.value());
        ElementInstance owner = owner(batch, e.value().processInstanceKey(), e.value().elementInstanceKey());
        if (owner != null) {
            owner.userTaskKey = e.intentValue() == Event.UserTaskIntent.CREATED
                    || e.intentValue() == Event.UserTaskIntent.ASSIGNED ? e.key() : -1;
        }
    }

    private void replaceStartTriggers(Batch batch, Event.StartTriggersReplaced e) {
        try (PreparedStatement del = batch.connection.prepareStatement(
                "DELETE FROM engine.start_subscription WHERE bpmn_process_id = ? AND tenant_id = ?");
             PreparedStatement delTimers = batch.connection.prepareStatement(
                     "DELETE FROM engine.timer WHERE process_instance_key = -1 AND process_definition_key IN "
                             + "(SELECT key FROM engine.resource WHERE kind = 'PROCESS' AND resource_id = ? AND tenant_id = ?)");
             PreparedStatement ins = batch.connection.prepareStatement(
                     "INSERT INTO engine.start_subscription (process_definition_key, bpmn_process_id, kind, name, "
                             + "start_element_id, tenant_id) VALUES (?,?,?,?,?,?)")) {
            del.setString(1, e.bpmnProcessId());
            del.setString(2, e.tenantId());
            del.executeUpdate();
            delTimers.setString(1, e.bpmnProcessId());
            delTimers.setString(2, e.tenantId());
            delTimers.executeUpdate();
            for (Event.StartTrigger t : e.triggers()) {
                ins.setLong(1, e.key());
                ins.setString(2, e.bpmnProcessId());
                ins.setString(3, t.kind());
                ins.setString(4, t.name());
                ins.setString(5, t.elementId());
                ins.setString(6, e.tenantId());
                ins.addBatch();
            }
            if (!e.triggers().isEmpty()) {
                ins.executeBatch();
            }
        } catch (SQLException ex) {
            throw new StateWriteException(ex);
        }
        for (var timer : e.timers()) {
            batch.tables.timers.insert(timer.key(), timer);
        }
    }

    // ---- deployment ----

    private void resourceCreated(Batch batch, Event.ResourceCreated e) {
        Event.ProcessValue v = e.value();
        try (PreparedStatement ps = batch.connection.prepareStatement(
                "INSERT INTO engine.resource (key, deployment_key, kind, resource_id, name, version, resource_name, "
                        + "checksum, content, tenant_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, e.key());
            ps.setLong(2, e.deploymentKey());
            ps.setString(3, v.kind());
            ps.setString(4, v.bpmnProcessId());
            ps.setString(5, v.name());
            ps.setInt(6, v.version());
            ps.setString(7, v.resourceName());
            ps.setString(8, v.checksum());
            ps.setBytes(9, e.content());
            ps.setString(10, v.tenantId());
            ps.setLong(11, batch.now);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new StateWriteException(ex);
        }
    }

    private void resourceDeleted(Batch batch, Event.ResourceDeleted e) {
        try (PreparedStatement ps = batch.connection.prepareStatement(
                "UPDATE engine.resource SET deleted = true WHERE key = ?")) {
            ps.setLong(1, e.key());
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new StateWriteException(ex);
        }
    }

    private void deploymentCreated(Batch batch, Event.DeploymentCreated e) {
        try (PreparedStatement ps = batch.connection.prepareStatement(
                "INSERT INTO engine.deployment (key, tenant_id, created_at) VALUES (?,?,?)")) {
            ps.setLong(1, e.key());
            ps.setString(2, e.value().tenantId());
            ps.setLong(3, batch.now);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new StateWriteException(ex);
        }
    }

    /** A SQL failure inside an applier; the whole batch is rolled back and retried command by command. */
    static final class StateWriteException extends RuntimeException {
        StateWriteException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        SQLException sqlCause() {
            return (SQLException) getCause();
        }
    }
}
