package dev.weft.designer.bpmn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.catalog.Binding;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.catalog.NodeKind;
import dev.weft.designer.catalog.NodeType;
import dev.weft.designer.catalog.SettingField;
import dev.weft.designer.graph.ErrorPolicy;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import dev.weft.designer.graph.Position;
import dev.weft.designer.validation.Issue;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperty;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * Reads BPMN (ours, or drawn in Camunda Modeler) into a graph. What the designer cannot represent is
 * reported with the BPMN element id instead of being dropped silently.
 */
public final class BpmnImporter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final NodeCatalog catalog;
    private final ObjectMapper json;

    public BpmnImporter(NodeCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    public ImportResult importXml(String xml) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new BpmnImportException("Not a readable BPMN 2.0 document: " + rootMessage(e), e);
        }
        Collection<Process> processes = model.getModelElementsByType(Process.class);
        if (processes.isEmpty()) {
            throw new BpmnImportException("The BPMN document has no process", null);
        }
        List<Issue> issues = new ArrayList<>();
        Process process = processes.stream().filter(Process::isExecutable).findFirst().orElse(processes.iterator().next());
        for (Process other : processes) {
            if (other != process) {
                issues.add(Issue.warning("BPMN_EXTRA_PROCESS", null, null, null,
                        "Process '" + other.getId() + "' was not imported: a flow holds one process ('" + process.getId() + "')."));
            }
        }
        return new Run(model, process, issues).read();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private final class Run {
        private final BpmnModelInstance model;
        private final Process process;
        private final List<Issue> issues;
        private final Map<String, GraphNode> nodes = new LinkedHashMap<>();
        private final Map<String, NodeKind> kinds = new HashMap<>();
        private final Map<String, ErrorPolicy> policies = new HashMap<>();
        private final Map<String, String> boundaryOwner = new HashMap<>();
        private final Set<String> generated = new HashSet<>();
        private final Map<String, Position> positions = new HashMap<>();

        Run(BpmnModelInstance model, Process process, List<Issue> issues) {
            this.model = model;
            this.process = process;
            this.issues = issues;
        }

        ImportResult read() {
            for (BpmnShape s : model.getModelElementsByType(BpmnShape.class)) {
                if (s.getBpmnElement() != null && s.getBounds() != null) {
                    positions.put(s.getBpmnElement().getId(), new Position(s.getBounds().getX(), s.getBounds().getY()));
                }
            }
            Collection<FlowElement> elements = process.getFlowElements();
            for (FlowElement el : elements) {
                if (property(el, WeftBpmn.GENERATED_FOR) != null) {
                    generated.add(el.getId());
                }
            }
            for (FlowElement el : elements) {
                if (el instanceof SequenceFlow || generated.contains(el.getId())) {
                    continue;
                }
                if (el instanceof BoundaryEvent b) {
                    boundary(b);
                    continue;
                }
                node(el).ifPresent(n -> nodes.put(n.id(), n));
            }
            List<GraphEdge> edges = new ArrayList<>();
            for (FlowElement el : elements) {
                if (el instanceof SequenceFlow f) {
                    edge(f).ifPresent(edges::add);
                }
            }
            List<GraphNode> out = new ArrayList<>();
            for (GraphNode n : nodes.values()) {
                ErrorPolicy p = policies.get(n.id());
                out.add(p == null ? n : new GraphNode(n.id(), n.type(), n.name(), n.position(), n.settings(), p));
            }
            String name = process.getName() != null ? process.getName() : process.getId();
            return new ImportResult(new FlowGraph(FlowGraph.FORMAT_VERSION, name, out, edges), process.getId(), List.copyOf(issues));
        }

        private Optional<GraphNode> node(FlowElement el) {
            String id = el.getId();
            ObjectNode stored = storedSettings(el);
            ObjectNode settings = F.objectNode();
            String type;
            switch (el) {
                case StartEvent s when s.getEventDefinitions().isEmpty() -> {
                    type = "start";
                    copy(stored, settings, "form");
                }
                case EndEvent e when e.getEventDefinitions().isEmpty() -> {
                    type = "end";
                    copy(stored, settings, "outputs");
                }
                case ExclusiveGateway g -> type = "branch";
                case ParallelGateway g -> type = "parallel";
                case ServiceTask t -> {
                    ZeebeTaskDefinition td = ext(t, ZeebeTaskDefinition.class);
                    if (td == null || td.getType() == null) {
                        return unsupported(el, "a service task without zeebe:taskDefinition type");
                    }
                    Optional<NodeType> jobNode = catalog.byJobType(td.getType());
                    type = jobNode.map(NodeType::type).orElse("task");
                    if (jobNode.isPresent()) {
                        jobSettings(t, jobNode.get(), stored, settings);
                    } else {
                        customSettings(t, td, settings);
                    }
                    retriesAndBackoff(t, td);
                }
                case ScriptTask t -> {
                    ZeebeScript s = ext(t, ZeebeScript.class);
                    if (s == null || s.getExpression() == null) {
                        return unsupported(el, "a script task without a zeebe:script FEEL expression");
                    }
                    type = "script";
                    String expr = s.getExpression().trim();
                    String wrapped = "={result: (";
                    if (expr.startsWith(wrapped) && expr.endsWith(")}") && id.equals(s.getResultVariable())) {
                        expr = "=" + expr.substring(wrapped.length(), expr.length() - 2);
                    } else if (s.getResultVariable() != null && !id.equals(s.getResultVariable())) {
                        issues.add(Issue.warning("BPMN_RESULT_VARIABLE", id, null, null, "Script task '" + id + "' wrote variable '"
                                + s.getResultVariable() + "'; in the designer its value is the output [" + id + ", result]."));
                    }
                    settings.put("expression", expr.startsWith("=") ? expr : "=" + expr);
                    if (stored.has("expression") && Expressions.isSelector(stored.get("expression"))) {
                        settings.set("expression", stored.get("expression"));
                    }
                }
                case UserTask t -> {
                    type = "human-review";
                    ZeebeAssignmentDefinition a = ext(t, ZeebeAssignmentDefinition.class);
                    if (a != null && a.getAssignee() != null) {
                        settings.put("assignee", a.getAssignee());
                    }
                    if (a != null && a.getCandidateGroups() != null) {
                        settings.put("candidateGroups", a.getCandidateGroups());
                    }
                    copy(stored, settings, "title");
                }
                case CallActivity c -> {
                    ZeebeCalledElement ce = ext(c, ZeebeCalledElement.class);
                    if (ce == null || ce.getProcessId() == null) {
                        return unsupported(el, "a call activity without zeebe:calledElement processId");
                    }
                    settings.put("flowId", ce.getProcessId());
                    if (c.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics mi) {
                        type = "map";
                        ZeebeLoopCharacteristics loop = ext(mi, ZeebeLoopCharacteristics.class);
                        settings.set("items", storedOr(stored, "items", loop == null ? null : loop.getInputCollection()));
                        if (loop != null && loop.getInputElement() != null) {
                            settings.put("itemVariable", loop.getInputElement());
                        }
                        settings.put("parallel", !mi.isSequential());
                    } else {
                        type = "sub-flow";
                        ObjectNode inputs = F.objectNode();
                        for (ZeebeInput in : inputs(c)) {
                            inputs.set(in.getTarget(), storedOr(stored.path("inputs"), in.getTarget(), in.getSource()));
                        }
                        if (!inputs.isEmpty()) {
                            settings.set("inputs", inputs);
                        }
                    }
                }
                case SubProcess sp when "map".equals(property(sp, WeftBpmn.NODE_TYPE)) && stored.path("nodes").isArray()
                        && sp.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics mi -> {
                    // An inline map the designer generated: its sub-graph travels in the stored settings; what the
                    // BPMN says about the iteration wins over them.
                    type = "map";
                    ZeebeLoopCharacteristics loop = ext(mi, ZeebeLoopCharacteristics.class);
                    settings.set("items", storedOr(stored, "items", loop == null ? null : loop.getInputCollection()));
                    if (loop != null && loop.getInputElement() != null) {
                        settings.put("itemVariable", loop.getInputElement());
                    }
                    settings.put("parallel", !mi.isSequential());
                    copy(stored, settings, "nodes");
                    copy(stored, settings, "edges");
                    copy(stored, settings, "result");
                }
                case SubProcess sp when "agent".equals(property(sp, WeftBpmn.NODE_TYPE)) && stored.path("nodes").isArray()
                        && !(sp instanceof io.camunda.zeebe.model.bpmn.instance.AdHocSubProcess) -> {
                    // An agent the designer generated: the loop inside is its compiled form; the node's settings,
                    // tools included, travel in the stored settings.
                    type = "agent";
                    for (String key : List.of("model", "systemPrompt", "prompt", "maxIterations", "nodes", "edges")) {
                        copy(stored, settings, key);
                    }
                }
                case IntermediateCatchEvent e when single(e.getEventDefinitions()) instanceof MessageEventDefinition m
                        && m.getMessage() != null -> {
                    type = "wait-message";
                    settings.put("messageName", m.getMessage().getName());
                    ZeebeSubscription sub = ext(m.getMessage(), ZeebeSubscription.class);
                    settings.set("correlationKey", storedOr(stored, "correlationKey", sub == null ? null : sub.getCorrelationKey()));
                }
                case IntermediateCatchEvent e when single(e.getEventDefinitions()) instanceof TimerEventDefinition t
                        && t.getTimeDuration() != null -> {
                    type = "timer";
                    settings.put("duration", t.getTimeDuration().getTextContent().trim());
                }
                default -> {
                    return unsupported(el, "a " + el.getElementType().getTypeName() + describe(el));
                }
            }
            kinds.put(id, catalog.find(type).map(NodeType::kind).orElse(NodeKind.CUSTOM_JOB));
            String name = el.getName();
            return Optional.of(new GraphNode(id, type, name, positions.get(id), settings, null));
        }

        private String describe(FlowElement el) {
            if (el instanceof io.camunda.zeebe.model.bpmn.instance.Event ev) {
                Collection<EventDefinition> defs = switch (ev) {
                    case io.camunda.zeebe.model.bpmn.instance.CatchEvent c -> c.getEventDefinitions();
                    case io.camunda.zeebe.model.bpmn.instance.ThrowEvent t -> t.getEventDefinitions();
                    default -> List.of();
                };
                if (!defs.isEmpty()) {
                    return " with " + defs.iterator().next().getElementType().getTypeName();
                }
            }
            return "";
        }

        private Optional<GraphNode> unsupported(FlowElement el, String what) {
            issues.add(Issue.error("BPMN_UNSUPPORTED_ELEMENT", el.getId(), null, null, "Element '" + el.getId() + "' is "
                    + what + ", which the designer cannot represent; it was left out of the graph."));
            return Optional.empty();
        }

        private void jobSettings(ServiceTask t, NodeType type, ObjectNode stored, ObjectNode settings) {
            Map<String, SettingField> byHeader = new HashMap<>();
            Map<String, SettingField> byInput = new HashMap<>();
            for (SettingField f : type.settings()) {
                switch (f.binding()) {
                    case Binding.Header h -> byHeader.put(h.key(), f);
                    case Binding.Input in -> byInput.put(in.target(), f);
                    default -> { }
                }
            }
            for (ZeebeHeader h : headers(t)) {
                if (h.getKey().equals(WeftBpmn.RETRY_BACKOFF_HEADER)) {
                    continue;
                }
                SettingField f = byHeader.get(h.getKey());
                if (f == null) {
                    issues.add(Issue.warning("BPMN_UNKNOWN_HEADER", t.getId(), null, null, "Task header '" + h.getKey()
                            + "' of '" + t.getId() + "' is not a setting of node type '" + type.type() + "'; it was dropped."));
                    continue;
                }
                settings.set(f.key(), typed(f, h.getValue()));
            }
            for (ZeebeInput in : inputs(t)) {
                SettingField f = byInput.get(in.getTarget());
                if (f == null) {
                    issues.add(Issue.warning("BPMN_UNKNOWN_INPUT", t.getId(), null, null, "Input mapping to '" + in.getTarget()
                            + "' of '" + t.getId() + "' is not a setting of node type '" + type.type() + "'; it was dropped."));
                    continue;
                }
                settings.set(f.key(), storedOr(stored, f.key(), in.getSource()));
            }
        }

        private void customSettings(ServiceTask t, ZeebeTaskDefinition td, ObjectNode settings) {
            settings.put("jobType", td.getType());
            ObjectNode headers = F.objectNode();
            headers(t).stream().filter(h -> !h.getKey().equals(WeftBpmn.RETRY_BACKOFF_HEADER))
                    .forEach(h -> headers.put(h.getKey(), h.getValue()));
            if (!headers.isEmpty()) {
                settings.set("headers", headers);
            }
            ObjectNode inputs = F.objectNode();
            inputs(t).forEach(in -> inputs.put(in.getTarget(), in.getSource()));
            if (!inputs.isEmpty()) {
                settings.set("inputs", inputs);
            }
        }

        private void retriesAndBackoff(ServiceTask t, ZeebeTaskDefinition td) {
            Integer retries = null;
            if (td.getRetries() != null && !td.getRetries().equals(String.valueOf(BpmnGenerator.DEFAULT_RETRIES))) {
                try {
                    retries = Integer.parseInt(td.getRetries().trim());
                } catch (NumberFormatException e) {
                    issues.add(Issue.warning("BPMN_RETRIES_EXPRESSION", t.getId(), null, null, "Retries of '" + t.getId()
                            + "' are an expression (" + td.getRetries() + "); the designer uses the default of "
                            + BpmnGenerator.DEFAULT_RETRIES + "."));
                }
            }
            String backoff = headers(t).stream().filter(h -> h.getKey().equals(WeftBpmn.RETRY_BACKOFF_HEADER))
                    .map(ZeebeHeader::getValue).findFirst().orElse(null);
            ErrorPolicy stored = storedPolicy(t);
            if (retries != null || backoff != null || stored != null) {
                ErrorPolicy base = stored != null ? stored : new ErrorPolicy(null, null, null, null, null, null);
                policies.put(t.getId(), new ErrorPolicy(retries, backoff, base.timeout(), base.onError(), base.defaultValue(), base.fallbackModel()));
            }
        }

        /** A boundary event drawn by hand: an error or timer on a task becomes that task's error branch. */
        private void boundary(BoundaryEvent b) {
            String owner = b.getAttachedTo() == null ? null : b.getAttachedTo().getId();
            EventDefinition def = single(b.getEventDefinitions());
            boolean error = def instanceof ErrorEventDefinition;
            boolean timer = def instanceof TimerEventDefinition t && t.getTimeDuration() != null && b.cancelActivity();
            if (owner == null || !(error || timer)) {
                unsupported(b, "a boundary event" + describe(b) + (b.cancelActivity() ? "" : " (non-interrupting)"));
                return;
            }
            if (error && ((ErrorEventDefinition) def).getError() != null) {
                issues.add(Issue.warning("BPMN_ERROR_CODE_WIDENED", b.getId(), null, null, "Error boundary '" + b.getId()
                        + "' caught only error code '" + ((ErrorEventDefinition) def).getError().getErrorCode()
                        + "'; in the designer the error branch of '" + owner + "' catches every error."));
            }
            boundaryOwner.put(b.getId(), owner);
            ErrorPolicy p = policies.getOrDefault(owner, new ErrorPolicy(null, null, null, null, null, null));
            String timeout = timer ? ((TimerEventDefinition) def).getTimeDuration().getTextContent().trim() : p.timeout();
            policies.put(owner, new ErrorPolicy(p.retries(), p.backoff(), timeout, ErrorPolicy.OnError.BRANCH, null, null));
        }

        private Optional<GraphEdge> edge(SequenceFlow f) {
            FlowNode source = f.getSource();
            FlowNode target = f.getTarget();
            if (target instanceof ExclusiveGateway merge && generated.contains(target.getId())
                    && !generated.contains(source.getId()) && merge.getOutgoing().size() == 1) {
                target = merge.getOutgoing().iterator().next().getTarget(); // generated merge before a parallel join
            }
            if (source instanceof BoundaryEvent b && generated.contains(b.getId()) && b.getAttachedTo() != null
                    && !f.getId().startsWith(b.getAttachedTo().getId() + "__") && nodes.containsKey(target.getId())) {
                // An error edge of an onError: branch policy leaves the generated boundary event under its own id.
                return Optional.of(new GraphEdge(f.getId(), b.getAttachedTo().getId(), target.getId(), null, null, GraphEdge.ERROR, f.getName()));
            }
            if (generated.contains(source.getId()) || generated.contains(target.getId())) {
                return Optional.empty();
            }
            String from = boundaryOwner.getOrDefault(source.getId(), source.getId());
            if (!nodes.containsKey(from) || !nodes.containsKey(target.getId())) {
                issues.add(Issue.warning("BPMN_EDGE_DROPPED", null, f.getId(), null, "Sequence flow '" + f.getId()
                        + "' connects an element that was not imported; it was dropped."));
                return Optional.empty();
            }
            String condition = f.getConditionExpression() == null ? null : f.getConditionExpression().getTextContent().trim();
            Boolean isDefault = source instanceof ExclusiveGateway g && g.getDefault() == f ? Boolean.TRUE : null;
            String kind = boundaryOwner.containsKey(source.getId()) ? GraphEdge.ERROR : null;
            return Optional.of(new GraphEdge(f.getId(), from, target.getId(), condition, isDefault, kind, f.getName()));
        }

        private JsonNode typed(SettingField f, String text) {
            try {
                return switch (f.type()) {
                    case SettingField.NUMBER -> json.readTree(text.trim()).isNumber() ? json.readTree(text.trim()) : F.textNode(text);
                    case SettingField.BOOLEAN -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                            ? F.booleanNode(Boolean.parseBoolean(text)) : F.textNode(text);
                    default -> F.textNode(text);
                };
            } catch (java.io.IOException e) {
                return F.textNode(text);
            }
        }

        /** The stored designer value when it still compiles to what the BPMN says; else the BPMN's FEEL. */
        private JsonNode storedOr(JsonNode stored, String key, String bpmnSource) {
            JsonNode s = stored.path(key);
            if (bpmnSource == null) {
                return s.isMissingNode() ? F.nullNode() : s;
            }
            if (!s.isMissingNode() && ("=" + Expressions.toFeel(s, kinds::get)).equals(bpmnSource.trim())) {
                return s;
            }
            String src = bpmnSource.trim();
            return F.textNode(src.startsWith("=") ? src : "=" + src);
        }

        private void copy(ObjectNode from, ObjectNode to, String key) {
            if (from.has(key)) {
                to.set(key, from.get(key));
            }
        }

        private ObjectNode storedSettings(BaseElement el) {
            String text = property(el, WeftBpmn.SETTINGS);
            if (text == null) {
                return F.objectNode();
            }
            try {
                return json.readTree(text) instanceof ObjectNode o ? o : F.objectNode();
            } catch (java.io.IOException e) {
                issues.add(Issue.warning("BPMN_BAD_PROPERTY", el.getId(), null, null, "The " + WeftBpmn.SETTINGS
                        + " property of '" + el.getId() + "' is not JSON; settings were read from the BPMN alone."));
                return F.objectNode();
            }
        }

        private ErrorPolicy storedPolicy(BaseElement el) {
            String text = property(el, WeftBpmn.ERROR_POLICY);
            if (text == null) {
                return null;
            }
            try {
                return json.readValue(text, ErrorPolicy.class);
            } catch (java.io.IOException | IllegalArgumentException e) {
                issues.add(Issue.warning("BPMN_BAD_PROPERTY", el.getId(), null, null, "The " + WeftBpmn.ERROR_POLICY
                        + " property of '" + el.getId() + "' is unreadable and was ignored."));
                return null;
            }
        }

        private String property(BaseElement el, String name) {
            return all(el, ZeebeProperty.class).stream()
                    .filter(p -> name.equals(p.getName())).map(ZeebeProperty::getValue).findFirst().orElse(null);
        }

        private List<ZeebeHeader> headers(BaseElement el) {
            return all(el, ZeebeHeader.class);
        }

        private List<ZeebeInput> inputs(BaseElement el) {
            return all(el, ZeebeInput.class);
        }

        /** Descendants of the extension elements of this type (headers and inputs sit one level down). */
        private <T extends ModelElementInstance> List<T> all(BaseElement el, Class<T> type) {
            List<T> out = new ArrayList<>();
            if (el.getExtensionElements() != null) {
                collect(el.getExtensionElements(), type, out);
            }
            return out;
        }

        private <T extends ModelElementInstance> void collect(ModelElementInstance parent, Class<T> type, List<T> out) {
            var children = parent instanceof io.camunda.zeebe.model.bpmn.instance.ExtensionElements ee
                    ? ee.getElements() : childrenOf(parent);
            for (ModelElementInstance c : children) {
                if (type.isInstance(c)) {
                    out.add(type.cast(c));
                } else {
                    collect(c, type, out);
                }
            }
        }

        private Collection<ModelElementInstance> childrenOf(ModelElementInstance parent) {
            List<ModelElementInstance> out = new ArrayList<>();
            for (var type : parent.getElementType().getChildElementTypes()) {
                out.addAll(parent.getChildElementsByType(type));
            }
            return out;
        }

        private <T extends ModelElementInstance> T ext(BaseElement el, Class<T> type) {
            if (el.getExtensionElements() == null) {
                return null;
            }
            return el.getExtensionElements().getElementsQuery().filterByType(type).list().stream().findFirst().orElse(null);
        }

        private EventDefinition single(Collection<EventDefinition> defs) {
            return defs.size() == 1 ? defs.iterator().next() : null;
        }
    }
}
