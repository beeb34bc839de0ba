package dev.weft.engine.gateway.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.testing.EmbeddedEngineProperties;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application with Camunda's own starter and a {@code @JobWorker} bean runs unchanged against the
 * embedded Weft engine: the starter's client talks gRPC to the gateway the auto-configuration started.
 */
@SpringBootTest(classes = JobWorkerSpringTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class JobWorkerSpringTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ChargeWorker chargeWorker() {
            return new ChargeWorker();
        }
    }

    /** A worker as a Camunda 8 user writes it. */
    public static class ChargeWorker {
        @JobWorker(type = "charge")
        public Map<String, Object> charge(@Variable("orderId") String orderId, @Variable("amount") Integer amount) {
            return Map.of("charged", true, "receipt", "receipt-" + orderId + "-" + amount);
        }
    }

    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("gateway_jobworker");
    private static final int GRPC_PORT = EmbeddedEngineProperties.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedEngineProperties.database(registry, DB);
        registry.add("weft.engine.grpc.host", () -> "127.0.0.1");
        registry.add("weft.engine.grpc.port", () -> GRPC_PORT);
        registry.add("camunda.client.grpc-address", () -> "http://127.0.0.1:" + GRPC_PORT);
        registry.add("camunda.client.rest-address", () -> "http://127.0.0.1:1");
        registry.add("camunda.client.prefer-rest-over-grpc", () -> "false");
        registry.add("camunda.client.worker.defaults.poll-interval", () -> "PT0.1S");
    }

    @Autowired
    CamundaClient client;

    @Test
    void anAnnotatedJobWorkerCompletesJobsOfTheEmbeddedEngine() {
        client.newDeployResourceCommand().addResourceFromClasspath("gateway/order-process.bpmn").send().join();
        var result = client.newCreateInstanceCommand().bpmnProcessId("order-process").latestVersion()
                .variables(Map.of("orderId", "o-42", "amount", 7)).withResult()
                .requestTimeout(Duration.ofSeconds(30)).send().join();
        assertThat(result.getVariablesAsMap())
                .containsEntry("charged", true)
                .containsEntry("receipt", "receipt-o-42-7");
    }
}
