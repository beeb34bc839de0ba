package dev.weft.engine.gateway.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.gateway.GatewaySemantics;
import dev.weft.engine.gateway.grpc.Clients;
import dev.weft.engine.gateway.grpc.GatewayServer;
import dev.weft.engine.standalone.EngineApplication;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone engine as {@code java -jar} starts it: on an empty database it applies the migrations itself,
 * then serves REST and gRPC, and an unmodified client in each mode runs a flow end to end.
 */
class StandaloneEngineTest {

    @Test
    void theStandaloneEngineMigratesAnEmptyDatabaseAndServesBothProtocols() {
        TestDatabases.FreshDatabase db = TestDatabases.create("gateway_standalone");
        try (ConfigurableApplicationContext app = EngineApplication.start(
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--server.port=0",
                "--weft.engine.grpc.port=0",
                "--weft.engine.grpc.host=127.0.0.1",
                "--camunda.client.enabled=false")) {
            int restPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            int grpcPort = app.getBean(GatewayServer.class).port();
            runAFlow(Clients.rest(restPort, grpcPort), "rest");
            runAFlow(Clients.grpc(grpcPort), "grpc");
        }
    }

    private static void runAFlow(CamundaClient client, String mode) {
        try {
            assertThat(client.newTopologyRequest().send().join().getBrokers()).hasSize(1);
            // One process and job type per mode: a closed REST worker's last long poll may still wait on the server.
            String xml = GatewaySemantics.classpathText("gateway/order-process.bpmn")
                    .replace("\"order-process\"", "\"order-" + mode + "\"")
                    .replace("type=\"charge\"", "type=\"charge-" + mode + "\"");
            client.newDeployResourceCommand().addResourceStringUtf8(xml, "order-" + mode + ".bpmn").send().join();
            try (JobWorker ignored = client.newWorker().jobType("charge-" + mode)
                    .handler((jobClient, job) -> jobClient.newCompleteCommand(job.getKey())
                            .variables(Map.of("chargedVia", mode)).send().join())
                    .pollInterval(Duration.ofMillis(100)).open()) {
                var result = client.newCreateInstanceCommand().bpmnProcessId("order-" + mode).latestVersion()
                        .variables(Map.of("orderId", mode)).withResult().requestTimeout(Duration.ofSeconds(30)).send().join();
                assertThat(result.getVariablesAsMap()).containsEntry("chargedVia", mode).containsEntry("orderId", mode);
            }
        } finally {
            Clients.closeQuietly(client);
        }
    }
}
