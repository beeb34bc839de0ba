package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.assertRejected;
import static dev.weft.engine.testing.EngineHarness.await;
import static dev.weft.engine.testing.EngineHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.Page;
import dev.weft.engine.api.ProcessInstanceFilter;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.api.UserTaskFilter;
import dev.weft.engine.api.UserTaskState;
import dev.weft.engine.api.UserTaskView;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Messages, timers, signals, event-based gateways, event sub-processes and user tasks. */
class EventsTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_events");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void shouldCorrelateAPublishedMessageToAWaitingCatchEventWithItsVariables() {
        h.deploy(Bpmn.createExecutableProcess("msg-catch").startEvent()
                .intermediateCatchEvent("wait", c -> c.message(m -> m.name("approved").zeebeCorrelationKeyExpression("orderId")))
                .endEvent().done());
        long pi = h.create("msg-catch", Map.of("orderId", "o-7"));
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");
        await(h.engine.publishMessage("approved", "o-other", Duration.ZERO, null, Map.of()));
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");
        await(h.engine.publishMessage("approved", "o-7", Duration.ZERO, null, Map.of("by", "ann")));
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "by")).isEqualTo("ann");
    }

    @Test
    void shouldBufferAMessageUntilItsTtlAndCorrelateItToALaterSubscriptionOnce() {
        h.deploy(Bpmn.createExecutableProcess("msg-buffer").startEvent()
                .receiveTask("receive").message(m -> m.name("ready").zeebeCorrelationKeyExpression("id"))
                .endEvent().done());
        await(h.engine.publishMessage("ready", "k-1", Duration.ofMinutes(1), "m-1", Map.of("payload", 1)));
        assertRejected(h.engine.publishMessage("ready", "k-1", Duration.ofMinutes(1), "m-1", Map.of()),
                RejectionType.ALREADY_EXISTS, "a message with that id was already published");
        long first = h.create("msg-buffer", Map.of("id", "k-1"));
        assertThat(h.instanceState(first)).isEqualTo("COMPLETED");
        assertThat(h.variable(first, "payload")).isEqualTo(1L);
        long second = h.create("msg-buffer", Map.of("id", "k-1"));
        assertThat(h.instanceState(second)).as("a message correlates once per process").isEqualTo("ACTIVE");
    }

    @Test
    void shouldRejectCorrelationWhenNothingWaits() {
        assertRejected(h.engine.correlateMessage("nobody", "x", Map.of()), RejectionType.NOT_FOUND,
                "Expected to find subscription for message with name 'nobody'");
    }

    @Test
    void shouldInterruptATaskWithAMessageBoundaryEvent() {
        h.deploy(Bpmn.createExecutableProcess("msg-boundary").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("msg-boundary-work"))
                .boundaryEvent("cancelled", b -> b.cancelActivity(true).message(m -> m.name("cancel").zeebeCorrelationKeyExpression("id")))
                .endEvent("cancelled-end")
                .moveToActivity("task").endEvent().done());
        long pi = h.create("msg-boundary", Map.of("id", "b-1"));
        var correlated = await(h.engine.correlateMessage("cancel", "b-1", Map.of()));
        assertThat(correlated.processInstanceKey()).isEqualTo(pi);
        assertThat(h.elementIntents(pi, "task")).endsWith("ELEMENT_TERMINATED");
        assertThat(h.elementIntents(pi, "cancelled-end")).contains("ELEMENT_COMPLETED");
        assertThat(h.activate("msg-boundary-work", 5)).isEmpty();
    }

    @Test
    void shouldFireANonInterruptingTimerBoundaryWithoutStoppingTheTask() {
        h.deploy(Bpmn.createExecutableProcess("timer-boundary").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("timer-boundary-work"))
                .boundaryEvent("reminder", b -> b.cancelActivity(false).timerWithDuration("PT0.1S"))
                .serviceTask("remind", t -> t.zeebeJobType("timer-boundary-remind")).endEvent()
                .moveToActivity("task").endEvent().done());
        long pi = h.create("timer-boundary");
        var reminder = h.activateOne("timer-boundary-remind");
        assertThat(reminder.processInstanceKey()).isEqualTo(pi);
        assertThat(h.elementIntents(pi, "task")).doesNotContain("ELEMENT_TERMINATED");
        h.complete(reminder, Map.of());
        h.complete(h.activateOne("timer-boundary-work"), Map.of());
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldContinueAfterAnIntermediateTimer() {
        h.deploy(Bpmn.createExecutableProcess("timer-catch").startEvent()
                .intermediateCatchEvent("sleep", c -> c.timerWithDurationExpression("delay")).endEvent().done());
        long pi = h.create("timer-catch", Map.of("delay", "PT0.2S"));
        eventually("the timer fired and the instance completed", () -> h.instanceState(pi).equals("COMPLETED"));
        assertThat(h.records(pi)).extracting(r -> r.valueType() + "." + r.intent()).contains("TIMER.CREATED", "TIMER.TRIGGERED");
    }

    @Test
    void shouldFireATimerOnceWhenTwoEnginesShareTheDatabase() {
        h.deploy(Bpmn.createExecutableProcess("timer-two-engines").startEvent()
                .intermediateCatchEvent("sleep", c -> c.timerWithDuration("PT0.3S"))
                .serviceTask("after", t -> t.zeebeJobType("timer-two-engines-after")).endEvent().done());
        try (var other = h.startAnother(3)) {
            long[] keys = new long[10];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = h.create("timer-two-engines");
            }
            java.util.List<dev.weft.engine.api.ActivatedJob> jobs = new java.util.ArrayList<>();
            eventually("every timer fired and created its job", () -> {
                jobs.addAll(h.activate("timer-two-engines-after", 20));
                return jobs.size() >= keys.length;
            });
            assertThat(jobs).hasSize(keys.length);
            for (long pi : keys) {
                assertThat(h.records(pi)).filteredOn(r -> r.valueType().equals("TIMER") && r.intent().equals("TRIGGERED"))
                        .hasSize(1);
                assertThat(h.elementIntents(pi, "after")).containsOnlyOnce("ELEMENT_ACTIVATING");
            }
        }
    }

    @Test
    void shouldTakeThePathOfTheFirstEventAtAnEventBasedGateway() {
        h.deploy(Bpmn.createExecutableProcess("race").startEvent().eventBasedGateway("race-gw")
                .intermediateCatchEvent("answer", c -> c.message(m -> m.name("answer").zeebeCorrelationKeyExpression("id")))
                .endEvent("answered")
                .moveToNode("race-gw").intermediateCatchEvent("too-late", c -> c.timerWithDuration("PT1H"))
                .endEvent("timed-out").done());
        long pi = h.create("race", Map.of("id", "r-1"));
        await(h.engine.correlateMessage("answer", "r-1", Map.of("text", "hi")));
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.elementIntents(pi, "answered")).contains("ELEMENT_COMPLETED");
        assertThat(h.elementIntents(pi, "timed-out")).isEmpty();
        assertThat(h.records(pi)).extracting(r -> r.valueType() + "." + r.intent()).contains("TIMER.CANCELED");
    }

    @Test
    void shouldStartAnInstanceFromAMessageStartEvent() {
        h.deploy(Bpmn.createExecutableProcess("msg-start").startEvent("on-order").message("order-placed")
                .serviceTask("task", t -> t.zeebeJobType("msg-start-work")).endEvent().done());
        var correlated = await(h.engine.correlateMessage("order-placed", "", Map.of("order", 5)));
        var job = h.activateOne("msg-start-work");
        assertThat(job.processInstanceKey()).isEqualTo(correlated.processInstanceKey());
        assertThat(job.variables()).containsEntry("order", 5L);
    }

    @Test
    void shouldTriggerSignalCatchEventsAndSignalStartEvents() {
        h.deploy(Bpmn.createExecutableProcess("sig-catch").startEvent()
                .intermediateCatchEvent("wait", c -> c.signal("go")).endEvent().done());
        h.deploy(Bpmn.createExecutableProcess("sig-start").startEvent("s").signal("go").endEvent().done());
        long waiting = h.create("sig-catch");
        await(h.engine.broadcastSignal("go", Map.of("when", "now")));
        assertThat(h.instanceState(waiting)).isEqualTo("COMPLETED");
        assertThat(await(h.engine.searchProcessInstances(new ProcessInstanceFilter("sig-start", -1, null, -1),
                Page.DEFAULT)).total()).isEqualTo(1);
    }

    @Test
    void shouldWakeWaitingInstancesWithASignalThrownByAnotherProcess() {
        h.deploy(Bpmn.createExecutableProcess("sig-wait").startEvent()
                .intermediateCatchEvent("wait", c -> c.signal("index-ready")).endEvent().done());
        h.deploy(Bpmn.createExecutableProcess("sig-throw").startEvent()
                .intermediateThrowEvent("announce", t -> t.signal("index-ready").zeebeInputExpression("\"v2\"", "index"))
                .endEvent().done());
        long waiting = h.create("sig-wait");
        long thrower = h.create("sig-throw");
        assertThat(h.instanceState(thrower)).isEqualTo("COMPLETED");
        assertThat(h.instanceState(waiting)).isEqualTo("COMPLETED");
        assertThat(h.variable(waiting, "index")).isEqualTo("v2");
    }

    @Test
    void shouldRunANonInterruptingTimerEventSubProcessAlongsideTheMainFlow() {
        h.deploy(Bpmn.createExecutableProcess("esp-timer")
                .eventSubProcess("tick", s -> s.startEvent("tick-start").interrupting(false).timerWithDuration("PT0.1S")
                        .serviceTask("notify", t -> t.zeebeJobType("esp-timer-notify")).endEvent())
                .startEvent().serviceTask("main", t -> t.zeebeJobType("esp-timer-main")).endEvent().done());
        long pi = h.create("esp-timer");
        h.complete(h.activateOne("esp-timer-notify"), Map.of());
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");
        h.complete(h.activateOne("esp-timer-main"), Map.of());
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldCreateAssignAndCompleteUserTasks() {
        h.deploy(Bpmn.createExecutableProcess("review").startEvent()
                .userTask("approve", u -> u.name("Approve answer").zeebeUserTask()
                        .zeebeCandidateGroups("reviewers, leads").zeebeAssigneeExpression("owner").zeebeExternalFormReference("form:review"))
                .endEvent().done());
        long pi = h.create("review", Map.of("owner", "ann"));
        UserTaskView task = await(h.engine.searchUserTasks(new UserTaskFilter(UserTaskState.CREATED, null, pi, null, null),
                Page.DEFAULT)).items().get(0);
        assertThat(task.name()).isEqualTo("Approve answer");
        assertThat(task.assignee()).isEqualTo("ann");
        assertThat(task.candidateGroups()).containsExactly("reviewers", "leads");
        assertThat(await(h.engine.searchUserTasks(new UserTaskFilter(null, null, -1, null, "leads"), Page.DEFAULT))
                .items()).extracting(UserTaskView::key).contains(task.key());
        assertRejected(h.engine.assignUserTask(task.key(), "bob", false, null), RejectionType.INVALID_STATE,
                "already assigned to 'ann'");
        await(h.engine.assignUserTask(task.key(), "bob", true, null));
        assertThat(await(h.engine.getUserTask(task.key())).orElseThrow().assignee()).isEqualTo("bob");
        await(h.engine.completeUserTask(task.key(), Map.of("approved", true), null));
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "approved")).isEqualTo(true);
        assertThat(await(h.engine.getUserTask(task.key())).orElseThrow().state()).isEqualTo(UserTaskState.COMPLETED);
        assertRejected(h.engine.completeUserTask(task.key(), Map.of(), null), RejectionType.NOT_FOUND,
                "Expected to complete user task with key '" + task.key() + "', but no such user task was found");
    }

    @Test
    void shouldCancelTheUserTaskOfACancelledInstance() {
        h.deploy(Bpmn.createExecutableProcess("review-cancel").startEvent()
                .userTask("approve", u -> u.zeebeUserTask()).endEvent().done());
        long pi = h.create("review-cancel");
        await(h.engine.cancelProcessInstance(pi));
        var tasks = await(h.engine.searchUserTasks(new UserTaskFilter(null, null, pi, null, null), Page.DEFAULT)).items();
        assertThat(tasks).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo(UserTaskState.CANCELED));
    }
}
