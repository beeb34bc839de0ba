package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.Page;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BPMN errors: thrown by workers or error end events, caught by code or catch-all, or left as incidents. */
class ErrorEventTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_errors");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void shouldCatchAThrownErrorWithABoundaryEventOfTheSameCode() {
        h.deploy(Bpmn.createExecutableProcess("boundary").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("boundary-work"))
                .boundaryEvent("other", b -> b.error("OTHER")).endEvent("other-end")
                .moveToActivity("task").boundaryEvent("caught", b -> b.error("NO_MODEL")).endEvent("error-end")
                .moveToActivity("task").endEvent("normal-end").done());
        long pi = h.create("boundary");
        ActivatedJob job = h.activateOne("boundary-work");
        await(h.engine.throwError(job.key(), "NO_MODEL", "no healthy model", Map.of("reason", "quota")));
        assertThat(h.elementIntents(pi, "task")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.elementIntents(pi, "caught")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "error-end")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "other-end")).isEmpty();
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "reason")).isEqualTo("quota");
    }

    @Test
    void shouldCatchAnyErrorWithACatchAllBoundary() {
        h.deploy(Bpmn.createExecutableProcess("catch-all").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("catch-all-work"))
                .boundaryEvent("any").error().endEvent("any-end")
                .moveToActivity("task").endEvent().done());
        long pi = h.create("catch-all");
        await(h.engine.throwError(h.activateOne("catch-all-work").key(), "WHATEVER", "", Map.of()));
        assertThat(h.elementIntents(pi, "any-end")).contains("ELEMENT_COMPLETED");
    }

    @Test
    void shouldCatchAnErrorEndEventInAnEventSubProcessOfTheProcess() {
        h.deploy(Bpmn.createExecutableProcess("esp").eventSubProcess("handler", s -> s.startEvent("handler-start")
                        .error("FAILED").endEvent("handled"))
                .startEvent().subProcess("sub").embeddedSubProcess().startEvent()
                .endEvent("throw", e -> e.error("FAILED")).subProcessDone().endEvent("never").done());
        long pi = h.create("esp");
        assertThat(h.elementIntents(pi, "handled")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "never")).isEmpty();
        assertThat(h.elementIntents(pi, "sub")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldRaiseAnIncidentForAnUncaughtError() {
        h.deploy(Bpmn.createExecutableProcess("uncaught").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("uncaught-work")).endEvent().done());
        long pi = h.create("uncaught");
        ActivatedJob job = h.activateOne("uncaught-work");
        await(h.engine.throwError(job.key(), "NOPE", "not handled", Map.of()));
        var incidents = await(h.engine.searchIncidents(new IncidentFilter(pi, null, null, null), Page.DEFAULT)).items();
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.errorType()).isEqualTo("UNHANDLED_ERROR_EVENT");
            assertThat(i.errorMessage()).contains("'NOPE'").contains("was not caught");
            assertThat(i.jobKey()).isEqualTo(job.key());
        });
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");
    }
}
