package dev.weft.engine.gateway.grpc;

import static dev.weft.engine.gateway.common.VariablesJson.parse;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.AdHocJobResult;
import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.DeployCommand;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.Resource;
import dev.weft.engine.api.StreamJobsCommand;
import dev.weft.engine.gateway.common.JobHandOff;
import dev.weft.engine.gateway.common.Tenants;
import dev.weft.engine.gateway.common.VariablesJson;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.*;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Zeebe gateway protocol served by a Weft {@link Engine}. Each RPC validates its request (naming the offending
 * field), calls the engine, and maps the answer or rejection to the protocol. RPCs Weft does not serve answer
 * UNIMPLEMENTED with a sentence saying so.
 */
public final class WeftGatewayService extends GatewayGrpc.GatewayImplBase {

    /** Long-polling timeout when the client sends 0 (Zeebe's gateway default). */
    static final Duration DEFAULT_LONG_POLLING_TIMEOUT = Duration.ofSeconds(10);
    /** How long CreateProcessInstanceWithResult waits when the client sends no request timeout. */
    static final Duration DEFAULT_RESULT_TIMEOUT = Duration.ofSeconds(20);

    private final Engine engine;
    private final Supplier<String> advertisedHost;
    private final Supplier<Integer> advertisedPort;
    private final LongPolls longPolls;
    private final JobStreams jobStreams;
    private volatile boolean stopping;

    /**
     * @param advertisedHost host name the topology reports for this node
     * @param advertisedPort port the topology reports (the bound port is only known after start, hence a supplier)
     */
    public WeftGatewayService(Engine engine, Supplier<String> advertisedHost, Supplier<Integer> advertisedPort) {
        this.engine = engine;
        this.advertisedHost = advertisedHost;
        this.advertisedPort = advertisedPort;
        JobHandOff handOff = new JobHandOff(engine);
        this.longPolls = new LongPolls(engine, handOff);
        this.jobStreams = new JobStreams(engine, longPolls::abandon);
    }

    /** Completes open job streams and waiting long polls normally; later calls answer UNAVAILABLE. */
    void shutdown() {
        stopping = true;
        jobStreams.completeAll();
        longPolls.completeAll();
    }

    /** Number of open StreamActivatedJobs calls; for diagnostics and tests. */
    public int openJobStreams() {
        return jobStreams.openCount();
    }

    // ---- cluster -------------------------------------------------------------------------------------------

    @Override
    public void topology(TopologyRequest request, StreamObserver<TopologyResponse> observer) {
        call("Topology", observer, () -> CompletableFuture.completedFuture(
                ProtoMapping.topology(engine.topology(), advertisedHost.get(), advertisedPort.get())), Function.identity());
    }

    // ---- deployment ----------------------------------------------------------------------------------------

    @Override
    public void deployResource(DeployResourceRequest request, StreamObserver<DeployResourceResponse> observer) {
        call("DeployResource", observer, () -> {
            String tenant = Tenants.require("tenantId", request.getTenantId());
            if (request.getResourcesCount() == 0) {
                throw new IllegalArgumentException("Expected to deploy at least one resource, but property 'resources' is empty");
            }
            List<Resource> resources = request.getResourcesList().stream().map(r -> {
                if (r.getName().isBlank()) {
                    throw new IllegalArgumentException("Expected every resource to have a name, but property 'resources[].name' is empty");
                }
                return new Resource(r.getName(), r.getContent().toByteArray());
            }).toList();
            return engine.deploy(new DeployCommand(resources, tenant));
        }, ProtoMapping::deployment);
    }

    @Override
    public void deleteResource(DeleteResourceRequest request, StreamObserver<DeleteResourceResponse> observer) {
        call("DeleteResource", observer, () -> engine.deleteResource(request.getResourceKey()),
                ok -> DeleteResourceResponse.getDefaultInstance());
    }

    // ---- process instances ---------------------------------------------------------------------------------

    @Override
    public void createProcessInstance(CreateProcessInstanceRequest request,
                                      StreamObserver<CreateProcessInstanceResponse> observer) {
        call("CreateProcessInstance", observer, () -> engine.createProcessInstance(createCommand(request, "")),
                created -> CreateProcessInstanceResponse.newBuilder()
                        .setProcessDefinitionKey(created.processDefinitionKey())
                        .setBpmnProcessId(created.bpmnProcessId())
                        .setVersion(created.version())
                        .setProcessInstanceKey(created.processInstanceKey())
                        .setTenantId(ProtoMapping.tenant(created.tenantId()))
                        .build());
    }

