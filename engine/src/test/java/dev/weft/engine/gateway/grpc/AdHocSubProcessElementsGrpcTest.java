package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.engine.testing.EngineHarness;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.AdHocSubProcessBuilder;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code adHocSubProcessElements} variable Zeebe 8.8 creates on every ad-hoc sub-process (an AI agent worker
 * builds its tool definitions from it), seen through the real Camunda client over gRPC, and {@code fromAi(...)}
 * evaluating to its value when a tool runs.
 */
class AdHocSubProcessElementsGrpcTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static EngineHarness h;
    static GrpcEngine grpc;
    static CamundaClient client;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_adhoc_elements_grpc");
        grpc = GrpcEngine.on(h);
        client = grpc.client;
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.close();
        }
    }

    /** The tools: "search" (named, documented, a property, a fromAi input), "weather" (bare), "summary" after search. */
    private static Consumer<AdHocSubProcessBuilder> tools(String processId) {
        return a -> {
            a.serviceTask("search", t -> t.name("Search the web").zeebeJobType(processId + "-search").zeebeProperty("category", "web")
                    .zeebeInput("=fromAi(toolCall.query, \"the search query\", \"string\")", "query")
                    .zeebeInput("=fromAi(value: toolCall.limit, type: \"integer\", options: {optional: true})", "limit")
                    .documentation("Finds pages about a query"))
                    .serviceTask("summary", t -> t.zeebeJobType(processId + "-summary"));
            a.serviceTask("weather", t -> t.zeebeJobType(processId + "-weather"));
        };
    }

    private static final List<Map<String, Object>> EXPECTED = List.of(
            Map.of("elementId", "search", "elementName", "Search the web", "documentation", "Finds pages about a query",
                    "properties", Map.of("category", "web"),
                    "parameters", List.of(
                            Map.of("name", "query", "description", "the search query", "type", "string"),
                            Map.of("name", "limit", "type", "integer", "options", Map.of("optional", true)))),
            Map.of("elementId", "weather", "elementName", "weather")); // the model builder names it by its id

    private ActivatedJob activateOne(String type) {
        return await().atMost(PATIENCE).until(() -> client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1)
                        .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(1)).send().join().getJobs(),
                jobs -> !jobs.isEmpty()).getFirst();
    }

    private void deploy(BpmnModelInstance model, String processId) {
        client.newDeployResourceCommand().addProcessModel(model, processId + ".bpmn").send().join();
    }

    @Test
    void theAgentJobSeesTheActivatableElementsWithTheirFromAiParametersAndToolsGetTheCallArguments() {
        String id = "ahe-worker";
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .adHocSubProcess("agent", a -> {
                    a.zeebeJobType(id + "-agent");
                    tools(id).accept(a);
                })
                .endEvent().done(), id);
        client.newCreateInstanceCommand().bpmnProcessId(id).latestVersion().send().join();

        ActivatedJob agent = activateOne(id + "-agent");
        assertThat(agent.getVariablesAsMap().get("adHocSubProcessElements")).isEqualTo(EXPECTED);

        client.newCompleteCommand(agent)
                .withResult(r -> r.forAdHocSubProcess().activateElement("search")
                        .variables(Map.of("toolCall", Map.of("query", "Oslo rain", "limit", 3))))
                .send().join();
        ActivatedJob search = activateOne(id + "-search");
        assertThat(search.getVariablesAsMap()).containsEntry("query", "Oslo rain").containsEntry("limit", 3);
    }

    @Test
    void anActiveElementsCollectionSubProcessHasTheVariableToo() {
        String id = "ahe-collection";
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .adHocSubProcess("tools", a -> {
                    a.zeebeActiveElementsCollectionExpression("[\"search\"]");
                    tools(id).accept(a);
                })
                .endEvent().done(), id);
        client.newCreateInstanceCommand().bpmnProcessId(id).latestVersion()
                .variables(Map.of("toolCall", Map.of("query", "fjords"))).send().join();

        ActivatedJob search = activateOne(id + "-search");
        assertThat(search.getVariablesAsMap()).containsEntry("adHocSubProcessElements", EXPECTED)
                .containsEntry("query", "fjords").containsEntry("limit", null);
    }

    @Test
    void aFromAiCallWithoutAReferenceFailsTheDeploymentNamingTheElement() {
        String id = "ahe-bad";
        BpmnModelInstance model = Bpmn.createExecutableProcess(id).startEvent()
                .adHocSubProcess("agent", a -> {
                    a.zeebeJobType(id + "-agent");
                    a.serviceTask("lookup", t -> t.zeebeJobType(id + "-lookup")
                            .zeebeInput("=fromAi(\"toolCall.query\", \"the query\")", "query"));
                })
                .endEvent().done();
        assertThatThrownBy(() -> deploy(model, id)).isInstanceOfSatisfying(ClientStatusException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("lookup", "fromAi()", "'value'", "reference");
        });
    }
}
