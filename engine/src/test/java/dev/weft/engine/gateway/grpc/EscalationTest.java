package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.Page;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Escalation events as Zeebe documents them, driven by the Camunda client over gRPC: thrown by intermediate throw
 * and end events, caught by boundary events of sub-processes and call activities and by event sub-process starts
 * (by code or catch-all, interrupting or not); an escalation nobody catches is not an incident.
 */
class EscalationTest {

    static EngineHarness h;
    static GrpcEngine grpc;
    static CamundaClient client;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_escalation");
        grpc = GrpcEngine.on(h);
        client = grpc.client;
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.close();
        }
    }

    private static void deploy(BpmnModelInstance model) {
        client.newDeployResourceCommand().addProcessModel(model, "escalation.bpmn").send().join();
    }

    private static long create(String processId, Map<String, Object> variables) {
        return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
    }

    private static ActivatedJob activateOne(String type) {
        List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1)
                .requestTimeout(Duration.ofSeconds(10)).send().join().getJobs();
        assertThat(jobs).as("activated jobs of type '%s'", type).hasSize(1);
        return jobs.getFirst();
    }

    private static List<String> jobIntents(String type) {
        try (var c = h.dataSource.getConnection(); var ps = c.prepareStatement("SELECT intent FROM engine.record "
                + "WHERE value_type = 'JOB' AND record_type = 'EVENT' AND value::jsonb->>'type' = ? ORDER BY position")) {
            ps.setString(1, type);
            List<String> out = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void noIncidents(long pi) {
        assertThat(EngineHarness.await(h.engine.searchIncidents(new IncidentFilter(pi, null, null, null), Page.DEFAULT))
                .items()).isEmpty();
    }

    @Test
    void anInterruptingBoundaryEventCatchesTheEscalationByCodeAndTheThrowerGoesNoFurther() {
        deploy(Bpmn.createExecutableProcess("esc-boundary").startEvent()
                .subProcess("sub").embeddedSubProcess().startEvent()
                .intermediateThrowEvent("throw", e -> e.escalation("LATE"))
                .serviceTask("after-throw", t -> t.zeebeJobType("esc-after-throw")).endEvent()
                .subProcessDone()
                .boundaryEvent("other", b -> b.escalation("OTHER")).endEvent("other-end")
                .moveToActivity("sub").boundaryEvent("caught", b -> b.escalation("LATE")).endEvent("escalated-end")
                .moveToActivity("sub").endEvent("normal-end").done());
        long pi = create("esc-boundary", Map.of());

        assertThat(h.elementIntents(pi, "caught")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "escalated-end")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "sub")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.elementIntents(pi, "throw")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.elementIntents(pi, "after-throw")).isEmpty();
        assertThat(h.elementIntents(pi, "other-end")).isEmpty();
        assertThat(h.elementIntents(pi, "normal-end")).isEmpty();
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void aNonInterruptingCatchAllBoundaryEventRunsBesideTheThrowerWhichContinues() {
        deploy(Bpmn.createExecutableProcess("esc-non-interrupting").startEvent()
                .subProcess("sub").embeddedSubProcess().startEvent()
                .intermediateThrowEvent("throw", e -> e.escalation("ANY_CODE"))
                .serviceTask("after-throw", t -> t.zeebeJobType("esc-continue")).endEvent()
                .subProcessDone()
                .boundaryEvent("any", b -> b.escalation().cancelActivity(false)).endEvent("notified")
                .moveToActivity("sub").endEvent("normal-end").done());
        long pi = create("esc-non-interrupting", Map.of());

        assertThat(h.elementIntents(pi, "any")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "notified")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "throw")).endsWith("ELEMENT_COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");

        ActivatedJob job = activateOne("esc-continue");
        client.newCompleteCommand(job.getKey()).send().join();
        assertThat(h.elementIntents(pi, "sub")).endsWith("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "normal-end")).contains("ELEMENT_COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void anUncaughtEscalationEndEventCompletesWithoutAnIncident() {
        deploy(Bpmn.createExecutableProcess("esc-uncaught").startEvent()
                .subProcess("sub").embeddedSubProcess().startEvent()
                .endEvent("throw", e -> e.escalation("NOBODY_LISTENS"))
                .subProcessDone()
                .boundaryEvent("other", b -> b.escalation("SOMETHING_ELSE")).endEvent("other-end")
                .moveToActivity("sub").endEvent("normal-end").done());
        long pi = create("esc-uncaught", Map.of());

        assertThat(h.elementIntents(pi, "throw")).endsWith("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "normal-end")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "other-end")).isEmpty();
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        noIncidents(pi);
    }

    @Test
    void anInterruptingEventSubProcessCatchesAnEscalationEndEventAndEndsTheScope() {
        deploy(Bpmn.createExecutableProcess("esc-esp").eventSubProcess("handler", s -> s.startEvent("handler-start")
                        .escalation("QUOTA").endEvent("handled"))
                .startEvent()
                .parallelGateway("fork")
                .serviceTask("slow", t -> t.zeebeJobType("esc-esp-slow")).endEvent("slow-end")
                .moveToNode("fork")
                .subProcess("sub").embeddedSubProcess().startEvent()
                .endEvent("throw", e -> e.escalation("QUOTA")).subProcessDone().endEvent("never").done());
        long pi = create("esc-esp", Map.of());

        assertThat(h.elementIntents(pi, "handled")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "slow")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.elementIntents(pi, "sub")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.elementIntents(pi, "never")).isEmpty();
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void aNonInterruptingEventSubProcessRunsWhileTheMainFlowGoesOn() {
        deploy(Bpmn.createExecutableProcess("esc-esp-non-interrupting")
                .eventSubProcess("handler", s -> s.startEvent("handler-start").interrupting(false)
                        .escalation().serviceTask("notify", t -> t.zeebeJobType("esc-notify")).endEvent("handled"))
                .startEvent()
                .intermediateThrowEvent("throw", e -> e.escalation("=\"LEVEL_\" + string(level)"))
                .serviceTask("work", t -> t.zeebeJobType("esc-main-work")).endEvent("done").done());
        long pi = create("esc-esp-non-interrupting", Map.of("level", 2));

        assertThat(h.elementIntents(pi, "handler")).contains("ELEMENT_ACTIVATED");
        assertThat(h.elementIntents(pi, "throw")).endsWith("ELEMENT_COMPLETED");
        client.newCompleteCommand(activateOne("esc-main-work").getKey()).send().join();
        assertThat(h.elementIntents(pi, "done")).contains("ELEMENT_COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE"); // the handler still runs

        client.newCompleteCommand(activateOne("esc-notify").getKey()).send().join();
        assertThat(h.elementIntents(pi, "handled")).contains("ELEMENT_COMPLETED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void anExactCodeWinsOverACatchAllInTheSameScope() {
        deploy(Bpmn.createExecutableProcess("esc-precedence").startEvent()
                .subProcess("sub").embeddedSubProcess().startEvent()
                .endEvent("throw", e -> e.escalation("EXACT")).subProcessDone()
                .boundaryEvent("catch-all", b -> b.escalation()).endEvent("catch-all-end")
                .moveToActivity("sub").boundaryEvent("exact", b -> b.escalation("EXACT")).endEvent("exact-end")
                .moveToActivity("sub").endEvent().done());
        long pi = create("esc-precedence", Map.of());
        assertThat(h.elementIntents(pi, "exact-end")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "catch-all-end")).isEmpty();
    }

    @Test
    void anEscalationFromACalledProcessIsCaughtOnTheCallActivity() {
        deploy(Bpmn.createExecutableProcess("esc-child").startEvent()
                .intermediateThrowEvent("child-throw", e -> e.escalation("NEEDS_REVIEW"))
                .serviceTask("child-work", t -> t.zeebeJobType("esc-child-work")).endEvent().done());
        deploy(Bpmn.createExecutableProcess("esc-parent").startEvent()
                .callActivity("call", c -> c.zeebeProcessId("esc-child"))
                .boundaryEvent("review", b -> b.escalation("NEEDS_REVIEW")).endEvent("reviewed")
                .moveToActivity("call").endEvent("parent-end").done());
        long pi = create("esc-parent", Map.of());

        assertThat(h.elementIntents(pi, "reviewed")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "call")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        // the interrupting catch terminated the child with its call activity: its thrower went no further
        assertThat(jobIntents("esc-child-work")).isEmpty();
    }

    @Test
    void anEscalationCodeExpressionThatFailsRaisesAnIncidentOnTheThrowEvent() {
        deploy(Bpmn.createExecutableProcess("esc-bad-code").startEvent()
                .endEvent("throw", e -> e.escalation("=missing.code")).done());
        long pi = create("esc-bad-code", Map.of());
        var incidents = EngineHarness.await(h.engine.searchIncidents(new IncidentFilter(pi, null, null, null), Page.DEFAULT)).items();
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.errorType()).isEqualTo("EXTRACT_VALUE_ERROR");
            assertThat(i.elementId()).isEqualTo("throw");
        });
    }

    @Test
    void anEscalationBoundaryEventOnATaskIsRejectedAtDeployment() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("esc-on-task").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("x"))
                .boundaryEvent("on-task", b -> b.escalation("LATE")).endEvent()
                .moveToActivity("task").endEvent().done();
        assertThatThrownBy(() -> deploy(model)).isInstanceOfSatisfying(ClientStatusException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("on-task");
        });
    }
}