    @Override
    public void createProcessInstanceWithResult(CreateProcessInstanceWithResultRequest request,
                                                StreamObserver<CreateProcessInstanceWithResultResponse> observer) {
        call("CreateProcessInstanceWithResult", observer, () -> {
            CreateInstanceCommand command = createCommand(request.getRequest(), "request.");
            Duration timeout = request.getRequestTimeout() > 0
                    ? Duration.ofMillis(request.getRequestTimeout()) : DEFAULT_RESULT_TIMEOUT;
            return engine.createProcessInstanceWithResult(command, request.getFetchVariablesList(), timeout)
                    .exceptionallyCompose(failure -> GrpcErrors.unwrap(failure) instanceof TimeoutException
                            ? CompletableFuture.failedFuture(Status.DEADLINE_EXCEEDED.withDescription(
                                    "Expected the process instance of '" + describe(command) + "' to complete within "
                                            + timeout.toMillis() + " ms, but it did not; the instance keeps running")
                                    .asRuntimeException())
                            : CompletableFuture.failedFuture(failure));
        }, result -> CreateProcessInstanceWithResultResponse.newBuilder()
                .setProcessDefinitionKey(result.processDefinitionKey())
                .setBpmnProcessId(result.bpmnProcessId())
                .setVersion(result.version())
                .setProcessInstanceKey(result.processInstanceKey())
                .setVariables(VariablesJson.write(result.variables()))
                .setTenantId(ProtoMapping.tenant(result.tenantId()))
                .build());
    }

    @Override
    public void cancelProcessInstance(CancelProcessInstanceRequest request,
                                      StreamObserver<CancelProcessInstanceResponse> observer) {
        call("CancelProcessInstance", observer, () -> engine.cancelProcessInstance(request.getProcessInstanceKey()),
                ok -> CancelProcessInstanceResponse.getDefaultInstance());
    }

    @Override
    public void setVariables(SetVariablesRequest request, StreamObserver<SetVariablesResponse> observer) {
        call("SetVariables", observer, () -> {
            if (request.getVariables().isBlank()) {
                throw new IllegalArgumentException("Expected property 'variables' to be a JSON object with at least one variable, but it is empty");
            }
            return engine.setVariables(request.getElementInstanceKey(), parse("variables", request.getVariables()), request.getLocal());
        }, key -> SetVariablesResponse.newBuilder().setKey(key).build());
    }

    // ---- jobs ----------------------------------------------------------------------------------------------

