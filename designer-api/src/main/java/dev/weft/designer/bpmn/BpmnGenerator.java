package dev.weft.designer.bpmn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.designer.catalog.Binding;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.catalog.NodeKind;
import dev.weft.designer.catalog.NodeType;
import dev.weft.designer.catalog.SettingField;
import dev.weft.designer.graph.ErrorPolicy;
import dev.weft.designer.graph.ErrorPolicy.OnError;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import dev.weft.designer.graph.Position;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.AdHocSubProcess;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.Definitions;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.ExtensionElements;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TimeDuration;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnDiagram;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnPlane;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.dc.Bounds;
import io.camunda.zeebe.model.bpmn.instance.di.Waypoint;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAdHoc;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperties;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperty;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles a graph into executable BPMN 2.0 with Zeebe extensions and diagram interchange, so the result
 * deploys to the Weft engine or Camunda 8 and opens in Camunda Modeler as drawn. The caller validates first;
 * this class assumes node types and edge ends exist.
 */
public final class BpmnGenerator {

    /** Job retries when the node's error policy does not say (Zeebe's default). */
    public static final int DEFAULT_RETRIES = 3;

    private final NodeCatalog catalog;
    private final ObjectMapper json;

    public BpmnGenerator(NodeCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    /** The BPMN XML of the graph as process {@code processId}. */
    public String generateXml(FlowGraph graph, String processId) {
        return compact(generate(graph, processId));
    }

    /**
     * The model as XML without indentation. Engines parse BPMN into a DOM and walk it once per validation rule;
     * pretty-printing adds a whitespace text node beside every element, which about doubles those walks on a
     * large flow. Modeler re-indents on save, so nothing is lost for people.
     */
    static String compact(BpmnModelInstance model) {
        Bpmn.validateModel(model);
        try {
            javax.xml.transform.Transformer t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(javax.xml.transform.OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(javax.xml.transform.OutputKeys.INDENT, "no");
            java.io.StringWriter out = new java.io.StringWriter();
            t.transform(model.getDocument().getDomSource(), new javax.xml.transform.stream.StreamResult(out));
            return out.toString();
        } catch (javax.xml.transform.TransformerException e) {
            throw new IllegalStateException("Could not write the generated BPMN: " + e.getMessage(), e);
        }
    }

    public BpmnModelInstance generate(FlowGraph graph, String processId) {
        return new Run(graph, processId, graph).build();
    }

    /**
     * The BPMN XML of a part of a flow (e.g. one node between a bare start and end, for re-running it alone), with
     * selectors compiled as they are in {@code context}, the whole flow: a reference to the start node stays a plain
     * variable, one to a map node its results variable.
     */
    public String generateXml(FlowGraph part, String processId, FlowGraph context) {
        return compact(new Run(part, processId, context).build());
    }

    private final class Run {
        private final FlowGraph graph;
        private final String processId;
        private final BpmnModelInstance model;
        private final Process process;
        /** Where flow elements and their shapes go: the process and its plane, or an inline map's sub-process. */
        private BaseElement container;
        private BpmnPlane plane;
        private final Map<String, FlowNode> elements = new HashMap<>();
        private final Map<String, double[]> bounds = new HashMap<>();
        private final Map<String, FlowNode> merges = new HashMap<>();
        private Function<String, NodeKind> kindOf;
        private int generatedFlows;

        Run(FlowGraph graph, String processId, FlowGraph context) {
            this.graph = graph;
            this.processId = processId;
            this.model = Bpmn.createExecutableProcess(processId).name(graph.name()).done();
            this.process = model.getModelElementById(processId);
            Definitions definitions = model.getDefinitions();
            definitions.setTargetNamespace("https://weft.dev/bpmn");
            // Readable prefixes: Modeler does not care, people reading the XML do.
            definitions.getDomElement().registerNamespace("zeebe", io.camunda.zeebe.model.bpmn.impl.BpmnModelConstants.ZEEBE_NS);
            definitions.setExporter("Weft designer");
            definitions.setExporterVersion("1");
            BpmnDiagram diagram = model.getModelElementsByType(BpmnDiagram.class).stream().findFirst().orElseGet(() -> {
                BpmnDiagram d = model.newInstance(BpmnDiagram.class);
                definitions.addChildElement(d);
                return d;
            });
            BpmnPlane p = diagram.getBpmnPlane();
            if (p == null) {
                p = model.newInstance(BpmnPlane.class);
                p.setBpmnElement(process);
                diagram.setBpmnPlane(p);
            }
            this.plane = p;
            this.container = process;
            // One map instead of a scan of the node list per lookup: selectors ask for kinds many times per node.
            Map<String, NodeKind> kinds = new HashMap<>();
            for (FlowGraph g : List.of(context, graph)) {
                for (GraphNode n : g.nodes()) {
                    catalog.find(n.type()).ifPresent(t -> kinds.put(n.id(), t.kind()));
                }
            }
            this.kindOf = kinds::get;
        }

        BpmnModelInstance build() {
            Map<String, Position> positions = Layout.positions(graph, kindOf);
            for (GraphNode node : graph.nodes()) {
                NodeType type = catalog.find(node.type()).orElseThrow(
                        () -> new IllegalArgumentException("Node '" + node.id() + "' has unknown type '" + node.type() + "'"));
                FlowNode el = element(node, type);
                el.setName(node.name());
                properties(el, node);
                elements.put(node.id(), el);
                double[] size = Layout.size(type.kind());
                Position pos = positions.get(node.id());
                shape(el, pos.x(), pos.y(), size[0], size[1]);
            }
            for (GraphEdge edge : graph.edges()) {
                if (edge.isErrorEdge()) {
                    continue; // drawn from the node's error boundary event below
                }
                FlowNode target = elements.get(edge.target());
                if (needsMerge(edge)) {
                    // The node's normal path and its error helper both continue here; a parallel join would
                    // wait for both, so they meet in an exclusive merge first.
                    target = merge(edge.source(), target);
                }
                SequenceFlow flow = flow(edge.id(), elements.get(edge.source()), target);
                flow.setName(edge.label());
                if (edge.condition() != null && !edge.condition().isBlank() && !edge.defaultEdge()) {
                    ConditionExpression c = model.newInstance(ConditionExpression.class, edge.id() + "__condition");
                    String cond = edge.condition().trim();
                    c.setTextContent(cond.startsWith("=") ? cond : "=" + cond);
                    flow.setConditionExpression(c);
                }
                if (edge.defaultEdge() && flow.getSource() instanceof ExclusiveGateway g) {
                    g.setDefault(flow);
                }
            }
            for (GraphNode node : graph.nodes()) {
                if (kindOf.apply(node.id()) == NodeKind.JOB || kindOf.apply(node.id()) == NodeKind.CUSTOM_JOB) {
                    errorPolicy(node);
                }
            }
            return model;
        }

        private FlowNode element(GraphNode node, NodeType type) {
            return switch (type.kind()) {
                case START -> {
                    StartEvent e = add(StartEvent.class, node.id());
                    yield e;
                }
                case END -> {
                    EndEvent e = add(EndEvent.class, node.id());
                    JsonNode outputs = node.setting("outputs");
                    if (outputs.isObject() && outputs.size() > 0) {
                        output(e, "=" + Expressions.toFeel(outputs, kindOf), "result");
                    }
                    yield e;
                }
                case BRANCH -> add(ExclusiveGateway.class, node.id());
                case PARALLEL -> add(ParallelGateway.class, node.id());
                case JOB -> jobTask(node, type, node.id(), null);
                case CUSTOM_JOB -> {
                    ServiceTask t = add(ServiceTask.class, node.id());
                    ZeebeTaskDefinition td = ext(t, ZeebeTaskDefinition.class);
                    td.setType(node.setting("jobType").asText());
                    td.setRetries(String.valueOf(retries(node)));
                    node.setting("headers").fields().forEachRemaining(h -> header(t, h.getKey(), h.getValue().asText()));
                    backoffHeader(t, node);
                    node.setting("inputs").fields().forEachRemaining(i -> input(t, "=" + Expressions.toFeel(i.getValue(), kindOf), i.getKey()));
                    yield t;
                }
                case SCRIPT -> {
                    ScriptTask t = add(ScriptTask.class, node.id());
                    ZeebeScript s = ext(t, ZeebeScript.class);
                    s.setExpression("={result: (" + Expressions.toFeel(node.setting("expression"), kindOf) + ")}");
                    s.setResultVariable(node.id());
                    yield t;
                }
                case HUMAN_REVIEW -> {
                    UserTask t = add(UserTask.class, node.id());
                    ext(t, ZeebeUserTask.class);
                    if (node.setting("assignee").isTextual() || node.setting("candidateGroups").isTextual()) {
                        ZeebeAssignmentDefinition a = ext(t, ZeebeAssignmentDefinition.class);
                        if (node.setting("assignee").isTextual()) {
                            a.setAssignee(node.setting("assignee").asText());
                        }
                        if (node.setting("candidateGroups").isTextual()) {
                            a.setCandidateGroups(node.setting("candidateGroups").asText());
                        }
                    }
                    output(t, "={approved: approved, comment: comment, edited: edited}", node.id());
                    yield t;
                }
                case SUB_FLOW -> {
                    CallActivity c = add(CallActivity.class, node.id());
                    ZeebeCalledElement ce = ext(c, ZeebeCalledElement.class);
                    ce.setProcessId(node.setting("flowId").asText());
                    ce.setPropagateAllChildVariablesEnabled(false);
                    node.setting("inputs").fields().forEachRemaining(i -> input(c, "=" + Expressions.toFeel(i.getValue(), kindOf), i.getKey()));
                    output(c, "={result: result}", node.id());
                    yield c;
                }
                case MAP -> {
                    if (node.setting("nodes").isArray() && node.setting("nodes").size() > 0) {
                        yield inlineMap(node);
                    }
                    CallActivity c = add(CallActivity.class, node.id());
                    ZeebeCalledElement ce = ext(c, ZeebeCalledElement.class);
                    ce.setProcessId(node.setting("flowId").asText());
                    ce.setPropagateAllChildVariablesEnabled(false);
                    MultiInstanceLoopCharacteristics mi = model.newInstance(MultiInstanceLoopCharacteristics.class, node.id() + "__loop");
                    mi.setSequential(!node.setting("parallel").asBoolean(true));
                    c.addChildElement(mi);
                    ZeebeLoopCharacteristics loop = ext(mi, ZeebeLoopCharacteristics.class);
                    loop.setInputCollection("=" + Expressions.toFeel(node.setting("items"), kindOf));
                    loop.setInputElement(node.setting("itemVariable").asText("item"));
                    loop.setOutputCollection(Expressions.mapResults(node.id()));
                    loop.setOutputElement("=result");
                    yield c;
                }
                case WAIT_MESSAGE -> {
                    IntermediateCatchEvent e = add(IntermediateCatchEvent.class, node.id());
                    Message m = model.newInstance(Message.class, node.id() + "__message");
                    m.setName(node.setting("messageName").asText());
                    model.getDefinitions().addChildElement(m);
                    ZeebeSubscription sub = ext(m, ZeebeSubscription.class);
                    sub.setCorrelationKey("=" + Expressions.toFeel(node.setting("correlationKey"), kindOf));
                    MessageEventDefinition med = model.newInstance(MessageEventDefinition.class, node.id() + "__messageEvent");
                    med.setMessage(m);
                    e.getEventDefinitions().add(med);
                    yield e;
                }
                case TIMER -> {
                    IntermediateCatchEvent e = add(IntermediateCatchEvent.class, node.id());
                    e.getEventDefinitions().add(timer(node.id(), node.setting("duration").asText()));
                    yield e;
                }
                case AGENT -> agent(node);
            };
        }

        /**
         * A map over an inline sub-graph: a multi-instance embedded sub-process (one instance per item, in parallel
         * or in sequence) whose inner nodes are generated like top-level ones. Inside, the map node is where the item
         * comes from: a selector {@code [mapId, itemVariable, ...]} compiles to the item variable. Each inner node's
         * output variable is declared on the instance, so parallel items do not share it; the instance's
         * {@code result} setting (default: the last inner node's output) is collected into {@code <mapId>_results}.
         * The inner elements are drawn on a plane of their own (Camunda Modeler's drill-down).
         */
        private FlowNode inlineMap(GraphNode node) {
            String itemVariable = node.setting("itemVariable").asText("item");
            FlowGraph inner = InlineMap.graph(json, node);
            SubProcess sub = add(SubProcess.class, node.id());
            MultiInstanceLoopCharacteristics mi = model.newInstance(MultiInstanceLoopCharacteristics.class, node.id() + "__loop");
            mi.setSequential(!node.setting("parallel").asBoolean(true));
            sub.addChildElement(mi);
            ZeebeLoopCharacteristics loop = ext(mi, ZeebeLoopCharacteristics.class);
            loop.setInputCollection("=" + Expressions.toFeel(node.setting("items"), kindOf));
            loop.setInputElement(itemVariable);
            loop.setOutputCollection(Expressions.mapResults(node.id()));
            // Inside the sub-process the map node is the item's source (a start node whose one field is the item).
            Map<String, NodeKind> innerKinds = new HashMap<>();
            for (GraphNode n : inner.nodes()) {
                catalog.find(n.type()).ifPresent(t -> innerKinds.put(n.id(), t.kind()));
            }
            Function<String, NodeKind> outerKinds = kindOf;
            innerKinds.put(node.id(), NodeKind.START);
            Function<String, NodeKind> insideKinds = id -> innerKinds.containsKey(id) ? innerKinds.get(id) : outerKinds.apply(id);
            String exit = InlineMap.exit(inner);
            JsonNode result = node.setting("result");
            String resultFeel = result.isMissingNode() || result.isNull()
                    ? Expressions.name(exit) : Expressions.toFeel(result, insideKinds);
            loop.setOutputElement("=" + resultFeel);
            for (GraphNode n : inner.nodes()) {
                // Declared (non-null, or the engine would not create it) on each item's instance, so an inner
                // node's output variable stays with its item instead of being shared at the root.
                input(sub, "={}", n.id());
            }
            BpmnDiagram diagram = model.newInstance(BpmnDiagram.class, node.id() + "__diagram");
            model.getDefinitions().addChildElement(diagram);
            BpmnPlane innerPlane = model.newInstance(BpmnPlane.class, node.id() + "__plane");
            innerPlane.setBpmnElement(sub);
            diagram.setBpmnPlane(innerPlane);

            BaseElement outerContainer = container;
            BpmnPlane outerPlane = plane;
            container = sub;
            plane = innerPlane;
            kindOf = insideKinds;
            try {
                StartEvent start = add(StartEvent.class, node.id() + "__start");
                generated(start, node.id());
                shape(start, 100, 100, 36, 36);
                EndEvent end = add(EndEvent.class, node.id() + "__end");
                generated(end, node.id());
                Map<String, Position> positions = Layout.positions(inner, insideKinds);
                double maxX = 100;
                for (GraphNode n : inner.nodes()) {
                    NodeType type = catalog.find(n.type()).orElseThrow(
                            () -> new IllegalArgumentException("Node '" + n.id() + "' has unknown type '" + n.type() + "'"));
                    FlowNode el = element(n, type);
                    el.setName(n.name());
                    properties(el, n);
                    elements.put(n.id(), el);
                    double[] size = Layout.size(type.kind());
                    Position pos = positions.get(n.id());
                    shape(el, pos.x() + 100, pos.y(), size[0], size[1]);
                    maxX = Math.max(maxX, pos.x() + 100 + size[0]);
                }
                shape(end, maxX + 80, 100, 36, 36);
                flow(node.id() + "__in", start, elements.get(InlineMap.entry(inner)));
                for (GraphEdge e : inner.edges()) {
                    SequenceFlow f = flow(e.id(), elements.get(e.source()), elements.get(e.target()));
                    f.setName(e.label());
                    if (e.condition() != null && !e.condition().isBlank() && !e.defaultEdge()) {
                        ConditionExpression c = model.newInstance(ConditionExpression.class, e.id() + "__condition");
                        String cond = e.condition().trim();
                        c.setTextContent(cond.startsWith("=") ? cond : "=" + cond);
                        f.setConditionExpression(c);
                    }
                }
                flow(node.id() + "__out", elements.get(exit), end);
            } finally {
                container = outerContainer;
                plane = outerPlane;
                kindOf = outerKinds;
            }
            return sub;
        }

        /**
         * An agent: one embedded sub-process holding the loop, so the flow around it stays acyclic. Inside, the
         * deciding model ({@code weft.llm}, offered the inline tools) runs; a gateway goes on to an ad-hoc
         * sub-process that activates exactly the tools the model called (their ids are the tool names) while there
         * are tool calls and turns left; a script appends each tool's result to the conversation and the model runs
         * again. Otherwise the sub-process ends and writes {@code {answer, iterations, toolCalls}} into the node's
         * variable. The conversation, the turn count and the tools' outputs are variables of the sub-process.
         */
        private FlowNode agent(GraphNode node) {
            String id = node.id();
            FlowGraph tools = InlineMap.graph(json, node);
            String messages = id + "__messages";
            String answer = id + "__answer";
            String iterations = id + "__iterations";
            String calls = id + "__toolCalls";
            int max = node.setting("maxIterations").asInt(InlineAgent.DEFAULT_MAX_ITERATIONS);
            SubProcess sub = add(SubProcess.class, id);
            input(sub, "=[{role: \"user\", content: string(" + Expressions.toFeel(node.setting("prompt"), kindOf) + ")}]", messages);
            input(sub, "={}", answer);
            input(sub, "=0", iterations);
            input(sub, "=[]", calls);
            Map<String, NodeKind> innerKinds = new HashMap<>();
            for (GraphNode n : tools.nodes()) {
                catalog.find(n.type()).ifPresent(t -> innerKinds.put(n.id(), t.kind()));
                input(sub, "={}", n.id());
            }
            output(sub, "={answer: " + answer + ".text, iterations: " + iterations + ", toolCalls: " + calls + "}", id);
            BpmnDiagram diagram = model.newInstance(BpmnDiagram.class, id + "__diagram");
            model.getDefinitions().addChildElement(diagram);
            BpmnPlane innerPlane = model.newInstance(BpmnPlane.class, id + "__plane");
            innerPlane.setBpmnElement(sub);
            diagram.setBpmnPlane(innerPlane);

            BaseElement outerContainer = container;
            BpmnPlane outerPlane = plane;
            Function<String, NodeKind> outerKinds = kindOf;
            container = sub;
            plane = innerPlane;
            kindOf = k -> innerKinds.containsKey(k) ? innerKinds.get(k) : outerKinds.apply(k);
            try {
                StartEvent start = add(StartEvent.class, id + "__start");
                generated(start, id);
                shape(start, 100, 122, 36, 36);

                ServiceTask llm = add(ServiceTask.class, id + "__llm");
                llm.setName(node.name() == null ? "Decide" : node.name());
                generated(llm, id);
                ZeebeTaskDefinition td = ext(llm, ZeebeTaskDefinition.class);
                td.setType(InlineAgent.LLM_JOB_TYPE);
                td.setRetries(String.valueOf(DEFAULT_RETRIES));
                header(llm, "model", node.setting("model").asText());
                if (node.setting("systemPrompt").isTextual() && !node.setting("systemPrompt").asText().isEmpty()) {
                    header(llm, "systemPrompt", node.setting("systemPrompt").asText());
                }
                header(llm, "tools", write(InlineAgent.toolSpecs(json, tools)));
                input(llm, "=" + messages, "messages");
                output(llm, "=answer", answer);
                // Only calls that will run are recorded (not the last turn's); before the count changes, so the
                // condition sees the turn count as it was whether mappings apply one by one or all at once.
                output(llm, "=if count(answer.toolCalls) > 0 and " + iterations + " + 1 < " + max + " then concatenate("
                        + calls + ", for c in answer.toolCalls return c.name) else " + calls, calls);
                output(llm, "=" + iterations + " + 1", iterations);
                output(llm, "=append(" + messages + ", {role: \"assistant\", content: if count(answer.toolCalls) > 0 then "
                        + "\"Calling tools: \" + string join(for c in answer.toolCalls return c.name, \", \") else answer.text})", messages);
                shape(llm, 180, 100, 100, 80);

                ExclusiveGateway decide = add(ExclusiveGateway.class, id + "__decide");
                decide.setName("Tool calls?");
                generated(decide, id);
                shape(decide, 330, 115, 50, 50);
                EndEvent end = add(EndEvent.class, id + "__end");
                generated(end, id);
                shape(end, 430, 122, 36, 36);

                AdHocSubProcess adHoc = add(AdHocSubProcess.class, id + "__tools");
                adHoc.setName("Requested tools");
                generated(adHoc, id);
                ext(adHoc, ZeebeAdHoc.class).setActiveElementsCollection("=for call in " + answer + ".toolCalls return call.name");
                double width = 40 + 130 * tools.nodes().size();
                shape(adHoc, 150, 240, width, 140);
                container = adHoc;
                for (int i = 0; i < tools.nodes().size(); i++) {
                    GraphNode n = tools.nodes().get(i);
                    NodeType type = catalog.find(n.type()).orElseThrow(
                            () -> new IllegalArgumentException("Node '" + n.id() + "' has unknown type '" + n.type() + "'"));
                    FlowNode el = element(n, type);
                    el.setName(n.name());
                    // The arguments of the model's (first) call to this tool, as a local variable; settings the
                    // node leaves empty are taken from them (an explicit setting stays a header and wins).
                    String args = "(for c in " + answer + ".toolCalls[name = " + Expressions.stringLiteral(n.id())
                            + "] return if c.arguments = null then {} else c.arguments)[1]";
                    input(el, "=" + args, InlineAgent.ARGUMENTS_VARIABLE);
                    for (InlineAgent.FromCall f : InlineAgent.fromCall(n.type())) {
                        JsonNode v = n.setting(f.setting());
                        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
                            input(el, "=" + args + f.path(), f.target());
                        }
                    }
                    properties(el, n);
                    elements.put(n.id(), el);
                    shape(el, 170 + 130 * i, 270, 100, 80);
                }
                container = sub;

                ScriptTask results = add(ScriptTask.class, id + "__results");
                results.setName("Add tool results");
                generated(results, id);
                ZeebeScript script = ext(results, ZeebeScript.class);
                script.setExpression("=concatenate(" + messages + ", for c in " + answer + ".toolCalls return {role: \"user\", "
                        + "content: \"Result of tool \" + c.name + \": \" + " + resultText(tools) + "})");
                script.setResultVariable(messages);
                shape(results, 190 + width, 270, 100, 80);

                flow(id + "__f_start", start, llm);
                flow(id + "__f_decide", llm, decide);
                SequenceFlow toTools = flow(id + "__f_tools", decide, adHoc);
                toTools.setName("tool calls");
                ConditionExpression c = model.newInstance(ConditionExpression.class, id + "__f_tools__condition");
                c.setTextContent("=count(" + answer + ".toolCalls) > 0 and " + iterations + " < " + max);
                toTools.setConditionExpression(c);
                decide.setDefault(flow(id + "__f_end", decide, end));
                flow(id + "__f_results", adHoc, results);
                flow(id + "__f_again", results, llm);
            } finally {
                container = outerContainer;
                plane = outerPlane;
                kindOf = outerKinds;
            }
            return sub;
        }

        /** FEEL text of the called tool {@code c}'s output, chosen by its name among the agent's tools. */
        private String resultText(FlowGraph tools) {
            StringBuilder out = new StringBuilder();
            for (GraphNode n : tools.nodes()) {
                String key = catalog.outputsOf(n).filter(o -> o.fieldNames().hasNext()).map(o -> o.fieldNames().next()).orElse("result");
                String value = Expressions.name(n.id()) + "." + Expressions.name(key);
                String text = "mcp-tool".equals(n.type())
                        ? "string join(for x in " + value + ".content[type = \"text\"] return x.text, \"\\n\")"
                        : "llm".equals(n.type()) ? "string(" + value + ".text)" : "string(" + value + ")";
                out.append("if c.name = ").append(Expressions.stringLiteral(n.id())).append(" then ").append(text).append(" else ");
            }
            return "(" + out + "\"\")";
        }

        /** A service task for a template-based node; {@code modelOverride} is used by the fallback copy. */
        private ServiceTask jobTask(GraphNode node, NodeType type, String id, String modelOverride) {
            ServiceTask t = add(ServiceTask.class, id);
            ZeebeTaskDefinition td = ext(t, ZeebeTaskDefinition.class);
            td.setType(type.jobType());
            td.setRetries(String.valueOf(retries(node)));
            String resultVariable = null;
            for (SettingField f : type.settings()) {
                JsonNode v = node.setting(f.key());
                if (f.key().equals("model") && modelOverride != null) {
                    v = json.getNodeFactory().textNode(modelOverride);
                }
                if (f.key().equals("resultVariable")) {
                    resultVariable = v.isTextual() ? v.asText() : f.defaultValue().asText();
                }
                if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
                    continue;
                }
                switch (f.binding()) {
                    case Binding.Header h -> header(t, h.key(), v.isTextual() ? v.asText() : v.toString());
                    case Binding.Input in -> input(t, "=" + Expressions.toFeel(v, kindOf), in.target());
                    case Binding.Retries r -> { }
                    case Binding.Compiled c -> { }
                }
            }
            backoffHeader(t, node);
            String outKey = type.outputs().fieldNames().next();
            if (node.setting("resultVariable").isTextual()) {
                outKey = node.setting("resultVariable").asText();
            }
            output(t, "={" + Expressions.contextKey(outKey) + ": " + Expressions.name(resultVariable) + "}", node.id());
            return t;
        }

        private void backoffHeader(ServiceTask t, GraphNode node) {
            if (node.errorPolicy() != null && node.errorPolicy().backoff() != null) {
                header(t, WeftBpmn.RETRY_BACKOFF_HEADER, node.errorPolicy().backoff());
            }
        }

        private int retries(GraphNode node) {
            ErrorPolicy p = node.errorPolicy();
            return p != null && p.retries() != null ? p.retries() : DEFAULT_RETRIES;
        }

        /** Boundary events and helper elements that carry out the node's error policy. */
        private void errorPolicy(GraphNode node) {
            ErrorPolicy p = node.errorPolicy();
            if (p == null) {
                return;
            }
            Activity task = (Activity) elements.get(node.id());
            double[] tb = bounds.get(node.id());
            OnError onError = p.onErrorOrStop();
            List<BoundaryEvent> catchers = new ArrayList<>();
            if (onError != OnError.STOP) {
                BoundaryEvent error = boundary(task, node.id() + "__error", tb[0] + tb[2] - 30);
                error.getEventDefinitions().add(model.newInstance(ErrorEventDefinition.class, error.getId() + "__definition"));
                catchers.add(error);
            }
            if (p.timeout() != null) {
                BoundaryEvent timeout = boundary(task, node.id() + "__timeout", tb[0] - 6);
                timeout.getEventDefinitions().add(timer(timeout.getId(), p.timeout()));
                catchers.add(timeout);
            }
            if (catchers.isEmpty()) {
                return;
            }
            List<FlowNode> targets = new ArrayList<>();
            List<String> targetFlowIds = new ArrayList<>();
            switch (onError) {
                case STOP -> {
                    EndEvent stop = add(EndEvent.class, node.id() + "__stopped");
                    stop.setName("Stopped: " + (node.name() == null ? node.id() : node.name()) + " timed out");
                    stop.getEventDefinitions().add(model.newInstance(TerminateEventDefinition.class, stop.getId() + "__definition"));
                    generated(stop, node.id());
                    shape(stop, tb[0] + 32, tb[1] + 150, 36, 36);
                    targets.add(stop);
                }
                case BRANCH -> graph.outgoing(node.id()).stream().filter(GraphEdge::isErrorEdge).forEach(e -> {
                    targets.add(elements.get(e.target()));
                    targetFlowIds.add(e.id());
                });
                case DEFAULT -> {
                    ScriptTask dflt = add(ScriptTask.class, node.id() + "__default");
                    dflt.setName("Default for " + (node.name() == null ? node.id() : node.name()));
                    ZeebeScript s = ext(dflt, ZeebeScript.class);
                    String outKey = catalog.outputsOf(node).map(o -> o.fieldNames().hasNext() ? o.fieldNames().next() : "result").orElse("result");
                    s.setExpression("={" + Expressions.contextKey(outKey) + ": " + Expressions.toFeel(p.defaultValue(), kindOf) + "}");
                    s.setResultVariable(node.id());
                    generated(dflt, node.id());
                    shape(dflt, tb[0], tb[1] + 140, 100, 80);
                    continueLike(node, dflt);
                    targets.add(dflt);
                }
                case FALLBACK -> {
                    NodeType type = catalog.find(node.type()).orElseThrow();
                    ServiceTask fb = jobTask(node, type, node.id() + "__fallback", p.fallbackModel());
                    fb.setName("Fallback: " + p.fallbackModel());
                    generated(fb, node.id());
                    shape(fb, tb[0], tb[1] + 140, 100, 80);
                    continueLike(node, fb);
                    targets.add(fb);
                }
            }
            for (BoundaryEvent c : catchers) {
                for (int i = 0; i < targets.size(); i++) {
                    boolean userEdge = i < targetFlowIds.size() && c == catchers.get(0);
                    String id = userEdge ? targetFlowIds.get(i) : node.id() + "__f" + (++generatedFlows);
                    SequenceFlow f = flow(id, c, targets.get(i));
                    if (userEdge) {
                        graph.edges().stream().filter(e -> e.id().equals(id)).findFirst().ifPresent(e -> f.setName(e.label()));
                    }
                }
            }
        }

        /** A helper element continues where the node's normal edges lead. */
        private void continueLike(GraphNode node, FlowNode helper) {
            for (GraphEdge e : graph.outgoing(node.id())) {
                if (!e.isErrorEdge()) {
                    FlowNode target = needsMerge(e) ? merges.get(node.id()) : elements.get(e.target());
                    flow(node.id() + "__f" + (++generatedFlows), helper, target);
                }
            }
        }

        /** Whether a normal edge of a node whose error helper rejoins the flow enters a parallel gateway. */
        private boolean needsMerge(GraphEdge e) {
            if (e.isErrorEdge() || kindOf.apply(e.target()) != NodeKind.PARALLEL) {
                return false;
            }
            ErrorPolicy p = graph.node(e.source()).map(GraphNode::errorPolicy).orElse(null);
            return p != null && (p.onErrorOrStop() == OnError.DEFAULT || p.onErrorOrStop() == OnError.FALLBACK);
        }

        private FlowNode merge(String nodeId, FlowNode target) {
            return merges.computeIfAbsent(nodeId, id -> {
                ExclusiveGateway m = add(ExclusiveGateway.class, id + "__merge");
                generated(m, id);
                double[] tb = bounds.get(id);
                double[] gb = bounds.get(target.getId());
                shape(m, (tb[0] + tb[2] + gb[0]) / 2 - 25, tb[1] + tb[3] / 2 - 25, 50, 50);
                flow(id + "__f" + (++generatedFlows), m, target);
                return m;
            });
        }

        private BoundaryEvent boundary(Activity task, String id, double x) {
            BoundaryEvent b = add(BoundaryEvent.class, id);
            b.setAttachedTo(task);
            b.setCancelActivity(true);
            generated(b, task.getId());
            double[] tb = bounds.get(task.getId());
            shape(b, x, tb[1] + tb[3] - 18, 36, 36);
            return b;
        }

        private TimerEventDefinition timer(String ownerId, String duration) {
            TimerEventDefinition t = model.newInstance(TimerEventDefinition.class, ownerId + "__timer");
            TimeDuration d = model.newInstance(TimeDuration.class, ownerId + "__duration");
            d.setTextContent(duration);
            t.setTimeDuration(d);
            return t;
        }

        private <T extends FlowNode> T add(Class<T> type, String id) {
            // Ids are set at creation: setting one later makes the XML model scan the whole document for references.
            T el = model.newInstance(type, id);
            append(container, el);
            return el;
        }

        private SequenceFlow flow(String id, FlowNode source, FlowNode target) {
            SequenceFlow f = model.newInstance(SequenceFlow.class, id);
            append(container, f);
            f.setSource(source);
            f.setTarget(target);
            source.getOutgoing().add(f);
            target.getIncoming().add(f);
            edgeShape(f, source, target);
            return f;
        }

        private void generated(BaseElement el, String nodeId) {
            property(el, WeftBpmn.GENERATED_FOR, nodeId);
        }

        private void properties(FlowNode el, GraphNode node) {
            property(el, WeftBpmn.NODE_TYPE, node.type());
            if (node.settings().size() > 0) {
                property(el, WeftBpmn.SETTINGS, write(node.settings()));
            }
            if (node.errorPolicy() != null) {
                property(el, WeftBpmn.ERROR_POLICY, write(node.errorPolicy()));
            }
        }

        private String write(Object value) {
            try {
                return json.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private void property(BaseElement el, String name, String value) {
            ZeebeProperties props = ext(el, ZeebeProperties.class);
            ZeebeProperty p = model.newInstance(ZeebeProperty.class);
            p.setName(name);
            p.setValue(value);
            props.addChildElement(p);
        }

        private void header(BaseElement el, String key, String value) {
            ZeebeTaskHeaders headers = ext(el, ZeebeTaskHeaders.class);
            ZeebeHeader h = model.newInstance(ZeebeHeader.class);
            h.setKey(key);
            h.setValue(value);
            headers.addChildElement(h);
        }

        private void input(BaseElement el, String source, String target) {
            ZeebeInput in = model.newInstance(ZeebeInput.class);
            in.setSource(source);
            in.setTarget(target);
            ext(el, ZeebeIoMapping.class).addChildElement(in);
        }

        private void output(BaseElement el, String source, String target) {
            ZeebeOutput out = model.newInstance(ZeebeOutput.class);
            out.setSource(source);
            out.setTarget(target);
            ext(el, ZeebeIoMapping.class).addChildElement(out);
        }

        /** The single extension child of this type, created on first use. */
        private <T extends org.camunda.bpm.model.xml.instance.ModelElementInstance> T ext(BaseElement el, Class<T> type) {
            ExtensionElements ee = el.getExtensionElements();
            if (ee == null) {
                ee = model.newInstance(ExtensionElements.class);
                el.setExtensionElements(ee);
            }
            for (Iterator<org.camunda.bpm.model.xml.instance.ModelElementInstance> it = ee.getElements().iterator(); it.hasNext(); ) {
                var child = it.next();
                if (type.isInstance(child)) {
                    return type.cast(child);
                }
            }
            T created = model.newInstance(type);
            ee.addChildElement(created);
            return created;
        }

        private void shape(BaseElement el, double x, double y, double w, double h) {
            BpmnShape s = model.newInstance(BpmnShape.class, el.getId() + "__di");
            s.setBpmnElement(el);
            if (el instanceof ExclusiveGateway) {
                s.setMarkerVisible(true);
            }
            if (el instanceof AdHocSubProcess) {
                s.setExpanded(true);
            }
            Bounds b = model.newInstance(Bounds.class);
            b.setX(x);
            b.setY(y);
            b.setWidth(w);
            b.setHeight(h);
            s.setBounds(b);
            append(plane, s);
            bounds.put(el.getId(), new double[] {x, y, w, h});
        }

        private void edgeShape(SequenceFlow f, FlowNode source, FlowNode target) {
            double[] s = bounds.get(source.getId());
            double[] t = bounds.get(target.getId());
            BpmnEdge e = model.newInstance(BpmnEdge.class, f.getId() + "__di");
            e.setBpmnElement(f);
            List<double[]> points = new ArrayList<>();
            if (source instanceof BoundaryEvent) {
                double sx = s[0] + s[2] / 2;
                double sy = s[1] + s[3];
                points.add(new double[] {sx, sy});
                points.add(new double[] {sx, t[1] + t[3] / 2});
                points.add(new double[] {t[0], t[1] + t[3] / 2});
                if (t[0] <= sx) {
                    points.set(2, new double[] {sx, t[1]});
                    points.remove(1);
                }
            } else {
                double sx = s[0] + s[2];
                double sy = s[1] + s[3] / 2;
                double tx = t[0];
                double ty = t[1] + t[3] / 2;
                points.add(new double[] {sx, sy});
                if (Math.abs(sy - ty) > 0.5) {
                    double mx = sx + Math.max(10, (tx - sx) / 2);
                    points.add(new double[] {mx, sy});
                    points.add(new double[] {mx, ty});
                }
                points.add(new double[] {tx, ty});
            }
            for (double[] p : points) {
                Waypoint w = model.newInstance(Waypoint.class);
                w.setX(p[0]);
                w.setY(p[1]);
                e.getWaypoints().add(w);
            }
            append(plane, e);
        }

        /**
         * Appends at the end of the parent's DOM. The model's addChildElement looks for the insert position among
         * all children each time, which makes large flows quadratic; flow elements and diagram elements may come in
         * any order, so appending is valid here.
         */
        private void append(org.camunda.bpm.model.xml.instance.ModelElementInstance parent,
                            org.camunda.bpm.model.xml.instance.ModelElementInstance child) {
            parent.getDomElement().appendChild(child.getDomElement());
        }
    }
}
