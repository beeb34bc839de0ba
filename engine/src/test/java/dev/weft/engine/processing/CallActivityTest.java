package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.ProcessInstanceFilter;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Call activities (variables both ways, errors, cancellation) and ad-hoc sub-processes. */
class CallActivityTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_call");
        h.deploy(Bpmn.createExecutableProcess("child").startEvent()
                .serviceTask("child-task", t -> t.zeebeJobType("child-work")).endEvent().done());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void shouldRunTheCalledProcessWithTheParentsVariablesAndReturnItsVariables() {
        h.deploy(Bpmn.createExecutableProcess("parent").startEvent()
                .callActivity("call", c -> c.zeebeProcessId("child")).endEvent().done());
        long pi = h.create("parent", Map.of("question", "why?"));
        ActivatedJob job = h.activateOne("child-work");
        assertThat(job.processInstanceKey()).isNotEqualTo(pi);
        assertThat(job.variables()).containsEntry("question", "why?");
        var child = await(h.engine.getProcessInstance(job.processInstanceKey())).orElseThrow();
        assertThat(child.parentProcessInstanceKey()).isEqualTo(pi);
        h.complete(job, Map.of("answer", "because"));
        assertThat(h.instanceState(job.processInstanceKey())).isEqualTo("COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "answer")).isEqualTo("because");
    }

    @Test
    void shouldCatchAnErrorOfTheCalledProcessAtTheCallActivity() {
        h.deploy(Bpmn.createExecutableProcess("parent-error").startEvent()
                .callActivity("call", c -> c.zeebeProcessId("child"))
                .boundaryEvent("failed", b -> b.error("CHILD_FAILED")).endEvent("failed-end")
                .moveToActivity("call").endEvent().done());
        long pi = h.create("parent-error");
        ActivatedJob job = h.activateOne("child-work");
        await(h.engine.throwError(job.key(), "CHILD_FAILED", "no", Map.of()));
        assertThat(h.elementIntents(pi, "failed-end")).contains("ELEMENT_COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.instanceState(job.processInstanceKey())).isEqualTo("TERMINATED");
    }

    @Test
    void shouldCancelTheCalledInstanceWithItsParentAndRefuseToCancelTheChildAlone() {
        h.deploy(Bpmn.createExecutableProcess("parent-cancel").startEvent()
                .callActivity("call", c -> c.zeebeProcessId("child")).endEvent().done());
        long pi = h.create("parent-cancel");
        long child = await(h.engine.searchProcessInstances(new ProcessInstanceFilter(null, -1, null, pi), Page.DEFAULT))
                .items().get(0).key();
        EngineHarness.assertRejected(h.engine.cancelProcessInstance(child),
                dev.weft.engine.api.RejectionType.INVALID_STATE, "Cancel the root process instance");
        await(h.engine.cancelProcessInstance(pi));
        assertThat(h.instanceState(child)).isEqualTo("TERMINATED");
    }

    @Test
    void shouldActivateTheElementsAnAdHocSubProcessIsToldToRun() {
        h.deploy(Bpmn.createExecutableProcess("agent").startEvent()
                .adHocSubProcess("tools", a -> {
                    a.zeebeActiveElementsCollectionExpression("chosen");
                    a.serviceTask("search", t -> t.zeebeJobType("agent-search"));
                    a.serviceTask("calc", t -> t.zeebeJobType("agent-calc"));
                    a.serviceTask("unused", t -> t.zeebeJobType("agent-unused"));
                })
                .endEvent().done());
        long pi = h.create("agent", Map.of("chosen", List.of("search", "calc")));
        h.complete(h.activateOne("agent-search"), Map.of("found", 3));
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");
        h.complete(h.activateOne("agent-calc"), Map.of());
        assertThat(h.activate("agent-unused", 5)).isEmpty();
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "found")).isEqualTo(3L);
    }
}
