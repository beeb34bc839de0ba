package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.ElementInstanceView;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.VariableFilter;
import dev.weft.engine.api.VariableView;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.MultiInstanceLoopCharacteristicsBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3: a variable created and then changed again within one batch (a multi-instance output collection filled
 * by children that all complete in the same command, a variable set twice, a loop counter) must be written as one
 * row per scope and name. Driven through the real Camunda client over gRPC against a real database.
 */
class VariablesWrittenTwiceInABatchTest {

    private static final List<Integer> ITEMS = List.of(1, 2, 3, 4, 5);

    private static GrpcEngine grpc;
    private static Engine engine;
    private static CamundaClient client;

    @BeforeAll
    static void start() {
        grpc = GrpcEngine.start("variables_twice");
        engine = grpc.engine;
        client = grpc.client;
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.close();
        }
    }

    @Test
    void aParallelSubProcessOfScriptTasksCollectsEveryOutputWhenItAllCompletesInOneCommand() {
        deploy(Bpmn.createExecutableProcess("mi-script").startEvent()
                .subProcess("each", s -> s.multiInstance(parallel("doubled")))
                .embeddedSubProcess().startEvent()
                .scriptTask("double", t -> t.zeebeExpression("item * 2").zeebeResultVariable("doubled"))
                .endEvent().subProcessDone()
                .endEvent().done());
        ProcessInstanceResult result = runToEnd("mi-script");
        assertThat(result.getVariablesAsMap()).containsEntry("results", List.of(2, 4, 6, 8, 10));
        assertEveryInnerInstanceCompletedInsideTheBody(result.getProcessInstanceKey(), "[2,4,6,8,10]");
    }

    @Test
    void aParallelSubProcessOfPassThroughElementsCollectsEveryOutputInOneCommand() {
        deploy(Bpmn.createExecutableProcess("mi-pass").startEvent()
                .subProcess("each", s -> s.multiInstance(parallel("item * 10 + loopCounter")))
                .embeddedSubProcess().startEvent().exclusiveGateway().parallelGateway().endEvent().subProcessDone()
                .endEvent().done());
        ProcessInstanceResult result = runToEnd("mi-pass");
        assertThat(result.getVariablesAsMap()).containsEntry("results", List.of(11, 22, 33, 44, 55));
        assertEveryInnerInstanceCompletedInsideTheBody(result.getProcessInstanceKey(), "[11,22,33,44,55]");
    }

    @Test
    void aParallelSubProcessOfServiceTasksCollectsEveryOutputWhenAWorkerCompletesThemQuickly() {
        deploy(Bpmn.createExecutableProcess("mi-jobs").startEvent()
                .subProcess("each", s -> s.multiInstance(parallel("answer")))
                .embeddedSubProcess().startEvent()
                .serviceTask("work", t -> t.zeebeJobType("mi-jobs-work").zeebeOutputExpression("answer", "answer"))
                .endEvent().subProcessDone()
                .endEvent().done());
        try (JobWorker worker = client.newWorker().jobType("mi-jobs-work").handler((jobClient, job) -> {
            int item = (Integer) job.getVariablesAsMap().get("item");
            jobClient.newCompleteCommand(job.getKey()).variables(Map.of("answer", item + 100)).send().join();
        }).maxJobsActive(10).pollInterval(Duration.ofMillis(50)).open()) {
            ProcessInstanceResult result = runToEnd("mi-jobs");
            assertThat(result.getVariablesAsMap()).containsEntry("results", List.of(101, 102, 103, 104, 105));
            assertEveryInnerInstanceCompletedInsideTheBody(result.getProcessInstanceKey(), "[101,102,103,104,105]");
        }
    }

    @Test
    void aSequentialSubProcessCollectsEveryOutputAndCountsItsLoopInOneCommand() {
        deploy(Bpmn.createExecutableProcess("mi-seq").startEvent()
                .subProcess("each", s -> s.multiInstance(m -> m.sequential().zeebeInputCollectionExpression("items")
                        .zeebeInputElement("item").zeebeOutputCollection("results")
                        .zeebeOutputElementExpression("loopCounter * 100 + item")))
                .embeddedSubProcess().startEvent().endEvent().subProcessDone()
                .endEvent().done());
        ProcessInstanceResult result = runToEnd("mi-seq");
        assertThat(result.getVariablesAsMap()).containsEntry("results", List.of(101, 202, 303, 404, 505));
        assertEveryInnerInstanceCompletedInsideTheBody(result.getProcessInstanceKey(), "[101,202,303,404,505]");
    }

    @Test
    void aVariableSetSeveralTimesInOneCommandEndsWithItsLastValue() {
        // Each script task creates or updates "total" on the root scope, all within the creating command.
        deploy(Bpmn.createExecutableProcess("set-twice").startEvent()
                .scriptTask("first", t -> t.zeebeExpression("1").zeebeResultVariable("total"))
                .scriptTask("second", t -> t.zeebeExpression("total + 1").zeebeResultVariable("total"))
                .scriptTask("third", t -> t.zeebeExpression("total + 1").zeebeResultVariable("total"))
                .endEvent().done());
        ProcessInstanceResult result = client.newCreateInstanceCommand().bpmnProcessId("set-twice").latestVersion()
                .withResult().requestTimeout(Duration.ofSeconds(30)).send().join();
        assertThat(result.getVariablesAsMap()).containsEntry("total", 3);
        assertThat(variables(result.getProcessInstanceKey())).filteredOn(v -> v.name().equals("total"))
                .singleElement().satisfies(v -> assertThat(v.value()).isEqualTo("3"));
    }

    @Test
    void aCompletionConditionMetByAnInstantInnerInstanceEndsTheOnesNotYetStarted() {
        deploy(Bpmn.createExecutableProcess("mi-early").startEvent()
                .subProcess("each", s -> s.multiInstance(m -> m.parallel().zeebeInputCollectionExpression("items")
                        .zeebeInputElement("item").zeebeOutputCollection("results")
                        .zeebeOutputElementExpression("item * 10 + loopCounter")
                        .completionCondition("= numberOfCompletedInstances >= 2")))
                .embeddedSubProcess().startEvent().endEvent().subProcessDone()
                .endEvent().done());
        ProcessInstanceResult result = runToEnd("mi-early");
        assertThat(result.getVariablesAsMap()).containsEntry("results", java.util.Arrays.asList(11, 22, null, null, null));
        List<ElementInstanceView> inner = innerInstances(result.getProcessInstanceKey());
        assertThat(inner).extracting(ElementInstanceView::state)
                .containsExactly("COMPLETED", "COMPLETED", "TERMINATED", "TERMINATED", "TERMINATED");
    }

    private static Consumer<MultiInstanceLoopCharacteristicsBuilder> parallel(String outputElement) {
        return m -> m.parallel().zeebeInputCollectionExpression("items").zeebeInputElement("item")
                .zeebeOutputCollection("results").zeebeOutputElementExpression(outputElement);
    }

    private static void deploy(BpmnModelInstance model) {
        String id = model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class).iterator().next().getId();
        client.newDeployResourceCommand().addProcessModel(model, id + ".bpmn").send().join();
    }

    private static ProcessInstanceResult runToEnd(String processId) {
        return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                .variables(Map.of("items", ITEMS)).withResult().requestTimeout(Duration.ofSeconds(30)).send().join();
    }

    private static List<VariableView> variables(long instance) {
        return engine.searchVariables(new VariableFilter(instance, -1, null), new Page(0, 1000)).join().items();
    }

    /** The inner instances of the multi-instance body "each", in creation order. */
    private static List<ElementInstanceView> innerInstances(long instance) {
        List<ElementInstanceView> each = engine.searchElementInstances(instance, new Page(0, 1000)).join().items()
                .stream().filter(e -> e.elementId().equals("each")).toList();
        List<ElementInstanceView> bodies = each.stream().filter(e -> e.elementType().equals("MULTI_INSTANCE_BODY")).toList();
        assertThat(bodies).hasSize(1);
        ElementInstanceView body = bodies.getFirst();
        assertThat(body.state()).isEqualTo("COMPLETED");
        return each.stream().filter(e -> e.flowScopeKey() == body.key()).toList();
    }

    /**
     * Each item ran in its own inner instance that completed while the body was still active (none orphaned by an
     * early end of the body), and the body's own output collection row holds every output.
     */
    private static void assertEveryInnerInstanceCompletedInsideTheBody(long instance, String collection) {
        List<ElementInstanceView> inner = innerInstances(instance);
        assertThat(inner).extracting(ElementInstanceView::state).containsExactly(
                "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED");
        long bodyKey = inner.getFirst().flowScopeKey();
        assertThat(engine.searchVariables(new VariableFilter(instance, bodyKey, "results"), Page.DEFAULT).join()
                .items()).singleElement().satisfies(v -> assertThat(v.value().replace(" ", "")).isEqualTo(collection));
    }
}
