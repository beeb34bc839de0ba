package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.DeployCommand;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.Engines;
import dev.weft.engine.api.Resource;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two engines on one database: a job created through engine A reaches a worker connected to engine B through B's
 * gateway, pushed or long-polled, because A announces it (LISTEN/NOTIFY). B's scheduler — which also re-polls for
 * jobs other engines created — runs every ten minutes here, so without the announcement the job could only arrive
 * after that; the test's patience is far shorter, which makes this a logical assertion, not a timing one.
 */
class TwoEnginesWakeupTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration B_FALLBACK = Duration.ofMinutes(10);

    private static HikariDataSource dataSource;
    private static Engine engineA;
    private static Engine engineB;
    private static WeftGatewayService serviceB;
    private static GatewayServer gatewayB;
    private static CamundaClient clientB;

    @BeforeAll
    static void start() {
        TestDatabases.FreshDatabase db = TestDatabases.create("two_engines");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(db.jdbcUrl());
        dataSource.setUsername(db.user());
        dataSource.setPassword(db.password());
        dataSource.setMaximumPoolSize(16);
        WeftMigrations.migrate(dataSource);
        engineA = Engines.start(EngineConfig.builder(dataSource).nodeId(1).build());
        engineB = Engines.start(EngineConfig.builder(dataSource).nodeId(2).schedulerInterval(B_FALLBACK).build());
        GatewayServer[] self = new GatewayServer[1];
        serviceB = new WeftGatewayService(engineB, () -> "localhost", () -> self[0].port());
        self[0] = new GatewayServer(new GatewayServerOptions("127.0.0.1", 0, 4 * 1024 * 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(5)), serviceB);
        gatewayB = self[0].start();
        clientB = Clients.grpc(gatewayB.port());
    }

    @AfterAll
    static void stop() {
        Clients.closeQuietly(clientB);
        if (gatewayB != null) {
            gatewayB.close();
        }
        for (Engine e : new Engine[] {engineB, engineA}) {
            if (e != null) {
                e.close();
            }
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    private static void deployThroughA(String type) {
        String xml = Bpmn.convertToString(Bpmn.createExecutableProcess(type).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(type)).endEvent().done());
        engineA.deploy(new DeployCommand(List.of(new Resource(type + ".bpmn", xml.getBytes(StandardCharsets.UTF_8))),
                "<default>")).join();
    }

    private static long createThroughA(String type) {
        return engineA.createProcessInstance(new CreateInstanceCommand(type, -1, -1, Map.of(), List.of(), "<default>"))
                .join().processInstanceKey();
    }

    private static JobWorker workerOnB(String type, boolean stream, Set<Long> received) {
        return clientB.newWorker().jobType(type)
                .handler((jobClient, job) -> {
                    received.add(job.getProcessInstanceKey());
                    jobClient.newCompleteCommand(job.getKey()).send().join();
                })
                .timeout(Duration.ofMinutes(5))
                // A poll stays open as long as B's fallback interval: only a wake-up can answer it sooner. (The
                // streaming worker's first poll only comes after its poll interval, so pushes alone must do.)
                .pollInterval(stream ? B_FALLBACK : Duration.ofMillis(100))
                .requestTimeout(B_FALLBACK)
                .streamEnabled(stream)
                .open();
    }

    @Test
    void aJobCreatedOnEngineAIsPushedToAStreamOnEngineB() {
        String type = "wake-stream";
        deployThroughA(type);
        Set<Long> received = ConcurrentHashMap.newKeySet();
        try (JobWorker ignored = workerOnB(type, true, received)) {
            await().atMost(PATIENCE).until(() -> serviceB.openJobStreams() == 1);
            long first = createThroughA(type);
            long second = createThroughA(type);
            await().atMost(PATIENCE).until(() -> received.containsAll(List.of(first, second)));
        }
    }

    @Test
    void aJobCreatedOnEngineAWakesALongPollOnEngineB() {
        String type = "wake-poll";
        deployThroughA(type);
        Set<Long> received = ConcurrentHashMap.newKeySet();
        try (JobWorker ignored = workerOnB(type, false, received)) {
            await().atMost(PATIENCE).until(() -> ((dev.weft.engine.processing.EngineImpl) engineB).openPolls(type) == 1);
            long instance = createThroughA(type);
            await().atMost(PATIENCE).until(() -> received.contains(instance));
        }
    }
}
