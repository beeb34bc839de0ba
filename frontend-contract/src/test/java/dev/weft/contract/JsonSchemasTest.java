package dev.weft.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.weft.designer.bpmn.BpmnImporter;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.catalog.NodeType;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.validation.FeelChecker;
import dev.weft.designer.validation.GraphValidator;
import dev.weft.designer.validation.Issue;
import dev.weft.templates.WeftTemplates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON Schemas for frontend developers accept the examples and what the code produces, and reject bad payloads. */
class JsonSchemasTest {

    private final NodeCatalog catalog = NodeCatalog.load(Schemas.JSON);

    @Test
    void runEventExamplesFollowTheSchemaAndBrokenOnesDoNot() {
        JsonSchema schema = Schemas.schema("run-events.schema.json");
        for (JsonNode event : Schemas.resource("examples/run-events.json")) {
            assertThat(Schemas.validate(schema, event)).as(event.toString()).isEmpty();
        }
        for (JsonNode event : Schemas.resource("examples/run-events-invalid.json")) {
            assertThat(Schemas.validate(schema, event)).as(event.toString()).isNotEmpty();
        }
    }

    @Test
    void everyRunEventKindHasAnExample() {
        List<String> kinds = new java.util.ArrayList<>();
        Schemas.resource("examples/run-events.json").forEach(e -> kinds.add(e.path("event").asText()));
        assertThat(kinds).contains("node_started", "node_finished", "node_token", "run_finished");
    }

    @Test
    void rerunRequestExamplesFollowTheSchemaAndBrokenOnesDoNot() throws IOException {
        JsonSchema schema = Schemas.schema("rerun-request.schema.json");
        for (JsonNode request : Schemas.resource("examples/rerun-request.json")) {
            assertThat(Schemas.validate(schema, request)).as(request.toString()).isEmpty();
            // What the server reads from it.
            Schemas.JSON.treeToValue(request, dev.weft.designer.run.TestRunRequests.Rerun.class);
        }
        for (JsonNode request : Schemas.resource("examples/rerun-request-invalid.json")) {
            assertThat(Schemas.validate(schema, request)).as(request.toString()).isNotEmpty();
        }
    }

    @Test
    void theGraphExampleAndTheGraphOfEveryPipelineTemplateFollowTheGraphSchema() throws IOException {
        JsonSchema schema = Schemas.schema("graph.schema.json");
        assertThat(Schemas.validate(schema, Schemas.resource("examples/graph.json"))).isEmpty();
        BpmnImporter importer = new BpmnImporter(catalog, Schemas.JSON);
        for (String resource : WeftTemplates.pipelines()) {
            try (InputStream in = WeftTemplates.open(resource)) {
                FlowGraph g = importer.importXml(new String(in.readAllBytes(), StandardCharsets.UTF_8)).graph();
                assertThat(Schemas.validate(schema, Schemas.JSON.valueToTree(g))).as(resource).isEmpty();
            }
        }
        assertThat(Schemas.validate(schema, Schemas.resource("examples/graph-invalid.json")))
                .extracting(m -> m.getInstanceLocation().toString())
                .contains("$.formatVersion", "$.nodes[0].id", "$.nodes[0].errorPolicy.onError", "$.edges[0]");
    }

    @Test
    void everyNodeTypeHasASettingsExampleThatItsCatalogSchemaAccepts() {
        JsonNode examples = Schemas.resource("examples/node-settings.json");
        for (NodeType t : catalog.all()) {
            assertThat(examples.has(t.type())).as("example for " + t.type()).isTrue();
            JsonSchema schema = Schemas.schema(t.settingsSchema());
            assertThat(Schemas.validate(schema, examples.get(t.type()))).as(t.type()).isEmpty();
        }
    }

    @Test
    void catalogSchemasRejectBadSettings() {
        JsonNode bad = Schemas.resource("examples/node-settings-invalid.json");
        bad.fieldNames().forEachRemaining(type -> {
            JsonSchema schema = Schemas.schema(catalog.find(type).orElseThrow().settingsSchema());
            assertThat(Schemas.validate(schema, bad.get(type))).as(type).isNotEmpty();
        });
    }

    @Test
    void validationIssuesFollowTheIssueSchema() throws IOException {
        JsonSchema schema = Schemas.schema("issue.schema.json");
        FlowGraph broken = Schemas.JSON.readValue("""
                {"formatVersion": 1, "nodes": [{"id": "start", "type": "start"}, {"id": "x", "type": "retrieve"},
                 {"id": "y", "type": "script", "settings": {"expression": "=1 +"}}],
                 "edges": [{"id": "a", "source": "start", "target": "x"}, {"id": "b", "source": "x", "target": "nowhere"}]}
                """, FlowGraph.class);
        List<Issue> issues = new GraphValidator(catalog, new FeelChecker()).validate(broken);
        assertThat(issues).hasSizeGreaterThan(3);
        for (Issue i : issues) {
            assertThat(Schemas.validate(schema, Schemas.JSON.valueToTree(i))).as(i.toString()).isEmpty();
        }
    }
}
