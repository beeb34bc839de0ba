package dev.weft.designer.bpmn;

import static dev.weft.designer.TestJson.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.TestJson;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.catalog.NodeKind;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphNode;
import dev.weft.designer.validation.FeelChecker;
import dev.weft.designer.validation.GraphValidator;
import dev.weft.designer.validation.Issue;
import dev.weft.templates.WeftTemplates;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.AdHocSubProcess;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAdHoc;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camunda.bpm.model.xml.validation.ValidationResults;
import org.junit.jupiter.api.Test;

/** The agent node: one embedded sub-process with the tool loop inside, imported back as the same node. */
class AgentNodeTest {

    private static final String TEMPLATE = "templates/agent-loop.bpmn";

    private final NodeCatalog catalog = NodeCatalog.load(JSON);
    private final BpmnGenerator generator = new BpmnGenerator(catalog, JSON);
    private final BpmnImporter importer = new BpmnImporter(catalog, JSON);
    private final GraphValidator validator = new GraphValidator(catalog, new FeelChecker());

    private static BpmnModelInstance parse(String xml) {
        return Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String header(FlowElement el, String key) {
        return el.getSingleExtensionElement(ZeebeTaskHeaders.class).getHeaders().stream().filter(h -> h.getKey().equals(key)).map(ZeebeHeader::getValue)
                .findFirst().orElse(null);
    }

    @Test
    void theCatalogOffersTheAgentWithTypedOutputs() {
        var agent = catalog.find("agent").orElseThrow();
        assertThat(agent.kind()).isEqualTo(NodeKind.AGENT);
        assertThat(agent.settingsSchema().path("required").toString()).contains("\"model\"").contains("\"prompt\"");
        assertThat(agent.settingsSchema().path("properties").fieldNames()).toIterable()
                .contains("model", "systemPrompt", "prompt", "maxIterations", "nodes", "edges");
        assertThat(agent.outputs().fieldNames()).toIterable().containsExactly("answer", "iterations", "toolCalls");
    }

    @Test
    void compilesTheLoopIntoOneSubProcessSoTheFlowHasNoCycle() {
        FlowGraph graph = TestJson.graph("graphs/agent-loop.json");
        assertThat(validator.validate(graph)).isEmpty();
        BpmnModelInstance model = parse(generator.generateXml(graph, "agent_flow"));
        Bpmn.validateModel(model);
        ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
        assertThat(results.hasErrors()).as(results.getResults().toString()).isFalse();

        SubProcess agent = model.getModelElementById("agent");
        assertThat(agent).isNotInstanceOf(AdHocSubProcess.class);
        ServiceTask llm = model.getModelElementById("agent__llm");
        assertThat(llm.getParentElement().getAttributeValue("id")).isEqualTo("agent");
        assertThat(llm.getSingleExtensionElement(ZeebeTaskDefinition.class).getType()).isEqualTo("weft.llm");
        assertThat(header(llm, "model")).isEqualTo("agent-model");
        assertThat(readTools(header(llm, "tools"))).containsExactly("search_docs", "create_ticket");

        AdHocSubProcess tools = model.getModelElementById("agent__tools");
        assertThat(tools.getParentElement().getAttributeValue("id")).isEqualTo("agent");
        assertThat(tools.getSingleExtensionElement(ZeebeAdHoc.class).getActiveElementsCollection())
                .isEqualTo("=for call in agent__answer.toolCalls return call.name");
        assertThat(tools.getChildElementsByType(ServiceTask.class)).extracting(FlowElement::getId)
                .containsExactly("search_docs", "create_ticket");
        // The loop: back from the tools (through the results script) to the model, out when no calls or no turns.
        ExclusiveGateway decide = model.getModelElementById("agent__decide");
        assertThat(decide.getDefault().getTarget().getId()).isEqualTo("agent__end");
        SequenceFlow toTools = model.getModelElementById("agent__f_tools");
        assertThat(toTools.getConditionExpression().getTextContent())
                .isEqualTo("=count(agent__answer.toolCalls) > 0 and agent__iterations < 5");
        SequenceFlow again = model.getModelElementById("agent__f_again");
        assertThat(again.getTarget().getId()).isEqualTo("agent__llm");
        // At the top level the flow stays start -> agent -> end.
        SequenceFlow out = model.getModelElementById("f_agent_end");
        assertThat(out.getSource().getId()).isEqualTo("agent");
    }

    @Test
    void offersEachToolWithParametersAndHandsItTheArgumentsOfTheModelsCall() throws IOException {
        FlowGraph graph = TestJson.graph("graphs/agent-loop.json");
        GraphNode agent = graph.node("agent").orElseThrow();
        ObjectNode settings = agent.settings().deepCopy();
        ArrayNode nodes = (ArrayNode) settings.get("nodes");
        // An explicit setting wins over the call's arguments; a retrieve tool needs no query of its own.
        ((ObjectNode) nodes.get(1).get("settings")).put("arguments", "{\"title\": \"{{goal}}\"}");
        nodes.addObject().put("id", "kb").put("type", "retrieve").put("name", "Knowledge base")
                .putObject("settings").put("collection", "kb");
        nodes.addObject().put("id", "shout").put("type", "script").putObject("settings")
                .put("expression", "=upper case(toolArguments.input)");
        FlowGraph changed = new FlowGraph(1, graph.name(), graph.nodes().stream()
                .map(n -> n.id().equals("agent") ? new GraphNode("agent", "agent", n.name(), n.position(), settings, null) : n)
                .toList(), graph.edges());
        assertThat(validator.validate(changed)).filteredOn(Issue::isError).isEmpty();
        BpmnModelInstance model = parse(generator.generateXml(changed, "agent_flow"));
        assertThat(model.validate(ZeebeDesignTimeValidators.VALIDATORS).hasErrors()).isFalse();

        ArrayNode offered = (ArrayNode) JSON.readTree(header(model.getModelElementById("agent__llm"), "tools"));
        assertThat(offered.get(0).path("parameters")).isEqualTo(nodes.get(0).path("settings").path("inputSchema"));
        assertThat(offered.get(2).path("parameters").path("properties").path("query").path("type").asText()).isEqualTo("string");
        assertThat(offered.get(3).path("parameters").path("required").toString()).isEqualTo("[\"input\"]");

        String args = "=(for c in agent__answer.toolCalls[name = \"%s\"] return if c.arguments = null then {} else c.arguments)[1]";
        assertThat(inputs(model, "search_docs")).containsEntry("toolArguments", args.formatted("search_docs"))
                .containsEntry("arguments", args.formatted("search_docs"));
        assertThat(header(model.getModelElementById("search_docs"), "arguments")).isNull();
        // create_ticket keeps its explicit template (a header); no variable shadows it.
        assertThat(inputs(model, "create_ticket")).containsOnlyKeys("toolArguments");
        assertThat(header(model.getModelElementById("create_ticket"), "arguments")).isEqualTo("{\"title\": \"{{goal}}\"}");
        assertThat(inputs(model, "kb")).containsEntry("query", args.formatted("kb") + ".query");
        assertThat(inputs(model, "shout")).containsOnlyKeys("toolArguments");
    }

    @Test
    void aDeclaredInputSchemaThatIsNoObjectIsAnError() {
        FlowGraph graph = TestJson.graph("graphs/agent-loop.json");
        GraphNode agent = graph.node("agent").orElseThrow();
        ObjectNode settings = agent.settings().deepCopy();
        ((ObjectNode) settings.get("nodes").get(0).get("settings")).put("inputSchema", "[1, 2");
        FlowGraph changed = new FlowGraph(1, graph.name(), graph.nodes().stream()
                .map(n -> n.id().equals("agent") ? new GraphNode("agent", "agent", n.name(), n.position(), settings, null) : n)
                .toList(), graph.edges());
        assertThat(validator.validate(changed)).filteredOn(Issue::isError).extracting(Issue::code, Issue::pointer)
                .containsExactly(tuple("INVALID_SETTING", "/nodes/1/settings/nodes/0/settings/inputSchema"));
    }

    private static java.util.Map<String, String> inputs(BpmnModelInstance model, String id) {
        FlowElement task = model.getModelElementById(id);
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        task.getSingleExtensionElement(ZeebeIoMapping.class).getInputs().forEach(i -> out.put(i.getTarget(), i.getSource()));
        return out;
    }

    private List<String> readTools(String header) {
        try {
            return ((ArrayNode) JSON.readTree(header)).findValuesAsText("name");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void importsTheGeneratedSubProcessBackAsTheSameAgentNode() {
        FlowGraph graph = TestJson.graph("graphs/agent-loop.json");
        ImportResult imported = importer.importXml(generator.generateXml(graph, "agent_flow"));
        assertThat(imported.issues()).isEmpty();
        assertThat((Object) JSON.valueToTree(imported.graph())).isEqualTo(JSON.valueToTree(graph));
    }

    @Test
    void reportsBadToolsOnTheAgentNodeWithAPointerIntoItsSettings() {
        FlowGraph graph = TestJson.graph("graphs/agent-loop.json");
        GraphNode agent = graph.node("agent").orElseThrow();
        ObjectNode settings = agent.settings().deepCopy();
        ArrayNode tools = (ArrayNode) settings.get("nodes");
        ((ObjectNode) tools.get(0).get("settings")).remove("server");
        tools.addObject().put("id", "summary").put("type", "script").putObject("settings").set("expression",
                JSON.createObjectNode().set("selector", JSON.createArrayNode().add("nowhere").add("text")));
        tools.addObject().put("id", "wait").put("type", "timer").putObject("settings").put("duration", "PT1M");
        settings.put("maxIterations", 0);
        List<GraphNode> nodes = graph.nodes().stream()
                .map(n -> n.id().equals("agent") ? new GraphNode("agent", "agent", n.name(), n.position(), settings, null) : n)
                .toList();
        List<Issue> issues = validator.validate(new FlowGraph(1, graph.name(), nodes, graph.edges()));
        assertThat(issues).filteredOn(Issue::isError).extracting(Issue::code, Issue::nodeId, Issue::pointer).contains(
                tuple("MISSING_SETTING", "agent", "/nodes/1/settings/nodes/0/settings/server"),
                tuple("AGENT_INNER_NODE", "agent", "/nodes/1/settings/nodes/3/type"),
                tuple("INVALID_SETTING", "agent", "/nodes/1/settings/maxIterations"));
        // An unknown selector inside a tool: named on the agent, pointing at the tool's setting.
        assertThat(issues).filteredOn(Issue::isError).filteredOn(i -> "/nodes/1/settings/nodes/2/settings/expression".equals(i.pointer()))
                .singleElement().satisfies(i -> {
                    assertThat(i.nodeId()).isEqualTo("agent");
                    assertThat(i.message()).contains("summary").contains("nowhere");
                });
        assertThat(issues).extracting(Issue::code).doesNotContain("CYCLE");
    }

    @Test
    void anAgentWithoutToolsIsAnError() {
        FlowGraph graph = TestJson.graph("graphs/agent-loop.json");
        GraphNode agent = graph.node("agent").orElseThrow();
        ObjectNode settings = agent.settings().deepCopy();
        settings.putArray("nodes");
        List<GraphNode> nodes = graph.nodes().stream()
                .map(n -> n.id().equals("agent") ? new GraphNode("agent", "agent", n.name(), n.position(), settings, null) : n)
                .toList();
        assertThat(validator.validate(new FlowGraph(1, graph.name(), nodes, graph.edges())))
                .extracting(Issue::code, Issue::pointer).contains(tuple("AGENT_TOOLS", "/nodes/1/settings/nodes"));
    }

    /**
     * The shipped agent-loop template is exactly what the generator makes of graphs/agent-loop.json (after its
     * leading comment). Regenerate with -Dweft.templates.write=true.
     */
    @Test
    void theShippedAgentLoopTemplateIsTheGeneratedFlow() throws IOException {
        String generated = generator.generateXml(TestJson.graph("graphs/agent-loop.json"), "weft_agent_loop");
        String shipped;
        try (InputStream in = WeftTemplates.open(TEMPLATE)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int bodyAt = shipped.indexOf("-->") + "-->".length();
        String comment = shipped.substring(0, bodyAt);
        // The model names the definitions, diagram and plane with random UUIDs; the shipped file has stable ids.
        String body = generated.substring(generated.indexOf("?>") + 2)
                .replaceAll("_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"", "_weft_agent_loop\"");
        if (Boolean.getBoolean("weft.templates.write")) {
            Path file = Path.of("../bpmn-templates/src/main/resources/" + TEMPLATE);
            Files.writeString(file, comment + "\n" + body.strip() + "\n", StandardCharsets.UTF_8);
            return;
        }
        assertThat(shipped.substring(bodyAt).strip()).isEqualTo(body.strip());
        ImportResult imported = importer.importXml(shipped);
        assertThat(imported.issues()).isEmpty();
        assertThat(imported.graph().node("agent")).get().extracting(GraphNode::type).isEqualTo("agent");
    }
}
