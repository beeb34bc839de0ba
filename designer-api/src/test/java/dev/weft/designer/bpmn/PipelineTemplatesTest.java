package dev.weft.designer.bpmn;

import static dev.weft.designer.TestJson.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.validation.FeelChecker;
import dev.weft.designer.validation.GraphValidator;
import dev.weft.designer.validation.Issue;
import dev.weft.templates.WeftTemplates;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.model.xml.validation.ValidationResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ready pipelines in weft-bpmn-templates are valid Zeebe BPMN and import into the designer. */
class PipelineTemplatesTest {

    private final NodeCatalog catalog = NodeCatalog.load(JSON);
    private final BpmnImporter importer = new BpmnImporter(catalog, JSON);
    private final GraphValidator validator = new GraphValidator(catalog, new FeelChecker());

    static Stream<String> pipelines() {
        return WeftTemplates.pipelines().stream();
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = WeftTemplates.open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shipsTheSevenDocumentedPipelines() {
        assertThat(WeftTemplates.pipelines()).containsExactlyInAnyOrder(
                "templates/rag-answer.bpmn", "templates/model-fallback-chain.bpmn", "templates/multi-model-vote.bpmn",
                "templates/document-ingestion.bpmn", "templates/human-review.bpmn", "templates/classify-and-route.bpmn",
                "templates/agent-loop.bpmn");
    }

    @ParameterizedTest
    @MethodSource("pipelines")
    void parsesAsZeebeBpmnWithoutValidationErrors(String resource) throws IOException {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(read(resource).getBytes(StandardCharsets.UTF_8)));
        Bpmn.validateModel(model);
        ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
        StringBuilder problems = new StringBuilder();
        results.getResults().forEach((el, list) -> list.forEach(r -> problems.append(el.getAttributeValue("id")).append(": ")
                .append(r.getMessage()).append('\n')));
        assertThat(results.hasErrors()).as(resource + "\n" + problems).isFalse();
    }

    @ParameterizedTest
    @MethodSource("pipelines")
    void importsIntoTheDesigner(String resource) throws IOException {
        ImportResult imported = importer.importXml(read(resource));
        List<Issue> graphIssues = validator.validate(imported.graph());
        assertThat(imported.issues()).as(resource).isEmpty();
        assertThat(graphIssues).as(resource).isEmpty();
        assertThat(imported.graph().nodes()).allMatch(n -> n.position() != null);
    }

    @Test
    void nodesThatContinueAfterAnErrorMeetTheirHelperInAMergeBeforeAParallelJoin() throws IOException {
        var graph = importer.importXml(read("templates/multi-model-vote.bpmn")).graph();
        BpmnModelInstance model = new BpmnGenerator(catalog, JSON).generate(graph, "vote");
        io.camunda.zeebe.model.bpmn.instance.ParallelGateway join = model.getModelElementById("join");
        // one way in per branch, so the join waits for three tokens, not six
        assertThat(join.getIncoming()).extracting(f -> f.getSource().getId())
                .containsExactlyInAnyOrder("model_a__merge", "model_b__merge", "model_c__merge");
        io.camunda.zeebe.model.bpmn.instance.FlowNode merge = model.getModelElementById("model_a__merge");
        assertThat(merge.getIncoming()).extracting(f -> f.getSource().getId())
                .containsExactlyInAnyOrder("model_a", "model_a__default");
    }
}
