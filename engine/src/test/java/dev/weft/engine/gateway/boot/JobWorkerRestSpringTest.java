package dev.weft.engine.gateway.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.testing.EmbeddedEngineProperties;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code @JobWorker} application of {@link JobWorkerSpringTest}, this time with the starter left at its 8.8
 * default: the client prefers REST, so deployment, creation, job activation and completion all go through the
 * engine's {@code /v2} endpoints served by the same application.
 */
@SpringBootTest(classes = JobWorkerRestSpringTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class JobWorkerRestSpringTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        JobWorkerSpringTest.ChargeWorker chargeWorker() {
            return new JobWorkerSpringTest.ChargeWorker();
        }
    }

    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("gateway_jobworker_rest");
    private static final int HTTP_PORT = EmbeddedEngineProperties.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedEngineProperties.database(registry, DB);
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("weft.engine.grpc.host", () -> "127.0.0.1");
        registry.add("weft.engine.grpc.port", () -> "0");
        registry.add("camunda.client.rest-address", () -> "http://127.0.0.1:" + HTTP_PORT);
        // Nothing listens here: every call must take the REST path for the test to pass.
        registry.add("camunda.client.grpc-address", () -> "http://127.0.0.1:1");
        registry.add("camunda.client.worker.defaults.poll-interval", () -> "PT0.1S");
    }

    @Autowired
    CamundaClient client;

    @Test
    void anAnnotatedJobWorkerCompletesJobsOverTheDefaultRestTransport() {
        assertThat(client.getConfiguration().preferRestOverGrpc()).as("the starter's default transport").isTrue();
        client.newDeployResourceCommand().addResourceFromClasspath("gateway/order-process.bpmn").send().join();
        var result = client.newCreateInstanceCommand().bpmnProcessId("order-process").latestVersion()
                .variables(Map.of("orderId", "o-43", "amount", 8)).withResult()
                .requestTimeout(Duration.ofSeconds(30)).send().join();
        assertThat(result.getVariablesAsMap())
                .containsEntry("charged", true)
                .containsEntry("receipt", "receipt-o-43-8");
    }
}
