package dev.weft.engine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.ProcessInstanceState;
import dev.weft.engine.api.ProcessInstanceView;
import dev.weft.engine.api.VariableFilter;
import dev.weft.engine.api.VariableView;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Job-worker-driven ad-hoc sub-processes ({@code zeebe:adHoc} with a {@code zeebe:taskDefinition}, the shape Camunda
 * 8.8 agentic flows use), driven by the real Camunda client in the transport of the subclass: the sub-process's job
 * is created when it is activated and again when an inner element completes; the worker's job result activates
 * inner elements with local variables, completes the sub-process, and cancels what still runs inside when asked.
 */
public abstract class AdHocJobWorkerSemantics {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    protected abstract CamundaClient client();

    protected abstract Engine engine();

    /** Whether {@link #client()} speaks gRPC (else REST). */
    protected abstract boolean grpc();

    /** A refusal with INVALID_ARGUMENT (gRPC) / 400 (REST) whose description holds every fragment. */
    private void assertInvalid(Runnable call, String... fragments) {
        Throwable failure = null;
        try {
            call.run();
        } catch (Throwable t) {
            failure = t;
        }
        if (grpc()) {
            assertThat(failure).isInstanceOfSatisfying(ClientStatusException.class, e -> {
                assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains(fragments);
            });
        } else {
            assertThat(failure).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.details().getStatus()).isEqualTo(400);
                assertThat(e.details().getDetail()).contains(fragments);
            });
        }
    }

    /** start -> ad-hoc sub-process "agent" (job type {@code <id>-agent}) with tools "search" and "weather" -> end. */
    private void deployAgent(String processId) {
        BpmnModelInstance model = Bpmn.createExecutableProcess(processId).startEvent()
                .adHocSubProcess("agent", a -> {
                    a.zeebeJobType(processId + "-agent");
                    a.serviceTask("search", t -> t.zeebeJobType(processId + "-search"));
                    a.serviceTask("weather", t -> t.zeebeJobType(processId + "-weather"));
                })
                .endEvent().done();
        client().newDeployResourceCommand().addProcessModel(model, processId + ".bpmn").send().join();
    }

    private long create(String processId, Map<String, Object> variables) {
        return client().newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
    }

    private ActivatedJob activateOne(String type) {
        return await().atMost(PATIENCE).until(() -> client().newActivateJobsCommand().jobType(type).maxJobsToActivate(1)
                        .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(1)).send().join().getJobs(),
                jobs -> !jobs.isEmpty()).getFirst();
    }

    private List<ActivatedJob> activateNow(String type) {
        return client().newActivateJobsCommand().jobType(type).maxJobsToActivate(5).timeout(Duration.ofMinutes(1))
                .requestTimeout(Duration.ofMillis(300)).send().join().getJobs();
    }

    private ProcessInstanceState state(long instance) {
        return engine().getProcessInstance(instance).join().map(ProcessInstanceView::state).orElse(null);
    }

    private void awaitState(long instance, ProcessInstanceState expected) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(state(instance)).isEqualTo(expected));
    }

    private List<String> rootVariableNames(long instance) {
        return engine().searchVariables(new VariableFilter(instance, instance, null), Page.DEFAULT).join().items()
                .stream().map(VariableView::name).toList();
    }

    @Test
    void theWorkerActivatesToolsWithLocalVariablesSeesTheirOutputsOnItsNextJobAndCompletesTheSubProcess() {
        deployAgent("ah-agent");
        long instance = create("ah-agent", Map.of("question", "Do I need an umbrella in Oslo?"));

        ActivatedJob first = activateOne("ah-agent-agent");
        assertThat(first.getElementId()).isEqualTo("agent");
        assertThat(first.getVariablesAsMap()).containsEntry("question", "Do I need an umbrella in Oslo?");
        client().newCompleteCommand(first).variables(Map.of("round", 1))
                .withResult(r -> r.forAdHocSubProcess()
                        .activateElement("search").variables(Map.of("query", "Oslo rain"))
                        .activateElement("weather").variable("city", "Oslo"))
                .send().join();

        ActivatedJob search = activateOne("ah-agent-search");
        assertThat(search.getVariablesAsMap()).containsEntry("query", "Oslo rain").containsEntry("round", 1);
        ActivatedJob weather = activateOne("ah-agent-weather");
        assertThat(weather.getVariablesAsMap()).containsEntry("city", "Oslo").doesNotContainKey("query");
        client().newCompleteCommand(search).variables(Map.of("searchResult", "showers expected")).send().join();
        client().newCompleteCommand(weather).variables(Map.of("forecast", "rain")).send().join();

        // A new job came when the first tool completed; an answer that sees only part of the outputs gives no
        // instruction, and the engine asks again, so the worker sees both outputs on a later job.
        ActivatedJob next = activateOne("ah-agent-agent");
        while (!next.getVariablesAsMap().containsKey("searchResult") || !next.getVariablesAsMap().containsKey("forecast")) {
            client().newCompleteCommand(next).withResult(r -> r.forAdHocSubProcess()).send().join();
            next = activateOne("ah-agent-agent");
        }
        assertThat(state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
        client().newCompleteCommand(next).variables(Map.of("answer", "yes, take an umbrella"))
                .withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true))
                .send().join();

        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(rootVariableNames(instance))
                .contains("question", "round", "searchResult", "forecast", "answer")
                .doesNotContain("query", "city");
        assertThat(activateNow("ah-agent-agent")).isEmpty();
    }

    @Test
    void anUnknownElementToActivateIsRejectedNamingItAndNothingIsWritten() {
        deployAgent("ah-unknown");
        long instance = create("ah-unknown", Map.of());
        ActivatedJob job = activateOne("ah-unknown-agent");

        assertInvalid(() -> client().newCompleteCommand(job)
                .withResult(r -> r.forAdHocSubProcess().activateElement("search").activateElement("translate"))
                .send().join(), "'translate'", "'agent'");
        assertThat(activateNow("ah-unknown-search")).isEmpty();

        // the job is still there to be completed properly
        client().newCompleteCommand(job).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true))
                .send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);
    }

    @Test
    void aFulfilledConditionWaitsForRunningElementsOrCancelsThemWhenAsked() {
        deployAgent("ah-finish");
        long waits = create("ah-finish", Map.of("mode", "wait"));
        ActivatedJob first = activateOne("ah-finish-agent");
        client().newCompleteCommand(first).withResult(r -> r.forAdHocSubProcess().activateElement("search")
                        .completionConditionFulfilled(true).cancelRemainingInstances(false))
                .send().join();
        ActivatedJob search = activateOne("ah-finish-search");
        assertThat(state(waits)).isEqualTo(ProcessInstanceState.ACTIVE);
        client().newCompleteCommand(search).variables(Map.of("searchResult", "late")).send().join();
        awaitState(waits, ProcessInstanceState.COMPLETED);
        assertThat(rootVariableNames(waits)).contains("searchResult");
        assertThat(activateNow("ah-finish-agent")).isEmpty(); // fulfilled: the worker is not asked again

        long cancels = create("ah-finish", Map.of("mode", "cancel"));
        ActivatedJob again = activateOne("ah-finish-agent");
        assertThat(again.getProcessInstanceKey()).isEqualTo(cancels);
        client().newCompleteCommand(again).withResult(r -> r.forAdHocSubProcess().activateElement("weather")
                        .completionConditionFulfilled(true).cancelRemainingInstances(true))
                .send().join();
        awaitState(cancels, ProcessInstanceState.COMPLETED);
        assertThat(activateNow("ah-finish-weather")).isEmpty();
    }

    @Test
    void aResultForAJobOutsideAnAdHocSubProcessAndATaskDefinitionWithACompletionConditionAreRejected() {
        client().newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("ah-plain").startEvent()
                .serviceTask("work", t -> t.zeebeJobType("ah-plain-work")).endEvent().done(), "plain.bpmn").send().join();
        long instance = create("ah-plain", Map.of());
        ActivatedJob job = activateOne("ah-plain-work");
        assertInvalid(() -> client().newCompleteCommand(job)
                .withResult(r -> r.forAdHocSubProcess().activateElement("work")).send().join(),
                "'work'", "not an ad-hoc sub-process");
        client().newCompleteCommand(job).send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);

        BpmnModelInstance both = Bpmn.createExecutableProcess("ah-both").startEvent()
                .adHocSubProcess("agent", a -> {
                    a.zeebeJobType("ah-both-agent").completionCondition("=done");
                    a.serviceTask("search", t -> t.zeebeJobType("ah-both-search"));
                })
                .endEvent().done();
        assertInvalid(() -> client().newDeployResourceCommand().addProcessModel(both, "both.bpmn").send().join(),
                "agent", "completionCondition");
    }
}