    @Override
    public void activateJobs(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> observer) {
        if (refuseWhenStopping(observer)) {
            return;
        }
        ActivateJobsCommand command;
        try {
            requireType("ActivateJobs", request.getType());
            if (request.getMaxJobsToActivate() < 1) {
                throw new IllegalArgumentException("Expected to handle gRPC request ActivateJobs with property 'maxJobsToActivate'"
                        + " greater than 0, but was " + request.getMaxJobsToActivate());
            }
            requireTimeout("ActivateJobs", request.getTimeout());
            // Zeebe: 0 means the gateway's default long-polling timeout, negative means answer at once.
            Duration requestTimeout = request.getRequestTimeout() == 0 ? DEFAULT_LONG_POLLING_TIMEOUT
                    : Duration.ofMillis(Math.max(0, request.getRequestTimeout()));
            command = new ActivateJobsCommand(request.getType(), request.getWorker(), Duration.ofMillis(request.getTimeout()),
                    request.getMaxJobsToActivate(), request.getFetchVariableList(), requestTimeout,
                    Tenants.requireAll("tenantIds", request.getTenantIdsList()));
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus("ActivateJobs", e));
            return;
        }
        longPolls.activate(command, observer);
    }

    @Override
    public void streamActivatedJobs(StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> observer) {
        if (stopping) {
            // Ending a job stream with an error makes the client hang on close; an empty stream is harmless.
            observer.onCompleted();
            return;
        }
        StreamJobsCommand command;
        try {
            requireType("StreamActivatedJobs", request.getType());
            requireTimeout("StreamActivatedJobs", request.getTimeout());
            command = new StreamJobsCommand(request.getType(), request.getWorker(), Duration.ofMillis(request.getTimeout()),
                    request.getFetchVariableList(), Tenants.requireAll("tenantIds", request.getTenantIdsList()));
        } catch (RuntimeException e) {
            // Invalid stream requests are the one place a stream ends with an error: it never opened.
            observer.onError(GrpcErrors.toStatus("StreamActivatedJobs", e));
            return;
        }
        jobStreams.open(command, observer);
    }

    @Override
    public void completeJob(CompleteJobRequest request, StreamObserver<CompleteJobResponse> observer) {
        call("CompleteJob", observer, () -> {
            if (request.hasResult()) {
                return engine.completeJob(request.getJobKey(), parse("variables", request.getVariables()),
                        adHocResult(request.getResult()));
            }
            return engine.completeJob(request.getJobKey(), parse("variables", request.getVariables()));
        }, ok -> CompleteJobResponse.getDefaultInstance());
    }

    /** The job result of an ad-hoc sub-process's job; other result types (user task listeners) are not served. */
    private static AdHocJobResult adHocResult(JobResult result) {
        if (!"adHocSubProcess".equals(result.getType()) && !"AD_HOC_SUB_PROCESS".equals(result.getType())) {
            throw new IllegalArgumentException("Property 'result' of type '" + result.getType() + "' is not supported"
                    + " by Weft: only ad-hoc sub-process job results (type 'adHocSubProcess') are served, not user task"
                    + " listener corrections or denials");
        }
        List<AdHocJobResult.ActivateElement> activate = new java.util.ArrayList<>();
        for (int i = 0; i < result.getActivateElementsCount(); i++) {
            JobResultActivateElement a = result.getActivateElements(i);
            if (a.getElementId().isBlank()) {
                throw new IllegalArgumentException("Expected property 'result.activateElements[" + i + "].elementId'"
                        + " to be an element id, but it was empty");
            }
            activate.add(new AdHocJobResult.ActivateElement(a.getElementId(),
                    parse("result.activateElements[" + i + "].variables", a.getVariables())));
        }
        return new AdHocJobResult(activate, result.getIsCompletionConditionFulfilled(),
                result.getIsCancelRemainingInstances());
    }

    @Override
    public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> observer) {
        call("FailJob", observer, () -> {
            if (request.getRetries() < 0) {
                throw new IllegalArgumentException("Expected property 'retries' to be 0 or greater, but was " + request.getRetries());
            }
            if (request.getRetryBackOff() < 0) {
                throw new IllegalArgumentException("Expected property 'retryBackOff' to be 0 or greater, but was " + request.getRetryBackOff());
            }
            return engine.failJob(request.getJobKey(), request.getRetries(), request.getErrorMessage(),
                    Duration.ofMillis(request.getRetryBackOff()), parse("variables", request.getVariables()));
        }, ok -> FailJobResponse.getDefaultInstance());
    }

    @Override
    public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> observer) {
        call("ThrowError", observer, () -> {
            if (request.getErrorCode().isBlank()) {
                throw new IllegalArgumentException("Expected property 'errorCode' to be a non-empty error code, but it is empty");
            }
            return engine.throwError(request.getJobKey(), request.getErrorCode(), request.getErrorMessage(),
                    parse("variables", request.getVariables()));
        }, ok -> ThrowErrorResponse.getDefaultInstance());
    }

    @Override
    public void updateJobRetries(UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> observer) {
        call("UpdateJobRetries", observer, () -> {
            if (request.getRetries() < 1) {
                throw new IllegalArgumentException("Expected property 'retries' to be greater than 0, but was " + request.getRetries());
            }
            return engine.updateJobRetries(request.getJobKey(), request.getRetries());
        }, ok -> UpdateJobRetriesResponse.getDefaultInstance());
    }

    @Override
    public void updateJobTimeout(UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> observer) {
        call("UpdateJobTimeout", observer, () -> {
            requireTimeout("UpdateJobTimeout", request.getTimeout());
            return engine.updateJobTimeout(request.getJobKey(), Duration.ofMillis(request.getTimeout()));
        }, ok -> UpdateJobTimeoutResponse.getDefaultInstance());
    }

    // ---- incidents, messages, signals ----------------------------------------------------------------------

    @Override
    public void resolveIncident(ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> observer) {
        call("ResolveIncident", observer, () -> engine.resolveIncident(request.getIncidentKey()),
                ok -> ResolveIncidentResponse.getDefaultInstance());
    }

    @Override
    public void publishMessage(PublishMessageRequest request, StreamObserver<PublishMessageResponse> observer) {
        call("PublishMessage", observer, () -> {
            if (request.getName().isBlank()) {
                throw new IllegalArgumentException("Expected property 'name' to be a non-empty message name, but it is empty");
            }
            if (request.getTimeToLive() < 0) {
                throw new IllegalArgumentException("Expected property 'timeToLive' to be 0 or greater, but was " + request.getTimeToLive());
            }
            String tenant = Tenants.require("tenantId", request.getTenantId());
            return engine.publishMessage(request.getName(), request.getCorrelationKey(),
                    Duration.ofMillis(request.getTimeToLive()), request.getMessageId(),
                    parse("variables", request.getVariables())).thenApply(key -> PublishMessageResponse.newBuilder()
                    .setKey(key).setTenantId(tenant).build());
        }, Function.identity());
    }

    @Override
    public void broadcastSignal(BroadcastSignalRequest request, StreamObserver<BroadcastSignalResponse> observer) {
        call("BroadcastSignal", observer, () -> {
            if (request.getSignalName().isBlank()) {
                throw new IllegalArgumentException("Expected property 'signalName' to be a non-empty signal name, but it is empty");
            }
            String tenant = Tenants.require("tenantId", request.getTenantId());
            return engine.broadcastSignal(request.getSignalName(), parse("variables", request.getVariables()))
                    .thenApply(key -> BroadcastSignalResponse.newBuilder().setKey(key).setTenantId(tenant).build());
        }, Function.identity());
    }

    // ---- not served ----------------------------------------------------------------------------------------

    @Override
    public void evaluateDecision(EvaluateDecisionRequest request, StreamObserver<EvaluateDecisionResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("EvaluateDecision", "DMN resources are stored on deployment, but decisions are not evaluated yet."));
    }

    @Override
    @SuppressWarnings("deprecation")
    public void deployProcess(DeployProcessRequest request, StreamObserver<DeployProcessResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("DeployProcess", "it was deprecated in Zeebe 8.0; use DeployResource."));
    }

    @Override
    public void modifyProcessInstance(ModifyProcessInstanceRequest request, StreamObserver<ModifyProcessInstanceResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("ModifyProcessInstance", "process instance modification is not supported."));
    }

    @Override
    public void migrateProcessInstance(MigrateProcessInstanceRequest request, StreamObserver<MigrateProcessInstanceResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("MigrateProcessInstance", "process instance migration is not supported."));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private <R, T> void call(String rpc, StreamObserver<T> observer, Supplier<CompletableFuture<R>> action,
                             Function<R, T> response) {
        if (refuseWhenStopping(observer)) {
            return;
        }
        CompletableFuture<R> future;
        try {
            future = action.get();
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(rpc, e));
            return;
        }
        future.whenComplete((result, failure) -> {
            if (failure != null) {
                observer.onError(GrpcErrors.toStatus(rpc, failure));
                return;
            }
            T message;
            try {
                message = response.apply(result);
            } catch (RuntimeException e) {
                observer.onError(GrpcErrors.toStatus(rpc, e));
                return;
            }
            observer.onNext(message);
            observer.onCompleted();
        });
    }

    private boolean refuseWhenStopping(StreamObserver<?> observer) {
        if (stopping) {
            observer.onError(Status.UNAVAILABLE.withDescription("The Weft gateway is shutting down").asRuntimeException());
            return true;
        }
        return false;
    }

    private static CreateInstanceCommand createCommand(CreateProcessInstanceRequest request, String prefix) {
        String tenant = Tenants.require(prefix + "tenantId", request.getTenantId());
        if (request.getProcessDefinitionKey() <= 0 && request.getBpmnProcessId().isBlank()) {
            throw new IllegalArgumentException("Expected either property '" + prefix + "processDefinitionKey' or '"
                    + prefix + "bpmnProcessId' to identify the process, but neither was given");
        }
        if (request.getRuntimeInstructionsCount() > 0) {
            throw new IllegalArgumentException("Property '" + prefix + "runtimeInstructions' is not supported by Weft");
        }
        List<String> startAt = request.getStartInstructionsList().stream()
                .map(ProcessInstanceCreationStartInstruction::getElementId).toList();
        int version = request.getVersion() > 0 ? request.getVersion() : CreateInstanceCommand.LATEST_VERSION;
        return new CreateInstanceCommand(request.getBpmnProcessId().isBlank() ? null : request.getBpmnProcessId(),
                request.getProcessDefinitionKey() > 0 ? request.getProcessDefinitionKey() : -1, version,
                parse(prefix + "variables", request.getVariables()), startAt, tenant);
    }

    private static String describe(CreateInstanceCommand command) {
        return command.bpmnProcessId() != null ? command.bpmnProcessId() : "definition " + command.processDefinitionKey();
    }

    private static void requireType(String rpc, String type) {
        if (type.isBlank()) {
            throw new IllegalArgumentException("Expected to handle gRPC request " + rpc
                    + " with a non-empty property 'type', but it is empty");
        }
    }

    private static void requireTimeout(String rpc, long timeout) {
        if (timeout < 1) {
            throw new IllegalArgumentException("Expected to handle gRPC request " + rpc
                    + " with property 'timeout' greater than 0, but was " + timeout);
        }
    }
}
