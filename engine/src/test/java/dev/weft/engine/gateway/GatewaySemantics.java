package dev.weft.engine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.IncidentState;
import dev.weft.engine.api.IncidentView;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.ProcessInstanceState;
import dev.weft.engine.api.ProcessInstanceView;
import dev.weft.engine.api.VariableFilter;
import dev.weft.engine.api.VariableView;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Topology;
import io.camunda.client.api.worker.JobWorker;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The engine's protocol semantics as the real Camunda client sees them. Subclasses run every scenario in one
 * transport: gRPC ({@code preferRestOverGrpc(false)}) or the client's default REST. State is checked through the
 * engine's read models so both transports are judged by the same source of truth.
 */
public abstract class GatewaySemantics {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    protected abstract CamundaClient client();

    protected abstract Engine engine();

    /** Whether failures arrive as gRPC statuses (else as HTTP problems). */
    protected abstract boolean grpc();

    // ---- topology and deployment ---------------------------------------------------------------------------

    @Test
    void topologyReportsOneHealthyLeaderForEveryPartition() {
        Topology topology = client().newTopologyRequest().send().join();
        assertThat(topology.getBrokers()).hasSize(1);
        assertThat(topology.getClusterSize()).isEqualTo(1);
        assertThat(topology.getGatewayVersion()).isNotBlank();
        assertThat(topology.getBrokers().getFirst().getPartitions())
                .hasSize(topology.getPartitionsCount())
                .allSatisfy(p -> assertThat(p.isLeader()).isTrue());
    }

    @Test
    void aModelerFileDeploysAndNamesItsProcess() {
        DeploymentEvent deployment = deploy("gateway/order-process.bpmn");
        assertThat(deployment.getProcesses()).singleElement().satisfies(p -> {
            assertThat(p.getBpmnProcessId()).isEqualTo("order-process");
            assertThat(p.getVersion()).isPositive();
            // The client names classpath resources by their path, as Zeebe does.
            assertThat(p.getResourceName()).isEqualTo("gateway/order-process.bpmn");
            assertThat(p.getProcessDefinitionKey()).isPositive();
        });
        assertThat(deployment.getKey()).isPositive();
    }

    @Test
    void aFormDeploysBesideItsProcessAndIsListed() {
        String form = """
                {"id": "order-form", "type": "default", "components": [{"key": "orderId", "type": "textfield", "label": "Order"}],
                 "schemaVersion": 16, "executionPlatform": "Camunda Cloud"}
                """;
        DeploymentEvent deployment = client().newDeployResourceCommand()
                .addResourceStringUtf8(classpathText("gateway/order-process.bpmn"), "order-with-form.bpmn")
                .addResourceStringUtf8(form, "order.form").send().join();
        assertThat(deployment.getProcesses()).singleElement().satisfies(p -> assertThat(p.getResourceName()).isEqualTo("order-with-form.bpmn"));
        assertThat(deployment.getForm()).singleElement().satisfies(f -> {
            assertThat(f.getFormId()).isEqualTo("order-form");
            assertThat(f.getResourceName()).isEqualTo("order.form");
            assertThat(f.getFormKey()).isPositive();
        });
    }

    @Test
    void aDecisionFileIsStoredAndListedAsDecisionRequirements() {
        DeploymentEvent deployment = deploy("gateway/risk.dmn");
        assertThat(deployment.getProcesses()).isEmpty();
        assertThat(deployment.getDecisionRequirements()).singleElement().satisfies(d -> {
            assertThat(d.getDmnDecisionRequirementsId()).isEqualTo("risk-rules");
            assertThat(d.getResourceName()).isEqualTo("gateway/risk.dmn");
            assertThat(d.getDecisionRequirementsKey()).isPositive();
        });
    }

    @Test
    void aDeletedProcessDefinitionCanNoLongerBeStarted() {
        String xml = classpathText("gateway/order-process.bpmn").replace("\"order-process\"", "\"order-deleted\"");
        long definition = client().newDeployResourceCommand().addResourceStringUtf8(xml, "order-deleted.bpmn").send().join()
                .getProcesses().getFirst().getProcessDefinitionKey();
        client().newDeleteResourceCommand(definition).send().join();
        assertRejected(() -> create("order-deleted", Map.of()), Status.Code.NOT_FOUND, 404, "order-deleted");
        assertRejected(() -> client().newDeleteResourceCommand(definition).send().join(), Status.Code.NOT_FOUND, 404,
                String.valueOf(definition));
    }

