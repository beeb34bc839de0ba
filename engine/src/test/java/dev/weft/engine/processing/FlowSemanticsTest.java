package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.IncidentView;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.ProcessInstanceResult;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sequence flows, gateways, mappings, headers, sub-processes, scripts and multi-instance. */
class FlowSemanticsTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_flow");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void shouldApplyInputMappingsAsLocalVariablesAndOutputMappingsToTheFlowScope() {
        h.deploy(Bpmn.createExecutableProcess("io").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("io-work").zeebeTaskHeader("model", "small")
                        .zeebeInputExpression("order.amount * 2", "doubled")
                        .zeebeInput("static text", "label")
                        .zeebeOutputExpression("answer + 1", "result.value"))
                .endEvent().done());
        long pi = h.create("io", Map.of("order", Map.of("amount", 21)));
        ActivatedJob job = h.activateOne("io-work");
        assertThat(job.customHeaders()).containsEntry("model", "small");
        assertThat(job.variables()).containsEntry("doubled", 42L).containsEntry("label", "static text");
        h.complete(job, Map.of("answer", 1));
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "result")).isEqualTo(Map.of("value", 2L));
        // with output mappings, the job's own variables stay local to the task
        assertThat(await(h.engine.searchVariables(new dev.weft.engine.api.VariableFilter(pi, pi, "answer"),
                Page.DEFAULT)).items()).isEmpty();
    }

    @Test
    void shouldPropagateJobVariablesToTheNearestScopeThatHoldsThem() {
        h.deploy(Bpmn.createExecutableProcess("propagate").startEvent()
                .subProcess("sub", s -> s.zeebeInputExpression("0", "counter")).embeddedSubProcess().startEvent()
                .serviceTask("task", t -> t.zeebeJobType("propagate-work")).endEvent()
                .subProcessDone().endEvent().done());
        long pi = h.create("propagate");
        ActivatedJob job = h.activateOne("propagate-work");
        assertThat(job.variables()).containsEntry("counter", 0L);
        h.complete(job, Map.of("counter", 5, "fresh", true));
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        // "counter" existed on the sub-process scope (gone with it); "fresh" was created on the root
        assertThat(h.variable(pi, "fresh")).isEqualTo(true);
        assertThat(await(h.engine.searchVariables(new dev.weft.engine.api.VariableFilter(pi, pi, "counter"),
                Page.DEFAULT)).items()).isEmpty();
    }

    @Test
    void shouldTakeTheFirstMatchingFlowOfAnExclusiveGatewayOrItsDefault() {
        h.deploy(Bpmn.createExecutableProcess("xor").startEvent().exclusiveGateway("split")
                .conditionExpression("= amount > 100").endEvent("big")
                .moveToLastExclusiveGateway().defaultFlow().endEvent("small").done());
        long big = h.create("xor", Map.of("amount", 500));
        long small = h.create("xor", Map.of("amount", 5));
        assertThat(h.elementIntents(big, "big")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(big, "small")).isEmpty();
        assertThat(h.elementIntents(small, "small")).contains("ELEMENT_COMPLETED");
        assertThat(h.instanceState(small)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldRaiseAnIncidentWhenNoConditionMatchesAndContinueAfterResolution() {
        h.deploy(Bpmn.createExecutableProcess("xor-incident").startEvent().exclusiveGateway("split")
                .conditionExpression("= x = 1").endEvent("one")
                .moveToLastGateway().conditionExpression("= x = 2").endEvent("two").done());
        long pi = h.create("xor-incident", Map.of("x", 3));
        List<IncidentView> incidents = await(h.engine.searchIncidents(new IncidentFilter(pi, null, null, null), Page.DEFAULT)).items();
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.errorType()).isEqualTo("CONDITION_ERROR");
            assertThat(i.elementId()).isEqualTo("split");
        });
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");
        assertThat(await(h.engine.getProcessInstance(pi)).orElseThrow().hasIncident()).isTrue();

        await(h.engine.setVariables(pi, Map.of("x", 2), false));
        await(h.engine.resolveIncident(incidents.get(0).key()));
        assertThat(h.elementIntents(pi, "two")).contains("ELEMENT_COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldForkAndJoinParallelBranches() {
        h.deploy(Bpmn.createExecutableProcess("and").startEvent().parallelGateway("fork")
                .serviceTask("a", t -> t.zeebeJobType("and-a")).parallelGateway("join").endEvent("end")
                .moveToNode("fork").serviceTask("b", t -> t.zeebeJobType("and-b")).connectTo("join").done());
        long pi = h.create("and");
        h.complete(h.activateOne("and-a"), Map.of("a", 1));
        assertThat(h.elementIntents(pi, "join")).isEmpty();
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");
        h.complete(h.activateOne("and-b"), Map.of("b", 2));
        assertThat(h.elementIntents(pi, "join")).containsExactly("ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED",
                "ELEMENT_COMPLETING", "ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "end")).contains("ELEMENT_COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldJoinOnlyTheBranchesAnInclusiveGatewayTook() {
        h.deploy(Bpmn.createExecutableProcess("or").startEvent().inclusiveGateway("fork")
                .conditionExpression("= a").serviceTask("ta", t -> t.zeebeJobType("or-a")).inclusiveGateway("join").endEvent("end")
                .moveToNode("fork").conditionExpression("= b").serviceTask("tb", t -> t.zeebeJobType("or-b")).connectTo("join")
                .done());
        long pi = h.create("or", Map.of("a", true, "b", false));
        h.complete(h.activateOne("or-a"), Map.of());
        assertThat(h.elementIntents(pi, "join")).contains("ELEMENT_COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldEvaluateScriptTasksAndReturnTheResultToCreateWithResult() {
        h.deploy(Bpmn.createExecutableProcess("script").startEvent()
                .scriptTask("calc", s -> s.zeebeExpression("x * 10").zeebeResultVariable("y")).endEvent().done());
        ProcessInstanceResult r = await(h.engine.createProcessInstanceWithResult(
                CreateInstanceCommand.latest("script", Map.of("x", 4)), List.of(), Duration.ofSeconds(10)));
        assertThat(r.variables()).containsEntry("y", 40L).containsEntry("x", 4L);
    }

    @Test
    void shouldCompleteCreateWithResultWhenAWorkerFinishesLater() {
        h.deploy(Bpmn.createExecutableProcess("with-result").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("with-result-work")).endEvent().done());
        var future = h.engine.createProcessInstanceWithResult(CreateInstanceCommand.latest("with-result", Map.of()),
                List.of("out"), Duration.ofSeconds(20));
        h.complete(h.activateOne("with-result-work"), Map.of("out", "done", "other", 1));
        assertThat(await(future).variables()).containsExactly(Map.entry("out", "done"));
    }

    @Test
    void shouldRunParallelMultiInstanceAndCollectOutputsInOrder() {
        h.deploy(Bpmn.createExecutableProcess("mi").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("mi-work").multiInstance(m -> m.parallel()
                        .zeebeInputCollectionExpression("items").zeebeInputElement("item")
                        .zeebeOutputCollection("results").zeebeOutputElementExpression("item * 10 + loopCounter")))
                .endEvent().done());
        long pi = h.create("mi", Map.of("items", List.of(1, 2, 3)));
        List<ActivatedJob> jobs = h.activate("mi-work", 10);
        assertThat(jobs).hasSize(3);
        assertThat(jobs).extracting(j -> j.variables().get("item")).containsExactlyInAnyOrder(1L, 2L, 3L);
        for (int i = jobs.size() - 1; i >= 0; i--) {
            h.complete(jobs.get(i), Map.of());
        }
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "results")).isEqualTo(List.of(11L, 22L, 33L));
    }

    @Test
    void shouldRunSequentialMultiInstanceOneAfterAnotherUntilTheCompletionCondition() {
        h.deploy(Bpmn.createExecutableProcess("mi-seq").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("mi-seq-work").multiInstance(m -> m.sequential()
                        .zeebeInputCollectionExpression("[\"a\",\"b\",\"c\"]").zeebeInputElement("letter")
                        .completionCondition("= numberOfCompletedInstances >= 2")))
                .endEvent().done());
        long pi = h.create("mi-seq");
        ActivatedJob first = h.activateOne("mi-seq-work");
        assertThat(first.variables()).containsEntry("letter", "a").containsEntry("loopCounter", 1L);
        assertThat(h.activate("mi-seq-work", 5)).isEmpty();
        h.complete(first, Map.of());
        ActivatedJob second = h.activateOne("mi-seq-work");
        assertThat(second.variables()).containsEntry("letter", "b");
        h.complete(second, Map.of());
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldCompleteAnEmptyMultiInstanceAtOnce() {
        h.deploy(Bpmn.createExecutableProcess("mi-empty").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("mi-empty-work").multiInstance(m -> m.parallel()
                        .zeebeInputCollectionExpression("[]")))
                .endEvent().done());
        long pi = h.create("mi-empty");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldEndEverythingAtATerminateEndEvent() {
        h.deploy(Bpmn.createExecutableProcess("terminate").startEvent().parallelGateway("fork")
                .serviceTask("wait", t -> t.zeebeJobType("terminate-wait")).endEvent()
                .moveToNode("fork").endEvent("kill", e -> e.terminate()).done());
        long pi = h.create("terminate");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.elementIntents(pi, "wait")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.activate("terminate-wait", 5)).isEmpty();
    }

    @Test
    void shouldPassThroughManualAndUndefinedTasks() {
        h.deploy(Bpmn.createExecutableProcess("pass").startEvent().manualTask("m").task("t").endEvent().done());
        assertThat(h.instanceState(h.create("pass"))).isEqualTo("COMPLETED");
    }

    @Test
    void shouldCancelAnInstanceAndItsJobs() {
        h.deploy(Bpmn.createExecutableProcess("cancel").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("cancel-work")).endEvent().done());
        long pi = h.create("cancel");
        await(h.engine.cancelProcessInstance(pi));
        assertThat(h.instanceState(pi)).isEqualTo("TERMINATED");
        assertThat(h.activate("cancel-work", 5)).isEmpty();
        EngineHarness.assertRejected(h.engine.cancelProcessInstance(pi), dev.weft.engine.api.RejectionType.NOT_FOUND,
                "Expected to cancel a process instance with key '" + pi + "', but no such process was found");
    }

    @Test
    void shouldRaiseAnIncidentForAFailingInputMappingAndRetryTheActivationOnResolution() {
        h.deploy(Bpmn.createExecutableProcess("io-incident").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("io-incident-work").zeebeInputExpression("assert(limit, limit != null)", "max"))
                .endEvent().done());
        long pi = h.create("io-incident");
        var incident = await(h.engine.searchIncidents(new IncidentFilter(pi, null, null, null), Page.DEFAULT)).items();
        assertThat(incident).singleElement().satisfies(i -> {
            assertThat(i.errorType()).isEqualTo("IO_MAPPING_ERROR");
            assertThat(i.elementId()).isEqualTo("task");
        });
        await(h.engine.setVariables(pi, Map.of("limit", 7), false));
        await(h.engine.resolveIncident(incident.get(0).key()));
        ActivatedJob job = h.activateOne("io-incident-work");
        assertThat(job.variables()).containsEntry("max", 7L);
    }

    @Test
    void shouldStartAnInstanceAtTheGivenElements() {
        h.deploy(Bpmn.createExecutableProcess("start-at").startEvent()
                .serviceTask("first", t -> t.zeebeJobType("start-at-first"))
                .serviceTask("second", t -> t.zeebeJobType("start-at-second")).endEvent().done());
        long pi = await(h.engine.createProcessInstance(new CreateInstanceCommand("start-at", -1, -1, Map.of("x", 1),
                List.of("second"), null))).processInstanceKey();
        assertThat(h.activate("start-at-first", 5)).isEmpty();
        h.complete(h.activateOne("start-at-second"), Map.of());
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        EngineHarness.assertRejected(h.engine.createProcessInstance(new CreateInstanceCommand("start-at", -1, -1,
                Map.of(), List.of("nope"), null)), dev.weft.engine.api.RejectionType.INVALID_ARGUMENT, "'nope'");
    }
}
