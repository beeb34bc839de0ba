package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.JobResult;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Resource;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own protocol behaviour, driven by the real Camunda client and a raw gRPC stub: validation that
 * happens before the engine is consulted, UNIMPLEMENTED answers, message size limits, and shutdown.
 *
 * <p>The service here has no engine at all ({@code null}): every request in this class must be answered by the
 * gateway itself. A request that leaked through to the engine would fail with INTERNAL, not the asserted status.
 * The engine-backed semantics are covered by {@code GrpcGatewaySemanticsTest}.
 */
class GatewayServerTest {

    private GatewayServer server;
    private ManagedChannel channel;
    private GatewayGrpc.GatewayBlockingStub stub;
    private CamundaClient client;

    @BeforeEach
    void start() {
        GatewayServerOptions options = new GatewayServerOptions("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(2));
        server = new GatewayServer(options, new WeftGatewayService(null, () -> "localhost", () -> server.port())).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        stub = GatewayGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        client = Clients.grpc(server.port());
    }

    @AfterEach
    void stop() throws InterruptedException {
        Clients.closeQuietly(client);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void rpcsWeftDoesNotServeAnswerUnimplementedWithASentence() {
        assertThatThrownBy(() -> client.newEvaluateDecisionCommand().decisionId("d").send().join())
                .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    assertThat(e.getMessage()).contains("Weft does not serve the gateway RPC EvaluateDecision");
                });
        assertThatThrownBy(() -> client.newModifyProcessInstanceCommand(1L).terminateElement(2L).send().join())
                .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    assertThat(e.getMessage()).contains("ModifyProcessInstance");
                });
    }

    @Test
    void variablesThatAreNotJsonObjectsAreRefusedNamingTheField() {
        assertInvalid(() -> stub.createProcessInstance(CreateProcessInstanceRequest.newBuilder()
                .setBpmnProcessId("order").setVersion(-1).setVariables("{\"a\":").build()), "'variables'", "not valid JSON");
        assertInvalid(() -> stub.createProcessInstance(CreateProcessInstanceRequest.newBuilder()
                .setBpmnProcessId("order").setVersion(-1).setVariables("[1,2]").build()), "'variables'", "JSON array");
        assertInvalid(() -> stub.completeJob(CompleteJobRequest.newBuilder().setJobKey(1).setVariables("42").build()),
                "'variables'", "JSON number");
        assertInvalid(() -> stub.publishMessage(PublishMessageRequest.newBuilder().setName("paid").setVariables("nope").build()),
                "'variables'", "not valid JSON");
        assertInvalid(() -> stub.setVariables(SetVariablesRequest.newBuilder().setElementInstanceKey(1).setVariables("").build()),
                "'variables'", "empty");
    }

    @Test
    void malformedRequestsAreRefusedNamingTheField() {
        assertInvalid(() -> stub.activateJobs(ActivateJobsRequest.newBuilder().setMaxJobsToActivate(1).setTimeout(1000).build()).hasNext(),
                "'type'", "empty");
        assertInvalid(() -> stub.activateJobs(ActivateJobsRequest.newBuilder().setType("t").setMaxJobsToActivate(0).setTimeout(1000).build()).hasNext(),
                "'maxJobsToActivate'", "0");
        assertInvalid(() -> stub.streamActivatedJobs(StreamActivatedJobsRequest.newBuilder().setType("t").setTimeout(0).build()).hasNext(),
                "'timeout'", "0");
        assertInvalid(() -> stub.deployResource(DeployResourceRequest.newBuilder().build()), "'resources'", "at least one");
        assertInvalid(() -> stub.createProcessInstance(CreateProcessInstanceRequest.newBuilder().build()),
                "'processDefinitionKey'", "'bpmnProcessId'");
        assertInvalid(() -> stub.createProcessInstance(CreateProcessInstanceRequest.newBuilder()
                .setBpmnProcessId("order").setTenantId("acme").build()), "'tenantId'", "acme");
        assertInvalid(() -> stub.completeJob(CompleteJobRequest.newBuilder().setJobKey(1)
                .setResult(JobResult.newBuilder().setDenied(true)).build()), "'result'", "not supported");
    }

    @Test
    void requestsLargerThanTheMessageLimitAreRefusedAndTheGatewayKeepsServing() {
        byte[] huge = new byte[200 * 1024];
        assertThatThrownBy(() -> stub.deployResource(DeployResourceRequest.newBuilder()
                .addResources(Resource.newBuilder().setName("huge.bpmn").setContent(ByteString.copyFrom(huge))).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        // Same connection, next request: still answered.
        assertInvalid(() -> stub.deployResource(DeployResourceRequest.newBuilder().build()), "'resources'");
        assertThatThrownBy(() -> client.newEvaluateDecisionCommand().decisionId("d").send().join())
                .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void stoppingReleasesThePortAndLaterCallsFail() {
        int port = server.port();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> stub.deployResource(DeployResourceRequest.newBuilder().build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        // The port is free again: a new gateway can bind it.
        server = new GatewayServer(new GatewayServerOptions("127.0.0.1", port, 64 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(2)),
                new WeftGatewayService(null, () -> "localhost", () -> port)).start();
        assertThat(server.port()).isEqualTo(port);
    }

    @Test
    void optionsRefuseAKeepAliveTheClientWouldViolate() {
        assertThatThrownBy(() -> new GatewayServerOptions("0.0.0.0", 26500, 4 << 20, Duration.ofSeconds(45), Duration.ofSeconds(1)))
                .hasMessageContaining("permit-keep-alive-time").hasMessageContaining("45 s");
        assertThatThrownBy(() -> new GatewayServerOptions("0.0.0.0", 70000, 4 << 20, Duration.ofSeconds(30), Duration.ofSeconds(1)))
                .hasMessageContaining("weft.engine.grpc.port");
    }

    private static void assertInvalid(Runnable call, String... fragments) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(fragments);
        });
    }
}
