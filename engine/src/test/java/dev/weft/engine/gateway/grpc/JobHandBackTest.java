package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.Engines;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
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

    private static HikariDataSource dataSource;
    private static Engine engine;
    private static WeftGatewayService service;
    private static GatewayServer server;
    private static CamundaClient client;

    @BeforeAll
    static void start() {
        TestDatabases.FreshDatabase db = TestDatabases.create("job_hand_back");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(db.jdbcUrl());
        dataSource.setUsername(db.user());
        dataSource.setPassword(db.password());
        dataSource.setMaximumPoolSize(8);
        WeftMigrations.migrate(dataSource);
        engine = Engines.start(EngineConfig.builder(dataSource).build());
        GatewayServer[] self = new GatewayServer[1];
        service = new WeftGatewayService(engine, () -> "localhost", () -> self[0].port());
        self[0] = new GatewayServer(new GatewayServerOptions("127.0.0.1", 0, 4 * 1024 * 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(5)), service);
        server = self[0].start();
        client = Clients.grpc(server.port());
    }

    @AfterAll
    static void stop() {
        Clients.closeQuietly(client);
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (dataSource != null) {
            dataSource.close();
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
                await().atMost(PATIENCE).until(() -> service.openJobStreams() == 1);
                List<Long> instances = IntStream.range(0, 5).mapToObj(i -> create(type)).toList();
                await().atMost(PATIENCE).until(() -> streamed.containsAll(instances));
            }
            await().atMost(PATIENCE).until(() -> service.openJobStreams() == 0);
        }

        Set<Long> polled = ConcurrentHashMap.newKeySet();
        try (JobWorker ignored = worker(type, false, polled)) {
            List<Long> instances = IntStream.range(0, 20).mapToObj(i -> create(type)).toList();
            await().atMost(PATIENCE).until(() -> polled.containsAll(instances));
        }
    }
}
