package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.Engines;
import dev.weft.engine.api.ProcessInstanceState;
import dev.weft.engine.gateway.BpmnElementSemantics;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The semantics suite over gRPC, plus what only gRPC has: pushed job streams and their normal end on shutdown. */
class GrpcGatewaySemanticsTest extends BpmnElementSemantics {

    private static GrpcEngine grpc;
    private static Engine engine;
    private static CamundaClient client;

    @BeforeAll
    static void start() {
        grpc = GrpcEngine.start("gateway_grpc");
        engine = grpc.engine;
        client = grpc.client;
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.close();
        }
    }

    @Override
    protected CamundaClient client() {
        return client;
    }

    @Override
    protected Engine engine() {
        return engine;
    }

    @Override
    protected boolean grpc() {
        return true;
    }

    @Test
    void aStreamingWorkerGetsJobsPushedAndItsStreamClosesWithIt() {
        String process = deployOrder("stream");
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        JobWorker worker = client.newWorker().jobType("charge-stream")
                .handler((jobClient, job) -> {
                    handled.add(job.getProcessInstanceKey());
                    jobClient.newCompleteCommand(job.getKey()).send().join();
                })
                .timeout(Duration.ofSeconds(30))
                // A long poll interval: the jobs below arrive by push, not by the next poll.
                .pollInterval(Duration.ofMinutes(5))
                .streamEnabled(true).open();
        try {
            await().atMost(PATIENCE).until(() -> grpc.service.openJobStreams() == 1);
            List<Long> instances = List.of(create(process, Map.of("n", 1)), create(process, Map.of("n", 2)),
                    create(process, Map.of("n", 3)));
            instances.forEach(i -> awaitState(i, ProcessInstanceState.COMPLETED));
            assertThat(handled).containsAll(instances);
        } finally {
            worker.close();
        }
        await().atMost(PATIENCE).until(() -> grpc.service.openJobStreams() == 0);
    }

    @Test
    void stoppingTheGatewayEndsJobStreamsNormallySoClientsCloseCleanly() {
        GrpcEngine.Gateway second = null;
        CamundaClient streaming = null;
        try {
            second = GrpcEngine.Gateway.start(engine);
            WeftGatewayService secondService = second.service();
            streaming = Clients.grpc(second.server().port());
            streaming.newWorker().jobType("never-created").handler((c, j) -> { })
                    .pollInterval(Duration.ofMinutes(5)).streamEnabled(true).open();
            await().atMost(PATIENCE).until(() -> secondService.openJobStreams() == 1);
            second.close();
            assertThat(secondService.openJobStreams()).isZero();
        } finally {
            // Throws when the client hangs on close (what an error-terminated stream causes).
            Clients.closeQuietly(streaming);
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void backpressureAnswersResourceExhaustedAndTheEngineRecovers() {
        String process = deployOrder("pressure");
        Engine small = Engines.start(EngineConfig.builder(grpc.dataSource).nodeId(7).maxQueuedCommands(1).build());
        GrpcEngine.Gateway gateway = GrpcEngine.Gateway.start(small);
        CamundaClient pressured = Clients.grpc(gateway.server().port());
        try {
            var sends = IntStream.range(0, 200).mapToObj(i -> pressured.newCreateInstanceCommand().bpmnProcessId(process)
                    .latestVersion().variables(Map.of("i", i)).send().toCompletableFuture()).toList();
            long exhausted = sends.stream().map(f -> f.handle((ok, e) -> e)).map(CompletableFuture::join)
                    .filter(e -> e != null)
                    .peek(e -> assertThat(Status.fromThrowable(e).getCode()).as("%s", e).isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
                    .count();
            assertThat(exhausted).isPositive();
            // Once the burst is over, commands are accepted again.
            await().atMost(PATIENCE).ignoreExceptions().until(() -> pressured.newCreateInstanceCommand()
                    .bpmnProcessId(process).latestVersion().send().join().getProcessInstanceKey() > 0);
        } finally {
            Clients.closeQuietly(pressured);
            gateway.close();
            small.close();
        }
    }
}
