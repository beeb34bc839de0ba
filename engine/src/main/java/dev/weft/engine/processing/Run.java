package dev.weft.engine.processing;

import dev.weft.engine.model.Element;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.InstanceRuntime;

/** What BPMN behaviour needs while it works on one process instance inside a batch. */
record Run(Batch batch, InstanceRuntime instance, ProcessRepository.Deployed definition) {

    Element element(String id) {
        return definition.process().element(id);
    }

    Element element(ElementInstance ei) {
        return definition.process().element(ei.elementId);
    }

    ElementInstance root() {
        return instance.elements.get(instance.key);
    }

    Event.ProcessInstanceValue value(String elementType, String elementId, long flowScopeKey) {
        return new Event.ProcessInstanceValue(elementType, elementId, instance.bpmnProcessId, instance.version,
                instance.processDefinitionKey, instance.key, flowScopeKey, instance.parentProcessInstanceKey,
                instance.parentElementInstanceKey, instance.tenantId);
    }

    void element(Event.ElementIntent intent, ElementInstance ei) {
        batch.append(new Event.ElementEvent(intent, ei.key, value(ei.elementType, ei.elementId, ei.flowScopeKey)));
    }
}
