package dev.weft.designer.bpmn;

import static dev.weft.designer.TestJson.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.designer.TestJson;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphNode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.xml.validation.ValidationResults;
import org.junit.jupiter.api.Test;

class BpmnGeneratorTest {

    private final NodeCatalog catalog = NodeCatalog.load(JSON);
    private final BpmnGenerator generator = new BpmnGenerator(catalog, JSON);
    private final BpmnImporter importer = new BpmnImporter(catalog, JSON);

    private static BpmnModelInstance parse(String xml) {
        return Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertValidForZeebe(BpmnModelInstance model) {
        Bpmn.validateModel(model);
        ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
        StringBuilder problems = new StringBuilder();
        results.getResults().forEach((el, list) -> list.forEach(r -> problems.append(r.getType()).append(' ')
                .append(el.getAttributeValue("id")).append(": ").append(r.getMessage()).append('\n')));
        assertThat(results.hasErrors()).as(problems.toString()).isFalse();
    }

    @Test
    void generatesBpmnThatZeebeAcceptsWithAShapeForEveryElementAndAnEdgeForEveryFlow() {
        String xml = generator.generateXml(TestJson.graph("graphs/rag-with-review.json"), "rag_review");
        BpmnModelInstance model = parse(xml);
        assertValidForZeebe(model);
        Set<String> shaped = model.getModelElementsByType(BpmnShape.class).stream()
                .map(s -> s.getBpmnElement().getId()).collect(Collectors.toSet());
        Set<String> nodes = model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId).collect(Collectors.toSet());
        assertThat(shaped).containsAll(nodes);
        Set<String> edged = model.getModelElementsByType(BpmnEdge.class).stream()
                .map(e -> e.getBpmnElement().getId()).collect(Collectors.toSet());
        assertThat(edged).containsAll(model.getModelElementsByType(SequenceFlow.class).stream().map(SequenceFlow::getId).toList());
        model.getModelElementsByType(BpmnEdge.class).forEach(e -> assertThat(e.getWaypoints()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void compilesSettingsSelectorsAndOutputsIntoZeebeExtensions() {
        BpmnModelInstance model = generator.generate(TestJson.graph("graphs/rag-with-review.json"), "rag_review");
        ServiceTask search = model.getModelElementById("search");
        assertThat(search.getSingleExtensionElement(ZeebeTaskDefinition.class).getType()).isEqualTo("weft.retrieve");
        assertThat(search.getSingleExtensionElement(ZeebeTaskDefinition.class).getRetries()).isEqualTo("2");
        List<ZeebeHeader> headers = List.copyOf(search.getExtensionElements().getElementsQuery()
                .filterByType(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders.class).singleResult().getHeaders());
        assertThat(headers).extracting(ZeebeHeader::getKey, ZeebeHeader::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("collection", "handbook"), org.assertj.core.groups.Tuple.tuple("topK", "4"),
                        org.assertj.core.groups.Tuple.tuple("retryBackoff", "PT5S"));
        var io = search.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping.class);
        assertThat(io.getInputs()).extracting(ZeebeInput::getTarget, ZeebeInput::getSource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("query", "=question"));
        assertThat(io.getOutputs()).extracting(ZeebeOutput::getTarget, ZeebeOutput::getSource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("search", "={passages: passages}"));
        // The end node reads the llm node's output through its selector.
        var endIo = model.<FlowNode>getModelElementById("done")
                .getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping.class);
        assertThat(endIo.getOutputs()).extracting(ZeebeOutput::getSource).containsExactly("={answer: answer.answer.text}");
    }

    @Test
    void compilesErrorPoliciesIntoBoundaryEventsAndHelperElements() {
        BpmnModelInstance model = generator.generate(TestJson.graph("graphs/rag-with-review.json"), "rag_review");
        // default value: a catch-all error boundary leading to a FEEL default that continues like the node
        BoundaryEvent searchError = model.getModelElementById("search__error");
        assertThat(searchError.getAttachedTo().getId()).isEqualTo("search");
        ScriptTask dflt = model.getModelElementById("search__default");
        assertThat(dflt.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript.class).getExpression())
                .isEqualTo("={passages: []}");
        assertThat(dflt.getOutgoing()).extracting(f -> f.getTarget().getId()).containsExactly("answer");
        // fallback model with a timeout: error and timer boundaries both lead to a copy using the fallback model
        ServiceTask fallback = model.getModelElementById("answer__fallback");
        assertThat(fallback.getIncoming()).extracting(f -> f.getSource().getId())
                .containsExactlyInAnyOrder("answer__error", "answer__timeout");
        assertThat(fallback.getOutgoing()).extracting(f -> f.getTarget().getId()).containsExactly("confident");
        var fbHeaders = fallback.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders.class).getHeaders();
        assertThat(fbHeaders).filteredOn(h -> h.getKey().equals("model")).extracting(ZeebeHeader::getValue).containsExactly("extractive");
        assertThat(model.<ServiceTask>getModelElementById("answer").getSingleExtensionElement(ZeebeTaskDefinition.class).getRetries())
                .isEqualTo("1");
    }

    @Test
    void importsItsOwnBpmnBackIntoTheSameGraph() {
        FlowGraph original = TestJson.graph("graphs/rag-with-review.json");
        ImportResult back = importer.importXml(generator.generateXml(original, "rag_review"));
        assertThat(back.issues()).isEmpty();
        assertThat(back.processId()).isEqualTo("rag_review");
        assertThat((Object) JSON.valueToTree(back.graph())).isEqualTo(JSON.valueToTree(original));
    }

    @Test
    void laysOutAGraphWithoutPositionsLeftToRightWithoutOverlaps() {
        FlowGraph original = TestJson.graph("graphs/rag-with-review.json");
        FlowGraph unplaced = new FlowGraph(1, original.name(), original.nodes().stream().map(n -> n.withPosition(null)).toList(),
                original.edges());
        FlowGraph back = importer.importXml(generator.generateXml(unplaced, "rag_review")).graph();
        var pos = back.nodes().stream().collect(Collectors.toMap(GraphNode::id, GraphNode::position));
        assertThat(pos.values()).doesNotContainNull();
        assertThat(pos.get("start").x()).isLessThan(pos.get("guard").x());
        assertThat(pos.get("guard").x()).isLessThan(pos.get("search").x());
        assertThat(pos.get("confident").x()).isLessThan(pos.get("review").x());
        assertThat(pos.get("review").x()).isLessThan(pos.get("done").x());
        assertThat(pos.values().stream().map(p -> p.x() + "/" + p.y()).distinct().count()).isEqualTo(pos.size());
    }

    private static FlowGraph inlineMap(String parallelSetting) throws IOException {
        return JSON.readValue("""
                {"formatVersion": 1, "name": "Shout each",
                 "nodes": [
                   {"id": "start", "type": "start", "settings": {"form": [{"key": "words", "type": "array"}]}},
                   {"id": "each", "type": "map", "settings": {"items": {"selector": ["start", "words"]}, "itemVariable": "word",%s
                      "nodes": [{"id": "loud", "type": "script", "settings": {"expression": {"selector": ["each", "word"]}}}]}},
                   {"id": "end", "type": "end", "settings": {"outputs": {"all": {"selector": ["each", "results"]}}}}],
                 "edges": [{"id": "a", "source": "start", "target": "each"}, {"id": "b", "source": "each", "target": "end"}]}
                """.formatted(parallelSetting), FlowGraph.class);
    }

    @Test
    void anInlineMapRunsInParallelUnlessTheNodeSaysSequentialAndImportsBackTheSame() throws IOException {
        for (var c : List.of(new Object[] {"", false, true}, new Object[] {" \"parallel\": true,", false, true},
                new Object[] {" \"parallel\": false,", true, false})) {
            String xml = generator.generateXml(inlineMap((String) c[0]), "shout");
            BpmnModelInstance model = parse(xml);
            assertValidForZeebe(model);
            SubProcess each = model.getModelElementById("each");
            assertThat(each.getLoopCharacteristics()).as(c[0].toString()).isInstanceOf(MultiInstanceLoopCharacteristics.class);
            assertThat(((MultiInstanceLoopCharacteristics) each.getLoopCharacteristics()).isSequential()).as(c[0].toString())
                    .isEqualTo(c[1]);
            ImportResult back = importer.importXml(xml);
            GraphNode map = back.graph().nodes().stream().filter(n -> n.id().equals("each")).findFirst().orElseThrow();
            assertThat(map.type()).isEqualTo("map");
            assertThat(map.setting("parallel").asBoolean()).as(c[0].toString()).isEqualTo(c[2]);
            assertThat(map.setting("nodes").findValuesAsText("id")).containsExactly("loud");
        }
    }
}
