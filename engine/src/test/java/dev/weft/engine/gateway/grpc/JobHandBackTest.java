package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs never stay with a worker that has gone: a polling worker that opens after the streaming workers of the same
 * job type have closed receives every job created afterwards. The jobs' timeout is ten minutes, so a job that was
 * pushed to a departed stream (and would only come back at its timeout) makes the test fail.
 */
class JobHandBackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration LOCK = Duration.ofMinutes(10);

    private static GrpcEngine grpc;
    private static CamundaClient client;

    @BeforeAll
    static void start() {
        grpc = GrpcEngine.start("job_hand_back");
        client = grpc.client;
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.close();
        }
    }

    private static String deployOneTask(String id) {
        client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id)).endEvent().done(), id + ".bpmn").send().join();
        return id;
    }

    private static long create(String process) {
        return client.newCreateInstanceCommand().bpmnProcessId(process).latestVersion().send().join()
                .getProcessInstanceKey();
    }

    private static JobWorker worker(String type, boolean stream, Set<Long> handled) {
        return client.newWorker().jobType(type)
                .handler((jobClient, job) -> {
                    handled.add(job.getProcessInstanceKey());
                    jobClient.newCompleteCommand(job.getKey()).send().join();
                })
                .timeout(LOCK)
                .pollInterval(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(10))
                .streamEnabled(stream)
                .open();
    }

    @Test
    void aPollingWorkerOpenedAfterStreamingWorkersClosedGetsEveryNewJob() {
        String type = deployOneTask("hand-back-stream");
        Set<Long> streamed = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 3; round++) {
            try (JobWorker ignored = worker(type, true, streamed)) {
                await().atMost(PATIENCE).until(() -> grpc.service.openJobStreams() == 1);
                List<Long> instances = IntStream.range(0, 5).mapToObj(i -> create(type)).toList();
                await().atMost(PATIENCE).until(() -> streamed.containsAll(instances));
            }
            await().atMost(PATIENCE).until(() -> grpc.service.openJobStreams() == 0);
        }

        Set<Long> polled = ConcurrentHashMap.newKeySet();
        try (JobWorker ignored = worker(type, false, polled)) {
            List<Long> instances = IntStream.range(0, 20).mapToObj(i -> create(type)).toList();
            await().atMost(PATIENCE).until(() -> polled.containsAll(instances));
        }
    }
}