    // ---- instances and jobs --------------------------------------------------------------------------------

    @Test
    void aPollingWorkerCompletesTheJobAndTheInstanceEnds() {
        String process = deployOrder("polling");
        Map<Long, ActivatedJob> seen = new ConcurrentHashMap<>();
        long instance = create(process, Map.of("orderId", "o-1", "amount", 42));
        try (JobWorker ignored = client().newWorker().jobType("charge-polling")
                .handler((jobClient, job) -> {
                    seen.put(job.getProcessInstanceKey(), job);
                    jobClient.newCompleteCommand(job.getKey()).variables(Map.of("charged", true)).send().join();
                })
                .name("polling-worker").timeout(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .streamEnabled(false).open()) {
            awaitState(instance, ProcessInstanceState.COMPLETED);
        }
        ActivatedJob job = seen.get(instance);
        assertThat(job.getVariablesAsMap()).containsEntry("orderId", "o-1").containsEntry("amount", 42);
        assertThat(job.getCustomHeaders()).containsEntry("currency", "EUR");
        assertThat(job.getElementId()).isEqualTo("charge");
        assertThat(job.getBpmnProcessId()).isEqualTo(process);
        assertThat(job.getWorker()).isEqualTo("polling-worker");
        assertThat(variable(instance, "charged")).isEqualTo("true");
    }

    @Test
    void createWithResultAnswersWithTheFinalVariables() {
        String process = deployOrder("result");
        try (JobWorker ignored = completingWorker("charge-result", Map.of("charged", true, "receipt", "r-9"))) {
            var result = client().newCreateInstanceCommand().bpmnProcessId(process).latestVersion()
                    .variables(Map.of("orderId", "o-2")).withResult()
                    .fetchVariables("receipt", "orderId").requestTimeout(PATIENCE).send().join();
            assertThat(result.getBpmnProcessId()).isEqualTo(process);
            assertThat(result.getVariablesAsMap()).containsEntry("receipt", "r-9").containsEntry("orderId", "o-2")
                    .doesNotContainKey("charged");
            assertThat(state(result.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        }
    }

    @Test
    void aLongPollWaitsForAJobCreatedWhileItIsOpen() {
        String process = deployOrder("longpoll");
        var poll = client().newActivateJobsCommand().jobType("charge-longpoll").maxJobsToActivate(5)
                .timeout(Duration.ofMinutes(1)).requestTimeout(PATIENCE).send();
        long instance = create(process, Map.of("orderId", "lp-1"));
        List<ActivatedJob> jobs = poll.join().getJobs();
        assertThat(jobs).singleElement().satisfies(j -> assertThat(j.getProcessInstanceKey()).isEqualTo(instance));
        client().newCompleteCommand(jobs.getFirst().getKey()).send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);
    }

    @Test
    void aLongPollWithoutJobsEndsEmpty() {
        var jobs = client().newActivateJobsCommand().jobType("nobody-creates-this").maxJobsToActivate(5)
                .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofMillis(500)).send().join().getJobs();
        assertThat(jobs).isEmpty();
    }

    @Test
    void aJobWhoseTimeoutIsShortenedIsHandedOutAgain() {
        String process = deployOrder("timeout");
        create(process, Map.of("orderId", "o-t"));
        ActivatedJob job = activateOne("charge-timeout");
        client().newUpdateTimeoutCommand(job.getKey()).timeout(Duration.ofMillis(1)).send().join();
        ActivatedJob again = activateOne("charge-timeout");
        assertThat(again.getKey()).isEqualTo(job.getKey());
        client().newCompleteCommand(again.getKey()).send().join();
    }

    @Test
    void createWithResultGivesUpAfterItsTimeoutWhileTheInstanceRuns() {
        String process = deployOrder("deadline");
        Throwable failure = catchFailure(() -> client().newCreateInstanceCommand().bpmnProcessId(process).latestVersion()
                .withResult().requestTimeout(Duration.ofSeconds(1)).send().join());
        if (grpc()) {
            assertThat(failure).isInstanceOfSatisfying(ClientStatusException.class,
                    e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        } else {
            assertThat(failure).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.details().getStatus()).isEqualTo(504);
                assertThat(e.details().getDetail()).contains("keeps running");
            });
        }
        ActivatedJob job = activateOne("charge-deadline");
        assertThat(state(job.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.ACTIVE);
        client().newCompleteCommand(job.getKey()).send().join();
        awaitState(job.getProcessInstanceKey(), ProcessInstanceState.COMPLETED);
    }

