package dev.weft.designer.bpmn;

import static dev.weft.designer.TestJson.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.weft.designer.TestJson;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.graph.ErrorPolicy;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import dev.weft.designer.graph.Position;
import dev.weft.designer.validation.Issue;
import org.junit.jupiter.api.Test;

class BpmnImporterTest {

    private final BpmnImporter importer = new BpmnImporter(NodeCatalog.load(JSON), JSON);

    @Test
    void importsBpmnDrawnInCamundaModelerIntoTypedNodes() {
        ImportResult result = importer.importXml(TestJson.resource("bpmn/modeler-made.bpmn"));
        FlowGraph g = result.graph();
        assertThat(result.processId()).isEqualTo("support_answer");
        assertThat(g.name()).isEqualTo("Support answer");
        assertThat(g.nodes()).extracting(GraphNode::id, GraphNode::type).containsExactly(
                tuple("StartEvent_1", "start"), tuple("Activity_llm", "llm"), tuple("Gateway_ok", "branch"),
                tuple("Activity_page", "task"), tuple("End_urgent", "end"), tuple("End_normal", "end"));
        GraphNode llm = g.node("Activity_llm").orElseThrow();
        assertThat(llm.position()).isEqualTo(new Position(240, 80));
        assertThat(llm.settings().path("model").asText()).isEqualTo("support-model");
        assertThat(llm.settings().path("temperature").isNumber()).isTrue();
        assertThat(llm.settings().path("stream").isBoolean()).isTrue();
        assertThat(llm.settings().path("input.messages").asText()).isEqualTo("=[{role: \"user\", content: ticket.text}]");
        assertThat(llm.errorPolicy().retries()).isEqualTo(5);
        assertThat(llm.errorPolicy().onError()).isEqualTo(ErrorPolicy.OnError.BRANCH);
        GraphNode page = g.node("Activity_page").orElseThrow();
        assertThat(page.settings().path("jobType").asText()).isEqualTo("pager-duty");
        assertThat(page.settings().path("headers").path("team").asText()).isEqualTo("support");
        assertThat(page.settings().path("inputs").path("ticketId").asText()).isEqualTo("=ticket.id");
        assertThat(g.edges()).extracting(GraphEdge::id, GraphEdge::condition, GraphEdge::isDefault).contains(
                tuple("Flow_urgent", "=ticket.priority = \"high\"", null), tuple("Flow_normal", null, true));
    }

    @Test
    void reportsEveryConstructItCouldNotCarryOverByElementId() {
        ImportResult result = importer.importXml(TestJson.resource("bpmn/modeler-made.bpmn"));
        assertThat(result.issues()).extracting(Issue::severity, Issue::code, Issue::nodeId, Issue::edgeId).containsExactlyInAnyOrder(
                tuple(Issue.Severity.WARNING, "BPMN_UNKNOWN_HEADER", "Activity_llm", null),
                tuple(Issue.Severity.WARNING, "BPMN_ERROR_CODE_WIDENED", "Event_err", null),
                tuple(Issue.Severity.ERROR, "BPMN_UNSUPPORTED_ELEMENT", "Activity_sub", null),
                tuple(Issue.Severity.WARNING, "BPMN_EDGE_DROPPED", null, "Flow_err"));
        assertThat(result.issues()).filteredOn(i -> i.code().equals("BPMN_UNSUPPORTED_ELEMENT")).first()
                .extracting(Issue::message).asString().contains("'Activity_sub'").contains("subProcess");
        assertThat(result.issues()).filteredOn(i -> i.code().equals("BPMN_UNKNOWN_HEADER")).first()
                .extracting(Issue::message).asString().contains("legacyFlag");
    }

    @Test
    void rejectsDocumentsThatAreNotBpmn() {
        assertThatThrownBy(() -> importer.importXml("<html><body>hello</body></html>"))
                .isInstanceOf(BpmnImportException.class).hasMessageContaining("Not a readable BPMN 2.0 document");
        assertThatThrownBy(() -> importer.importXml("not xml at all"))
                .isInstanceOf(BpmnImportException.class);
    }
}
