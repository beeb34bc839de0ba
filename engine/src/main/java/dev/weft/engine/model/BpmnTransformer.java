package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;
import dev.weft.engine.feel.Feel;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.AdHocSubProcess;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.EscalationEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Event;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.InclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.ManualTask;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SendTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.Task;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Transaction;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAdHoc;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperties;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskSchedule;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebePriorityDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed BPMN model into {@link ExecutableProcess}es, collecting every problem as
 * {@code (elementId, message)} instead of stopping at the first, so a deployment rejection lists them all.
 */
final class BpmnTransformer {

    /** One problem with one element. */
    record Problem(String elementId, String message) {
    }

    private final Feel feel;
    private final List<Problem> problems = new ArrayList<>();

    BpmnTransformer(Feel feel) {
        this.feel = feel;
    }

    List<Problem> problems() {
        return problems;
    }

    List<ExecutableProcess> transform(BpmnModelInstance model) {
        List<ExecutableProcess> out = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (!process.isExecutable()) {
                continue;
            }
            Map<String, Element> all = new LinkedHashMap<>();
            Element root = new Element(process.getId(), process.getName(), ElementKind.PROCESS);
            all.put(root.id, root);
            transformScope(root, process.getFlowElements(), all);
            long noneStarts = root.children.stream()
                    .filter(c -> c.kind == ElementKind.START_EVENT && c.event instanceof dev.weft.engine.model.EventDefinition.None).count();
            if (noneStarts > 1) {
                problem(root.id, "Multiple none start events are not allowed in a process");
            }
            out.add(new ExecutableProcess(process.getId(), process.getName(), root, Map.copyOf(all)));
        }
        return out;
    }

    private void transformScope(Element scope, Collection<FlowElement> flowElements, Map<String, Element> all) {
        List<SequenceFlow> flows = new ArrayList<>();
        List<BoundaryEvent> boundaries = new ArrayList<>();
        for (FlowElement fe : flowElements) {
            if (fe instanceof SequenceFlow sf) {
                flows.add(sf);
                continue;
            }
            ElementKind kind = kindOf(fe);
            if (kind == null) {
                if (isIgnorable(fe)) {
                    continue;
                }
                problem(fe.getId(), "Elements of type '" + fe.getElementType().getTypeName() + "' are not supported");
                continue;
            }
            Element e = new Element(fe.getId(), fe.getName(), kind);
            e.flowScope = scope;
            all.put(e.id, e);
            if (kind == ElementKind.EVENT_SUB_PROCESS) {
                scope.eventSubProcesses.add(e);
            } else {
                scope.children.add(e);
            }
            if (fe instanceof BoundaryEvent b) {
                boundaries.add(b);
            }
            configure(e, fe);
            if (fe instanceof SubProcess sp) {
                transformScope(e, sp.getFlowElements(), all);
                if (kind == ElementKind.SUB_PROCESS) {
                    List<Element> starts = e.children.stream().filter(c -> c.kind == ElementKind.START_EVENT).toList();
                    if (starts.size() != 1 || !(starts.get(0).event instanceof dev.weft.engine.model.EventDefinition.None)) {
                        problem(e.id, "Must have exactly one start event, and it must be a none start event");
                    } else {
                        e.noneStart = starts.get(0);
                    }
                } else if (kind == ElementKind.EVENT_SUB_PROCESS) {
                    List<Element> starts = e.children.stream().filter(c -> c.kind == ElementKind.START_EVENT).toList();
                    if (starts.size() != 1 || starts.get(0).event instanceof dev.weft.engine.model.EventDefinition.None) {
                        problem(e.id, "Must have exactly one start event with a message, timer, error or signal definition");
                    }
                }
            }
            if (scope.kind == ElementKind.PROCESS && kind == ElementKind.START_EVENT
                    && e.event instanceof dev.weft.engine.model.EventDefinition.None) {
                scope.noneStart = e;
            }
        }
        for (BoundaryEvent b : boundaries) {
            Element be = all.get(b.getId());
            Element host = b.getAttachedTo() == null ? null : all.get(b.getAttachedTo().getId());
            if (host == null) {
                problem(b.getId(), "Must be attached to an activity");
                continue;
            }
            be.attachedTo = host;
            host.boundaries.add(be);
            if (be.event instanceof dev.weft.engine.model.EventDefinition.Escalation
                    && !(host.kind == ElementKind.SUB_PROCESS || host.kind == ElementKind.CALL_ACTIVITY)) {
                problem(be.id, "Escalation boundary events can only be attached to a sub-process or a call activity, not to '"
                        + host.id + "'");
            }
        }
        for (SequenceFlow sf : flows) {
            Element source = all.get(sf.getSource().getId());
            Element target = all.get(sf.getTarget().getId());
            if (source == null || target == null) {
                continue; // the unsupported end was already reported
            }
            Expression condition = null;
            ConditionExpression ce = sf.getConditionExpression();
            if (ce != null && ce.getTextContent() != null && !ce.getTextContent().isBlank()) {
                condition = feelOnly(sf.getId(), "conditionExpression", ce.getTextContent());
            }
            Flow flow = new Flow(sf.getId(), source.id, target.id, condition);
            source.outgoing.add(flow);
            target.incoming.add(flow);
        }
        for (Element child : scope.children) {
            validateFlows(child);
        }
    }

    private void validateFlows(Element e) {
        if (e.kind == ElementKind.EXCLUSIVE_GATEWAY || e.kind == ElementKind.INCLUSIVE_GATEWAY) {
            if (e.outgoing.size() > 1) {
                for (Flow f : e.outgoing) {
                    if (f.condition() == null && !f.id().equals(e.defaultFlowId)) {
                        problem(f.id(), "Must have a condition expression (an outgoing flow of gateway '" + e.id
                                + "' that is not its default flow)");
                    }
                }
            }
        }
        if (e.kind == ElementKind.EVENT_BASED_GATEWAY && e.outgoing.size() < 2) {
            problem(e.id, "Event-based gateway must have at least 2 outgoing sequence flows");
        }
        if (e.kind == ElementKind.BOUNDARY_EVENT && !e.incoming.isEmpty()) {
            problem(e.id, "Boundary events must not have incoming sequence flows");
        }
    }

    private static boolean isIgnorable(FlowElement fe) {
        String type = fe.getElementType().getTypeName();
        return type.equals("dataObject") || type.equals("dataObjectReference") || type.equals("dataStoreReference");
    }

    private static ElementKind kindOf(FlowElement fe) {
        if (fe instanceof StartEvent) return ElementKind.START_EVENT;
        if (fe instanceof EndEvent) return ElementKind.END_EVENT;
        if (fe instanceof IntermediateCatchEvent) return ElementKind.INTERMEDIATE_CATCH_EVENT;
        if (fe instanceof IntermediateThrowEvent) return ElementKind.INTERMEDIATE_THROW_EVENT;
        if (fe instanceof BoundaryEvent) return ElementKind.BOUNDARY_EVENT;
        if (fe instanceof ServiceTask) return ElementKind.SERVICE_TASK;
        if (fe instanceof SendTask) return ElementKind.SEND_TASK;
        if (fe instanceof BusinessRuleTask) return ElementKind.BUSINESS_RULE_TASK;
        if (fe instanceof ScriptTask) return ElementKind.SCRIPT_TASK;
        if (fe instanceof UserTask) return ElementKind.USER_TASK;
        if (fe instanceof ReceiveTask) return ElementKind.RECEIVE_TASK;
        if (fe instanceof ManualTask) return ElementKind.MANUAL_TASK;
        if (fe instanceof ExclusiveGateway) return ElementKind.EXCLUSIVE_GATEWAY;
        if (fe instanceof ParallelGateway) return ElementKind.PARALLEL_GATEWAY;
        if (fe instanceof InclusiveGateway) return ElementKind.INCLUSIVE_GATEWAY;
        if (fe instanceof EventBasedGateway) return ElementKind.EVENT_BASED_GATEWAY;
        if (fe instanceof CallActivity) return ElementKind.CALL_ACTIVITY;
        if (fe instanceof Transaction) return null;
        if (fe instanceof AdHocSubProcess) return ElementKind.AD_HOC_SUB_PROCESS;
        if (fe instanceof SubProcess sp) return sp.triggeredByEvent() ? ElementKind.EVENT_SUB_PROCESS : ElementKind.SUB_PROCESS;
        if (fe.getElementType().getTypeName().equals("task")) return ElementKind.TASK;
        return null;
    }

    private void configure(Element e, FlowElement fe) {
        if (fe instanceof BaseElement be) {
            ZeebeIoMapping io = be.getSingleExtensionElement(ZeebeIoMapping.class);
            if (io != null) {
                for (ZeebeInput in : io.getInputs()) {
                    mapping(e, in.getSource(), in.getTarget(), "input").ifPresent(e.inputs::add);
                }
                for (ZeebeOutput o : io.getOutputs()) {
                    mapping(e, o.getSource(), o.getTarget(), "output").ifPresent(e.outputs::add);
                }
            }
        }
        if (fe instanceof Event ev) {
            configureEvent(e, ev);
        }
        if (fe instanceof Activity a) {
            configureActivity(e, a);
        }
        if (fe instanceof ExclusiveGateway g && g.getDefault() != null) {
            e.defaultFlowId = g.getDefault().getId();
        }
        if (fe instanceof InclusiveGateway g && g.getDefault() != null) {
            e.defaultFlowId = g.getDefault().getId();
        }
    }

    private void configureActivity(Element e, Activity a) {
        if (a.getLoopCharacteristics() != null) {
            if (!(a.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics mi)) {
                problem(e.id, "Standard loop characteristics are not supported; use multi-instance");
            } else {
                ZeebeLoopCharacteristics z = mi.getSingleExtensionElement(ZeebeLoopCharacteristics.class);
                if (z == null || z.getInputCollection() == null || z.getInputCollection().isBlank()) {
                    problem(e.id, "Multi-instance must define zeebe:loopCharacteristics with an inputCollection");
                } else {
                    Expression input = expression(e.id, "inputCollection", z.getInputCollection());
                    Expression outElement = blank(z.getOutputElement()) ? null
                            : expression(e.id, "outputElement", z.getOutputElement());
                    Expression completion = mi.getCompletionCondition() == null
                            || blank(mi.getCompletionCondition().getTextContent()) ? null
                            : feelOnly(e.id, "completionCondition", mi.getCompletionCondition().getTextContent());
                    e.loop = new LoopSpec(mi.isSequential(), input, blank(z.getInputElement()) ? null : z.getInputElement(),
                            blank(z.getOutputCollection()) ? null : z.getOutputCollection(), outElement, completion);
                }
            }
        }
        ZeebeTaskDefinition td = a.getSingleExtensionElement(ZeebeTaskDefinition.class);
        switch (e.kind) {
            case SERVICE_TASK, SEND_TASK -> {
                if (td == null) {
                    problem(e.id, "Must have a zeebe:taskDefinition with a job type");
                } else {
                    e.job = jobSpec(e, td, a);
                }
            }
            case BUSINESS_RULE_TASK -> {
                ZeebeCalledDecision cd = a.getSingleExtensionElement(ZeebeCalledDecision.class);
                if (cd != null && td != null) {
                    problem(e.id, "Must have either a zeebe:calledDecision or a zeebe:taskDefinition, not both");
                } else if (td != null) {
                    e.job = jobSpec(e, td, a);
                } else if (cd == null) {
                    problem(e.id, "Must have either a zeebe:calledDecision or a zeebe:taskDefinition");
                } else if (blank(cd.getDecisionId())) {
                    problem(e.id, "zeebe:calledDecision must name a decisionId");
                } else if (blank(cd.getResultVariable())) {
                    problem(e.id, "zeebe:calledDecision must name a resultVariable");
                } else if (cd.getBindingType() != null && cd.getBindingType() != ZeebeBindingType.latest) {
                    problem(e.id, "zeebe:calledDecision bindingType '" + cd.getBindingType()
                            + "' is not supported yet; Weft evaluates the latest deployed version (bindingType 'latest')");
                } else {
                    e.decision = new DecisionSpec(expression(e.id, "decisionId", cd.getDecisionId()), cd.getResultVariable());
                }
            }
            case SCRIPT_TASK -> {
                ZeebeScript script = a.getSingleExtensionElement(ZeebeScript.class);
                if (td != null) {
                    e.job = jobSpec(e, td, a);
                } else if (script == null || blank(script.getExpression())) {
                    problem(e.id, "Must have either a zeebe:script expression or a zeebe:taskDefinition");
                } else if (blank(script.getResultVariable())) {
                    problem(e.id, "zeebe:script must name a resultVariable");
                } else {
                    e.script = new ScriptSpec(feelOnly(e.id, "zeebe:script expression", script.getExpression()),
                            script.getResultVariable());
                }
            }
            case USER_TASK -> configureUserTask(e, (UserTask) a);
            case RECEIVE_TASK -> {
                ReceiveTask rt = (ReceiveTask) a;
                if (rt.getMessage() == null) {
                    problem(e.id, "Must reference a message");
                } else {
                    e.event = message(e, rt.getMessage());
                }
            }
            case CALL_ACTIVITY -> {
                ZeebeCalledElement ce = a.getSingleExtensionElement(ZeebeCalledElement.class);
                if (ce == null || blank(ce.getProcessId())) {
                    problem(e.id, "Must have a zeebe:calledElement with a processId");
                } else {
                    e.call = new CallSpec(expression(e.id, "processId", ce.getProcessId()),
                            ce.isPropagateAllChildVariablesEnabled(), ce.isPropagateAllParentVariablesEnabled());
                }
            }
            case AD_HOC_SUB_PROCESS -> {
                AdHocSubProcess ah = (AdHocSubProcess) a;
                ZeebeAdHoc z = a.getSingleExtensionElement(ZeebeAdHoc.class);
                if (z != null && !blank(z.getActiveElementsCollection())) {
                    e.activeElements = expression(e.id, "activeElementsCollection", z.getActiveElementsCollection());
                }
                if (ah.getCompletionCondition() != null && !blank(ah.getCompletionCondition().getTextContent())) {
                    e.adHocCompletion = feelOnly(e.id, "completionCondition", ah.getCompletionCondition().getTextContent());
                }
                e.cancelRemainingInstances = ah.isCancelRemainingInstances();
                if (td != null) {
                    // job-worker driven (Zeebe 8.8): the worker's job result decides what to activate and when to
                    // complete; Zeebe's validators already refused activeElementsCollection, completionCondition
                    // and cancelRemainingInstances beside the task definition
                    e.job = jobSpec(e, td, a);
                }
                e.adHocElements = adHocElements(ah);
                if (z != null && (!blank(z.getOutputCollection()) || !blank(z.getOutputElement()))) {
                    problem(e.id, "The outputCollection and outputElement of ad-hoc sub-processes are not supported yet; "
                            + "map the results with output mappings instead");
                }
            }
            default -> {
            }
        }
    }

    /**
     * The {@code adHocSubProcessElements} entries of an ad-hoc sub-process: its inner flow nodes that can be
     * activated (no incoming flow; not a boundary event or event sub-process), with the {@code fromAi()} parameters
     * of their input mappings. A malformed {@code fromAi()} call fails the deployment, naming the element.
     */
    private List<Map<String, Object>> adHocElements(AdHocSubProcess ah) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FlowElement fe : ah.getFlowElements()) {
            if (!(fe instanceof FlowNode node) || !node.getIncoming().isEmpty() || fe instanceof BoundaryEvent
                    || (fe instanceof SubProcess sp && sp.triggeredByEvent())) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("elementId", fe.getId());
            if (!blank(fe.getName())) {
                entry.put("elementName", fe.getName());
            }
            String documentation = fe.getDocumentations().stream().map(d -> d.getTextContent())
                    .filter(t -> !blank(t)).findFirst().orElse(null);
            if (documentation != null) {
                entry.put("documentation", documentation);
            }
            ZeebeProperties props = fe.getSingleExtensionElement(ZeebeProperties.class);
            if (props != null && !props.getProperties().isEmpty()) {
                Map<String, Object> properties = new LinkedHashMap<>();
                props.getProperties().forEach(p -> properties.put(p.getName(), p.getValue()));
                entry.put("properties", java.util.Collections.unmodifiableMap(properties));
            }
            List<Map<String, Object>> parameters = new ArrayList<>();
            ZeebeIoMapping io = fe.getSingleExtensionElement(ZeebeIoMapping.class);
            if (io != null) {
                for (ZeebeInput in : io.getInputs()) {
                    Feel.Parsed p = blank(in.getSource()) ? null : feel.parse(in.getSource());
                    if (p == null || !p.ok()) {
                        continue; // the element's own mapping reports a bad expression
                    }
                    try {
                        feel.fromAiParameters(p.expression()).forEach(m -> parameters.add(java.util.Collections.unmodifiableMap(m)));
                    } catch (IllegalArgumentException ex) {
                        problem(fe.getId(), "Input mapping '" + in.getTarget() + "': " + ex.getMessage());
                    }
                }
            }
            if (!parameters.isEmpty()) {
                entry.put("parameters", List.copyOf(parameters));
            }
            out.add(java.util.Collections.unmodifiableMap(entry));
        }
        return List.copyOf(out);
    }

    private void configureUserTask(Element e, UserTask task) {
        ZeebeAssignmentDefinition ad = task.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
        ZeebeTaskSchedule ts = task.getSingleExtensionElement(ZeebeTaskSchedule.class);
        ZeebeFormDefinition fd = task.getSingleExtensionElement(ZeebeFormDefinition.class);
        ZeebePriorityDefinition pd = task.getSingleExtensionElement(ZeebePriorityDefinition.class);
        String formKey = fd == null ? null : !blank(fd.getFormKey()) ? fd.getFormKey()
                : !blank(fd.getFormId()) ? fd.getFormId() : fd.getExternalReference();
        e.userTask = new UserTaskSpec(
                ad == null || blank(ad.getAssignee()) ? null : expression(e.id, "assignee", ad.getAssignee()),
                ad == null || blank(ad.getCandidateGroups()) ? null : expression(e.id, "candidateGroups", ad.getCandidateGroups()),
                ad == null || blank(ad.getCandidateUsers()) ? null : expression(e.id, "candidateUsers", ad.getCandidateUsers()),
                ts == null || blank(ts.getDueDate()) ? null : expression(e.id, "dueDate", ts.getDueDate()),
                ts == null || blank(ts.getFollowUpDate()) ? null : expression(e.id, "followUpDate", ts.getFollowUpDate()),
                formKey,
                pd == null || blank(pd.getPriority()) ? null : expression(e.id, "priority", pd.getPriority()));
        if (task.getSingleExtensionElement(ZeebeUserTask.class) == null && task.getSingleExtensionElement(ZeebeTaskDefinition.class) != null) {
            problem(e.id, "Job-worker based user tasks are not supported; use a Camunda user task (zeebe:userTask)");
        }
    }

    private JobSpec jobSpec(Element e, ZeebeTaskDefinition td, BaseElement be) {
        if (blank(td.getType())) {
            problem(e.id, "zeebe:taskDefinition must have a job type");
        }
        Expression type = expression(e.id, "zeebe:taskDefinition type", td.getType());
        Expression retries = expression(e.id, "zeebe:taskDefinition retries",
                blank(td.getRetries()) ? ZeebeTaskDefinition.DEFAULT_RETRIES : td.getRetries());
        Map<String, String> headers = new LinkedHashMap<>();
        ZeebeTaskHeaders th = be.getSingleExtensionElement(ZeebeTaskHeaders.class);
        if (th != null) {
            for (ZeebeHeader h : th.getHeaders()) {
                if (!blank(h.getKey())) {
                    headers.put(h.getKey(), h.getValue() == null ? "" : h.getValue());
                }
            }
        }
        return new JobSpec(type, retries, Map.copyOf(headers));
    }

    private void configureEvent(Element e, Event ev) {
        Collection<EventDefinition> defs = ev instanceof CatchEvent c ? c.getEventDefinitions()
                : ev instanceof io.camunda.zeebe.model.bpmn.instance.ThrowEvent t ? t.getEventDefinitions() : List.of();
        if (ev instanceof BoundaryEvent b) {
            e.interrupting = b.cancelActivity();
        }
        if (ev instanceof StartEvent s) {
            e.interrupting = s.isInterrupting();
        }
        if (defs.size() > 1) {
            problem(e.id, "Events with more than one event definition are not supported");
            return;
        }
        if (defs.isEmpty()) {
            if (e.kind == ElementKind.INTERMEDIATE_CATCH_EVENT || e.kind == ElementKind.BOUNDARY_EVENT) {
                problem(e.id, "Must have a message, timer, signal or error event definition");
            }
            return;
        }
        EventDefinition def = defs.iterator().next();
        if (def instanceof TimerEventDefinition t) {
            e.event = timer(e, t);
        } else if (def instanceof MessageEventDefinition m) {
            if (m.getMessage() == null) {
                problem(e.id, "Message event definition must reference a message");
            } else if (e.kind == ElementKind.END_EVENT || e.kind == ElementKind.INTERMEDIATE_THROW_EVENT) {
                // Message throw events are jobs in Zeebe (a worker sends the message).
                ZeebeTaskDefinition td = ev.getSingleExtensionElement(ZeebeTaskDefinition.class);
                if (td == null) {
                    problem(e.id, "Message throw events must have a zeebe:taskDefinition");
                } else {
                    e.job = jobSpec(e, td, ev);
                }
            } else {
                e.event = message(e, m.getMessage());
            }
        } else if (def instanceof ErrorEventDefinition err) {
            String code = err.getError() == null || blank(err.getError().getErrorCode()) ? null : err.getError().getErrorCode();
            if (e.kind == ElementKind.END_EVENT && code == null) {
                problem(e.id, "Error end events must reference an error with an errorCode");
            }
            if (e.kind != ElementKind.END_EVENT && e.kind != ElementKind.BOUNDARY_EVENT && e.kind != ElementKind.START_EVENT) {
                problem(e.id, "Error event definitions are only supported on end, boundary and event sub-process start events");
            }
            e.event = new dev.weft.engine.model.EventDefinition.Error(code);
        } else if (def instanceof EscalationEventDefinition esc) {
            e.event = escalation(e, esc);
        } else if (def instanceof SignalEventDefinition s) {
            if (s.getSignal() == null || blank(s.getSignal().getName())) {
                problem(e.id, "Signal event definition must reference a signal with a name");
            } else {
                e.event = new dev.weft.engine.model.EventDefinition.Signal(expression(e.id, "signal name", s.getSignal().getName()));
            }
        } else if (def instanceof TerminateEventDefinition) {
            if (e.kind != ElementKind.END_EVENT) {
                problem(e.id, "Terminate event definitions are only allowed on end events");
            }
            e.event = new dev.weft.engine.model.EventDefinition.Terminate();
        } else {
            problem(e.id, "Event definitions of type '" + def.getElementType().getTypeName() + "' are not supported");
        }
    }

    /**
     * Escalations as Zeebe has them: thrown by end and intermediate throw events (code static or an expression),
     * caught by boundary events of sub-processes and call activities and by event sub-process start events (code
     * static, or no code to catch every escalation).
     */
    private dev.weft.engine.model.EventDefinition escalation(Element e, EscalationEventDefinition def) {
        String raw = def.getEscalation() == null || blank(def.getEscalation().getEscalationCode()) ? null
                : def.getEscalation().getEscalationCode();
        switch (e.kind) {
            case END_EVENT, INTERMEDIATE_THROW_EVENT -> {
                if (raw == null) {
                    problem(e.id, "Escalation throw events must reference an escalation with an escalationCode");
                    return dev.weft.engine.model.EventDefinition.NONE;
                }
                return new dev.weft.engine.model.EventDefinition.Escalation(expression(e.id, "escalationCode", raw));
            }
            case BOUNDARY_EVENT, START_EVENT -> {
                if (raw != null && raw.startsWith("=")) {
                    problem(e.id, "The escalationCode of a catch event must be a static value, not the expression '" + raw + "'");
                    return dev.weft.engine.model.EventDefinition.NONE;
                }
                return new dev.weft.engine.model.EventDefinition.Escalation(raw == null ? null : new Expression(raw, null));
            }
            default -> {
                problem(e.id, "Escalation event definitions are only supported on end, intermediate throw, boundary and event sub-process start events");
                return dev.weft.engine.model.EventDefinition.NONE;
            }
        }
    }

    private dev.weft.engine.model.EventDefinition timer(Element e, TimerEventDefinition t) {
        Expression date = t.getTimeDate() == null || blank(t.getTimeDate().getTextContent()) ? null
                : expression(e.id, "timeDate", t.getTimeDate().getTextContent());
        Expression duration = t.getTimeDuration() == null || blank(t.getTimeDuration().getTextContent()) ? null
                : expression(e.id, "timeDuration", t.getTimeDuration().getTextContent());
        Expression cycle = t.getTimeCycle() == null || blank(t.getTimeCycle().getTextContent()) ? null
                : expression(e.id, "timeCycle", t.getTimeCycle().getTextContent());
        int set = (date == null ? 0 : 1) + (duration == null ? 0 : 1) + (cycle == null ? 0 : 1);
        if (set != 1) {
            problem(e.id, "Timer must define exactly one of timeDate, timeDuration or timeCycle");
        }
        return new dev.weft.engine.model.EventDefinition.Timer(date, duration, cycle);
    }

    private dev.weft.engine.model.EventDefinition message(Element e, io.camunda.zeebe.model.bpmn.instance.Message m) {
        if (blank(m.getName())) {
            problem(e.id, "Message '" + m.getId() + "' must have a name");
            return dev.weft.engine.model.EventDefinition.NONE;
        }
        Expression name = expression(e.id, "message name", m.getName());
        ZeebeSubscription sub = m.getSingleExtensionElement(ZeebeSubscription.class);
        boolean processStart = e.kind == ElementKind.START_EVENT && e.flowScope != null && e.flowScope.kind == ElementKind.PROCESS;
        Expression correlation = null;
        if (sub != null && !blank(sub.getCorrelationKey())) {
            correlation = expression(e.id, "correlationKey", sub.getCorrelationKey());
        } else if (!processStart) {
            problem(e.id, "Message '" + m.getName() + "' must have a zeebe:subscription correlationKey");
        }
        return new dev.weft.engine.model.EventDefinition.Message(m.getName(), name, correlation);
    }

    private java.util.Optional<Mapping> mapping(Element e, String source, String target, String kind) {
        if (blank(target)) {
            problem(e.id, "Every " + kind + " mapping must have a target");
            return java.util.Optional.empty();
        }
        if (blank(source)) {
            // Zeebe maps a missing source to null.
            source = "=null";
        }
        Expression expr = expression(e.id, kind + " mapping '" + target + "'", source);
        return expr == null ? java.util.Optional.empty() : java.util.Optional.of(new Mapping(expr, target));
    }

    private Expression expression(String elementId, String attribute, String raw) {
        Feel.Parsed p = feel.parse(raw);
        if (!p.ok()) {
            problem(elementId, "Attribute " + attribute + " '" + raw + "' " + p.error());
            return null;
        }
        return p.expression();
    }

    private Expression feelOnly(String elementId, String attribute, String raw) {
        Feel.Parsed p = feel.parseFeel(raw);
        if (!p.ok()) {
            problem(elementId, "Attribute " + attribute + " '" + raw + "' " + p.error());
            return null;
        }
        return p.expression();
    }

    private void problem(String elementId, String message) {
        problems.add(new Problem(elementId, message));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