    @Test
    void aJobFailedWithoutRetriesRaisesAnIncidentThatResolvesAfterNewRetries() {
        String process = deployOrder("incident");
        long instance = create(process, Map.of("orderId", "o-3"));
        ActivatedJob job = activateOne("charge-incident");
        client().newFailCommand(job.getKey()).retries(0).errorMessage("card service down").send().join();

        IncidentView incident = awaitIncident(instance);
        assertThat(incident.errorType()).isEqualTo("JOB_NO_RETRIES");
        assertThat(incident.errorMessage()).contains("card service down");
        assertThat(incident.jobKey()).isEqualTo(job.getKey());

        client().newUpdateRetriesCommand(job.getKey()).retries(2).send().join();
        client().newResolveIncidentCommand(incident.key()).send().join();

        ActivatedJob again = activateOne("charge-incident");
        assertThat(again.getKey()).isEqualTo(job.getKey());
        assertThat(again.getRetries()).isEqualTo(2);
        client().newCompleteCommand(again.getKey()).send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);
    }

    @Test
    void aFailedJobWithRetriesLeftIsHandedOutAgain() {
        String process = deployOrder("retry");
        create(process, Map.of("orderId", "o-4"));
        ActivatedJob job = activateOne("charge-retry");
        client().newFailCommand(job.getKey()).retries(1).errorMessage("try again").send().join();
        ActivatedJob again = activateOne("charge-retry");
        assertThat(again.getKey()).isEqualTo(job.getKey());
        assertThat(again.getRetries()).isEqualTo(1);
        client().newCompleteCommand(again.getKey()).send().join();
    }

    @Test
    void aThrownErrorIsCaughtByTheBoundaryEventWithItsCode() {
        deploy("gateway/payment.bpmn");
        long instance = create("payment", Map.of("orderId", "o-5"));
        ActivatedJob job = activateOne("pay");
        client().newThrowErrorCommand(job.getKey()).errorCode("CARD_DECLINED").errorMessage("limit reached")
                .variables(Map.of("reason", "limit")).send().join();
        awaitState(instance, ProcessInstanceState.COMPLETED);
        var elements = engine().searchElementInstances(instance, Page.DEFAULT).join().items();
        assertThat(elements).anySatisfy(e -> {
            assertThat(e.elementId()).isEqualTo("declined");
            assertThat(e.state()).isEqualTo("COMPLETED");
        });
        assertThat(elements).noneSatisfy(e -> assertThat(e.elementId()).isEqualTo("paid"));
    }

    @Test
    void aPublishedMessageIsCorrelatedByItsKey() {
        deploy("gateway/await-payment.bpmn");
        long waiting = create("await-payment", Map.of("orderId", "o-6"));
        long other = create("await-payment", Map.of("orderId", "o-other"));
        client().newPublishMessageCommand().messageName("payment-received").correlationKey("o-6")
                .timeToLive(Duration.ZERO).variables(Map.of("paidAmount", 42)).send().join();
        awaitState(waiting, ProcessInstanceState.COMPLETED);
        assertThat(variable(waiting, "paidAmount")).isEqualTo("42");
        assertThat(state(other)).isEqualTo(ProcessInstanceState.ACTIVE);
    }

    @Test
    void aBufferedMessageCorrelatesToAnInstanceThatOpensItsSubscriptionLater() {
        deploy("gateway/await-payment.bpmn");
        client().newPublishMessageCommand().messageName("payment-received").correlationKey("o-early")
                .timeToLive(Duration.ofMinutes(10)).variables(Map.of("early", true)).send().join();
        long instance = create("await-payment", Map.of("orderId", "o-early"));
        awaitState(instance, ProcessInstanceState.COMPLETED);
        assertThat(variable(instance, "early")).isEqualTo("true");
    }

    @Test
    void aPublishedMessageIsBufferedAndItsIdIsUniqueWhileBuffered() {
        long key = client().newPublishMessageCommand().messageName("payment-received").correlationKey("o-buffered-1")
                .messageId("payment-o-buffered-1").timeToLive(Duration.ofMinutes(5)).variables(Map.of("paidAmount", 42))
                .send().join().getMessageKey();
        assertThat(key).isPositive();
        assertRejected(() -> client().newPublishMessageCommand().messageName("payment-received").correlationKey("o-buffered-1")
                        .messageId("payment-o-buffered-1").timeToLive(Duration.ofMinutes(5)).send().join(),
                Status.Code.ALREADY_EXISTS, 409, "payment-o-buffered-1");
    }

    @Test
    void aBroadcastSignalReleasesEveryWaitingInstance() {
        deploy("gateway/signal-wait.bpmn");
        long first = create("signal-wait", Map.of());
        long second = create("signal-wait", Map.of());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(engine().searchElementInstances(second, Page.DEFAULT).join().items())
                .anySatisfy(e -> assertThat(e.elementId()).isEqualTo("released")));
        long key = client().newBroadcastSignalCommand().signalName("release-all").variables(Map.of("releasedBy", "ops"))
                .send().join().getKey();
        assertThat(key).isPositive();
        awaitState(first, ProcessInstanceState.COMPLETED);
        awaitState(second, ProcessInstanceState.COMPLETED);
    }

    @Test
    void cancellingEndsTheInstanceAndASecondCancelIsNotFound() {
        long instance = create(deployOrder("cancel"), Map.of("orderId", "o-7"));
        client().newCancelInstanceCommand(instance).send().join();
        awaitState(instance, ProcessInstanceState.TERMINATED);
        assertRejected(() -> client().newCancelInstanceCommand(instance).send().join(), Status.Code.NOT_FOUND, 404,
                String.valueOf(instance));
    }

    @Test
    void setVariablesUpdatesTheInstanceScope() {
        long instance = create(deployOrder("variables"), Map.of("orderId", "o-8"));
        client().newSetVariablesCommand(instance).variables(Map.of("priority", "high", "orderId", "o-8b")).send().join();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(variable(instance, "priority")).isEqualTo("\"high\"");
            assertThat(variable(instance, "orderId")).isEqualTo("\"o-8b\"");
        });
    }

    // ---- bad input -----------------------------------------------------------------------------------------

    @Test
    void malformedXmlIsRefusedNamingTheResourceAndTheEngineKeepsServing() {
        assertRejected(() -> client().newDeployResourceCommand()
                        .addResourceStringUtf8("<bpmn:definitions><bpmn:process id=\"x\"", "broken.bpmn").send().join(),
                Status.Code.INVALID_ARGUMENT, 400, "broken.bpmn");
        assertThat(deploy("gateway/order-process.bpmn").getProcesses()).hasSize(1);
    }

    @Test
    void anExternalEntityIsRefusedAndNeverResolved() {
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
                  <bpmn:process id="xxe" isExecutable="true"><bpmn:startEvent id="s" name="&secret;"/></bpmn:process>
                </bpmn:definitions>
                """;
        Throwable failure = assertRejected(() -> client().newDeployResourceCommand()
                .addResourceStringUtf8(xxe, "xxe.bpmn").send().join(), Status.Code.INVALID_ARGUMENT, 400, "xxe.bpmn");
        assertThat(failure.getMessage()).doesNotContain("root:");
        assertRejected(() -> create("xxe", Map.of()), Status.Code.NOT_FOUND, 404, "xxe");
    }

    @Test
    void unknownKeysAreNotFound() {
        long unknown = 2251799813685249L + 987_654;
        assertRejected(() -> client().newCompleteCommand(unknown).send().join(), Status.Code.NOT_FOUND, 404, String.valueOf(unknown));
        assertRejected(() -> client().newFailCommand(unknown).retries(1).send().join(), Status.Code.NOT_FOUND, 404, String.valueOf(unknown));
        assertRejected(() -> client().newResolveIncidentCommand(unknown).send().join(), Status.Code.NOT_FOUND, 404, String.valueOf(unknown));
        assertRejected(() -> create("no-such-process", Map.of()), Status.Code.NOT_FOUND, 404, "no-such-process");
    }

    @Test
    void aHugePayloadIsRefusedAndTheEngineKeepsServing() {
        String process = deployOrder("huge");
        String big = "x".repeat(6 * 1024 * 1024);
        Throwable failure = catchFailure(() -> create(process, Map.of("blob", big)));
        if (failure instanceof ClientStatusException status) {
            assertThat(status.getStatusCode()).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.INVALID_ARGUMENT);
        } else if (failure instanceof ProblemException problem) {
            assertThat(problem.details().getStatus()).isIn(400, 413);
        } else {
            fail("Expected the huge payload to be refused by the protocol, but got " + failure);
        }
        assertThat(create(process, Map.of("orderId", "after-huge"))).isPositive();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * Deploys the Modeler file {@code order-process.bpmn} under its own process id and job type, so a worker of one
     * test never takes another test's jobs (a closed worker's last long poll may still be waiting on the server).
     */
    protected String deployOrder(String variant) {
        String xml = classpathText("gateway/order-process.bpmn")
                .replace("\"order-process\"", "\"order-" + variant + "\"")
                .replace("type=\"charge\"", "type=\"charge-" + variant + "\"");
        client().newDeployResourceCommand().addResourceStringUtf8(xml, "order-" + variant + ".bpmn").send().join();
        return "order-" + variant;
    }

    public static String classpathText(String resource) {
        try (var in = GatewaySemantics.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(java.util.Objects.requireNonNull(in, resource).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    protected DeploymentEvent deploy(String classpathResource) {
        return client().newDeployResourceCommand().addResourceFromClasspath(classpathResource).send().join();
    }

    protected long create(String processId, Map<String, Object> variables) {
        return client().newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
    }

    protected ActivatedJob activateOne(String type) {
        List<ActivatedJob> jobs = List.of();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (jobs.isEmpty() && System.nanoTime() < deadline) {
            jobs = client().newActivateJobsCommand().jobType(type).maxJobsToActivate(1).timeout(Duration.ofMinutes(1))
                    .requestTimeout(Duration.ofSeconds(5)).send().join().getJobs();
        }
        assertThat(jobs).as("an activatable job of type %s", type).hasSize(1);
        return jobs.getFirst();
    }

    protected JobWorker completingWorker(String type, Map<String, Object> variables) {
        return client().newWorker().jobType(type)
                .handler((jobClient, job) -> jobClient.newCompleteCommand(job.getKey()).variables(variables).send().join())
                .timeout(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).open();
    }

    protected ProcessInstanceState state(long instance) {
        return engine().getProcessInstance(instance).join().map(ProcessInstanceView::state).orElse(null);
    }

    protected void awaitState(long instance, ProcessInstanceState expected) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(state(instance)).isEqualTo(expected));
    }

    protected IncidentView awaitIncident(long instance) {
        return await().atMost(PATIENCE).until(() -> engine()
                        .searchIncidents(new IncidentFilter(instance, IncidentState.ACTIVE, null, null), Page.DEFAULT).join().items(),
                items -> !items.isEmpty()).getFirst();
    }

    /** The JSON text of a root-scope variable, or null. */
    protected String variable(long instance, String name) {
        return engine().searchVariables(new VariableFilter(instance, instance, name), Page.DEFAULT).join().items()
                .stream().findFirst().map(VariableView::value).orElse(null);
    }

    protected Throwable assertRejected(Runnable call, Status.Code grpcCode, int httpStatus, String... fragments) {
        Throwable failure = catchFailure(call);
        if (grpc()) {
            assertThat(failure).isInstanceOfSatisfying(ClientStatusException.class, e -> {
                assertThat(e.getStatusCode()).isEqualTo(grpcCode);
                assertThat(e.getStatus().getDescription()).contains(fragments);
            });
        } else {
            assertThat(failure).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.details().getStatus()).isEqualTo(httpStatus);
                assertThat(e.details().getDetail()).contains(fragments);
            });
        }
        return failure;
    }

    protected static Throwable catchFailure(Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("Expected the call to be refused, but it succeeded");
    }
}
