package dev.weft.engine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.engine.api.ElementInstanceView;
import dev.weft.engine.api.IncidentView;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.ProcessInstanceState;
import dev.weft.engine.api.VariableFilter;
import dev.weft.engine.api.VariableView;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The BPMN elements and rules of the engine issue, driven only through the real Camunda client: deployed, started,
 * worked, messaged, signalled, resolved by the client in the transport of the subclass (gRPC or the client's default
 * REST). The engine-API tests under {@code processing} pin the record-level detail; this suite proves the same
 * behaviour is reachable, unchanged, by an unmodified Camunda application in either transport. Outcomes are read
 * from the engine's read models, as in {@link GatewaySemantics}.
 */
public abstract class BpmnElementSemantics extends GatewaySemantics {

    // ---- start and end events ------------------------------------------------------------------------------

    @Test
    void timerStartEventsFireAtTheirDateAndOnEveryRepetitionOfTheirCycle() {
        deployModel(Bpmn.createExecutableProcess("el-timer-date").startEvent("at")
                .timerWithDate(Instant.now().plusMillis(300).toString())
                .serviceTask("work", t -> t.zeebeJobType("el-timer-date-work")).endEvent().done());
        deployModel(Bpmn.createExecutableProcess("el-timer-cycle").startEvent("every").timerWithCycle("R2/PT0.2S")
                .serviceTask("work", t -> t.zeebeJobType("el-timer-cycle-work")).endEvent().done());

        ActivatedJob dated = activateOne("el-timer-date-work");
        assertThat(dated.getBpmnProcessId()).isEqualTo("el-timer-date");
        complete(dated, Map.of());
        awaitState(dated.getProcessInstanceKey(), ProcessInstanceState.COMPLETED);

        List<ActivatedJob> cycled = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            cycled.addAll(client().newActivateJobsCommand().jobType("el-timer-cycle-work").maxJobsToActivate(5)
                    .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(1)).send().join().getJobs());
            return cycled.size() >= 2;
        });
        assertThat(cycled).extracting(ActivatedJob::getProcessInstanceKey).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void messageAndSignalStartEventsStartAnInstanceWithTheirVariables() {
        deployModel(Bpmn.createExecutableProcess("el-msg-start").startEvent("placed").message("el-order-placed")
                .serviceTask("work", t -> t.zeebeJobType("el-msg-start-work")).endEvent().done());
        deployModel(Bpmn.createExecutableProcess("el-sig-start").startEvent("kicked").signal("el-kick")
                .serviceTask("work", t -> t.zeebeJobType("el-sig-start-work")).endEvent().done());

        client().newPublishMessageCommand().messageName("el-order-placed").correlationKey("order-1")
                .variables(Map.of("order", 1)).send().join();
        ActivatedJob byMessage = activateOne("el-msg-start-work");
        assertThat(byMessage.getBpmnProcessId()).isEqualTo("el-msg-start");
        assertThat(byMessage.getVariablesAsMap()).containsEntry("order", 1);

        client().newBroadcastSignalCommand().signalName("el-kick").variables(Map.of("by", "ops")).send().join();
        ActivatedJob bySignal = activateOne("el-sig-start-work");
        assertThat(bySignal.getBpmnProcessId()).isEqualTo("el-sig-start");
        assertThat(bySignal.getVariablesAsMap()).containsEntry("by", "ops");
        complete(byMessage, Map.of());
        complete(bySignal, Map.of());
        awaitState(byMessage.getProcessInstanceKey(), ProcessInstanceState.COMPLETED);
        awaitState(bySignal.getProcessInstanceKey(), ProcessInstanceState.COMPLETED);
    }

    @Test
    void messageThrowAndEndEventsSendBusinessRuleAndScriptTasksAreJobsAndANoneThrowPassesThrough() {
        deployModel(Bpmn.createExecutableProcess("el-jobs").startEvent()
                .intermediateThrowEvent("mark")
                .intermediateThrowEvent("notify", e -> e.message("el-notify").zeebeJobType("el-jobs-notify"))
                .sendTask("send", t -> t.zeebeJobType("el-jobs-send"))
                .businessRuleTask("rule", t -> t.zeebeJobType("el-jobs-rule"))
                .scriptTask("script", t -> t.zeebeJobType("el-jobs-script"))
                .endEvent("done", e -> e.message("el-done").zeebeJobType("el-jobs-done")).done());
        long instance = create("el-jobs", Map.of());
        for (String element : List.of("notify", "send", "rule", "script", "done")) {
            ActivatedJob job = activateOne("el-jobs-" + element);
            assertThat(job.getElementId()).isEqualTo(element);
            assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
            complete(job, Map.of(element, true));
        }
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(states(instance, "mark")).containsExactly("COMPLETED");
        assertThat(variable(instance, "done")).isEqualTo("true");
    }

    @Test
    void aTerminateEndEventEndsEveryOtherBranch() {
        deployModel(Bpmn.createExecutableProcess("el-terminate").startEvent().parallelGateway("fork")
                .serviceTask("wait", t -> t.zeebeJobType("el-terminate-wait")).endEvent()
                .moveToNode("fork").serviceTask("go", t -> t.zeebeJobType("el-terminate-go"))
                .endEvent("kill", e -> e.terminate()).done());
        long instance = create("el-terminate", Map.of());
        complete(activateOne("el-terminate-go"), Map.of());
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(states(instance, "wait")).containsExactly("TERMINATED");
    }

    @Test
    void aSignalThrowEventWakesWaitingInstancesAndAnErrorEndEventIsCaughtOnItsSubProcess() {
        deployModel(Bpmn.createExecutableProcess("el-sig-wait").startEvent()
                .intermediateCatchEvent("wait", c -> c.signal("el-ready")).endEvent().done());
        deployModel(Bpmn.createExecutableProcess("el-sig-throw").startEvent()
                .intermediateThrowEvent("announce", t -> t.signal("el-ready")).endEvent().done());
        long waiting = create("el-sig-wait", Map.of());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(waiting, "wait")).containsExactly("ACTIVE"));
        long thrower = create("el-sig-throw", Map.of());
        awaitState(thrower, ProcessInstanceState.COMPLETED);
        awaitState(waiting, ProcessInstanceState.COMPLETED);

        deployModel(Bpmn.createExecutableProcess("el-error-end").startEvent()
                .subProcess("inner", sp -> sp.embeddedSubProcess().startEvent().endEvent("fail", e -> e.error("EL_INNER")))
                .boundaryEvent("caught", b -> b.error("EL_INNER")).endEvent("recovered")
                .moveToActivity("inner").endEvent("normal").done());
        long failing = create("el-error-end", Map.of());
        awaitState(failing, ProcessInstanceState.COMPLETED);
        assertThat(states(failing, "inner")).containsExactly("TERMINATED");
        assertThat(states(failing, "recovered")).containsExactly("COMPLETED");
        assertThat(states(failing, "normal")).isEmpty();
    }

    // ---- tasks ---------------------------------------------------------------------------------------------

    @Test
    void aReceiveTaskWaitsForItsMessageWhileManualAndUndefinedTasksPassThrough() {
        deployModel(Bpmn.createExecutableProcess("el-receive").startEvent().manualTask("manual").task("undefined")
                .receiveTask("wait").message(m -> m.name("el-go").zeebeCorrelationKeyExpression("id"))
                .endEvent().done());
        long instance = create("el-receive", Map.of("id", "r-1"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(instance, "wait")).containsExactly("ACTIVE"));
        assertThat(states(instance, "manual")).containsExactly("COMPLETED");
        assertThat(states(instance, "undefined")).containsExactly("COMPLETED");
        client().newPublishMessageCommand().messageName("el-go").correlationKey("r-1").variables(Map.of("got", 1))
                .send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(variable(instance, "got")).isEqualTo("1");
    }

    @Test
    void aFeelScriptTaskAndIoMappingsShapeWhatTheWorkerSeesAndWhatTheInstanceKeeps() {
        deployModel(Bpmn.createExecutableProcess("el-io").startEvent()
                .scriptTask("sum", s -> s.zeebeExpression("a + b").zeebeResultVariable("total"))
                .serviceTask("task", t -> t.zeebeJobType("el-io-work").zeebeTaskHeader("model", "small")
                        .zeebeInputExpression("total * 2", "doubled").zeebeOutputExpression("score + 1", "finalScore"))
                .endEvent().done());
        long instance = create("el-io", Map.of("a", 2, "b", 3));
        ActivatedJob job = activateOne("el-io-work");
        assertThat(job.getCustomHeaders()).containsEntry("model", "small");
        assertThat(job.getVariablesAsMap()).containsEntry("total", 5).containsEntry("doubled", 10);
        complete(job, Map.of("score", 41));
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(variable(instance, "finalScore")).isEqualTo("42");
        // With an output mapping the job's variables stay local to the task; only the mapped result reaches the root.
        assertThat(variable(instance, "score")).isNull();
        assertThat(variable(instance, "doubled")).isNull();
    }

    @Test
    void createWithResultReturnsTheValueAScriptTaskComputed() {
        deployModel(Bpmn.createExecutableProcess("el-script").startEvent()
                .scriptTask("calc", s -> s.zeebeExpression("string join(for w in words return upper case(w), \"-\")")
                        .zeebeResultVariable("shout")).endEvent().done());
        var result = client().newCreateInstanceCommand().bpmnProcessId("el-script").latestVersion()
                .variables(Map.of("words", List.of("a", "b"))).withResult().requestTimeout(PATIENCE).send().join();
        assertThat(result.getVariablesAsMap()).containsEntry("shout", "A-B");
    }

    // ---- gateways ------------------------------------------------------------------------------------------

    @Test
    void anExclusiveGatewayTakesTheMatchingFlowOrItsDefault() {
        deployModel(Bpmn.createExecutableProcess("el-xor").startEvent().exclusiveGateway("split")
                .conditionExpression("= amount > 100").endEvent("big")
                .moveToLastExclusiveGateway().defaultFlow().endEvent("small").done());
        long big = create("el-xor", Map.of("amount", 500));
        long small = create("el-xor", Map.of("amount", 5));
        awaitState(big, ProcessInstanceState.COMPLETED);
        awaitState(small, ProcessInstanceState.COMPLETED);
        assertThat(states(big, "big")).containsExactly("COMPLETED");
        assertThat(states(big, "small")).isEmpty();
        assertThat(states(small, "small")).containsExactly("COMPLETED");
    }

    @Test
    void anExclusiveGatewayWithoutAMatchRaisesAnIncidentTheClientResolves() {
        deployModel(Bpmn.createExecutableProcess("el-xor-incident").startEvent().exclusiveGateway("split")
                .conditionExpression("= x = 1").endEvent("one")
                .moveToLastGateway().conditionExpression("= x = 2").endEvent("two").done());
        long instance = create("el-xor-incident", Map.of("x", 3));
        IncidentView incident = awaitIncident(instance);
        assertThat(incident.errorType()).isEqualTo("CONDITION_ERROR");
        assertThat(incident.elementId()).isEqualTo("split");
        client().newSetVariablesCommand(instance).variables(Map.of("x", 2)).send().join();
        client().newResolveIncidentCommand(incident.key()).send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(states(instance, "two")).containsExactly("COMPLETED");
    }

    @Test
    void parallelAndInclusiveGatewaysForkAndJoinTheBranchesTheyTook() {
        deployModel(Bpmn.createExecutableProcess("el-and-or").startEvent().parallelGateway("fork")
                .serviceTask("a", t -> t.zeebeJobType("el-and-a")).parallelGateway("join")
                .inclusiveGateway("or-fork").conditionExpression("= takeC").serviceTask("c", t -> t.zeebeJobType("el-or-c"))
                .inclusiveGateway("or-join").endEvent("end")
                .moveToNode("or-fork").conditionExpression("= takeD").serviceTask("d", t -> t.zeebeJobType("el-or-d"))
                .connectTo("or-join")
                .moveToNode("fork").serviceTask("b", t -> t.zeebeJobType("el-and-b")).connectTo("join").done());
        long instance = create("el-and-or", Map.of("takeC", true, "takeD", false));
        complete(activateOne("el-and-a"), Map.of());
        assertThat(states(instance, "join")).isEmpty();
        complete(activateOne("el-and-b"), Map.of());
        complete(activateOne("el-or-c"), Map.of());
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(states(instance, "join")).containsExactly("COMPLETED");
        assertThat(states(instance, "or-join")).containsExactly("COMPLETED");
        assertThat(states(instance, "d")).isEmpty();
    }

    @Test
    void anEventBasedGatewayFollowsTheFirstEventAndDropsTheOther() {
        deployModel(Bpmn.createExecutableProcess("el-race").startEvent().eventBasedGateway("race")
                .intermediateCatchEvent("answer", c -> c.message(m -> m.name("el-answer").zeebeCorrelationKeyExpression("id")))
                .endEvent("answered")
                .moveToNode("race").intermediateCatchEvent("too-late", c -> c.timerWithDuration("PT1H"))
                .endEvent("timed-out").done());
        deployModel(Bpmn.createExecutableProcess("el-race-timer").startEvent().eventBasedGateway("race")
                .intermediateCatchEvent("answer", c -> c.message(m -> m.name("el-answer").zeebeCorrelationKeyExpression("id")))
                .endEvent("answered")
                .moveToNode("race").intermediateCatchEvent("soon", c -> c.timerWithDuration("PT0.1S"))
                .endEvent("timed-out").done());
        long byMessage = create("el-race", Map.of("id", "race-1"));
        long byTimer = create("el-race-timer", Map.of("id", "race-2"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(byMessage, "race")).containsExactly("ACTIVE"));
        client().newPublishMessageCommand().messageName("el-answer").correlationKey("race-1").send().join();
        awaitState(byMessage, ProcessInstanceState.COMPLETED);
        awaitState(byTimer, ProcessInstanceState.COMPLETED);
        assertThat(states(byMessage, "answered")).containsExactly("COMPLETED");
        assertThat(states(byMessage, "timed-out")).isEmpty();
        assertThat(states(byTimer, "timed-out")).containsExactly("COMPLETED");
        assertThat(states(byTimer, "answered")).isEmpty();
    }

    // ---- sub-processes -------------------------------------------------------------------------------------

    @Test
    void eventSubProcessesStartedBySignalAndMessageRunBesideOrInterruptAnEmbeddedSubProcess() {
        deployModel(Bpmn.createExecutableProcess("el-esp")
                .eventSubProcess("on-signal", s -> s.startEvent("signal-start").interrupting(false).signal("el-esp-ping")
                        .serviceTask("pong", t -> t.zeebeJobType("el-esp-pong")).endEvent())
                .eventSubProcess("on-abort", s -> s.startEvent("abort-start").interrupting(true)
                        .message(m -> m.name("el-esp-abort").zeebeCorrelationKeyExpression("id"))
                        .endEvent("aborted"))
                .startEvent().subProcess("body", sp -> sp.embeddedSubProcess().startEvent()
                        .serviceTask("work", t -> t.zeebeJobType("el-esp-work")).endEvent())
                .endEvent("finished").done());
        long instance = create("el-esp", Map.of("id", "esp-1"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(instance, "work")).containsExactly("ACTIVE"));
        assertThat(states(instance, "body")).containsExactly("ACTIVE");

        client().newBroadcastSignalCommand().signalName("el-esp-ping").send().join();
        complete(activateOne("el-esp-pong"), Map.of());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(instance, "on-signal")).containsExactly("COMPLETED"));
        assertThat(state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
        assertThat(states(instance, "work")).containsExactly("ACTIVE");

        client().newPublishMessageCommand().messageName("el-esp-abort").correlationKey("esp-1").send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(states(instance, "work")).containsExactly("TERMINATED");
        assertThat(states(instance, "aborted")).containsExactly("COMPLETED");
        assertThat(states(instance, "finished")).isEmpty();
    }

    @Test
    void anErrorEventSubProcessCatchesAnErrorTheWorkerThrowsAndATimerEventSubProcessInterrupts() {
        deployModel(Bpmn.createExecutableProcess("el-esp-error")
                .eventSubProcess("on-error", s -> s.startEvent("error-start").error("EL_BAD")
                        .serviceTask("handle", t -> t.zeebeJobType("el-esp-error-handle")).endEvent())
                .startEvent().serviceTask("work", t -> t.zeebeJobType("el-esp-error-work")).endEvent().done());
        deployModel(Bpmn.createExecutableProcess("el-esp-timer")
                .eventSubProcess("on-timeout", s -> s.startEvent("timeout-start").interrupting(true).timerWithDuration("PT0.2S")
                        .endEvent("gave-up"))
                .startEvent().serviceTask("work", t -> t.zeebeJobType("el-esp-timer-work")).endEvent().done());
        long erring = create("el-esp-error", Map.of());
        long timing = create("el-esp-timer", Map.of());

        client().newThrowErrorCommand(activateOne("el-esp-error-work").getKey()).errorCode("EL_BAD")
                .errorMessage("bad input").send().join();
        complete(activateOne("el-esp-error-handle"), Map.of());
        awaitState(erring, ProcessInstanceState.COMPLETED);
        assertThat(states(erring, "work")).containsExactly("TERMINATED");

        awaitState(timing, ProcessInstanceState.COMPLETED);
        assertThat(states(timing, "work")).containsExactly("TERMINATED");
        assertThat(states(timing, "gave-up")).containsExactly("COMPLETED");
    }

    @Test
    void aNonInterruptingMessageEventSubProcessRunsForEveryMessageAndATimerDateCatchEventWaitsForItsDate() {
        deployModel(Bpmn.createExecutableProcess("el-esp-msg")
                .eventSubProcess("on-note", s -> s.startEvent("note-start").interrupting(false)
                        .message(m -> m.name("el-note").zeebeCorrelationKeyExpression("id"))
                        .serviceTask("file", t -> t.zeebeJobType("el-esp-msg-file")).endEvent())
                .startEvent().intermediateCatchEvent("until", c -> c.timerWithDateExpression("due"))
                .serviceTask("work", t -> t.zeebeJobType("el-esp-msg-work")).endEvent().done());
        long instance = create("el-esp-msg", Map.of("id", "n-1", "due", Instant.now().plusSeconds(3600).toString()));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(instance, "until")).containsExactly("ACTIVE"));
        for (int i = 1; i <= 2; i++) {
            client().newPublishMessageCommand().messageName("el-note").correlationKey("n-1").timeToLive(Duration.ZERO)
                    .variables(Map.of("note" + i, i)).send().join();
            complete(activateOne("el-esp-msg-file"), Map.of());
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(instance, "on-note")).containsExactly("COMPLETED", "COMPLETED"));
        // The main flow still waits for its date, an hour away.
        assertThat(states(instance, "until")).containsExactly("ACTIVE");
        assertThat(state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
        client().newCancelInstanceCommand(instance).send().join();
        awaitState(instance, ProcessInstanceState.TERMINATED);

        long soon = create("el-esp-msg", Map.of("id", "n-2", "due", Instant.now().plusMillis(200).toString()));
        complete(activateOne("el-esp-msg-work"), Map.of());
        awaitState(soon, ProcessInstanceState.COMPLETED);
        assertThat(states(soon, "until")).containsExactly("COMPLETED");
    }

    @Test
    void aCallActivityResolvesItsProcessIdExpressionAndPassesOnlyTheMappedVariablesWhenPropagationIsOff() {
        deployModel(Bpmn.createExecutableProcess("el-child").startEvent()
                .serviceTask("child-work", t -> t.zeebeJobType("el-child-work")).endEvent().done());
        deployModel(Bpmn.createExecutableProcess("el-parent").startEvent()
                .callActivity("call", c -> c.zeebeProcessIdExpression("childId")
                        .zeebePropagateAllParentVariables(false).zeebePropagateAllChildVariables(false)
                        .zeebeInputExpression("question", "q").zeebeOutputExpression("answer", "reply"))
                .endEvent().done());
        deployModel(Bpmn.createExecutableProcess("el-parent-all").startEvent()
                .callActivity("call", c -> c.zeebeProcessId("el-child")).endEvent().done());

        long parent = create("el-parent", Map.of("childId", "el-child", "question", "why?", "secret", "s3"));
        ActivatedJob job = activateOne("el-child-work");
        assertThat(job.getBpmnProcessId()).isEqualTo("el-child");
        assertThat(job.getProcessInstanceKey()).isNotEqualTo(parent);
        assertThat(job.getVariablesAsMap()).containsEntry("q", "why?").doesNotContainKey("secret");
        complete(job, Map.of("answer", "because", "scratch", 1));
        awaitState(parent, ProcessInstanceState.COMPLETED);
        assertThat(variable(parent, "reply")).isEqualTo("\"because\"");
        assertThat(variable(parent, "scratch")).isNull();

        long all = create("el-parent-all", Map.of("question", "how?", "secret", "s4"));
        ActivatedJob allJob = activateOne("el-child-work");
        assertThat(allJob.getVariablesAsMap()).containsEntry("question", "how?").containsEntry("secret", "s4");
        complete(allJob, Map.of("answer", "so", "scratch", 2));
        awaitState(all, ProcessInstanceState.COMPLETED);
        assertThat(variable(all, "answer")).isEqualTo("\"so\"");
        assertThat(variable(all, "scratch")).isEqualTo("2");
    }

    @Test
    void anAdHocSubProcessRunsOnlyTheElementsItsCollectionNames() {
        deployModel(Bpmn.createExecutableProcess("el-adhoc").startEvent()
                .adHocSubProcess("tools", a -> {
                    a.zeebeActiveElementsCollectionExpression("chosen");
                    a.serviceTask("search", t -> t.zeebeJobType("el-adhoc-search"));
                    a.serviceTask("unused", t -> t.zeebeJobType("el-adhoc-unused"));
                })
                .endEvent().done());
        long instance = create("el-adhoc", Map.of("chosen", List.of("search")));
        complete(activateOne("el-adhoc-search"), Map.of("found", 3));
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(states(instance, "unused")).isEmpty();
        assertThat(variable(instance, "found")).isEqualTo("3");
    }

    @Test
    void anAdHocSubProcessCompletesAsSoonAsItsConditionHoldsOrWaitsAndAnUnknownElementIdIsAnIncident() {
        deployModel(Bpmn.createExecutableProcess("el-adhoc-done").startEvent()
                .adHocSubProcess("tools", a -> {
                    a.zeebeActiveElementsCollectionExpression("chosen").completionCondition("= found > 0")
                            .cancelRemainingInstances(true);
                    a.serviceTask("search", t -> t.zeebeJobType("el-adhoc-done-search"));
                    a.serviceTask("browse", t -> t.zeebeJobType("el-adhoc-done-browse"));
                })
                .endEvent().done());
        long done = create("el-adhoc-done", Map.of("chosen", List.of("search", "browse"), "found", 0));
        complete(activateOne("el-adhoc-done-search"), Map.of("found", 2));
        awaitState(done, ProcessInstanceState.COMPLETED);
        assertThat(states(done, "browse")).containsExactly("TERMINATED");

        deployModel(Bpmn.createExecutableProcess("el-adhoc-wait").startEvent()
                .adHocSubProcess("tools", a -> {
                    a.zeebeActiveElementsCollectionExpression("chosen").completionCondition("= found > 0")
                            .cancelRemainingInstances(false);
                    a.serviceTask("search", t -> t.zeebeJobType("el-adhoc-wait-search"));
                    a.serviceTask("browse", t -> t.zeebeJobType("el-adhoc-wait-browse"));
                })
                .endEvent().done());
        long waits = create("el-adhoc-wait", Map.of("chosen", List.of("search", "browse"), "found", 0));
        ActivatedJob browse = activateOne("el-adhoc-wait-browse");
        complete(activateOne("el-adhoc-wait-search"), Map.of("found", 1));
        // The condition holds, but without cancelRemainingInstances the sub-process waits for the running element.
        assertThat(state(waits)).isEqualTo(ProcessInstanceState.ACTIVE);
        assertThat(states(waits, "tools")).containsExactly("ACTIVE");
        complete(browse, Map.of());
        awaitState(waits, ProcessInstanceState.COMPLETED);
        assertThat(states(waits, "browse")).containsExactly("COMPLETED");

        long wrong = create("el-adhoc-done", Map.of("chosen", List.of("nope"), "found", 0));
        IncidentView incident = awaitIncident(wrong);
        assertThat(incident.elementId()).isEqualTo("tools");
        assertThat(incident.errorMessage()).contains("nope");
    }

    // ---- boundary events -----------------------------------------------------------------------------------

    @Test
    void timerBoundaryEventsInterruptOrRepeatOnTheirCycleBesideTheTask() {
        deployModel(Bpmn.createExecutableProcess("el-timer-boundary").startEvent()
                .serviceTask("slow", t -> t.zeebeJobType("el-timer-boundary-slow"))
                .boundaryEvent("late", b -> b.cancelActivity(true).timerWithDuration("PT0.2S")).endEvent("late-end")
                .moveToActivity("slow").endEvent().done());
        deployModel(Bpmn.createExecutableProcess("el-timer-cycle-boundary").startEvent()
                .serviceTask("long", t -> t.zeebeJobType("el-timer-cycle-long"))
                .boundaryEvent("nudge", b -> b.cancelActivity(false).timerWithCycle("R2/PT0.1S"))
                .serviceTask("remind", t -> t.zeebeJobType("el-timer-cycle-remind")).endEvent()
                .moveToActivity("long").endEvent().done());

        long interrupted = create("el-timer-boundary", Map.of());
        awaitState(interrupted, ProcessInstanceState.COMPLETED);
        assertThat(states(interrupted, "slow")).containsExactly("TERMINATED");
        assertThat(states(interrupted, "late-end")).containsExactly("COMPLETED");

        long nudged = create("el-timer-cycle-boundary", Map.of());
        complete(activateOne("el-timer-cycle-remind"), Map.of());
        complete(activateOne("el-timer-cycle-remind"), Map.of());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(nudged, "nudge")).containsExactly("COMPLETED", "COMPLETED"));
        assertThat(states(nudged, "long")).containsExactly("ACTIVE");
        complete(activateOne("el-timer-cycle-long"), Map.of());
        awaitState(nudged, ProcessInstanceState.COMPLETED);
        assertThat(states(nudged, "nudge")).hasSize(2);
    }

    @Test
    void messageSignalAndCatchAllErrorBoundaryEventsInterruptTheTask() {
        deployModel(Bpmn.createExecutableProcess("el-boundaries").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("el-boundaries-work"))
                .boundaryEvent("cancelled", b -> b.cancelActivity(true)
                        .message(m -> m.name("el-cancel").zeebeCorrelationKeyExpression("id"))).endEvent("by-message")
                .moveToActivity("task").boundaryEvent("stopped", b -> b.cancelActivity(true).signal("el-stop"))
                .endEvent("by-signal")
                .moveToActivity("task").boundaryEvent("failed", b -> b.error()).endEvent("by-error")
                .moveToActivity("task").endEvent("done").done());
        long messaged = create("el-boundaries", Map.of("id", "b-1"));
        long signalled = create("el-boundaries", Map.of("id", "b-2"));
        long erred = create("el-boundaries", Map.of("id", "b-3"));
        for (long instance : List.of(messaged, signalled, erred)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(instance, "task")).containsExactly("ACTIVE"));
        }

        client().newPublishMessageCommand().messageName("el-cancel").correlationKey("b-1")
                .variables(Map.of("cancelledBy", "customer")).send().join();
        awaitState(messaged, ProcessInstanceState.COMPLETED);
        assertThat(states(messaged, "by-message")).containsExactly("COMPLETED");
        // Without output mappings the caught event's variables reach the process instance.
        assertThat(variable(messaged, "cancelledBy")).isEqualTo("\"customer\"");

        List<ActivatedJob> waiting = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            waiting.addAll(client().newActivateJobsCommand().jobType("el-boundaries-work").maxJobsToActivate(5)
                    .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(1)).send().join().getJobs());
            return waiting.size() >= 2;
        });
        ActivatedJob job = waiting.stream().filter(j -> j.getProcessInstanceKey() == erred).findFirst().orElseThrow();
        client().newThrowErrorCommand(job.getKey()).errorCode("ANY_CODE").variables(Map.of("why", "broken")).send().join();
        awaitState(erred, ProcessInstanceState.COMPLETED);
        assertThat(states(erred, "by-error")).containsExactly("COMPLETED");
        assertThat(variable(erred, "why")).isEqualTo("\"broken\"");

        client().newBroadcastSignalCommand().signalName("el-stop").variables(Map.of("stoppedBy", "ops")).send().join();
        awaitState(signalled, ProcessInstanceState.COMPLETED);
        assertThat(variable(signalled, "stoppedBy")).isEqualTo("\"ops\"");
        assertThat(states(signalled, "by-signal")).containsExactly("COMPLETED");
        assertThat(states(signalled, "task")).containsExactly("TERMINATED");
        assertThat(states(signalled, "done")).isEmpty();
    }

    // ---- multi-instance ------------------------------------------------------------------------------------

    @Test
    void aParallelMultiInstanceCollectsEachOutputElementInInputOrder() {
        deployModel(Bpmn.createExecutableProcess("el-mi").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("el-mi-work").multiInstance(m -> m.parallel()
                        .zeebeInputCollectionExpression("items").zeebeInputElement("item")
                        .zeebeOutputCollection("results").zeebeOutputElementExpression("item * 10 + loopCounter")))
                .endEvent().done());
        long instance = create("el-mi", Map.of("items", List.of(1, 2, 3)));
        List<ActivatedJob> jobs = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            jobs.addAll(client().newActivateJobsCommand().jobType("el-mi-work").maxJobsToActivate(10)
                    .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(1)).send().join().getJobs());
            return jobs.size() >= 3;
        });
        assertThat(jobs).extracting(j -> j.getVariablesAsMap().get("item")).containsExactlyInAnyOrder(1, 2, 3);
        for (ActivatedJob job : jobs.reversed()) {
            complete(job, Map.of());
        }
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(variable(instance, "results").replace(" ", "")).isEqualTo("[11,22,33]");
    }

    @Test
    void aSequentialMultiInstanceRunsOneByOneWithItsLoopCounterUntilTheCompletionCondition() {
        deployModel(Bpmn.createExecutableProcess("el-mi-seq").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("el-mi-seq-work").multiInstance(m -> m.sequential()
                        .zeebeInputCollectionExpression("[\"a\",\"b\",\"c\"]").zeebeInputElement("letter")
                        .completionCondition("= numberOfCompletedInstances >= 2")))
                .endEvent().done());
        long instance = create("el-mi-seq", Map.of());
        ActivatedJob first = activateOne("el-mi-seq-work");
        assertThat(first.getVariablesAsMap()).containsEntry("letter", "a").containsEntry("loopCounter", 1);
        assertThat(client().newActivateJobsCommand().jobType("el-mi-seq-work").maxJobsToActivate(5)
                .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofMillis(200)).send().join().getJobs()).isEmpty();
        complete(first, Map.of());
        ActivatedJob second = activateOne("el-mi-seq-work");
        assertThat(second.getVariablesAsMap()).containsEntry("letter", "b").containsEntry("loopCounter", 2);
        complete(second, Map.of());
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(states(instance, "task")).hasSize(3);
    }

    // ---- jobs, variables, incidents ------------------------------------------------------------------------

    @Test
    void aFailedJobKeepsItsLocalVariablesAndWaitsOutItsRetryBackOff() {
        deployModel(Bpmn.createExecutableProcess("el-backoff").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("el-backoff-work")).endEvent().done());
        long instance = create("el-backoff", Map.of());
        ActivatedJob job = activateOne("el-backoff-work");
        client().newFailCommand(job.getKey()).retries(2).retryBackoff(Duration.ofHours(1)).errorMessage("rate limited")
                .variables(Map.of("attempt", 1)).send().join();
        // The local variable lands on the task's scope, not on the process instance.
        assertThat(scopedVariable(instance, job.getElementInstanceKey(), "attempt")).isEqualTo("1");
        assertThat(variable(instance, "attempt")).isNull();
        // Within the back-off, nobody gets the job.
        assertThat(client().newActivateJobsCommand().jobType("el-backoff-work").maxJobsToActivate(5)
                .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofMillis(200)).send().join().getJobs()).isEmpty();

        long second = create("el-backoff", Map.of());
        ActivatedJob other = activateOne("el-backoff-work");
        assertThat(other.getProcessInstanceKey()).isEqualTo(second);
        client().newFailCommand(other.getKey()).retries(1).retryBackoff(Duration.ofMillis(100)).send().join();
        ActivatedJob again = activateOne("el-backoff-work");
        assertThat(again.getKey()).isEqualTo(other.getKey());
        assertThat(again.getRetries()).isEqualTo(1);
        complete(again, Map.of());
        awaitState(second, ProcessInstanceState.COMPLETED);
    }

    @Test
    void localSetVariablesStayOnTheirScopeAndJobVariablesPropagateToTheScopeThatHoldsThem() {
        deployModel(Bpmn.createExecutableProcess("el-scope").startEvent()
                .subProcess("inner", sp -> sp.embeddedSubProcess().startEvent()
                        .serviceTask("task", t -> t.zeebeJobType("el-scope-work")).endEvent())
                .zeebeInputExpression("0", "counter")
                .endEvent().done());
        long instance = create("el-scope", Map.of());
        ActivatedJob job = activateOne("el-scope-work");
        long inner = elements(instance).stream().filter(e -> e.elementId().equals("inner")).findFirst().orElseThrow().key();
        client().newSetVariablesCommand(job.getElementInstanceKey()).variables(Map.of("note", "local")).local(true)
                .send().join();
        assertThat(scopedVariable(instance, job.getElementInstanceKey(), "note")).isEqualTo("\"local\"");
        assertThat(variable(instance, "note")).isNull();
        complete(job, Map.of("counter", 5, "fresh", true));
        awaitState(instance, ProcessInstanceState.COMPLETED);
        // "counter" existed on the sub-process scope (its input mapping), so the job's value went there;
        // "fresh" existed nowhere, so it went to the root.
        assertThat(scopedVariable(instance, inner, "counter")).isEqualTo("5");
        assertThat(variable(instance, "counter")).isNull();
        assertThat(variable(instance, "fresh")).isEqualTo("true");
    }

    @Test
    void anUncaughtErrorAndAFailingExpressionAreIncidentsTheClientResolves() {
        deployModel(Bpmn.createExecutableProcess("el-uncaught").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("el-uncaught-work")).endEvent().done());
        deployModel(Bpmn.createExecutableProcess("el-feel-incident").startEvent()
                .serviceTask("task", t -> t.zeebeJobType("el-feel-work").zeebeInputExpression("assert(limit, limit != null)", "max"))
                .endEvent().done());

        long uncaught = create("el-uncaught", Map.of());
        client().newThrowErrorCommand(activateOne("el-uncaught-work").getKey()).errorCode("NOBODY_CATCHES")
                .errorMessage("no handler").send().join();
        IncidentView unhandled = awaitIncident(uncaught);
        assertThat(unhandled.errorType()).isEqualTo("UNHANDLED_ERROR_EVENT");
        assertThat(unhandled.errorMessage()).contains("NOBODY_CATCHES");

        long failing = create("el-feel-incident", Map.of());
        IncidentView mapping = awaitIncident(failing);
        assertThat(mapping.errorType()).isEqualTo("IO_MAPPING_ERROR");
        assertThat(mapping.elementId()).isEqualTo("task");
        client().newSetVariablesCommand(failing).variables(Map.of("limit", 7)).send().join();
        client().newResolveIncidentCommand(mapping.key()).send().join();
        ActivatedJob job = activateOne("el-feel-work");
        assertThat(job.getVariablesAsMap()).containsEntry("max", 7);
        complete(job, Map.of());
        awaitState(failing, ProcessInstanceState.COMPLETED);
    }

    @Test
    void aBufferedMessageExpiresAfterItsTimeToLiveAndNeverCorrelatesLater() {
        deployModel(Bpmn.createExecutableProcess("el-ttl").startEvent()
                .receiveTask("wait").message(m -> m.name("el-ttl-msg").zeebeCorrelationKeyExpression("id"))
                .endEvent().done());
        client().newPublishMessageCommand().messageName("el-ttl-msg").correlationKey("t-1").messageId("el-ttl-1")
                .timeToLive(Duration.ofMillis(100)).variables(Map.of("v", "expired")).send().join();
        // A message id is unique only while its message is buffered: once the id is free again, the first has expired.
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            client().newPublishMessageCommand().messageName("el-ttl-msg").correlationKey("t-1").messageId("el-ttl-1")
                    .timeToLive(Duration.ZERO).send().join();
            return true;
        });
        long instance = create("el-ttl", Map.of("id", "t-1"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(instance, "wait")).containsExactly("ACTIVE"));
        client().newPublishMessageCommand().messageName("el-ttl-msg").correlationKey("t-1")
                .timeToLive(Duration.ZERO).variables(Map.of("v", "fresh")).send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(variable(instance, "v")).isEqualTo("\"fresh\"");
    }

    // ---- deployment validation -----------------------------------------------------------------------------

    @Test
    void aModelWithUnsupportedAndInvalidElementsIsRefusedListingEachElementAndNothingIsDeployed() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://weft.dev/test">
                  <bpmn:process id="el-invalid" isExecutable="true">
                    <bpmn:startEvent id="start"/>
                    <bpmn:complexGateway id="complex"/>
                    <bpmn:serviceTask id="badFeel">
                      <bpmn:extensionElements>
                        <zeebe:taskDefinition type="x"/>
                        <zeebe:ioMapping><zeebe:input source="= a +* b" target="c"/></zeebe:ioMapping>
                      </bpmn:extensionElements>
                    </bpmn:serviceTask>
                    <bpmn:serviceTask id="noType"/>
                  </bpmn:process>
                </bpmn:definitions>
                """;
        assertRejected(() -> client().newDeployResourceCommand().addResourceStringUtf8(xml, "el-invalid.bpmn").send().join(),
                io.grpc.Status.Code.INVALID_ARGUMENT, 400, "el-invalid.bpmn", "Element: complex", "Element: badFeel",
                "Element: noType", "is not a valid FEEL expression");
        assertRejected(() -> create("el-invalid", Map.of()), io.grpc.Status.Code.NOT_FOUND, 404, "el-invalid");
    }

    @Test
    void anAdHocOutputCollectionIsRefusedAtDeploymentRatherThanSilentlyIgnored() {
        var model = Bpmn.createExecutableProcess("el-adhoc-output").startEvent()
                .adHocSubProcess("tools", a -> {
                    a.zeebeActiveElementsCollectionExpression("chosen").zeebeOutputCollection("results")
                            .zeebeOutputElementExpression("found");
                    a.serviceTask("search", t -> t.zeebeJobType("el-adhoc-output-search"));
                })
                .endEvent().done();
        assertRejected(() -> client().newDeployResourceCommand().addProcessModel(model, "el-adhoc-output.bpmn").send().join(),
                io.grpc.Status.Code.INVALID_ARGUMENT, 400, "Element: tools", "outputCollection");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    protected void deployModel(BpmnModelInstance model) {
        String id = model.getModelElementsByType(Process.class).iterator().next().getId();
        client().newDeployResourceCommand().addProcessModel(model, id + ".bpmn").send().join();
    }

    protected void complete(ActivatedJob job, Map<String, Object> variables) {
        client().newCompleteCommand(job.getKey()).variables(variables).send().join();
    }

    protected List<ElementInstanceView> elements(long instance) {
        return engine().searchElementInstances(instance, new Page(0, 1000)).join().items();
    }

    /** The states of every instance of one element, in the order they were created. */
    protected List<String> states(long instance, String elementId) {
        return elements(instance).stream().filter(e -> e.elementId().equals(elementId))
                .map(ElementInstanceView::state).toList();
    }

    /** The JSON text of a variable on one scope, or null. */
    protected String scopedVariable(long instance, long scope, String name) {
        return engine().searchVariables(new VariableFilter(instance, scope, name), Page.DEFAULT).join().items()
                .stream().findFirst().map(VariableView::value).orElse(null);
    }

}
