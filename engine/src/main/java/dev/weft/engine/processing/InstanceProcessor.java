package dev.weft.engine.processing;

import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.api.ProcessInstanceCreated;
import dev.weft.engine.model.Element;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.InstanceRuntime;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creating and cancelling process instances, and setting variables on their scopes. */
final class InstanceProcessor {

    private final ProcessRepository repository;
    private final BpmnBehavior behavior;

    InstanceProcessor(ProcessRepository repository, BpmnBehavior behavior) {
        this.repository = repository;
        this.behavior = behavior;
    }

    Object create(Batch b, CreateInstanceCommand cmd) throws SQLException {
        ProcessRepository.Deployed d;
        if (cmd.processDefinitionKey() > 0) {
            d = repository.byKey(b.connection, cmd.processDefinitionKey());
            if (d == null) {
                return EngineRejection.notFound("Expected to find process definition with key '"
                        + cmd.processDefinitionKey() + "', but none found");
            }
        } else {
            if (cmd.bpmnProcessId() == null || cmd.bpmnProcessId().isBlank()) {
                return EngineRejection.invalidArgument(
                        "Expected either a bpmnProcessId or a processDefinitionKey, but none given");
            }
            if (cmd.version() < 0) {
                String cacheKey = cmd.tenantId() + "|" + cmd.bpmnProcessId();
                d = b.latestVersions.get(cacheKey);
                if (d == null) {
                    d = repository.byId(b.connection, cmd.bpmnProcessId(), cmd.version(), cmd.tenantId());
                    if (d != null) {
                        b.latestVersions.put(cacheKey, d);
                    }
                }
            } else {
                d = repository.byId(b.connection, cmd.bpmnProcessId(), cmd.version(), cmd.tenantId());
            }
            if (d == null) {
                return EngineRejection.notFound(cmd.version() < 0
                        ? "Expected to find process definition with process ID '" + cmd.bpmnProcessId() + "', but none found"
                        : "Expected to find process definition with process ID '" + cmd.bpmnProcessId()
                        + "' and version '" + cmd.version() + "', but none found");
            }
        }
        Element root = d.process().root();
        List<Element> startAt = new ArrayList<>();
        for (String id : cmd.startAtElementIds()) {
            Element e = d.process().elements().get(id);
            if (e == null) {
                return EngineRejection.invalidArgument("Expected to start process instance at element with id '" + id
                        + "', but no such element was found");
            }
            if (e.flowScope() != root || e.kind() == dev.weft.engine.model.ElementKind.BOUNDARY_EVENT) {
                return EngineRejection.invalidArgument("Expected to start process instance at element with id '" + id
                        + "', but the element is not directly inside the process (or is a boundary event)");
            }
            startAt.add(e);
        }
        if (startAt.isEmpty() && root.noneStart() == null) {
            return EngineRejection.invalidState("Expected to create instance of process with none start event, but there is no such event");
        }
        long key = b.newKey();
        b.append(new Event.ElementEvent(Event.ElementIntent.ELEMENT_ACTIVATING, key, new Event.ProcessInstanceValue(
                "PROCESS", d.bpmnProcessId(), d.bpmnProcessId(), d.version(), d.key(), key, -1, -1, -1, d.tenantId())));
        InstanceRuntime inst = b.instances.get(key);
        Run run = new Run(b, inst, d);
        cmd.variables().forEach((name, value) -> Variables.setLocal(run, key, name, value));
        ElementInstance rootInstance = inst.element(key);
        if (startAt.isEmpty()) {
            behavior.proceedActivation(run, rootInstance, null);
        } else {
            behavior.markProcessActivated(run, rootInstance);
            for (Element e : startAt) {
                behavior.activate(run, e, key, null);
            }
        }
        return new ProcessInstanceCreated(d.key(), d.bpmnProcessId(), d.version(), key, d.tenantId());
    }

    /** Starts an instance of a definition at one of its start events (message, signal, timer starts). */
    long createAt(Batch b, long definitionKey, String startElementId, Map<String, Object> variables) throws SQLException {
        ProcessRepository.Deployed d = repository.byKey(b.connection, definitionKey);
        long key = b.newKey();
        b.append(new Event.ElementEvent(Event.ElementIntent.ELEMENT_ACTIVATING, key, new Event.ProcessInstanceValue(
                "PROCESS", d.bpmnProcessId(), d.bpmnProcessId(), d.version(), d.key(), key, -1, -1, -1, d.tenantId())));
        InstanceRuntime inst = b.instances.get(key);
        Run run = new Run(b, inst, d);
        behavior.markProcessActivated(run, inst.element(key));
        behavior.activate(run, d.process().element(startElementId), key, new java.util.LinkedHashMap<>(variables));
        return key;
    }

    Object cancel(Batch b, long key) throws SQLException {
        InstanceRuntime inst = b.instance(key);
        if (inst == null) {
            return EngineRejection.notFound("Expected to cancel a process instance with key '" + key
                    + "', but no such process was found");
        }
        if (inst.parentProcessInstanceKey > 0) {
            return EngineRejection.invalidState("Expected to cancel a process instance with key '" + key
                    + "', but it is created by a parent process instance. Cancel the root process instance '"
                    + inst.parentProcessInstanceKey + "' instead.");
        }
        b.jobsOfInstance(key);
        Run run = new Run(b, inst, repository.byKey(b.connection, inst.processDefinitionKey));
        behavior.terminate(run, inst.element(key));
        return null;
    }

    Object setVariables(Batch b, long scopeKey, Map<String, Object> variables, boolean local, long instanceKey)
            throws SQLException {
        InstanceRuntime inst = instanceKey > 0 ? b.instance(instanceKey) : null;
        ElementInstance scope = inst == null ? null : inst.element(scopeKey);
        if (scope == null) {
            return EngineRejection.notFound("Expected to update variables for element with key '" + scopeKey
                    + "', but no such element was found");
        }
        Run run = new Run(b, inst, repository.byKey(b.connection, inst.processDefinitionKey));
        if (local) {
            variables.forEach((name, value) -> Variables.setLocal(run, scopeKey, name, value));
        } else {
            Variables.merge(run, scopeKey, variables);
        }
        return b.newKey();
    }
}
