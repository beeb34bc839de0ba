package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One executable BPMN element. Built by {@link BpmnTransformer}; never changed after the transformation, so a model
 * can be shared by every thread. Fields that do not apply to an element's kind are {@code null} / empty.
 */
public final class Element {

    final String id;
    final String name;
    final ElementKind kind;
    Element flowScope;
    final List<Flow> outgoing = new ArrayList<>();
    final List<Flow> incoming = new ArrayList<>();
    String defaultFlowId;
    final List<Mapping> inputs = new ArrayList<>();
    final List<Mapping> outputs = new ArrayList<>();
    JobSpec job;
    EventDefinition event = EventDefinition.NONE;
    LoopSpec loop;
    final List<Element> boundaries = new ArrayList<>();
    Element attachedTo;
    boolean interrupting = true;
    final List<Element> children = new ArrayList<>();
    Element noneStart;
    final List<Element> eventSubProcesses = new ArrayList<>();
    ScriptSpec script;
    UserTaskSpec userTask;
    CallSpec call;
    DecisionSpec decision;
    Expression activeElements;
    Expression adHocCompletion;
    boolean cancelRemainingInstances = true;
    List<Map<String, Object>> adHocElements = List.of();

    Element(String id, String name, ElementKind kind) {
        this.id = id;
        this.name = name;
        this.kind = kind;
    }

    public String id() { return id; }
    public String name() { return name; }
    public ElementKind kind() { return kind; }
    /** The containing process / sub-process; {@code null} for the process itself. */
    public Element flowScope() { return flowScope; }
    public List<Flow> outgoing() { return outgoing; }
    public List<Flow> incoming() { return incoming; }
    /** Id of the default flow of an exclusive / inclusive gateway or activity, or {@code null}. */
    public String defaultFlowId() { return defaultFlowId; }
    public List<Mapping> inputs() { return inputs; }
    public List<Mapping> outputs() { return outputs; }
    public JobSpec job() { return job; }
    public EventDefinition event() { return event; }
    /** Multi-instance characteristics, or {@code null}. */
    public LoopSpec loop() { return loop; }
    public List<Element> boundaries() { return boundaries; }
    public Element attachedTo() { return attachedTo; }
    /** For boundary events ({@code cancelActivity}) and event sub-process start events ({@code isInterrupting}). */
    public boolean interrupting() { return interrupting; }
    public List<Element> children() { return children; }
    public Element noneStart() { return noneStart; }
    public List<Element> eventSubProcesses() { return eventSubProcesses; }
    public ScriptSpec script() { return script; }
    public UserTaskSpec userTask() { return userTask; }
    public CallSpec call() { return call; }
    /** Business rule task evaluated by the engine ({@code zeebe:calledDecision}), or {@code null}. */
    public DecisionSpec decision() { return decision; }
    /** Ad-hoc sub-process: expression naming elements to activate at start, or {@code null}. */
    public Expression activeElements() { return activeElements; }
    public Expression adHocCompletion() { return adHocCompletion; }
    public boolean cancelRemainingInstances() { return cancelRemainingInstances; }
    /**
     * Ad-hoc sub-process: the value of its {@code adHocSubProcessElements} variable, computed once at deployment in
     * Zeebe's shape (one entry per activatable inner element: {@code elementId}, {@code elementName},
     * {@code documentation}, {@code properties}, {@code parameters}; empty fields left out). Unmodifiable.
     */
    public List<Map<String, Object>> adHocElements() { return adHocElements; }

    /** The start event of an event sub-process. */
    public Element eventSubProcessStart() {
        return children.stream().filter(c -> c.kind == ElementKind.START_EVENT).findFirst().orElseThrow();
    }

    public Flow defaultFlow() {
        return defaultFlowId == null ? null
                : outgoing.stream().filter(f -> f.id().equals(defaultFlowId)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return kind + "[" + id + "]";
    }
}
