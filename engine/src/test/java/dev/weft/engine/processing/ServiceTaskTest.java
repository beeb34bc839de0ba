package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.assertRejected;
import static dev.weft.engine.testing.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceTaskTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_service_task");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void shouldCompleteOneTaskProcessWhenItsJobIsCompleted() {
        h.deploy(Bpmn.createExecutableProcess("one-task").startEvent("start")
                .serviceTask("task", t -> t.zeebeJobType("one-task-work")).endEvent("end").done());
        long pi = h.create("one-task", Map.of("orderId", "o-1"));

        ActivatedJob job = h.activateOne("one-task-work");
        assertThat(job.processInstanceKey()).isEqualTo(pi);
        assertThat(job.elementId()).isEqualTo("task");
        assertThat(job.variables()).containsEntry("orderId", "o-1");
        assertThat(job.retries()).isEqualTo(3);
        h.complete(job, Map.of("result", 42));

        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "result")).isEqualTo(42L);
        assertThat(h.elementIntents(pi, "task")).containsExactly("ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED",
                "ELEMENT_COMPLETING", "ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "one-task")).containsExactly("ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED",
                "ELEMENT_COMPLETING", "ELEMENT_COMPLETED");
        assertThat(h.records(pi)).extracting(r -> r.valueType() + "." + r.intent())
                .contains("JOB.CREATED", "JOB.ACTIVATED", "JOB.COMPLETED", "VARIABLE.CREATED");
    }

    @Test
    void shouldRejectCompletionOfUnknownJob() {
        assertRejected(h.engine.completeJob(123456789L, Map.of()), RejectionType.NOT_FOUND,
                "Expected to complete job with key '123456789', but no such job was found");
    }

    @Test
    void shouldRejectCompletingAJobTwice() {
        h.deploy(Bpmn.createExecutableProcess("twice").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("twice-work")).endEvent().done());
        h.create("twice");
        ActivatedJob job = h.activateOne("twice-work");
        h.complete(job, Map.of());
        assertRejected(h.engine.completeJob(job.key(), Map.of()), RejectionType.NOT_FOUND,
                "Expected to complete job with key '" + job.key() + "'");
    }
}
